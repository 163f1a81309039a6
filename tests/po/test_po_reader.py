"""Tests for dipl10n.po.reader: the strict PO reader.

What it rejects (GNU's errors, with the line), and what it reads into
polib's model: escapes, references, flags (exactly as the file says, in file
order), previous msgids, obsolete entries and the header.
"""

from __future__ import annotations

import pytest

from dipl10n.errors import CatalogError
from dipl10n.po import generate_po, parse_po, read_po
from dipl10n.po.model import comment_lines, live, msgstrs
from helpers.catalogs import HEADER_FIELDS, POEDIT_FILE

HEADER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # 4 lines: entries after it start at line 5


def only(po, msgid: str, msgctxt: str | None = None):
    """The one entry of ``po`` with this msgid and context (live or obsolete)."""
    (found,) = [e for e in po if e.msgid == msgid and e.msgctxt == msgctxt]
    return found


# =============================================================================
# What it rejects
# =============================================================================

REJECTED = {
    "unterminated string": (HEADER + b'msgid "abc\nmsgstr "x"\n', 5, "unterminated string"),
    "unterminated continuation": (HEADER + b'msgid ""\n"abc\nmsgstr ""\n', 6, "unterminated string"),
    "invalid escape": (HEADER + b'msgid "a"\nmsgstr "b\\qc"\n', 6, "invalid escape sequence \\q"),
    "unicode escape is not C": (HEADER + b'msgid "\\u00e9"\nmsgstr ""\n', 5, "invalid escape sequence \\u"),
    "hex escape without digits": (HEADER + b'msgid "\\xg"\nmsgstr ""\n', 5, "invalid escape sequence \\x"),
    "hex escape above a byte": (HEADER + b'msgid "\\x1234"\nmsgstr ""\n', 5, "larger than a byte"),
    "escaped NUL": (HEADER + b'msgid "a\\0"\nmsgstr ""\n', 5, "cannot contain NUL"),
    "escaped bytes that are not UTF-8": (HEADER + b'msgid "\\xff"\nmsgstr ""\n', 5, "valid UTF-8"),
    "context separator": (HEADER + b'msgid "a\\004b"\nmsgstr ""\n', 5, "EOT"),
    "duplicate msgid": (
        HEADER + b'msgid "Seoul"\nmsgstr "\xec\x84\x9c\xec\x9a\xb8"\n\nmsgid "Seoul"\nmsgstr "x"\n',
        8,
        'duplicate message: "Seoul" was already defined at line 5',
    ),
    "duplicate msgid with context": (
        HEADER + b'msgctxt "menu"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "menu"\nmsgid "a"\nmsgstr ""\n',
        10,
        'duplicate message: "a" with context "menu" was already defined at line 6',
    ),
    "duplicate plural msgid": (
        HEADER + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n\nmsgid "a"\nmsgstr ""\n',
        9,
        "already defined at line 5",
    ),
    "duplicate obsolete msgid": (
        HEADER + b'#~ msgid "a"\n#~ msgstr "1"\n\n#~ msgid "a"\n#~ msgstr "2"\n',
        8,
        "already defined at line 5",
    ),
    "live and obsolete duplicate": (
        HEADER + b'msgid "a"\nmsgstr "1"\n\n#~ msgid "a"\n#~ msgstr "2"\n',
        8,
        "already defined at line 5",
    ),
    "second header": (HEADER + b'msgid ""\nmsgstr ""\n', 5, 'the header (msgid "") was already defined at line 1'),
    "truncated after msgid": (
        HEADER + b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n',
        8,
        "file ends in the middle of an entry (msgid without msgstr)",
    ),
    "truncated after msgid_plural": (
        HEADER + b'msgid "a"\nmsgid_plural "as"\n',
        5,
        "file ends in the middle of an entry (msgid_plural without msgstr[0])",
    ),
    "truncated after msgctxt": (HEADER + b'msgctxt "a"\n', 5, "file ends in the middle of an entry"),
    "truncated after keyword": (HEADER + b'msgid "a"\nmsgstr\n', 6, "keyword 'msgstr' must be followed by a string"),
    "msgstr missing": (HEADER + b'msgid "a"\nmsgid "b"\nmsgstr ""\n', 6, "keyword 'msgstr' expected"),
    "msgstr before msgid": (HEADER + b'msgstr "b"\n', 5, "keyword 'msgid' expected"),
    "two msgstr": (HEADER + b'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 7, "already has a msgstr"),
    "msgstr for a plural": (HEADER + b'msgid "a"\nmsgid_plural "as"\nmsgstr ""\n', 7, "keyword 'msgstr[0]' expected"),
    "plural index skipped": (
        HEADER + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[2] ""\n',
        8,
        "keyword 'msgstr[1]' expected, not 'msgstr[2]'",
    ),
    "msgstr[0] without msgid_plural": (HEADER + b'msgid "a"\nmsgstr[0] ""\n', 6, "needs a msgid_plural"),
    "comment inside an entry": (HEADER + b'msgid "a"\n# note\nmsgstr "b"\n', 6, "keyword 'msgstr' expected"),
    "unknown keyword": (HEADER + b'msgid "a"\nmsgstring "b"\n', 6, "keyword 'msgstring' unknown"),
    "stray text": (HEADER + b'msgid "a"\nmsgstr "b"\n= 3\n', 7, "syntax error"),
    "string without keyword": (b'"abc"\n', 1, "a string must follow a keyword"),
    "domain directive": (HEADER + b'domain "other"\n', 5, "domain directives are not supported"),
    "half obsolete entry": (HEADER + b'#~ msgid "a"\nmsgstr "b"\n', 6, "inconsistent use of #~"),
    "obsolete continuation without #~": (HEADER + b'#~ msgid "a"\n#~ msgstr ""\n"b"\n', 7, "inconsistent use of #~"),
    "previous after msgid": (HEADER + b'msgid "a"\n#| msgid "old"\nmsgstr "b"\n', 6, "must come before msgctxt and msgid"),
    "previous plural alone": (HEADER + b'#| msgid_plural "old"\nmsgid "a"\nmsgstr ""\n', 5, "must follow '#| msgid'"),
    "previous context alone": (HEADER + b'#| msgctxt "old"\nmsgid "a"\nmsgstr ""\n', 6, "'#| msgctxt' must be followed by '#| msgid'"),
    "NUL byte": (HEADER + b'msgid "a"\nmsgstr "b\x00"\n', 6, "NUL byte"),
    "UTF-16 file": ('msgid "a"\nmsgstr "b"\n'.encode("utf-16-le"), 1, "NUL byte"),
    "header without charset": (
        b'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"Language: ko\\n"\n\nmsgid "a"\nmsgstr ""\n',
        1,
        "the header has no charset",
    ),
    "header with empty charset": (
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=\\n"\n',
        1,
        "the header has no charset",
    ),
    "header declares EUC-KR": (
        b'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=EUC-KR\\n"\n\n'
        b'msgid "Seoul"\nmsgstr "' + "서울".encode("cp949") + b'"\n',
        4,
        "the header declares charset EUC-KR; dipl10n keeps catalogs in UTF-8",
    ),
    "header declares Latin-1 (ASCII content)": (
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
        2,
        "declares charset ISO-8859-1",
    ),
    "CP949 bytes under a UTF-8 header": (
        HEADER + b'msgid "a"\nmsgstr "ok"\n\nmsgid "b"\nmsgstr "' + "외교부 장관".encode("cp949") + b'"\n',
        9,
        "line 9 is not valid UTF-8 (it looks like CP949/EUC-KR",
    ),
}


@pytest.mark.parametrize("data, line, message", REJECTED.values(), ids=list(REJECTED))
def test_rejected(data, line, message):
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="locales/ko.po")
    error = info.value
    assert message in error.message
    assert error.line == line
    assert str(error.path) == "locales/ko.po"
    assert str(error).startswith(f"locales/ko.po:{line}: ")


