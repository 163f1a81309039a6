"""Warnings about how a translation reads: ``identical``, ``latin``, ``length``, ``spaces``, ``punctuation``.

None of them says the translation is wrong; each names what a reviewer should
look at: a sentence left in English, an English word left in, a sentence much
longer or shorter than the catalog's others (something added or left out),
stray whitespace, final punctuation unlike the source's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib

from dipl10n.checks.markup import PLACEHOLDER, inline_markup
from dipl10n.checks.registry import WARNING, CheckContext, check
from dipl10n.checks.text import masked, texts
from dipl10n.terms.glossary import Glossary

#: How far (as a factor) an entry's length ratio may stray from the catalog's median.
LENGTH_FACTOR = 2.0
#: Source sentences shorter than this are too short for a meaningful ratio.
LENGTH_MIN_SOURCE = 20
#: Translated entries a catalog needs before the ``length`` check has a norm.
LENGTH_MIN_ENTRIES = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Capitalised words that are not names: a sentence of names never holds them.
_FUNCTION_WORDS = frozenset("A An The By Of And Or In On At To For From With As Is Are Was Were".split())


def _only_names(msgid: str, context: CheckContext) -> bool:
    """Whether ``msgid`` is only names, numbers and do-not-translate terms (rightly left as it is)."""
    rest = masked(msgid, [(m.start, m.end) for m in context.glossary.find(msgid) if m.term.dnt])
    words = _WORD.findall(rest)
    return len(words) <= 3 and all(w[0].isupper() and w not in _FUNCTION_WORDS for w in words)


@check("identical", WARNING)
def check_identical(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A translation identical to its source (names, numbers and dnt terms are exempt)."""
    msgid, msgstr = texts(entry)
    if msgstr and msgstr.strip() == msgid.strip() and not _only_names(msgid, context):
        yield "the translation is identical to the source"


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


@check("latin", WARNING)
def check_latin(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Latin-script words in the translation that are neither in the source nor in the glossary."""
    msgid, msgstr = texts(entry)
    if not msgstr or msgstr.strip() == msgid.strip():
        return
    source = {w.lower() for w in _LATIN.findall(msgid)}
    text = PLACEHOLDER.sub(" ", " ".join(inline_markup(msgstr).words))
    strange = [
        w for w in dict.fromkeys(_LATIN.findall(text)) if w.lower() not in source and w.lower() not in context._latin_allowed
    ]
    if strange:
        yield f"Latin-script word(s) neither in the source nor in the glossary: {', '.join(strange)}"


def length_ratio(msgid: str, msgstr: str) -> float | None:
    """Characters of the translation per character of the source (``None`` when either is empty)."""
    source = len(msgid.strip())
    return len(msgstr.strip()) / source if source and msgstr.strip() else None


@check("length", WARNING)
def check_length(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """A translation much longer or shorter than the catalog's other translations are."""
    msgid, msgstr = texts(entry)
    norm = context.length_ratio
    if not msgstr or not norm or len(msgid.strip()) < LENGTH_MIN_SOURCE or msgstr.strip() == msgid.strip():
        return
    ratio = length_ratio(msgid, msgstr)
    if ratio is None:
        return
    if ratio > norm * LENGTH_FACTOR:
        what = f"{ratio / norm:.1f} times longer"
    elif ratio < norm / LENGTH_FACTOR:
        what = f"{norm / ratio:.1f} times shorter"
    else:
        return
    yield (
        f"{what} than usual in this catalog ({ratio:.2f} characters per source character, median {norm:.2f}): "
        "something added or left out?"
    )


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


_SPACE_BEFORE_PUNCT = re.compile(r"\S\s+[.,!?](?=\s|$)")


@check("spaces", WARNING)
def check_spaces(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Double spaces, a space before punctuation, leading or trailing whitespace unlike the source's."""
    msgid, msgstr = texts(entry)
    if not msgstr:
        return
    if "  " in msgstr and "  " not in msgid:
        yield "double space in the translation"
    if _SPACE_BEFORE_PUNCT.search(msgstr) and not _SPACE_BEFORE_PUNCT.search(msgid):
        yield "space before punctuation in the translation"
    if _leading(msgstr) != _leading(msgid):
        yield "leading whitespace differs from the source"
    if _trailing(msgstr) != _trailing(msgid):
        yield "trailing whitespace differs from the source"


_FINAL = {".": ".", "。": ".", "．": ".", "?": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":", ";": ";", "；": ";", "…": "…"}
_TRAILING_CLOSERS = "\"'”’)]}»」』》〉）*_"
# A final period that belongs to an abbreviation: the translation may or may not end with one.
_ABBREVIATION_END = re.compile(r"(?:\b(?:etc|Inc|Co|Corp|Ltd|Jr|Sr|al|approx)|\b(?:[A-Za-z]\.)+[A-Za-z])\.$")


def _final_mark(text: str) -> str | None:
    stripped = text.rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    return stripped[-1] if stripped and stripped[-1] in _FINAL else None


@check("punctuation", WARNING)
def check_punctuation(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Final punctuation unlike the source's: a headline gets none, a sentence keeps its kind."""
    msgid, msgstr = texts(entry)
    if not msgstr:
        return
    source, target = _final_mark(msgid), _final_mark(msgstr)
    if context.korean and target in ("。", "．"):
        yield f"Korean ends sentences with '.', not {target!r}"
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
    yield message
