"""Plugins > MineWatch > Check dependencies: which packages QGIS's Python
has, which are missing (with the command that installs them), and which
compute devices torch sees."""
import shutil
import subprocess
import time
from html import escape

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QProcess
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..core.common.deps import (
    HOST_PACKAGES,
    dependency_report,
    nvidia_gpu_present,
    packages_folder,
    pip_command,
    use_packages_folder,
)
from ..core.common.errors import MineWatchInputError
from ..core.common.installer import (
    check_command,
    chosen_versions,
    host_distributions,
    merge_staging,
    parse_check,
    plan_install,
    prune_host_copies,
    to_install,
)
from ..processing_provider.translate import tr


def report_html(report):
    """The dependency report as an HTML page (also used by tests)."""
    rows = []
    for pkg in report["packages"]:
        wanted = f">= {pkg.requirement.minimum}, < {pkg.requirement.below}"
        if pkg.too_old:
            why = tr("older than MineWatch needs")
            state = (f"<span style='color:#c62828'>{escape(pkg.version)}</span> "
                     f"<small>({escape(why)})</small>")
        elif pkg.too_new:
            why = tr("newer than the versions MineWatch is tested with")
            state = (f"<span style='color:#b26a00'>{escape(pkg.version)}</span> "
                     f"<small>({escape(why)})</small>")
        elif pkg.present:
            state = f"<span style='color:#1a7f37'>{escape(pkg.version)}</span>"
        else:
            state = f"<span style='color:#c62828'>{escape(tr('missing'))}</span>"
        rows.append(f"<tr><td>{escape(pkg.pip_name)}</td><td>{state}</td>"
                    f"<td>{escape(wanted)}</td></tr>")
    missing = [p for p in report["packages"] if not p.usable]
    parts = [
        f"<h3>{escape(tr('MineWatch dependencies'))}</h3>",
        f"<p>{escape(tr('Python used by QGIS'))}: <code>{escape(report['python'])}</code> "
        f"({escape(report['python_version'])})</p>",
        f"<table border='1' cellpadding='4' cellspacing='0'><tr><th>{escape(tr('Package'))}"
        f"</th><th>{escape(tr('Found'))}</th><th>{escape(tr('Versions MineWatch works with'))}"
        f"</th></tr>", *rows, "</table>",
        f"<p>{escape(tr('Compute devices'))}: {escape(', '.join(report['devices']))}</p>",
    ]
    host_too_old = [p for p in missing if p.too_old and p.pip_name in HOST_PACKAGES]
    for pkg in host_too_old:
        parts.append("<p><b>" + escape(host_too_old_message(pkg)) + "</b></p>")
    installable = [p for p in missing if p not in host_too_old]
    if installable:
        command = pip_command([p.pip_name for p in installable])
        advice = tr("Missing packages. Press 'Install missing packages' below, or run this "
                    "command; then restart QGIS:")
        parts.append(f"<p><b>{escape(advice)}</b></p><pre>{escape(command)}</pre>")
        parts += [f"<p><small>{escape(p.pip_name)}: {escape(p.error)}</small></p>"
                  for p in installable if p.error]
    elif not missing:
        parts.append(f"<p>{escape(tr('Everything MineWatch needs is installed.'))}</p>")
    return "\n".join(parts)


def host_too_old_message(pkg):
    """What to do when QGIS's own copy of a package is older than MineWatch needs."""
    return tr("QGIS's own {name} {version} is older than MineWatch needs ({minimum} or newer). "
              "MineWatch never replaces a package of QGIS's own, because QGIS's other "
              "packages are built against it: install a newer QGIS (3.28 LTR or later), or "
              "upgrade {name} in QGIS's Python yourself.").format(
        name=pkg.pip_name, version=pkg.version, minimum=pkg.requirement.minimum)


SETTINGS_SOURCE = "minewatch/packages/source"
SETTINGS_LOCATION = "minewatch/packages/location"


