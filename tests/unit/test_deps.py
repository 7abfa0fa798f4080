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


def test_the_python_is_qgis_own_not_the_first_on_path(monkeypatch, tmp_path):
    """Inside QGIS, sys.executable can be a shim found on PATH (pyenv); the
    command must name the interpreter of the running Python's own prefix."""
    import sys

    shim = tmp_path / "shims" / "python3"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(shim))
    python = deps.qgis_python()
    assert python != str(shim)
    assert os.path.abspath(python).startswith(os.path.abspath(sys.exec_prefix))
    assert os.path.basename(python).startswith("python")


def test_versions_older_than_tested_and_the_cuda_build():
    from minewatch.core.common.deps import PackageStatus, install_arguments, version_key

    assert version_key("2.13.0+cpu") == (2, 13, 0) and version_key("1.26") < (1, 26, 4)
    assert PackageStatus("numpy", "numpy", "1.26.4", version="1.24.1").older_than_tested
    assert not PackageStatus("numpy", "numpy", "1.26.4", version="2.0.0").older_than_tested
    assert not PackageStatus("numpy", "numpy", "1.26.4", error="missing").older_than_tested
    _, plain = install_arguments(["torch"], "/tmp/x")
    _, cuda = install_arguments(["torch"], "/tmp/x", cuda=True)
    assert "--extra-index-url" not in plain and "torch==2.13.0" in cuda
    assert cuda[cuda.index("--extra-index-url") + 1].startswith("https://download.pytorch.org")
