"""Control characters: the one table every reader, check and page uses, and how a message shows them.

A control character is a C0 control (U+0000-U+001F), DEL (U+007F) or a C1
control (U+0080-U+009F): what a terminal obeys and an editor hides. Each use
allows what its kind of text legitimately holds and nothing else:

- :data:`ANY` — names and single values (file and project names, glossary
  cells, package index values): no control character at all.
- :data:`IN_TEXT` — catalog and page text (checks, pages, ``.mo`` headers):
  tab and line feed are text.
- :data:`IN_FILE` — a text file as read (sources, glossaries): tab, line
  feed, form feed and carriage return are text.

What the command line prints goes through :func:`for_terminal`, which also
shows the bidirectional controls (:data:`BIDI_CONTROLS`: a terminal that
obeys U+202E shows ``"invoice\\u202efdp.md"`` as ``invoicepdf.md``) the way
the pages show controls; its JSON through :func:`escape_json`, which writes them
as ``\\uXXXX`` escapes (the parsed strings are unchanged).
"""

from __future__ import annotations

import re

__all__ = [
    "ANY",
    "BIDI_CONTROLS",
    "IN_FILE",
    "IN_TEXT",
    "control_name",
    "controls",
    "escape_json",
    "for_terminal",
    "has_controls",
    "visible_controls",
]

#: The table: every control character, in the order of their code points.
CONTROL_CHARACTERS = "".join(chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])


def controls(*, allow: str = "", extra: str = "", runs: bool = False) -> re.Pattern[str]:
    """A pattern for the control characters less ``allow``, plus the characters of ``extra``; ``runs``: one match a run."""
    chars = "".join(char for char in CONTROL_CHARACTERS if char not in allow) + extra
    return re.compile("[" + "".join(f"\\u{ord(char):04x}" for char in chars) + "]" + ("+" if runs else ""))


ANY = controls()
IN_TEXT = controls(allow="\t\n")
IN_FILE = controls(allow="\t\n\x0c\r")

#: The bidirectional formatting characters: the embeddings and overrides (U+202A-U+202E), the isolates
#: (U+2066-U+2069) and the marks (U+200E, U+200F, U+061C ARABIC LETTER MARK). Not controls, but a terminal
#: that obeys them reorders what follows: ``invoice\u202efdp.md`` shows as ``invoicepdf.md``.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# What a terminal must not be sent: the controls but tab (it only moves on to the next column stop, and
# catalog text holds it) and line feed (a report is lines), and the bidirectional controls; the same on one line.
_ON_TERMINAL = controls(allow="\t\n", extra=BIDI_CONTROLS)
_ON_ONE_LINE = controls(allow="\t", extra=BIDI_CONTROLS)
# What JSON text keeps raw with ensure_ascii=False (json.dumps escapes C0 itself): DEL, C1, bidirectional controls.
_RAW_IN_JSON = re.compile("[\u007f-\u009f" + "".join(f"\\u{ord(char):04x}" for char in BIDI_CONTROLS) + "]")

_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL",
    0x85: "NEL", 0x90: "DCS", 0x9B: "CSI", 0x9D: "OSC",
}  # fmt: skip


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character other than line feed and tab (:data:`IN_TEXT`)."""
    return IN_TEXT.search(text) is not None


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: U+241B SYMBOL FOR ESCAPE
    if code == 0x7F:
        return "\u2421"  # SYMBOL FOR DELETE
    return f"[U+{code:04X}]"  # C1 and bidirectional controls have no pictures; no character HTML reads as markup


def visible_controls(text: str) -> str:
    """``text`` with each control character of :data:`IN_TEXT` replaced by a visible sign (ESC: U+241B)."""
    return IN_TEXT.sub(_visible, text) if IN_TEXT.search(text) else text


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """``text`` as the command line prints it: each control character (tab and line feed kept; with ``one_line``,
    line feed shown too) and each bidirectional control (:data:`BIDI_CONTROLS`) replaced by a visible sign, as the
    pages show them: C0 as its Control Picture (ESC: U+241B), DEL as U+2421, the others as ``[U+202E]``.

    What it returns holds none of them, so applying it again changes nothing.
    """
    pattern = _ON_ONE_LINE if one_line else _ON_TERMINAL
    return pattern.sub(_visible, text) if pattern.search(text) else text


def escape_json(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with DEL, the C1 controls and the bidirectional
    controls written as ``\\uXXXX`` escapes: it parses to the same values, and a terminal shows it as it is.

    Those characters can only stand inside JSON strings, where an escape means the same character.
    """
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def control_name(char: str) -> str:
    """``U+001B (ESC)``: a control character as a message names it."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
