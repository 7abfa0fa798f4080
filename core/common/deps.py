"""Which third-party packages MineWatch needs, which are present, and the
exact command that installs a missing one into the Python QGIS runs.

Nothing here imports the packages it checks at module import time, so the
plugin loads (and can tell the user what is missing) without them.
"""
import importlib
import os
import sys
from dataclasses import dataclass

# import name -> (pip name, pinned version). requirements.txt mirrors this
# table (a unit test keeps them equal).
REQUIREMENTS = {
    "numpy": ("numpy", "1.26.4"),
    "scipy": ("scipy", "1.15.3"),
    "rasterio": ("rasterio", "1.4.3"),
    "affine": ("affine", "2.4.0"),
    "torch": ("torch", "2.13.0"),
}
# optional: imported only when the user asks for what needs them (a Dask
# cluster); the plugin works without them and says how to install them
OPTIONAL_REQUIREMENTS = {
    "distributed": ("distributed", "2024.12.1"),  # pulls dask of the same version
}


@dataclass
class PackageStatus:
    import_name: str
    pip_name: str
    wanted: str
    version: str = ""
    error: str = ""

    @property
    def present(self):
        return not self.error

    @property
    def older_than_tested(self):
        """Present, but an older release than the one MineWatch is tested
        with (it may lack what MineWatch uses)."""
        return self.present and version_key(self.version) < version_key(self.wanted)


def version_key(version):
    """Comparable numeric parts of a version ("2.13.0+cpu" → (2, 13, 0))."""
    parts = []
    for piece in str(version).split("+")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


# the CUDA build of the pinned torch for an NVIDIA GPU (PyTorch's own index)
TORCH_CUDA_INDEX = "https://download.pytorch.org/whl/cu126"


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


def qgis_python():
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


def pinned_specs(pip_names):
    """``name==version`` for the names MineWatch pins, other names as given."""
    pinned = {pip: f"{pip}=={ver}" for pip, ver in REQUIREMENTS.values()}
    return [pinned.get(name, name) for name in pip_names]


def pip_command(pip_names):
    """Shell command that installs the pinned ``pip_names`` for QGIS's Python
    (to copy; the dependency dialog's Install button runs
    :func:`install_arguments` instead)."""
    specs = " ".join(pinned_specs(pip_names))
    return f'"{qgis_python()}" -m pip install {specs}'


# MineWatch installs missing packages here, inside the QGIS profile: no
# admin rights needed and QGIS's own packages are never touched
PACKAGES_DIRNAME = "minewatch-packages"


def packages_folder(profile_dir):
    """The folder inside the QGIS profile ``profile_dir`` (QGIS's
    ``qgisSettingsDirPath``) that holds packages MineWatch installed."""
    return os.path.join(profile_dir, "python", PACKAGES_DIRNAME)


def use_packages_folder(folder):
    """Put ``folder`` first on ``sys.path`` when it exists (at plugin start),
    so packages installed there win over older ones elsewhere."""
    if os.path.isdir(folder) and folder not in sys.path:
        sys.path.insert(0, folder)
        importlib.invalidate_caches()
    return folder in sys.path


def install_arguments(pip_names, folder, cuda=False):
    """(program, arguments) of the pip run that installs the pinned
    ``pip_names`` into ``folder`` for QGIS's Python; ``cuda`` takes torch's
    CUDA build from PyTorch's index (other packages still from PyPI)."""
    extra = ["--extra-index-url", TORCH_CUDA_INDEX] if cuda and "torch" in pip_names else []
    return qgis_python(), ["-m", "pip", "install", "--upgrade", "--target", folder, *extra,
                           *pinned_specs(pip_names)]


def check_package(import_name):
    """Import ``import_name`` and report its version, or the import error."""
    pip_name, wanted = REQUIREMENTS[import_name]
    status = PackageStatus(import_name, pip_name, wanted)
    try:
        module = importlib.import_module(import_name)
    except Exception as exc:  # a broken install raises more than ImportError
        status.error = f"{type(exc).__name__}: {exc}"
        return status
    status.version = str(getattr(module, "__version__", "?"))
    return status


def missing_packages(import_names):
    """The :class:`PackageStatus` of each of ``import_names`` that fails to import."""
    return [s for s in (check_package(n) for n in import_names) if not s.present]


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
