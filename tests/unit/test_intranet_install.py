"""Intranet installs: the wheelhouse script downloads wheels for a given
Python and platform (here from a local folder, no network), and the
plugin repository folder has a plugins.xml QGIS can read, pointing at a
zip that passes the plugin repository's checks."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
from plugin_check import validate_zip  # noqa: E402
from wheelhouse import download_arguments  # noqa: E402


def make_wheel(folder, name="mw_tiny_pkg", version="1.0"):
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}.py", "VALUE = 1\n")
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr(f"{info}/RECORD", "")
    return path


def test_download_arguments_for_another_python_and_platform(tmp_path):
    args = download_arguments("3.12", "win_amd64", str(tmp_path))
    assert args[args.index("--python-version") + 1] == "3.12"
    assert args[args.index("--platform") + 1] == "win_amd64" and "--only-binary=:all:" in args
    assert "--extra-index-url" not in args  # PyPI's Windows torch is the CPU build
    assert "torch>=2.6,<3" in args and "rasterio>=1.4,<2" in args
    linux = download_arguments("3.13", "linux", str(tmp_path))
    assert linux.count("--platform") == 3 and "manylinux_2_28_x86_64" in linux
    assert linux[linux.index("--extra-index-url") + 1].endswith("/whl/cpu")


@pytest.mark.slow
def test_wheelhouse_script_fills_a_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    make_wheel(source)
    out = tmp_path / "wheelhouse"
    proc = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "wheelhouse.py"),
                           "--out", str(out), "--packages", "mw_tiny_pkg",
                           "--pip-option=--no-index", f"--pip-option=--find-links={source}"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(os.listdir(out)) == ["README.txt", "mw_tiny_pkg-1.0-py3-none-any.whl"]
    assert "A folder\nof wheels" in (out / "README.txt").read_text()


@pytest.mark.slow
def test_plugin_repository_folder(tmp_path):
    out = tmp_path / "repository"
    url = (out.as_uri() + "/")
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", "plugin_repository.py"),
                    "--url", url, "--out", str(out)], check=True, capture_output=True)
    root = ET.parse(out / "plugins.xml").getroot()
    (plugin,) = root.findall("pyqgis_plugin")
    assert plugin.get("name") == "MineWatch" and plugin.get("version")
    fields = {child.tag: (child.text or "") for child in plugin}
    for tag in ("description", "about", "version", "qgis_minimum_version", "qgis_maximum_version",
                "file_name", "download_url", "author_name", "homepage", "tracker", "repository"):
        assert fields[tag].strip(), tag
    assert fields["qgis_maximum_version"] == "4.99"
    assert fields["download_url"] == url + fields["file_name"]
    zip_path = out / fields["file_name"]
    assert zip_path.exists() and validate_zip(str(zip_path)) == []
