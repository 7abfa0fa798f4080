"""Which third-party packages MineWatch needs (as version ranges), which are
present and in range, and the command that installs a missing one into the
Python QGIS runs.

Conventions:
- a requirement is a range ``minimum <= version < below``: the lowest and
  the newest versions in it are tested (``make test-matrix``: QGIS 3.22 on
  Debian bookworm, 3.40 on trixie, 3.44 on sid);
- packages QGIS itself ships (numpy, scipy, matplotlib, the GDAL bindings,
  ``HOST_PACKAGES``) are never installed or shadowed by MineWatch: QGIS's
  own copy is used when its version is in range, and an out-of-range copy
  is reported with what to do instead (``installer.py`` plans installs).

Nothing here imports the packages it checks at module import time, so the
plugin loads (and can tell the user what is missing) without them.
"""
import importlib
import os
import sys
from dataclasses import dataclass
from typing import Any, Iterable, List


@dataclass(frozen=True)
class Requirement:
    """A package MineWatch imports, and the versions it works with."""

    pip_name: str
    minimum: str   # lowest version tested (inclusive)
    below: str     # first version not supported (exclusive)

    @property
    def spec(self):
        """The pip specifier, e.g. ``numpy>=1.24,<3``."""
        return f"{self.pip_name}>={self.minimum},<{self.below}"

    def admits(self, version):
        """Whether ``version`` lies in the range."""
        key = version_key(version)
        return version_key(self.minimum) <= key < version_key(self.below)


# import name -> requirement. requirements.txt lists the same specifiers (a
# unit test keeps them equal). The minimums are the oldest versions the
# version matrix runs: Debian bookworm's numpy 1.24 and scipy 1.10 (QGIS
# 3.22), trixie's rasterio 1.4.3 and torch 2.6 (QGIS 3.40).
REQUIREMENTS = {
    "numpy": Requirement("numpy", "1.24", "3"),
    "scipy": Requirement("scipy", "1.10", "2"),
    "rasterio": Requirement("rasterio", "1.4", "2"),
    "affine": Requirement("affine", "2.3", "4"),
    "torch": Requirement("torch", "2.6", "3"),
}
# optional: imported only when the user asks for what needs them (a Dask
# cluster); the plugin works without them and says how to install them
OPTIONAL_REQUIREMENTS = {
    "distributed": Requirement("distributed", "2024.8", "2027"),  # pulls dask
    "h5py": Requirement("h5py", "3.7", "4"),  # MintPy / LiCSBAS time series
}
# what QGIS's own Python carries on every platform and MineWatch uses: it
# is never installed or shadowed by MineWatch (a second numpy first on the
# path broke QGIS's scipy, osgeo.gdal_array and matplotlib); no other
# package QGIS's Python has is either (installer.py pins them all)
HOST_PACKAGES = ("numpy", "scipy", "matplotlib", "GDAL")
# modules that QGIS itself imports: after an install they must still import
HOST_IMPORT_CHECK = ("numpy", "scipy.ndimage", "osgeo.gdal_array", "matplotlib.pyplot")


@dataclass
class PackageStatus:
    import_name: str
    pip_name: str
    requirement: Requirement
    version: str = ""
    error: str = ""
    location: str = ""

    @property
    def present(self):
        return not self.error

    @property
    def in_range(self):
        return self.present and self.requirement.admits(self.version)

    @property
    def too_old(self):
        """Present, but older than the oldest version MineWatch is tested with."""
        return self.present and version_key(self.version) < version_key(self.requirement.minimum)

    @property
    def too_new(self):
        """Present, but a release series MineWatch does not know yet."""
        return self.present and version_key(self.version) >= version_key(self.requirement.below)

    @property
    def usable(self):
        """Whether MineWatch can run with it: present, and not older than the
        range (a newer major release is allowed with a warning)."""
        return self.present and not self.too_old


def version_key(version):
    """Comparable numeric parts of a version ("2.13.0+cpu" → (2, 13, 0))."""
    parts = []
    for piece in str(version).split("+")[0].split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) < len(piece):  # "0rc1": a pre-release ends the numbers
            break
    return tuple(parts)


