"""Reader-facing wording: what an article and its text file tell the reader, by language.

The words a reader sees (the notice under an article, the text file's
closing lines, a marked sentence's tooltip and label) are data, kept apart
from the code that renders them: :data:`NOTES` holds each language's own,
:data:`ENGLISH_NOTES` the English every other language gets, and
:func:`notice` counts an article's sentences kind by kind
(:data:`~dipl10n.site.page.MARKED` states, then ``withheld`` and
``untranslated``) into the lines it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dipl10n.lang.locales import base_language
from dipl10n.site.page import MARKED, Sentence

__all__ = ["ENGLISH_NOTES", "NOTES", "Notice", "notice", "reader_texts"]

#: Reader-facing words, by language (:func:`dipl10n.lang.locales.base_language`); other languages get English.
#: ``note.*`` are the notice's lines, ``legend.*`` the text file's, ``title.*`` a marked sentence's tooltip,
#: ``marker.*`` its label in print and in the text file; ``withheld`` is a sentence shown in the source
#: language because its translation is not published (``--reviewed-only``). A ``_one`` form is the singular.
NOTES: dict[str, dict[str, str]] = {
    "ko": {
        "note.machine_draft": "이 기사의 {n}개 문장은 아직 검토되지 않은 기계 번역입니다.",
        "note.out_of_date": "{n}개 문장은 영어 원문이 수정된 뒤 아직 다시 검토되지 않아, 수정 전 원문을 옮긴 번역을 싣습니다.",
        "note.human_fuzzy": "{n}개 문장은 아직 검토 중인 번역입니다.",
        "note.withheld": "{n}개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다.",
        "note.untranslated": "{n}개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.",
        "legend.machine_draft": "[{marker}] 표시가 붙은 {n}개 문장은 아직 검토되지 않은 기계 번역입니다.",
        "legend.out_of_date": (
            "[{marker}] 표시가 붙은 {n}개 문장은 영어 원문이 수정된 뒤 아직 다시 검토되지 않은, "
            "수정 전 원문의 번역입니다."
        ),
        "legend.human_fuzzy": "[{marker}] 표시가 붙은 {n}개 문장은 아직 검토 중인 번역입니다.",
        "title.machine_draft": "검토 전 기계 번역",
        "title.out_of_date": "원문이 수정된 뒤 아직 다시 검토되지 않은 번역",
        "title.human_fuzzy": "검토 중인 번역",
        "title.withheld": "번역 검토가 끝나지 않아 싣는 영어 원문",
        "title.untranslated": "번역 전 원문",
        "marker.machine_draft": "기계 번역",
        "marker.out_of_date": "원문 수정됨",
        "marker.human_fuzzy": "검토 중",
    },
}
ENGLISH_NOTES: dict[str, str] = {
    "note.machine_draft": "{n} sentences of this article are unreviewed machine translation.",
    "note.machine_draft_one": "1 sentence of this article is unreviewed machine translation.",
    "note.out_of_date": (
        "{n} sentences translate an earlier version of the English text and have not been reviewed again "
        "since it was revised."
    ),
    "note.out_of_date_one": (
        "1 sentence translates an earlier version of the English text and has not been reviewed again "
        "since it was revised."
    ),
    "note.human_fuzzy": "{n} sentences are translations still under review.",
    "note.human_fuzzy_one": "1 sentence is a translation still under review.",
    "note.withheld": "{n} sentences appear in English until their translation is reviewed.",
    "note.withheld_one": "1 sentence appears in English until its translation is reviewed.",
    "note.untranslated": "{n} sentences are not translated yet and appear in English.",
    "note.untranslated_one": "1 sentence is not translated yet and appears in English.",
    "legend.machine_draft": "{n} sentences marked [{marker}] are unreviewed machine translation.",
    "legend.machine_draft_one": "1 sentence marked [{marker}] is unreviewed machine translation.",
    "legend.out_of_date": (
        "{n} sentences marked [{marker}] translate an earlier version of the English text and have not been "
        "reviewed again since it was revised."
    ),
    "legend.out_of_date_one": (
        "1 sentence marked [{marker}] translates an earlier version of the English text and has not been "
        "reviewed again since it was revised."
    ),
    "legend.human_fuzzy": "{n} sentences marked [{marker}] are translations still under review.",
    "legend.human_fuzzy_one": "1 sentence marked [{marker}] is a translation still under review.",
    "title.machine_draft": "unreviewed machine translation",
    "title.out_of_date": "translation of an earlier version of the source, not reviewed again since it was revised",
    "title.human_fuzzy": "translation under review",
    "title.withheld": "shown in English until its translation is reviewed",
    "title.untranslated": "not translated yet",
    "marker.machine_draft": "machine translation",
    "marker.out_of_date": "source revised",
    "marker.human_fuzzy": "under review",
}


def reader_texts(lang: str) -> dict[str, str]:
    """The reader-facing words for a target language: its own, or English."""
    return NOTES.get(base_language(lang), ENGLISH_NOTES)


def _note(texts: Mapping[str, str], key: str, n: int, **values: str) -> str:
    """A reader-facing note with its count; a language may have a singular form (``note.untranslated_one``)."""
    if n == 1 and f"{key}_one" in texts:
        return texts[f"{key}_one"].format(n=n, **values)
    return texts[key].format(n=n, **values)


@dataclass(frozen=True)
class Notice:
    """What the article's notice and the text file's closing lines say, kind by kind."""

    #: (key, line): ``key`` is the state's name of a marked kind, ``withheld`` or ``untranslated``.
    notes: tuple[tuple[str, str], ...]
    #: The same lines in English, under notes in another language; empty for English notes.
    english: tuple[str, ...]
    #: The text file's closing lines: a marked kind's line names its label.
    legend: tuple[str, ...]


def notice(every: Sequence[Sentence], texts: Mapping[str, str]) -> Notice:
    """What the notice says about ``every`` sentence of an article, in the words of ``texts`` (:func:`reader_texts`)."""
    counts: dict[str, int] = {}
    for sentence in every:
        key = sentence.marking or sentence.fallback
        if key:
            counts[key] = counts.get(key, 0) + 1
    order = [state.value for state in MARKED] + ["withheld", "untranslated"]
    notes, english, legend = [], [], []
    for key in order:
        n = counts.get(key, 0)
        if not n:
            continue
        notes.append((key, _note(texts, f"note.{key}", n)))
        english.append(_note(ENGLISH_NOTES, f"note.{key}", n))
        if f"legend.{key}" in texts:
            legend.append(_note(texts, f"legend.{key}", n, marker=texts[f"marker.{key}"]))
        else:
            legend.append(_note(texts, f"note.{key}", n))
    return Notice(tuple(notes), () if texts is ENGLISH_NOTES else tuple(english), tuple(legend))
