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
"""

from __future__ import annotations

import re

__all__ = ["ANY", "IN_FILE", "IN_TEXT", "control_name", "controls", "has_controls", "visible_controls"]

#: The table: every control character, in the order of their code points.
CONTROL_CHARACTERS = "".join(chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])


def controls(*, allow: str = "", extra: str = "", runs: bool = False) -> re.Pattern[str]:
    """A pattern for the control characters less ``allow``, plus the characters of ``extra``; ``runs``: one match a run."""
    chars = "".join(char for char in CONTROL_CHARACTERS if char not in allow) + extra
    return re.compile("[" + "".join(f"\\u{ord(char):04x}" for char in chars) + "]" + ("+" if runs else ""))


ANY = controls()
IN_TEXT = controls(allow="\t\n")
IN_FILE = controls(allow="\t\n\x0c\r")

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
    return f"[U+{code:04X}]"  # C1 controls have no pictures; no character HTML would read as markup


def visible_controls(text: str) -> str:
    """``text`` with each control character of :data:`IN_TEXT` replaced by a visible sign (ESC: U+241B)."""
    return IN_TEXT.sub(_visible, text) if IN_TEXT.search(text) else text


def control_name(char: str) -> str:
    """``U+001B (ESC)``: a control character as a message names it."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
