"""Provenance that tells the truth about people: a machine draft a person changed says who changed it.

The ``origin:`` translator comment is what Poedit's comment panel shows and what ``po2tmx --comments=others``
exports as a note, so once a person has corrected a draft it must no longer read as machine translation alone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.states import (
    A_REVIEWER,
    State,
    catalog_editor,
    edited_by,
    entry_state,
    origin_of,
    record_reviewer_actions,
    rejected_by,
    set_origin,
    source_digest,
    text_digest,
)
from helpers.projects import DOC, by_msgid, po_path, ran

MACHINE = "machine translation (double translate-en_ko 1.0)"
FIRST = (
    "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) "
    "Jens Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation."
)
CORRECTED = "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 북대서양조약기구(NATO) 사무총장을 면담했다."
#: The line that says which source sentence a translation of "The talks resumed." was made for.
FOR_SOURCE = f"for source #{text_digest('The talks resumed.')}"


def draft(text: str = "[초안] The talks resumed.", *, fuzzy: bool = True) -> polib.POEntry:
    entry = polib.POEntry(msgid="The talks resumed.", msgstr=text)
    set_origin(entry, MACHINE)
    entry.fuzzy = fuzzy
    return entry


def test_an_edited_draft_says_who_edited_it_and_keeps_the_machines_digest() -> None:
    entry = draft()
    machine_digest = origin_of(entry).digest
    entry.msgstr = "회담이 재개됐다."
    entry.fuzzy = False
    assert record_reviewer_actions(entry, editor="Kim Min-ji, 2026-12-08")
    assert entry.tcomment == f"origin: {MACHINE} #{machine_digest}\nedited by Kim Min-ji, 2026-12-08\n{FOR_SOURCE}"
    origin = origin_of(entry)
    assert (origin.description, origin.digest, origin.machine) == (MACHINE, machine_digest, True)
    assert edited_by(entry) == "Kim Min-ji, 2026-12-08"
    assert entry_state(entry) is State.REVIEWED
    # Each line fits where polib (78) and Babel (76) wrap comments; recorded once: the next run changes nothing.
    assert all(len(line) <= 76 for line in entry.tcomment.splitlines())
    assert not record_reviewer_actions(entry, editor="Somebody Else")


def test_an_edit_still_marked_fuzzy_is_a_persons_text_under_review() -> None:
    entry = draft()
    entry.msgstr = "회담이 재개됐다."
    assert record_reviewer_actions(entry)
    assert entry.tcomment == (
        f"origin: {MACHINE} #{text_digest('[초안] The talks resumed.')}\nedited by {A_REVIEWER}\n{FOR_SOURCE}"
    )
    assert entry_state(entry) is State.HUMAN_FUZZY


def test_an_untouched_draft_and_an_approval_are_not_edits() -> None:
    untouched = draft()
    assert not record_reviewer_actions(untouched) and entry_state(untouched) is State.MACHINE_DRAFT
    approved = draft(fuzzy=False)
    assert record_reviewer_actions(approved)
    assert approved.tcomment.endswith(", approved #" + text_digest("[초안] The talks resumed.") + "\n" + FOR_SOURCE)
    assert edited_by(approved) is None and entry_state(approved) is State.APPROVED
    # An approved draft a person then changes: both said.
    approved.msgstr = "회담이 재개됐다."
    assert record_reviewer_actions(approved, editor="Kim Min-ji")
    assert approved.tcomment.startswith(f"origin: {MACHINE}, approved #") and edited_by(approved) == "Kim Min-ji"
    assert entry_state(approved) is State.REVIEWED


def test_an_edited_draft_emptied_later_is_a_rejection_of_the_engine() -> None:
    entry = draft()
    entry.msgstr = "회담이 재개됐다."
    record_reviewer_actions(entry)
    entry.msgstr = ""
    assert record_reviewer_actions(entry)
    assert rejected_by(entry) == [MACHINE] and edited_by(entry) is None
    assert entry.tcomment == f"rejected: {MACHINE}"


def test_a_new_draft_of_the_sentence_says_nothing_of_an_earlier_edit() -> None:
    entry = draft()
    entry.msgstr = "회담이 재개됐다."
    record_reviewer_actions(entry)
    entry.msgstr = "[초안] The talks resumed again."
    set_origin(entry, MACHINE)
    assert edited_by(entry) is None and entry_state(entry) is State.MACHINE_DRAFT


@pytest.mark.parametrize(
    ("header", "editor"),
    [
        ({"Last-Translator": "Kim Min-ji <kim@example.org>", "PO-Revision-Date": "2026-12-08 09:00+0900"},
         "Kim Min-ji, 2026-12-08"),
        ({"Last-Translator": "Kim Min-ji"}, "Kim Min-ji"),
        ({"Last-Translator": "FULL NAME <EMAIL@ADDRESS>", "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE"}, A_REVIEWER),
        ({"Last-Translator": "", "PO-Revision-Date": "2026-12-08 09:00+0900"}, A_REVIEWER),
        ({}, A_REVIEWER),
        ({"Last-Translator": "<only@example.org>"}, A_REVIEWER),
        ({"Last-Translator": "Kim\x1b[2J Min-ji #1a2b3c4d"}, A_REVIEWER),
        ({"Last-Translator": "Kim\x1b[2J Min-ji"}, "Kim[2J Min-ji"),
        ({"Last-Translator": "K" * 200, "PO-Revision-Date": "2026-12-08"}, "K" * 48 + ", 2026-12-08"),
    ],
)  # fmt: skip
def test_the_editor_is_the_catalogs_last_translator(header: dict[str, str], editor: str) -> None:
    assert catalog_editor(header) == editor


def _save_as_an_editor_would(path: Path, msgid: str, text: str) -> None:
    catalog = read_po(path)
    entry = by_msgid(catalog)[msgid]
    entry.msgstr = text
    entry.fuzzy = False
    catalog.metadata["Last-Translator"] = "Kim Min-ji <kim@example.org>"
    catalog.metadata["PO-Revision-Date"] = "2026-12-08 09:00+0900"
    path.write_text(generate_po(catalog), encoding="utf-8")


def test_a_run_records_the_correction_of_a_draft_and_then_changes_nothing(project, invoke, engine) -> None:
    ran(invoke(project, "run"))
    path = po_path(project)
    drafted = by_msgid(read_po(path))[FIRST]
    for_source = f"for source #{source_digest(drafted)}"
    assert drafted.tcomment == f"origin: {MACHINE} #{text_digest(drafted.msgstr)}\n{for_source}"
    _save_as_an_editor_would(path, FIRST, CORRECTED)
    ran(invoke(project, "run"))
    entry = by_msgid(read_po(path))[FIRST]
    assert entry.msgstr == CORRECTED and "fuzzy" not in entry.flags
    assert entry.tcomment == (
        f"origin: {MACHINE} #{text_digest(drafted.msgstr)}\nedited by Kim Min-ji, 2026-12-08\n{for_source}"
    )
    assert entry_state(entry) is State.REVIEWED
    # The other drafts still say what they are.
    others = [e for e in read_po(path) if e.msgid not in (FIRST, "", "Diplomacy")]
    assert others and all(e.tcomment.startswith(f"origin: {MACHINE} #") for e in others)
    written = path.read_bytes()
    ran(invoke(project, "run"))
    assert path.read_bytes() == written


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_po2tmx_exports_the_correction_with_the_editor_in_its_note(project, invoke, engine, tmp_path: Path) -> None:
    po2tmx = shutil.which("po2tmx") or str(Path(__import__("sys").executable).with_name("po2tmx"))
    ran(invoke(project, "run"))
    path = po_path(project)
    _save_as_an_editor_would(path, FIRST, CORRECTED)
    ran(invoke(project, "run"))
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    tmx = tmp_path / f"{DOC}.tmx"
    subprocess.run([po2tmx, "--comments=others", "-l", "ko", str(path), str(tmx)], check=True, capture_output=True)
    exported = tmx.read_text(encoding="utf-8")
    # The reviewed correction is exported (po2tmx leaves fuzzy drafts out), and its note names the person.
    assert CORRECTED in exported
    notes = re.findall(r"<note>(.*?)</note>", exported, flags=re.S)
    entry = by_msgid(read_po(path))[FIRST]
    digest, for_source = origin_of(entry).digest, f"for source #{source_digest(entry)}"
    # The only note that names the engine is the corrected entry's, and it says who corrected it (po2tmx joins lines).
    assert [note for note in notes if MACHINE in note] == [
        f"origin: {MACHINE} #{digest} edited by Kim Min-ji, 2026-12-08 {for_source}"
    ]
