"""A strict PO reader and a PO writer whose output is byte-identical to GNU gettext's.

The catalog model is Babel's :class:`~babel.messages.catalog.Catalog`, but
Babel's own ``read_po`` forgives too much (an unterminated string drops the
entry, a second definition of a msgid silently wins, a bad escape passes) and
its ``write_po`` does not wrap as GNU gettext does, so a file that a reviewer
saved in Poedit would come back with every long string re-wrapped. Here:

* :func:`parse_po` / :func:`read_po` accept the PO grammar as GNU gettext
  does and raise :class:`~dipl10n.errors.CatalogError` with the 1-based line
  for everything it would reject, and for what dipl10n refuses on top:
  duplicate messages, catalogs that are not UTF-8, NUL bytes.
* :func:`generate_po` prints a catalog exactly as ``msgcat`` (GNU gettext
  0.21) prints it: the same comment order, the same ``#:`` wrapping and the
  same line breaking of strings, which follows gnulib's Unicode line breaking
  (UAX #14 classes, East Asian Wide characters such as Hangul count as two
  columns) as used by GNU's ``write-po.c``.
* The header entry is kept as it was read, field by field and in order;
  changes made through Babel's attributes (``catalog.revision_date``,
  ``catalog.locale``, ...) or :func:`set_header_fields` are applied to it.
* Babel adds a ``python-format`` flag to every message whose msgid merely
  looks like a %-format ("3.5% increase" matches ``% i``). dipl10n catalogs
  hold prose, so the writer only writes ``python-format`` and
  ``python-brace-format`` for messages that carried the flag in the file they
  were read from (or that :func:`declare_format_flags` vouches for).

Messages get two attributes Babel's model lacks: ``lineno`` is the 1-based
line of the ``msgid`` keyword, and ``previous_context`` holds a ``#| msgctxt``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from dipl10n.atomic import atomic_write_text
from dipl10n.errors import CatalogError
from dipl10n.textio import guess_encoding

__all__ = [
    "declare_format_flags",
    "generate_po",
    "header_fields",
    "parse_po",
    "read_po",
    "set_header_fields",
    "write_po",
]

#: GNU gettext's page width.
PAGE_WIDTH = 79

# The format languages GNU gettext 0.21 knows, in the order it prints their flags.
_FORMAT_LANGUAGES = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp "
    "librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl "
    "perl perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMAT_LANGUAGE_SET = frozenset(_FORMAT_LANGUAGES)
# Flags Babel invents from the look of a msgid; written only when vouched for.
_GUESSED_FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})
_RANGE_FLAG = re.compile(r"range: (\d+)\.\.(\d+)\Z")

# Attribute names this module keeps on Babel objects.
_HEADER_ATTR = "_dipl10n_po_header"
_FORMAT_ATTR = "_dipl10n_format_flags"


# =============================================================================
# Unicode line breaking, as gnulib's unilbrk does it for GNU gettext 0.21
# =============================================================================
#
# Line break classes after gnulib's resolution (AI, XX and SA become AL, CB and
# CJ become ID and NS, NL becomes BK). OPW is an opening punctuation mark of
# East Asian width (gnulib does not let AL, HL or NU stick to it). The pair
# table and the class table below were measured on the libunistring that GNU
# gettext 0.21 uses (Unicode 14): see docs/pofile.md.

_PAIR_CLASSES = "AL B2 BA BB CL CP EB EM EX GL H2 H3 HL HY ID IN IS JL JT JV NS NU OP OPW PO PR QU RI SY WJ".split()

# Row: class before the break opportunity; column: class after it.
# D: break possible, I: possible only after spaces, P: never.
_PAIR_ROWS = """
AL  IDIDPPDDPIDDIIDIPDDDIIIDIIIDPP
B2  DPIDPPDDPIDDDIDIPDDDIDDDDDIDPP
BA  DDIDPPDDPDDDDIDIPDDDIDDDDDIDPP
BB  IIIIPPIIPIIIIIIIPIIIIIIIIIIIPP
CL  DDIDPPDDPIDDDIDIPDDDPDDDIIIDPP
CP  IDIDPPDDPIDDIIDIPDDDIIDDIIIDPP
EB  DDIDPPDIPIDDDIDIPDDDIDDDIDIDPP
EM  DDIDPPDDPIDDDIDIPDDDIDDDIDIDPP
EX  DDIDPPDDPIDDDIDIPDDDIDDDDDIDPP
GL  IIIIPPIIPIIIIIIIPIIIIIIIIIIIPP
H2  DDIDPPDDPIDDDIDIPDIIIDDDIDIDPP
H3  DDIDPPDDPIDDDIDIPDIDIDDDIDIDPP
HL  IDIDPPDDPIDDIIDIPDDDIIIDIIIDPP
HY  DDIDPPDDPDDDDIDIPDDDIIDDDDIDPP
ID  DDIDPPDDPIDDDIDIPDDDIDDDIDIDPP
IN  DDIDPPDDPIDDDIDIPDDDIDDDDDIDPP
IS  DDIDPPDDPIDDDIDIPDDDIIDDDDIDPP
JL  DDIDPPDDPIIIDIDIPIDIIDDDIDIDPP
JT  DDIDPPDDPIDDDIDIPDIDIDDDIDIDPP
JV  DDIDPPDDPIDDDIDIPDIIIDDDIDIDPP
NS  DDIDPPDDPIDDDIDIPDDDIDDDDDIDPP
NU  IDIDPPDDPIDDIIDIPDDDIIIDIIIDPP
OP  PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
OPW PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
PO  IDIDPPDDPIDDIIDIPDDDIIIIDDIDPP
PR  IDIDPPIIPIIIIIIIPIIIIIIIDDIDPP
QU  IIIIPPIIPIIIIIIIPIIIIIPPIIIIPP
RI  DDIDPPDDPIDDDIDIPDDDIDDDDDIDPP
SY  DDIDPPDDPIDDIIDIPDDDIIDDDDIDPP
WJ  IIIIPPIIPIIIIIIIPIIIIIIIIIIIPP
"""


def _parse_pair_table() -> dict[tuple[str, str], str]:
    table = {}
    for row in _PAIR_ROWS.split("\n"):
        if row:
            before, cells = row.split()
            for after, cell in zip(_PAIR_CLASSES, cells, strict=True):
                table[before, after] = cell
    return table


_PAIRS = _parse_pair_table()

# Exact classes, where they differ from _default_class, for the blocks that
# matter to English and Korean text: Latin, Greek, Cyrillic (U+0000-04FF) and
# Hebrew (whose letters have rules of their own),
# Hangul jamo (U+1100-11FF, A960-A97F, D7B0-D7FF) and syllables, Latin
# Extended Additional, general punctuation through miscellaneous symbols and
# arrows (U+2000-2BFF: dashes, quotes, ellipsis, currency, dingbats), CJK
# punctuation, kana and compatibility forms (U+2E00-33FF), CJK ideographs,
# halfwidth and fullwidth forms and specials (U+FE00-FFFF), emoji
# (U+1F000-1FAFF), variation selectors and tags. Elsewhere _default_class
# guesses from the general category and East Asian width.
_CLASS_EXCEPTIONS = """
0009:BA 000A-000D:BK 0020:SP 0021:EX 0022:QU 0025:PO 0027:QU 0029:CP 002B:PR
002C:IS 002D:HY 002E:IS 002F:SY 003A-003B:IS 003F:EX 005C:PR 005D:CP 007C:BA
0085:BK 00A0:GL 00A1:OP 00A2:PO 00AD:BA 00B0:PO 00B1:PR 00B4:BB 00BF:OP 02C8:BB
02CC:BB 02DF:BB 034F:GL 035C-0362:GL 037E:IS 05BE:BA 05C6:EX 05D0-05EA:HL
05EF-05F2:HL 1100-115F:JL 1160-11A7:JV 11A8-11FF:JT 2007:GL 200B:ZW 200D:ZWJ
2010:BA 2011:GL 2012-2013:BA 2014:B2 2024-2026:IN 2027:BA 2028-2029:BK 202F:GL
2030-2037:PO 203C-203D:NS 2044:IS 2047-2049:NS 2056:BA 2058-205B:BA
205D-205E:BA 2060:WJ 2061-2064:AL 20A7:PO 20B6:PO 20BB:PO 20BE:PO 20C0:PO
20C1-20CF:PR 2103:PO 2109:PO 2116:PR 2212-2213:PR 22EF:IN 23E9-23EC:AL
23F1-23F2:ID 25FD-25FE:AL 2600-2603:ID 2618:ID 261A-261C:ID 261D:EB
261E-261F:ID 2639-263B:ID 2648-2653:AL 2668:ID 2693:AL 26A1:AL 26AA-26AB:AL
26BF-26C3:ID 26C6-26C8:ID 26CD:ID 26CE:AL 26CF-26D1:ID 26D3:ID 26D8-26D9:ID
26DC:ID 26DF-26E1:ID 26F1:ID 26F4:ID 26F7-26F8:ID 26F9:EB 26FE-2704:ID 2705:AL
2708-2709:ID 270A-270D:EB 2728:AL 274C:AL 274E:AL 2753-2755:AL 2757:AL
275B-2760:QU 2762-2763:EX 2764:ID 2795-2797:AL 27B0:AL 27BF:AL 2B1B-2B1C:AL
2B50:AL 2B55:AL 2E00-2E01:QU 2E06-2E08:QU 2E0B:QU 2E0E-2E15:BA 2E17:BA 2E18:OP
2E19:BA 2E2A-2E2D:BA 2E2E:EX 2E30-2E31:BA 2E33-2E34:BA 2E3A-2E3B:B2
2E3C-2E3E:BA 2E40-2E41:BA 2E43-2E4A:BA 2E4C:BA 2E4E-2E4F:BA 2E53-2E54:EX
2E5D:BA 2E9A:AL 2EF4-2EFF:AL 2FD6-2FEF:AL 2FFC-2FFF:AL 3001-3002:CL 3005:NS
301C:NS 3035:CM 303B-303C:NS 303F:ID 3040:AL 3041:NS 3043:NS 3045:NS 3047:NS
3049:NS 3063:NS 3083:NS 3085:NS 3087:NS 308E:NS 3095-3096:NS 3097-3098:AL
309B-309E:NS 30A0-30A1:NS 30A3:NS 30A5:NS 30A7:NS 30A9:NS 30C3:NS 30E3:NS
30E5:NS 30E7:NS 30EE:NS 30F5-30F6:NS 30FB-30FE:NS 3100-3104:AL 3130:AL 318F:AL
31E4-31EF:AL 31F0-31FF:NS 321F:AL A960-A97C:JL D7B0-D7C6:JV D7CB-D7FB:JT
FB1D:HL FB1F-FB28:HL FB2A-FB36:HL FB38-FB3C:HL FB3E:HL FB40-FB41:HL
FB43-FB44:HL FB46-FB4F:HL FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX
FE19:IN FE1A-FE1F:AL FE50:CL FE52:CL FE53:AL FE54-FE55:NS FE56-FE57:EX FE67:AL
FE6A:PO FE6C-FE6F:AL FEFF:WJ FF00:AL FF01:EX FF05:PO FF0C:CL FF0E:CL
FF10-FF19:ID FF1A-FF1B:NS FF1F:EX FF61:CL FF64:CL FF65:NS FF66:ID FF67-FF70:NS
FF71-FF9D:ID FF9E-FF9F:NS FFA0-FFBE:ID FFC2-FFC7:ID FFCA-FFCF:ID FFD2-FFD7:ID
FFDA-FFDC:ID FFE0:PO FFFC:ID 1F000-1F003:ID 1F005-1F02B:ID 1F02C-1F02F:EB
1F030-1F093:ID 1F094-1F09F:EB 1F0A0-1F0AE:ID 1F0AF-1F0B0:EB 1F0B1-1F0BF:ID
1F0C0:EB 1F0C1-1F0CE:ID 1F0D0:EB 1F0D1-1F0F5:ID 1F0F6-1F0FF:EB 1F10D-1F10F:ID
1F16D-1F16F:ID 1F18E:AL 1F191-1F19A:AL 1F1AD:ID 1F1AE-1F1E5:EB 1F1E6-1F1FF:RI
1F203-1F20F:EB 1F23C-1F23F:EB 1F249-1F24F:EB 1F252-1F25F:EB 1F266-1F2FF:EB
1F321-1F32C:ID 1F336:ID 1F37D:ID 1F385:EB 1F394-1F39B:ID 1F39E-1F39F:ID
1F3B5-1F3B6:AL 1F3BC:AL 1F3C2-1F3C4:EB 1F3C7:EB 1F3CA-1F3CC:EB 1F3CD-1F3CE:ID
1F3D4-1F3DF:ID 1F3F1-1F3F3:ID 1F3F5-1F3F7:ID 1F3FB-1F3FF:EM 1F43F:ID 1F441:ID
1F442-1F443:EB 1F446-1F450:EB 1F466-1F478:EB 1F47C:EB 1F481-1F483:EB
1F485-1F487:EB 1F48F:EB 1F491:EB 1F4A0:AL 1F4A2:AL 1F4A4:AL 1F4AA:EB 1F4AF:AL
1F4B1-1F4B2:AL 1F4FD-1F4FE:ID 1F500-1F506:AL 1F517-1F524:AL 1F532-1F53D:AL
1F54A:ID 1F54F:ID 1F568-1F573:ID 1F574-1F575:EB 1F576-1F579:ID 1F57A:EB
1F57B-1F58F:ID 1F590:EB 1F591-1F594:ID 1F595-1F596:EB 1F597-1F5A3:ID
1F5A5-1F5D3:ID 1F5DC-1F5F3:ID 1F5FA:ID 1F645-1F647:EB 1F64B-1F64F:EB
1F676-1F678:QU 1F679-1F67B:NS 1F6A3:EB 1F6B4-1F6B6:EB 1F6C0:EB 1F6C6-1F6CB:ID
1F6CC:EB 1F6CD-1F6CF:ID 1F6D3-1F6D4:ID 1F6D8-1F6DC:EB 1F6E0-1F6EA:ID
1F6ED-1F6EF:EB 1F6F0-1F6F3:ID 1F6FD-1F6FF:EB 1F774-1F77F:EB 1F7D5-1F7D8:ID
1F7D9-1F7DF:EB 1F7EC-1F7EF:EB 1F7F1-1F7FF:EB 1F80C-1F80F:EB 1F848-1F84F:EB
1F85A-1F85F:EB 1F888-1F88F:EB 1F8AE-1F8AF:EB 1F8B0-1F8B1:ID 1F8B2-1F8FF:EB
1F90C:EB 1F90F:EB 1F918-1F91F:EB 1F926:EB 1F930-1F939:EB 1F93B:ID
1F93C-1F93E:EB 1F946:ID 1F977:EB 1F9B5-1F9B6:EB 1F9B8-1F9B9:EB 1F9BB:EB
1F9CD-1F9CF:EB 1F9D1-1F9DD:EB 1FA54-1FA5F:EB 1FA60-1FA6D:ID 1FA6E-1FA6F:EB
1FA75-1FA77:EB 1FA7D-1FA7F:EB 1FA87-1FA8F:EB 1FAAD-1FAAF:EB 1FABB-1FABF:EB
1FAC3-1FACF:EB 1FADA-1FADF:EB 1FAE8-1FAFF:EB 2FFFE-2FFFF:AL 3FFFE-3FFFF:AL
"""


def _parse_class_exceptions() -> tuple[list[int], list[int], list[str]]:
    ranges = []
    for token in _CLASS_EXCEPTIONS.split():
        span, cls = token.split(":")
        first, _, last = span.partition("-")
        ranges.append((int(first, 16), int(last or first, 16), cls))
    ranges.sort()
    return [r[0] for r in ranges], [r[1] for r in ranges], [r[2] for r in ranges]


_EXC_STARTS, _EXC_ENDS, _EXC_CLASSES = _parse_class_exceptions()

# Unassigned code points that gnulib treats as wide (and as ideographs).
_WIDE_UNASSIGNED = (
    (0x2E80, 0x303E), (0x3040, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x1F200, 0x1F2FF),
    (0x20000, 0x3FFFF),
)  # fmt: skip
# Spacing marks that Python's tables call non-spacing (gnulib's width is 1).
_NARROW_MARKS = frozenset({0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F})


def _wide_unassigned(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _WIDE_UNASSIGNED)


def _default_class(cp: int) -> str:
    """Guess a line break class from the general category (outside the exact table)."""
    if 0xAC00 <= cp <= 0xD7A3:
        # Hangul syllables: LV (H2) every 28th, LVT (H3) otherwise.
        return "H2" if (cp - 0xAC00) % 28 == 0 else "H3"
    char = chr(cp)
    category = unicodedata.category(char)
    if category == "Cn":
        return "ID" if _wide_unassigned(cp) else "AL"
    if category in ("Mn", "Me", "Mc", "Cc", "Cf"):
        return "CM"
    if category == "Nd":
        return "NU"
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    if category == "Ps":
        return "OPW" if wide or unicodedata.east_asian_width(char) == "H" else "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Zs":
        return "BA"
    if category == "Sc":
        return "PR"
    return "ID" if wide else "AL"


def _line_break_class(char: str) -> str:
    cls = _CLASS_CACHE.get(char)
    if cls is None:
        cp = ord(char)
        i = bisect.bisect_right(_EXC_STARTS, cp) - 1
        if i >= 0 and cp <= _EXC_ENDS[i]:
            cls = _EXC_CLASSES[i]
        else:
            cls = _default_class(cp)
        _CLASS_CACHE[char] = cls
    return cls


_CLASS_CACHE: dict[str, str] = {}


def _char_width(char: str) -> int:
    """Columns a character takes, as gnulib's ``uc_width`` counts them (-1: control)."""
    width = _WIDTH_CACHE.get(char)
    if width is None:
        width = _compute_width(ord(char))
        _WIDTH_CACHE[char] = width
    return width