def test_read_po_names_the_display_path(tmp_path):
    path = tmp_path / "ko.po"
    path.write_bytes(HEADER + b'msgid "a"\n')
    with pytest.raises(CatalogError) as info:
        read_po(path, display_path="locales/ko.po")
    assert str(info.value.path) == "locales/ko.po"
    assert info.value.line == 5


def test_read_po_missing_file(tmp_path):
    with pytest.raises(CatalogError, match="cannot read the catalog"):
        read_po(tmp_path / "missing.po")


# =============================================================================
# What it accepts
# =============================================================================


def test_bom_is_dropped():
    po = parse_po(b"\xef\xbb\xbf" + HEADER + b'msgid "a"\nmsgstr "b"\n', path="x.po")
    assert only(po, "a").msgstr == "b"
    assert only(po, "a").linenum == 5
    assert not generate_po(po).startswith("\ufeff")


def test_crlf_is_read_transparently_and_written_as_lf():
    data = HEADER + b'#: a.md:3\nmsgid ""\n"long "\n"msgid"\nmsgstr "b"\n'
    po = parse_po(data.replace(b"\n", b"\r\n"), path="x.po")
    entry = only(po, "long msgid")
    assert (entry.msgstr, entry.occurrences, entry.linenum) == ("b", [("a.md", "3")], 6)
    assert "\r" not in generate_po(po)
    assert generate_po(po) == generate_po(parse_po(data, path="x.po"))


