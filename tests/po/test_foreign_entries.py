"""Entries dipl10n does not make (a message context, plural forms) survive every command as they are."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import key
from helpers.projects import DOC, po_path, ran

CONTEXT = polib.POEntry(
    msgctxt="newsletter", msgid="Diplomacy", msgstr="외교 소식", tcomment="the newsletter's section name",
    occurrences=[("newsletter/footer.html", "3")],
)
PLURAL = polib.POEntry(
    msgid="{n} sentence", msgid_plural="{n} sentences", msgstr_plural={0: "{n}개 문장"}, flags=["python-brace-format"],
)


def _snapshot(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, dict(entry.msgstr_plural),
            entry.tcomment, entry.comment, list(entry.occurrences), list(entry.flags), entry.obsolete)


def _add_foreign_entries(path: Path) -> None:
    po = read_po(path)
    # Placed after the kicker, as a developer would add them.
    kicker = next(i for i, e in enumerate(po) if e.msgid == "Diplomacy" and e.msgctxt is None)
    po.insert(kicker + 1, CONTEXT)
    po.insert(kicker + 2, PLURAL)
    path.write_text(generate_po(po), encoding="utf-8")


def _foreign(path: Path) -> dict:
    return {key(e): _snapshot(e) for e in read_po(path) if e.msgctxt is not None or e.msgid_plural}


def test_foreign_entries_survive_update_run_check_and_build(project: Path, invoke) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    _add_foreign_entries(path)
    expected = {key(CONTEXT): _snapshot(CONTEXT), key(PLURAL): _snapshot(PLURAL)}
    assert _foreign(path) == expected

    for command in (("update",), ("run", "--no-mt"), ("draft", "--offline"), ("build",)):
        result = invoke(project, *command)
        assert result.exit_code == 0, (command, result.output)
        assert _foreign(path) == expected, command
    # Still where the developer put them, right after the kicker.
    order = [key(e) for e in read_po(path)]
    kicker = order.index((None, "Diplomacy"))
    assert order[kicker + 1 : kicker + 3] == [key(CONTEXT), key(PLURAL)]

    result = invoke(project, "check", "--format", "json", "--verbose")
    findings = json.loads(result.output)["findings"]
    # They are checked like any entry, and the live "Diplomacy" keeps its own provenance.
    assert all(f["msgid"] != "" for f in findings)
    live = next(e for e in read_po(path) if key(e) == (None, "Diplomacy"))
    assert live.msgstr == "외교" and "newsletter" not in live.tcomment
    # The article uses the sentence's own entry, never a context variant.
    article = (project / "build" / "ko" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "외교 소식" not in article and "외교" in article