_WIDTH_CACHE: dict[str, int] = {}


def _compute_width(cp: int) -> int:
    if 0x20 <= cp < 0x7F:
        return 1
    if cp == 0:
        return 0
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return -1
    char = chr(cp)
    category = unicodedata.category(char)
    if category == "Cn":
        return 2 if _wide_unassigned(cp) else 1
    if category == "Cf" or (category in ("Mn", "Me") and cp not in _NARROW_MARKS):
        return 0
    if 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF:
        # Hangul medial vowels and final consonants join the preceding jamo.
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_PROHIBITED = 1
_POSSIBLE = 2
_MANDATORY = 3


def _possible_breaks(classes: Sequence[str]) -> list[int]:
    """Break opportunities before each character (gnulib's ``u8_possible_linebreaks``)."""
    result = []
    append = result.append
    pairs = _PAIRS
    prev = "BK"  # class of the previous character
    last = "BK"  # class of the last character that is not a space (CM/ZWJ resolved)
    seen_space = False
    ri_count = 0
    for cls in classes:
        if cls == "BK":
            append(_MANDATORY)
            prev = last = "BK"
            seen_space = False
            ri_count = 0
            continue
        if cls == "SP":
            append(_PROHIBITED)
            seen_space = True
        elif cls == "ZW":
            append(_PROHIBITED)
            last = "ZW"
            seen_space = False
        elif cls == "CM" or cls == "ZWJ":
            if last == "BK":
                append(_PROHIBITED)
                last = "AL"
                seen_space = False
            elif last == "ZW" or seen_space:
                append(_POSSIBLE)
                last = "AL"
                seen_space = False
            else:
                # X CM behaves as X.
                append(_PROHIBITED)
        else:
            if last == "BK":
                brk = _PROHIBITED
            elif last == "ZW":
                brk = _POSSIBLE
            elif prev == "ZWJ":
                brk = _PROHIBITED
            elif last == "RI" and cls == "RI":
                brk = _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
            elif prev == "HL_BA":
                brk = _PROHIBITED
            else:
                cell = pairs[last, cls]
                brk = _POSSIBLE if cell == "D" or (cell == "I" and seen_space) else _PROHIBITED
            append(brk)
            last = cls
            seen_space = False
        prev = "HL_BA" if prev == "HL" and (cls == "HY" or cls == "BA") else cls
        ri_count = ri_count + 1 if cls == "RI" else 0
    return result