def test_file_without_header():
    po = parse_po(b'msgid "a"\nmsgstr ""\n', path="x.pot")
    assert [e.msgid for e in po] == ["a"]
    assert (po.metadata, po.header, po.metadata_is_fuzzy) == ({}, "", False)
    assert generate_po(po) == 'msgid "a"\nmsgstr ""\n'


@pytest.mark.parametrize("data", [b"", b"\n\n", b"# only a comment\n", b"\xef\xbb\xbf"])
def test_empty_file_is_an_empty_catalog(data):
    po = parse_po(data, path="x.po")
    assert len(po) == 0 and po.metadata == {}
    assert generate_po(po) == ""


def test_grammar_forms():
    data = (
        HEADER
        + (
            "# translator\n"
            "#.extracted without space\n"
            "#. extracted\n"
            "#: a.md:1 b.md:22\n"
            "#: no-line.md\n"
            "#, fuzzy, c-format\n"
            '#| msgctxt "old context"\n'
            '#| msgid "old"\n'
            '#| "id"\n'
            'msgctxt "headline"\n'
            'msgid "a" "b"\n'
            '"c"\n'
            "msgstr\n"
            '"가"\n'
            "\n"
            'msgid "one"\n'
            'msgid_plural "many"\n'
            'msgstr [ 0 ] "하나"\n'
            "\n"
            '  msgid   "indented"  \n'
            '\tmsgstr "ok"\n'
        ).encode()
    )
    po = parse_po(data, path="x.po")
    entry = only(po, "abc", "headline")
    assert entry.msgstr == "가"
    assert comment_lines(entry.tcomment) == ["translator"]
    assert comment_lines(entry.comment) == ["extracted without space", "extracted"]
    assert entry.occurrences == [("a.md", "1"), ("b.md", "22"), ("no-line.md", "")]
    assert entry.flags == ["fuzzy", "c-format"] and entry.fuzzy
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) == ("old context", "oldid", None)
    assert entry.linenum == 15
    plural = only(po, "one")
    assert (plural.msgid_plural, plural.msgstr_plural, plural.msgstr, plural.linenum) == ("many", {0: "하나"}, "", 20)
    assert msgstrs(plural) == ["하나"]
    assert only(po, "indented").msgstr == "ok"
    assert [e.obsolete for e in po] == [False, False, False]


def test_previous_msgid_plural():
    data = (
        HEADER
        + (
            "#, fuzzy\n"
            '#| msgid "one minister"\n'
            '#| msgid_plural "{n} ministers"\n'
            'msgid "one diplomat"\n'
            'msgid_plural "{n} diplomats"\n'
            'msgstr[0] "외교관 {n}명"\n'
        ).encode()
    )
    entry = only(parse_po(data, path="x.po"), "one diplomat")
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) == (
        None,
        "one minister",
        "{n} ministers",
    )
    assert generate_po(parse_po(data, path="x.po")).encode("utf-8").endswith(data[len(HEADER) :])


