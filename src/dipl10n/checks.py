"""Quality checks of translated catalogs: what ``dipl10n check`` reports.

Each check is a small function ``check(entry, context)`` that looks at one
catalog entry (a polib :class:`~polib.POEntry`) and yields
:class:`Finding` objects, the way Babel's ``babel.messages.checkers`` works.
Every check runs on every entry of every catalog; nothing stops at the first
problem.

Errors (the translation is wrong and must be fixed before publishing):

``glossary``
    A glossary term of the source whose approved form is not in the
    translation (a do-not-translate term must appear as written), and any
    ``# term-missing:`` note that drafting left.
``numbers``
    A number or date of the source missing from the translation in every
    form it may take (``1,000`` = ``1000`` = ``천``, ``July 11`` = ``7월 11일``).
``markup``
    A placeholder (``ZX1``) left by machine translation, inline Markdown
    (links, emphasis, code spans) missing or unbalanced, a link URL changed.
``brackets``
    Brackets or quotes the translation opens and does not close, or closes
    without opening, beyond what the source itself leaves open.
``particles``
    A Korean particle that disagrees with the glossary term or date before it
    (``NATO을`` for ``NATO를``).

Warnings (worth a look):

``untranslated``, ``identical``, ``latin`` (Latin-script words that are
neither in the source nor in the glossary), ``length`` (length ratio far
from the catalog's median), ``spaces``, ``punctuation`` and ``fuzzy``.

A fresh catalog is mostly untranslated and, after machine translation, mostly
fuzzy: listing each of those entries would bury the findings that matter. So
``fuzzy`` and ``untranslated`` findings are *counted* per catalog and only
listed when asked for (``verbose``); the other checks still run on fuzzy
entries, because the build shows drafts to readers.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from dipl10n.dates import date_values, find_dates, find_korean_dates, find_numbers, number_values
from dipl10n.errors import InputError
from dipl10n.glossary import Glossary
from dipl10n.po.model import live, translation
from dipl10n.protect import PREFIXES
from dipl10n.states import State, entry_state, missing_terms

if TYPE_CHECKING:
    from dipl10n.project import Project

__all__ = [
    "CHECKS",
    "COLLAPSED",
    "CatalogSummary",
    "CheckContext",
    "CheckReport",
    "Finding",
    "catalog_language",
    "check_catalog",
    "check_catalogs",
]

ERROR = "error"
WARNING = "warning"

#: Findings counted per catalog rather than listed, unless asked for.
COLLAPSED = ("fuzzy", "untranslated")

#: How far (as a factor) an entry's length ratio may stray from the catalog's median.
LENGTH_FACTOR = 2.0
#: Source sentences shorter than this are too short for a meaningful ratio.
LENGTH_MIN_SOURCE = 20
#: Translated entries a catalog needs before the ``length`` check has a norm.
LENGTH_MIN_ENTRIES = 5


@dataclass(frozen=True)
class Finding:
    """One problem of one catalog entry; ``line`` is the line of its ``msgid``."""

    path: str
    line: int
    severity: str
    check: str
    message: str
    msgid: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckContext:
    """What a check knows besides the entry: the catalog, its language, the glossary."""

    path: str
    lang: str
    glossary: Glossary
    #: The catalog's median ratio of translation length to source length.
    length_ratio: float | None = None
    _latin_allowed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def korean(self) -> bool:
        from dipl10n.language import is_korean

        return is_korean(self.lang)

    def finding(self, entry: polib.POEntry, severity: str, check: str, message: str) -> Finding:
        return Finding(self.path, entry.linenum or 0, severity, check, message, entry.msgid)


Check = Callable[[polib.POEntry, CheckContext], Iterable[Finding]]


def _texts(entry: polib.POEntry) -> tuple[str, str]:
    """The (singular) msgid and msgstr of an entry."""
    return entry.msgid, translation(entry)


def _quote(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{text}"'


# -- errors ------------------------------------------------------------------


def _squash(text: str) -> str:
    # Korean word spacing varies (감항 인증 / 감항인증): compare without it.
    return re.sub(r"\s+", "", text)


def check_glossary(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A glossary term of the source whose approved form is missing from the translation."""
    msgid, msgstr = _texts(entry)
    reported: set[str] = set()
    if msgstr:
        squashed = _squash(msgstr)
        seen: set[tuple[str, str]] = set()
        for match in context.glossary.find(msgid):
            target = match.term.target(context.lang, matched=match.form)
            if target is None or (match.form, target) in seen:
                continue
            seen.add((match.form, target))
            if _squash(target) in squashed:
                continue
            reported.add(match.term.label)
            if match.term.dnt:
                message = f"{_quote(match.form)} must stay as written (do not translate)"
            else:
                message = f"{_quote(match.form)} needs its approved translation {_quote(target)}"
            yield context.finding(entry, ERROR, "glossary", message)
    for label in sorted(missing_terms(entry)):
        if label in reported:
            continue
        yield context.finding(
            entry,
            ERROR,
            "glossary",
            f"machine translation lost {_quote(label.replace('_', ' '))} (term-missing: {label}): put its "
            "approved form in; the note goes once the term is there",
        )


