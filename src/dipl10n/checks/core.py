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
    (links, emphasis, code spans) missing or unbalanced, a link URL changed;
    a warning for an image on another host (pages show it as a link, never
    load it: :func:`local_resource`).
``brackets``
    Brackets or quotes the translation opens and does not close, or closes
    without opening, beyond what the source itself leaves open.
``particles``
    A Korean particle that disagrees with the glossary term or date before it
    (``NATO을`` for ``NATO를``).
``controls``
    A control character in the translation (C0 other than line feed and tab,
    DEL, C1): an ESC or OSC sequence sets a terminal's title or clipboard when
    the text file is printed, and no editor shows it. Such a translation is
    never published (``build`` shows the source sentence instead).

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

import dataclasses
import datetime
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from dipl10n.errors import InputError
from dipl10n.fs.controls import CONTROLS, control_name, visible_controls
from dipl10n.lang.dates import find_dates, find_korean_dates, find_numbers, number_values
from dipl10n.lang.dates import missing_dates as dates_missing
from dipl10n.lang.locales import count_noun as _count
from dipl10n.po.model import comment_lines, has_conflict_markers, live, msgstrs, translation
from dipl10n.po.states import State, entry_state, missing_terms
from dipl10n.terms.glossary import Glossary
from dipl10n.terms.protect import PREFIXES

if TYPE_CHECKING:
    from dipl10n.project.session import Project

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
    #: A reviewer said this check is wrong here (``# ignore-<check>``): listed, never counted.
    suppressed: bool = False

    def __str__(self) -> str:
        tail = f" (suppressed by ignore-{self.check})" if self.suppressed else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}{tail}"

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
    #: The article's own date: Korean news leaves out its year and month ("11일").
    article: datetime.date | None = None
    _latin_allowed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def korean(self) -> bool:
        from dipl10n.lang.locales import is_korean

        return is_korean(self.lang)

    def finding(self, entry: polib.POEntry, severity: str, check: str, message: str) -> Finding:
        # Messages quote the catalog's text; a control character in it must not reach a terminal or a page.
        return Finding(self.path, entry.linenum or 0, severity, check, visible_controls(message), entry.msgid)


Check = Callable[[polib.POEntry, CheckContext], Iterable[Finding]]


def _texts(entry: polib.POEntry) -> tuple[str, str]:
    """The (singular) msgid and msgstr of an entry."""
    return entry.msgid, translation(entry)


