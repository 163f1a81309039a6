"""Dates and numbers in English source text and in its Korean translation.

:func:`find_dates` finds English dates ("July 11", "11 July 2024", "Jul. 11",
"July 2024") and year ranges ("2014-2024") and renders each in Korean with
Babel's CLDR data ("7월 11일", "2024년 7월 11일", "2024년 7월"). A date
without a year never gets one.

:func:`find_numbers` finds numbers in either language ("1,000", "3.5%",
"3.5 percent", "1.5 billion", Korean "1천", "2만", "3억 5천만") with their
value as :class:`~decimal.Decimal`. :func:`number_values` and
:func:`date_values` turn a text into multisets that compare across the two
languages: every number of a source sentence should appear in its
translation with the same value (1,000 == 1000 == 천), and every date as the
same date ("July 11" == "7월 11일"). The numbers inside dates are compared as
dates, not as numbers; see docs/korean.md.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "DateMatch",
    "NumberMatch",
    "date_values",
    "find_dates",
    "find_korean_dates",
    "find_numbers",
    "number_values",
]

# A leap year, only to validate month and day when the text gives no year;
# it is never rendered.
_ANY_LEAP_YEAR = 2000

_KIND_INTEGER = "integer"
_KIND_DECIMAL = "decimal"
_KIND_PERCENT = "percent"
_KIND_YEAR = "year"


@dataclass(frozen=True)
class DateMatch:
    """A date or year range found in a text, with its Korean rendering.

    ``year``/``month``/``day`` are what the text says (None when it does not
    say it); a year range has ``year`` and ``end_year`` only.
    """

    start: int
    end: int
    text: str
    ko: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None

    @property
    def key(self) -> str:
        """An ISO 8601-like key that is equal for the same date in any language.

        ``2024-07-11``, ``--07-11`` (no year), ``2024-07`` (no day) and
        ``2014/2024`` (a range of years, ISO 8601 interval notation).
        """
        if self.end_year is not None:
            return f"{self.year}/{self.end_year}"
        year = f"{self.year:04d}" if self.year is not None else "-"
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class NumberMatch:
    """A number found in a text: its value and what kind of number it is.

    ``kind`` is ``integer``, ``decimal``, ``percent`` or ``year``. A percent
    keeps the number as written (3.5% has the value 3.5).
    """

    start: int
    end: int
    text: str
    value: Decimal
    kind: str


# --------------------------------------------------------------------------
# English dates


@functools.lru_cache(maxsize=1)
def _english_months() -> dict[str, int]:
    """English month names and abbreviations (CLDR, through Babel) -> month."""
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            months[str(name)] = int(number)
    months.setdefault("Sept", 9)  # common in British and news style
    return months


@functools.lru_cache(maxsize=1)
def _english_date_pattern() -> re.Pattern[str]:
    names = sorted(_english_months(), key=len, reverse=True)
    # Capitalised names only, so "may" and "march" the verbs never match; a
    # day number or a year must stand next to the name.
    month = r"(?P<{0}>" + "|".join(re.escape(n) for n in names) + r")\b\.?"
    day = r"(?<![\d.,\-–])(?P<{0}>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])\b"
    year = r"(?P<{0}>[0-9]{{4}})(?![0-9]|[.,][0-9])"
    no_range = r"(?!\s*[-–]\s*[0-9])"  # "July 11-12": a day range, not handled
    return re.compile(
        r"\b(?:"
        + day.format("dmy_d") + r"\s+" + month.format("dmy_m") + no_range
        + r"(?:,?\s+" + year.format("dmy_y") + r")?"
        + r"|" + month.format("mdy_m") + r"\s+" + day.format("mdy_d") + no_range
        + r"(?:,?\s+" + year.format("mdy_y") + r")?"
        + r"|" + month.format("my_m") + r",?\s+" + year.format("my_y")
        + r")"
    )


# A range of years, "2014-2024" or "2014–2024" (Korean text also "2014~2024년").
_YEAR_RANGE = re.compile(
    r"(?<![0-9.,\-–])(?P<y1>[12][0-9]{3})년?\s*[-–—~〜∼]\s*(?P<y2>[12][0-9]{3})(?P<nyeon>년)?(?![0-9\-–])"
)
_KOREAN_YEAR_SPAN = re.compile(r"(?<![0-9])(?P<y1>[12][0-9]{3})년\s*부터\s*(?P<y2>[12][0-9]{3})년\s*까지")


def _valid_date(year: int | None, month: int, day: int | None) -> bool:
    try:
        datetime.date(year if year is not None else _ANY_LEAP_YEAR, month, day or 1)
    except ValueError:
        return False
    return True


def _render_ko(year: int | None, month: int, day: int | None) -> str:
    """The Korean rendering of a date with Babel's CLDR skeletons."""
    from babel.dates import format_skeleton

    if day is None:
        assert year is not None  # a month alone is not a date
        return format_skeleton("yMMM", datetime.date(year, month, 1), locale="ko")
    if year is None:
        return format_skeleton("MMMd", datetime.date(_ANY_LEAP_YEAR, month, day), locale="ko")
    return format_skeleton("yMMMd", datetime.date(year, month, day), locale="ko")