def nvidia_gpu_present():
    """Whether an NVIDIA driver answers on this machine (nvidia-smi)."""
    import shutil
    import subprocess

    tool = shutil.which("nvidia-smi")
    if not tool:
        return False
    try:
        return subprocess.run([tool, "-L"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def qgis_python() -> str:
    """Path of the Python interpreter behind QGIS. Inside QGIS
    ``sys.executable`` is the QGIS binary, or whatever ``python3`` comes
    first on PATH (a pyenv shim, another install), so the interpreter is
    looked for in QGIS's own Python prefix (``sys.exec_prefix``) first:
    ``bin/python3.X`` on Linux and macOS, ``python.exe`` on Windows
    (OSGeo4W and the standalone installer)."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    # abspath, not realpath: a venv's python is a link out of its prefix
    prefix = os.path.abspath(sys.exec_prefix)
    exe = sys.executable or ""
    candidates = []
    if os.path.basename(exe).lower().startswith("python") and \
            os.path.abspath(exe).startswith(prefix + os.sep):
        candidates.append(exe)
    candidates += [
        os.path.join(sys.exec_prefix, "python3.exe"),
        os.path.join(sys.exec_prefix, "python.exe"),
        os.path.join(sys.exec_prefix, "bin", f"python{version}"),
        os.path.join(sys.exec_prefix, "bin", "python3"),
    ]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    return exe or "python3"


def requirement_for(pip_name):
    """The :class:`Requirement` of a pip name (runtime or optional), or None."""
    for requirement in (*REQUIREMENTS.values(), *OPTIONAL_REQUIREMENTS.values()):
        if requirement.pip_name == pip_name:
            return requirement
    return None


def specifiers(pip_names):
    """``name>=min,<below`` for the names MineWatch knows, other names as given."""
    return [requirement_for(name).spec if requirement_for(name) else name for name in pip_names]


def pip_command(pip_names: Iterable[str]) -> str:
    """Shell command that installs ``pip_names`` (in MineWatch's ranges) for
    QGIS's Python, to copy; the dependency dialog's Install button plans a
    safer run (``installer.py``): QGIS's own packages are kept."""
    specs = " ".join(f'"{spec}"' if "<" in spec else spec for spec in specifiers(pip_names))
    return f'"{qgis_python()}" -m pip install --only-binary=:all: {specs}'


# MineWatch installs missing packages here, inside the QGIS profile: no
# admin rights needed and QGIS's own packages are never touched
PACKAGES_DIRNAME = "minewatch-packages"


def packages_folder(profile_dir):
    """The folder inside the QGIS profile ``profile_dir`` (QGIS's
    ``qgisSettingsDirPath``) that holds packages MineWatch installed."""
    return os.path.join(profile_dir, "python", PACKAGES_DIRNAME)


def use_packages_folder(folder):
    """Put ``folder`` LAST on ``sys.path`` when it exists (at plugin start):
    it only adds what QGIS's Python lacks, and never shadows one of QGIS's
    own packages (an earlier MineWatch put the folder first, and a numpy 2
    there broke QGIS's scipy and GDAL bindings)."""
    if not os.path.isdir(folder):
        return False
    if folder in sys.path:
        sys.path.remove(folder)
    sys.path.append(folder)
    importlib.invalidate_caches()
    return True


def check_package(import_name, requirements=None):
    """Import ``import_name`` and report its version and location, or the
    import error."""
    requirement = (requirements or {**REQUIREMENTS, **OPTIONAL_REQUIREMENTS})[import_name]
    status = PackageStatus(import_name, requirement.pip_name, requirement)
    try:
        module = importlib.import_module(import_name)
    except Exception as exc:  # a broken install raises more than ImportError
        status.error = f"{type(exc).__name__}: {exc}"
        return status
    status.version = str(getattr(module, "__version__", "?"))
    status.location = os.path.dirname(os.path.dirname(getattr(module, "__file__", "") or ""))
    return status


def missing_packages(import_names: Iterable[str]) -> List[Any]:
    """The :class:`PackageStatus` of each of ``import_names`` that MineWatch
    cannot use: it fails to import, or is older than the range."""
    return [s for s in (check_package(n) for n in import_names) if not s.usable]


def dependency_report():
    """Status of every requirement, plus compute devices torch can use."""
    packages = [check_package(name) for name in REQUIREMENTS]
    devices = ["cpu"]
    torch_status = next(p for p in packages if p.import_name == "torch")
    if torch_status.present:
        import torch

        if torch.cuda.is_available():
            devices += [f"cuda:{i} ({torch.cuda.get_device_name(i)})"
                        for i in range(torch.cuda.device_count())]
    return {"python": qgis_python(), "python_version": sys.version.split()[0],
            "packages": packages, "devices": devices}
