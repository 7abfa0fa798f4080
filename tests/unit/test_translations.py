"""The zh_CN translation is complete and compiled: every user-visible
string of the code is in i18n/minewatch_zh_CN.ts and translated there
(new strings must be translated before they land), each translation keeps
its {fields} and HTML tags, and the shipped .qm is what Qt's lrelease makes
of the .ts."""
import os
import re
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

import i18n  # noqa: E402


@pytest.mark.slow
def test_every_string_of_the_code_is_translated():
    missing, unfinished = i18n.problems()
    assert missing == [], f"{len(missing)} strings not in the .ts: run `make translations`"
    assert unfinished == [], f"{len(unfinished)} strings not translated, e.g. {unfinished[:3]}"


def test_translations_keep_fields_and_tags():
    tag = re.compile(r"</?[a-z]+>")
    for source, translation in i18n.read_ts().items():
        if translation is None:
            continue
        assert i18n.placeholders(source) == i18n.placeholders(translation), source
        assert sorted(tag.findall(source)) == sorted(tag.findall(translation)), source


@pytest.mark.skipif(i18n.lrelease() is None, reason="Qt's lrelease is missing: "
                    "`make setup` installs qttools5-dev-tools")
def test_the_qm_is_compiled_from_the_ts(tmp_path):
    fresh = str(tmp_path / "fresh.qm")
    i18n.release(fresh)
    with open(fresh, "rb") as a, open(i18n.QM, "rb") as b:
        assert a.read() == b.read(), "the .qm is older than the .ts: run `make translations`"