@pytest.mark.parametrize(
    "escaped, value",
    [
        (r"\\ \" \n \t \r \a \b \f \v", '\\ " \n \t \r \a \b \f \v'),
        (r"\101\102C", "ABC"),
        (r"\1010", "A0"),  # at most three octal digits
        (r"\x41\x4a", "AJ"),
        (r"\x4A", "J"),
        (r"\xc3\xa9t\xc3\xa9", "été"),  # bytes that make UTF-8 together
        (r"\352\260\200", "가"),
        ("raw\ttab", "raw\ttab"),
    ],
)
def test_escapes(escaped, value):
    po = parse_po(HEADER + f'msgid "k"\nmsgstr "{escaped}"\n'.encode(), path="x.po")
    assert only(po, "k").msgstr == value


def test_backslash_newline_continues_the_line_as_in_gnu():
    po = parse_po(HEADER + b'msgid "ab\\\ncd"\nmsgstr \\\n"x"\n', path="x.po")
    assert only(po, "abcd").msgstr == "x"


@pytest.mark.parametrize(
    "line, occurrences",
    [
        ("#: a.md:1 b.md:2", [("a.md", "1"), ("b.md", "2")]),
        ("#: docs/intro.md", [("docs/intro.md", "")]),
        ("#: a.md : 12 b.md: 3 c.md :4", [("a.md", "12"), ("b.md", "3"), ("c.md", "4")]),
        ("#: \u2068my docs/a b.md\u2069:7 x.md", [("my docs/a b.md", "7"), ("x.md", "")]),
        ("#: \u2068no line.md\u2069", [("no line.md", "")]),
        ("#: 서울/회담.md:5", [("서울/회담.md", "5")]),
        ("#: a.md:1 a.md:1 a.md:2", [("a.md", "1"), ("a.md", "2")]),
        ("# File: old.c, line:42", [("old.c", "42")]),  # Solaris msgfmt's form
        ("# file: x.c,line number:5", [("x.c", "5")]),
    ],
)
def test_references(line, occurrences):
    po = parse_po(HEADER + f'{line}\nmsgid "a"\nmsgstr ""\n'.encode(), path="x.po")
    assert only(po, "a").occurrences == occurrences
    assert only(po, "a").tcomment == ""


def test_almost_solaris_reference_is_a_comment():
    po = parse_po(HEADER + b'# File: old.c, line: 42\nmsgid "a"\nmsgstr ""\n', path="x.po")
    assert (only(po, "a").occurrences, only(po, "a").tcomment) == ([], "File: old.c, line: 42")


@pytest.mark.parametrize(
    "line, flags",
    [
        ("#, fuzzy", ["fuzzy"]),
        ("#, c-format, no-c-format", ["no-c-format"]),  # the last word wins, as in GNU
        ("#, possible-c-format", ["c-format"]),
        ("#, c-format, impossible-c-format", []),
        ("#,no-wrap,wrap", []),
        ("#, wrap, no-wrap", ["no-wrap"]),
        ("#, range: 1..5", ["range: 1..5"]),
        ("#, fuzzy\n#, glossary-ok", ["fuzzy", "glossary-ok"]),
        ("#, python-format", ["python-format"]),
        ("#, no-python-format", ["no-python-format"]),
        ("#, python-brace-format, fuzzy", ["python-brace-format", "fuzzy"]),  # file order
    ],
)
def test_flags(line, flags):
    po = parse_po(HEADER + f'{line}\nmsgid "%d items"\nmsgstr "x"\n'.encode(), path="x.po")
    assert only(po, "%d items").flags == flags


def test_python_format_read_from_the_file_is_kept_and_never_guessed():
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "%(count)d talks"\nmsgstr "%(count)d건"\n\n'
        'msgid "3.5% more"\nmsgstr "3.5% 더"\n'
    ).encode()
    po = parse_po(data, path="x.po")
    assert only(po, "%(count)d talks").flags == ["python-format"]
    assert only(po, "3.5% more").flags == []  # the flags are exactly what the file says
    text = generate_po(po)
    assert '#, python-format\nmsgid "%(count)d talks"' in text
    assert '\n\nmsgid "3.5% more"' in text
    assert text.encode("utf-8") == data


