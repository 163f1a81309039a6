"""Tests for dipl10n.po.merge: msgmerge's merge, keyed by (msgctxt, msgid).

The rules one by one, then the whole merge against GNU ``msgmerge
--previous`` byte for byte, then the two places where the merge differs on
purpose (entries with a context or plural forms that the template lacks stay
live; an already fuzzy translation matched to an edited sentence names the
sentence it was made for in ``#|``), then a property: a merge never loses a
translation. The third difference, a reverted sentence published again from
the translation memory, is the pipeline's (``tests/mt/test_memory_restore.py``).
"""

from __future__ import annotations

import copy
import subprocess

import polib
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from dipl10n.po import MergeResult, generate_po, merge, parse_po
from dipl10n.po.model import key, live, msgstrs
from helpers.catalogs import HEADER_FIELDS, MSGMERGE, catalog, entry, needs_msgmerge

TEMPLATE_FIELDS = [
    ("Project-Id-Version", "Diplomacy Journal"),
    ("Report-Msgid-Bugs-To", "desk@example.org"),
    ("POT-Creation-Date", "2024-07-11 08:00+0000"),
    ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
    ("Language-Team", "LANGUAGE <LL@li.org>"),
    ("Language", ""),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
]


def template(*entries: polib.POEntry) -> polib.POFile:
    return catalog(*entries, fields=TEMPLATE_FIELDS, header="Diplomacy Journal.\n", fuzzy=True)


def merged(po: polib.POFile, pot: polib.POFile) -> tuple[polib.POFile, MergeResult]:
    """``po`` merged with ``pot``, read back from its text (what the next run sees)."""
    result = merge(po, pot)
    return parse_po(generate_po(po).encode("utf-8"), path="ko.po"), result


