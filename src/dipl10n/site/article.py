"""The article: one document in one language read from its catalog, and rendered as a page and as text.

``build/<lang>/<doc>.html`` is the article as a reader sees it: kicker,
headline, standfirst, byline and date, then the body (paragraphs,
subheadings, lists, quotes; code blocks stay untranslated), each sentence
shown as :class:`~dipl10n.site.page.Sentence` says. A marked sentence has a
``class`` and a ``data-state``, a label for print, and is counted, kind by
kind, in a notice (:mod:`dipl10n.site.notices`); an untranslated sentence is
in the source language (``lang="en"``). ``build/<lang>/<doc>.txt`` holds the
same content as plain text, marked sentences followed by their label
(``[기계 번역]``) and the notice at the end saying what each label means.

:class:`Article` is what both are made from, and what the review page
(:mod:`dipl10n.site.review`) reads too: the page model and the words around
it, read once. Publishing (:mod:`dipl10n.site.publish`) decides whether the
article is written at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polib

from dipl10n.lang.locales import base_language, is_korean
from dipl10n.po.states import State
from dipl10n.site.notices import ENGLISH_NOTES, Notice, notice, reader_texts
from dipl10n.site.page import Node, Sentence, article_nodes, sentences_by_block
from dipl10n.site.render import article_date, environment, html_lang
from dipl10n.source.document import Document

if TYPE_CHECKING:
    from dipl10n.source.segment import Segment

__all__ = ["Article", "article_text", "read_article", "render_article"]


@dataclass(frozen=True)
class Article:
    """One document in one language as its pages show it: read from the catalog, not yet rendered."""

    doc: Document
    lang: str
    #: The sentences of each translatable block, by block index.
    sentences: Mapping[int, Sequence[Sentence]]
    #: Every sentence, in document order.
    every: Sequence[Sentence]
    #: The number of sentences in each state (every state, zeros included).
    counts: Mapping[State, int]
    furniture: Mapping[str, Node]
    body: Sequence[Node]
    #: (ISO date or "", localised text) of the ``date`` metadata (:func:`~dipl10n.site.render.article_date`).
    date: tuple[str, str] | None
    #: The reader-facing words (:func:`~dipl10n.site.notices.reader_texts`).
    texts: Mapping[str, str]
    notice: Notice
    #: The source language as an HTML ``lang`` value.
    source_lang: str
    #: The document's title as its pages show it (the translated headline), and that title's language.
    title: str
    title_lang: str

    @property
    def markdown(self) -> bool:
        return self.doc.format == "markdown"

    @property
    def env(self) -> Any:
        """The Jinja environment for the document's format (:func:`~dipl10n.site.render.environment`)."""
        return environment(self.markdown)

    @property
    def korean(self) -> bool:
        return is_korean(self.lang)


def read_article(
    doc: Document,
    segments: Sequence[Segment],
    lang: str,
    catalog: polib.POFile,
    *,
    source_code: str,
    reviewed_only: bool,
) -> Article:
    """``doc`` in ``lang``: its blocks (read and segmented again) with the catalog's translations."""
    sentences = sentences_by_block(doc, segments, catalog, reviewed_only=reviewed_only)
    every = [s for group in sentences.values() for s in group]
    counts = {state: sum(1 for s in every if s.state is state) for state in State}
    env = environment(doc.format == "markdown")
    furniture, body = article_nodes(doc, sentences)
    date = article_date(doc, lang)
    texts = reader_texts(lang)
    source_lang = html_lang(source_code)
    headline = furniture.get("headline")
    title = " ".join(env.filters["plain"](s.text) for s in headline.sentences) if headline else doc.name
    title_lang = source_lang if headline and all(x.shown_as_source for x in headline.sentences) else html_lang(lang)
    return Article(doc, lang, sentences, every, counts, furniture, body, date, texts, notice(every, texts),
                   source_lang, title, title_lang)  # fmt: skip


def render_article(article: Article) -> str:
    """The article page (``article.html``)."""
    lang, texts = article.lang, article.texts
    return str(
        article.env.get_template("article.html").render(
            lang=html_lang(lang),
            source_lang=article.source_lang,
            title=article.title,
            furniture=article.furniture,
            body=article.body,
            date=article.date,
            notes=article.notice.notes,
            # English notes on a page in another language say so.
            notes_lang="en" if texts is ENGLISH_NOTES and base_language(lang) != "en" else None,
            english_notes=article.notice.english,
            texts=texts,
            korean=article.korean,
        )
    )


def article_text(article: Article) -> str:
    """The article as plain text (``build/<lang>/<doc>.txt``): marked sentences followed by their label
    (``[기계 번역]``), and the notice at the end saying what each label means."""
    furniture, body, date, texts = article.furniture, article.body, article.date, article.texts
    notes = article.notice.legend
    plain = article.env.filters["plain"]

    def sentence(s: Sentence) -> str:
        text = plain(s.text)
        return f"{text} [{texts['marker.' + s.marking]}]" if s.marking else text

    def join(node: Node) -> str:
        return " ".join(sentence(s) for s in node.sentences)

    paragraphs: list[str] = []
    for role in ("kicker", "headline", "standfirst"):
        if role in furniture:
            paragraphs.append(join(furniture[role]))
    byline = [join(furniture["byline"])] if "byline" in furniture else []
    if date:
        byline.append(date[1])
    if byline:
        paragraphs.append("\n".join(byline))

    def items(node: Node, depth: int) -> list[str]:
        lines = []
        for number, item in enumerate(node.items, start=1):
            marker = f"{number}." if node.ordered else "-"
            lines.append(f"{'   ' * depth}{marker} {join(item)}")
            for child in item.items:
                lines.extend(items(child, depth + 1))
        return lines

    for node in body:
        if node.kind in ("paragraph", "heading"):
            paragraphs.append(join(node))
        elif node.kind == "list":
            paragraphs.append("\n".join(items(node, 0)))
        elif node.kind == "quote":
            paragraphs.extend("    " + join(p) for p in node.items)
        elif node.kind == "code":
            paragraphs.append(node.text.rstrip("\n"))
        elif node.kind == "rule":
            paragraphs.append("* * *")
    paragraphs.extend(f"※ {note}" for note in notes)
    return "\n\n".join(p for p in paragraphs if p) + "\n"