def _masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _without_terms(msgid: str, msgstr: str, context: CheckContext) -> tuple[str, str]:
    """Both texts with glossary terms blanked out: a number inside a term (IP4) is the term's business."""
    matches = context.glossary.find(msgid)
    source = _masked(msgid, [(m.start, m.end) for m in matches])
    target = msgstr
    for match in matches:
        form = match.term.target(context.lang, matched=match.form)
        if form:
            target = target.replace(form, " ")
    return source, target


def check_numbers(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A number or date of the source that the translation lacks in every locale form."""
    msgid, msgstr = _texts(entry)
    if not msgstr:
        return
    source, target = _without_terms(msgid, msgstr, context)
    numbers, translated = number_values(source), number_values(target)
    missing = numbers - translated
    if missing:
        written = {n.value: n.text for n in find_numbers(source)}
        extra = translated - numbers
        instead = ""
        if extra:
            shown = {n.value: n.text for n in find_numbers(target)}
            instead = f" (the translation has {', '.join(shown.get(v, str(v)) for v in extra)})"
        for value in missing:
            yield context.finding(
                entry, ERROR, "numbers", f"number {_quote(written.get(value, str(value)))} of the source is missing{instead}"
            )
    dates, translated_dates = date_values(source), date_values(target)
    missing_dates = dates - translated_dates
    if missing_dates:
        written_dates = {d.key: d for d in find_dates(source)}
        extra_dates = translated_dates - dates
        instead = ""
        if extra_dates:
            found = {d.key: d.text for d in find_korean_dates(target) + find_dates(target)}
            instead = f" (the translation has {', '.join(found.get(k, k) for k in extra_dates)})"
        for key in missing_dates:
            date = written_dates.get(key)
            if date is not None and date.ko != date.text:
                what = f"date {_quote(date.text)} (in Korean {_quote(date.ko)})" if context.korean else f"date {_quote(date.text)}"
            else:
                what = f"date {_quote(date.text if date else key)}"
            yield context.finding(entry, ERROR, "numbers", f"{what} of the source is missing{instead}")


_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(PREFIXES) + r")Z?\s?[0-9]+(?![0-9])")
_STRAY = ("*", "_", "`")


@dataclass(frozen=True)
class _Markup:
    elements: Counter[str]
    urls: Counter[str]
    stray: Counter[str]
    words: tuple[str, ...]


_PARSER: Any = None


def _markdown() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": False})
    return _PARSER


def _markup(text: str) -> _Markup:
    """The inline Markdown of ``text``: elements, link URLs, delimiter characters left as text."""
    elements: Counter[str] = Counter()
    urls: Counter[str] = Counter()
    stray: Counter[str] = Counter()
    words: list[str] = []
    for token in _markdown().parseInline(text):
        for child in token.children or []:
            kind = child.type
            if kind.endswith("_open") or kind in ("code_inline", "image"):
                elements[kind.removesuffix("_open")] += 1
            if kind in ("link_open", "image"):
                urls[str(child.attrs.get("href") or child.attrs.get("src") or "")] += 1
            if kind == "text":
                for char in _STRAY:
                    stray[char] += child.content.count(char)
                words.append(child.content)
    return _Markup(elements, urls, stray, tuple(words))


_ELEMENT_NAMES = {
    "link": "link",
    "image": "image",
    "em": "emphasis (*...*)",
    "strong": "strong emphasis (**...**)",
    "code_inline": "code span (`...`)",
}


def check_markup(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Placeholders left over, inline Markdown lost or unbalanced, link URLs changed."""
    msgid, msgstr = _texts(entry)
    if not msgstr:
        return
    left = Counter(m.group() for m in _PLACEHOLDER.finditer(msgstr)) - Counter(
        m.group() for m in _PLACEHOLDER.finditer(msgid)
    )
    for placeholder in left:
        yield context.finding(
            entry, ERROR, "markup", f"placeholder {_quote(placeholder)} left by machine translation: put the term back"
        )
    source, target = _markup(msgid), _markup(msgstr)
    for kind, name in _ELEMENT_NAMES.items():
        have, want = target.elements[kind], source.elements[kind]
        if have != want:
            yield context.finding(
                entry, ERROR, "markup", f"{name}: the source has {want}, the translation {have}"
            )
    if source.urls != target.urls and sum(source.urls.values()) == sum(target.urls.values()):
        gone = ", ".join(sorted(source.urls - target.urls))
        new = ", ".join(sorted(target.urls - source.urls))
        yield context.finding(entry, ERROR, "markup", f"link URL changed: {gone} became {new}")
    for char in _STRAY:
        if target.stray[char] > source.stray[char]:
            yield context.finding(
                entry,
                ERROR,
                "markup",
                f"unbalanced {char!r}: Markdown did not pair it (in Korean, put emphasis around whole "
                "words and keep particles outside the punctuation: **‘강조’**를 does not work, ‘**강조**’를 does)",
            )


_OPEN_CLOSE = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "［": "］",
    "｛": "｝",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "«": "»",
}
_CLOSE_OPEN = {close: open_ for open_, close in _OPEN_CLOSE.items()}
# What a bracket counts as when comparing with the source: （ is (, every quote is a quote.
_KIND = {"（": "(", "［": "[", "｛": "{"} | {c: "quote" for c in "“‘「『《〈«"}