def _fit(breaks: Sequence[int], widths: Sequence[int], width: int, start_column: int) -> list[int]:
    """Indices to break before so that lines fit ``width`` columns (gnulib's ``u8_width_linebreaks``).

    ``breaks`` are the break opportunities with the overrides applied.
    """
    chosen = []
    last_index = -1
    last_column = start_column
    piece_width = 0
    for i, brk in enumerate(breaks):
        if brk != _PROHIBITED:
            # An atomic piece of text ends here.
            if last_index >= 0 and last_column + piece_width > width:
                chosen.append(last_index)
                last_column = 0
            if brk == _MANDATORY:
                last_index = -1
                last_column = 0
                piece_width = 0
                continue
            last_index = i
            last_column += piece_width
            piece_width = 0
        w = widths[i]
        if w > 0:
            piece_width += w
    if last_index >= 0 and last_column + piece_width > width:
        chosen.append(last_index)
    return chosen


def _classes_and_widths(chars: Sequence[str]) -> tuple[list[str], list[int]]:
    class_of = _CLASS_CACHE.get
    width_of = _WIDTH_CACHE.get
    classes = [class_of(c) or _line_break_class(c) for c in chars]
    widths = [width_of(c) or _char_width(c) for c in chars]
    return classes, widths


# =============================================================================
# Writer
# =============================================================================

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_ESCAPE_TABLE = str.maketrans({char: "\\" + letter for char, letter in _ESCAPES.items()})
_NO_WRAP_WIDTH = 1 << 30
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _wrap(out: list[str], prefix: str, keyword: str, value: str, do_wrap: bool, page_width: int) -> None:
    """Print ``keyword "value"`` as GNU's ``wrap()`` in write-po.c does."""
    portions = _PORTION.findall(value) or [""]
    first_line = True
    # Continuation lines start with the prefix and a quote; leave room for the closing quote.
    startcol_after_break = len(prefix) + 1
    width = (page_width if do_wrap else _NO_WRAP_WIDTH) - 1 - startcol_after_break
    for index, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPE_TABLE)
        chars = list(escaped)
        overrides = [0] * len(chars)
        # Never break inside an escape sequence.
        i = escaped.find("\\")
        while i >= 0:
            overrides[i + 1] = _PROHIBITED
            i = escaped.find("\\", i + 2)
        if portion.endswith("\n"):
            # Never break just before the \n that ends a portion.
            overrides[-2] = _PROHIBITED
        classes, widths = _classes_and_widths(chars)
        total = sum(w for w in widths if w > 0)
        breaks: list[int] | None = None
        while True:
            startcol = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - startcol_after_break
            if startcol + total <= width:
                chosen: list[int] = []  # fits: gnulib would not break anywhere
            else:
                if breaks is None:
                    breaks = _possible_breaks(classes)
                    for i, override in enumerate(overrides):
                        if override:
                            breaks[i] = override
                chosen = _fit(breaks, widths, width, startcol)
            if first_line and chars and (index < len(portions) - 1 or startcol > width or chosen):
                # The string would wrap: start with an empty string instead.
                out.append(f'{prefix}{keyword} ""\n')
                first_line = False
                continue
            break
        line = [prefix, f"{keyword} " if first_line else "", '"']
        begin = 0
        for i in chosen:
            line.append("".join(chars[begin:i]))
            line.append(f'"\n{prefix}"')
            begin = i
        line.append("".join(chars[begin:]))
        line.append('"\n')
        out.append("".join(line))
        first_line = False


