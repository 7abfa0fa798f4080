"""Validate a plugin zip as the QGIS plugin repository does on upload
(the rules of its validator, restated): size, one top folder that is a
Python identifier, ``__init__.py``, ``metadata.txt`` with the required
fields, a ``LICENSE`` file, no compiled or hidden cache files, no unsafe
names, no files the repository's security scan blocks.

``python scripts/plugin_check.py dist/minewatch-0.3.0.zip`` prints the
problems (exit 1) or "valid"."""
import configparser
import re
import sys
import zipfile

MAX_BYTES = 25_000_000
REQUIRED = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about",
            "tracker", "repository")
URL_FIELDS = ("tracker", "repository", "homepage")
BLOCKED_SUFFIXES = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")
FORBIDDEN_PARTS = ("__MACOSX", ".git", "__pycache__")


def validate_zip(path):
    """The list of problems the repository would reject the zip for."""
    import os

    problems = []
    if os.path.getsize(path) > MAX_BYTES:
        problems.append(f"the zip is {os.path.getsize(path)} bytes; the limit is {MAX_BYTES}")
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            problems.append("the zip is damaged")
        names = archive.namelist()
        tops = {name.split("/")[0] for name in names}
        if len(tops) != 1 or "/" not in names[0]:
            problems.append(f"the zip must hold one top folder, it holds {sorted(tops)}")
        top = names[0].split("/")[0]
        if not re.match(r"^[A-Za-z][A-Za-z0-9_-]+$", top) or not top.isidentifier():
            problems.append(f"the top folder '{top}' is not a Python identifier")
        for name in names:
            parts = name.split("/")
            if ".." in name or name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
                problems.append(f"unsafe name {name}")
            if ".pyc" in name or any(p in FORBIDDEN_PARTS for p in parts):
                problems.append(f"forbidden file {name}")
            if name.lower().endswith(BLOCKED_SUFFIXES):
                problems.append(f"a file the security scan blocks: {name}")
            info = archive.getinfo(name)
            if name.endswith(".py") and (info.external_attr >> 16) & 0o111:
                problems.append(f"an executable Python file: {name}")
        for required in (f"{top}/__init__.py", f"{top}/metadata.txt", f"{top}/LICENSE"):
            if required not in names:
                problems.append(f"{required} is missing")
        if f"{top}/metadata.txt" in names:
            meta = configparser.ConfigParser()
            meta.optionxform = str  # keys are case-sensitive there
            meta.read_string(archive.read(f"{top}/metadata.txt").decode("utf-8"))
            general = meta["general"] if meta.has_section("general") else {}
            for key in REQUIRED:
                if not str(general.get(key, "")).strip():
                    problems.append(f"metadata.txt lacks {key}")
            for key in URL_FIELDS:
                value = str(general.get(key, "")).strip()
                if not re.match(r"^https?://[^/\s]+", value):
                    problems.append(f"metadata.txt {key} is not a web address: '{value}'")
            if "/" in str(general.get("author", "")):
                problems.append("metadata.txt author must not contain '/'")
            icon = str(general.get("icon", "")).lstrip("./")
            if icon and f"{top}/{icon}" not in names:
                problems.append(f"the icon {icon} is not in the zip")
            # qgis-plugin-ci reads metadata line by line: key=value, no spaces
            for line in archive.read(f"{top}/metadata.txt").decode("utf-8").splitlines():
                if re.match(r"^\w+\s+=|^\w+=\s", line):
                    problems.append(f"metadata.txt: write '{line.split('=')[0].strip()}=value' "
                                    "without spaces around '='")
    return problems


if __name__ == "__main__":
    found = validate_zip(sys.argv[1])
    print("\n".join(found) if found else "valid")
    sys.exit(1 if found else 0)
