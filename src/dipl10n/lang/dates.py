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
    "missing_dates",
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
    #: The last day of a range of days ("July 9-11": end_day 11, end_month 7).
    end_month: int | None = None
    end_day: int | None = None

    @property
    def kind(self) -> str:
        """``years`` (a range of years), ``days`` (a range of days), ``day``, ``month`` or ``day-of-month``."""
        if self.end_year is not None:
            return "years"
        if self.end_day is not None:
            return "days"
        if self.month is None:
            return "day-of-month"  # Korean "11일": a day of the article's own month
        return "day" if self.day is not None else "month"

    @property
    def key(self) -> str:
        """An ISO 8601-like key that is equal for the same date in any language.

        ``2024-07-11``, ``--07-11`` (no year), ``2024-07`` (no day), ``--07``
        (a month alone), ``2024-07-09/07-11`` (a range of days) and
        ``2014/2024`` (a range of years), after ISO 8601's interval notation.
        """
        if self.end_year is not None:
            return f"{self.year}/{self.end_year}"
        year = f"{self.year:04d}" if self.year is not None else "-"
        month = f"{self.month:02d}" if self.month is not None else "-"
        if self.end_day is not None:
            end_month = f"{self.end_month:02d}" if self.end_month is not None else "-"
            return f"{year}-{month}-{self.day:02d}/{end_month}-{self.end_day:02d}"
        if self.day is None:
            return f"{year}-{month}"
        return f"{year}-{month}-{self.day:02d}"

    def satisfied_by(self, other: DateMatch, *, article: datetime.date | None = None) -> bool:
        """Whether ``other`` (in the translation) says this date (of the source).

        Korean news leaves out what the reader knows from the article's own
        date (``article``): the year of a date in the article's year ("7월
        11일" for "July 11, 2024" in a 2024 article) and the month of a day in
        the article's month ("11일" for "July 11" in a July article). A
        translation may also state the article's year the source leaves out.
        """
        if self.kind != other.kind and not (self.kind == "day" and other.kind == "day-of-month"):
            return False
        if self.kind == "years":
            return (self.year, self.end_year) == (other.year, other.end_year)
        if (self.day, self.end_day) != (other.day, other.end_day):
            return False
        in_article_year = article is not None and (self.year is None or self.year == article.year)
        if other.month is None:
            if not (in_article_year and article is not None and self.month == article.month):
                return False
        elif (other.month, other.end_month) != (self.month, self.end_month):
            return False
        if self.year == other.year:
            return True
        if other.year is None:
            return in_article_year
        return self.year is None and article is not None and other.year == article.year


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
def _month_names() -> str:
    """The English month names and abbreviations as a regular-expression alternation, longest first."""
    return "|".join(re.escape(name) for name in sorted(_english_months(), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _english_date_pattern() -> re.Pattern[str]:
    # Capitalised names only, so "may" and "march" the verbs never match; a
    # day number or a year must stand next to the name.
    month = r"(?P<{0}>" + _month_names() + r")\b\.?"
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


@functools.lru_cache(maxsize=1)
def _english_range_pattern() -> re.Pattern[str]:
    month = r"(?P<{0}>" + _month_names() + r")\b\.?"
    day = r"(?P<{0}>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])\b"
    year = r"(?:,?\s+(?P<{0}>[0-9]{{4}})(?![0-9]|[.,][0-9]))?"
    dash = r"\s*[-–—]\s*"
    return re.compile(
        r"\b(?:"
        # from July 9 to 11, 2024 / between July 9 and 11 / from June 30 to July 2
        + r"(?P<f_word>from|between)\s+" + month.format("f_m1") + r"\s+" + day.format("f_d1")
        + r"\s+(?:to|and|until|through|till)\s+(?:" + month.format("f_m2") + r"\s+)?" + day.format("f_d2")
        + year.format("f_y")
        # July 11-12, 2023 / July 30 - August 2 / July 9 to 11
        + r"|(?<![\d.,\-–])" + month.format("r_m1") + r"\s+" + day.format("r_d1")
        + r"(?:" + dash + r"|\s+(?:to|through|until|till)\s+)(?:" + month.format("r_m2") + r"\s+)?"
        + day.format("r_d2") + year.format("r_y")
        # 11-12 July 2023
        + r"|(?<![\d.,\-–])" + day.format("e_d1") + dash + day.format("e_d2") + r"\s+" + month.format("e_m")
        + year.format("e_y")
        + r")"
    )


@functools.lru_cache(maxsize=1)
def _english_month_pattern() -> re.Pattern[str]:
    """A month alone, after a word that makes it a month ("in July", "since March", "early May")."""
    return re.compile(
        r"\b(?:in|since|until|till|by|during|through|throughout|of|early|late|mid-?|last|next|this)\s+"
        r"(?P<m>" + _month_names() + r")\b(?!\.?\s*[0-9])"
    )


@functools.lru_cache(maxsize=1)
def _english_ordinal_pattern() -> re.Pattern[str]:
    """"the 4th of July", "the 11th of July, 2024"."""
    return re.compile(
        r"\b(?:the\s+)?(?P<d>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)\s+of\s+"
        r"(?P<m>" + _month_names() + r")\b(?:,?\s+(?P<y>[0-9]{4})(?![0-9]))?"
    )


def _english_ranges(text: str) -> list[DateMatch]:
    months = _english_months()
    matches = []
    for m in _english_range_pattern().finditer(text):
        for prefix in ("f", "r", "e"):
            if m.group(f"{prefix}_d1") is None:
                continue
            first_month = months[m.group(f"{prefix}_m1" if prefix != "e" else "e_m")]
            last_month = months[m.group(f"{prefix}_m2")] if prefix != "e" and m.group(f"{prefix}_m2") else first_month
            first, last = int(m.group(f"{prefix}_d1")), int(m.group(f"{prefix}_d2"))
            year = int(m.group(f"{prefix}_y")) if m.group(f"{prefix}_y") else None
            if not (_valid_date(year, first_month, first) and _valid_date(year, last_month, last)):
                continue
            if (last_month, last) <= (first_month, first):
                continue
            words = prefix == "f"
            matches.append(
                DateMatch(
                    m.start(), m.end(), m.group(0),
                    _render_range_ko(year, first_month, first, last_month, last, words=m.group("f_word") if words else None),
                    year=year, month=first_month, day=first, end_month=last_month, end_day=last,
                )
            )
    for m in _english_ordinal_pattern().finditer(text):
        month, day = months[m.group("m")], int(m.group("d"))
        year = int(m.group("y")) if m.group("y") else None
        if _valid_date(year, month, day):
            matches.append(DateMatch(m.start(), m.end(), m.group(0), _render_ko(year, month, day),
                                     year=year, month=month, day=day))
    for m in _english_month_pattern().finditer(text):
        month = months[m.group("m")]
        matches.append(DateMatch(m.start("m"), m.end("m"), m.group("m"), _render_month_ko(month), month=month))
    return matches


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


_ENGLISH_YEAR_SPAN = re.compile(
    r"\b(?:from|between)\s+(?P<y1>[12][0-9]{3})\s+(?:to|and|until|through|till)\s+(?P<y2>[12][0-9]{3})(?![0-9])"
)


def _render_range_ko(year: int | None, month: int, day: int, end_month: int, end_day: int, *, words: str | None) -> str:
    """A range of days in Korean: CLDR's interval ("2024년 7월 9일~11일"), or "…부터 …까지" for "from … to …"."""
    from babel.dates import format_interval

    first = datetime.date(year if year is not None else _ANY_LEAP_YEAR, month, day)
    last = datetime.date(year if year is not None else _ANY_LEAP_YEAR, end_month, end_day)
    if words is not None:
        start = _render_ko(year, month, day)
        end = _render_ko(None, end_month, end_day) if end_month != month else f"{end_day}일"
        return f"{start}부터 {end}까지" if words == "from" else f"{start}에서 {end} 사이"
    return str(format_interval(first, last, "yMMMd" if year is not None else "MMMd", locale="ko"))


def _render_month_ko(month: int) -> str:
    from babel.dates import format_skeleton

    return str(format_skeleton("MMM", datetime.date(_ANY_LEAP_YEAR, month, 1), locale="ko"))


def _year_ranges(text: str, *, korean: bool) -> list[DateMatch]:
    matches = []
    for pattern in (_YEAR_RANGE, _KOREAN_YEAR_SPAN) if korean else (_YEAR_RANGE, _ENGLISH_YEAR_SPAN):
        for m in pattern.finditer(text):
            first, last = int(m.group("y1")), int(m.group("y2"))
            if first < last:
                # Kept as written: the Korean presidential office's own release
                # of this meeting writes "2014-2024" (docs/korean.md).
                written = m.group(0) if pattern is not _ENGLISH_YEAR_SPAN else f"{first}년부터 {last}년까지"
                matches.append(DateMatch(m.start(), m.end(), m.group(0), written, year=first, end_year=last))
    return matches


def _without_overlaps(matches: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def find_dates(text: str) -> list[DateMatch]:
    """English dates and year ranges in ``text``, in order, rendered in Korean (:func:`_find_dates`, remembered)."""
    return list(_find_dates(text))


@functools.lru_cache(maxsize=1 << 16)
def _find_dates(text: str) -> tuple[DateMatch, ...]:
    """English dates and year ranges in ``text``, in order, rendered in Korean.

    Finds "July 11", "July 11, 2024", "11 July 2024", "Jul. 11", "July 2024",
    ranges of days ("July 11-12, 2023", "11-12 July", "from July 9 to 11,
    2024", "July 30 - August 2"), a month alone after a word that makes it a
    month ("in July") and ranges of years ("2014-2024", "from 2014 to
    2024"). A month name needs a day number, a year or such a word next to
    it, so "May" and "March" the verbs are not dates; impossible dates
    ("February 30") are not dates either.
    """
    months = _english_months()
    matches = _year_ranges(text, korean=False) + _english_ranges(text)
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
    return tuple(_without_overlaps(matches))


# --------------------------------------------------------------------------
# Korean dates

_KOREAN_DATE = re.compile(
    r"(?<![0-9])(?:(?P<y>[0-9]{4})년\s*)?(?P<m>[0-9]{1,2})월\s*(?P<d>[0-9]{1,2})일"
    r"|(?<![0-9])(?P<ym_y>[0-9]{4})년\s*(?P<ym_m>[0-9]{1,2})월(?!\s*[0-9])"
    r"|(?<![0-9.])(?P<dot_y>[0-9]{4})\.\s*(?P<dot_m>[0-9]{1,2})\.\s*(?P<dot_d>[0-9]{1,2})\.(?![0-9])"
)
# "7월" alone names a month, which English writes without a number.
_KOREAN_MONTH = re.compile(r"(?<![0-9])[0-9]{1,2}월(?!\s*[0-9])")
_KOREAN_MONTH_ALONE = re.compile(r"(?<![0-9])(?<!년)(?<!년\s)(?P<m>[0-9]{1,2})월(?!\s*[0-9])")
# Ranges of days: 7월 9일~11일, 7월 9~11일, 7월 9-11일, 6월 30일~7월 2일, 7월 9일부터 11일까지, 9~11일.
_KOREAN_RANGE = re.compile(
    r"(?<![0-9])(?:(?:(?P<y>[0-9]{4})년\s*)?(?P<m1>[0-9]{1,2})월\s*)?(?P<d1>[0-9]{1,2})일?"
    r"(?:\s*[~∼〜\-–]\s*|일\s*(?:부터|에서)\s*)"
    r"(?:(?P<m2>[0-9]{1,2})월\s*)?(?P<d2>[0-9]{1,2})일(?:\s*(?:까지|사이))?"
)
# A day alone, "11일": a day of the article's own month in Korean news style.
_KOREAN_DAY = re.compile(r"(?<![0-9])(?<!월)(?<!월\s)(?P<d>[0-9]{1,2})일(?![0-9])")


def find_korean_dates(text: str) -> list[DateMatch]:
    """Korean dates and ranges in ``text``: "7월 11일", "2024년 7월 11일", "2024년 7월",
    "2024. 7. 11.", "7월 9일~11일", "7월 9~11일", "7월 9일부터 11일까지", "9~11일",
    a month alone ("7월"), a day alone ("11일", the article's own month),
    "2014-2024", "2014년부터 2024년까지".

    ``ko`` is the text as written.
    """
    matches = _year_ranges(text, korean=True)
    for m in _KOREAN_RANGE.finditer(text):
        first_month = int(m.group("m1")) if m.group("m1") else None
        last_month = int(m.group("m2")) if m.group("m2") else first_month
        range_year = int(m.group("y")) if m.group("y") else None
        first, last = int(m.group("d1")), int(m.group("d2"))
        if first_month is None and last_month is not None:
            continue  # "9일~7월 11일" is not a range this reads
        if first_month is not None and last_month is not None:
            if not (_valid_date(range_year, first_month, first) and _valid_date(range_year, last_month, last)):
                continue
            if (last_month, last) <= (first_month, first):
                continue
        elif not (1 <= first < last <= 31):
            continue
        matches.append(DateMatch(m.start(), m.end(), m.group(0), m.group(0), year=range_year, month=first_month,
                                 day=first, end_month=last_month, end_day=last))
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
    for m in _KOREAN_MONTH_ALONE.finditer(text):
        if 1 <= int(m.group("m")) <= 12:
            matches.append(DateMatch(m.start(), m.end(), m.group(0), m.group(0), month=int(m.group("m"))))
    for m in _KOREAN_DAY.finditer(text):
        if 1 <= int(m.group("d")) <= 31:
            matches.append(DateMatch(m.start(), m.end(), m.group(0), m.group(0), day=int(m.group("d"))))
    return _without_overlaps(matches)


def date_values(text: str) -> Counter[str]:
    """The dates of ``text`` (English or Korean) as a multiset of :attr:`DateMatch.key`.

    ``date_values("on July 11") == date_values("7월 11일에")``.
    """
    return Counter(match.key for match in _without_overlaps(find_dates(text) + find_korean_dates(text)))


def missing_dates(source: str, target: str, *, article: datetime.date | None = None) -> list[DateMatch]:
    """The dates of English ``source`` that ``target`` (Korean or English) does not say.

    Each date of the translation answers for one date of the source (see
    :meth:`DateMatch.satisfied_by`; ``article`` is the article's own date).
    """
    found = _without_overlaps(find_korean_dates(target) + find_dates(target))
    missing = []
    for date in find_dates(source):
        answer = next((other for other in found if date.satisfied_by(other, article=article)), None)
        if answer is None:
            missing.append(date)
        else:
            found.remove(answer)
    return missing


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
