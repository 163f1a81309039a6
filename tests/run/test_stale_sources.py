"""A changed sentence merged by another tool: its old draft is never published, reviewed work is out of date.

The team's loop: the editor revises two sentences of a drafted, partly
reviewed article (one still a machine draft, one reviewed), ``dipl10n
extract`` writes the template, and the catalog is merged by GNU msgmerge
(``make update-po``, Weblate's msgmerge add-on), with or without
``--previous``, then possibly saved by Babel or sent through XLIFF. GNU
writes no ``#|`` for an entry that was already fuzzy (the draft), plain
msgmerge writes none at all, Babel turns ``#|`` into translator comments and
XLIFF drops it. Whatever happened, the ``for source`` digest each
translation carries says which sentence it was made for:

* the draft of the old sentence is re-drafted by the next run (and, with
  machine translation off, shown in English, never as the new sentence's
  draft);
* the reviewed translation is ``out_of_date``, and the review page shows the
  source before and now: from ``#|``, or else from the translation memory.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from dipl10n.po import read_po
from dipl10n.po.states import State, entry_state, is_stale, recorded_source, source_digest, text_digest
from helpers.projects import DOC, by_msgid, po_path, ran

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext (msgmerge) is not installed")

DRAFTED = (
    "On the occasion of the summit, both sides recognized the significance of South Korea becoming the first "
    "Asian country to sign a Certificate of Airworthiness with NATO."
)
DRAFTED_NOW = DRAFTED.replace("recognized", "stressed")
REVIEWED = "Strengthening partnership with NATO in defense, cyber, AI, etc."
REVIEWED_NOW = "Strengthening partnership with NATO in defense, space, AI, etc."
REVIEWED_KO = "방산, 사이버, AI 등 분야에서 NATO와 파트너십 강화"
APPROVED = (
    "In response, Stoltenberg said that strengthening cooperation with the Republic of Korea, a capable partner with "
    "shared core values, was one of the key achievements of his tenure."
)
APPROVED_NOW = APPROVED.replace("key achievements", "main achievements")


def _msgmerge(po: Path, pot: Path, *options: str) -> None:
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=off", *options, str(po), str(pot)], check=True)


def _babel(po: Path) -> None:
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write

    with open(po, "rb") as handle:
        catalog = babel_read(handle)
    with open(po, "wb") as handle:
        babel_write(handle, catalog, include_previous=True)


def _xliff(po: Path) -> None:
    from translate.convert import po2xliff, xliff2po

    xlf = po.with_suffix(".xlf")
    po2xliff.main(["--progress=none", str(po), str(xlf)])
    xliff2po.main(["--progress=none", str(xlf), str(po)])
    xlf.unlink()


MERGES: dict[str, Callable[[Path, Path], None]] = {
    "msgmerge --previous": lambda po, pot: _msgmerge(po, pot, "--previous"),
    "msgmerge": lambda po, pot: _msgmerge(po, pot),
    "msgmerge --previous, then Babel": lambda po, pot: (_msgmerge(po, pot, "--previous"), _babel(po)),
    "msgmerge --previous, then po2xliff → xliff2po": lambda po, pot: (_msgmerge(po, pot, "--previous"), _xliff(po)),
}

def _drafted_and_reviewed(project: Path, invoke) -> tuple[Path, str]:
    """The article drafted by machine translation, its standfirst reviewed, one draft approved unchanged, and a
    run since (the memory knows them).

    Returns the catalog and the machine draft of :data:`DRAFTED`.
    """
    ran(invoke(project, "run"))
    path = po_path(project)
    catalog = read_po(path)
    entry = by_msgid(catalog)[REVIEWED]
    entry.msgstr, entry.fuzzy = REVIEWED_KO, False
    by_msgid(catalog)[APPROVED].fuzzy = False
    catalog.save(str(path))
    ran(invoke(project, "run"))
    entries = by_msgid(read_po(path))
    assert entry_state(entries[REVIEWED]) is State.REVIEWED
    assert entry_state(entries[APPROVED]) is State.APPROVED
    assert entry_state(entries[DRAFTED]) is State.MACHINE_DRAFT
    assert recorded_source(entries[REVIEWED]) == text_digest(REVIEWED)
    return path, entries[DRAFTED].msgstr


def _revise_and_merge(project: Path, invoke, how: str) -> None:
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    assert DRAFTED in text and REVIEWED in text
    text = text.replace(DRAFTED, DRAFTED_NOW).replace(REVIEWED, REVIEWED_NOW).replace(APPROVED, APPROVED_NOW)
    source.write_text(text, encoding="utf-8")
    ran(invoke(project, "extract"))
    MERGES[how](po_path(project), project / "locales" / f"{DOC}.pot")


def _after_the_tool(path: Path, old_draft: str) -> dict[str, polib.POEntry]:
    entries = by_msgid(polib.pofile(str(path)))
    assert entries[DRAFTED_NOW].msgstr == old_draft  # the tool's fuzzy match: the old sentence's draft
    assert "fuzzy" in entries[DRAFTED_NOW].flags
    return entries


@pytest.mark.parametrize("how", list(MERGES))
def test_a_draft_of_a_changed_sentence_is_drafted_again(how: str, project: Path, invoke, engine) -> None:
    path, old_draft = _drafted_and_reviewed(project, invoke)
    _revise_and_merge(project, invoke, how)
    before = _after_the_tool(path, old_draft)
    assert before[DRAFTED_NOW].previous_msgid is None  # GNU names no previous msgid for what was already fuzzy
    ran(invoke(project, "run"))
    entry = by_msgid(read_po(path))[DRAFTED_NOW]
    assert entry.msgstr != old_draft and "stressed" in entry.msgstr  # the double's draft of the new sentence
    assert (entry_state(entry), entry.previous_msgid) == (State.MACHINE_DRAFT, None)
    assert recorded_source(entry) == source_digest(entry) and not is_stale(entry)
    text = (project / "build" / "ko" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert old_draft not in text and entry.msgstr in text


@pytest.mark.parametrize("how", list(MERGES))
def test_with_machine_translation_off_the_old_draft_is_shown_in_english(how: str, project: Path, invoke, engine) -> None:
    path, old_draft = _drafted_and_reviewed(project, invoke)
    _revise_and_merge(project, invoke, how)
    ran(invoke(project, "run", "--no-mt"))
    entry = by_msgid(read_po(path))[DRAFTED_NOW]
    assert entry.msgstr == old_draft and entry_state(entry) is State.MACHINE_DRAFT and is_stale(entry)
    text = (project / "build" / "ko" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert old_draft not in text and DRAFTED_NOW in text
    review = (project / "build" / "ko" / f"{DOC}.review.html").read_text(encoding="utf-8")
    assert "translates an earlier version of the sentence" in review
    check = invoke(project, "check", "-v")  # fuzzy entries listed one by one
    assert "machine draft of an earlier version of this sentence" in check.output


@pytest.mark.parametrize("how", list(MERGES))
def test_reviewed_and_approved_work_on_a_changed_sentence_is_out_of_date_with_its_diff(
    how: str, project: Path, invoke, engine
) -> None:
    path, old_draft = _drafted_and_reviewed(project, invoke)
    _revise_and_merge(project, invoke, how)
    merged = _after_the_tool(path, old_draft)[REVIEWED_NOW]
    assert merged.msgstr == REVIEWED_KO and "fuzzy" in merged.flags
    # Babel keeps #| only as a translator comment; polib (like GNU) does not read that as a previous msgid.
    assert (merged.previous_msgid == REVIEWED) is (how == "msgmerge --previous")
    ran(invoke(project, "run"))
    entry = by_msgid(read_po(path))[REVIEWED_NOW]
    # Never re-drafted by machine translation, never "under review": out of date, with the sentence it translates.
    assert (entry.msgstr, entry_state(entry), entry.previous_msgid) == (REVIEWED_KO, State.OUT_OF_DATE, REVIEWED)
    approved = by_msgid(read_po(path))[APPROVED_NOW]
    assert (entry_state(approved), approved.previous_msgid) == (State.OUT_OF_DATE, APPROVED)
    review = (project / "build" / "ko" / f"{DOC}.review.html").read_text(encoding="utf-8")
    assert "Source before (#|)" in review and "<del>cyber,</del>" in review and "<ins>space,</ins>" in review
    assert "<del>key</del>" in review and "<ins>main</ins>" in review
    assert "# | msgid" not in path.read_text(encoding="utf-8")  # Babel's comment form read back as #|
    # The recovered #| is written in GNU's form, which the next tool keeps: a second cycle changes nothing. Babel
    # rewraps every entry its own way, so the entries this run changed take one more cycle to settle.
    cycles = [path.read_bytes()]
    for _ in range(2):
        MERGES[how](path, project / "locales" / f"{DOC}.pot")
        ran(invoke(project, "run"))
        cycles.append(path.read_bytes())
    assert cycles[2] == cycles[1] and (cycles[1] == cycles[0] or "Babel" in how), how


def test_without_the_memory_an_out_of_date_translation_is_still_out_of_date(project: Path, invoke, engine) -> None:
    path, _ = _drafted_and_reviewed(project, invoke)
    shutil.rmtree(project / ".dipl10n")
    _revise_and_merge(project, invoke, "msgmerge")
    ran(invoke(project, "run", "--no-mt"))
    entry = by_msgid(read_po(path))[REVIEWED_NOW]
    assert (entry_state(entry), entry.previous_msgid) == (State.OUT_OF_DATE, None)
    review = (project / "build" / "ko" / f"{DOC}.review.html").read_text(encoding="utf-8")
    assert "the source it translates is not known" in review
