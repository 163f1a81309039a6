"""Tests for dipl10n.po.writer: a catalog written byte for byte as GNU gettext 0.21 writes it.

The writer is compared with GNU gettext itself: ``msgcat`` reads a catalog and
prints it with its own wrapping, so ``msgcat(generate_po(c)) == generate_po(c)``
holds exactly when dipl10n wraps, orders and escapes as GNU does. The line
breaking tables (:mod:`dipl10n.po.linebreak`) are compared with the
libunistring that GNU gettext uses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import random
import subprocess
import unicodedata

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n.errors import ConcurrentEditError
from dipl10n.po import generate_po, parse_po, write_po
from dipl10n.po.linebreak import char_width, classes_and_widths, possible_breaks
from dipl10n.po.model import join_comment, msgstrs, new_catalog
from helpers.catalogs import (
    MSGFMT,
    POEDIT_FILE,
    catalog,
    entry,
    msgcat,
    needs_gettext,
    snapshot,
)


def msgfmt_check(path) -> subprocess.CompletedProcess:
    return subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, check=False)


def columns(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def entry_text(po: polib.POFile, index: int) -> str:
    """The text of the ``index``-th entry (0 is the header)."""
    return generate_po(po).split("\n\n")[index].rstrip("\n") + "\n"


# =============================================================================
# The header
# =============================================================================


def test_header_changes_are_written_in_place():
    po = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    po.metadata["PO-Revision-Date"] = "2025-01-02 03:04+0000"
    po.metadata["Last-Translator"] = "Lee Jun <jun@example.org>"
    expected = POEDIT_FILE.replace("2024-05-02 10:30+0900", "2025-01-02 03:04+0000").replace(
        "Kim Minji <minji@example.org>\\n", "Lee Jun <jun@example.org>\\n"
    )
    assert generate_po(po) == expected


def test_header_comment_is_written_as_set_without_substitutions():
    po = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    po.header = "New comment for PROJECT, YEAR.\n"
    assert generate_po(po).startswith('# New comment for PROJECT, YEAR.\n#\nmsgid ""\n')


def test_metadata_keeps_order_and_unknown_fields():
    po = new_catalog()
    po.header = "Template.\n"
    po.metadata_is_fuzzy = True
    fields = [
        ("Project-Id-Version", "Diplomacy Journal"),
        ("Language", ""),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Plural-Forms", "nplurals=INTEGER; plural=EXPRESSION;"),
        ("X-Generator", "dipl10n 0.1.0"),
    ]
    po.metadata = dict(fields)
    text = generate_po(po)
    assert text == (
        "# Template.\n#\n#, fuzzy\n"
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: Diplomacy Journal\\n"\n'
        '"Language: \\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n'
        '"X-Generator: dipl10n 0.1.0\\n"\n'
    )
    back = parse_po(text.encode("utf-8"), path="x.pot")
    assert list(back.metadata.items()) == fields
    assert (back.header, back.metadata_is_fuzzy) == ("Template.\n", True)


def test_fresh_catalog_gets_no_invented_header():
    assert generate_po(new_catalog()) == ""
    po = catalog(fields=[("Language", "ko"), ("Content-Type", "text/plain; charset=UTF-8")], header="")
    assert generate_po(po) == 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_headerless_catalog_gets_a_header_once_fields_are_set():
    po = parse_po(b'msgid "a"\nmsgstr "b"\n', path="x.po")
    po.metadata = {"Language": "ko", "Content-Type": "text/plain; charset=UTF-8"}
    text = generate_po(po)
    assert text.startswith('msgid ""\nmsgstr ""\n') and '"Language: ko\\n"' in text
    assert text.endswith('\n\nmsgid "a"\nmsgstr "b"\n')


# =============================================================================
# Comments, flags and the cases GNU normalises
# =============================================================================


def test_comment_and_flag_order():
    po = catalog(
        entry(
            "Seoul",
            "서울",
            flags=["term-missing:ITPP", "no-wrap", "c-format", "fuzzy", "glossary-ok", "range: 1..3"],
            occurrences=[("./articles/a.md", 3), ("b.md", None)],
            comment="role: headline\n",
            tcomment="checked\n",
            previous_msgctxt="old",
            previous_msgid="Seol",
        )
    )
    assert entry_text(po, 1) == (
        "# checked\n"
        "#\n"
        "#. role: headline\n"
        "#.\n"
        "#: articles/a.md:3 b.md\n"
        "#, fuzzy, c-format, range: 1..3, no-wrap, glossary-ok, term-missing:ITPP\n"
        '#| msgctxt "old"\n'
        '#| msgid "Seol"\n'
        'msgid "Seoul"\n'
        'msgstr "서울"\n'
    )


def test_gnu_normalisations():
    po = catalog(
        entry("untranslated", "", flags=["fuzzy"]),
        entry("gone, untranslated", "", obsolete=True),
        entry("gone", "사라짐", flags=["fuzzy", "c-format", "range: 1..3", "no-wrap"], obsolete=True),
    )
    text = generate_po(po)
    assert 'fuzzy\nmsgid "untranslated"' not in text
    assert "gone, untranslated" not in text
    # An obsolete entry keeps fuzzy, its format flags and no-wrap; not range (GNU's message_print_obsolete).
    # (The Babel-era writer dropped the format flags of obsolete entries.)
    assert text.endswith('\n\n#, fuzzy, c-format, no-wrap\n#~ msgid "gone"\n#~ msgstr "사라짐"\n')


@needs_gettext
def test_obsolete_entries_with_format_flags_match_msgcat():
    po = catalog(
        entry("live %d", "%d 살아 있음", flags=["c-format", "range: 1..3"], occurrences=[("a.md", 1)]),
        entry(
            "gone %d",
            "%d 사라짐",
            flags=["fuzzy", "c-format", "range: 1..3"],
            tcomment="translator\nnote",
            comment="extracted",
            occurrences=[("a.md", 2), ("b.md", None)],
            previous_msgid="went %d",
            obsolete=True,
        ),
        entry("%(n)s gone", "%(n)s", flags=["python-format", "no-c-format", "no-wrap"], obsolete=True),
        entry(
            "{n} gone",
            "",
            msgid_plural="{n} gones",
            msgstr_plural={0: "{n}"},
            flags=["python-brace-format"],
            msgctxt="ctx",
            previous_msgctxt="old",
            previous_msgid="old",
            obsolete=True,
        ),
        entry("qt %1 gone", "%1", flags=["qt-format", "no-java-format"], obsolete=True),
    )
    text = generate_po(po)
    assert msgcat(text) == text
    assert "#, fuzzy, c-format\n#~| msgid" in text
    assert "#, no-c-format, python-format, no-wrap\n#~ msgid" in text
    assert "#, python-brace-format\n#~| msgctxt" in text


@needs_gettext
def test_unknown_flags_are_kept_where_msgcat_drops_them():
    """A deliberate difference: GNU forgets flags it does not know; dipl10n keeps them."""
    po = catalog(entry("a", "가", flags=["glossary-ok"]), entry("b", "나", flags=["x-checked"], obsolete=True))
    text = generate_po(po)
    assert "#, glossary-ok\n" in text and "#, x-checked\n" in text
    assert msgcat(text) == text.replace("#, glossary-ok\n", "").replace("#, x-checked\n", "")


@needs_gettext
@pytest.mark.xfail(
    strict=True,
    reason="known gap: GNU's wrap() never breaks inside a format directive of an entry with a format flag "
    "('% d', '%-s', '%(a b)s'); dipl10n's writer breaks there like in plain text",
)
def test_no_line_break_inside_a_format_directive():
    # "% F" in "3.5% Foreign" is a C directive (space flag, conversion F): GNU keeps it on one line.
    prose = "Seoul Seoul Seoul Seoul Seoul Seoul Seoul Minister closed-door 3.5% Foreign"
    po = catalog(
        entry("c", "x" * 60 + " % d and % 5d %- 3s more words here", flags=["c-format"]),
        entry("gone", prose, flags=["c-format"], obsolete=True),
    )
    text = generate_po(po)
    assert msgcat(text) == text


def test_file_name_with_spaces_uses_gettext_isolates():
    po = catalog(entry("a", occurrences=[("my docs/a b.md", 7), ("x.md", 1)]))
    text = generate_po(po)
    assert "#: \u2068my docs/a b.md\u2069:7 x.md:1\n" in text
    (back,) = parse_po(text.encode("utf-8"), path="x.po")
    assert back.occurrences == [("my docs/a b.md", "7"), ("x.md", "1")]


def test_write_po_is_atomic_and_checks_the_digest(tmp_path):
    path = tmp_path / "ko.po"
    po = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    digest = write_po(path, po, expected_digest="")
    assert path.read_text(encoding="utf-8") == POEDIT_FILE
    assert digest == hashlib.sha256(POEDIT_FILE.encode("utf-8")).hexdigest()
    path.write_text(POEDIT_FILE + "\n", encoding="utf-8")  # a reviewer saved meanwhile
    with pytest.raises(ConcurrentEditError):
        write_po(path, po, expected_digest=digest)
    assert path.read_text(encoding="utf-8") == POEDIT_FILE + "\n"


# =============================================================================
# Writer against GNU msgcat
# =============================================================================

ENGLISH = [
    "Seoul",
    "Foreign Minister",
    "The talks ended without a joint statement.",
    "The foreign ministry said on Tuesday that the trilateral meeting would take place in Washington next month.",
    "“We remain committed to the complete denuclearization of the Korean Peninsula,” the minister told reporters "
    'after a closed-door session that lasted nearly four hours, adding that the allies would "coordinate closely" '
    "on sanctions enforcement.",
    "Trade between the two countries rose 3.5% to $1,200 billion (about 1.6 quadrillion won) in 2023, according to "
    "figures released by the U.N. Conference on Trade and Development (UNCTAD).",
    "  Leading and trailing spaces  ",
    "First line of a quotation\nsecond line\n",
    'Tabs\tand "quotes" and back\\slashes',
    "Ministers from Japan, China, South Korea, the United States, Russia, India, Australia, Indonesia, Vietnam and "
    "the Philippines attended the ASEAN Regional Forum in Vientiane, where the South China Sea dominated the agenda.",
    "The resolution is filed as "
    + "UNSC2397ANNEX" * 8
    + " in the archive; see https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=322712&srchFr=&srchTo=&multi_itm_seq=0",
]

KOREAN = [
    "서울",
    "외교부 장관",
    "회담은 공동성명 없이 끝났다.",
    "외교부는 13일 한·미·일 외교장관 회의가 다음 달 워싱턴에서 열릴 예정이라고 밝혔다.",
    "박 장관은 “우리는 한반도의 완전한 비핵화에 대한 의지를 견지하고 있다”며 비공개 회의가 약 4시간 동안 이어진 뒤 "
    "기자들에게 이같이 말했다고 전했으며, 동맹국들이 제재 이행과 관련해 “긴밀히 공조할 것”이라고 덧붙였다.",
    "유엔무역개발회의(UNCTAD)가 발표한 자료에 따르면 2023년 양국 간 교역은 3.5% 늘어난 1조2천억 달러(약 1천6백조 원)를 기록했다.",
    "  앞뒤에 공백이 있는 문장  ",
    "인용문의 첫째 줄\n둘째 줄\n",
    '탭\t그리고 "따옴표"와 역\\슬래시',
    "일본·중국·한국·미국·러시아·인도·호주·인도네시아·베트남·필리핀의 외교장관들이 비엔티안에서 열린 아세안지역안보포럼(ARF)에 "
    "참석했으며, 남중국해 문제가 의제를 지배했다.",
    "정부는대북인도적지원을위해세계식량계획(WFP)에1천만달러를추가로공여하기로결정했다고외교부대변인이정례브리핑에서밝혔다(2024.5.13).",
]


def corpus() -> dict[str, polib.POFile]:
    catalogs = {}

    catalogs["english and korean"] = catalog(
        *(
            entry(en, ko, occurrences=[("articles/2024-05-13-arf.md", n * 7)])
            for n, (en, ko) in enumerate(zip(ENGLISH, KOREAN, strict=True), start=1)
        )
    )

    catalogs["long reference lists"] = catalog(
        entry(
            ENGLISH[1],
            KOREAN[1],
            occurrences=[(f"articles/2024/{n % 12 + 1:02d}/foreign-ministry-briefing-{n}.md", n * 31) for n in range(1, 25)]
            + [("no-line.md", None), ("한국어/문서.md", 12)],
            comment="glossary (ko): Foreign Minister = 외교부 장관\nrole: headline",
        )
    )

    obsolete = catalog(entry(ENGLISH[2], KOREAN[2], flags=["fuzzy"], previous_msgid=ENGLISH[3]))
    for n, (en, ko) in enumerate(zip(ENGLISH[3:7], KOREAN[3:7], strict=True)):
        obsolete.append(
            entry(
                en,
                ko,
                flags=["fuzzy"] + (["c-format"] if n == 1 else []) + (["no-wrap", "range: 0..9"] if n == 2 else []),
                previous_msgid=ENGLISH[4],
                tcomment="kept for reference",
                comment="role: body" if n == 3 else "",
                occurrences=[("articles/gone.md", n)] if n == 3 else [],
                obsolete=True,
            )
        )
    obsolete.append(
        entry(
            "one delegation",
            msgid_plural="{n} delegations",
            msgstr_plural={0: "대표단 {n}개"},
            msgctxt="headline",
            previous_msgctxt="standfirst",
            previous_msgid="one delegate",
            previous_msgid_plural="{n} delegates",
            flags=["python-brace-format"],
            obsolete=True,
        )
    )
    catalogs["obsolete with previous ids and format flags"] = obsolete

    catalogs["plurals, contexts and odd strings"] = catalog(
        entry("one minister", msgid_plural="{n} ministers", msgstr_plural={0: "장관 {n}명"}, occurrences=[("a.md", 1)]),
        entry(
            ENGLISH[3],
            KOREAN[3],
            msgctxt="standfirst (summary under the headline)",
            flags=["fuzzy"],
            previous_msgctxt="headline",
            previous_msgid=ENGLISH[4],
        ),
        entry(ENGLISH[9], KOREAN[9], flags=["no-wrap"]),
        entry("The 3.5% increase", "3.5% 증가"),
        entry("Long Korean without spaces", "가나다라마바사아자차카타파하" * 12),
        entry("emoji", "👍🏽 한국 🇰🇷 대표단 " * 9),
        entry("escapes", "\a\b\f\v\r" + '\\"' * 50),
        entry("space runs", "a" + " " * 100 + "b"),
        entry("backslash runs", "\\" * 70 + '"\\' * 30),
        # The line is full just before the final \n: GNU never breaks right before it.
        entry("newline at the margin\n", "x" * 74 + " \n"),
        entry("emoji sequences", "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 20),
        entry("\n\n", "\n\n"),
        entry("%d talks in %s", "%2$s에서 회담 %1$d건", flags=["c-format"]),
    )
    return catalogs


CORPUS = corpus()


@needs_gettext
@pytest.mark.parametrize("name", list(CORPUS))
def test_writer_matches_msgcat(name, tmp_path):
    text = generate_po(CORPUS[name])
    assert msgcat(text) == text
    path = tmp_path / "ko.po"
    write_po(path, CORPUS[name])
    check = msgfmt_check(path)
    assert check.returncode == 0, check.stderr.decode("utf-8", "replace")


@needs_gettext
@pytest.mark.parametrize("name", list(CORPUS))
def test_reading_gnu_output_and_writing_it_back_is_identity(name):
    # A file laid out differently (wrapped at 40 columns) that GNU then normalises.
    squeezed = msgcat(generate_po(CORPUS[name]), "--width=40")
    gnu = msgcat(squeezed)
    assert generate_po(parse_po(gnu.encode("utf-8"), path="x.po")) == gnu
    assert generate_po(parse_po(squeezed.encode("utf-8"), path="x.po")) == gnu


@needs_gettext
@pytest.mark.parametrize("width", [20, 40, 60, 100])
@pytest.mark.parametrize("name", ["english and korean", "obsolete with previous ids and format flags"])
def test_other_page_widths_match_msgcat(name, width):
    text = generate_po(CORPUS[name], width=width)
    assert msgcat(text, f"--width={width}") == text


def test_lines_stay_within_79_columns_unless_a_word_is_longer():
    text = generate_po(CORPUS["english and korean"]) + generate_po(CORPUS["long reference lists"])
    long_lines = []
    for line in text.split("\n"):
        if line.startswith(('"', "msg", "#|", "#~", "#:")) and columns(line) > 79:
            long_lines.append(line)
    # Only the file number is a single word too long for a line, as in GNU's output.
    assert long_lines == ['"' + "UNSC2397ANNEX" * 8 + ' "']


def test_korean_without_spaces_is_broken_between_syllables():
    lines = generate_po(catalog(entry("k", "가" * 100))).split("\n")
    start = lines.index('msgid "k"') + 1
    assert lines[start + 1 : start + 4] == ['"' + "가" * 38 + '"', '"' + "가" * 38 + '"', '"' + "가" * 24 + '"']


def test_korean_prose_fills_the_lines_breaking_between_syllables():
    # Hangul syllables are ideographs to gnulib (class ID): GNU breaks between any two of them.
    text = generate_po(catalog(entry("k", KOREAN[4])))
    body = text.split('msgstr ""\n')[-1].splitlines()
    assert [columns(line) for line in body] == [78, 79, 60]  # a syllable is 2 columns wide
    assert body[0].endswith('비공"') and body[1].startswith('"개 회의가')
    assert "".join(line[1:-1] for line in body) == KOREAN[4]


# =============================================================================
# Random catalogs
# =============================================================================

SPECIAL = (
    list("\"\\\t\n\r\a\b\f\v '(),.:;-–—…·・“”‘’「」『』《》〈〉、。 %$#@!?")
    + ["\u00a0", "\u200b", "\u200d", "\u3000", "\u2028", "\u0301"]
    + list("한국어외교부장관가각힣각中文かなカナ😀👍🏽🇰🇷éñ①₩€")
)
WORDS = [w for s in ENGLISH + KOREAN for w in s.split()]
HANGUL_AND_WIDE = list("가나다라마바사아자차카타파하한국외교부장관회담공동성명中文漢字かなカナ，。「」（）")

any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=60)
special_text = st.text(st.sampled_from(SPECIAL), max_size=60)
prose = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
long_prose = st.lists(st.sampled_from(WORDS), min_size=30, max_size=90).map(" ".join)
wide_text = st.text(st.sampled_from(HANGUL_AND_WIDE + [" ", "\n", "%"]), min_size=1, max_size=160)
value = st.one_of(any_text, special_text, prose, long_prose, wide_text, st.just(""))
comment = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r"), max_size=50).filter(
    lambda c: not c.endswith("\\") and not c.lstrip(" ").lower().startswith("file:")
)
# A comment of a single empty line ("#" alone) cannot be represented: "" means no comment.
comments = st.lists(comment, max_size=3).filter(lambda lines: lines != [""]).map(join_comment)
filename = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,24}", fullmatch=True) | st.sampled_from(
    ["기사/서울.md", "articles/2024-05-13-arf.md"]
)
spaced_filename = st.sampled_from(["my docs/a b.md", "x\ty.md"])
location = st.tuples(filename, st.none() | st.integers(0, 10**6).map(str)).map(lambda t: (t[0], t[1] or ""))
# More examples for a longer search: DIPL10N_PO_EXAMPLES=3000 pytest tests/po/test_po_writer.py -k "round_trip or match_msgcat"
EXAMPLES = int(os.environ.get("DIPL10N_PO_EXAMPLES", "0")) or None
# At most one flag of each kind (GNU keeps the last of contradicting ones).
FLAG_CHOICES = [
    ["c-format", "no-c-format"],
    ["python-format", "no-python-format"],
    ["qt-format"],
    ["no-java-format"],
    ["range: 1..3", "range: 0..10"],
    ["no-wrap"],
]
OWN_FLAGS = ["glossary-ok", "x-reviewed"]
# GNU's wrap() keeps these formats' directives on one line, which dipl10n does not do
# (test_no_line_break_inside_a_format_directive): their entries get text without "%".
DIRECTIVE_FORMATS = {"c-format", "python-format"}


@st.composite
def flag_lists(draw, *, gnu_only: bool) -> list[str]:
    flags = [draw(st.sampled_from(choice)) for choice in FLAG_CHOICES if draw(st.integers(0, 3)) == 0]
    if not gnu_only:
        flags += draw(st.lists(st.sampled_from(OWN_FLAGS), unique=True, max_size=2))
    return flags


@st.composite
def catalogs(draw, *, gnu_only: bool) -> polib.POFile:
    """Random polib catalogs: contexts, plurals, previous msgids, obsolete entries, references, flags.

    Only what a PO file can hold: an obsolete entry is translated (GNU drops the
    others), fuzzy goes with a translation (GNU drops it on untranslated entries),
    a previous msgctxt or msgid_plural goes with a previous msgid, comments are
    never a lone "#". With ``gnu_only``, nothing GNU would forget: no flags it
    does not know, no file names with spaces (gettext 0.21 cannot write them).
    """
    po = catalog(header=draw(comments), fuzzy=draw(st.booleans()))
    locations = st.lists(
        location if gnu_only else st.one_of(location, st.tuples(spaced_filename, st.just("3"))),
        max_size=12,
        unique=True,
    )
    keys = draw(st.lists(st.tuples(st.none() | value, value.filter(bool)), max_size=8, unique=True))
    for context, msgid in keys:
        flags = draw(flag_lists(gnu_only=gnu_only))
        text = value.map(lambda s: s.replace("%", "")) if DIRECTIVE_FORMATS & set(flags) else value
        if DIRECTIVE_FORMATS & set(flags):
            context = None if context is None else context.replace("%", "")
            msgid = msgid.replace("%", "") or "x"
        item = polib.POEntry(msgid=msgid, msgctxt=context, encoding="utf-8")
        if draw(st.booleans()):
            item.msgid_plural = draw(text)
            item.msgstr_plural = dict(enumerate(draw(st.lists(text, min_size=1, max_size=3))))
        else:
            item.msgstr = draw(text)
        translated = msgstrs(item)[0] != ""
        item.obsolete = translated and draw(st.integers(0, 2)) == 0
        item.flags = (["fuzzy"] if translated and draw(st.booleans()) else []) + flags
        item.tcomment = draw(comments)
        item.comment = draw(comments)
        item.occurrences = draw(locations)
        item.previous_msgid = draw(st.none() | text)
        if item.previous_msgid is not None:
            item.previous_msgctxt = draw(st.none() | text)
            item.previous_msgid_plural = draw(st.none() | text)
        po.append(item)
    return po


def as_written(po: polib.POFile) -> tuple:
    """The snapshot of ``po`` as its file shows it: GNU writes no range flag on obsolete entries."""
    shown = snapshot(po)
    obsolete = [item[:5] + ([flag for flag in item[5] if not flag.startswith("range: ")],) + item[6:] for item in shown[4]]
    return (*shown[:4], obsolete)


@settings(max_examples=EXAMPLES or 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=False))
def test_round_trip(po):
    text = generate_po(po)
    back = parse_po(text.encode("utf-8"), path="x.po")
    assert snapshot(back) == as_written(po)
    assert generate_po(back) == text


@needs_gettext
@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=True))
def test_random_catalogs_match_msgcat(po):
    text = generate_po(po)
    assert msgcat(text) == text


@needs_gettext
@settings(max_examples=EXAMPLES or 30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=True), st.sampled_from([30, 50, 76, 77, 78, 120, 65535]))
def test_random_catalogs_match_msgcat_at_other_widths(po, width):
    text = generate_po(po, width=width)
    assert msgcat(text, f"--width={width}") == text


@needs_gettext
@settings(max_examples=EXAMPLES or 30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=True))
def test_random_catalogs_match_msgcat_without_wrapping(po):
    """``po_wrap = "none"``: ``msgcat --no-wrap`` (no string broken; file references still are)."""
    text = generate_po(po, wrap=False)
    assert msgcat(text, "--no-wrap") == text
    assert msgcat(generate_po(po), "--no-wrap") == text


@needs_gettext
@settings(max_examples=EXAMPLES or 20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=True), st.sampled_from(["", "--width=77", "--width=78", "--width=76", "--no-wrap", "--width=65535"]))
def test_the_wrapping_a_catalog_was_written_with_is_detected(po, option):
    """What msgcat wrote at a reviewer's tool's width is recognised, so that dipl10n writes it back the same way."""
    from dipl10n.po.writer import detect_wrapping

    text = msgcat(generate_po(po), *([option] if option else []))
    assert detect_wrapping(text, parse_po(text.encode("utf-8"), path="x.po")).generate(
        parse_po(text.encode("utf-8"), path="x.po")
    ) == text


@pytest.mark.slow
def test_the_random_catalogs_have_every_kind_of_entry():
    """The strategy does produce what the brief of these tests promises (checked on a fixed sample)."""
    seen = set()

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(catalogs(gnu_only=True))
    def collect(po):
        for item in po:
            seen.update(
                kind
                for kind, present in [
                    ("msgctxt", item.msgctxt is not None),
                    ("plural", bool(item.msgstr_plural)),
                    ("previous msgctxt", item.previous_msgctxt is not None),
                    ("previous msgid_plural", item.previous_msgid_plural is not None),
                    ("obsolete with comments", item.obsolete and bool(item.tcomment) and bool(item.comment)),
                    ("obsolete with format flag", item.obsolete and any(f.endswith("c-format") for f in item.flags)),
                    ("obsolete with range", item.obsolete and any(f.startswith("range") for f in item.flags)),
                    ("references", bool(item.occurrences)),
                    ("fuzzy", "fuzzy" in item.flags),
                    ("no-wrap", "no-wrap" in item.flags),
                    ("korean", any("\uac00" <= c <= "\ud7a3" for c in item.msgid + item.msgstr)),
                    ("long", len(item.msgid) > 200 or len(item.msgstr) > 200),
                ]
                if present
            )

    collect()
    assert len(seen) == 12, seen


# =============================================================================
# The line breaking tables against the libunistring that GNU gettext uses
# =============================================================================


def _libunistring():
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.u8_possible_linebreaks_v2  # noqa: B018 - the version GNU gettext 0.21 on Debian calls
    except (OSError, AttributeError):
        return None
    lib.uc_width.restype = ctypes.c_int
    return lib


LIBUNISTRING = _libunistring()
needs_libunistring = pytest.mark.skipif(LIBUNISTRING is None, reason="libunistring (with the _v2 API) is not installed")

# The blocks the exact class table covers (samples of the uniform ideograph and syllable ranges).
KEY_CHARS = [
    chr(cp)
    for lo, hi in [
        (0x0000, 0x04FF), (0x0590, 0x05FF), (0xFB1D, 0xFB4F), (0x1100, 0x11FF), (0x1E00, 0x1EFF), (0x2000, 0x2BFF), (0x2E00, 0x2FFF),
        (0x3000, 0x33FF), (0x3400, 0x3440), (0x4E00, 0x4E40), (0xA960, 0xA97F), (0xAC00, 0xAC40),
        (0xD7A0, 0xD7FF), (0xF900, 0xF940), (0xFE00, 0xFFFF), (0x1F000, 0x1FAFF), (0x20000, 0x20040),
        (0x3FFF0, 0x3FFFF), (0xE0000, 0xE01EF),
    ]
    for cp in range(lo, hi + 1)
    if chr(cp) not in "\n\r"
]  # fmt: skip


def _gnu_breaks(text: str) -> list[int]:
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    LIBUNISTRING.u8_possible_linebreaks_v2(data, len(data), b"UTF-8", out)
    result, offset = [], 0
    for char in text:
        result.append(out.raw[offset])
        offset += len(char.encode("utf-8"))
    return result


@needs_libunistring
def test_character_widths_match_libunistring():
    wrong = [c for c in KEY_CHARS if char_width(c) != LIBUNISTRING.uc_width(ord(c), b"UTF-8")]
    assert wrong == []


@needs_libunistring
def test_break_opportunities_match_libunistring():
    rnd = random.Random(20240513)
    common = list("ab cd, 'e' (f) 1.5% $2 — 한국 외교부 · “인용” 「조약」 \\\" אב-") + [
        "\u200d", "\u200b", "\u2060", "\u00a0", "\u0301", "\U0001F1F0", "\U0001F1F7", "\U0001F44D", "\U0001F3FD",
    ]  # fmt: skip
    for _ in range(3000):
        text = "".join(rnd.choice(common) if rnd.random() < 0.5 else rnd.choice(KEY_CHARS) for _ in range(rnd.randint(1, 30)))
        classes, _ = classes_and_widths(list(text))
        assert possible_breaks(classes) == _gnu_breaks(text), repr(text)


@needs_libunistring
def test_korean_break_opportunities_match_libunistring():
    rnd = random.Random(20240711)
    pieces = KOREAN + ["“", "”", "(", ")", "·", " ", "\u3000", "、", "。", "%", "3.5", "UN"]
    for _ in range(500):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))[:200]
        classes, _ = classes_and_widths(list(text))
        assert possible_breaks(classes) == _gnu_breaks(text), repr(text)
