"""The page model: a document's blocks and its catalog's translations as sentences and nested nodes.

Every page (article, text, review page) is made from the same model, so it
has its own module that renders nothing: :class:`Sentence` says what the
article shows for one source sentence and why (``docs/states.md``), and
:class:`Node` is a block of the article (a paragraph, a heading, a nested
list, a quote, code) holding its sentences.

A paragraph is its sentences' translations joined by a space. Each sentence
is shown as its :class:`~dipl10n.po.states.State` says: a published
translation as it is; a machine draft, an out-of-date translation (the
previous reviewed one) and a person's text under review marked
(:data:`MARKED`); an untranslated sentence, and a machine draft made for an
earlier version of the sentence, in the source language.

``reviewed_only`` shows only published translations: every other sentence
appears in the source language. A translation holding ``msgcat`` conflict
markers (lines ``#-#-#-#-#  NAME  #-#-#-#-#``: two catalogs translated the
sentence differently) or control characters (:data:`dipl10n.fs.controls.IN_TEXT`)
is never published: the article shows the source sentence, with the state
the entry has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polib

from dipl10n.fs.controls import has_controls
from dipl10n.po.model import has_conflict_markers, translation
from dipl10n.po.states import State, entry_state, is_stale
from dipl10n.source.document import Block, Document
from dipl10n.source.segment import Segment

__all__ = ["MARKED", "Node", "Sentence", "article_nodes", "sentences_by_block"]

#: The states an article shows in the target language but marks, with their CSS class, in notice order.
MARKED = {
    State.MACHINE_DRAFT: "mt-draft",
    State.OUT_OF_DATE: "out-of-date",
    State.HUMAN_FUZZY: "under-review",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the built article: what it shows, and why."""

    source: str
    translation: str
    state: State
    line: int
    po_line: int | None = None
    shown_as_source: bool = False
    #: The source sentence the translation was made for, when it changed since (``#|``).
    previous_source: str | None = None
    #: The translation was made for another source sentence (:func:`dipl10n.po.states.is_stale`), known or not.
    stale: bool = False
    #: The translation holds ``msgcat`` conflict markers: never shown, the source is (``shown_as_source``).
    conflict: bool = False
    #: The translation holds control characters (:data:`dipl10n.fs.controls.IN_TEXT`): never shown, the source is.
    controls: bool = False

    @property
    def text(self) -> str:
        """What the article shows: the translation, or the source as the fallback."""
        return self.source if self.shown_as_source else self.translation

    @property
    def marking(self) -> str | None:
        """The key (:data:`MARKED`'s state name) of the mark the article gives it, if any."""
        if self.shown_as_source:
            return None
        return self.state.value if self.state in MARKED else None

    @property
    def fallback(self) -> str | None:
        """Why it is shown in the source language: ``untranslated`` or ``withheld``; ``None`` when not.

        A translation withheld for its conflict markers or control characters,
        or a machine draft of an earlier version of the sentence, is
        ``withheld`` too: readers are told it appears in English until it is
        reviewed.
        """
        if not self.shown_as_source:
            return None
        return "untranslated" if self.state is State.UNTRANSLATED else "withheld"

    @property
    def css(self) -> str:
        """The class of the mark (``mt-draft``, ``out-of-date``, ``under-review``) or ``""``."""
        return MARKED.get(self.state, "") if self.marking else ""


@dataclass(frozen=True)
class Node:
    """A block of the built article, with its sentences (or, for code, its text)."""

    kind: str
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    text: str = ""
    items: tuple[Node, ...] = ()


def sentences_by_block(
    doc: Document, segments: Sequence[Segment], catalog: polib.POFile | None, *, reviewed_only: bool
) -> dict[int, list[Sentence]]:
    """The sentences of each translatable block of ``doc``, by block index."""
    entries = {e.msgid: e for e in catalog if e.msgctxt is None and not e.obsolete} if catalog is not None else {}
    by_block: dict[int, list[Sentence]] = {}
    for segment in segments:
        entry = entries.get(segment.text)
        state = entry_state(entry) if entry is not None else State.UNTRANSLATED
        text = translation(entry) if entry is not None and state is not State.UNTRANSLATED else ""
        conflict = has_conflict_markers(text)
        controls = has_controls(text)
        stale = entry is not None and is_stale(entry)
        # A machine draft of an earlier sentence is never shown as the draft of this one.
        stale_draft = stale and state is State.MACHINE_DRAFT
        fallback = (
            state is State.UNTRANSLATED or (reviewed_only and not state.published) or conflict or controls or stale_draft
        )
        by_block.setdefault(segment.block, []).append(
            Sentence(
                source=segment.text,
                translation=text,
                state=state,
                line=segment.line,
                po_line=entry.linenum if entry is not None else None,
                shown_as_source=fallback,
                previous_source=entry.previous_msgid if entry is not None and state.fuzzy else None,
                stale=stale,
                conflict=conflict,
                controls=controls,
            )
        )
    return by_block


@dataclass
class _Open:
    """A node while the body is being read; frozen into a :class:`Node` at the end."""

    kind: str
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    text: str = ""
    group: int | None = None
    items: list[_Open] = field(default_factory=list)

    def freeze(self) -> Node:
        return Node(self.kind, self.sentences, self.level, self.ordered, self.text,
                    tuple(item.freeze() for item in self.items))


def article_nodes(doc: Document, sentences: Mapping[int, Sequence[Sentence]]) -> tuple[dict[str, Node], list[Node]]:
    """The article's furniture (kicker, headline, ...) and its body as nested nodes."""
    furniture: dict[str, Node] = {}
    body: list[_Open] = []
    lists: list[_Open] = []  # the open lists, outermost first
    quote: _Open | None = None
    for index, block in enumerate(doc.blocks):
        own = tuple(sentences.get(index, ()))
        if block.role != "list-item":
            lists.clear()
        if block.role != "quote":
            quote = None
        if block.role in ("kicker", "headline", "standfirst", "byline") and block.role not in furniture:
            furniture[block.role] = Node(block.role, own)
        elif block.role == "list-item":
            _add_item(body, lists, block, _Open("item", own))
        elif block.role == "quote":
            if quote is None or quote.group != block.group:
                quote = _Open("quote", group=block.group)
                body.append(quote)
            quote.items.append(_Open("paragraph", own))
        elif block.role in ("heading", "headline"):
            body.append(_Open("heading", own, level=min(max(block.level, 2), 6)))
        elif block.role == "code":
            body.append(_Open("code", text=block.text))
        elif block.role == "rule":
            body.append(_Open("rule"))
        else:
            body.append(_Open("paragraph", own))
    return furniture, [node.freeze() for node in body]


def _add_item(body: list[_Open], lists: list[_Open], block: Block, item: _Open) -> None:
    """Put a list item into its list, opening (nested) lists as the blocks' depth says."""
    while lists and lists[-1].level > block.level:
        lists.pop()
    if lists and lists[-1].level == block.level and lists[-1].group != block.group:
        lists.pop()  # another list right after this one, at the same depth
    if lists and lists[-1].group == block.group:
        lists[-1].items.append(item)
        return
    new = _Open("list", level=block.level, ordered=block.ordered, group=block.group, items=[item])
    if lists:
        lists[-1].items[-1].items.append(new)  # nested under the item before it
    else:
        body.append(new)
    lists.append(new)
