"""Unicode line breaking and character widths, as GNU gettext 0.21 wraps PO strings.

GNU's ``write-po.c`` breaks long strings where gnulib's ``unilbrk`` module
allows a line break, and counts columns with gnulib's ``uc_width``. The
tables here are **gnulib/libunistring as of gettext 0.21** (Unicode 14):

* Line break classes after gnulib's resolution (AI, XX and SA become AL, CB
  and CJ become ID and NS, NL becomes BK). OPW is an opening punctuation mark
  of East Asian width (gnulib does not let AL, HL or NU stick to it).
* The pair table and the class table were measured on the libunistring that
  GNU gettext 0.21 links (``tests/po/test_po_writer.py`` compares them with the
  system's libunistring through ctypes when it is there); ``docs/catalogs.md``
  tells how. Another gettext release may break differently: CI pins 0.21.

East Asian Wide characters such as Hangul count as two columns.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence

__all__ = ["MANDATORY", "POSSIBLE", "PROHIBITED", "char_width", "classes_and_widths", "fit", "line_break_class", "possible_breaks"]

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


def line_break_class(char: str) -> str:
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


def char_width(char: str) -> int:
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


PROHIBITED = 1
POSSIBLE = 2
MANDATORY = 3


def possible_breaks(classes: Sequence[str]) -> list[int]:
    """Break opportunities before each character (gnulib's ``u8_possible_linebreaks``)."""
    result: list[int] = []
    append = result.append
    pairs = _PAIRS
    prev = "BK"  # class of the previous character
    last = "BK"  # class of the last character that is not a space (CM/ZWJ resolved)
    seen_space = False
    ri_count = 0
    for cls in classes:
        if cls == "BK":
            append(MANDATORY)
            prev = last = "BK"
            seen_space = False
            ri_count = 0
            continue
        if cls == "SP":
            append(PROHIBITED)
            seen_space = True
        elif cls == "ZW":
            append(PROHIBITED)
            last = "ZW"
            seen_space = False
        elif cls == "CM" or cls == "ZWJ":
            if last == "BK":
                append(PROHIBITED)
                last = "AL"
                seen_space = False
            elif last == "ZW" or seen_space:
                append(POSSIBLE)
                last = "AL"
                seen_space = False
            else:
                # X CM behaves as X.
                append(PROHIBITED)
        else:
            if last == "BK":
                brk = PROHIBITED
            elif last == "ZW":
                brk = POSSIBLE
            elif prev == "ZWJ":
                brk = PROHIBITED
            elif last == "RI" and cls == "RI":
                brk = POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
            elif prev == "HL_BA":
                brk = PROHIBITED
            else:
                cell = pairs[last, cls]
                brk = POSSIBLE if cell == "D" or (cell == "I" and seen_space) else PROHIBITED
            append(brk)
            last = cls
            seen_space = False
        prev = "HL_BA" if prev == "HL" and (cls == "HY" or cls == "BA") else cls
        ri_count = ri_count + 1 if cls == "RI" else 0
    return result


def fit(breaks: Sequence[int], widths: Sequence[int], width: int, start_column: int) -> list[int]:
    """Indices to break before so that lines fit ``width`` columns (gnulib's ``u8_width_linebreaks``).

    ``breaks`` are the break opportunities with the overrides applied.
    """
    chosen = []
    last_index = -1
    last_column = start_column
    piece_width = 0
    for i, brk in enumerate(breaks):
        if brk != PROHIBITED:
            # An atomic piece of text ends here.
            if last_index >= 0 and last_column + piece_width > width:
                chosen.append(last_index)
                last_column = 0
            if brk == MANDATORY:
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


def classes_and_widths(chars: Sequence[str]) -> tuple[list[str], list[int]]:
    class_of = _CLASS_CACHE.get
    width_of = _WIDTH_CACHE.get
    classes = [class_of(c) or line_break_class(c) for c in chars]
    widths = [width_of(c) or char_width(c) for c in chars]
    return classes, widths

