"""``make lint``'s Qt 6 check: QGIS's own migration script ``pyqt5to6``
(PyPI: qgis-pyqt5to6, which needs Python ≥ 3.12 and PyQt6) run on a copy
of the plugin folder; any change it would make is printed as a diff and
fails the check (its "check mode").

The tool lives in its own venv, build/lint-venv, made with the first
Python ≥ 3.12 found (python3.14 … python3.12 on PATH, or pyenv's).
"""
import difflib
import glob
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(REPO, "build", "lint-venv")
PACKAGES = ("qgis-pyqt5to6", "PyQt6", "PyQt6-QScintilla")


def python_312_or_newer():
    for name in ("python3.14", "python3.13", "python3.12"):
        path = shutil.which(name)
        if path:
            return path
    for path in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")),
                       reverse=True):
        return path
    return None


def tool():
    """The pyqt5to6 command, its venv made when missing."""
    command = os.path.join(VENV, "bin", "pyqt5to6")
    if not os.path.exists(command):
        python = python_312_or_newer()
        if python is None:
            sys.exit("The Qt 6 check needs Python 3.12 or newer (qgis-pyqt5to6): install "
                     "python3.12 or newer.")
        subprocess.run([python, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "--only-binary=:all:",
                        *PACKAGES], check=True)
    return command


def main():
    command = tool()
    source = os.path.join(REPO, "minewatch")
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "minewatch")
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.safetensors"))
        subprocess.run([command, copy], check=False, capture_output=True,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        changed = 0
        for folder, _, names in os.walk(copy):
            for name in sorted(n for n in names if n.endswith(".py")):
                new_path = os.path.join(folder, name)
                rel = os.path.relpath(new_path, scratch)
                with open(os.path.join(REPO, rel), encoding="utf-8") as fh:
                    old = fh.readlines()
                with open(new_path, encoding="utf-8") as fh:
                    new = fh.readlines()
                if old != new:
                    changed += 1
                    sys.stdout.writelines(difflib.unified_diff(old, new, rel, rel + " (Qt 6)"))
    if changed:
        sys.exit(f"pyqt5to6 would change {changed} file(s): apply the changes above (they "
                 "must keep working on QGIS 3.22).")
    print("Qt 6 check (pyqt5to6): no change needed")


if __name__ == "__main__":
    main()
