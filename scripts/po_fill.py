"""Collect messages and fill Romanian translations from a JSON file of {msgid: msgstr}.

    flock /tmp/snobistic-po.lock .venv/bin/python scripts/po_fill.py translations.json

Runs makemessages (existing translations are kept), writes each given translation where the
catalogue has none or only a fuzzy guess, compiles, and lists the messages still untranslated.
Several people may work at once: the lock keeps one rewrite of django.po at a time.
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "ro" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    mapping: dict[str, str] = {}
    for path in paths:
        mapping.update(json.loads(Path(path).read_text("utf-8")))
    python = sys.executable
    subprocess.run(  # noqa: S603 - a fixed argument list: this interpreter and manage.py
        [python, "manage.py", "makemessages", "-l", "ro", "--ignore=.venv", "--ignore=staticfiles", "--ignore=tests",
         "--no-obsolete", "-v", "0"],
        cwd=ROOT, check=True,
    )
    catalogue = polib.pofile(str(PO), wrapwidth=79)
    for entry in catalogue:
        wanted = mapping.get(entry.msgid)
        if wanted is None:
            continue
        if entry.msgid_plural:
            if isinstance(wanted, list):
                entry.msgstr_plural = dict(enumerate(wanted))
        elif not entry.msgstr or entry.fuzzy:
            entry.msgstr = wanted
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None  # a "#| msgid_plural" without its "#| msgid" fails msgfmt
    catalogue.save()
    subprocess.run([python, "manage.py", "compilemessages", "--ignore=.venv", "-v", "0"], cwd=ROOT, check=True)  # noqa: S603
    missing = [
        e.msgid for e in catalogue
        if e.msgid and (e.fuzzy or (not e.msgid_plural and not e.msgstr) or (e.msgid_plural and not all(e.msgstr_plural.values())))
    ]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