def _print_comments(out: list[str], user_comments: Iterable[str], auto_comments: Iterable[str]) -> None:
    for comment in user_comments:
        rest = comment
        while True:
            # GNU prints "#" plus a space unless nothing at all is left of the comment.
            head, newline, tail = rest.partition("\n")
            out.append(f"# {head}\n" if rest else "#\n")
            if not newline:
                break
            rest = tail
    for comment in auto_comments:
        for line in comment.split("\n"):
            out.append(f"#. {line}\n" if line else "#.\n")


def _reference(filename: str, lineno: int | None) -> tuple[str, int]:
    """A ``#:`` reference and the columns GNU counts for it (bytes, plus the space before it)."""
    while filename.startswith("./"):
        filename = filename[2:]
    suffix = f":{lineno}" if lineno is not None else ""
    width = len(filename.encode("utf-8")) + len(suffix) + 1
    if " " in filename or "\t" in filename:
        # GNU gettext 0.22's form for such names (0.21 cannot represent them at
        # all); the isolate marks do not count towards the width.
        return f"\u2068{filename}\u2069{suffix}", width
    return filename + suffix, width


def _print_references(out: list[str], locations: Iterable[tuple[str, int | None]], page_width: int) -> None:
    references = [_reference(filename, lineno) for filename, lineno in locations]
    if not references:
        return
    line = ["#:"]
    column = 2
    for text, width in references:
        if column > 2 and column + width > page_width:
            out.append("".join(line) + "\n")
            line = ["#:"]
            column = 2
        line.append(" " + text)
        column += width
    out.append("".join(line) + "\n")


def _flag_list(flags: Iterable[str], *, fuzzy: bool, vouched: frozenset[str], obsolete: bool) -> list[str]:
    """The flags GNU would print, in its order, then dipl10n's own flags sorted."""
    flags = set(flags)
    result = ["fuzzy"] if fuzzy else []
    known: set[str] = {"fuzzy", "wrap", "no-wrap"}
    for language in _FORMAT_LANGUAGES:
        yes, no = f"{language}-format", f"no-{language}-format"
        possible, impossible = f"possible-{language}-format", f"impossible-{language}-format"
        known.update((yes, no, possible, impossible))
        if obsolete:
            continue
        if (yes in flags or possible in flags) and (yes not in _GUESSED_FORMAT_FLAGS or yes in vouched):
            result.append(yes)
        elif no in flags:
            result.append(no)
    ranges = sorted(flag for flag in flags if _RANGE_FLAG.match(flag))
    known.update(ranges)
    for flag in ranges[:1]:
        low, high = _RANGE_FLAG.match(flag).groups()  # type: ignore[union-attr]
        if int(low) <= int(high) and not obsolete:
            result.append(f"range: {int(low)}..{int(high)}")
    if "no-wrap" in flags and not obsolete:
        result.append("no-wrap")
    result += sorted(flags - known)
    return result


def _strings(message: Message) -> list[str]:
    string = message.string
    if message.pluralizable:
        if isinstance(string, str):
            return [string]
        return [s or "" for s in (string or ("",))]
    if isinstance(string, (list, tuple)):
        return [string[0] if string else ""]
    return [string or ""]


def _print_message(
    out: list[str],
    message: Message,
    *,
    obsolete: bool,
    vouched: frozenset[str],
    page_width: int,
) -> None:
    strings = _strings(message)
    ids = list(message.id) if message.pluralizable else [message.id]
    _print_comments(out, message.user_comments, message.auto_comments)
    _print_references(out, message.locations, page_width)
    flags = _flag_list(
        message.flags,
        fuzzy=message.fuzzy and (obsolete or strings[0] != ""),
        vouched=vouched,
        obsolete=obsolete,
    )
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    do_wrap = "no-wrap" not in message.flags
    prefix = "#~ " if obsolete else ""
    previous_prefix = "#~| " if obsolete else "#| "
    previous_context = getattr(message, "previous_context", None)
    if previous_context is not None and message.previous_id:
        # Without a previous msgid GNU could not read the line back.
        _wrap(out, previous_prefix, "msgctxt", previous_context, do_wrap, page_width)
    for keyword, previous in zip(("msgid", "msgid_plural"), message.previous_id or ()):
        _wrap(out, previous_prefix, keyword, previous, do_wrap, page_width)
    if message.context is not None:
        _wrap(out, prefix, "msgctxt", message.context, do_wrap, page_width)
    _wrap(out, prefix, "msgid", ids[0], do_wrap, page_width)
    if message.pluralizable:
        _wrap(out, prefix, "msgid_plural", ids[1] if len(ids) > 1 else "", do_wrap, page_width)
        for n, string in enumerate(strings):
            _wrap(out, prefix, f"msgstr[{n}]", string, do_wrap, page_width)
    else:
        _wrap(out, prefix, "msgstr", strings[0], do_wrap, page_width)


