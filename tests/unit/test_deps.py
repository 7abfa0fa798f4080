"""Dependency ranges, the install command and the installer's plan,
without QGIS."""
import json
import os
import sys

import pytest

from minewatch.core.common import deps, installer
from minewatch.core.common.errors import MineWatchInputError

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_requirements_file_matches_table():
    with open(os.path.join(REPO, "requirements.txt")) as fh:
        specs = [line.split("#")[0].strip() for line in fh
                 if line.strip() and not line.startswith("#")]
    assert sorted(specs) == sorted(r.spec for r in deps.REQUIREMENTS.values())


def test_pip_command_uses_ranges_and_wheels():
    cmd = deps.pip_command(["scipy", "torch"])
    assert '-m pip install --only-binary=:all: "scipy>=1.10,<2" "torch>=2.6,<3"' in cmd
    assert "python" in cmd


def test_ranges_admit_the_tested_versions():
    numpy = deps.REQUIREMENTS["numpy"]
    # Debian bookworm (QGIS 3.22), trixie (3.40) and sid (3.44)
    assert all(numpy.admits(v) for v in ("1.24.2", "2.2.4", "2.4.6"))
    assert not numpy.admits("1.23.5") and not numpy.admits("3.0.0")
    assert deps.REQUIREMENTS["torch"].admits("2.13.0+cpu")
    assert deps.version_key("2.13.0+cpu") == (2, 13, 0) and deps.version_key("1.26") < (1, 26, 4)
    assert deps.version_key("2.0.0rc1") == (2, 0, 0)


def test_status_too_old_too_new_and_usable():
    req = deps.Requirement("numpy", "1.24", "3")
    old = deps.PackageStatus("numpy", "numpy", req, version="1.21.5")
    new = deps.PackageStatus("numpy", "numpy", req, version="3.1.0")
    ok = deps.PackageStatus("numpy", "numpy", req, version="2.2.4")
    gone = deps.PackageStatus("numpy", "numpy", req, error="missing")
    assert old.too_old and not old.usable
    assert new.too_new and new.usable and not new.in_range
    assert ok.in_range and ok.usable and not gone.usable and not gone.too_old


def test_missing_package_is_reported(monkeypatch):
    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_pkg_mw",
                        deps.Requirement("no-such-pkg", "1.0", "2"))
    missing = deps.missing_packages(["numpy", "no_such_pkg_mw"])
    assert [m.pip_name for m in missing] == ["no-such-pkg"]
    assert "ModuleNotFoundError" in missing[0].error


def test_report_lists_every_requirement():
    report = deps.dependency_report()
    assert {p.import_name for p in report["packages"]} == set(deps.REQUIREMENTS)
    assert report["devices"][0] == "cpu"
    assert all(p.usable for p in report["packages"])


def test_the_python_is_qgis_own_not_the_first_on_path(monkeypatch, tmp_path):
    """Inside QGIS, sys.executable can be a shim found on PATH (pyenv); the
    command must name the interpreter of the running Python's own prefix."""
    shim = tmp_path / "shims" / "python3"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(shim))
    python = deps.qgis_python()
    assert python != str(shim)
    assert os.path.abspath(python).startswith(os.path.abspath(sys.exec_prefix))
    assert os.path.basename(python).startswith("python")


