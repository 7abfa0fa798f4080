"""Planning and checking the install of MineWatch's packages into a folder
of the QGIS profile, without ever touching QGIS's own packages.

How an install runs (the dependency dialog drives it with QProcess):
1. ``resolve_arguments``: pip resolves the missing requirements (ranges,
   wheels only, so it never compiles) for QGIS's own Python in a dry run
   (``--dry-run --report``), where every package QGIS's Python already
   has counts as installed; a constraints file pins QGIS's numpy, scipy,
   matplotlib and GDAL bindings to the installed versions. The source is
   PyPI (with torch's CPU build on Linux without an NVIDIA GPU), a folder
   of wheels made by ``make wheelhouse``, or a department's package index;
2. ``to_install`` reads the report: exactly what QGIS's Python lacks, with
   versions; ``install_arguments`` installs those, ``--no-deps``, into an
   empty *staging* folder (so no second numpy is ever downloaded or put on
   the path, and a wheelhouse needs no wheel of QGIS's own packages);
3. ``prune_host_copies`` removes anything QGIS's Python has that still got
   into staging (a safety net), ``check_command`` imports QGIS's own
   modules and the new packages in a fresh interpreter with staging on the
   path, and only when that works
4. ``merge_staging`` moves the packages into the profile folder, which the
   plugin appends (never prepends) to ``sys.path``.
"""
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable

from .deps import HOST_IMPORT_CHECK, HOST_PACKAGES, qgis_python, specifiers
from .errors import MineWatchInputError, translatable

# torch's CPU build (PyPI's Linux wheels are CUDA builds of several GB)
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TORCH_CUDA_INDEX = "https://download.pytorch.org/whl/cu126"
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9.]+)?$", re.I)


def canonical(name):
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def host_distributions(exclude: Iterable[str] = ()) -> Dict[str, str]:
    """{canonical name: version} of every distribution importable from
    ``sys.path`` outside the folders in ``exclude`` (QGIS's own packages,
    Debian's, a venv's)."""
    excluded = {os.path.realpath(f) for f in exclude if f}
    paths = [p for p in sys.path if p and os.path.realpath(p) not in excluded]
    found = {}
    for dist in importlib.metadata.distributions(path=paths):
        name = dist.metadata["Name"] if dist.metadata else None
        if name and canonical(name) not in found:
            found[canonical(name)] = dist.version
    return found


def constraints_text(host: Dict[str, str], only: Any = HOST_PACKAGES) -> str:
    """pip constraints pinning QGIS's own compiled stack (``only``; all of
    ``host`` when None) to the versions installed, so that what pip chooses
    is built for them (those whose version pip can parse: a Debian-patched
    odd version is left out). Other packages QGIS's Python has are not
    pinned: a copy pip adds is pruned again, and the import check says
    when QGIS's older copy does not do."""
    keep = None if only is None else {canonical(name) for name in only}
    lines = [f"{name}=={version}" for name, version in sorted(host.items())
             if version and _PEP440.match(version) and (keep is None or name in keep)]
    return "\n".join(lines) + "\n"


def source_arguments(source, location="", torch_build="cpu", wants_torch=False, linux=None):
    """pip's index arguments for a package source: ``pypi`` (with torch's
    CPU or CUDA index on Linux when torch is wanted), ``folder`` (a
    wheelhouse: no index at all) or ``index`` (a department's index URL)."""
    linux = sys.platform.startswith("linux") if linux is None else linux
    if source == "folder":
        if not location or not os.path.isdir(location):
            raise MineWatchInputError(translatable(
                "The folder of wheels '{location}' does not exist. Choose the folder that "
                "`make wheelhouse` made (or any folder of .whl files)."), location=location)
        return ["--no-index", "--find-links", location]
    if source == "index":
        if not re.match(r"^https?://", location or ""):
            raise MineWatchInputError(translatable(
                "The package index '{location}' is not an http(s) address. Give your "
                "department's index as https://host/simple (or http://…)."), location=location)
        arguments = ["--index-url", location]
        if location.startswith("http://"):
            arguments += ["--trusted-host", re.sub(r"^http://([^/:]+).*$", r"\1", location)]
        return arguments
    if wants_torch and linux:
        return ["--extra-index-url", TORCH_CUDA_INDEX if torch_build == "cuda" else TORCH_CPU_INDEX]
    return []


@dataclass
class InstallPlan:
    """The two pip runs of one install: resolve (a dry run writing
    ``report``), then install ``--no-deps`` into ``staging``; both with
    ``program``, the same index arguments and constraints; merged into
    ``folder`` afterwards. ``notes``: "name version" of each wanted package
    QGIS's Python already has (kept as it is)."""

    program: str
    folder: str
    staging: str
    constraints: str
    report: str
    index_arguments: list
    wanted: list
    notes: list = field(default_factory=list)

    def resolve_arguments(self):
        """pip's dry run: what would be installed for QGIS's Python."""
        return ["-m", "pip", "install", *COMMON_PIP, "--dry-run",
                "--report", self.report, "--constraint", self.constraints,
                *self.index_arguments, *specifiers(self.wanted)]

    def install_arguments(self, pins):
        """pip's install of exactly ``pins`` (``name==version``) into staging."""
        return ["-m", "pip", "install", *COMMON_PIP, "--no-deps", "--target", self.staging,
                *self.index_arguments, *pins]


