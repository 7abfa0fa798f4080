"""Build the installable plugin zip: dist/minewatch-<version>.zip with the
single top folder ``minewatch/`` (what QGIS's "Install from ZIP" expects),
holding the plugin's runtime files only (no tests, bench, CI or dev files)."""
import argparse
import configparser
import os
import subprocess
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXCLUDED_TOP = {"tests", "bench", "scripts", "devkit", ".ci", "build", "dist", ".venv",
                "demo_output", "Makefile", ".gitignore", "requirements-dev.txt",
                "ruff.toml", "pyproject.toml", "docs"}


def plugin_files(repo=REPO):
    """Relative paths of the files that go into the plugin."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=repo, check=True, capture_output=True, text=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        listed = [os.path.relpath(os.path.join(root, name), repo)
                  for root, _, names in os.walk(repo) for name in names]
    keep = []
    for rel in sorted(set(filter(None, listed))):
        parts = rel.split("/")
        if parts[0] in EXCLUDED_TOP or "__pycache__" in parts or rel.endswith(".pyc"):
            continue
        if os.path.isfile(os.path.join(repo, rel)):
            keep.append(rel)
    return keep


def version(repo=REPO):
    meta = configparser.ConfigParser()
    meta.read(os.path.join(repo, "metadata.txt"), encoding="utf-8")
    return meta["general"]["version"]


def build_zip(out_dir, repo=REPO):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"minewatch-{version(repo)}.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in plugin_files(repo):
            archive.write(os.path.join(repo, rel), f"minewatch/{rel}")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(REPO, "dist"))
    print(build_zip(parser.parse_args().out))
