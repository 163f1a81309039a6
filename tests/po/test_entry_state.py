"""dipl10n.po.states: the one state of an entry, what drafting may do with it, what reviewers did."""

from __future__ import annotations

import polib
import pytest

from dipl10n.po.states import (
    State,
    entry_state,
    open_for_machine,
    open_for_prefill,
    origin_of,
    record_reviewer_actions,
    rejected_by,
    set_origin,
    source_digest,
    upgrade_legacy_notes,
)

MT = "machine translation (double translate-en_ko 1.0)"


def made(
    text: str = "그들은 만났다.",
    *,
    fuzzy: bool = False,
    origin: str | None = None,
    approved: bool = False,
    edited: bool = False,
    previous: str | None = None,
) -> polib.POEntry:
    entry = polib.POEntry(msgid="They met.", msgstr=text, flags=["fuzzy"] if fuzzy else [])
    if origin is not None:
        set_origin(entry, origin, approved=approved)
    if edited:
        entry.msgstr += " (고침)"
    entry.previous_msgid = previous
    return entry


# (entry, state, open to prefill, open to machine translation, open to machine translation with --refresh)
CASES = {
    "untranslated": (made(""), State.UNTRANSLATED, True, True, True),
    "glossary fill": (made(origin="glossary (glossary.csv:2)"), State.GLOSSARY, False, False, False),
    "memory fill": (made(origin="translation memory, reviewed in a.po"), State.MEMORY, False, False, False),
    "machine draft": (made(fuzzy=True, origin=MT), State.MACHINE_DRAFT, False, False, True),
    "stale machine draft": (made(fuzzy=True, origin=MT, previous="They meet."), State.MACHINE_DRAFT, True, True, True),
    "approved (not yet recorded)": (made(origin=MT), State.APPROVED, False, False, False),
    "approved (recorded)": (made(origin=MT, approved=True), State.APPROVED, False, False, False),
    "edited draft, fuzzy": (made(fuzzy=True, origin=MT, edited=True), State.HUMAN_FUZZY, False, False, False),
    "edited draft, approved": (made(origin=MT, edited=True), State.REVIEWED, False, False, False),
    "reviewed": (made(), State.REVIEWED, False, False, False),
    "person's fuzzy text": (made(fuzzy=True), State.HUMAN_FUZZY, False, False, False),
    "reviewed, source changed": (made(fuzzy=True, previous="They meet."), State.OUT_OF_DATE, False, False, False),
    "approved, source changed": (
        made(fuzzy=True, origin=MT, approved=True, previous="They meet."), State.OUT_OF_DATE, False, False, False,
    ),
    "glossary fill, source changed": (
        made(fuzzy=True, origin="glossary (glossary.csv:2)", previous="They meet."), State.OUT_OF_DATE, True, False, False,
    ),
    "approved draft marked fuzzy again": (made(fuzzy=True, origin=MT, approved=True), State.HUMAN_FUZZY, False, False, False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_state_and_what_drafting_may_do(name: str) -> None:
    entry, state, prefill, machine, refreshed = CASES[name]
    assert entry_state(entry) is state
    assert open_for_prefill(entry, refresh=False) is prefill
    assert open_for_machine(entry, refresh=False) is machine
    assert open_for_machine(entry, refresh=True) is refreshed


def test_every_state_has_a_case_and_a_label() -> None:
    assert {case[1] for case in CASES.values()} == set(State)
    assert all(state.label for state in State)
    assert {state for state in State if state.published} == {State.GLOSSARY, State.MEMORY, State.APPROVED, State.REVIEWED}
    assert {state for state in State if state.fuzzy} == {State.MACHINE_DRAFT, State.OUT_OF_DATE, State.HUMAN_FUZZY}


def test_an_approval_is_recorded_once() -> None:
    entry = made(origin=MT)
    assert record_reviewer_actions(entry) is True
    origin = origin_of(entry)
    assert origin is not None and origin.approved
    assert entry.tcomment.splitlines()[-2:] == [f"origin: {MT}, approved #{origin.digest}", f"for source #{source_digest(entry)}"]
    assert record_reviewer_actions(entry) is False
    # The source changes: out of date, never a draft to replace.
    entry.flags = ["fuzzy"]
    entry.previous_msgid = "They meet."
    assert entry_state(entry) is State.OUT_OF_DATE


def test_an_emptied_draft_is_a_rejection() -> None:
    entry = made(fuzzy=True, origin=MT)
    entry.msgstr = ""
    assert record_reviewer_actions(entry) is True
    assert rejected_by(entry) == [MT]
    assert origin_of(entry) is None
    assert entry_state(entry) is State.UNTRANSLATED
    assert not open_for_machine(entry, refresh=True)
    assert open_for_prefill(entry, refresh=False)  # a reviewed translation from the memory is still welcome
    # Filling it again (by a person, or by hand-deleting the note) is allowed; a new fill drops the note.
    entry.tcomment = ""
    assert open_for_machine(entry, refresh=False)


def test_a_person_s_notes_are_kept_around_dipl10n_s() -> None:
    entry = made(fuzzy=True)
    entry.tcomment = "checked with the desk"
    set_origin(entry, MT)
    assert entry.tcomment.splitlines()[0] == "checked with the desk"
    entry.msgstr = ""
    record_reviewer_actions(entry)
    assert entry.tcomment.splitlines() == ["checked with the desk", f"rejected: {MT}"]


def test_legacy_notes_are_moved_to_translator_comments() -> None:
    entry = polib.POEntry(
        msgid="They met.", msgstr="그들은 만났다.", comment=f"role: headline\norigin: {MT} #0a1b2c3d",
        flags=["fuzzy", "term-missing:NATO"],
    )
    assert upgrade_legacy_notes(entry) is True
    assert entry.comment == "role: headline"
    assert entry.flags == ["fuzzy"]
    assert entry.tcomment.splitlines() == [f"origin: {MT} #0a1b2c3d", "term-missing: NATO"]
    assert upgrade_legacy_notes(entry) is False


def test_counts_are_worded_with_their_plural() -> None:
    assert State.MACHINE_DRAFT.counted(1) == "1 machine draft"
    assert State.MACHINE_DRAFT.counted(8) == "8 machine drafts"
    assert State.APPROVED.counted(2) == "2 approved machine drafts"
    assert State.OUT_OF_DATE.counted(2) == "2 out of date"
    assert State.UNTRANSLATED.counted(0) == "0 untranslated"