def test_obsolete_entries_keep_order_comments_and_previous_ids():
    data = (
        HEADER
        + (
            'msgid "live"\nmsgstr "살아 있음"\n\n'
            "# translator note\n"
            "#. extracted note\n"
            "#: gone.md:4\n"
            "#, fuzzy, c-format\n"
            '#~| msgid "older"\n'
            '#~ msgctxt "ctx"\n'
            '#~ msgid "second"\n'
            '#~ msgstr "둘째"\n\n'
            "#~ #, fuzzy\n"
            '#~ msgid "first"\n'
            '#~ msgstr ""\n'
            '#~ "첫째"\n\n'
            '#~ msgid "one"\n'
            '#~ msgid_plural "many"\n'
            '#~ msgstr[0] "여럿"\n'
        ).encode()
    )
    po = parse_po(data, path="x.po")
    assert [(e.msgctxt, e.msgid, e.obsolete) for e in po] == [
        (None, "live", False),
        ("ctx", "second", True),
        (None, "first", True),
        (None, "one", True),
    ]
    assert [e.msgid for e in live(po)] == ["live"]
    second = only(po, "second", "ctx")
    assert (
        second.msgstr,
        second.tcomment,
        second.comment,
        second.occurrences,
        second.previous_msgid,
        second.flags,
        second.linenum,
    ) == ("둘째", "translator note", "extracted note", [("gone.md", "4")], "older", ["fuzzy", "c-format"], 14)
    first = only(po, "first")
    assert (first.msgstr, first.fuzzy) == ("첫째", True)
    plural = only(po, "one")
    assert (plural.msgid_plural, plural.msgstr_plural) == ("many", {0: "여럿"})
    # Written back byte for byte: obsolete entries keep their format flags (GNU does too).
    expected = (
        data[len(HEADER) :]
        .replace(b"#~ #, fuzzy\n", b"#, fuzzy\n")
        .replace('#~ msgstr ""\n#~ "첫째"'.encode(), '#~ msgstr "첫째"'.encode())
    )
    assert generate_po(po).encode("utf-8").endswith(b"\n\n" + expected)


def test_empty_msgid_with_context_is_a_message_not_the_header():
    po = parse_po(HEADER + b'msgctxt "blank"\nmsgid ""\nmsgstr "x"\n', path="x.po")
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [("blank", "", "x")]
    assert po.metadata == {"Content-Type": "text/plain; charset=UTF-8"}
    assert 'msgctxt "blank"\nmsgid ""\nmsgstr "x"\n' in generate_po(po)


def test_an_obsolete_empty_msgid_is_not_the_header():
    po = parse_po(b'#~ msgid ""\n#~ msgstr "x"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', path="x.po")
    assert po.metadata == {"Content-Type": "text/plain; charset=UTF-8"}
    assert [(e.msgid, e.obsolete) for e in po] == [("", True)]


# =============================================================================
# The header
# =============================================================================


def test_header_round_trip_is_byte_identical():
    po = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    assert generate_po(po) == POEDIT_FILE
    metadata = po.metadata
    assert (metadata["Language"], metadata["Plural-Forms"], po.metadata_is_fuzzy, metadata["Content-Type"]) == (
        "ko",
        "nplurals=1; plural=0;",
        False,
        "text/plain; charset=UTF-8",
    )
    assert list(metadata.items())[-2:] == [("X-Generator", "Poedit 3.4.2"), ("X-Poedit-SourceCharset", "UTF-8")]
    assert list(metadata)[:3] == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"]
    # The header's translator comment, without the "# " prefixes; the final "#" is an empty line.
    assert po.header.startswith("Korean translation of the Diplomacy Journal.\nCopyright (C) YEAR")
    assert comment_lines(po.header)[-1] == ""
    assert [e.msgid for e in po] == ["The 3.5% increase was announced in Seoul."]


def test_fuzzy_header():
    data = b'# Template.\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: \\n"\n"Content-Type: text/plain; charset=CHARSET\\n"\n'
    po = parse_po(data, path="x.pot")
    assert po.metadata_is_fuzzy and po.header == "Template."
    assert po.metadata == {"Language": "", "Content-Type": "text/plain; charset=CHARSET"}
    assert generate_po(po).encode("utf-8") == data


