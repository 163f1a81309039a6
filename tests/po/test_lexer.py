"""Tests for dipl10n.po.lexer's string escapes: the range of an octal escape, and no input that is not an error.

GNU gettext 0.21 accepts ``\\400``-``\\777`` (``msgfmt --check`` passes) and
keeps the low byte of the value: ``\\541`` is ``a``, ``\\777`` the byte 0xFF,
``\\400`` a NUL that cuts the string short in the ``.mo``. dipl10n refuses an
escape larger than a byte with the file and line, as it refuses ``\\x100``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.errors import CatalogError
from dipl10n.po import parse_po
from dipl10n.po.lexer import unescape

HEADER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # entries start at line 5


def _msgstr(escaped: str) -> str:
    po = parse_po(HEADER + f'msgid "k"\nmsgstr "{escaped}"\n'.encode(), path="ko.po")
    (entry,) = [e for e in po if e.msgid == "k"]
    return entry.msgstr


@pytest.mark.parametrize(
    "escaped, shown",
    [(r"\400", r"\400"), (r"\401", r"\401"), (r"\477", r"\477"), (r"\541", r"\541"), (r"\600", r"\600"),
     (r"\702\620", r"\702"), (r"\777", r"\777"), (r"x\7777y", r"\777")],
)  # fmt: skip
def test_an_octal_escape_larger_than_a_byte_is_refused_with_its_line(escaped, shown):
    with pytest.raises(CatalogError) as info:
        parse_po(HEADER + f'msgid "k"\nmsgstr ""\n"ok"\n"{escaped}"\n'.encode(), path="ko.po")
    error = info.value
    assert str(error).startswith("ko.po:8: invalid escape sequence \\")
    assert error.message.endswith("the value is larger than a byte (octal escapes go up to \\377)")
    assert error.message.startswith(f"invalid escape sequence {shown}: ")


@pytest.mark.parametrize(
    "escaped, value",
    [
        (r"\1", "\x01"),
        (r"\177", "\x7f"),
        (r"\302\200", "\x80"),  # the two bytes of U+0080
        (r"\303\277", "ÿ"),
        (r"\3770", None),  # \377 then "0": three digits at most, and 0xFF is no UTF-8
        (r"\1000", "@0"),  # \100 then "0", not \1000
        (r"\0400", " 0"),  # \040 then "0"
    ],
)
def test_octal_escapes_up_to_377_are_bytes(escaped, value):
    if value is None:
        with pytest.raises(CatalogError, match="do not make valid UTF-8"):
            _msgstr(escaped)
    else:
        assert _msgstr(escaped) == value


@pytest.mark.parametrize("escaped", [r"\377", r"\376", r"\200"])
def test_a_byte_that_is_no_utf8_on_its_own_is_refused_as_such(escaped):
    with pytest.raises(CatalogError, match="do not make valid UTF-8"):
        _msgstr(escaped)


def test_a_long_hex_escape_is_shown_shortened():
    with pytest.raises(CatalogError) as info:
        _msgstr("\\x" + "f" * 5000)
    assert info.value.message == "invalid escape sequence \\xffffffff...: the value is larger than a byte"


def test_every_three_digit_octal_escape_is_its_byte_or_an_error():
    """All 512 of them, \\000 to \\777: ASCII is read, anything else is a CatalogError at the line."""
    for code in range(0o1000):
        try:
            value = unescape(f"\\{code:03o}", "ko.po", 7)
        except CatalogError as error:
            assert error.line == 7
            assert code in (0, 4) or code > 0x7F, code  # NUL, EOT, no UTF-8 on its own, larger than a byte
            assert ("larger than a byte" in error.message) == (code > 0xFF), code
        else:
            assert value == chr(code) and 0 < code < 0x80 and code != 4, code


_BODY = st.lists(
    st.one_of(
        st.sampled_from(["\\", "\\x", "\\0", "\\4", "\\7", "\\377", "\\400", "\\777", "\\n", "\\\\", '\\"']),
        st.text("0123456789abcdefxX\\n\"é외", max_size=6),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None, database=None)
@given(_BODY)
def test_any_string_body_is_text_or_a_catalog_error(body):
    try:
        value = unescape(body, "ko.po", 3)
    except CatalogError as error:
        assert error.line == 3 and "\n" not in error.message
    else:
        assert isinstance(value, str)