def generate_po(catalog: Catalog, *, width: int = PAGE_WIDTH) -> str:
    """Return the PO text of ``catalog``, byte for byte as GNU ``msgcat`` would print it.

    Deliberate normalisations, all of them GNU's: an untranslated entry loses
    its ``fuzzy`` flag, an untranslated obsolete entry is left out, and flags
    of obsolete entries other than ``fuzzy`` are not written.
    """
    out: list[str] = []
    header = _header_message(catalog)
    if header is not None:
        _print_message(out, header, obsolete=False, vouched=frozenset(), page_width=width)
    record: dict[tuple[str | None, str], frozenset[str]] = getattr(catalog, _FORMAT_ATTR, {})
    live = {(None, "")} if header is not None else set()
    messages = iter(catalog)
    next(messages)  # Babel's own rendering of the header
    for message in messages:
        if out:
            out.append("\n")
        key = _format_key(message)
        live.add(key)
        _print_message(out, message, obsolete=False, vouched=record.get(key, frozenset()), page_width=width)
    for message in catalog.obsolete.values():
        if _strings(message)[0] == "" or _format_key(message) in live:
            # GNU drops untranslated obsolete entries, and a msgid may not be both live and obsolete.
            continue
        if out:
            out.append("\n")
        _print_message(out, message, obsolete=True, vouched=frozenset(), page_width=width)
    return "".join(out)


def write_po(path: Path, catalog: Catalog, *, expected_digest: str | None = None) -> str:
    """Write ``catalog`` to ``path`` atomically (see :func:`dipl10n.atomic.atomic_write`); return its SHA-256."""
    return atomic_write_text(path, generate_po(catalog), expected_digest=expected_digest)


def declare_format_flags(catalog: Catalog, message: Message) -> None:
    """Vouch for the ``python-format``/``python-brace-format`` flags ``message`` has now.

    Without this, the writer drops those flags unless they were read from the
    file, because Babel adds them to any msgid that merely looks like a format.
    """
    record = _format_record(catalog)
    flags = frozenset(message.flags & _GUESSED_FORMAT_FLAGS)
    if flags:
        record[_format_key(message)] = flags
    else:
        record.pop(_format_key(message), None)


def _format_key(message: Message) -> tuple[str | None, str]:
    msgid = message.id[0] if message.pluralizable else message.id
    return (message.context, msgid)


def _format_record(catalog: Catalog) -> dict[tuple[str | None, str], frozenset[str]]:
    record = getattr(catalog, _FORMAT_ATTR, None)
    if record is None:
        record = {}
        setattr(catalog, _FORMAT_ATTR, record)
    return record


# =============================================================================
# The header entry
# =============================================================================


@dataclass
class _Header:
    """The header entry as read (or set), kept apart from Babel's lossy model of it."""

    present: bool
    msgstr: str
    babel_snapshot: list[tuple[str, str]]
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _babel_fields(catalog: Catalog) -> list[tuple[str, str]]:
    # Generated-By is Babel advertising itself; it never goes into a dipl10n catalog.
    return [(name, value) for name, value in catalog.mime_headers if name != "Generated-By"]


def _split_fields(msgstr: str) -> list[tuple[str, str]]:
    fields = []
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


def _apply_to_babel(catalog: Catalog, fields: Iterable[tuple[str, str]]) -> None:
    """Let Babel's attributes (locale, charset, plural forms, dates) follow the header fields."""
    for name, value in fields:
        try:
            catalog.mime_headers = [(name, value)]
        except ValueError:
            # A date or plural form Babel cannot parse stays in the header as it is.
            continue


def header_fields(catalog: Catalog) -> list[tuple[str, str]]:
    """The header fields that :func:`generate_po` would write, in order."""
    header = _header_message(catalog)
    return _split_fields(header.string) if header is not None else []


def set_header_fields(catalog: Catalog, fields: Iterable[tuple[str, str]]) -> None:
    """Make the header exactly ``fields``, in this order; Babel's attributes follow them."""
    fields = [(name, value) for name, value in fields]
    msgstr = "".join(f"{name}: {value}\n" for name, value in fields)
    _apply_to_babel(catalog, fields)
    previous = getattr(catalog, _HEADER_ATTR, None)
    header = _Header(present=True, msgstr=msgstr, babel_snapshot=_babel_fields(catalog))
    if previous is not None:
        header.auto_comments = previous.auto_comments
        header.locations = previous.locations
        header.flags = previous.flags
    setattr(catalog, _HEADER_ATTR, header)


def _current_msgstr(catalog: Catalog, header: _Header) -> str:
    """The header's msgstr with the changes made through Babel's attributes applied."""
    current = _babel_fields(catalog)
    old = dict(header.babel_snapshot)
    new = dict(current)
    changed = {name.lower(): (name, value) for name, value in current if old.get(name) != value}
    removed = {name.lower() for name in old if name not in new}
    if not changed and not removed:
        return header.msgstr
    lines = header.msgstr.split("\n")
    trailing = lines.pop() if lines else ""
    result = []
    for line in lines:
        name, colon, _ = line.partition(":")
        key = name.strip().lower()
        if colon and key in removed:
            continue
        if colon and key in changed:
            result.append(f"{name}: {changed.pop(key)[1]}")
            continue
        result.append(line)
    result += [f"{name}: {value}" for name, value in changed.values()]
    if trailing:
        result.append(trailing)
        return "\n".join(result)
    return "".join(line + "\n" for line in result)


def _header_comment_lines(catalog: Catalog) -> list[str]:
    # Babel's header_comment getter replaces PROJECT, VERSION, YEAR and
    # ORGANIZATION; the comment is written as it was set instead.
    text = getattr(catalog, "_header_comment", None)
    if text is None:
        text = catalog.header_comment
    if not text:
        return []
    lines = []
    for line in text.split("\n"):
        if line.startswith("#"):
            line = line[1:]
            if line.startswith(" "):
                line = line[1:]
        lines.append(line)
    return lines


def _header_message(catalog: Catalog) -> Message | None:
    header = getattr(catalog, _HEADER_ATTR, None)
    if header is None:
        msgstr = "".join(f"{name}: {value}\n" for name, value in _babel_fields(catalog))
        auto_comments: list[str] = []
        locations: list[tuple[str, int | None]] = []
        flags: set[str] = set()
    else:
        if not header.present:
            if _babel_fields(catalog) == header.babel_snapshot:
                return None  # the file had no header and nothing asks for one
            msgstr = "".join(f"{name}: {value}\n" for name, value in _babel_fields(catalog))
        else:
            msgstr = _current_msgstr(catalog, header)
        auto_comments, locations, flags = header.auto_comments, header.locations, set(header.flags)
    if catalog.fuzzy:
        flags.add("fuzzy")
    message = Message("", msgstr)
    message.flags = flags
    message.user_comments = _header_comment_lines(catalog)
    message.auto_comments = list(auto_comments)
    message.locations = list(locations)
    return message


# =============================================================================
# Reader
# =============================================================================

