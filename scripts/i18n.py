"""MineWatch's translation pipeline (``make translations``).

Every user-visible string of the plugin is a literal passed to ``tr(...)``
/ ``self.tr(...)`` (Processing side, Qt's ``translate`` in the single
``MineWatch`` context) or marked with ``translatable(...)`` (engine
messages, report headings, labels kept in tables). This script finds them
with Python's own parser (pylupdate5 does not know ``translatable``), keeps
``i18n/minewatch_zh_CN.ts`` in step with the code (new strings added as
unfinished, translations of existing ones kept, strings gone from the code
dropped) and compiles the ``.qm`` with Qt's ``lrelease``.

    python scripts/i18n.py update           # code → .ts
    python scripts/i18n.py release          # .ts → .qm (lrelease)
    python scripts/i18n.py check            # exit 1 if a string is missing or unfinished
    python scripts/i18n.py export N DIR     # unfinished strings as N JSON chunks
    python scripts/i18n.py merge FILE.json  # {source: translation} into the .ts
"""
import ast
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_ROOT = os.path.join(REPO, "minewatch")
TS = os.path.join(PLUGIN_ROOT, "i18n", "minewatch_zh_CN.ts")
QM = os.path.join(PLUGIN_ROOT, "i18n", "minewatch_zh_CN.qm")
CONTEXT = "MineWatch"
LANGUAGE = "zh_CN"
# only the plugin folder is shown to a user; its i18n holds no code
MARKERS = {"tr", "translatable"}


def source_files():
    """The plugin's Python files, relative to the plugin folder (the .ts
    file's locations are "../" + that, from minewatch/i18n)."""
    for folder, dirs, files in os.walk(PLUGIN_ROOT):
        rel = os.path.relpath(folder, PLUGIN_ROOT)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.normpath(os.path.join(rel, name))


def _marker(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in MARKERS
    return isinstance(func, ast.Attribute) and func.attr == "tr"


def extract():
    """({source text: [(file, line), …]}, [(file, line) of tr calls whose
    argument is not a literal])."""
    found, dynamic = {}, []
    for path in source_files():
        with open(os.path.join(PLUGIN_ROOT, path), encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _marker(node) and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, []).append((path, node.lineno))
                elif not (isinstance(node.func, ast.Name) and node.func.id == "translatable"):
                    dynamic.append((path, node.lineno))
    return found, dynamic


def read_ts(path=TS):
    """{source: translation or None (unfinished)} of a .ts file."""
    if not os.path.exists(path):
        return {}
    done = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        finished = translation is not None and translation.get("type") not in (
            "unfinished", "vanished", "obsolete") and (translation.text or "").strip()
        done[source] = translation.text if finished else None
    return done


def write_ts(strings, translations, path=TS):
    """Write the .ts: one message per source string (in order of first
    appearance in the code), with its translation or marked unfinished."""
    root = ET.Element("TS", version="2.1", language=LANGUAGE, sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, places in sorted(strings.items(), key=lambda item: item[1][0]):
        message = ET.SubElement(context, "message")
        for file, line in places:
            ET.SubElement(message, "location",
                          filename="../" + file.replace(os.sep, "/"), line=str(line))
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if translations.get(source):
            translation.text = translations[source]
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        f.write(ET.tostring(root, encoding="unicode"))
        f.write("\n")


def update():
    strings, dynamic = extract()
    old = read_ts()
    write_ts(strings, old)
    kept = sum(1 for s in strings if old.get(s))
    print(f"{TS}: {len(strings)} strings, {kept} translated, {len(strings) - kept} unfinished, "
          f"{len([s for s in old if s not in strings])} dropped")
    for file, line in dynamic:
        print(f"  note: {file}:{line} translates a variable; mark its values with "
              "translatable()")


def lrelease():
    """Qt 5's lrelease: Debian's own binary first (the ``lrelease`` on PATH
    is qtchooser's wrapper, which needs a default Qt chosen), else PATH."""
    import shutil

    for candidate in ("/usr/lib/qt5/bin/lrelease", "lrelease-qt5", "lrelease"):
        found = candidate if os.path.isfile(candidate) else shutil.which(candidate)
        if found:
            return found
    return None


def release(target=QM):
    """Compile the .ts into ``target`` (.qm) with Qt's lrelease."""
    tool = lrelease()
    if tool is None:
        raise SystemExit("Qt's lrelease is missing: `make setup` installs qttools5-dev-tools")
    subprocess.run([tool, "-silent", TS, "-qm", target], check=True)
    return target


def problems():
    """Strings of the code missing from the .ts or unfinished there."""
    strings, _ = extract()
    done = read_ts()
    missing = [s for s in strings if s not in done]
    unfinished = [s for s in strings if s in done and not done[s]]
    return missing, unfinished


def placeholders(text):
    """The {named} fields of a template (a translation must keep them)."""
    import string

    return sorted({field for _, field, _, _ in string.Formatter().parse(text) if field})


def export(chunks, folder):
    done = read_ts()
    todo = [s for s, t in done.items() if not t]
    os.makedirs(folder, exist_ok=True)
    size = -(-len(todo) // chunks)
    for i in range(chunks):
        part = todo[i * size:(i + 1) * size]
        with open(os.path.join(folder, f"chunk_{i}.json"), "w", encoding="utf-8") as f:
            json.dump(part, f, ensure_ascii=False, indent=1)
    print(f"{len(todo)} unfinished strings in {chunks} chunks in {folder}")


def merge(path):
    with open(path, encoding="utf-8") as f:
        new = json.load(f)
    strings, _ = extract()
    done = read_ts()
    bad = []
    for source, translation in new.items():
        if source not in strings:
            bad.append(("not in the code", source))
        elif placeholders(source) != placeholders(translation):
            bad.append(("placeholders differ", source))
        else:
            done[source] = translation
    write_ts(strings, done)
    for reason, source in bad:
        print(f"  skipped ({reason}): {source[:70]!r}")
    print(f"merged {len(new) - len(bad)} of {len(new)}")


def main(argv):
    command = argv[0] if argv else "update"
    if command == "update":
        update()
    elif command == "release":
        print(release())
    elif command == "check":
        missing, unfinished = problems()
        for s in missing:
            print("missing:", s[:100])
        for s in unfinished:
            print("unfinished:", s[:100])
        return 1 if missing or unfinished else 0
    elif command == "export":
        export(int(argv[1]), argv[2])
    elif command == "merge":
        for path in argv[1:]:
            merge(path)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