def _quote(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{text}"'


# -- errors ------------------------------------------------------------------


def check_glossary(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """A glossary mention of the source that the translation does not say; a forbidden rendering.

    What counts as saying a mention (a name and its acronym, fused compounds
    and lists of names, the readers' own country before a title, admitted
    forms) is :mod:`dipl10n.terms.mentions`'s business.
    """
    from dipl10n.terms.mentions import accepted, forbidden_forms, mentions, said

    msgid, msgstr = _texts(entry)
    reported: set[str] = set()
    if msgstr:
        seen: set[str] = set()
        for mention in mentions(context.glossary, msgid, context.lang):
            usable = [m for m in mention.matches if accepted(m, context.lang, msgid)]
            if not usable or mention.text in seen or said(mention, msgstr, source=msgid, lang=context.lang):
                continue
            seen.add(mention.text)
            reported.update(m.term.label for m in mention.matches)
            yield context.finding(entry, ERROR, "glossary", _unsaid(mention, msgid, context.lang))
        for match in context.glossary.find(msgid):
            for form in forbidden_forms(match.term, msgstr, context.lang):
                preferred = match.term.target(context.lang, matched=match.form)
                yield context.finding(
                    entry, ERROR, "glossary",
                    f"{_quote(form)} is a forbidden rendering of {_quote(match.form)}; use {_quote(preferred or '')}",
                )
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


def _unsaid(mention, source: str, lang: str) -> str:
    """The message for a mention the translation does not say."""
    from dipl10n.terms.mentions import accepted

    if mention.kind in ("compound", "list"):
        names = []
        for unit in mention.units:
            match = unit.matches[0]
            forms = accepted(match, lang, source)
            combining = match.term.renderings(lang).combining
            names.append(forms[0] + (f" ({combining[0]}-)" if combining else ""))
        return (
            f"{_quote(mention.text)} needs its names in the translation: {', '.join(names)}, "
            "each on its own or fused in one word"
        )
    first = mention.matches[0]
    if first.term.dnt:
        return f"{_quote(first.form)} must stay as written (do not translate)"
    forms = [f for m in mention.matches for f in accepted(m, lang, source)]
    preferred, others = forms[0], list(dict.fromkeys(forms[1:]))
    also = f" (or {', '.join(_quote(f) for f in others)})" if others else ""
    return f"{_quote(mention.text)} needs its approved translation {_quote(preferred)}{also}"


def _masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _without_terms(msgid: str, msgstr: str, context: CheckContext) -> tuple[str, str]:
    """Both texts with glossary terms blanked out: a number inside a term (IP4) is the term's business."""
    from dipl10n.terms.mentions import accepted

    matches = context.glossary.find(msgid)
    source = _masked(msgid, [(m.start, m.end) for m in matches])
    target = msgstr
    for match in matches:
        for form in sorted(accepted(match, context.lang, msgid), key=len, reverse=True):
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
    missing_dates = dates_missing(source, target, article=context.article)
    if missing_dates:
        found = sorted(find_korean_dates(target) + find_dates(target), key=lambda d: d.start)
        instead = f" (the translation has {', '.join(d.text for d in found)})" if found else ""
        for date in missing_dates:
            if date.ko != date.text and context.korean:
                what = f"date {_quote(date.text)} (in Korean {_quote(date.ko)})"
            else:
                what = f"date {_quote(date.text)}"
            yield context.finding(entry, ERROR, "numbers", f"{what} of the source is missing{instead}")


_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(PREFIXES) + r")Z?\s?[0-9]+(?![0-9])")
_STRAY = ("*", "_", "`")


@dataclass(frozen=True)
class _Markup:
    elements: Counter[str]
    urls: Counter[str]
    stray: Counter[str]
    words: tuple[str, ...]
    images: tuple[str, ...] = ()


def local_resource(url: str) -> bool:
    """Whether a page may load ``url`` (an image): a relative path, no scheme, not from the root or another host.

    ``https://host/a.png``, protocol-relative ``//host/a.png`` (``\\\\host``
    too), ``data:`` and ``/a.png`` (the root of whatever serves the page,
    or of the disk) are not: a page loads nothing from another host, where
    every reader's visit would be seen.
    """
    return re.match(r"\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|[/\\])", url) is None


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
    images: list[str] = []
    for token in _markdown().parseInline(text):
        for child in token.children or []:
            kind = child.type
            if kind.endswith("_open") or kind in ("code_inline", "image"):
                elements[kind.removesuffix("_open")] += 1
            if kind in ("link_open", "image"):
                urls[str(child.attrs.get("href") or child.attrs.get("src") or "")] += 1
            if kind == "image":
                images.append(str(child.attrs.get("src") or ""))
            if kind == "text":
                for char in _STRAY:
                    stray[char] += child.content.count(char)
                words.append(child.content)
    return _Markup(elements, urls, stray, tuple(words), tuple(images))


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
    for src in dict.fromkeys(target.images):
        if not local_resource(src):
            yield context.finding(
                entry,
                WARNING,
                "markup",
                f"image {_quote(src, 80)} is not a relative path: pages never load an image from another host "
                "(each reader's visit would reach it), so the article shows a link to it instead; to show the "
                "image, put it next to the pages and give its relative path",
            )
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
    from dipl10n.lang.korean import particle_disagreements

    msgid, msgstr = _texts(entry)
    if not msgstr or not context.korean:
        return
    from dipl10n.terms.mentions import accepted

    words: dict[str, str | None] = {}
    for match in context.glossary.find(msgid):
        for form in accepted(match, context.lang, msgid):
            if form in msgstr:
                # The reading is that of the preferred form (a Latin form such as NATO).
                words.setdefault(form, match.term.reading if form == match.term.target(context.lang) else None)
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


def check_conflict(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """``msgcat`` conflict markers: two catalogs translated the sentence differently and msgcat kept both."""
    if has_conflict_markers(translation(entry)):
        yield context.finding(
            entry,
            ERROR,
            "conflict",
            "the translation holds msgcat conflict markers (#-#-#-#-#  file  #-#-#-#-#): keep one version, "
            "delete the marker lines and the other version; it is not published until then",
        )


def check_controls(entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
    """Control characters in a translation (every plural form): never published, never written to a page."""
    found = [m.group() for form in msgstrs(entry) for m in CONTROLS.finditer(form)]
    if found:
        names = ", ".join(control_name(c) for c in dict.fromkeys(found))
        yield context.finding(
            entry,
            ERROR,
            "controls",
            f"control character{'s' if len(found) > 1 else ''} {names} in the translation: terminals obey them "
            "(an ESC sequence can set the title or the clipboard) and editors hide them; delete "
            f"{'them' if len(found) > 1 else 'it'}; the translation is not published until then",
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


#: :func:`latin_allowed` by glossary content (its digest) and language.
_LATIN_ALLOWED: dict[tuple[str, str], frozenset[str]] = {}


def latin_allowed(glossary: Glossary, lang: str) -> frozenset[str]:
    """Latin words the glossary's approved forms hold (NATO, ITPP, IP4) and its dnt terms (worked out once)."""
    remembered = _LATIN_ALLOWED.get((glossary.digest, lang))
    if remembered is not None:
        return remembered
    words: set[str] = set()
    for term in glossary.terms:
        forms = term.forms if term.dnt else term.renderings(lang).admitted
        for form in forms:
            words.update(w.lower() for w in _LATIN.findall(form))
    if len(_LATIN_ALLOWED) >= 16:
        _LATIN_ALLOWED.clear()
    allowed = _LATIN_ALLOWED[(glossary.digest, lang)] = frozenset(words)
    return allowed


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
    check_conflict,
    check_controls,
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


#: The name of each check, as findings and ``ignore-<check>`` name it.
CHECK_NAMES = frozenset(check.__name__.removeprefix("check_") for check in CHECKS)
_IGNORE_LINE = re.compile(r"ignore-[a-z]+(?:\s*,\s*ignore-[a-z]+)*")


def ignored_checks(entry: polib.POEntry) -> list[str]:
    """The checks a reviewer switched off for this entry.

    A translator comment line ``ignore-numbers`` (or ``ignore-numbers,
    ignore-glossary``): every gettext tool keeps translator comments. Flags
    such as Weblate writes (``#, ignore-numbers``) count too while they last
    (GNU tools drop flags they do not know).
    """
    names = [flag[len("ignore-") :] for flag in entry.flags if flag.startswith("ignore-")]
    for line in comment_lines(entry.tcomment):
        if _IGNORE_LINE.fullmatch(line.strip()):
            names += [part.strip()[len("ignore-") :] for part in line.split(",")]
    return list(dict.fromkeys(names))


def check_catalog(
    catalog: polib.POFile,
    *,
    path: str,
    lang: str,
    glossary: Glossary,
    checks: Sequence[Check] = CHECKS,
    article: datetime.date | None = None,
) -> list[Finding]:
    """Every finding of every check on every entry of ``catalog``, in file order.

    Findings of a check the entry ignores (:func:`ignored_checks`) are marked
    ``suppressed``; an ``ignore-`` that names no check is a warning.
    """
    context = CheckContext(
        path=path,
        lang=lang,
        glossary=glossary,
        length_ratio=_median_ratio(catalog),
        article=article,
        _latin_allowed=latin_allowed(glossary, lang),
    )
    findings: list[Finding] = []
    for entry in live(catalog):
        ignored = ignored_checks(entry)
        for name in ignored:
            if name not in CHECK_NAMES:
                findings.append(context.finding(
                    entry, WARNING, "suppression",
                    f"ignore-{name} names no check; the checks are {', '.join(sorted(CHECK_NAMES))}",
                ))
        for check in checks:
            for finding in check(entry, context):
                findings.append(dataclasses.replace(finding, suppressed=True) if finding.check in ignored else finding)
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
    suppressed: int = 0

    def __str__(self) -> str:
        suppressed = f", {self.suppressed} suppressed" if self.suppressed else ""
        return (
            f"{self.path}: {_count(self.entries, 'entry', 'entries')}, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated{suppressed}"
        )


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
    #: Findings a reviewer suppressed; listed with ``verbose`` (and always in JSON), never counted.
    suppressed: tuple[Finding, ...] = ()

    @property
    def all_findings(self) -> list[Finding]:
        """What is listed, then the suppressed findings it does not list already."""
        listed = set(self.findings)
        return list(self.findings) + [f for f in self.suppressed if f not in listed]

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
        hidden = sum(c.suppressed for c in self.catalogs)
        suppressed = f", {hidden} suppressed" if hidden else ""
        line = (
            f"check: {_count(len(self.catalogs), 'catalog')}, {_count(self.errors, 'error')}, "
            f"{_count(self.warnings, 'warning')}, {self.fuzzy} fuzzy, {self.untranslated} untranslated{suppressed}"
        )
        if not self.verbose and (self.fuzzy or self.untranslated):
            line += " (fuzzy and untranslated entries are listed by 'dipl10n check --verbose')"
        return line

    def to_dict(self) -> dict[str, Any]:
        listed = self.all_findings
        return {
            "findings": [f.to_dict() for f in sorted(listed, key=lambda f: (f.path, f.line))],
            "catalogs": [asdict(c) for c in self.catalogs],
            "summary": {
                "catalogs": len(self.catalogs),
                "errors": self.errors,
                "warnings": self.warnings,
                "fuzzy": self.fuzzy,
                "untranslated": self.untranslated,
                "suppressed": len(self.suppressed),
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
    targets = list(paths) if paths is not None else project.catalog_paths()
    default = project.languages[0] if project.languages else "ko"
    listed: list[Finding] = []
    suppressed: list[Finding] = []
    summaries: list[CatalogSummary] = []
    for path in targets:
        shown = project.show(path)
        catalog = project.catalog(path)
        if catalog is None:
            raise InputError("the catalog does not exist", path=shown)
        lang = catalog_language(catalog, path, default)
        findings = check_catalog(
            catalog, path=shown, lang=lang, glossary=project.glossary, article=article_date(project, path)
        )
        counted = [f for f in findings if not f.suppressed]
        suppressed.extend(f for f in findings if f.suppressed)
        listed.extend(f for f in findings if (verbose or f.check not in COLLAPSED) and (verbose or not f.suppressed))
        summaries.append(
            CatalogSummary(
                path=shown,
                lang=lang,
                entries=sum(1 for _ in live(catalog)),
                errors=sum(1 for f in counted if f.severity == ERROR),
                warnings=sum(1 for f in counted if f.severity == WARNING and f.check not in COLLAPSED),
                fuzzy=sum(1 for f in counted if f.check == "fuzzy"),
                untranslated=sum(1 for f in counted if f.check == "untranslated"),
                suppressed=len(findings) - len(counted),
            )
        )
    return CheckReport(tuple(listed), tuple(summaries), verbose, tuple(suppressed))


def article_date(project: Project, catalog_path: Path) -> datetime.date | None:
    """The ``date`` of the source document a catalog translates (its front matter), if it has one."""
    path = project.source_path(catalog_path.stem)
    return project.document(path).date if path is not None else None
