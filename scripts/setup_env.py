"""``make setup``: the project's venv over QGIS's Python, on Debian bookworm
(QGIS 3.22), trixie (3.40) or sid (3.44), run by the system's python3
after QGIS itself is installed.

What it does, in order:
1. Debian's own packages of the stack (``DEBIAN_PACKAGES``) are installed
   with apt where Debian's version lies in MineWatch's range (on trixie and
   sid: rasterio, affine, torch's CPU build, dask, scikit-learn, pytest);
2. a venv with ``--system-site-packages``;
3. a constraints file pins every distribution of the system's Python to its
   version (``minewatch/core/common/installer.py``), so pip never installs
   a second numpy, scipy or matplotlib over QGIS's own;
4. torch, when no Debian package fits: the CPU build from PyTorch's CPU
   index when it answers, else ``TORCH_FALLBACK`` (the CPU wheel for
   Python 3.11 that this project's CI machines carry), else PyPI's build;
5. the rest of requirements.txt and requirements-dev.txt, wheels only;
6. a check that QGIS's own modules and MineWatch's packages import in the
   venv, printed as one line of versions.
"""
import argparse
import json
import os
import subprocess
import sys
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
from minewatch.core.common.deps import OPTIONAL_REQUIREMENTS, REQUIREMENTS, Requirement  # noqa: E402
from minewatch.core.common.installer import (  # noqa: E402
    TORCH_CPU_INDEX,
    constraints_text,
    host_distributions,
)

# Debian package → the requirement it would satisfy (dev tools included)
DEV_REQUIREMENTS = {
    "pytest": Requirement("pytest", "7.2", "10"),
    "sklearn": Requirement("scikit-learn", "1.3", "2"),  # zero_division=nan
}
DEBIAN_PACKAGES = {
    "python3-rasterio": REQUIREMENTS["rasterio"],
    "python3-affine": REQUIREMENTS["affine"],
    "python3-torch": REQUIREMENTS["torch"],
    "python3-distributed": OPTIONAL_REQUIREMENTS["distributed"],
    # linked to Debian's HDF5, the library QGIS's GDAL loads: a pip wheel of
    # h5py brings its own HDF5 and fails to import inside QGIS
    "python3-h5py": OPTIONAL_REQUIREMENTS["h5py"],
    "python3-sklearn": DEV_REQUIREMENTS["sklearn"],
    "python3-pytest": DEV_REQUIREMENTS["pytest"],
}
TORCH_FALLBACK = {(3, 11): "torch==2.13.0"}
CHECK_IMPORTS = ("qgis.core", "numpy", "scipy.ndimage", "osgeo.gdal_array", "matplotlib.pyplot",
                 "rasterio", "affine", "torch", "sklearn", "distributed")


def run(command, **kwargs):
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def debian_candidate(package):
    """The version apt would install of ``package`` ("" when none), without
    Debian's epoch and revision ("1:2.2.4+ds-1" → "2.2.4")."""
    try:
        out = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True,
                             check=False).stdout
    except OSError:
        return ""
    for line in out.splitlines():
        if line.strip().startswith("Candidate:"):
            version = line.split(":", 1)[1].strip()
            if version == "(none)":
                return ""
            return version.split(":")[-1].split("-")[0].split("+")[0]
    return ""


def debian_packages_in_range():
    """Debian packages of the stack whose candidate version is in range."""
    return [pkg for pkg, requirement in DEBIAN_PACKAGES.items()
            if debian_candidate(pkg) and requirement.admits(debian_candidate(pkg))]


def reachable(url, timeout=8):
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except Exception:
        return False


def venv_has(python, module, requirement=None):
    """Whether the venv imports ``module`` (in ``requirement``'s range)."""
    code = f"import {module} as m; print(getattr(m, '__version__', ''))"
    proc = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        return False
    return requirement is None or requirement.admits(proc.stdout.strip())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", default=os.path.join(REPO, ".venv"))
    parser.add_argument("--no-apt", action="store_true", help="install no Debian package")
    parser.add_argument("--check-only", action="store_true",
                        help="only print what the venv imports, and its versions")
    args = parser.parse_args(argv)
    python = os.path.join(args.venv, "bin", "python")
    if args.check_only:
        return check_venv(python)
    sudo = [] if os.geteuid() == 0 else ["sudo"]

    if not args.no_apt:
        wanted = debian_packages_in_range()
        if wanted:
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            run([*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", *wanted],
                env=env)

    run([sys.executable, "-m", "venv", "--system-site-packages", args.venv])
    build = os.path.join(REPO, "build")
    os.makedirs(build, exist_ok=True)
    constraints = os.path.join(build, "host-constraints.txt")
    with open(constraints, "w", encoding="utf-8") as fh:
        fh.write(constraints_text(host_distributions()))
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
           "--only-binary=:all:", "--constraint", constraints]

    if not venv_has(python, "torch", REQUIREMENTS["torch"]):
        if reachable(TORCH_CPU_INDEX + "/torch/"):
            run([*pip, "--index-url", TORCH_CPU_INDEX, REQUIREMENTS["torch"].spec])
        elif sys.version_info[:2] in TORCH_FALLBACK:
            run([*pip, TORCH_FALLBACK[sys.version_info[:2]]])
        else:
            print("PyTorch's CPU index cannot be reached: PyPI's torch (a CUDA build) is used.")
            run([*pip, REQUIREMENTS["torch"].spec])
    run([*pip, "-r", os.path.join(REPO, "requirements.txt"),
         "-r", os.path.join(REPO, "requirements-dev.txt")])

    check_venv(python)


def check_venv(python):
    """Import QGIS's modules and MineWatch's packages in the venv; print one
    line "Python X.Y.Z: qgis …, numpy …, …"; exit when one fails."""
    code = ("import importlib, json, sys\nout = {'python': sys.version.split()[0]}\n"
            f"for name in {list(CHECK_IMPORTS)!r}:\n"
            "    try:\n        module = importlib.import_module(name)\n"
            "        top = importlib.import_module(name.split('.')[0])\n"
            "        out[name] = (module.Qgis.QGIS_VERSION.split('-')[0] if hasattr(module, 'Qgis')"
            " else getattr(top, '__version__', 'ok'))\n"
            "    except Exception as exc:\n        out[name] = 'FAILED ' + repr(exc)\n"
            "print(json.dumps(out))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    found = json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True,
                                      check=True, env=env).stdout.strip().splitlines()[-1])
    print(f"Python {found.pop('python')}: " +
          ", ".join(f"{name.split('.')[0]} {version}" for name, version in found.items()))
    failed = {k: v for k, v in found.items() if str(v).startswith("FAILED")}
    if failed:
        sys.exit(f"These do not import in the venv: {failed}")


if __name__ == "__main__":
    main()
