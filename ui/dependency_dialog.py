"""Plugins > MineWatch > Check dependencies: which packages QGIS's Python
has, which are missing (with the command that installs them), and which
compute devices torch sees."""
from html import escape

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QProcess
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..core.common.deps import (
    dependency_report,
    install_arguments,
    nvidia_gpu_present,
    packages_folder,
    pip_command,
    use_packages_folder,
)
from ..processing_provider.translate import tr


def report_html(report):
    """The dependency report as an HTML page (also used by tests)."""
    rows = []
    for pkg in report["packages"]:
        if pkg.older_than_tested:
            why = tr("older than the version MineWatch is tested with; it may lack what "
                     "MineWatch uses")
            state = (f"<span style='color:#b26a00'>{escape(pkg.version)}</span> "
                     f"<small>({escape(why)})</small>")
        elif pkg.present:
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
        advice = tr("Missing packages. Press 'Install missing packages' below, or run this "
                    "command; then restart QGIS:")
        parts.append(f"<p><b>{escape(advice)}</b></p><pre>{escape(command)}</pre>")
        parts += [f"<p><small>{escape(p.pip_name)}: {escape(p.error)}</small></p>" for p in missing]
    else:
        parts.append(f"<p>{escape(tr('Everything MineWatch needs is installed.'))}</p>")
    return "\n".join(parts)


class DependencyDialog(QDialog):
    """The report, and an Install button that installs the missing pinned
    packages into the QGIS profile (``minewatch-packages``, first on the
    path from the next start), showing pip's log as it runs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MineWatch – Check dependencies"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.report = dependency_report()
        self.browser.setHtml(report_html(self.report))
        layout.addWidget(self.browser)
        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.hide()
        layout.addWidget(self.log)
        self.missing = [p.pip_name for p in self.report["packages"] if not p.present]
        # an NVIDIA GPU: offer torch's CUDA build (CPU build otherwise)
        self.cuda = QCheckBox(tr("Install the CUDA build of torch (an NVIDIA GPU was found)"),
                              self)
        self.cuda.setChecked(True)
        self.cuda.setVisible("torch" in self.missing and nvidia_gpu_present())
        layout.addWidget(self.cuda)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        self.install_button = QPushButton(tr("Install missing packages"), self)
        self.install_button.setEnabled(bool(self.missing))
        self.install_button.clicked.connect(self.install)
        buttons.addButton(self.install_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.process = None

    def install(self, folder=None):
        """Run pip for the missing packages into the profile's packages
        folder (or ``folder``); the log shows its output."""
        folder = folder or packages_folder(QgsApplication.qgisSettingsDirPath())
        program, arguments = install_arguments(self.missing, folder,
                                               cuda=self.cuda.isVisible() and
                                               self.cuda.isChecked())
        self.log.show()
        self.log.appendPlainText(" ".join([program, *arguments]))
        self.install_button.setEnabled(False)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._show_output)
        self.process.finished.connect(lambda code, _status: self._finished(code, folder))
        self.process.start(program, arguments)
        return self.process

    def _show_output(self):
        text = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self.log.appendPlainText(text.rstrip())

    def _finished(self, code, folder):
        if code == 0:
            use_packages_folder(folder)
            self.log.appendPlainText(tr(
                "Installed. Restart QGIS so that every MineWatch algorithm uses the new "
                "packages."))
        else:
            self.log.appendPlainText(tr(
                "pip failed (exit code {code}); the log above says why. You can also run the "
                "command shown in the report yourself.").format(code=code))
            self.install_button.setEnabled(True)
