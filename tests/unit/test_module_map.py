"""docs/architecture.md's module map is the code's: regenerated from the
modules' docstrings, it must equal the committed one."""
import importlib.util
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_script():
    spec = importlib.util.spec_from_file_location(
        "module_map", os.path.join(REPO, "scripts", "module_map.py"))
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_module_map_is_current():
    script = load_script()
    with open(script.DOC, encoding="utf-8") as f:
        text = f.read()
    assert script.updated(text) == text, "run: python scripts/module_map.py (or make docs)"


def test_every_module_is_in_the_map_with_a_summary():
    rows = load_script().module_rows()
    plugin = os.path.join(REPO, "minewatch")
    files = [os.path.join(d, f) for d, _, fs in os.walk(plugin) if "__pycache__" not in d
             for f in fs if f.endswith(".py")]
    assert len(rows) == len(files)
    assert [path for path, summary in rows if not summary] == []


def test_a_sentence_ends_at_a_full_stop_not_at_an_abbreviation(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('"""U-Net (Ronneberger et al. 2015), e.g. for buildings. More."""\n')
    assert load_script().first_sentence(str(path)) == \
        "U-Net (Ronneberger et al. 2015), e.g. for buildings."
