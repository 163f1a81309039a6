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


#: Every character a terminal must not be sent raw: C0 but tab and line feed, DEL, C1, the bidirectional controls.
BIDI = ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
UNSAFE = [char for char in [*C0, "\x7f", *C1, *BIDI] if char not in "\t\n"]


def test_the_bidirectional_controls_are_the_ones_a_terminal_reorders_by() -> None:
    assert sorted(controls.BIDI_CONTROLS) == sorted(BIDI)


def test_what_a_terminal_is_sent_shows_every_control_and_bidi_control() -> None:
    for char in UNSAFE:
        shown = controls.for_terminal(f"a{char}b")
        assert char not in shown and shown.startswith("a") and shown.endswith("b"), f"U+{ord(char):04X}"
    # The pages' signs: Control Pictures for C0, U+2421 for DEL, [U+XXXX] for the others.
    assert controls.for_terminal("invoice\u202efdp.md") == "invoice[U+202E]fdp.md"
    assert controls.for_terminal("a\x1b[2J\x9b\u2066\x7f") == "a\u241b[2J[U+009B][U+2066]\u2421"
    # Tab and line feed are a report's own; on one line (a record), a line break is shown too.
    assert controls.for_terminal("a\tb\nc") == "a\tb\nc"
    assert controls.for_terminal("a\tb\nc", one_line=True) == "a\tb\u240ac"
    # What it returns holds nothing it would change, and plain text (Korean, an em dash) stays as it is.
    text = "".join(UNSAFE) + "\t\n"
    assert controls.for_terminal(controls.for_terminal(text)) == controls.for_terminal(text)
    assert controls.for_terminal("정상들은 — 만났다\u00a0.") == "정상들은 — 만났다\u00a0."


def test_json_escapes_what_ensure_ascii_false_leaves_raw_and_parses_the_same() -> None:
    import json

    value = {"msgid": "".join([*C0, "\x7f", *C1, *BIDI]) + "정상 é", "path": "invoice\u202efdp.po"}
    text = controls.escape_json(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert not any(char in text for char in UNSAFE)
    assert "\\u202e" in text and "\\u009b" in text and "정상 é" in text
