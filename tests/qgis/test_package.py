"""``make package`` output installs into QGIS and the dialog renders."""
import os
import subprocess
import sys
import zipfile

from qgis_harness import REPO_ROOT, QgisProcess


def test_zip_installs_into_a_plugins_folder(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(REPO_ROOT, "scripts", "package.py"),
                          "--out", str(tmp_path)], check=True, capture_output=True,
                         text=True).stdout.strip()
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert all(n.startswith("minewatch/") for n in names)
        assert "minewatch/metadata.txt" in names and "minewatch/__init__.py" in names
        assert "minewatch/LICENSE" in names
        assert not [n for n in names if n.split("/")[1] in ("tests", "bench", ".ci", ".venv")]
        plugins = tmp_path / "plugins"
        archive.extractall(plugins)
    runner = QgisProcess(tmp_path / "profile", plugins_dir=str(plugins))
    listing = runner("list", check=True).stdout
    assert "minewatch:selectpscandidates" in listing


def test_dependency_dialog_lists_packages():
    from minewatch.core.common.deps import REQUIREMENTS
    from minewatch.ui.dependency_dialog import DependencyDialog

    dialog = DependencyDialog()
    text = dialog.browser.toPlainText()
    for pip_name, _ in REQUIREMENTS.values():
        assert pip_name in text
    assert "cpu" in text
    assert "Everything MineWatch needs is installed" in text


def test_dependency_dialog_shows_install_command(monkeypatch):
    from minewatch.core.common import deps
    from minewatch.ui.dependency_dialog import report_html

    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_mod_mw", ("no-such-mod", "1.2"))
    html = report_html(deps.dependency_report())
    assert "missing" in html and "pip install no-such-mod==1.2" in html
