"""Build the installable plugin zip: dist/minewatch-<version>.zip with the
single top folder ``minewatch/`` (what QGIS's "Install from ZIP" and the
plugin repository expect), made from the plugin folder ``minewatch/`` of
the checkout by an allow-list: only files of the kinds below, tracked by
git (or, outside a git checkout, present), never caches or the translation
source. ``--check`` validates a zip as the plugin repository does
(``plugin_check.py``)."""
import argparse
import configparser
import os
import subprocess
import sys
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = "minewatch"
# what a plugin needs at run time: code, metadata, icon, licences, the
# compiled translation, shipped weights and their records, styles, the
# shipped graphical models and the user manual
ALLOWED_SUFFIXES = (".py", ".txt", ".svg", ".png", ".qm", ".safetensors", ".json", ".csv",
                    ".model3", ".qml", ".html", ".css", ".md")
ALLOWED_NAMES = ("LICENSE",)


def allowed(rel):
    """Whether a path relative to the plugin folder belongs in the zip."""
    parts = rel.split("/")
    if "__pycache__" in parts or any(p.startswith(".") for p in parts):
        return False
    return parts[-1] in ALLOWED_NAMES or parts[-1].endswith(ALLOWED_SUFFIXES)


def plugin_files(repo=REPO):
    """Paths, relative to the plugin folder, of the files that go into the zip."""
    root = os.path.join(repo, PLUGIN)
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", PLUGIN],
            cwd=repo, check=True, capture_output=True, text=True).stdout.split("\n")
        listed = [os.path.relpath(os.path.join(repo, rel), root) for rel in listed if rel]
    except (OSError, subprocess.CalledProcessError):
        listed = [os.path.relpath(os.path.join(folder, name), root)
                  for folder, _, names in os.walk(root) for name in names]
    return sorted(rel for rel in set(listed)
                  if allowed(rel) and os.path.isfile(os.path.join(root, rel)))


def version(repo=REPO):
    meta = configparser.ConfigParser()
    meta.read(os.path.join(repo, PLUGIN, "metadata.txt"), encoding="utf-8")
    return meta["general"]["version"]


def build_zip(out_dir, repo=REPO):
    """Write the zip into ``out_dir``; its path."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{PLUGIN}-{version(repo)}.zip")
    partial = path + ".partial"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in plugin_files(repo):
            archive.write(os.path.join(repo, PLUGIN, rel), f"{PLUGIN}/{rel}")
    os.replace(partial, path)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(REPO, "dist"))
    parser.add_argument("--check", action="store_true",
                        help="validate the zip as the plugin repository does")
    args = parser.parse_args()
    zip_path = build_zip(args.out)
    if args.check:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from plugin_check import validate_zip

        problems = validate_zip(zip_path)
        for problem in problems:
            print(f"INVALID: {problem}", file=sys.stderr)
        if problems:
            sys.exit(1)
    print(zip_path)