def find(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    (found,) = [e for e in po if e.msgid == msgid and e.msgctxt == msgctxt]
    return found


SEOUL = "The foreign ministers met in Seoul on Tuesday to prepare the summit."
SEOUL_EDITED = "The foreign ministers met in Busan on Tuesday to prepare the summit."
NATO = "NATO and South Korea agreed to share information on missile launches."
NATO_EDITED = "NATO and South Korea agreed to share intelligence on missile launches."
TALKS = "The talks will resume in Geneva next month, the spokesman said."
GONE = "Both sides expressed grave concern about the artillery drills."
NEW = "A joint statement is expected after the second round."


# =============================================================================
# The rules
# =============================================================================


def test_exact_match_keeps_translation_translator_comments_and_fuzzy():
    po = catalog(
        entry(SEOUL, "외교장관들은 화요일 서울에서 만났다.", tcomment="origin: reviewer\nchecked", flags=["fuzzy"]),
        entry(NATO, "나토와 한국은 정보를 공유하기로 했다.", tcomment="approved"),
    )
    out, result = merged(po, template(entry(SEOUL), entry(NATO)))
    seoul, nato = find(out, SEOUL), find(out, NATO)
    assert (seoul.msgstr, seoul.tcomment, seoul.fuzzy) == ("외교장관들은 화요일 서울에서 만났다.", "origin: reviewer\nchecked", True)
    assert (nato.msgstr, nato.tcomment, nato.fuzzy) == ("나토와 한국은 정보를 공유하기로 했다.", "approved", False)
    assert result == MergeResult(added=0, fuzzy_matched=0, obsoleted=0, revived=0, kept_foreign=0)


def test_references_extracted_comments_and_format_flags_come_from_the_template():
    po = catalog(
        entry(
            SEOUL,
            "서울",
            comment="role: body\nglossary: old hint",
            occurrences=[("old.md", 3)],
            flags=["fuzzy", "python-format", "range: 1..2", "glossary-ok"],
            tcomment="kept",
        )
    )
    pot = template(
        entry(SEOUL, comment="role: headline", occurrences=[("source/a.md", 1), ("source/b.md", 9)], flags=["c-format", "no-wrap"])
    )
    out, _ = merged(po, pot)
    seoul = find(out, SEOUL)
    assert seoul.comment == "role: headline"
    assert seoul.occurrences == [("source/a.md", "1"), ("source/b.md", "9")]
    # fuzzy from the catalog; format, range and wrap flags from the template; other flags kept.
    assert sorted(seoul.flags) == ["c-format", "fuzzy", "glossary-ok", "no-wrap"]
    assert seoul.tcomment == "kept"


def test_a_non_fuzzy_entry_loses_its_previous_msgid_a_fuzzy_one_keeps_it():
    po = catalog(
        entry(SEOUL, "서울", previous_msgid="The ministers met in Seoul.", previous_msgctxt="old"),
        entry(NATO, "나토", flags=["fuzzy"], previous_msgid=NATO_EDITED),
        entry(TALKS, "", flags=["fuzzy"], previous_msgid="Talks."),  # untranslated: nothing to compare with
    )
    out, _ = merged(po, template(entry(SEOUL), entry(NATO), entry(TALKS)))
    assert (find(out, SEOUL).previous_msgid, find(out, SEOUL).previous_msgctxt) == (None, None)
    assert find(out, NATO).previous_msgid == NATO_EDITED
    assert find(out, TALKS).previous_msgid is None


def test_a_changed_sentence_becomes_fuzzy_with_the_previous_msgid():
    po = catalog(
        entry(SEOUL, "외교장관들은 서울에서 만났다.", tcomment="checked by Kim", comment="role: body", occurrences=[("a.md", 1)]),
    )
    out, result = merged(po, template(entry(SEOUL_EDITED, comment="role: headline", occurrences=[("a.md", 2)])))
    (edited,) = out
    assert edited.msgid == SEOUL_EDITED and not edited.obsolete
    assert (edited.msgstr, edited.tcomment, edited.fuzzy) == ("외교장관들은 서울에서 만났다.", "checked by Kim", True)
    assert (edited.previous_msgctxt, edited.previous_msgid) == (None, SEOUL)
    assert (edited.comment, edited.occurrences) == ("role: headline", [("a.md", "2")])
    # The entry it came from is not obsoleted: its translation lives on in the fuzzy one.
    assert result == MergeResult(added=0, fuzzy_matched=1, obsoleted=0, revived=0, kept_foreign=0)


def test_a_fuzzy_match_from_a_fuzzy_entry_names_the_msgid_the_translation_was_made_for():
    po = catalog(entry(SEOUL_EDITED, "서울", flags=["fuzzy"], previous_msgid=SEOUL))
    edited_again = SEOUL_EDITED.replace("Tuesday", "Monday")
    out, _ = merged(po, template(entry(edited_again)))
    (again,) = out
    assert (again.msgid, again.previous_msgid, again.fuzzy) == (edited_again, SEOUL, True)


def test_removed_translated_entries_become_obsolete_untranslated_ones_are_dropped():
    po = catalog(
        entry(SEOUL, "서울", tcomment="keep me", comment="role: body", occurrences=[("a.md", 1)], flags=["c-format"]),
        entry(
            GONE,
            "양측은 우려를 표명했다.",
            tcomment="note",
            comment="role: body",
            occurrences=[("a.md", 2)],
            flags=["fuzzy", "c-format"],
            previous_msgid="Both sides.",
        ),
        entry(TALKS, ""),
    )
    out, result = merged(po, template(entry(SEOUL)))
    gone = find(out, GONE)
    assert gone.obsolete and gone.msgstr == "양측은 우려를 표명했다."
    assert (gone.tcomment, gone.fuzzy, gone.previous_msgid) == ("note", True, "Both sides.")
    assert "c-format" in gone.flags  # written and read back: obsolete entries keep their format flags
    # msgmerge clears the extracted comments and references of obsolete entries.
    assert (gone.comment, gone.occurrences) == ("", [])
    assert not [e for e in out if e.msgid == TALKS]
    assert result == MergeResult(added=0, fuzzy_matched=0, obsoleted=1, revived=0, kept_foreign=0)


def test_obsolete_entries_are_revived_by_an_exact_match():
    po = catalog(
        entry(SEOUL, "서울"),
        entry(GONE, "양측은 우려를 표명했다.", tcomment="note", obsolete=True),
        entry(NATO, "나토", flags=["fuzzy"], previous_msgid="NATO.", obsolete=True),
    )
    out, result = merged(po, template(entry(GONE, occurrences=[("a.md", 5)]), entry(SEOUL), entry(NATO)))
    assert [(e.msgid, e.obsolete) for e in out] == [(GONE, False), (SEOUL, False), (NATO, False)]
    gone, nato = find(out, GONE), find(out, NATO)
    assert (gone.msgstr, gone.tcomment, gone.fuzzy, gone.occurrences) == ("양측은 우려를 표명했다.", "note", False, [("a.md", "5")])
    assert (nato.msgstr, nato.fuzzy, nato.previous_msgid) == ("나토", True, "NATO.")
    assert result == MergeResult(added=0, fuzzy_matched=0, obsoleted=0, revived=2, kept_foreign=0)


def test_a_fuzzy_match_considers_obsolete_entries():
    po = catalog(entry(SEOUL, "서울"), entry(NATO, "나토와 한국", tcomment="from the archive", obsolete=True))
    out, result = merged(po, template(entry(SEOUL), entry(NATO_EDITED)))
    edited = find(out, NATO_EDITED)
    assert (edited.msgstr, edited.tcomment, edited.fuzzy, edited.previous_msgid) == ("나토와 한국", "from the archive", True, NATO)
    assert [e.msgid for e in out] == [SEOUL, NATO_EDITED]  # the obsolete source is used up
    assert result == MergeResult(added=0, fuzzy_matched=1, obsoleted=0, revived=0, kept_foreign=0)


def test_a_new_sentence_is_added_untranslated():
    out, result = merged(catalog(entry(SEOUL, "서울")), template(entry(NEW, comment="role: headline"), entry(SEOUL)))
    new = find(out, NEW)
    assert (new.msgstr, new.fuzzy, new.previous_msgid, new.comment) == ("", False, None, "role: headline")
    assert result == MergeResult(added=1, fuzzy_matched=0, obsoleted=0, revived=0, kept_foreign=0)


def test_entries_with_a_context_or_plural_forms_the_template_lacks_stay_live_in_their_place():
    po = catalog(
        entry(SEOUL, "서울"),
        entry("Read more", "더 보기", msgctxt="newsletter", tcomment="added by a developer"),
        entry("{n} sentence", msgid_plural="{n} sentences", msgstr_plural={0: "{n}개 문장"}, flags=["python-brace-format"]),
        entry(NATO, "나토"),
        entry(GONE, "사라짐"),
    )
    out, result = merged(po, template(entry(NATO), entry(SEOUL), entry(NEW)))
    assert [(e.msgctxt, e.msgid, e.obsolete) for e in out] == [
        (None, NATO, False),
        (None, SEOUL, False),
        ("newsletter", "Read more", False),  # after the entry it followed
        (None, "{n} sentence", False),
        (None, NEW, False),
        (None, GONE, True),
    ]
    foreign = find(out, "Read more", "newsletter")
    assert (foreign.msgstr, foreign.tcomment) == ("더 보기", "added by a developer")
    assert msgstrs(find(out, "{n} sentence")) == ["{n}개 문장"]
    assert result == MergeResult(added=1, fuzzy_matched=0, obsoleted=1, revived=0, kept_foreign=2)


def test_a_context_entry_with_the_msgid_of_a_template_entry_keeps_its_own_translator_comments():
    po = catalog(
        entry(SEOUL, "서울 (기사)", tcomment="article note"),
        entry(SEOUL, "서울 (메뉴)", msgctxt="menu", tcomment="menu note"),
    )
    out, result = merged(po, template(entry(SEOUL)))
    article, menu = find(out, SEOUL), find(out, SEOUL, "menu")
    assert (article.msgstr, article.tcomment, article.fuzzy) == ("서울 (기사)", "article note", False)
    assert (menu.msgstr, menu.tcomment, menu.fuzzy, menu.obsolete) == ("서울 (메뉴)", "menu note", False, False)
    assert result.kept_foreign == 1


def test_a_context_entry_that_lends_its_translation_stays_live():
    """The template has the context entry's msgid without a context: a fuzzy proposal, and the entry stays."""
    po = catalog(entry(SEOUL, "서울 (메뉴)", msgctxt="menu", tcomment="menu note"))
    out, result = merged(po, template(entry(SEOUL)))
    menu = find(out, SEOUL, "menu")
    assert (menu.msgstr, menu.tcomment, menu.fuzzy, menu.obsolete) == ("서울 (메뉴)", "menu note", False, False)
    proposal = find(out, SEOUL)
    assert (proposal.msgstr, proposal.fuzzy, proposal.previous_msgctxt, proposal.previous_msgid) == (
        "서울 (메뉴)",
        True,
        "menu",
        SEOUL,
    )
    assert result == MergeResult(added=0, fuzzy_matched=1, obsoleted=0, revived=0, kept_foreign=1)


def test_an_entry_whose_plural_forms_changed_becomes_fuzzy_and_keeps_its_translation():
    po = catalog(
        entry("one minister", msgid_plural="{n} ministers", msgstr_plural={0: "장관 {n}명"}, tcomment="plural"),
        entry("one delegation", "대표단 하나"),
        entry("one envoy", msgid_plural="{n} envoys", msgstr_plural={0: "특사 {n}명"}),
    )
    pot = template(
        entry("one minister"),
        entry("one delegation", msgid_plural="{n} delegations", msgstr_plural={0: "", 1: ""}),
        entry("one envoy", msgid_plural="{n} special envoys", msgstr_plural={0: "", 1: ""}),
    )
    out, _ = merged(po, pot)
    minister, delegation, envoy = find(out, "one minister"), find(out, "one delegation"), find(out, "one envoy")
    assert (minister.msgstr, minister.msgid_plural, minister.tcomment, minister.fuzzy) == ("장관 {n}명", "", "plural", True)
    assert (minister.previous_msgid, minister.previous_msgid_plural) == ("one minister", "{n} ministers")
    assert (msgstrs(delegation)[0], delegation.msgid_plural, delegation.fuzzy) == ("대표단 하나", "{n} delegations", True)
    assert delegation.previous_msgid == "one delegation"
    assert (msgstrs(envoy)[0], envoy.fuzzy, envoy.previous_msgid_plural) == ("특사 {n}명", True, "{n} envoys")


def test_header_takes_report_address_and_creation_date_from_the_template():
    po = catalog(entry(SEOUL, "서울"))
    out, _ = merged(po, template(entry(SEOUL)))
    expected = dict(HEADER_FIELDS)
    expected["Report-Msgid-Bugs-To"] = "desk@example.org"
    expected["POT-Creation-Date"] = "2024-07-11 08:00+0000"
    assert list(out.metadata.items()) == list(expected.items())
    assert (out.header, out.metadata_is_fuzzy) == ("Korean translation of the Diplomacy Journal.\n", False)


def test_merge_counts():
    po = catalog(
        entry(SEOUL, "서울"),  # exact
        entry(NATO, "나토"),  # fuzzy source of NATO_EDITED
        entry(GONE, "사라짐"),  # obsoleted
        entry(TALKS, "회담", obsolete=True),  # revived
        entry("Read more", "더 보기", msgctxt="newsletter"),  # kept
    )
    _, result = merged(po, template(entry(SEOUL), entry(NATO_EDITED), entry(TALKS), entry(NEW)))
    assert result == MergeResult(added=1, fuzzy_matched=1, obsoleted=1, revived=1, kept_foreign=1)


def test_merge_does_not_touch_the_template():
    pot = template(entry(SEOUL, comment="role: body", occurrences=[("a.md", 1)], flags=["c-format"]), entry(NEW))
    before = generate_po(pot)
    po = catalog(entry(SEOUL, "서울"))
    merge(po, pot)
    for item in live(po):
        item.occurrences.append(("x.md", "1"))
        item.flags.append("fuzzy")
        item.msgstr = "채움"
    assert generate_po(pot) == before


# =============================================================================
# Against GNU msgmerge --previous
# =============================================================================

LONG = (
    "Ministers from Japan, China, South Korea, the United States, Russia, India, Australia, Indonesia, Vietnam and "
    "the Philippines attended the ASEAN Regional Forum in Vientiane, where the South China Sea dominated the agenda."
)


def differential_catalogs() -> tuple[polib.POFile, polib.POFile]:
    """A catalog and a template whose fuzzy matches are unambiguous: one word edited in distinct sentences."""
    po = catalog(
        # exact, a stale #| that goes, the extracted comment, references and format flag from the template
        entry(
            SEOUL,
            "외교장관들은 화요일 서울에서 만났다.",
            tcomment="checked",
            comment="role: body",
            occurrences=[("old.md", 1)],
            previous_msgid="The ministers met.",
        ),
        # exact and fuzzy: keeps #|
        entry(TALKS, "회담은 다음 달 제네바에서 재개된다.", flags=["fuzzy"], previous_msgid="The talks will resume."),
        # one word edited: fuzzy with #|
        entry(NATO, "나토와 한국은 미사일 발사 정보를 공유하기로 했다.", tcomment="reviewed", occurrences=[("old.md", 3)]),
        # one word edited in a fuzzy entry: #| keeps the msgid the translation was made for
        entry(LONG.replace("Vientiane", "Vientiane, Laos"), "아세안지역안보포럼", flags=["fuzzy"], previous_msgid=LONG),
        # removed, translated: obsolete without extracted comments and references, with its format flag
        entry(
            GONE,
            "양측은 포격 훈련에 깊은 우려를 표명했다.",
            tcomment="note",
            comment="role: body",
            occurrences=[("old.md", 5)],
            flags=["c-format"],
        ),
        # removed, untranslated: dropped
        entry("The ceremony was broadcast live on national television.", ""),
        # obsolete, back in the template: revived
        entry(NEW, "2차 회의 후 공동성명이 나올 예정이다.", tcomment="archived", obsolete=True),
        # obsolete, a word edited in the template: a fuzzy match from an obsolete entry
        entry("Exports rose sharply in the first quarter of the year.", "1분기 수출이 급증했다.", obsolete=True),
        # obsolete and still gone
        entry(
            "The embassy will be closed on Friday for the national holiday.",
            "대사관은 금요일 휴관한다.",
            tcomment="old",
            flags=["fuzzy"],
            obsolete=True,
        ),
    )
    pot = template(
        entry(NEW, occurrences=[("source/a.md", 1)]),
        entry(SEOUL, comment="role: headline", occurrences=[("source/a.md", 3)], flags=["c-format"]),
        entry(NATO.replace("missile", "rocket"), occurrences=[("source/a.md", 5)]),
        entry(TALKS, occurrences=[("source/a.md", 7)]),
        entry(LONG.replace("Vientiane", "Vientiane, Laos").replace("dominated", "led"), occurrences=[("source/a.md", 9)]),
        entry("Exports rose sharply in the second quarter of the year.", occurrences=[("source/b.md", 2)]),
        entry("A completely different sentence about the weather in Pyongyang.", occurrences=[("source/b.md", 4)]),
    )
    return po, pot


def msgmerge(po: polib.POFile, pot: polib.POFile, tmp_path) -> str:
    (tmp_path / "ko.po").write_text(generate_po(po), encoding="utf-8")
    (tmp_path / "a.pot").write_text(generate_po(pot), encoding="utf-8")
    result = subprocess.run(
        [MSGMERGE, "--previous", "--quiet", "-o", "-", str(tmp_path / "ko.po"), str(tmp_path / "a.pot")],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")


@needs_msgmerge
def test_merge_matches_msgmerge_previous_byte_for_byte(tmp_path):
    po, pot = differential_catalogs()
    gnu = msgmerge(po, pot, tmp_path)
    result = merge(po, pot)
    assert generate_po(po) == gnu
    assert result == MergeResult(added=1, fuzzy_matched=3, obsoleted=1, revived=1, kept_foreign=0)
    # And what msgmerge wrote, dipl10n reads and writes back unchanged.
    assert generate_po(parse_po(gnu.encode("utf-8"), path="ko.po")) == gnu


@needs_msgmerge
def test_dipl10n_keeps_foreign_entries_live_where_msgmerge_obsoletes_them(tmp_path):
    """The first difference: msgctxt and plural entries the template lacks stay live, in their place."""
    po, pot = differential_catalogs()
    foreign = [
        entry("Read more", "더 보기", msgctxt="newsletter", tcomment="added by a developer", occurrences=[("app.py", 12)]),
        entry("{n} sentence", msgid_plural="{n} sentences", msgstr_plural={0: "{n}개 문장"}, flags=["python-brace-format"]),
    ]
    po[1:1] = foreign  # after SEOUL
    gnu = parse_po(msgmerge(po, pot, tmp_path).encode("utf-8"), path="gnu.po")
    result = merge(po, pot)
    assert result.kept_foreign == 2
    foreign_keys = {key(e) for e in foreign}
    ours = [(key(e), e.obsolete) for e in po]
    # Live, right after the entry they followed (SEOUL), with everything they had.
    seoul = ours.index(((None, SEOUL), False))
    assert ours[seoul + 1 : seoul + 3] == [(("newsletter", "Read more"), False), ((None, "{n} sentence"), False)]
    assert find(po, "Read more", "newsletter").occurrences == [("app.py", "12")]
    # msgmerge makes them obsolete (and clears their references).
    assert {key(e) for e in gnu if e.obsolete} >= foreign_keys
    assert find(gnu, "Read more", "newsletter").occurrences == []
    # Everything else is the same, byte for byte.
    for catalog_ in (po, gnu):
        catalog_[:] = [e for e in catalog_ if key(e) not in foreign_keys]
    assert generate_po(po) == generate_po(gnu)


@needs_msgmerge
def test_dipl10n_names_the_sentence_an_already_fuzzy_translation_was_made_for_where_msgmerge_names_none(tmp_path):
    """The second difference: a fuzzy entry without ``#|`` (a machine draft) matched to an edited sentence.

    GNU writes no ``#|`` for an entry that was already fuzzy; dipl10n writes the msgid the translation was made
    for, so that a draft of the old sentence is known as stale (re-drafted, and shown before/now on the review
    page) instead of passing for a draft of the new one.
    """
    po = catalog(entry(NATO, "[초안] 나토와 한국은 미사일 발사 정보를 공유하기로 했다.", flags=["fuzzy"]))
    pot = template(entry(NATO_EDITED))
    gnu = find(parse_po(msgmerge(po, pot, tmp_path).encode("utf-8"), path="gnu.po"), NATO_EDITED)
    ours, _ = merged(po, pot)
    mine = find(ours, NATO_EDITED)
    assert gnu.previous_msgid is None and mine.previous_msgid == NATO
    assert (gnu.msgstr, gnu.flags) == (mine.msgstr, mine.flags) == ("[초안] 나토와 한국은 미사일 발사 정보를 공유하기로 했다.", ["fuzzy"])


# =============================================================================
# Property: a merge never loses a translation
# =============================================================================

SENTENCES = [
    SEOUL,
    SEOUL_EDITED,
    NATO,
    NATO_EDITED,
    TALKS,
    TALKS.replace("Geneva", "Vienna"),
    GONE,
    NEW,
    "Exports rose 3.5% in the first quarter.",
    "Exports fell 2.1% in the first quarter.",
    "Seoul",
    "Busan",
]
msgids = st.one_of(st.sampled_from(SENTENCES), st.text("abcdef ghij.", min_size=1, max_size=30))
contexts = st.sampled_from([None, None, None, "menu", "newsletter"])
translations = st.sampled_from(["", "", "번역", "사람이 쓴 번역", "검토한 번역"])


@st.composite
def old_catalogs(draw) -> polib.POFile:
    """A catalog as read from disk: contexts, plurals, fuzzy entries with #|, obsolete entries."""
    po = catalog(fields=HEADER_FIELDS)
    for context, msgid in draw(st.lists(st.tuples(contexts, msgids), max_size=10, unique=True)):
        item = entry(msgid, msgctxt=context, occurrences=[("source/a.md", draw(st.integers(1, 40)))])
        if draw(st.integers(0, 3)) == 0:
            item.msgid_plural = msgid + "s"
            item.msgstr_plural = dict(enumerate(draw(st.lists(translations, min_size=1, max_size=2))))
        else:
            item.msgstr = draw(translations) and f"{draw(translations) or '번역'}: {msgid}"
        translated = msgstrs(item)[0] != ""
        if translated and draw(st.booleans()):
            item.flags = ["fuzzy"]
            item.previous_msgid = draw(st.none() | msgids)
        item.tcomment = draw(st.sampled_from(["", "note", "origin: reviewer"]))
        item.obsolete = translated and draw(st.integers(0, 3)) == 0
        po.append(item)
    return parse_po(generate_po(po).encode("utf-8"), path="old.po")


@st.composite
def templates(draw) -> polib.POFile:
    pot = template()
    keys = draw(st.lists(st.tuples(st.sampled_from([None, None, None, None, "menu"]), msgids), max_size=10, unique=True))
    for line, (context, msgid) in enumerate(keys, start=1):
        item = entry(msgid, msgctxt=context, occurrences=[("source/a.md", line)])
        if draw(st.integers(0, 5)) == 0:
            item.msgid_plural = msgid + "s"
            item.msgstr_plural = {0: "", 1: ""}
        pot.append(item)
    return parse_po(generate_po(pot).encode("utf-8"), path="a.pot")


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_catalogs(), templates())
def test_a_merge_never_loses_a_translation(old: polib.POFile, pot: polib.POFile):
    note(generate_po(old))
    note(generate_po(pot))
    po = copy.deepcopy(old)
    result = merge(po, pot)
    note(generate_po(po))
    # What the next run reads: the merged catalog written and read back.
    back = parse_po(generate_po(po).encode("utf-8"), path="ko.po")
    found = {string for e in back for string in msgstrs(e)}
    # Singular entries that a plural one may have gone into: an exact match, or a fuzzy one (#|).
    singular = {key(e) for e in pot if not e.msgid_plural}
    singular |= {(e.previous_msgctxt, e.previous_msgid) for e in live(back) if e.previous_msgid is not None and not e.msgid_plural}
    for item in old:
        strings = msgstrs(item)
        made_for = (item.previous_msgctxt, item.previous_msgid) if item.fuzzy and item.previous_msgid is not None else None
        if item.msgid_plural and (key(item) in singular or made_for in singular):
            # Its translation went into a singular entry: the first form is proposed (fuzzy, #| msgid_plural),
            # the other forms have no place left there, as with msgmerge.
            strings = strings[:1]
        for string in strings:
            if string:
                assert string in found, (item.msgctxt, item.msgid, string)
    # The template's entries are all there, live, once; nothing else is live but the entries kept as they were.
    live_keys = [key(e) for e in live(back)]
    assert len(live_keys) == len(set(live_keys))
    template_keys = {key(e) for e in pot}
    assert template_keys <= set(live_keys)
    kept = [k for k in live_keys if k not in template_keys]
    assert len(kept) == result.kept_foreign
    old_live = {key(e) for e in live(old)}
    assert all(k in old_live and (k[0] is not None or find(old, k[1]).msgid_plural) for k in kept)
    # A proposal nobody approved for its sentence is fuzzy.
    for item in live(back):
        if item.previous_msgid is not None and msgstrs(item)[0]:
            assert item.fuzzy, item.msgid