def _year_ranges(text: str, *, korean: bool) -> list[DateMatch]:
    matches = []
    for pattern in (_YEAR_RANGE, _KOREAN_YEAR_SPAN) if korean else (_YEAR_RANGE,):
        for m in pattern.finditer(text):
            first, last = int(m.group("y1")), int(m.group("y2"))
            if first < last:
                # Kept as written: the Korean presidential office's own release
                # of this meeting writes "2014-2024" (docs/korean.md).
                matches.append(DateMatch(m.start(), m.end(), m.group(0), m.group(0),
                                         year=first, end_year=last))
    return matches


def _without_overlaps(matches: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def find_dates(text: str) -> list[DateMatch]:
    """English dates and year ranges in ``text``, in order, rendered in Korean.

    Finds "July 11", "July 11, 2024", "11 July 2024", "Jul. 11", "July 2024"
    and "2014-2024". A month name needs a day number or a year next to it,
    so "May" and "March" the verbs are not dates; impossible dates
    ("February 30") are not dates either.
    """
    months = _english_months()
    matches = _year_ranges(text, korean=False)
    for m in _english_date_pattern().finditer(text):
        for prefix in ("dmy", "mdy", "my"):
            if m.group(f"{prefix}_m") is None:
                continue
            month = months[m.group(f"{prefix}_m")]
            day_text = m.groupdict().get(f"{prefix}_d")
            year_text = m.group(f"{prefix}_y")
            day = int(day_text) if day_text else None
            year = int(year_text) if year_text else None
            if _valid_date(year, month, day):
                matches.append(DateMatch(m.start(), m.end(), m.group(0), _render_ko(year, month, day),
                                         year=year, month=month, day=day))
    return _without_overlaps(matches)


# --------------------------------------------------------------------------
# Korean dates

_KOREAN_DATE = re.compile(
    r"(?<![0-9])(?:(?P<y>[0-9]{4})년\s*)?(?P<m>[0-9]{1,2})월\s*(?P<d>[0-9]{1,2})일"
    r"|(?<![0-9])(?P<ym_y>[0-9]{4})년\s*(?P<ym_m>[0-9]{1,2})월(?!\s*[0-9])"
    r"|(?<![0-9.])(?P<dot_y>[0-9]{4})\.\s*(?P<dot_m>[0-9]{1,2})\.\s*(?P<dot_d>[0-9]{1,2})\.(?![0-9])"
)
# "7월" alone names a month, which English writes without a number.
_KOREAN_MONTH = re.compile(r"(?<![0-9])[0-9]{1,2}월(?!\s*[0-9])")


def find_korean_dates(text: str) -> list[DateMatch]:
    """Korean dates and year ranges in ``text``: "7월 11일", "2024년 7월 11일",
    "2024년 7월", "2024. 7. 11.", "2014-2024", "2014년부터 2024년까지".

    ``ko`` is the text as written.
    """
    matches = _year_ranges(text, korean=True)
    for m in _KOREAN_DATE.finditer(text):
        if m.group("m"):
            year, month, day = m.group("y"), m.group("m"), m.group("d")
        elif m.group("ym_y"):
            year, month, day = m.group("ym_y"), m.group("ym_m"), None
        else:
            year, month, day = m.group("dot_y"), m.group("dot_m"), m.group("dot_d")
        y = int(year) if year else None
        d = int(day) if day else None
        if 1 <= int(month) <= 12 and _valid_date(y, int(month), d):
            matches.append(DateMatch(m.start(), m.end(), m.group(0), m.group(0), year=y, month=int(month), day=d))
    return _without_overlaps(matches)


def date_values(text: str) -> Counter[str]:
    """The dates of ``text`` (English or Korean) as a multiset of :attr:`DateMatch.key`.

    ``date_values("on July 11") == date_values("7월 11일에")``.
    """
    return Counter(match.key for match in _without_overlaps(find_dates(text) + find_korean_dates(text)))


# --------------------------------------------------------------------------
# Numbers

_DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_PLAIN_NUMBER = re.compile(
    rf"(?<![0-9.,])(?<![0-9][.,])(?P<num>{_DIGITS})"
    r"(?:(?P<pct>\s?%|\s?퍼센트|\s?percent\b|\s?per\s?cent\b)"
    r"|\s(?P<scale>thousand|million|billion|trillion)\b"
    r"|(?P<nyeon>년))?"
)
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
# Korean numerals with units: 1천, 2만, 3억 5천만, 1.5조, 2만5천, 1,000만.
_KOREAN_NUMBER = re.compile(
    rf"(?<![0-9.,\uac00-\ud7a3])"
    rf"(?:(?:(?:{_DIGITS})?[천백십]?[조억만](?!큼)\s?)+(?:(?:{_DIGITS})?[천백십])?"
    rf"|(?:{_DIGITS})[천백]|천)"
)
_KOREAN_TOKEN = re.compile(rf"(?P<num>{_DIGITS})|(?P<small>[십백천])|(?P<big>[만억조])")
_SMALL_POWERS = {"십": 1, "백": 2, "천": 3}
_BIG_POWERS = {"만": 4, "억": 8, "조": 12}
# A bare 천 or 만 is a number only before a counter: "천 명", "만 달러";
# "만 18세" (full age), "천 장관" (a surname) are not numbers.
_COUNTER_AFTER = re.compile(r"\s?(?:명|개|원|달러|유로|엔|톤|건|대|척|발|가구|곳|여)")


def _korean_value(numeral: str) -> Decimal | None:
    """The value of a Korean numeral such as ``3억 5천만``, None if malformed."""
    total = Decimal(0)
    section = Decimal(0)
    pending: Decimal | None = None
    last_big = 99
    for token in _KOREAN_TOKEN.finditer(numeral):
        if token.group("num"):
            if pending is not None:
                return None
            pending = Decimal(token.group("num").replace(",", ""))
        elif token.group("small"):
            section += (pending if pending is not None else 1) * 10 ** _SMALL_POWERS[token.group("small")]
            pending = None
        else:
            power = _BIG_POWERS[token.group("big")]
            if power >= last_big:
                return None
            last_big = power
            section += pending if pending is not None else 0
            total += (section or 1) * 10**power
            section, pending = Decimal(0), None
    return total + section + (pending if pending is not None else 0)


def _kind(value: Decimal, written: str, percent: bool, year_suffix: bool) -> str:
    if percent:
        return _KIND_PERCENT
    if year_suffix or (re.fullmatch(r"[12][0-9]{3}", written) and 1500 <= value <= 2100):
        return _KIND_YEAR
    return _KIND_INTEGER if value == value.to_integral_value() else _KIND_DECIMAL


def _date_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in find_dates(text) + find_korean_dates(text)]
    spans += [(m.start(), m.end()) for m in _KOREAN_MONTH.finditer(text)]
    return spans