COMMON_PIP = ("--disable-pip-version-check", "--no-input", "--only-binary=:all:")


def plan_install(pip_names, folder, work_dir, source="pypi", location="", torch_build="cpu",
                 host=None):
    """The pip runs that install ``pip_names`` (MineWatch's ranges) for
    QGIS's Python through a staging folder under ``work_dir``, keeping
    QGIS's own packages (``host``: {name: version}, found when None);
    MineWatchInputError when the source is unusable."""
    host = host_distributions(exclude=[folder]) if host is None else host
    index_arguments = source_arguments(source, location, torch_build, "torch" in pip_names)
    os.makedirs(work_dir, exist_ok=True)
    staging = os.path.join(work_dir, "staging")
    shutil.rmtree(staging, ignore_errors=True)
    constraints = os.path.join(work_dir, "constraints.txt")
    with open(constraints, "w", encoding="utf-8") as fh:
        fh.write(constraints_text(host))
    notes = [f"{name} {host[canonical(name)]}" for name in pip_names if canonical(name) in host]
    wanted = [name for name in pip_names if canonical(name) not in host]
    return InstallPlan(qgis_python(), folder, staging, constraints,
                       os.path.join(work_dir, "resolved.json"), index_arguments, wanted, notes)


def to_install(report_path, host):
    """``name==version`` of each distribution pip's dry-run report would
    install that QGIS's Python does not have (the file or URL itself for
    one given directly, e.g. a wheel's path)."""
    with open(report_path, encoding="utf-8") as fh:
        report = json.load(fh)
    pins = []
    for item in report.get("install", []):
        meta = item.get("metadata", {})
        name, version = meta.get("name"), meta.get("version")
        if not (name and version) or canonical(name) in host:
            continue
        url = item.get("download_info", {}).get("url", "")
        if item.get("is_direct") and url:
            pins.append(url[len("file://"):] if url.startswith("file://") else url)
        else:
            pins.append(f"{name}=={version}")
    return sorted(pins, key=str.lower)


def staged_distributions(staging):
    """{canonical name: (name, version, dist-info folder)} of what pip put
    into ``staging``."""
    found = {}
    if not os.path.isdir(staging):
        return found
    for entry in sorted(os.listdir(staging)):
        if entry.endswith(".dist-info"):
            meta = importlib.metadata.PathDistribution(
                pathlib.Path(os.path.join(staging, entry)))
            name = meta.metadata["Name"]
            found[canonical(name)] = (name, meta.version, entry)
    return found


def _record_paths(staging, dist_info):
    """Top-level entries of ``staging`` that a distribution's RECORD lists."""
    record = os.path.join(staging, dist_info, "RECORD")
    tops = {dist_info}
    if os.path.exists(record):
        with open(record, encoding="utf-8") as fh:
            for line in fh:
                path = line.split(",")[0]
                if path and not path.startswith(".."):
                    tops.add(path.replace("\\", "/").split("/")[0])
    return tops


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.remove(path)


def prune_host_copies(staging, host):
    """Remove from ``staging`` every distribution QGIS's Python already has
    (pip's ``--target`` installs dependencies regardless); the names removed."""
    removed = []
    staged = staged_distributions(staging)
    kept_tops = set()
    for key, (_, _, dist_info) in staged.items():
        if key not in host:
            kept_tops |= _record_paths(staging, dist_info)
    for key, (name, _, dist_info) in staged.items():
        if key in host:
            for top in _record_paths(staging, dist_info) - kept_tops:
                _remove(os.path.join(staging, top))
            removed.append(name)
    return removed


def check_command(staging, import_names):
    """(program, arguments) of a fresh interpreter that appends ``staging``
    to its path, imports QGIS's own modules and ``import_names``, and
    prints a JSON object {module: error} (empty when all import)."""
    code = ("import importlib, json, sys\n"
            f"sys.path.append({staging!r})\n"
            "failed = {}\n"
            f"for name in {list(HOST_IMPORT_CHECK) + list(import_names)!r}:\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except Exception as exc:\n"
            "        failed[name] = f'{type(exc).__name__}: {exc}'\n"
            "print('MINEWATCH-CHECK ' + json.dumps(failed))\n")
    return qgis_python(), ["-c", code]


def parse_check(output):
    """{module: error} from the output of :func:`check_command`'s run, or
    None when the run printed no result (it crashed)."""
    for line in output.splitlines():
        if line.startswith("MINEWATCH-CHECK "):
            return json.loads(line[len("MINEWATCH-CHECK "):])
    return None


def merge_staging(staging, folder):
    """Move what is in ``staging`` into ``folder`` (replacing older copies
    of the same distributions); the staging folder is removed."""
    os.makedirs(folder, exist_ok=True)
    old = staged_distributions(folder)
    for key in staged_distributions(staging):
        if key in old:  # an older copy of the same distribution
            for top in _record_paths(folder, old[key][2]):
                _remove(os.path.join(folder, top))
    for entry in os.listdir(staging):
        target = os.path.join(folder, entry)
        _remove(target)
        shutil.move(os.path.join(staging, entry), target)
    shutil.rmtree(staging, ignore_errors=True)


def chosen_versions(staging):
    """"name version" of each distribution in ``staging``, sorted."""
    return [f"{name} {version}" for name, version, _ in sorted(staged_distributions(staging).values())]
