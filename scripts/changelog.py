"""The metadata changelog from CHANGELOG.md: ``python scripts/changelog.py``
prints it, ``--write`` puts it into minewatch/metadata.txt (``make
changelog``). One line per version: "<version> - <first paragraph>"."""
import argparse
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHANGELOG = os.path.join(REPO, "CHANGELOG.md")
METADATA = os.path.join(REPO, "minewatch", "metadata.txt")
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\]")


def versions(path=CHANGELOG):
    """[(version, first paragraph as one line)], newest first."""
    found, current, paragraph = [], None, []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines() + [""]
    for line in lines:
        match = HEADING.match(line)
        if match:
            current, paragraph = match["version"], []
            continue
        if current is None:
            continue
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            found.append((current, " ".join(paragraph)))
            current, paragraph = None, []
    return found


def metadata_changelog(path=CHANGELOG):
    """The ``changelog=`` value, continuation lines indented as QGIS reads them."""
    return "\n".join(f"    {version} - {text}" for version, text in versions(path))


def write_metadata(metadata=METADATA, changelog=CHANGELOG):
    """Replace the changelog and version of ``metadata`` from ``changelog``."""
    with open(metadata, encoding="utf-8") as fh:
        text = fh.read()
    newest = versions(changelog)[0][0]
    text = re.sub(r"(?ms)^changelog=.*?(?=^\S|\Z)", "changelog=\n" + metadata_changelog(changelog)
                  + "\n", text)
    text = re.sub(r"(?m)^version=.*$", f"version={newest}", text)
    with open(metadata, "w", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    if parser.parse_args().write:
        write_metadata()
    else:
        print(metadata_changelog())
