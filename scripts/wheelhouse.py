"""``make wheelhouse``: a folder of the wheels MineWatch needs, for a QGIS
that cannot reach the internet (many departments' intranets).

Build it on any machine with internet, for the Python and platform of the
QGIS that will use it, then copy the folder over and choose it in
Plugins > MineWatch > Check dependencies > Install from: "A folder of
wheels". The dependency dialog takes from it only what that QGIS's Python
lacks (never numpy, scipy or another package of QGIS's own).

    python3 scripts/wheelhouse.py --python 3.12 --platform win_amd64
    python3 scripts/wheelhouse.py --python 3.13 --platform linux   # manylinux x86_64
    python3 scripts/wheelhouse.py                                  # this Python and machine

torch is the CPU build (PyTorch's CPU index for Linux; PyPI's wheels are
CPU builds on Windows and macOS); ``--cuda`` takes the CUDA build;
``--with-dask`` adds the optional Dask scale-out packages.
"""
import argparse
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from minewatch.core.common.deps import OPTIONAL_REQUIREMENTS, REQUIREMENTS  # noqa: E402
from minewatch.core.common.installer import TORCH_CPU_INDEX, TORCH_CUDA_INDEX  # noqa: E402

# pip platform tags per short name (several manylinux levels: pip takes the
# newest wheel any of them admits)
PLATFORMS = {
    "linux": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "linux-arm64": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64"],
    "win_amd64": ["win_amd64"],
    "macos-arm64": ["macosx_14_0_arm64", "macosx_11_0_arm64"],
    "macos-x86_64": ["macosx_10_15_x86_64", "macosx_10_9_x86_64"],
}
README = """MineWatch wheelhouse for Python {python} on {platform}.

In QGIS: Plugins > MineWatch > Check dependencies, "Install from": "A folder
of wheels", choose this folder, press "Install missing packages". Only what
QGIS's Python lacks is installed (into the QGIS profile); QGIS's own numpy,
scipy and GDAL are kept.
"""


def download_arguments(python, platform, out, cuda=False, with_dask=False, packages=None):
    """pip's arguments that download the wheels into ``out``."""
    specs = packages or [r.spec for r in REQUIREMENTS.values()] + (
        [r.spec for r in OPTIONAL_REQUIREMENTS.values()] + ["dask>=2024.8,<2027"]
        if with_dask else [])
    arguments = ["-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:",
                 "--dest", out]
    if python:
        arguments += ["--python-version", python, "--implementation", "cp"]
    for tag in PLATFORMS.get(platform, [platform] if platform else []):
        arguments += ["--platform", tag]
    if platform in ("linux", "linux-arm64") or (not platform and sys.platform.startswith("linux")):
        arguments += ["--extra-index-url", TORCH_CUDA_INDEX if cuda else TORCH_CPU_INDEX]
    return arguments + specs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default="", help="e.g. 3.12 (default: this Python)")
    parser.add_argument("--platform", default="", help=", ".join(PLATFORMS) + " or a pip tag")
    parser.add_argument("--out", default="")
    parser.add_argument("--cuda", action="store_true")
    parser.add_argument("--with-dask", action="store_true")
    parser.add_argument("--packages", nargs="*", help=argparse.SUPPRESS)  # tests
    parser.add_argument("--pip-option", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    python = args.python or f"{sys.version_info[0]}.{sys.version_info[1]}"
    platform = args.platform or ("linux" if sys.platform.startswith("linux") else sys.platform)
    out = args.out or os.path.join(REPO, "dist", f"wheelhouse-py{python}-{platform}")
    os.makedirs(out, exist_ok=True)
    arguments = download_arguments(args.python, args.platform, out, args.cuda, args.with_dask,
                                   args.packages)
    subprocess.run([sys.executable, *arguments, *args.pip_option], check=True)
    with open(os.path.join(out, "README.txt"), "w", encoding="utf-8") as fh:
        fh.write(README.format(python=python, platform=platform))
    wheels = sorted(name for name in os.listdir(out) if name.endswith(".whl"))
    print(f"{len(wheels)} wheels in {out}:")
    print("\n".join(f"  {name}" for name in wheels))


if __name__ == "__main__":
    main()