def test_header_field_without_a_name_continues_the_field_before_it():
    data = (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Plural-Forms: nplurals=2;\\n"\n"    plural=(n != 1);\\n"\n"X-Note: a\\n"\n'
    )
    po = parse_po(data, path="x.po")
    assert list(po.metadata.items()) == [
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Plural-Forms", "nplurals=2;\nplural=(n != 1);"),
        ("X-Note", "a"),
    ]


def test_header_fields_match_the_shared_fixture():
    text = 'msgid ""\nmsgstr ""\n' + "".join(f'"{name}: {value}\\n"\n' for name, value in HEADER_FIELDS)
    assert list(parse_po(text.encode("utf-8"), path="x.po").metadata.items()) == HEADER_FIELDS


# =============================================================================
# Catalogs that look cut off, and files that are not UTF-8
# =============================================================================

CUT_OFF = {
    # name: (data, line, message)
    "last line without its line break": (
        HEADER + b'#. origin: glossary (glossa',
        5,
        "the file ends in the middle of line 5, without a line break",
    ),
    "cut after a complete msgstr but before its line break": (
        HEADER + b'msgid "a"\nmsgstr "b"',
        6,
        "the file ends in the middle of line 6",
    ),
    "cut inside a multi-byte character": (
        HEADER + b'msgid "a"\nmsgstr "\xec\x84',
        6,
        "the file ends in the middle of line 6",  # not "not valid UTF-8": the file was cut, not mis-encoded
    ),
    "cut between CR and LF": (
        (HEADER + b'msgid "a"\nmsgstr "b"\n').replace(b"\n", b"\r\n")[:-1],
        6,
        "the file ends in the middle of line 6",
    ),
    "comment lines after the last entry": (
        HEADER + b'msgid "a"\nmsgstr "b"\n\n# origin: glossary (glossary.csv:2) #fbcd7a19\n#. role: kicker\n',
        8,
        "the file ends inside an entry: the comment lines from line 8 on have no msgid after them",
    ),
    "comment lines after the header": (
        HEADER + b"#. role: kicker\n#: source/a.md:2\n",
        5,
        "the comment lines from line 5 on have no msgid after them",
    ),
    "previous msgid and nothing after": (
        HEADER + b'#, fuzzy\n#| msgid "old"\n',
        6,
        "file ends in the middle of an entry (no msgid)",
    ),
}


@pytest.mark.parametrize("data, line, message", CUT_OFF.values(), ids=list(CUT_OFF))
def test_a_catalog_that_looks_cut_off_is_refused_with_what_helps(data, line, message):
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="locales/ko/LC_MESSAGES/a b.po")
    error = info.value
    assert (error.line, error.exit_code) == (line, 2)
    assert message in error.message
    assert "it looks cut off" in error.message
    # What helps: the file from version control, then a run (the memory puts back reviewed translations).
    assert "restore it from version control (git checkout -- 'locales/ko/LC_MESSAGES/a b.po')" in error.message
    assert "translation memory" in error.message and "run dipl10n again" in error.message


def test_every_truncation_the_reader_knew_now_says_it_looks_cut_off():
    for name in ("truncated after msgid", "truncated after msgid_plural", "truncated after msgctxt", "truncated after keyword"):
        data, _, _ = REJECTED[name]
        with pytest.raises(CatalogError, match="it looks cut off"):
            parse_po(data, path="x.po")


def test_a_header_that_ends_the_file_without_its_charset_may_be_cut_off():
    data = b'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"Language: ko\\n"\n'
    with pytest.raises(CatalogError, match="has no charset: .*; or, if this file is not complete, it looks cut off"):
        parse_po(data, path="x.po")


@pytest.mark.parametrize(
    "data",
    [
        b"",  # an empty file (the project refuses it as a catalog without a header, with its own message)
        HEADER + b'msgid "a"\nmsgstr "b"\n',  # ends right after a complete entry and its line break
        HEADER + b'msgid "a"\nmsgstr "b"\n\n',  # ... and a blank line
        (HEADER + b'msgid "a"\nmsgstr "b"\n').replace(b"\n", b"\r\n"),
        b"# a file of comments alone\n#\n",
        HEADER,  # a header and its blank line
    ],
    ids=["empty", "complete", "blank-line-after", "crlf", "comments-only", "header-only"],
)
def test_complete_files_are_not_cut_off(data):
    parse_po(data, path="x.po")


