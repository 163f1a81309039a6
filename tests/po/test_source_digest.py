"""The ``for source`` digest: which sentence a translation was made for, kept by every tool that keeps comments."""

from __future__ import annotations

import io

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.mt.memory import Memory
from dipl10n.po import generate_po, parse_po
from dipl10n.po.comments import babel_previous
from dipl10n.po.states import (
    State,
    entry_state,
    is_stale,
    open_for_machine,
    open_for_prefill,
    read_babel_previous,
    recorded_source,
    set_origin,
    settle_source,
    source_digest,
    text_digest,
)
from dipl10n.run.catalogs import recover_previous_sources

MT = "machine translation (double translate-en_ko 1.0)"
OLD, NEW = "They met on Monday.", "They met on Tuesday."


def _entry(msgid: str = OLD, msgstr: str = "그들은 월요일에 만났다.", *, fuzzy: bool = False, **kw) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], **kw)


def test_the_digest_covers_context_msgid_and_plural() -> None:
    plain = _entry()
    assert source_digest(plain) == text_digest(OLD)
    digests = {
        source_digest(plain),
        source_digest(_entry(msgctxt="menu")),
        source_digest(polib.POEntry(msgid=OLD, msgid_plural="They met on Mondays.", msgstr_plural={0: "x"})),
        source_digest(_entry(NEW)),
    }
    assert len(digests) == 4


def test_a_fill_records_its_source_and_a_merge_to_another_sentence_makes_it_stale() -> None:
    entry = _entry(fuzzy=True)
    set_origin(entry, MT)
    assert recorded_source(entry) == text_digest(OLD) and not is_stale(entry)
    # A tool's fuzzy match gives the translation to a changed sentence and names no previous msgid.
    entry.msgid = NEW
    assert not settle_source(entry)  # a fuzzy translation keeps the digest it had
    assert is_stale(entry) and entry.previous_msgid is None
    assert entry_state(entry) is State.MACHINE_DRAFT
    assert open_for_machine(entry, refresh=False) and open_for_prefill(entry, refresh=False)


@pytest.mark.parametrize("approved", [True, False], ids=["approved draft", "reviewed"])
def test_vouched_for_work_whose_sentence_changed_is_out_of_date_not_under_review(approved: bool) -> None:
    entry = _entry()
    if approved:
        set_origin(entry, MT, approved=True)
    assert settle_source(entry) is (not approved)  # a person's text gets its digest from the first run that sees it
    assert recorded_source(entry) == text_digest(OLD)
    entry.msgid, entry.flags = NEW, ["fuzzy"]  # plain msgmerge: fuzzy, no #|
    assert entry_state(entry) is State.OUT_OF_DATE
    assert not open_for_machine(entry, refresh=True)


def test_clearing_the_fuzzy_mark_vouches_for_the_sentence_the_entry_has_now() -> None:
    entry = _entry(fuzzy=True)
    set_origin(entry, MT)
    entry.msgid = NEW
    assert is_stale(entry)
    entry.flags = []
    assert settle_source(entry) and recorded_source(entry) == text_digest(NEW) and not is_stale(entry)
    assert not settle_source(entry)


def test_what_settles_and_what_does_not() -> None:
    # Written before digests were recorded: a fuzzy translation without #| is taken as made for its sentence.
    legacy = _entry(fuzzy=True)
    assert settle_source(legacy) and recorded_source(legacy) == text_digest(OLD)
    # With #| it is stale already; no digest is guessed.
    merged = _entry(NEW, fuzzy=True, previous_msgid=OLD)
    assert not settle_source(merged) and recorded_source(merged) is None and is_stale(merged)
    # An emptied entry stands for nothing.
    emptied = _entry()
    settle_source(emptied)
    emptied.msgstr = ""
    assert settle_source(emptied) and recorded_source(emptied) is None and not is_stale(emptied)


def test_a_person_s_comment_keeps_its_place_above_the_digest() -> None:
    entry = _entry(tcomment="checked with the desk")
    settle_source(entry)
    assert entry.tcomment.splitlines() == ["checked with the desk", f"for source #{text_digest(OLD)}"]
    assert all(len(line) <= 76 for line in entry.tcomment.splitlines())  # Babel never wraps it


# -- Babel's "# | msgid" ------------------------------------------------------------------


def test_babel_previous_reads_wrapped_lines_and_escapes() -> None:
    lines = ["origin: x #12345678", '| msgid "They said \\"yes\\" to the plan of the', 'Republic of Korea."', "note"]
    previous, rest = babel_previous(lines)
    assert previous == {"msgid": 'They said "yes" to the plan of the Republic of Korea.'}
    assert rest == ["origin: x #12345678", "note"]


@pytest.mark.parametrize(
    "lines",
    [
        ['| msgid "never closed'],
        ['| msgid "bad \\q escape"'],
        ['| msgid "two" "strings"'],
        ['| msgstr "not a previous field"'],
    ],
)
def test_what_is_not_babel_s_form_stays_a_comment(lines: list[str]) -> None:
    assert babel_previous(lines) == ({}, lines)


_WORDS = st.text(alphabet=st.sampled_from('abcXYZ가나다\\"\'.,-%'), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_a_previous_msgid_through_babel_reads_back_exactly(words: list[str]) -> None:
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write

    previous = " ".join(words)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="They met.", msgstr="그들은 만났다.", flags=["fuzzy"], previous_msgid=previous,
                                 tcomment="kept"))  # fmt: skip
    # Babel reads #| as a translator comment and writes it back as one ("# | msgid ..."), wrapped at 76 columns.
    babel = babel_read(io.BytesIO(generate_po(catalog).encode("utf-8")))
    out = io.BytesIO()
    babel_write(out, babel, include_previous=True)
    assert b"# | msgid" in out.getvalue()
    entry = next(e for e in parse_po(out.getvalue(), path="babel.po") if e.msgid == "They met.")
    assert entry.previous_msgid is None
    assert read_babel_previous(entry)
    assert (entry.previous_msgid, entry.tcomment) == (previous, "kept")


# -- the previous source from the translation memory -------------------------------------


def test_the_memory_gives_back_the_sentence_whose_digest_the_entry_recorded(tmp_path) -> None:
    target = "그들은 월요일에 만났다."
    with Memory.open(tmp_path / "memory.sqlite") as memory:
        # Two sentences were once translated the same way; only one is the sentence this translation was made for.
        memory.record_reviewed([("They met on Monday!", "ko", "a.po", target), (OLD, "ko", "b.po", target)])
        catalog = polib.POFile()
        entry = _entry()
        settle_source(entry)
        entry.msgid, entry.flags = NEW, ["fuzzy"]
        unknown = _entry("Other.", "다른 번역.", tcomment=f"for source #{text_digest('Gone.')}", fuzzy=True)
        catalog.extend([entry, unknown])
        assert recover_previous_sources(catalog, "ko", memory) == 1
    assert entry.previous_msgid == OLD and unknown.previous_msgid is None
    assert entry_state(unknown) is State.OUT_OF_DATE