def find_numbers(text: str, *, include_dates: bool = False) -> list[NumberMatch]:
    """Numbers in English or Korean ``text`` with their value and kind, in order.

    "2014" (year), "1,000", "3.5%", "3.5 percent", "1.5 billion", Korean
    "3.5%", "2024년" (year), "1천", "천 명", "2만", "3억 5천만". Numbers that
    are part of a date ("July 11", "7월 11일", "2014-2024") or a Korean
    month ("7월") are left out unless ``include_dates``: they are compared
    as dates (:func:`date_values`).
    """
    taken = [] if include_dates else _date_spans(text)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    found: list[NumberMatch] = []
    for m in _KOREAN_NUMBER.finditer(text):
        numeral = m.group(0).rstrip()
        start, end = m.start(), m.start() + len(numeral)
        if not any(c.isdigit() for c in numeral):
            if numeral not in ("천", "만") or not _COUNTER_AFTER.match(text, end):
                continue
        value = _korean_value(numeral)
        if value is None or not free(start, end):
            continue
        found.append(NumberMatch(start, end, numeral, value, _kind(value, numeral, False, False)))
        taken.append((start, end))
    for m in _PLAIN_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        written = m.group("num")
        value = Decimal(written.replace(",", ""))
        if m.group("scale"):
            value *= 10 ** _SCALES[m.group("scale")]
            if value == value.to_integral_value():
                value = value.to_integral_value()  # 1.5 billion is 1500000000
        end = m.end() if (m.group("pct") or m.group("scale")) else m.end("num")
        kind = _kind(value, written, bool(m.group("pct")), bool(m.group("nyeon")))
        found.append(NumberMatch(m.start(), end, text[m.start() : end], value, kind))
    return sorted(found, key=lambda n: n.start)


def number_values(text: str) -> Counter[Decimal]:
    """The values of the numbers of ``text`` (dates left out) as a multiset.

    Compare a source sentence and its translation with ``==``:
    ``number_values("1,000 troops") == number_values("병력 천 명")``.
    Values compare numerically (``Decimal("1000") == Decimal("1E+3")``).
    """
    return Counter(match.value for match in find_numbers(text))