def test_gnu_and_poedit_files_end_with_a_line_break_and_read():
    assert POEDIT_FILE.endswith("\n")
    assert [e.msgid for e in parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")]


UTF8_KOREAN = 'msgid "Seoul"\nmsgstr "서울"\n\n'.encode()


def _korean_catalog_with(line: bytes, *, at: int = 3) -> bytes:
    """A UTF-8 catalog with Korean translations; ``line`` replaces the msgstr of the ``at``-th entry."""
    entries = [f'msgid "s{n}"\nmsgstr "서울 {n}"\n\n'.encode() for n in range(6)]
    entries[at] = f'msgid "s{at}"\n'.encode() + line + b"\n\n"
    return HEADER + b"".join(entries)


def test_one_cp949_line_in_a_utf8_catalog_names_the_line_and_says_fix_it_in_an_editor():
    data = _korean_catalog_with(b'msgstr "' + "외교부 장관이 말했다".encode("cp949") + b'"')
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="ko.po")
    message = info.value.message
    assert info.value.line == 15
    assert message.startswith(
        "line 15 is not UTF-8 (it looks like CP949/EUC-KR (Korean)) though the rest of the file is: "
        "fix it in an editor and save the file as UTF-8 (converting the whole file would garble the rest)"
    )
    # The line, read as what it looks like, so the translator sees which text to retype.
    assert message.endswith('the line (read as CP949) reads: msgstr "외교부 장관이 말했다"')
    assert "iconv" not in message


def test_several_pasted_lines_are_all_named():
    data = _korean_catalog_with(b'msgstr "' + "외교부 장관".encode("cp949") + b'"', at=1)
    data = data.replace('msgstr "서울 4"'.encode(), b'msgstr "' + "정상회의 개최".encode("euc-kr") + b'"')
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="ko.po")
    assert info.value.message.startswith("lines 9 and 18 are not UTF-8 (they look like CP949/EUC-KR (Korean))")
    assert "the first (read as CP949) reads: " in info.value.message


@pytest.mark.parametrize("korean", [False, True], ids=["ascii-catalog", "korean-catalog"])
def test_a_stray_byte_names_no_encoding_and_shows_the_line(korean):
    line = b'msgstr "caf\xe9"'
    data = _korean_catalog_with(line) if korean else HEADER + b'msgid "a"\n' + line + b"\n"
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="ko.po")
    message = info.value.message
    assert "holds a byte that is not UTF-8" in message
    assert "looks like" not in message and "PTCP154" not in message and "iconv" not in message
    assert message.endswith('the line reads: msgstr "caf\\xe9"')


def test_a_catalog_all_in_cp949_is_converted_into_a_new_file():
    text = HEADER.decode() + 'msgid "Seoul"\nmsgstr "서울"\n\nmsgid "Foreign Minister"\nmsgstr "외교부 장관"\n'
    with pytest.raises(CatalogError) as info:
        parse_po(text.encode("cp949"), path="locales/ko/LC_MESSAGES/doc.po")
    message = info.value.message
    assert message.startswith("line 6 is not valid UTF-8 (it looks like CP949/EUC-KR (Korean)), nor is 1 more line;")
    # Into a new file, never "iconv -o FILE FILE" (iconv empties the file before it reads it).
    assert message.endswith(
        "iconv -f CP949 -t UTF-8 locales/ko/LC_MESSAGES/doc.po > locales/ko/LC_MESSAGES/doc.po.utf8"
    )
    assert " -o " not in message


def test_a_declared_legacy_charset_is_converted_into_a_new_file():
    data = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-KR\\n"\n\nmsgid "a"\nmsgstr "' + "서울".encode("euc-kr") + b'"\n'
    with pytest.raises(CatalogError) as info:
        parse_po(data, path="ko.po")
    assert info.value.message.endswith("msgconv -t UTF-8 ko.po > ko.po.utf8")
