"""Plugins > MineWatch > Check dependencies: which packages QGIS's Python
has, which are missing (with the command that installs them), and which
compute devices torch sees."""
from html import escape

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from ..core.common.deps import dependency_report, pip_command
from ..processing_provider.translate import tr


def report_html(report):
    """The dependency report as an HTML page (also used by tests)."""
    rows = []
    for pkg in report["packages"]:
        if pkg.present:
            state = f"<span style='color:#1a7f37'>{escape(pkg.version)}</span>"
        else:
            state = f"<span style='color:#c62828'>{escape(tr('missing'))}</span>"
        rows.append(f"<tr><td>{escape(pkg.pip_name)}</td><td>{state}</td>"
                    f"<td>{escape(pkg.wanted)}</td></tr>")
    missing = [p for p in report["packages"] if not p.present]
    parts = [
        f"<h3>{escape(tr('MineWatch dependencies'))}</h3>",
        f"<p>{escape(tr('Python used by QGIS'))}: <code>{escape(report['python'])}</code> "
        f"({escape(report['python_version'])})</p>",
        f"<table border='1' cellpadding='4' cellspacing='0'><tr><th>{escape(tr('Package'))}"
        f"</th><th>{escape(tr('Found'))}</th><th>{escape(tr('Tested with'))}</th></tr>",
        *rows, "</table>",
        f"<p>{escape(tr('Compute devices'))}: {escape(', '.join(report['devices']))}</p>",
    ]
    if missing:
        command = pip_command([p.pip_name for p in missing])
        parts.append(f"<p><b>{escape(tr('Missing packages. Install them with this command, then restart QGIS:'))}"
                     f"</b></p><pre>{escape(command)}</pre>")
        parts += [f"<p><small>{escape(p.pip_name)}: {escape(p.error)}</small></p>" for p in missing]
    else:
        parts.append(f"<p>{escape(tr('Everything MineWatch needs is installed.'))}</p>")
    return "\n".join(parts)


class DependencyDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MineWatch – Check dependencies"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(report_html(dependency_report()))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
