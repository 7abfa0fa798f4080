"""Which entries of a folder are a MineWatch sample set, and the refusal
of an output folder that holds anything else: Create Training Samples and
the merge of sample sets write only into a new or empty folder or over an
earlier sample set, so they never delete a user's files."""
import json
import os
import shutil

from ..common.errors import MineWatchInputError, translatable
from .samples import FORMAT, MANIFEST, PATCHES_CSV, SPLITS

# hidden work folders of a run (``<prefix><tag>.partial``), removed when left by a killed run
WORK_PREFIX = ".minewatch-samples-"


def sample_set_files(folder):
    """The entries (relative paths) of the MineWatch sample set in
    ``folder`` according to its manifest: the manifest, patches.csv, the
    split folders and every shard the manifest lists. Empty when the folder
    holds no readable MineWatch manifest."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return set()
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return set()
    files = {MANIFEST, PATCHES_CSV}
    for entry in (manifest.get("splits") or {}).values():
        if isinstance(entry, dict):
            for key in ("images", "labels"):
                files.update(os.path.normpath(str(p)) for p in entry.get(key) or [])
    return files


def check_sample_folder(folder):
    """Refuse an output folder holding anything but an earlier MineWatch
    sample set (recognised by its manifest), so creating samples can never
    delete a user's files; remove work folders left by killed runs."""
    if not os.path.isdir(folder):
        if os.path.exists(folder):
            raise MineWatchInputError(translatable(
                "The output folder {folder} is a file. Give a folder (new or empty) for the "
                "samples."), folder=folder)
        return
    for name in os.listdir(folder):
        if name.startswith(WORK_PREFIX) and name.endswith(".partial"):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    ours = sample_set_files(folder)
    others = []
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if not os.path.isdir(path):
            if name not in ours:
                others.append(name)
        elif name in SPLITS and ours:
            for root, _, names in os.walk(path):
                others += [rel for rel in (os.path.normpath(os.path.relpath(
                    os.path.join(root, n), folder)) for n in names) if rel not in ours]
        else:
            others.append(name + "/")
    if others:
        shown = ", ".join(sorted(others)[:5]) + (" …" if len(others) > 5 else "")
        raise MineWatchInputError(translatable(
            "The output folder {folder} holds files that are not a MineWatch sample set "
            "({files}). Samples are written only into a new or empty folder, or over an "
            "earlier sample set made by Create Training Samples. Choose another folder."),
            folder=folder, files=shown)