class DependencyDialog(QDialog):
    """The report, and an Install button that installs the missing packages
    into the QGIS profile (``minewatch-packages``, appended to the path),
    from PyPI, a folder of wheels or a department's package index, keeping
    QGIS's own packages (``core/common/installer.py``); pip's log is shown
    as it runs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MineWatch – Check dependencies"))
        self.resize(660, 600)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.report = dependency_report()
        self.browser.setHtml(report_html(self.report))
        layout.addWidget(self.browser)

        source_row = QHBoxLayout()
        source_row.addWidget(QLabel(tr("Install from"), self))
        self.source = QComboBox(self)
        self.source.addItem(tr("PyPI (internet)"), "pypi")
        self.source.addItem(tr("A folder of wheels (make wheelhouse)"), "folder")
        self.source.addItem(tr("A package index of your department (URL)"), "index")
        source_row.addWidget(self.source)
        self.location = QLineEdit(self)
        source_row.addWidget(self.location, 1)
        self.browse = QPushButton(tr("Browse…"), self)
        self.browse.clicked.connect(self._choose_folder)
        source_row.addWidget(self.browse)
        layout.addLayout(source_row)
        settings = QgsSettings()
        index = self.source.findData(settings.value(SETTINGS_SOURCE, "pypi"))
        self.source.setCurrentIndex(max(index, 0))
        self.location.setText(settings.value(SETTINGS_LOCATION, "") or "")
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.hide()
        layout.addWidget(self.log)
        unusable = [p for p in self.report["packages"] if not p.usable]
        self.refused = [p for p in unusable if p.too_old and p.pip_name in HOST_PACKAGES]
        self.missing = [p.pip_name for p in unusable if p not in self.refused]
        # an NVIDIA GPU: offer torch's CUDA build (CPU build otherwise)
        self.cuda = QCheckBox(tr("Install the CUDA build of torch (an NVIDIA GPU was found)"),
                              self)
        self.cuda.setChecked(True)
        self.cuda.setVisible("torch" in self.missing and nvidia_gpu_present())
        layout.addWidget(self.cuda)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.install_button = QPushButton(tr("Install missing packages"), self)
        self.install_button.setEnabled(bool(self.missing))
        self.install_button.clicked.connect(lambda: self.install())
        buttons.addButton(self.install_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.process = None
        self.plan = None
        self.host = {}
        self.finished = True

    def _source_changed(self):
        source = self.source.currentData()
        self.location.setEnabled(source != "pypi")
        self.browse.setEnabled(source == "folder")
        self.location.setPlaceholderText(
            tr("folder holding the .whl files") if source == "folder" else
            tr("e.g. https://pypi.example.gov.cn/simple") if source == "index" else "")

    def _choose_folder(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Folder of wheels"),
                                                  self.location.text())
        if folder:
            self.location.setText(folder)

    def install(self, folder=None):
        """Plan and start the install of the missing packages into the
        profile's packages folder (or ``folder``): pip's dry run first
        (what QGIS's Python lacks), then the install of exactly that
        (``core/common/installer.py``). Returns the first QProcess, or None
        when nothing can run (the log says why); :meth:`wait` waits for the
        whole chain."""
        folder = folder or packages_folder(QgsApplication.qgisSettingsDirPath())
        source, location = self.source.currentData(), self.location.text().strip()
        self.log.show()
        self.finished = False
        self.host = host_distributions(exclude=[folder])
        torch_build = "cuda" if self.cuda.isVisible() and self.cuda.isChecked() else "cpu"
        try:
            self.plan = plan_install(self.missing, folder, folder + ".work", source, location,
                                     torch_build, host=self.host)
        except MineWatchInputError as exc:
            self.log.appendPlainText(exc.render(tr))
            self.finished = True
            return None
        settings = QgsSettings()
        settings.setValue(SETTINGS_SOURCE, source)
        settings.setValue(SETTINGS_LOCATION, location)
        if self.plan.notes:
            self.log.appendPlainText(tr("Kept as QGIS has them: {packages}").format(
                packages=", ".join(self.plan.notes)))
        self.install_button.setEnabled(False)
        return self._start(self.plan.resolve_arguments(), self._resolved)

    def wait(self, msecs=600_000):
        """Wait until the install chain has ended (tests, scripts)."""
        deadline = time.monotonic() + msecs / 1000
        while not self.finished and time.monotonic() < deadline:
            if self.process is not None:
                self.process.waitForFinished(100)
            QCoreApplication.processEvents()
        return self.finished

    def _start(self, arguments, then):
        self.log.appendPlainText(" ".join([self.plan.program, *arguments]))
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._show_output)
        self.process.finished.connect(lambda code, _status: then(code))
        self.process.start(self.plan.program, arguments)
        return self.process

    def _show_output(self):
        text = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self.log.appendPlainText(text.rstrip())

    def _failed(self, code):
        self.log.appendPlainText(tr(
            "pip failed (exit code {code}); the log above says why. Nothing was changed. "
            "You can also run the command shown in the report yourself.").format(code=code))
        self.install_button.setEnabled(True)
        self.finished = True

    def _resolved(self, code):
        if code != 0:
            return self._failed(code)
        pins = to_install(self.plan.report, self.host)
        if not pins:
            self.log.appendPlainText(tr("Nothing to install: QGIS's Python has everything."))
            self.finished = True
            return None
        self.log.appendPlainText(tr("Chosen for Python {version}: {packages}").format(
            version=self.report["python_version"], packages=", ".join(pins)))
        self._start(self.plan.install_arguments(pins), self._installed)
        return None

    def _installed(self, code):
        plan = self.plan
        if code != 0:
            shutil.rmtree(plan.staging, ignore_errors=True)
            return self._failed(code)
        removed = prune_host_copies(plan.staging, self.host)
        if removed:
            self.log.appendPlainText(tr("Left out, QGIS has them already: {names}").format(
                names=", ".join(removed)))
        chosen = chosen_versions(plan.staging)
        program, arguments = check_command(plan.staging, [p.import_name for p in
                                                          self.report["packages"]
                                                          if p.pip_name in self.missing])
        proc = subprocess.run([program, *arguments], capture_output=True, text=True,
                              timeout=300)
        failed = parse_check(proc.stdout)
        if failed is None or failed:
            reason = "; ".join(f"{k}: {v}" for k, v in (failed or {}).items()) or \
                (proc.stderr.strip().splitlines() or ["?"])[-1]
            shutil.rmtree(plan.staging, ignore_errors=True)
            self.log.appendPlainText(tr(
                "The packages were not installed: with them, QGIS's Python could not import "
                "{reason}. Nothing was changed.").format(reason=reason))
            self.install_button.setEnabled(True)
            self.finished = True
            return
        merge_staging(plan.staging, plan.folder)
        use_packages_folder(plan.folder)
        self.log.appendPlainText(tr(
            "Installed: {chosen}. Restart QGIS so that every MineWatch algorithm uses the new "
            "packages.").format(chosen=", ".join(chosen) or "-"))
        self.finished = True
