"""The ``markup`` and ``brackets`` checks: what machine translation and editors break in a sentence's syntax.

``markup``: a placeholder (``ZX1``) machine translation left, inline Markdown
(links, images, emphasis, code spans) missing, added or unpaired, a link URL
changed; an image on another host is a warning (pages show it as a link and
never load it: :func:`local_resource`). ``brackets``: a bracket or quote the
translation opens and does not close, or closes without opening, beyond what
the source itself leaves open.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polib

from dipl10n.checks.registry import ERROR, WARNING, CheckContext, Issue, check
from dipl10n.checks.text import quote, texts
from dipl10n.terms.protect import PREFIXES

#: A placeholder that protects a term from machine translation (``ZX1``, ``QZ 2``).
PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(PREFIXES) + r")Z?\s?[0-9]+(?![0-9])")
_STRAY = ("*", "_", "`")


@dataclass(frozen=True)
class Markup:
    """The inline Markdown of a text: elements by kind, link and image URLs, delimiters left as text, the words."""

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


def inline_markup(text: str) -> Markup:
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
    return Markup(elements, urls, stray, tuple(words), tuple(images))


_ELEMENT_NAMES = {
    "link": "link",
    "image": "image",
    "em": "emphasis (*...*)",
    "strong": "strong emphasis (**...**)",
    "code_inline": "code span (`...`)",
}


@check("markup", ERROR)
def check_markup(entry: polib.POEntry, context: CheckContext) -> Iterator[str | Issue]:
    """Placeholders left over, inline Markdown lost or unbalanced, link URLs changed."""
    msgid, msgstr = texts(entry)
    if not msgstr:
        return
    left = Counter(m.group() for m in PLACEHOLDER.finditer(msgstr)) - Counter(
        m.group() for m in PLACEHOLDER.finditer(msgid)
    )
    for placeholder in left:
        yield f"placeholder {quote(placeholder)} left by machine translation: put the term back"
    source, target = inline_markup(msgid), inline_markup(msgstr)
    for kind, name in _ELEMENT_NAMES.items():
        have, want = target.elements[kind], source.elements[kind]
        if have != want:
            yield f"{name}: the source has {want}, the translation {have}"
    if source.urls != target.urls and sum(source.urls.values()) == sum(target.urls.values()):
        gone = ", ".join(sorted(source.urls - target.urls))
        new = ", ".join(sorted(target.urls - source.urls))
        yield f"link URL changed: {gone} became {new}"
    for src in dict.fromkeys(target.images):
        if not local_resource(src):
            # A warning, not an error: nothing is lost, the pages show the image as a link to it (and never load
            # it, which would tell its host of every reader); the reviewer decides whether that is what they want.
            yield Issue(
                f"image {quote(src, 80)} is not a relative path: pages never load an image from another host "
                "(each reader's visit would reach it), so the article shows a link to it instead; to show the "
                "image, put it next to the pages and give its relative path",
                WARNING,
            )
    for char in _STRAY:
        if target.stray[char] > source.stray[char]:
            yield (
                f"unbalanced {char!r}: Markdown did not pair it (in Korean, put emphasis around whole "
                "words and keep particles outside the punctuation: **‘강조’**를 does not work, ‘**강조**’를 does)"
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


@check("brackets", ERROR)
def check_brackets(entry: polib.POEntry, context: CheckContext) -> Iterator[str]:
    """Brackets and quotes the translation leaves unbalanced (beyond what the source does)."""
    msgid, msgstr = texts(entry)
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
            yield f"{char!r} is opened but never closed (missing {closer!r})"
    for char in dict.fromkeys(unopened):
        opener = _CLOSE_OPEN[char]
        if extra[(_KIND.get(opener, opener), "close")] > 0:
            yield f"{char!r} closes nothing (missing {opener!r} before it)"
