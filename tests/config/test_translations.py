"""Romanian first: every string the code marks for translation has a Romanian translation."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "ro" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        if "fuzzy" in block.split("msgid")[0]:
            yield block, None
            continue
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid", 1)[1].split("msgstr")[0])) if "msgid" in block else ""
        strs = re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n?)+)", block)
        msgstr = ["".join(re.findall(r'"(.*)"', s)) for s in strs]
        yield msgid, msgstr


def test_every_message_is_translated_to_romanian_and_none_is_fuzzy():
    untranslated = [
        msgid for msgid, msgstr in _entries(PO.read_text("utf-8")) if msgid and (msgstr is None or not all(msgstr))
    ]
    assert untranslated == []


def test_compiled_catalogue_is_used():
    with translation.override("ro"):
        assert translation.gettext("Platform settings") == "Setări platformă"
    with translation.override("en"):
        assert translation.gettext("Platform settings") == "Platform settings"
