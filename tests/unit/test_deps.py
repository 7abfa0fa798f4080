"""Dependency table and install command, without QGIS."""
import os

from minewatch.core.common import deps

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_requirements_file_matches_table():
    with open(os.path.join(REPO, "requirements.txt")) as fh:
        pins = [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    assert sorted(pins) == sorted(f"{p}=={v}" for p, v in deps.REQUIREMENTS.values())


def test_pip_command_pins_versions():
    cmd = deps.pip_command(["scipy", "torch"])
    assert "-m pip install scipy==1.15.3 torch==2.13.0" in cmd
    assert "python" in cmd


def test_missing_package_is_reported(monkeypatch):
    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_pkg_mw", ("no-such-pkg", "1.0"))
    missing = deps.missing_packages(["numpy", "no_such_pkg_mw"])
    assert [m.pip_name for m in missing] == ["no-such-pkg"]
    assert "ModuleNotFoundError" in missing[0].error


def test_report_lists_every_requirement():
    report = deps.dependency_report()
    assert {p.import_name for p in report["packages"]} == set(deps.REQUIREMENTS)
    assert report["devices"][0] == "cpu"
    assert all(p.present for p in report["packages"])