def test_packages_folder_goes_last_on_the_path(tmp_path, monkeypatch):
    """The profile's folder never shadows QGIS's own packages."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    folder = str(tmp_path)
    sys.path.insert(0, folder)  # where an earlier MineWatch put it
    assert deps.use_packages_folder(folder)
    assert sys.path[-1] == folder and sys.path.count(folder) == 1
    assert not deps.use_packages_folder(str(tmp_path / "absent"))


def test_plan_resolves_against_the_host_and_installs_only_what_it_lacks(tmp_path):
    host = {"numpy": "1.24.2", "scipy": "1.10.1", "matplotlib": "3.6.3~debian", "six": "1.16"}
    plan = installer.plan_install(["numpy", "rasterio", "torch"], str(tmp_path / "pkgs"),
                                  str(tmp_path / "work"), host=host)
    resolve = plan.resolve_arguments()
    assert resolve[:3] == ["-m", "pip", "install"] and "--only-binary=:all:" in resolve
    assert "--dry-run" in resolve and resolve[resolve.index("--report") + 1] == plan.report
    assert "--target" not in resolve  # resolved against what QGIS's Python has
    constraints = open(plan.constraints).read().split()
    # QGIS's compiled stack pinned; an unparsable version and pure packages left out
    assert constraints == ["numpy==1.24.2", "scipy==1.10.1"]
    assert "rasterio>=1.4,<2" in resolve and "torch>=2.6,<3" in resolve
    assert not [a for a in resolve if a.startswith("numpy")]  # QGIS's own numpy is kept
    assert plan.notes == ["numpy 1.24.2"]  # kept as QGIS has it
    install = plan.install_arguments(["rasterio==1.4.4"])
    assert "--no-deps" in install and install[install.index("--target") + 1] == plan.staging
    assert install[-1] == "rasterio==1.4.4"
    # what pip's report would install, less what the host has; a direct wheel by its path
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"install": [
        {"metadata": {"name": "rasterio", "version": "1.4.4"}, "is_direct": False,
         "download_info": {"url": "https://files/rasterio.whl"}},
        {"metadata": {"name": "NumPy", "version": "1.24.2"}},
        {"metadata": {"name": "mw", "version": "1.0"}, "is_direct": True,
         "download_info": {"url": "file:///tmp/mw-1.0-py3-none-any.whl"}}]}))
    assert installer.to_install(str(report), host) == [
        "/tmp/mw-1.0-py3-none-any.whl", "rasterio==1.4.4"]


def test_sources_pypi_folder_and_index(tmp_path):
    assert installer.source_arguments("pypi", wants_torch=True, linux=True) == [
        "--extra-index-url", installer.TORCH_CPU_INDEX]
    assert installer.source_arguments("pypi", wants_torch=True, torch_build="cuda",
                                      linux=True)[1] == installer.TORCH_CUDA_INDEX
    assert installer.source_arguments("pypi", wants_torch=True, linux=False) == []
    assert installer.source_arguments("folder", str(tmp_path)) == [
        "--no-index", "--find-links", str(tmp_path)]
    assert installer.source_arguments("index", "http://pypi.intranet:8080/simple") == [
        "--index-url", "http://pypi.intranet:8080/simple", "--trusted-host", "pypi.intranet"]
    with pytest.raises(MineWatchInputError, match="does not exist"):
        installer.source_arguments("folder", str(tmp_path / "absent"))
    with pytest.raises(MineWatchInputError, match="not an http"):
        installer.source_arguments("index", "ftp://x")


def fake_dist(folder, name, version, files):
    """A distribution as pip --target leaves it: its files and a dist-info."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    for rel in files:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    (info / "RECORD").write_text("".join(f"{rel},,\n" for rel in files)
                                 + f"{info.name}/RECORD,,\n")


def test_prune_removes_host_copies_and_merge_replaces_old_versions(tmp_path):
    staging, folder = tmp_path / "staging", tmp_path / "pkgs"
    fake_dist(staging, "numpy", "1.24.2", ["numpy/__init__.py", "numpy.libs/x.so"])
    fake_dist(staging, "rasterio", "1.4.4", ["rasterio/__init__.py"])
    removed = installer.prune_host_copies(str(staging), {"numpy": "1.24.2"})
    assert removed == ["numpy"] and sorted(os.listdir(staging)) == [
        "rasterio", "rasterio-1.4.4.dist-info"]
    assert installer.chosen_versions(str(staging)) == ["rasterio 1.4.4"]
    fake_dist(folder, "rasterio", "1.4.3", ["rasterio/__init__.py", "rasterio/old.py"])
    installer.merge_staging(str(staging), str(folder))
    assert sorted(os.listdir(folder)) == ["rasterio", "rasterio-1.4.4.dist-info"]
    assert not (folder / "rasterio" / "old.py").exists() and not staging.exists()


@pytest.mark.slow
def test_check_command_imports_qgis_modules_and_new_ones(tmp_path):
    import subprocess

    (tmp_path / "mw_fresh_mod.py").write_text("VALUE = 1\n")
    program, arguments = installer.check_command(str(tmp_path), ["mw_fresh_mod", "no_such_mw"])
    proc = subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                          timeout=120)
    failed = installer.parse_check(proc.stdout)
    assert set(failed) == {"no_such_mw"}  # numpy, scipy, GDAL, matplotlib and the new module import
    assert installer.parse_check("crash\n") is None


def test_host_distributions_see_installed_packages(tmp_path):
    host = installer.host_distributions()
    assert "numpy" in host and "rasterio" in host
    site = tmp_path / "site"
    fake_dist(site, "mw-only-here", "0.1", ["mw_only_here.py"])
    sys.path.append(str(site))
    try:
        assert "mw-only-here" in installer.host_distributions()
        assert "mw-only-here" not in installer.host_distributions(exclude=[str(site)])
    finally:
        sys.path.remove(str(site))