_WHITESPACE = " \t\r\f\v"
_KEYWORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_PLURAL_INDEX = re.compile(r"[ \t]*\[[ \t]*(\d+)[ \t]*\]")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|\Z)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_CHARSET = re.compile(r"charset=([^\s;]*)", re.IGNORECASE)
_RAW_CHARSET = re.compile(r"charset=([-A-Za-z0-9_.:+]*)", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


@dataclass
class _Token:
    kind: str  # "keyword", "string", "comment"
    value: str
    line: int
    obsolete: bool
    previous: bool


def read_po(path: Path, *, display_path: str | None = None) -> Catalog:
    """Read the PO or POT file at ``path`` (errors name ``display_path`` if given)."""
    shown = display_path if display_path is not None else path
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog: {exc.strerror or exc}", path=shown, cause=exc) from exc
    return parse_po(data, path=shown)


def parse_po(data: bytes, *, path: str | Path | None) -> Catalog:
    """Parse PO text into a Babel catalog; raise :class:`CatalogError` for anything GNU would reject."""
    text = _decode(data, path)
    parser = _Parser(path)
    parser.run(_tokens(text, path))
    return parser.catalog


def _decode(data: bytes, path: str | Path | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogError(
            "the file contains a NUL byte; it is not a text catalog (or it is UTF-16, "
            "which dipl10n does not read: save it as UTF-8)",
            path=path,
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _RAW_CHARSET.search(data.decode("latin-1"))
        if declared and declared.group(1).lower() not in _UTF8_NAMES | {"charset"}:
            raise _charset_error(declared.group(1), path, data.count(b"\n", 0, declared.start()) + 1) from exc
        line = data.count(b"\n", 0, exc.start) + 1
        begin = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        guess = guess_encoding(data, sample=data[begin : end if end >= 0 else len(data)])
        looks = f" (it looks like {guess})" if guess else ""
        source = guess.codec if guess else "the old encoding"
        raise CatalogError(
            f"line {line} is not valid UTF-8{looks}; dipl10n keeps catalogs in UTF-8 - "
            f"convert the file, for example with: iconv -f {source} -t UTF-8",
            path=path,
            line=line,
            cause=exc,
        ) from exc


def _charset_error(charset: str, path: str | Path | None, line: int | None) -> CatalogError:
    return CatalogError(
        f"the header declares charset {charset}; dipl10n keeps catalogs in UTF-8 - convert the "
        "file to UTF-8 and declare \"Content-Type: text/plain; charset=UTF-8\"",
        path=path,
        line=line,
    )


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with their 1-based numbers; CRLF read as LF, backslash-newline joins lines (as GNU's lexer does)."""
    pending: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        yield start, "".join(pending)
        pending = []
    if pending:
        yield start, "".join(pending)


def _tokens(text: str, path: str | Path | None) -> Iterator[_Token]:
    for number, line in _physical_lines(text):
        pos = 0
        length = len(line)
        obsolete = previous = False
        while pos < length:
            char = line[pos]
            if char in _WHITESPACE:
                pos += 1
            elif char == "#":
                mark = line[pos + 1 : pos + 2]
                if mark == "~":
                    obsolete = True
                    pos += 2
                    if line[pos : pos + 1] == "|":
                        previous = True
                        pos += 1
                elif mark == "|":
                    previous = True
                    pos += 2
                else:
                    yield _Token("comment", line[pos + 1 :], number, obsolete, previous)
                    break
            elif char == '"':
                match = _STRING.match(line, pos)
                if match is None:
                    raise CatalogError("unterminated string: the closing \" is missing", path=path, line=number)
                yield _Token("string", _unescape(match.group(1), path, number), number, obsolete, previous)
                pos = match.end()
            else:
                match = _KEYWORD.match(line, pos)
                if match is None:
                    raise CatalogError(
                        f"syntax error: unexpected {char!r}; a line starts with a keyword "
                        '(msgid, msgstr, ...), a string in "double quotes" or a # comment',
                        path=path,
                        line=number,
                    )
                word = match.group()
                pos = match.end()
                if word == "msgstr":
                    index = _PLURAL_INDEX.match(line, pos)
                    if index is not None:
                        word = f"msgstr[{int(index.group(1))}]"
                        pos = index.end()
                yield _Token("keyword", word, number, obsolete, previous)


def _unescape(body: str, path: str | Path | None, line: int) -> str:
    if "\\" not in body:
        value = body
    else:
        raw = bytearray()
        pos = 0
        for match in _ESCAPE.finditer(body):
            raw += body[pos : match.start()].encode("utf-8")
            pos = match.end()
            octal, hexa, other = match.groups()
            if octal is not None:
                code = int(octal, 8)
            elif hexa is not None:
                code = int(hexa, 16)
                if code > 0xFF:
                    raise CatalogError(
                        f"invalid escape sequence \\x{hexa}: the value is larger than a byte", path=path, line=line
                    )
            elif other is not None and other in _SIMPLE_ESCAPES:
                raw += _SIMPLE_ESCAPES[other].encode("ascii")
                continue
            else:
                shown = "\\" + (other or "")
                raise CatalogError(
                    f"invalid escape sequence {shown} (valid: \\n \\t \\\" \\\\ and a few more)",
                    path=path,
                    line=line,
                )
            if code == 0:
                raise CatalogError(
                    f"invalid escape sequence {match.group()}: strings cannot contain NUL", path=path, line=line
                )
            raw.append(code)
        raw += body[pos:].encode("utf-8")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CatalogError(
                "the escape sequences in this string do not make valid UTF-8", path=path, line=line, cause=exc
            ) from exc
    if "\x04" in value:
        raise CatalogError(
            "a string contains the control character EOT (\\x04), which separates the context in compiled catalogs",
            path=path,
            line=line,
        )
    return value


@dataclass
class _Entry:
    """One entry while it is being read."""

    user_comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flag_tokens: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)
    # Line of each keyword's last string; for the header, the lines of its msgstr strings.
    lines: dict[str, int] = field(default_factory=dict)
    msgstr_lines: list[tuple[int, str]] = field(default_factory=list)
    obsolete: bool | None = None
    last_keyword: str | None = None
    last_previous: bool = False

    @property
    def started(self) -> bool:
        return bool(self.parts) or bool(self.previous)

    @property
    def complete(self) -> bool:
        return "msgstr" in self.parts or "msgstr[0]" in self.parts


class _Parser:
    def __init__(self, path: str | Path | None) -> None:
        self.path = path
        self.catalog = Catalog(locale=None, header_comment="", fuzzy=False)
        self.catalog.obsolete = {}
        self.entry = _Entry()
        # GNU gives live and obsolete entries one name space.
        self.seen: dict[tuple[str | None, str], int] = {}
        self.header_seen = False
        self.format_record: dict[tuple[str | None, str], frozenset[str]] = {}
        setattr(self.catalog, _FORMAT_ATTR, self.format_record)

    def error(self, message: str, line: int | None) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def run(self, tokens: Iterable[_Token]) -> None:
        for token in tokens:
            if token.kind == "comment":
                self.comment(token)
            elif token.kind == "keyword":
                self.keyword(token)
            else:
                self.string(token)
        self.finish(at_eof=True)
        if not self.header_seen:
            header = _Header(present=False, msgstr="", babel_snapshot=_babel_fields(self.catalog))
            setattr(self.catalog, _HEADER_ATTR, header)

    # -- tokens --------------------------------------------------------------

    def comment(self, token: _Token) -> None:
        entry = self.entry
        if entry.complete:
            self.finish()
            entry = self.entry
        elif entry.parts:
            start = entry.lines.get("msgid", entry.lines.get("msgctxt"))
            raise self.error(
                f"keyword 'msgstr' expected before this comment (the entry starts at line {start})", token.line
            )
        text = token.value
        if text.startswith("."):
            text = text[1:]
            entry.auto_comments.append(text[1:] if text.startswith(" ") else text)
        elif text.startswith(":"):
            entry.locations.extend(_parse_references(text[1:]))
        elif text.startswith((",", "!")):
            entry.flag_tokens.extend(_flag_tokens(text[1:]))
        else:
            location = _parse_solaris_reference(text)
            if location is not None:
                entry.locations.append(location)
            else:
                entry.user_comments.append(text[1:] if text.startswith(" ") else text)

    def keyword(self, token: _Token) -> None:
        word = token.value
        entry = self.entry
        if word in ("msgctxt", "msgid") or token.previous:
            if entry.complete:
                self.finish()
                entry = self.entry
        if token.previous:
            if word not in ("msgctxt", "msgid", "msgid_plural"):
                raise self.error(f"keyword '{word}' cannot follow #|", token.line)
            if entry.parts:
                raise self.error("#| lines (the previous msgid) must come before msgctxt and msgid", token.line)
            if word != "msgid" and "msgctxt" in entry.previous and "msgid" not in entry.previous:
                raise self.error("'#| msgctxt' must be followed by '#| msgid'", token.line)
            order = ("msgctxt", "msgid", "msgid_plural")
            if word in entry.previous or any(order.index(k) > order.index(word) for k in entry.previous):
                raise self.error(f"'#| {word}' is out of place", token.line)
            if word == "msgid_plural" and "msgid" not in entry.previous:
                raise self.error("'#| msgid_plural' must follow '#| msgid'", token.line)
            self.check_obsolete(entry, token)
            entry.previous[word] = []
            entry.last_keyword = word
            entry.last_previous = True
            entry.lines[f"#|{word}"] = token.line
            return
        if entry.previous and "msgid" not in entry.previous:
            raise self.error("'#| msgctxt' must be followed by '#| msgid'", token.line)
        if word == "msgctxt":
            if "msgctxt" in entry.parts or "msgid" in entry.parts:
                raise self.error(self.expected(entry), token.line)
        elif word == "msgid":
            if "msgid" in entry.parts:
                raise self.error(self.expected(entry), token.line)
        elif word == "msgid_plural":
            if "msgid" not in entry.parts:
                raise self.error("keyword 'msgid' expected before 'msgid_plural'", token.line)
            if entry.complete or "msgid_plural" in entry.parts:
                raise self.error("keyword 'msgid' expected: only one msgid_plural per entry", token.line)
        elif word == "msgstr":
            if "msgid" not in entry.parts:
                raise self.error("keyword 'msgid' expected before 'msgstr'", token.line)
            if "msgid_plural" in entry.parts:
                raise self.error("keyword 'msgstr[0]' expected: the entry has a msgid_plural", token.line)
            if entry.complete:
                raise self.error("keyword 'msgid' expected: this entry already has a msgstr", token.line)
        elif word.startswith("msgstr["):
            if "msgid_plural" not in entry.parts:
                if "msgid" not in entry.parts:
                    raise self.error(f"keyword 'msgid' expected before '{word}'", token.line)
                raise self.error(f"keyword 'msgstr' expected: '{word}' needs a msgid_plural", token.line)
            index = int(word[7:-1])
            expected = sum(1 for k in entry.parts if k.startswith("msgstr["))
            if index != expected:
                raise self.error(f"keyword 'msgstr[{expected}]' expected, not '{word}'", token.line)
        elif word == "domain":
            raise self.error("domain directives are not supported: keep one domain per file", token.line)
        else:
            raise self.error(f"keyword '{word}' unknown", token.line)
        self.check_obsolete(entry, token)
        entry.parts[word] = []
        entry.last_keyword = word
        entry.last_previous = False
        entry.lines[word] = token.line

    def string(self, token: _Token) -> None:
        entry = self.entry
        if entry.last_keyword is None:
            raise self.error("a string must follow a keyword (msgid, msgstr, ...)", token.line)
        if token.previous != entry.last_previous:
            raise self.error(
                "a continuation of a #| line must also start with #|"
                if entry.last_previous
                else "a continuation line cannot start with #|",
                token.line,
            )
        self.check_obsolete(entry, token)
        target = entry.previous if entry.last_previous else entry.parts
        target[entry.last_keyword].append(token.value)
        if entry.last_keyword == "msgstr" and not entry.last_previous:
            entry.msgstr_lines.append((token.line, token.value))

    def check_obsolete(self, entry: _Entry, token: _Token) -> None:
        if entry.obsolete is None:
            entry.obsolete = token.obsolete
        elif entry.obsolete != token.obsolete:
            raise self.error(
                "inconsistent use of #~: every line of an obsolete entry starts with #~, "
                "and no line of a live entry does",
                token.line,
            )

    def expected(self, entry: _Entry) -> str:
        if "msgid" in entry.parts:
            if "msgid_plural" in entry.parts:
                return "keyword 'msgstr[0]' expected"
            return "keyword 'msgstr' expected"
        return "keyword 'msgid' expected"

    # -- entries -------------------------------------------------------------

    def finish(self, *, at_eof: bool = False) -> None:
        entry = self.entry
        self.entry = _Entry()
        if not entry.started:
            return  # comments at the end of the file belong to no entry (GNU drops them too)
        for marker, group in (("", entry.parts), ("#|", entry.previous)):
            for keyword, strings in group.items():
                if not strings:
                    raise self.error(
                        f"keyword '{marker and marker + ' '}{keyword}' must be followed by a string",
                        entry.lines[marker + keyword],
                    )
        if not entry.complete:
            if "msgid" not in entry.parts:
                line = entry.lines.get("msgctxt") or min(entry.lines.values())
                what = "file ends in the middle of an entry (no msgid)" if at_eof else "keyword 'msgid' expected"
                raise self.error(what, line)
            what = "msgid_plural without msgstr[0]" if "msgid_plural" in entry.parts else "msgid without msgstr"
            raise self.error(f"file ends in the middle of an entry ({what})", entry.lines["msgid"])
        self.add(entry)

    def add(self, entry: _Entry) -> None:
        text = {keyword: "".join(strings) for keyword, strings in entry.parts.items()}
        context = text.get("msgctxt")
        msgid = text["msgid"]
        line = entry.lines["msgid"]
        flags, format_flags = _canonical_flags(entry.flag_tokens)
        if not entry.obsolete and msgid == "" and context is None and not self.header_seen:
            self.header(entry, text, flags, line)
            return
        key = (context, msgid)
        if key in self.seen:
            if key == (None, ""):
                what = 'the header (msgid "")'
            else:
                shown = msgid if len(msgid) <= 60 else msgid[:57] + "..."
                what = f'"{shown}"' + (f' with context "{context}"' if context is not None else "")
            raise self.error(f"duplicate message: {what} was already defined at line {self.seen[key]}", line)
        self.seen[key] = line
        if "msgid_plural" in text:
            message_id: str | tuple[str, ...] = (msgid, text["msgid_plural"])
            count = sum(1 for k in text if k.startswith("msgstr["))
            string: str | tuple[str, ...] = tuple(text[f"msgstr[{n}]"] for n in range(count))
        else:
            message_id = msgid
            string = text["msgstr"]
        previous = {keyword: "".join(strings) for keyword, strings in entry.previous.items()}
        previous_id = [previous[k] for k in ("msgid", "msgid_plural") if k in previous]
        message = Message(
            message_id,
            string,
            locations=entry.locations,
            auto_comments=entry.auto_comments,
            user_comments=entry.user_comments,
            previous_id=previous_id,
            lineno=line,
            context=context,
        )
        # Babel adds and removes python-format and python-brace-format by
        # looking at the msgid; keep what the file says instead.
        message.flags = set(flags)
        # Babel collapses repeated comments and locations; the file is the truth.
        message.auto_comments = list(entry.auto_comments)
        message.user_comments = list(entry.user_comments)
        message.locations = _unique(entry.locations)
        message.previous_context = previous.get("msgctxt")  # type: ignore[attr-defined]
        if entry.obsolete:
            self.catalog.obsolete[self.catalog._key_for(message_id, context)] = message
            return
        if format_flags:
            self.format_record[key] = format_flags
        if msgid == "":
            # Babel's __setitem__ would take an empty msgid for the header.
            self.catalog._messages[self.catalog._key_for(message_id, context)] = message
        else:
            self.catalog[message_id] = message

    def header(self, entry: _Entry, text: dict[str, str], flags: set[str], line: int) -> None:
        self.header_seen = True
        self.seen[(None, "")] = line
        if "msgid_plural" in text:
            raise self.error("the header entry (msgid \"\") cannot have a msgid_plural", line)
        msgstr = text["msgstr"]
        fields = _split_fields(msgstr)
        charset = None
        for name, value in fields:
            if name.lower() == "content-type":
                match = _CHARSET.search(value)
                if match:
                    charset = match.group(1)
        if fields and not charset:
            raise self.error(
                'the header has no charset: add the field "Content-Type: text/plain; charset=UTF-8"', line
            )
        if charset is not None and charset.lower() not in _UTF8_NAMES and charset != "CHARSET":
            charset_line = next((n for n, s in entry.msgstr_lines if "charset=" in s.lower()), line)
            raise _charset_error(charset, self.path, charset_line)
        catalog = self.catalog
        _apply_to_babel(catalog, fields)
        catalog.fuzzy = "fuzzy" in flags
        catalog.header_comment = "\n".join(f"# {c}" if c else "#" for c in entry.user_comments)
        setattr(
            catalog,
            _HEADER_ATTR,
            _Header(
                present=True,
                msgstr=msgstr,
                babel_snapshot=_babel_fields(catalog),
                auto_comments=list(entry.auto_comments),
                locations=_unique(entry.locations),
                flags=flags - {"fuzzy"},
            ),
        )


def _unique(locations: Iterable[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    # GNU keeps one of each file position.
    return list(dict.fromkeys(locations))


def _flag_tokens(text: str) -> list[str]:
    """Split a ``#,`` line as GNU does: on commas and whitespace; ``range:`` takes the next token."""
    tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]
    result = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            result.append(f"range: {tokens[i + 1]}")
            i += 2
        else:
            result.append(tokens[i])
            i += 1
    return result


def _canonical_flags(tokens: Sequence[str]) -> tuple[set[str], frozenset[str]]:
    """Reduce flag tokens to what GNU keeps (the last word on each format wins).

    Returns the flags and, separately, the python-format style flags the file
    states explicitly.
    """
    flags: dict[str, str] = {}  # slot -> flag, in order
    for token in tokens:
        slot, value = _flag_slot(token)
        flags.pop(slot, None)
        if value is not None:
            flags[slot] = value
    result = set(flags.values())
    return result, frozenset(result & _GUESSED_FORMAT_FLAGS)


def _flag_slot(token: str) -> tuple[str, str | None]:
    if token.endswith("-format"):
        body = token[: -len("-format")]
        for prefix, kind in (("no-", "no"), ("possible-", "yes"), ("impossible-", None), ("", "yes")):
            if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_LANGUAGE_SET:
                language = body[len(prefix) :]
                if kind is None:
                    return f"format:{language}", None
                return f"format:{language}", f"{language}-format" if kind == "yes" else f"no-{language}-format"
    if token.startswith("range: "):
        match = _RANGE_FLAG.match(token)
        if match and int(match.group(1)) <= int(match.group(2)):
            return "range", f"range: {int(match.group(1))}..{int(match.group(2))}"
        return token, token
    if token in ("wrap", "no-wrap"):
        return "wrap", "no-wrap" if token == "no-wrap" else None
    return token, token


def _parse_references(text: str) -> list[tuple[str, int | None]]:
    """Parse a ``#:`` line the way GNU gettext does (``file:line``, ``file``, ``file : line``)."""
    result: list[tuple[str, int | None]] = []
    pos = 0
    length = len(text)
    spaces = " \t\n"
    while pos < length:
        while pos < length and text[pos] in spaces:
            pos += 1
        if pos >= length:
            break
        if text[pos] == "\u2068":
            # A file name with spaces, isolated as GNU gettext 0.22 writes it.
            end = text.find("\u2069", pos + 1)
            if end < 0:
                end = length
            name = text[pos + 1 : end]
            pos = min(end + 1, length)
            scan = pos
            while scan < length and text[scan] not in spaces:
                scan += 1
            tail = text[pos:scan]
            if re.fullmatch(r":\d+", tail):
                result.append((name, int(tail[1:])))
                pos = scan
                continue
            lineno = _number_after_colon(text, pos)
            if lineno is not None:
                result.append((name, lineno[0]))
                pos = lineno[1]
            else:
                result.append((name, None))
            continue
        start = pos
        while pos < length and text[pos] not in spaces:
            pos += 1
        word = text[start:pos]
        # "file : 12" and "file: 12", with spaces around the colon.
        after = _number_after_colon(text, pos)
        if after is not None:
            result.append((word, after[0]))
            pos = after[1]
            continue
        if word.endswith(":") and len(word) > 1:
            number = re.match(r"[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
            if number:
                result.append((word[:-1], int(number.group(1))))
                pos += number.end()
                continue
        match = re.fullmatch(r"(.+):(\d+)", word, re.DOTALL)
        if match:
            result.append((match.group(1), int(match.group(2))))
        else:
            result.append((word, None))
    return result


def _number_after_colon(text: str, pos: int) -> tuple[int, int] | None:
    match = re.match(r"[ \t\n]*:[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
    if match is None:
        return None
    return int(match.group(1)), pos + match.end()


_SOLARIS_REFERENCE = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:(\d+)[ \t\n]*\Z")


def _parse_solaris_reference(text: str) -> tuple[str, int] | None:
    """``# File: name, line: 12`` (Solaris msgfmt's form), which GNU reads as a reference."""
    match = _SOLARIS_REFERENCE.match(text)
    if match is None:
        return None
    return match.group(1), int(match.group(2))