def _imbalance(text: str) -> tuple[list[str], list[str]]:
    """(opened but not closed, closed but not opened) characters of ``text``."""
    stack: list[str] = []
    unopened: list[str] = []
    for char in text:
        if char in _OPEN_CLOSE:
            stack.append(char)
        elif char in _CLOSE_OPEN:
            opener = _CLOSE_OPEN[char]
            if stack and stack[-1] == opener:
                stack.pop()
            elif char == "’":
                continue  # an apostrophe
            else:
                unopened.append(char)
    if text.count('"') % 2:
        stack.append('"')
    return stack, unopened


def _signature(opened: list[str], unopened: list[str]) -> Counter[tuple[str, str]]:
    signature: Counter[tuple[str, str]] = Counter()
    for char in opened:
        signature[(_KIND.get(char, "quote" if char == '"' else char), "open")] += 1
    for char in unopened:
        opener = _CLOSE_OPEN[char]
        signature[(_KIND.get(opener, opener), "close")] += 1
    return signature


def check_brackets(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Brackets and quotes the translation leaves unbalanced (beyond what the source does)."""
    msgid, msgstr = _texts(entry)
    if not msgstr:
        return
    opened, unopened = _imbalance(msgstr)
    extra = _signature(opened, unopened) - _signature(*_imbalance(msgid))
    if not extra:
        return
    for char in dict.fromkeys(opened):
        key = (_KIND.get(char, "quote" if char == '"' else char), "open")
        if extra[key] > 0:
            closer = _OPEN_CLOSE.get(char, '"')
            yield context.finding(entry, ERROR, "brackets", f"{char!r} is opened but never closed (missing {closer!r})")
    for char in dict.fromkeys(unopened):
        opener = _CLOSE_OPEN[char]
        if extra[(_KIND.get(opener, opener), "close")] > 0:
            yield context.finding(entry, ERROR, "brackets", f"{char!r} closes nothing (missing {opener!r} before it)")


def check_particles(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A Korean particle that disagrees with the glossary term or date it is attached to."""
    from dipl10n.korean import particle_disagreements

    msgid, msgstr = _texts(entry)
    if not msgstr or not context.korean:
        return
    words: dict[str, str | None] = {}
    for match in context.glossary.find(msgid):
        target = match.term.target(context.lang, matched=match.form)
        if target and target in msgstr:
            words.setdefault(target, match.term.reading)
    for date in find_dates(msgid):
        if date.ko in msgstr:
            words.setdefault(date.ko, None)
    try:
        issues = particle_disagreements(msgstr, words.items())
    except InputError:
        return
    for issue in issues:
        yield context.finding(
            entry,
            ERROR,
            "particles",
            f"{_quote(issue.word + issue.found)} should be {_quote(issue.word + issue.expected)}: "
            f"the particle must agree with how {issue.word!r} is read",
        )


# -- warnings ----------------------------------------------------------------


def check_untranslated(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """An entry without a translation."""
    _, msgstr = _texts(entry)
    if not msgstr:
        yield context.finding(entry, WARNING, "untranslated", "not translated yet")


_FUZZY_MESSAGES = {
    State.MACHINE_DRAFT: "machine draft: review it and clear the fuzzy mark",
    State.OUT_OF_DATE: "out of date: the source sentence changed since this translation was reviewed "
    "(#| shows the old one); update it and clear the fuzzy mark",
    State.HUMAN_FUZZY: "translation marked fuzzy: review it and clear the fuzzy mark",
}


def check_fuzzy(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A translation waiting for review: a machine draft, an out-of-date translation, a person's fuzzy text."""
    message = _FUZZY_MESSAGES.get(entry_state(entry))
    if message is not None:
        yield context.finding(entry, WARNING, "fuzzy", message)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Capitalised words that are not names: a sentence of names never holds them.
_FUNCTION_WORDS = frozenset("A An The By Of And Or In On At To For From With As Is Are Was Were".split())


def _only_names(msgid: str, context: CheckContext) -> bool:
    """Whether ``msgid`` is only names, numbers and do-not-translate terms (rightly left as it is)."""
    rest = _masked(msgid, [(m.start, m.end) for m in context.glossary.find(msgid) if m.term.dnt])
    words = _WORD.findall(rest)
    return len(words) <= 3 and all(w[0].isupper() and w not in _FUNCTION_WORDS for w in words)


def check_identical(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A translation identical to its source (names, numbers and dnt terms are exempt)."""
    msgid, msgstr = _texts(entry)
    if msgstr and msgstr.strip() == msgid.strip() and not _only_names(msgid, context):
        yield context.finding(entry, WARNING, "identical", "the translation is identical to the source")


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _latin_allowed(glossary: Glossary, lang: str) -> frozenset[str]:
    """Latin words the glossary's approved forms hold (NATO, ITPP, IP4) and its dnt terms."""
    words: set[str] = set()
    for term in glossary.terms:
        forms = term.forms if term.dnt else (term.translations.get(lang, ""),)
        for form in forms:
            words.update(w.lower() for w in _LATIN.findall(form))
    return frozenset(words)


def check_latin(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Latin-script words in the translation that are neither in the source nor in the glossary."""
    msgid, msgstr = _texts(entry)
    if not msgstr or msgstr.strip() == msgid.strip():
        return
    source = {w.lower() for w in _LATIN.findall(msgid)}
    text = _PLACEHOLDER.sub(" ", " ".join(_markup(msgstr).words))
    strange = [
        w for w in dict.fromkeys(_LATIN.findall(text)) if w.lower() not in source and w.lower() not in context._latin_allowed
    ]
    if strange:
        yield context.finding(
            entry,
            WARNING,
            "latin",
            f"Latin-script word(s) neither in the source nor in the glossary: {', '.join(strange)}",
        )


def _length_ratio(msgid: str, msgstr: str) -> float | None:
    source = len(msgid.strip())
    return len(msgstr.strip()) / source if source and msgstr.strip() else None


def check_length(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A translation much longer or shorter than the catalog's other translations are."""
    msgid, msgstr = _texts(entry)
    norm = context.length_ratio
    if not msgstr or not norm or len(msgid.strip()) < LENGTH_MIN_SOURCE or msgstr.strip() == msgid.strip():
        return
    ratio = _length_ratio(msgid, msgstr)
    if ratio is None:
        return
    if ratio > norm * LENGTH_FACTOR:
        what = f"{ratio / norm:.1f} times longer"
    elif ratio < norm / LENGTH_FACTOR:
        what = f"{norm / ratio:.1f} times shorter"
    else:
        return
    yield context.finding(
        entry,
        WARNING,
        "length",
        f"{what} than usual in this catalog ({ratio:.2f} characters per source character, median {norm:.2f}): "
        "something added or left out?",
    )


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


_SPACE_BEFORE_PUNCT = re.compile(r"\S\s+[.,!?](?=\s|$)")


def check_spaces(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Double spaces, a space before punctuation, leading or trailing whitespace unlike the source's."""
    msgid, msgstr = _texts(entry)
    if not msgstr:
        return
    if "  " in msgstr and "  " not in msgid:
        yield context.finding(entry, WARNING, "spaces", "double space in the translation")
    if _SPACE_BEFORE_PUNCT.search(msgstr) and not _SPACE_BEFORE_PUNCT.search(msgid):
        yield context.finding(entry, WARNING, "spaces", "space before punctuation in the translation")
    if _leading(msgstr) != _leading(msgid):
        yield context.finding(entry, WARNING, "spaces", "leading whitespace differs from the source")
    if _trailing(msgstr) != _trailing(msgid):
        yield context.finding(entry, WARNING, "spaces", "trailing whitespace differs from the source")


_FINAL = {".": ".", "。": ".", "．": ".", "?": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":", ";": ";", "；": ";", "…": "…"}
_TRAILING_CLOSERS = "\"'”’)]}»」』》〉）*_"
# A final period that belongs to an abbreviation: the translation may or may not end with one.
_ABBREVIATION_END = re.compile(r"(?:\b(?:etc|Inc|Co|Corp|Ltd|Jr|Sr|al|approx)|\b(?:[A-Za-z]\.)+[A-Za-z])\.$")


def _final_mark(text: str) -> str | None:
    stripped = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    return stripped[-1] if stripped and stripped[-1] in _FINAL else None


def check_punctuation(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Final punctuation unlike the source's: a headline gets none, a sentence keeps its kind."""
    msgid, msgstr = _texts(entry)
    if not msgstr:
        return
    source, target = _final_mark(msgid), _final_mark(msgstr)
    if context.korean and target in ("。", "．"):
        yield context.finding(entry, WARNING, "punctuation", f"Korean ends sentences with '.', not {target!r}")
        return
    src = _FINAL.get(source) if source else None
    tgt = _FINAL.get(target) if target else None
    if src == tgt:
        return
    if src == "." and tgt is None and _ABBREVIATION_END.search(msgid.rstrip().rstrip(_TRAILING_CLOSERS)):
        return  # "... AI, etc." becomes "... AI 등"
    if tgt is None:
        message = f"the source ends with {source!r}, the translation has no final punctuation"
    elif src is None:
        message = f"the source has no final punctuation (a headline?), the translation ends with {target!r}"
    else:
        message = f"the source ends with {source!r}, the translation with {target!r}"
    yield context.finding(entry, WARNING, "punctuation", message)


#: Every check, in the order findings are listed for an entry.
CHECKS: tuple[Check, ...] = (
    check_untranslated,
    check_fuzzy,
    check_glossary,
    check_numbers,
    check_markup,
    check_brackets,
    check_particles,
    check_identical,
    check_latin,
    check_length,
    check_spaces,
    check_punctuation,
)


# -- running the checks --------------------------------------------------------


def _median_ratio(catalog: polib.POFile) -> float | None:
    ratios = []
    for entry in live(catalog):
        msgid, msgstr = _texts(entry)
        ratio = _length_ratio(msgid, msgstr)
        if ratio is not None and msgstr.strip() != msgid.strip():
            ratios.append(ratio)
    return statistics.median(ratios) if len(ratios) >= LENGTH_MIN_ENTRIES else None


def check_catalog(
    catalog: polib.POFile, *, path: str, lang: str, glossary: Glossary, checks: Sequence[Check] = CHECKS
) -> list[Finding]:
    """Every finding of every check on every entry of ``catalog``, in file order."""
    context = CheckContext(
        path=path,
        lang=lang,
        glossary=glossary,
        length_ratio=_median_ratio(catalog),
        _latin_allowed=_latin_allowed(glossary, lang),
    )
    findings: list[Finding] = []
    for entry in live(catalog):
        for check in checks:
            findings.extend(check(entry, context))
    return findings


@dataclass(frozen=True)
class CatalogSummary:
    """The counts of one checked catalog."""

    path: str
    lang: str
    entries: int
    errors: int
    warnings: int
    fuzzy: int
    untranslated: int

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.entries} entries, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class CheckReport:
    """The findings of ``dipl10n check`` and the counts per catalog.

    ``findings`` holds what is listed: everything but ``fuzzy`` and
    ``untranslated`` findings, which are counted in ``catalogs`` and listed
    only when the report was made ``verbose``. ``warnings`` counts the
    other warnings.
    """

    findings: tuple[Finding, ...]
    catalogs: tuple[CatalogSummary, ...]
    verbose: bool = False

    @property
    def errors(self) -> int:
        return sum(c.errors for c in self.catalogs)

    @property
    def warnings(self) -> int:
        return sum(c.warnings for c in self.catalogs)

    @property
    def fuzzy(self) -> int:
        return sum(c.fuzzy for c in self.catalogs)

    @property
    def untranslated(self) -> int:
        return sum(c.untranslated for c in self.catalogs)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail; with ``strict``, so do warnings, fuzzy and untranslated entries."""
        if strict:
            return bool(self.errors or self.warnings or self.fuzzy or self.untranslated)
        return bool(self.errors)

    def summary(self) -> str:
        """One line: the totals over every checked catalog."""
        if not self.catalogs:
            return "check: no catalogs to check"
        line = (
            f"check: {_count(len(self.catalogs), 'catalog')}, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated"
        )
        if not self.verbose and (self.fuzzy or self.untranslated):
            line += " (fuzzy and untranslated entries are listed by 'dipl10n check --verbose')"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "catalogs": [asdict(c) for c in self.catalogs],
            "summary": {
                "catalogs": len(self.catalogs),
                "errors": self.errors,
                "warnings": self.warnings,
                "fuzzy": self.fuzzy,
                "untranslated": self.untranslated,
            },
        }


def catalog_language(catalog: polib.POFile, path: Path, default: str) -> str:
    """The language of a catalog: its ``Language`` header, else its directory, else ``default``."""
    declared = catalog.metadata.get("Language", "").strip()
    if declared:
        return declared
    if path.parent.name == "LC_MESSAGES" and path.parent.parent.name:
        return path.parent.parent.name
    return default


def check_catalogs(project: Project, paths: Iterable[Path] | None = None, *, verbose: bool = False) -> CheckReport:
    """Check the named catalogs, or every catalog of the project."""
    targets = list(paths) if paths else project.catalog_paths()
    default = project.languages[0] if project.languages else "ko"
    listed: list[Finding] = []
    summaries: list[CatalogSummary] = []
    for path in targets:
        shown = project.show(path)
        catalog = project.catalog(path)
        if catalog is None:
            raise InputError("the catalog does not exist", path=shown)
        lang = catalog_language(catalog, path, default)
        findings = check_catalog(catalog, path=shown, lang=lang, glossary=project.glossary)
        listed.extend(f for f in findings if verbose or f.check not in COLLAPSED)
        summaries.append(
            CatalogSummary(
                path=shown,
                lang=lang,
                entries=sum(1 for _ in live(catalog)),
                errors=sum(1 for f in findings if f.severity == ERROR),
                warnings=sum(1 for f in findings if f.severity == WARNING and f.check not in COLLAPSED),
                fuzzy=sum(1 for f in findings if f.check == "fuzzy"),
                untranslated=sum(1 for f in findings if f.check == "untranslated"),
            )
        )
    return CheckReport(tuple(listed), tuple(summaries), verbose)
