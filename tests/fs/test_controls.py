"""dipl10n.fs.controls: the one control-character table, and what each kind of text may hold."""

from __future__ import annotations

import pytest

from dipl10n.fs import controls

C0 = [chr(code) for code in range(0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [(controls.ANY, ""), (controls.IN_TEXT, "\t\n"), (controls.IN_FILE, "\t\n\x0c\r")],
    ids=["names", "catalog text", "text files"],
)
def test_each_kind_of_text_allows_exactly_its_whitespace(pattern, allowed: str) -> None:
    for char in [*C0, "\x7f", *C1]:
        assert (pattern.fullmatch(char) is None) == (char in allowed), f"U+{ord(char):04X}"
    for char in " aé한\u00a0\u200b\u2028\ufeff😀":
        assert pattern.fullmatch(char) is None


def test_runs_and_extra_characters() -> None:
    pattern = controls.controls(allow="\t", extra="\u202e", runs=True)
    assert pattern.findall("a\x1b[31m\u202eb\tc") == ["\x1b", "\u202e"]
    assert pattern.fullmatch("\x00\x01\u202e")


def test_messages_show_and_name_controls() -> None:
    assert controls.visible_controls("a\x1b[2Jb\x7f\x9bc\td\ne") == "a\u241b[2Jb\u2421[U+009B]c\td\ne"
    assert controls.control_name("\x1b") == "U+001B (ESC)" and controls.control_name("\x01") == "U+0001"
    assert controls.has_controls("x\x85") and not controls.has_controls("tab\tand\nline")
