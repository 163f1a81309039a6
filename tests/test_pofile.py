"""Tests for dipl10n.pofile: the strict PO reader and the GNU-identical writer.

The writer is compared with GNU gettext itself: ``msgcat`` reads a catalog and
prints it with its own wrapping, so ``msgcat(generate_po(c)) == generate_po(c)``
holds exactly when dipl10n wraps, orders and escapes as GNU does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import hashlib
import os
import random
import shutil
import subprocess
import unicodedata

import pytest
from babel.messages.catalog import Catalog, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n import pofile
from dipl10n.errors import CatalogError, ConcurrentEditError
from dipl10n.pofile import (
    declare_format_flags,
    generate_po,
    header_fields,
    parse_po,
    read_po,
    set_header_fields,
    write_po,
)

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(
    MSGCAT is None or MSGFMT is None,
    reason="GNU gettext (msgcat, msgfmt) is not on PATH: the writer is checked against it",
)

HEADER = (
    b'msgid ""\n'
    b'msgstr ""\n'
    b'"Content-Type: text/plain; charset=UTF-8\\n"\n'
    b"\n"
)  # 4 lines: entries after it start at line 5

HEADER_FIELDS = [
    ("Project-Id-Version", "Diplomacy Journal"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", "2024-05-01 09:00+0000"),
    ("PO-Revision-Date", "2024-05-02 10:30+0900"),
    ("Last-Translator", "Kim Minji <minji@example.org>"),
    ("Language-Team", "Korean <ko@example.org>"),
    ("Language", "ko"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=1; plural=0;"),
    ("X-Generator", "Poedit 3.4.2"),
]


def msgcat(text: str) -> str:
    result = subprocess.run([MSGCAT, "--force-po", "-"], input=text.encode("utf-8"), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")


def msgfmt_check(path) -> subprocess.CompletedProcess:
    return subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, check=False)


def new_catalog(fields=HEADER_FIELDS, comment="# Korean translation of the Diplomacy Journal.\n#") -> Catalog:
    catalog = Catalog(locale="ko", fuzzy=False)
    catalog.header_comment = comment
    set_header_fields(catalog, fields)
    return catalog


def message(msgid, string="", *, flags=(), **kwargs) -> Message:
    """A Message with exactly ``flags`` (Babel would guess python-format from the msgid)."""
    msg = Message(msgid, string, **kwargs)
    msg.flags = set(flags)
    return msg


def snapshot(catalog: Catalog):
    def one(m: Message):
        return (
            m.context,
            m.id,
            m.string,
            list(m.locations),
            sorted(m.flags),
            list(m.user_comments),
            list(m.auto_comments),
            list(m.previous_id),
            getattr(m, "previous_context", None),
        )

    return (
        header_fields(catalog),
        catalog.header_comment,
        catalog.fuzzy,
        [one(m) for m in list(catalog)[1:]],
        [one(m) for m in catalog.obsolete.values()],
    )


def columns(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


# =============================================================================
# Reader: what it rejects
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
    "second header": (HEADER + b'msgid ""\nmsgstr ""\n', 5, "the header (msgid \"\") was already defined at line 1"),
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
# Reader: what it accepts
# =============================================================================


def test_bom_is_dropped():
    catalog = parse_po(b"\xef\xbb\xbf" + HEADER + b'msgid "a"\nmsgstr "b"\n', path="x.po")
    assert catalog["a"].string == "b"
    assert catalog["a"].lineno == 5
    assert not generate_po(catalog).startswith("\ufeff")


def test_crlf_is_read_transparently_and_written_as_lf():
    data = HEADER + b'#: a.md:3\nmsgid ""\n"long "\n"msgid"\nmsgstr "b"\n'
    catalog = parse_po(data.replace(b"\n", b"\r\n"), path="x.po")
    message_ = catalog["long msgid"]
    assert (message_.string, message_.locations, message_.lineno) == ("b", [("a.md", 3)], 6)
    assert "\r" not in generate_po(catalog)
    assert generate_po(catalog) == generate_po(parse_po(data, path="x.po"))


def test_file_without_header():
    catalog = parse_po(b'msgid "a"\nmsgstr ""\n', path="x.pot")
    assert [m.id for m in list(catalog)[1:]] == ["a"]
    assert generate_po(catalog) == 'msgid "a"\nmsgstr ""\n'


@pytest.mark.parametrize("data", [b"", b"\n\n", b"# only a comment\n", b"\xef\xbb\xbf"])
def test_empty_file_is_an_empty_catalog(data):
    catalog = parse_po(data, path="x.po")
    assert len(catalog) == 0 and not catalog.obsolete
    assert generate_po(catalog) == ""


def test_grammar_forms():
    data = HEADER + (
        "# translator\n"
        "#.extracted without space\n"
        "#. extracted\n"
        "#: a.md:1 b.md:22\n"
        "#: no-line.md\n"
        "#, fuzzy, c-format\n"
        "#| msgctxt \"old context\"\n"
        "#| msgid \"old\"\n"
        "#| \"id\"\n"
        "msgctxt \"headline\"\n"
        'msgid "a" "b"\n'
        '"c"\n'
        'msgstr\n'
        '"가"\n'
        "\n"
        'msgid "one"\n'
        'msgid_plural "many"\n'
        'msgstr [ 0 ] "하나"\n'
        "\n"
        "  msgid   \"indented\"  \n"
        "\tmsgstr \"ok\"\n"
    ).encode("utf-8")
    catalog = parse_po(data, path="x.po")
    entry = catalog.get("abc", context="headline")
    assert entry.string == "가"
    assert entry.user_comments == ["translator"]
    assert entry.auto_comments == ["extracted without space", "extracted"]
    assert entry.locations == [("a.md", 1), ("b.md", 22), ("no-line.md", None)]
    assert entry.flags == {"fuzzy", "c-format"}
    assert entry.previous_id == ["oldid"]
    assert entry.previous_context == "old context"
    assert entry.lineno == 15
    plural = catalog["one"]
    assert plural.id == ("one", "many") and plural.string == ("하나",) and plural.lineno == 20
    assert catalog["indented"].string == "ok"


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
    catalog = parse_po(HEADER + f'msgid "k"\nmsgstr "{escaped}"\n'.encode("utf-8"), path="x.po")
    assert catalog["k"].string == value


def test_backslash_newline_continues_the_line_as_in_gnu():
    catalog = parse_po(HEADER + b'msgid "ab\\\ncd"\nmsgstr \\\n"x"\n', path="x.po")
    assert catalog["abcd"].string == "x"


@pytest.mark.parametrize(
    "line, locations",
    [
        ("#: a.md:1 b.md:2", [("a.md", 1), ("b.md", 2)]),
        ("#: docs/intro.md", [("docs/intro.md", None)]),
        ("#: a.md : 12 b.md: 3 c.md :4", [("a.md", 12), ("b.md", 3), ("c.md", 4)]),
        ("#: \u2068my docs/a b.md\u2069:7 x.md", [("my docs/a b.md", 7), ("x.md", None)]),
        ("#: \u2068no line.md\u2069", [("no line.md", None)]),
        ("#: 서울/회담.md:5", [("서울/회담.md", 5)]),
        ("#: a.md:1 a.md:1 a.md:2", [("a.md", 1), ("a.md", 2)]),
        ("# File: old.c, line:42", [("old.c", 42)]),  # Solaris msgfmt's form
        ("# file: x.c,line number:5", [("x.c", 5)]),
    ],
)
def test_references(line, locations):
    catalog = parse_po(HEADER + f'{line}\nmsgid "a"\nmsgstr ""\n'.encode("utf-8"), path="x.po")
    assert catalog["a"].locations == locations
    assert catalog["a"].user_comments == []


def test_almost_solaris_reference_is_a_comment():
    catalog = parse_po(HEADER + b'# File: old.c, line: 42\nmsgid "a"\nmsgstr ""\n', path="x.po")
    assert (catalog["a"].locations, catalog["a"].user_comments) == ([], ["File: old.c, line: 42"])


@pytest.mark.parametrize(
    "line, flags",
    [
        ("#, fuzzy", {"fuzzy"}),
        ("#, c-format, no-c-format", {"no-c-format"}),  # the last word wins, as in GNU
        ("#, possible-c-format", {"c-format"}),
        ("#, c-format, impossible-c-format", set()),
        ("#,no-wrap,wrap", set()),
        ("#, wrap, no-wrap", {"no-wrap"}),
        ("#, range: 1..5", {"range: 1..5"}),
        ("#, fuzzy\n#, term-missing:ITPP", {"fuzzy", "term-missing:ITPP"}),
        ("#, python-format", {"python-format"}),
        ("#, no-python-format", {"no-python-format"}),
    ],
)
def test_flags(line, flags):
    catalog = parse_po(HEADER + f'{line}\nmsgid "%d items"\nmsgstr "x"\n'.encode("utf-8"), path="x.po")
    assert catalog["%d items"].flags == flags


def test_obsolete_entries_keep_order_comments_and_previous_ids():
    data = HEADER + (
        'msgid "live"\nmsgstr "살아 있음"\n\n'
        "# translator note\n"
        "#, fuzzy\n"
        '#~| msgid "older"\n'
        '#~ msgctxt "ctx"\n'
        '#~ msgid "second"\n'
        '#~ msgstr "둘째"\n\n'
        "#~ #, fuzzy\n"
        '#~ msgid "first"\n'
        '#~ msgstr ""\n'
        '#~ "첫째"\n'
    ).encode("utf-8")
    catalog = parse_po(data, path="x.po")
    assert list(catalog.obsolete) == [("second", "ctx"), "first"]
    second = catalog.obsolete[("second", "ctx")]
    assert (second.string, second.user_comments, second.previous_id, second.fuzzy, second.lineno) == (
        "둘째",
        ["translator note"],
        ["older"],
        True,
        12,
    )
    first = catalog.obsolete["first"]
    assert (first.string, first.fuzzy) == ("첫째", True)


def test_empty_msgid_with_context_is_a_message_not_the_header():
    catalog = parse_po(HEADER + b'msgctxt "blank"\nmsgid ""\nmsgstr "x"\n', path="x.po")
    assert [(m.context, m.id, m.string) for m in list(catalog)[1:]] == [("blank", "", "x")]
    assert 'msgctxt "blank"\nmsgid ""\nmsgstr "x"\n' in generate_po(catalog)


# =============================================================================
# The header
# =============================================================================

POEDIT_FILE = (
    "# Korean translation of the Diplomacy Journal.\n"
    "# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
    "# Kim Minji <minji@example.org>, 2024.\n"
    "#\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: Diplomacy Journal\\n"\n'
    '"Report-Msgid-Bugs-To: \\n"\n'
    '"POT-Creation-Date: 2024-05-01 09:00+0000\\n"\n'
    '"PO-Revision-Date: 2024-05-02 10:30+0900\\n"\n'
    '"Last-Translator: Kim Minji <minji@example.org>\\n"\n'
    '"Language-Team: Korean\\n"\n'
    '"Language: ko\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    '"X-Generator: Poedit 3.4.2\\n"\n'
    '"X-Poedit-SourceCharset: UTF-8\\n"\n'
    "\n"
    "#: articles/summit.md:3\n"
    'msgid "The 3.5% increase was announced in Seoul."\n'
    'msgstr "3.5% 증가는 서울에서 발표됐다."\n'
)


def test_header_round_trip_is_byte_identical():
    catalog = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    assert generate_po(catalog) == POEDIT_FILE
    assert (str(catalog.locale), catalog.num_plurals, catalog.fuzzy, catalog.charset) == ("ko", 1, False, "utf-8")
    assert header_fields(catalog)[-2:] == [("X-Generator", "Poedit 3.4.2"), ("X-Poedit-SourceCharset", "UTF-8")]
    assert catalog.header_comment.startswith("# Korean translation of the Diplomacy Journal.\n")


def test_header_changes_through_babel_attributes_are_written_in_place():
    catalog = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    catalog.revision_date = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    catalog.last_translator = "Lee Jun <jun@example.org>"
    expected = POEDIT_FILE.replace("2024-05-02 10:30+0900", "2025-01-02 03:04+0000").replace(
        "Kim Minji <minji@example.org>\\n", "Lee Jun <jun@example.org>\\n"
    )
    assert generate_po(catalog) == expected


def test_header_comment_is_written_as_set_without_babel_substitutions():
    catalog = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    catalog.header_comment = "# New comment for PROJECT, YEAR.\n#"
    assert generate_po(catalog).startswith('# New comment for PROJECT, YEAR.\n#\nmsgid ""\n')


def test_set_header_fields_keeps_order_and_unknown_fields():
    catalog = Catalog(fuzzy=True)
    catalog.header_comment = "# Template.\n#"
    fields = [
        ("Project-Id-Version", "Diplomacy Journal"),
        ("Language", ""),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Plural-Forms", "nplurals=INTEGER; plural=EXPRESSION;"),
        ("X-Generator", "dipl10n 0.1.0"),
    ]
    set_header_fields(catalog, fields)
    assert header_fields(catalog) == fields
    text = generate_po(catalog)
    assert text == (
        "# Template.\n#\n#, fuzzy\n"
        'msgid ""\nmsgstr ""\n'
        '"Project-Id-Version: Diplomacy Journal\\n"\n'
        '"Language: \\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n'
        '"X-Generator: dipl10n 0.1.0\\n"\n'
    )
    assert header_fields(parse_po(text.encode("utf-8"), path="x.pot")) == fields


def test_set_header_fields_drives_babel_attributes():
    catalog = Catalog()
    set_header_fields(
        catalog,
        [("Language", "ko"), ("Plural-Forms", "nplurals=1; plural=0;"), ("Content-Type", "text/plain; charset=UTF-8")],
    )
    assert (str(catalog.locale), catalog.num_plurals, catalog.plural_expr) == ("ko", 1, "0")


def test_fresh_catalog_gets_babel_header_without_generated_by():
    catalog = Catalog(locale="ko", fuzzy=False)
    text = generate_po(catalog)
    assert '"Language: ko\\n"' in text and "Generated-By" not in text
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in text


def test_headerless_catalog_gets_a_header_once_babel_fields_change():
    catalog = parse_po(b'msgid "a"\nmsgstr "b"\n', path="x.po")
    catalog.locale = "ko"
    text = generate_po(catalog)
    assert text.startswith('msgid ""\nmsgstr ""\n') and '"Language: ko\\n"' in text
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in text


# =============================================================================
# Babel's python-format guess
# =============================================================================


def test_guessed_python_format_is_not_written():
    catalog = new_catalog()
    catalog.add("The 3.5% increase in trade", "무역 3.5% 증가")
    catalog.add("Talks on {date}", "{date} 회담")
    assert catalog["The 3.5% increase in trade"].flags == {"python-format"}  # Babel's guess
    assert catalog["Talks on {date}"].flags == {"python-brace-format"}
    assert "python-format" not in generate_po(catalog)
    assert "python-brace-format" not in generate_po(catalog)


def test_python_format_read_from_the_file_is_kept():
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "%(count)d talks"\nmsgstr "%(count)d건"\n\n'
        'msgid "3.5% more"\nmsgstr "3.5% 더"\n'
    ).encode("utf-8")
    catalog = parse_po(data, path="x.po")
    text = generate_po(catalog)
    assert '#, python-format\nmsgid "%(count)d talks"' in text
    assert '\n\nmsgid "3.5% more"' in text  # no flag: Babel only guessed it
    assert text.encode("utf-8") == data


def test_python_format_survives_babel_clone_only_if_read():
    catalog = parse_po(HEADER + b'#, python-format\nmsgid "%s left"\nmsgstr "%s"\n', path="x.po")
    clone = catalog["%s left"].clone()
    catalog.delete("%s left")
    catalog["%s left"] = clone
    assert "#, python-format\n" in generate_po(catalog)


def test_declare_format_flags():
    catalog = new_catalog()
    catalog.add("%(n)s ministers", "%(n)s명의 장관")
    declare_format_flags(catalog, catalog["%(n)s ministers"])
    assert '#, python-format\nmsgid "%(n)s ministers"' in generate_po(catalog)


# =============================================================================
# Writer: comments, flags and the cases GNU normalises
# =============================================================================


def test_comment_and_flag_order():
    catalog = new_catalog()
    msg = message(
        "Seoul",
        "서울",
        flags={"term-missing:ITPP", "no-wrap", "c-format", "fuzzy", "glossary-ok", "range: 1..3"},
        locations=[("./articles/a.md", 3), ("b.md", None)],
        auto_comments=["role: headline", ""],
        user_comments=["checked", ""],
        previous_id=["Seol"],
    )
    msg.previous_context = "old"
    catalog["Seoul"] = msg
    text = generate_po(catalog)
    assert text.split("\n\n")[1] == (
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
    catalog = new_catalog()
    catalog["untranslated"] = message("untranslated", "", flags={"fuzzy"})
    catalog.obsolete["gone, untranslated"] = message("gone, untranslated", "")
    catalog.obsolete["gone"] = message("gone", "사라짐", flags={"fuzzy", "c-format", "term-missing:X"})
    text = generate_po(catalog)
    assert 'fuzzy\nmsgid "untranslated"' not in text
    assert "gone, untranslated" not in text
    assert text.endswith('\n\n#, fuzzy, term-missing:X\n#~ msgid "gone"\n#~ msgstr "사라짐"\n')


def test_file_name_with_spaces_uses_gettext_isolates():
    catalog = new_catalog()
    catalog["a"] = message("a", locations=[("my docs/a b.md", 7), ("x.md", 1)])
    text = generate_po(catalog)
    assert "#: \u2068my docs/a b.md\u2069:7 x.md:1\n" in text
    assert parse_po(text.encode("utf-8"), path="x.po")["a"].locations == [("my docs/a b.md", 7), ("x.md", 1)]


def test_write_po_is_atomic_and_checks_the_digest(tmp_path):
    path = tmp_path / "ko.po"
    catalog = parse_po(POEDIT_FILE.encode("utf-8"), path="ko.po")
    digest = write_po(path, catalog, expected_digest="")
    assert path.read_text(encoding="utf-8") == POEDIT_FILE
    assert digest == hashlib.sha256(POEDIT_FILE.encode("utf-8")).hexdigest()
    path.write_text(POEDIT_FILE + "\n", encoding="utf-8")  # a reviewer saved meanwhile
    with pytest.raises(ConcurrentEditError):
        write_po(path, catalog, expected_digest=digest)
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
    "after a closed-door session that lasted nearly four hours, adding that the allies would \"coordinate closely\" "
    "on sanctions enforcement.",
    "Trade between the two countries rose 3.5% to $1,200 billion (about 1.6 quadrillion won) in 2023, according to "
    "figures released by the U.N. Conference on Trade and Development (UNCTAD).",
    "  Leading and trailing spaces  ",
    "First line of a quotation\nsecond line\n",
    "Tabs\tand \"quotes\" and back\\slashes",
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
    "탭\t그리고 \"따옴표\"와 역\\슬래시",
    "일본·중국·한국·미국·러시아·인도·호주·인도네시아·베트남·필리핀의 외교장관들이 비엔티안에서 열린 아세안지역안보포럼(ARF)에 "
    "참석했으며, 남중국해 문제가 의제를 지배했다.",
    "정부는대북인도적지원을위해세계식량계획(WFP)에1천만달러를추가로공여하기로결정했다고외교부대변인이정례브리핑에서밝혔다(2024.5.13).",
]


def corpus() -> dict[str, Catalog]:
    catalogs = {}

    basic = new_catalog()
    for n, (en, ko) in enumerate(zip(ENGLISH, KOREAN), start=1):
        basic[en] = message(en, ko, locations=[("articles/2024-05-13-arf.md", n * 7)])
    catalogs["english and korean"] = basic

    references = new_catalog()
    references[ENGLISH[1]] = message(
        ENGLISH[1],
        KOREAN[1],
        locations=[(f"articles/2024/{n % 12 + 1:02d}/foreign-ministry-briefing-{n}.md", n * 31) for n in range(1, 25)]
        + [("no-line.md", None), ("한국어/문서.md", 12)],
        auto_comments=["glossary: Foreign Minister = 외교부 장관", "role: headline"],
    )
    catalogs["long reference lists"] = references

    obsolete = new_catalog()
    obsolete[ENGLISH[2]] = message(ENGLISH[2], KOREAN[2], flags={"fuzzy"}, previous_id=[ENGLISH[3]])
    for en, ko in zip(ENGLISH[3:7], KOREAN[3:7]):
        gone = message(en, ko, flags={"fuzzy"}, previous_id=[ENGLISH[4]], user_comments=["kept for reference"])
        obsolete.obsolete[en] = gone
    catalogs["obsolete with previous ids"] = obsolete

    shapes = new_catalog()
    shapes[("one minister", "{n} ministers")] = message(
        ("one minister", "{n} ministers"), ("장관 {n}명",), locations=[("a.md", 1)]
    )
    ctx = message(ENGLISH[3], KOREAN[3], context="standfirst (summary under the headline)", flags={"fuzzy"})
    ctx.previous_context = "headline"
    ctx.previous_id = [ENGLISH[4]]
    shapes[ENGLISH[3]] = ctx
    shapes[ENGLISH[9]] = message(ENGLISH[9], KOREAN[9], flags={"no-wrap"})
    shapes["The 3.5% increase"] = Message("The 3.5% increase", "3.5% 증가")  # Babel guesses python-format
    shapes["Long Korean without spaces"] = message("Long Korean without spaces", "가나다라마바사아자차카타파하" * 12)
    shapes["emoji"] = message("emoji", "👍🏽 한국 🇰🇷 대표단 " * 9)
    shapes["escapes"] = message("escapes", "\a\b\f\v\r" + "\\\"" * 50)
    shapes["space runs"] = message("space runs", "a" + " " * 100 + "b")
    shapes["backslash runs"] = message("backslash runs", "\\" * 70 + "\"\\" * 30)
    # The line is full just before the final \n: GNU never breaks right before it.
    shapes["newline at the margin\n"] = message("newline at the margin\n", "x" * 74 + " \n")
    shapes["emoji sequences"] = message("emoji sequences", "\U0001F468\u200d\U0001F469\u200d\U0001F467" * 20)
    shapes["newlines only"] = message("\n\n", "\n\n")
    catalogs["plurals, contexts and odd strings"] = shapes
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
    squeezed = subprocess.run(
        [MSGCAT, "--force-po", "--width=40", "-"],
        input=generate_po(CORPUS[name]).encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    gnu = msgcat(squeezed.decode("utf-8"))
    assert generate_po(parse_po(gnu.encode("utf-8"), path="x.po")) == gnu
    assert generate_po(parse_po(squeezed, path="x.po")) == gnu


@needs_gettext
@pytest.mark.parametrize("width", [20, 40, 60, 100])
def test_other_page_widths_match_msgcat(width):
    text = generate_po(CORPUS["english and korean"], width=width)
    result = subprocess.run(
        [MSGCAT, "--force-po", f"--width={width}", "-"], input=text.encode("utf-8"), capture_output=True, check=True
    )
    assert result.stdout.decode("utf-8") == text


def test_lines_stay_within_79_columns_unless_a_word_is_longer():
    text = generate_po(CORPUS["english and korean"]) + generate_po(CORPUS["long reference lists"])
    long_lines = []
    for line in text.split("\n"):
        if line.startswith(('"', "msg", "#|", "#~", "#:")) and columns(line) > 79:
            long_lines.append(line)
    # Only the file number is a single word too long for a line, as in GNU's output.
    assert long_lines == ['"' + "UNSC2397ANNEX" * 8 + ' "']


def test_korean_without_spaces_is_broken_between_syllables():
    catalog = new_catalog()
    catalog["k"] = message("k", "가" * 100)
    lines = generate_po(catalog).split("\n")
    start = lines.index('msgid "k"') + 1
    assert lines[start + 1 : start + 4] == ['"' + "가" * 38 + '"', '"' + "가" * 38 + '"', '"' + "가" * 24 + '"']


# =============================================================================
# Properties
# =============================================================================

SPECIAL = (
    list("\"\\\t\n\r\a\b\f\v '(),.:;-–—…·・“”‘’「」『』《》〈〉、。 %$#@!?")
    + ["\u00a0", "\u200b", "\u200d", "\u3000", "\u2028", "\u0301"]
    + list("한국어외교부장관가각힣각中文かなカナ😀👍🏽🇰🇷éñ①₩€")
)
WORDS = [w for s in ENGLISH + KOREAN for w in s.split()]

any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=60)
special_text = st.text(st.sampled_from(SPECIAL), max_size=60)
prose = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
value = st.one_of(any_text, special_text, prose, st.just(""))
comment = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r"), max_size=50
).filter(lambda c: not c.endswith("\\") and not c.lstrip(" ").lower().startswith("file:"))
filename = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,24}", fullmatch=True) | st.sampled_from(
    ["기사/서울.md", "articles/2024-05-13-arf.md"]
)
spaced_filename = st.sampled_from(["my docs/a b.md", "x\ty.md"])
location = st.tuples(filename, st.none() | st.integers(0, 10**6))
# More examples for a longer search: DIPL10N_PO_EXAMPLES=3000 pytest tests/test_pofile.py -k "round_trip or match_msgcat"
EXAMPLES = int(os.environ.get("DIPL10N_PO_EXAMPLES", "0")) or None
KNOWN_FLAGS = ["c-format", "no-java-format", "no-python-format", "no-wrap", "range: 1..3", "qt-format"]
OWN_FLAGS = ["term-missing:ITPP", "glossary-ok"]


@st.composite
def catalogs(draw, *, gnu_only: bool) -> Catalog:
    catalog = Catalog(locale="ko", fuzzy=draw(st.booleans()))
    catalog.header_comment = "\n".join("# " + c if c else "#" for c in draw(st.lists(comment, max_size=3)))
    set_header_fields(catalog, HEADER_FIELDS)
    flags = st.sets(st.sampled_from(KNOWN_FLAGS if gnu_only else KNOWN_FLAGS + OWN_FLAGS), max_size=3)
    locations = st.lists(
        location if gnu_only else st.one_of(location, st.tuples(spaced_filename, st.just(3))),
        max_size=12,
        unique=True,
    )
    keys = draw(
        st.lists(
            st.tuples(st.none() | value, value.filter(bool), st.booleans(), st.booleans()),
            max_size=8,
            unique_by=lambda k: (k[0], k[1]),
        )
    )
    for context, msgid, plural, obsolete in keys:
        if plural:
            msg_id: object = (msgid, draw(value))
            string: object = tuple(draw(st.lists(value, min_size=1, max_size=3)))
        else:
            msg_id, string = msgid, draw(value)
        first = string[0] if isinstance(string, tuple) else string
        if obsolete and not first:
            continue  # GNU drops untranslated obsolete entries
        entry = Message(msg_id, string, context=context)
        entry.user_comments = draw(st.lists(comment, max_size=2))
        entry.auto_comments = draw(st.lists(comment, max_size=2))
        entry.previous_id = draw(st.lists(value, max_size=2))
        # GNU reads a previous msgctxt only together with a previous msgid.
        entry.previous_context = draw(st.none() | value) if entry.previous_id else None
        fuzzy = {"fuzzy"} if first and draw(st.booleans()) else set()
        if obsolete:
            entry.flags = fuzzy | (set() if gnu_only else draw(st.sets(st.sampled_from(OWN_FLAGS))))
            entry.locations = draw(locations)
            catalog.obsolete[catalog._key_for(msg_id, context)] = entry
        else:
            entry.flags = fuzzy | draw(flags)
            entry.locations = draw(locations)
            catalog[msg_id] = entry
    return catalog


@settings(max_examples=EXAMPLES or 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=False))
def test_round_trip(catalog):
    text = generate_po(catalog)
    back = parse_po(text.encode("utf-8"), path="x.po")
    assert snapshot(back) == snapshot(catalog)
    assert generate_po(back) == text


@needs_gettext
@settings(max_examples=EXAMPLES or 40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gnu_only=True))
def test_random_catalogs_match_msgcat(catalog):
    text = generate_po(catalog)
    assert msgcat(text) == text


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
    wrong = [c for c in KEY_CHARS if pofile._char_width(c) != LIBUNISTRING.uc_width(ord(c), b"UTF-8")]
    assert wrong == []


@needs_libunistring
def test_break_opportunities_match_libunistring():
    rnd = random.Random(20240513)
    common = list("ab cd, 'e' (f) 1.5% $2 — 한국 외교부 · “인용” 「조약」 \\\" אב-") + [
        "\u200d", "\u200b", "\u2060", "\u00a0", "\u0301", "\U0001F1F0", "\U0001F1F7", "\U0001F44D", "\U0001F3FD",
    ]  # fmt: skip
    for _ in range(3000):
        text = "".join(
            rnd.choice(common) if rnd.random() < 0.5 else rnd.choice(KEY_CHARS) for _ in range(rnd.randint(1, 30))
        )
        classes, _ = pofile._classes_and_widths(list(text))
        assert pofile._possible_breaks(classes) == _gnu_breaks(text), repr(text)
