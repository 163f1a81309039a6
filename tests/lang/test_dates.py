"""Tests for dipl10n.lang.dates: English dates, year ranges and numbers."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipl10n.lang.dates import (
    DateMatch,
    date_values,
    find_dates,
    find_korean_dates,
    find_numbers,
    missing_dates,
    number_values,
)

# (sentence, [(matched text, Korean rendering, key)])
DATE_CASES = [
    ("Leaders met on July 11.", [("July 11", "7월 11일", "--07-11")]),
    ("The summit of July 11, 2024 ended.", [("July 11, 2024", "2024년 7월 11일", "2024-07-11")]),
    ("Signed 11 July 2024 in Washington.", [("11 July 2024", "2024년 7월 11일", "2024-07-11")]),
    ("Talks resume Jul. 11.", [("Jul. 11", "7월 11일", "--07-11")]),
    ("Talks resume Jul 9 and Sept. 3.", [("Jul 9", "7월 9일", "--07-09"), ("Sept. 3", "9월 3일", "--09-03")]),
    ("It was agreed in July 2024.", [("July 2024", "2024년 7월", "2024-07")]),
    ("By December, 2023 the plan", [("December, 2023", "2023년 12월", "2023-12")]),
    (
        "On the 4th of July and on July 4th, 1776",
        [("the 4th of July", "7월 4일", "--07-04"), ("July 4th, 1776", "1776년 7월 4일", "1776-07-04")],
    ),
    ("due 1 January", [("1 January", "1월 1일", "--01-01")]),
    ("on February 29", [("February 29", "2월 29일", "--02-29")]),
    ("On May 5 the envoys met; on 6 May they left.", [("May 5", "5월 5일", "--05-05"), ("6 May", "5월 6일", "--05-06")]),
    ("March 2024 saw a march.", [("March 2024", "2024년 3월", "2024-03")]),
    # year ranges keep the form the source wrote
    ("NATO partnership 2014-2024", [("2014-2024", "2014-2024", "2014/2024")]),
    ("the 2014–2024 programme", [("2014–2024", "2014–2024", "2014/2024")]),
    ("in 2014 - 2024", [("2014 - 2024", "2014 - 2024", "2014/2024")]),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES)
def test_find_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_dates(text)
    assert [(d.text, d.ko, d.key) for d in found] == expected
    for date in found:
        assert text[date.start : date.end] == date.text


def test_a_date_without_a_year_has_no_year() -> None:
    (date,) = find_dates("on July 11")
    assert date == DateMatch(3, 10, "July 11", "7월 11일", year=None, month=7, day=11)
    assert "년" not in date.ko


@pytest.mark.parametrize(
    "text",
    [
        "They may march on the capital.",
        "May I ask a question?",
        "In March, the delegates march again.",
        "they march 2024 kilometres",
        "The Mayor 11 times said",
        "on February 30 and April 31",
        "ISO date 2024-07-11",
        "a phone line 1234-5678",
        "years 2024-2014 reversed",
        "July 11:30",
        "Julyan 11",
    ],
)
def test_no_false_dates(text: str) -> None:
    assert find_dates(text) == []


KOREAN_DATE_CASES = [
    ("7월 11일 워싱턴에서", ["--07-11"]),
    ("2024년 7월 11일(현지시간)", ["2024-07-11"]),
    ("2024년 7월에", ["2024-07"]),
    ("2024. 7. 11. 발표", ["2024-07-11"]),
    ("2014-2024 협력", ["2014/2024"]),
    ("2014~2024년 협력", ["2014/2024"]),
    ("2014년부터 2024년까지", ["2014/2024"]),
    ("7월에 열린", ["--07"]),
    ("13월 40일", []),
]


@pytest.mark.parametrize(("text", "keys"), KOREAN_DATE_CASES)
def test_find_korean_dates(text: str, keys: list[str]) -> None:
    found = find_korean_dates(text)
    assert [d.key for d in found] == keys
    assert all(d.ko == d.text == text[d.start : d.end] for d in found)


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("on July 11", "7월 11일에"),
        ("on July 11, 2024", "2024년 7월 11일"),
        ("11 July 2024", "2024. 7. 11."),
        ("in July 2024", "2024년 7월"),
        ("the 2014-2024 partnership", "2014-2024 파트너십"),
        ("the 2014–2024 programme", "2014년부터 2024년까지의 프로그램"),
    ],
)
def test_date_values_match_across_languages(english: str, korean: str) -> None:
    en, ko = date_values(english), date_values(korean)
    assert en == ko
    assert sum(en.values()) == 1


def test_date_values_differ() -> None:
    assert date_values("on July 11") != date_values("7월 12일에")
    assert date_values("on July 11") != date_values("2024년 7월 11일")  # a year added


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_babel_rendering_round_trips(day: datetime.date) -> None:
    english = f"{day:%B} {day.day}, {day.year}"
    (found,) = find_dates(f"Signed on {english}.")
    assert found.ko == f"{day.year}년 {day.month}월 {day.day}일"
    assert date_values(found.ko) == Counter({found.key: 1})


# (text, [(matched text, value, kind)])
NUMBER_CASES = [
    ("in 2014 and 2024", [("2014", "2014", "year"), ("2024", "2024", "year")]),
    ("1,000 troops", [("1,000", "1000", "integer")]),
    ("3.5% growth", [("3.5%", "3.5", "percent")]),
    ("3.5 percent growth", [("3.5 percent", "3.5", "percent")]),
    ("3.5 per cent growth", [("3.5 per cent", "3.5", "percent")]),
    ("12 ships and 0.25 of them", [("12", "12", "integer"), ("0.25", "0.25", "decimal")]),
    ("$1.5 billion in aid", [("1.5 billion", "1500000000", "integer")]),
    ("32 allies, 75 years", [("32", "32", "integer"), ("75", "75", "integer")]),
    ("G7 leaders", [("7", "7", "integer")]),
    ("3.5% 성장", [("3.5%", "3.5", "percent")]),
    ("3.5퍼센트", [("3.5퍼센트", "3.5", "percent")]),
    ("1,000명", [("1,000", "1000", "integer")]),
    ("2024년에", [("2024", "2024", "year")]),
    ("병력 천 명", [("천", "1000", "integer")]),
    ("병력 1천 명", [("1천", "1000", "integer")]),
    ("1천여 명", [("1천", "1000", "integer")]),
    ("2만 명", [("2만", "20000", "integer")]),
    ("3억 달러", [("3억", "300000000", "integer")]),
    ("3억 5천만 달러", [("3억 5천만", "350000000", "integer")]),
    ("2만5천 명", [("2만5천", "25000", "integer")]),
    ("1,000만 명", [("1,000만", "10000000", "integer")]),
    ("1.5조 원", [("1.5조", "1500000000000", "integer")]),
    ("만 달러", [("만", "10000", "integer")]),
    # not numbers
    ("만 18세", [("18", "18", "integer")]),
    ("천 장관과 조 바이든", []),
    ("인천에서 수천 명이", []),
    ("2만큼", [("2", "2", "integer")]),
    ("No numbers here.", []),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_find_numbers(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_numbers(text)
    assert [(n.text, n.value, n.kind) for n in found] == [(t, Decimal(v), k) for t, v, k in expected]
    for number in found:
        assert text[number.start : number.end] == number.text


def test_numbers_in_dates_are_dates() -> None:
    text = "On July 11, 2024, 32 allies marked 2014-2024."
    assert [n.text for n in find_numbers(text)] == ["32"]
    assert [n.text for n in find_numbers(text, include_dates=True)] == ["11", "2024", "32", "2014", "2024"]
    assert [n.text for n in find_numbers("2024년 7월 11일 32개국, 7월에")] == ["32"]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("1,000 troops", "병력 천 명"),
        ("1,000 troops", "병력 1000명"),
        ("1,000 troops", "병력 1천 명"),
        ("10,000 people", "만 명"),
        ("3.5% growth", "3.5% 성장"),
        ("3.5 percent growth", "3.5퍼센트 성장"),
        ("$1.5 billion", "15억 달러"),
        ("350 million dollars", "3억 5천만 달러"),
        ("On July 11, 32 allies met", "7월 11일 32개 동맹국이 모였다"),
        ("in 2024", "2024년에"),
    ],
)
def test_number_values_match_across_languages(english: str, korean: str) -> None:
    assert number_values(english) == number_values(korean)
    assert number_values(english)  # something was compared


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("1,000 troops", "병력 100명"),
        ("3.5% growth", "3% 성장"),
        ("12 ships and 12 planes", "12척의 배"),
    ],
)
def test_number_values_differ(english: str, korean: str) -> None:
    assert number_values(english) != number_values(korean)


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_and_plain_digits_have_the_same_value(n: int) -> None:
    assert number_values(f"{n:,} units") == number_values(f"{n} units") == Counter({Decimal(n): 1})


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9))
def test_korean_myriads(high: int, thousands: int) -> None:
    text = f"{high}만 {thousands}천 명" if thousands else f"{high}만 명"
    assert number_values(text) == Counter({Decimal(high * 10000 + thousands * 1000): 1})


# -- ranges of days, months alone, the article's own month ----------------------------

RANGE_CASES = [
    ("NATO summit in Vilnius on July 11-12, 2023.", "July 11-12, 2023", "2023년 7월 11일~12일", "2023-07-11/07-12"),
    ("the Washington Summit, July 9-11, 2024", "July 9-11, 2024", "2024년 7월 9일~11일", "2024-07-09/07-11"),
    ("It meets from July 9 to 11, 2024.", "from July 9 to 11, 2024", "2024년 7월 9일부터 11일까지", "2024-07-09/07-11"),
    ("held 11-12 July 2023", "11-12 July 2023", "2023년 7월 11일~12일", "2023-07-11/07-12"),
    ("from June 30 to July 2", "from June 30 to July 2", "6월 30일부터 7월 2일까지", "--06-30/07-02"),
    ("July 30 - August 2, 2024", "July 30 - August 2, 2024", "2024년 7월 30일~8월 2일", "2024-07-30/08-02"),
    ("partners since 2014 and from 2014 to 2024", "from 2014 to 2024", "2014년부터 2024년까지", "2014/2024"),
    ("It was agreed in July.", "July", "7월", "--07"),
]


@pytest.mark.parametrize(("text", "written", "ko", "key"), RANGE_CASES)
def test_ranges_and_months_are_dates(text: str, written: str, ko: str, key: str) -> None:
    found = [d for d in find_dates(text) if d.text == written]
    assert [(d.ko, d.key) for d in found] == [(ko, key)]


def test_a_range_is_not_read_as_one_day() -> None:
    assert [d.key for d in find_dates("July 11-12")] == ["--07-11/07-12"]
    assert [d.key for d in find_dates("July 12-11")] == []  # backwards: not a range, and not July 12 either


KOREAN_RANGE_CASES = [
    ("2024년 7월 9일부터 11일까지", "2024-07-09/07-11"),
    ("2024년 7월 9일~11일", "2024-07-09/07-11"),
    ("7월 9~11일", "--07-09/07-11"),
    ("7월 9-11일", "--07-09/07-11"),
    ("6월 30일~7월 2일", "--06-30/07-02"),
    ("9~11일", "----09/--11"),
    ("12일 오전", "----12"),
]


@pytest.mark.parametrize(("text", "key"), KOREAN_RANGE_CASES)
def test_korean_ranges_and_days(text: str, key: str) -> None:
    assert [d.key for d in find_korean_dates(text)] == [key]


ARTICLE = datetime.date(2024, 7, 11)


@pytest.mark.parametrize(
    ("source", "translation", "article", "missing"),
    [
        ("on July 9-11, 2024", "2024년 7월 9일부터 11일까지", None, []),
        ("on July 9-11, 2024", "2024년 7월 9~11일", None, []),
        ("on July 9-11, 2024", "7월 9일~11일", ARTICLE, []),  # the article's year goes without saying
        ("on July 9-11, 2024", "2024년 7월 9일", None, ["July 9-11, 2024"]),
        ("from July 9 to 11, 2024", "2024년 7월 9일~11일", None, []),
        ("On July 11, they met.", "11일 두 사람은 만났다.", ARTICLE, []),  # the article's own month
        ("On July 11, they met.", "11일 두 사람은 만났다.", datetime.date(2024, 8, 1), ["July 11"]),
        ("On July 11, they met.", "11일 두 사람은 만났다.", None, ["July 11"]),
        ("On July 11, 2023, they met.", "7월 11일 두 사람은 만났다.", ARTICLE, ["July 11, 2023"]),
        ("On July 11, they met.", "2024년 7월 11일 두 사람은 만났다.", ARTICLE, []),
        ("On July 11, they met.", "2023년 7월 11일 두 사람은 만났다.", ARTICLE, ["July 11"]),
        ("in July", "7월에", None, []),
        ("in July", "8월에", None, ["July"]),
    ],
)
def test_missing_dates_follow_korean_news_style(source, translation, article, missing) -> None:
    assert [d.text for d in missing_dates(source, translation, article=article)] == missing
