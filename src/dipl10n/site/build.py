"""Building the localised article: ``dipl10n build``.

For each source document and target language, from the document's blocks
(read and segmented again) and the catalog's translations:

``build/<lang>/<doc>.html``
    The article as a reader sees it: kicker, headline, standfirst, byline and
    date, then the body (paragraphs, subheadings, lists, quotes; code blocks
    stay untranslated). A paragraph is its sentences' translations joined by a
    space. Each sentence is shown as its :class:`~dipl10n.po.states.State` says
    (``docs/states.md``): a published translation as it is; a machine draft,
    an out-of-date translation (the previous reviewed one) and a person's text
    under review marked (``class`` and ``data-state``, a label for print) and
    counted, kind by kind, in a notice; an untranslated sentence in the source
    language (``lang="en"``).
``build/<lang>/<doc>.txt``
    The same content as plain text, marked sentences followed by their label
    (``[기계 번역]``) and the notice at the end saying what each label means.
``build/<lang>/<doc>.review.html``
    The reviewer's page: per sentence the source, the translation, its state
    and the findings of :mod:`dipl10n.checks.core`, with the catalog line; for an
    out-of-date translation the previous source, the difference word by word,
    and the previous translation.
``build/<lang>/LC_MESSAGES/<doc>.mo`` (with ``mo=True``)
    The compiled catalog: published translations only (fuzzy states are left
    out), as ``msgfmt`` writes it.
``build/<lang>/index.html``
    The review site's index: every document of the language with its
    progress, the ones that need work first (:func:`dipl10n.site.status.project_status`:
    the numbers of ``stats`` and ``check``), linking to each review page and
    article. The review pages filter their rows (errors, warnings, machine
    drafts, ...) with radio inputs and CSS: no page holds a script.

Everything from a document or a catalog is data for the templates, never
template code, and is escaped on output (Jinja2 autoescaping); inline
Markdown is rendered by markdown-it-py with raw HTML off and only ``http``,
``https``, ``mailto`` and relative links allowed (a protocol-relative
``//host/x`` is no relative link: it stays text). A page loads nothing from
another host: an image whose source is not a relative path (``https://…``,
``/x.png``) becomes a link to it, with its alt text as the link's text, and
the ``markup`` check warns about it. The review page links to its article by
a relative, percent-encoded path (``./`` + the file name), so no document
name can make it a ``javascript:`` or ``data:`` link.

No control character other than line feed and tab (:data:`dipl10n.fs.controls.CONTROLS`:
an ESC sequence sets a terminal's title or clipboard when the text file is
printed) reaches an output: a translation holding one is never published
(the article and text show the source sentence, the ``.mo`` leaves it out,
``check`` reports a ``controls`` error), and the review page shows it as a
visible sign (U+241B for ESC). Every page and text is passed through
:func:`dipl10n.checks.core.visible_controls` before it is written.

``build_all`` writes nothing until every catalog it needs has been read and
every page rendered: a malformed catalog (or a page path that would leave the
output directory) stops the command with nothing written. Then every write
and removal goes through :meth:`Project.write` and :meth:`Project.remove`
(nothing at all with ``project.dry_run``), and a file that already holds the
bytes is not written again.

In Korean pages a hyphenated compound (``한-NATO``, ``2014-2024``) never
ends a line at its hyphen (:func:`keep_together`); the ``.txt`` is left as
it is.

``reviewed_only`` shows only published translations: every other sentence
appears in the source language. A translation holding ``msgcat`` conflict
markers (lines ``#-#-#-#-#  NAME  #-#-#-#-#``: two catalogs translated the
sentence differently) is never published: the article shows the source
sentence, with the state the entry has, and the ``.mo`` leaves it out.

The publishing gate: ``min_translated`` (a percentage) refuses to write a
document's article, text and ``.mo`` when fewer of its sentences are
published, and ``strict`` when its catalog has check errors; the result says
so (``dipl10n build`` exits 1) and the other documents still build. A refused
document's article, text and ``.mo`` from an earlier build are removed, so
that no page stays behind looking current. The review page is written either
way: it is how to get there. Every result counts its catalog's check errors
(``dipl10n build`` exits 1 when there are any, pages written or not).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from dipl10n.checks.core import COLLAPSED, ERROR, WARNING, local_resource
from dipl10n.errors import InputError
from dipl10n.fs.controls import CONTROLS, has_controls, visible_controls
from dipl10n.lang.locales import base_language, is_korean
from dipl10n.lang.locales import count_noun as _n
from dipl10n.po.model import has_conflict_markers, msgstrs, translation
from dipl10n.po.states import State, entry_state
from dipl10n.source.document import Block, Document
from dipl10n.source.segment import Segment

if TYPE_CHECKING:
    from markupsafe import Markup

    from dipl10n.checks.core import CatalogSummary, CheckReport, Finding
    from dipl10n.po.catalog import Hint
    from dipl10n.project.session import Project
    from dipl10n.site.status import DocumentStatus, ProjectStatus

__all__ = [
    "BuildResult",
    "BuildResults",
    "Sentence",
    "SiteIndex",
    "build_all",
    "build_document",
    "index_path",
    "keep_together",
    "word_diff",
]

#: Link schemes a rendered translation may use; anything else stays text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: The states an article shows in the target language but marks, with their CSS class, in notice order.
MARKED = {
    State.MACHINE_DRAFT: "mt-draft",
    State.OUT_OF_DATE: "out-of-date",
    State.HUMAN_FUZZY: "under-review",
}

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
    #: The translation holds ``msgcat`` conflict markers: never shown, the source is (``shown_as_source``).
    conflict: bool = False
    #: The translation holds control characters (:data:`dipl10n.fs.controls.CONTROLS`): never shown, the source is.
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

        A translation withheld for its conflict markers or control characters
        is ``withheld`` too: readers are told it appears in English until it
        is reviewed.
        """
        if not self.shown_as_source:
            return None
        return "untranslated" if self.state is State.UNTRANSLATED else "withheld"

    @property
    def css(self) -> str:
        """The class of the mark (``mt-draft``, ``out-of-date``, ``under-review``) or ``""``."""
        return MARKED.get(self.state, "") if self.marking else ""


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``old`` and ``new`` as runs of (``"same"``/``"del"``, text) and (``"same"``/``"ins"``, text), word by word.

    Words are runs of non-space characters; the spaces between two changed
    words belong to the change.
    """
    a = re.findall(r"\S+|\s+", old)
    b = re.findall(r"\S+|\s+", new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []

    def add(runs: list[tuple[str, str]], kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        else:
            runs.append((kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(before, "same", a[i1:i2])
            add(after, "same", b[j1:j2])
        else:
            add(before, "del", a[i1:i2])
            add(after, "ins", b[j1:j2])
    return _settle(before, "del"), _settle(after, "ins")


def _settle(runs: list[tuple[str, str]], changed: str) -> list[tuple[str, str]]:
    """One change for changes only spaces apart; spaces at a change's edges go to the unchanged text around it."""
    joined: list[tuple[str, str]] = []
    for kind, text in runs:
        if kind == changed and len(joined) >= 2 and joined[-2][0] == changed and not joined[-1][1].strip():
            space = joined.pop()[1]
            joined[-1] = (changed, joined[-1][1] + space + text)
        else:
            joined.append((kind, text))
    settled: list[tuple[str, str]] = []
    for kind, text in joined:
        if kind == changed and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            pieces = [("same", lead), (kind, text.strip()), ("same", trail)]
        elif kind == changed:
            pieces = [("same", text)]
        else:
            pieces = [(kind, text)]
        for piece_kind, piece in pieces:
            if not piece:
                continue
            if settled and settled[-1][0] == piece_kind:
                settled[-1] = (piece_kind, settled[-1][1] + piece)
            else:
                settled.append((piece_kind, piece))
    return settled


@dataclass(frozen=True)
class _Node:
    """A block of the built article, with its sentences (or, for code, its text)."""

    kind: str
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    text: str = ""
    items: tuple[_Node, ...] = ()


#: The order in which a summary names the states, with its words (singular, plural).
_SUMMARY_WORDS = {
    State.REVIEWED: ("reviewed", "reviewed"),
    State.APPROVED: ("approved machine draft", "approved machine drafts"),
    State.GLOSSARY: ("from the glossary", "from the glossary"),
    State.MEMORY: ("from the translation memory", "from the translation memory"),
    State.MACHINE_DRAFT: ("machine draft", "machine drafts"),
    State.OUT_OF_DATE: ("out of date", "out of date"),
    State.HUMAN_FUZZY: ("under review", "under review"),
    State.UNTRANSLATED: ("untranslated", "untranslated"),
}


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did for one document in one language.

    ``states`` counts the document's sentences by state; the counts add up to ``segments``.
    """

    doc: str
    lang: str
    catalog: str
    status: str  # "built", "refused" or "skipped"
    segments: int = 0
    states: Mapping[State, int] = field(default_factory=dict, hash=False)
    reviewed_only: bool = False
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    message: str = ""
    #: Check errors of the catalog (the publishing gate: ``build`` exits 1 when there are any).
    errors: int = 0
    #: Sentences whose translation holds ``msgcat`` conflict markers (shown in the source language), by state.
    conflicts: Mapping[State, int] = field(default_factory=dict, hash=False)
    #: Sentences whose translation holds control characters (shown in the source language), by state.
    controls: Mapping[State, int] = field(default_factory=dict, hash=False)
    #: Pages of an earlier build removed because this one refused the document.
    removed: tuple[str, ...] = ()
    #: ``--dry-run``: ``written`` and ``removed`` are what would be written and removed.
    dry_run: bool = False

    def count(self, state: State) -> int:
        return self.states.get(state, 0)

    @property
    def published(self) -> int:
        """Sentences whose translation is published: reviewed, approved, from the glossary or the memory."""
        return sum(n for state, n in self.states.items() if state.published)

    @property
    def share(self) -> float:
        """The share of sentences whose translation is published (0..1)."""
        return self.published / self.segments if self.segments else 1.0

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def summary(self) -> str:
        """One line for the command's output."""
        if self.status != "built":
            return f"{self.catalog}: {self.status}: {self.message}"
        parts = []
        for state, (singular, plural) in _SUMMARY_WORDS.items():
            conflicts = self.conflicts.get(state, 0)
            controls = self.controls.get(state, 0)
            n = self.count(state) - conflicts - controls
            if conflicts:
                parts.append(f"{_n(conflicts, singular, plural)} with msgcat conflict markers (shown in English)")
            if controls:
                parts.append(f"{_n(controls, singular, plural)} with control characters (shown in English)")
            if not n:
                continue
            part = _n(n, singular, plural)
            if state is State.UNTRANSLATED or (self.reviewed_only and not state.published):
                part += " (shown in English)"
            elif state in MARKED:
                part += " (previous translation, marked)" if state is State.OUT_OF_DATE else " (marked)"
            parts.append(part)
        files = self.written + self.unchanged
        # The article names the line, whether or not it was written this time.
        articles = [f for f in files if f.endswith(".html") and not f.endswith(".review.html")]
        head = (articles or list(files) or [self.catalog])[0]
        written = f"{len(self.written)} {'would be written' if self.dry_run else 'written'}, {len(self.unchanged)} unchanged"
        counts = f": {', '.join(parts)}" if parts else ""
        return f"{head}: {_n(self.segments, 'sentence', 'sentences')}{counts} ({written})"


# -- reading the translations ---------------------------------------------------


def _sentences(
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
        fallback = state is State.UNTRANSLATED or (reviewed_only and not state.published) or conflict or controls
        by_block.setdefault(segment.block, []).append(
            Sentence(
                source=segment.text,
                translation=text,
                state=state,
                line=segment.line,
                po_line=entry.linenum if entry is not None else None,
                shown_as_source=fallback,
                previous_source=entry.previous_msgid if entry is not None and state.fuzzy else None,
                conflict=conflict,
                controls=controls,
            )
        )
    return by_block


@dataclass
class _Open:
    """A node while the body is being read; frozen into a :class:`_Node` at the end."""

    kind: str
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    text: str = ""
    group: int | None = None
    items: list[_Open] = field(default_factory=list)

    def freeze(self) -> _Node:
        return _Node(self.kind, self.sentences, self.level, self.ordered, self.text,
                     tuple(item.freeze() for item in self.items))


def _nodes(doc: Document, sentences: dict[int, list[Sentence]]) -> tuple[dict[str, _Node], list[_Node]]:
    """The article's furniture (kicker, headline, ...) and its body as nested nodes."""
    furniture: dict[str, _Node] = {}
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
            furniture[block.role] = _Node(block.role, own)
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


def _note(texts: Mapping[str, str], key: str, n: int, **values: str) -> str:
    """A reader-facing note with its count; a language may have a singular form (``note.untranslated_one``)."""
    if n == 1 and f"{key}_one" in texts:
        return texts[f"{key}_one"].format(n=n, **values)
    return texts[key].format(n=n, **values)


@dataclass(frozen=True)
class _Notice:
    """What the article's notice and the text file's closing lines say, kind by kind."""

    #: (key, line): ``key`` is the state's name of a marked kind, ``withheld`` or ``untranslated``.
    notes: tuple[tuple[str, str], ...]
    #: The same lines in English, under notes in another language; empty for English notes.
    english: tuple[str, ...]
    #: The text file's closing lines: a marked kind's line names its label.
    legend: tuple[str, ...]


def _notice(every: Sequence[Sentence], texts: Mapping[str, str]) -> _Notice:
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
    return _Notice(tuple(notes), () if texts is ENGLISH_NOTES else tuple(english), tuple(legend))


# -- rendering ----------------------------------------------------------------------


def _safe_link(url: str) -> bool:
    """A link or image URL the pages may hold: a scheme of :data:`SAFE_SCHEMES`, or a path.

    A protocol-relative URL (``//host/x``, or with backslashes, which
    browsers read as slashes) names another host with the page's own scheme,
    which for a page opened from disk is ``file:`` (a network share): it is
    refused.
    """
    if re.match(r"\s*[/\\]{2}", url):
        return False
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _markdown() -> Any:
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml
    from markupsafe import escape

    class SafeMarkdown(MarkdownIt):
        """CommonMark with raw HTML off, and links only with the schemes of :data:`SAFE_SCHEMES`."""

        def validateLink(self, url: str) -> bool:
            return _safe_link(url)

    md = SafeMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False})
    renderer: Any = md.renderer
    as_image = renderer.rules["image"]

    def image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        """An image from a relative path as an image; any other (a remote host) as a link to it, never loaded."""
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        if local_resource(src):
            return str(as_image(tokens, idx, options, env))
        alt = self.renderInlineAsText(token.children or [], options, env) or src
        return f'<a class="remote-image" href="{escape(src)}">{escape(alt)}</a>'

    def text(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        """Text as the reader sees it (:func:`_typeset`): never a URL, which is an attribute, not a text token."""
        return str(_typeset(tokens[idx].content, keep=bool(env.get("keep_together")), escape=escapeHtml))

    md.add_render_rule("image", image)
    md.add_render_rule("text", text)
    return md


def _plain_inline(md: Any, text: str) -> str:
    """Inline Markdown as plain text: emphasis dropped, a link's URL after its text."""
    parts: list[str] = []
    href: list[str] = []
    for token in md.parseInline(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                parts.append(child.content if local_resource(src) else f"{child.content} <{src}>".lstrip())
            elif child.type == "link_open":
                href.append(str(child.attrs.get("href", "")))
            elif child.type == "link_close" and href:
                url = href.pop()
                if url and not parts[-1:] == [url]:
                    parts.append(f" <{url}>")
    return "".join(parts)


_MIDDLE_DOT = re.compile(r"(?<=\S)\u00b7(?=\S)")
#: A hyphen (or an en dash) between two letters or digits: 한-NATO, NATO-IP4, 2014-2024.
_COMPOUND_HYPHEN = re.compile(r"(?<=[^\W_])[-\u2010\u2013](?=[^\W_])")


def _lowercase_latin(char: str) -> bool:
    return "a" <= char <= "z"


def _cluster_edge(text: str, index: int, step: int) -> int:
    """``index`` moved by ``step`` past combining marks and conjoining Hangul jamo, so a span never splits a letter."""
    import unicodedata

    def joins(char: str) -> bool:
        return unicodedata.category(char).startswith("M") or "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"

    if step < 0:
        while index > 0 and joins(text[index]):
            index -= 1
    else:
        while index < len(text) and joins(text[index]):
            index += 1
    return index


def keep_together(text: str, escape: Callable[[str], str] | None = None) -> Markup:
    """``text`` escaped, each compound's hyphen kept with the letters around it: no line ends at ``한-|NATO``.

    Browsers may break a line after a hyphen between two words (Chromium does
    in ``한-NATO``, ``2014-2024``, ``NATO-IP4`` with ``word-break: keep-all``).
    The hyphen and the letter on each side of it go into a ``<span
    class="nobr">`` (``white-space: nowrap``), and the text itself is left as
    it is: a reader or reviewer who copies it gets the catalog's characters,
    without invisible joiners. A hyphen between two lowercase Latin letters
    (``long-term``, ``Jon-young``) is an English compound and breaks as English
    does. Only for the target language's text; the ``.txt`` is never touched.
    ``escape`` escapes the text between the spans (markupsafe's by default).
    """
    from markupsafe import Markup
    from markupsafe import escape as escape_markup

    esc = escape or escape_markup
    spans: list[tuple[int, int]] = []
    for match in _COMPOUND_HYPHEN.finditer(text):
        at = match.start()
        if _lowercase_latin(text[at - 1]) and _lowercase_latin(text[at + 1]):
            continue
        start = _cluster_edge(text, at - 1, -1)
        end = _cluster_edge(text, at + 2, +1)
        if spans and start < spans[-1][1]:  # a-b-c: one span
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [esc(text[last:start]), '<span class="nobr">', esc(text[start:end]), "</span>"]
        last = end
    parts.append(esc(text[last:]))
    return Markup("".join(parts))


def _typeset(text: str, *, keep: bool, escape: Callable[[str], str] | None = None) -> Markup:
    """Text for a page, escaped: a middle dot joined to its words (``인도·태평양``), compounds kept together with ``keep``."""
    from markupsafe import Markup
    from markupsafe import escape as escape_markup

    # A word joiner keeps a middle dot on the line of the words it joins.
    text = _MIDDLE_DOT.sub("\u2060\u00b7\u2060", text)
    if keep:
        return keep_together(text, escape)
    return Markup((escape or escape_markup)(text))


#: Characters an inline Markdown rule starts at (CommonMark, raw HTML and typographer off), and line breaks.
_INLINE_MARKUP = re.compile(r"[\n\r\\`*_\[\]!<>&~]|^\s|\s$")


def has_inline_markup(text: str) -> bool:
    """Whether inline Markdown could render ``text`` as anything but the text itself, escaped.

    Without one of its characters (emphasis, code, links, images, autolinks,
    entities, escapes, line breaks) and without leading or trailing
    whitespace, markdown-it gives one text token holding ``text``: pages skip
    the parser for it (tests compare both on every corpus sentence).
    """
    return _INLINE_MARKUP.search(text) is not None


#: The page templates and style sheets: a change to any of them changes every page (the run state fingerprints them).
TEMPLATES_DIR = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=2)
def _environment(markdown: bool) -> Any:
    """The Jinja environment for Markdown or plain-text documents: made, and its templates compiled, once."""
    import jinja2
    from markdown_it.common.utils import escapeHtml
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    md = _markdown()

    def inline(text: str, keep: bool = False) -> Markup:
        """Inline text of the article (Markdown rendered, raw HTML off), compounds kept together with ``keep``."""
        if not markdown:
            return _typeset(text, keep=keep)
        if not has_inline_markup(text):  # most sentences: what markdown-it's text rule would render
            return _typeset(text, keep=keep, escape=escapeHtml)
        # markdown-it escapes every character of the text itself (raw HTML is off; see _markdown's text rule).
        return Markup(md.renderInline(text, {"keep_together": keep}).strip("\n"))

    def plain(text: str) -> str:
        return _plain_inline(md, text) if markdown and has_inline_markup(text) else text

    def together(text: str, on: bool = True) -> Markup:
        """Text shown as written (the review page), compounds kept together when ``on``."""
        from markupsafe import escape

        return keep_together(text) if on else escape(text)

    env.filters["inline"] = inline
    env.filters["plain"] = plain
    env.filters["together"] = together
    return env


def _html_lang(lang: str) -> str:
    """A catalog locale (``zh_Hant``) as an HTML ``lang`` value (``zh-Hant``)."""
    return lang.replace("_", "-")


def _date(doc: Document, lang: str) -> tuple[str, str] | None:
    """(ISO date or "", localised text) of the document's ``date`` metadata.

    A date that is not ISO 8601 (``July 11, 2024``) is shown as written,
    without a machine-readable ``datetime``.
    """
    value = (doc.metadata.get("date") or "").strip()
    if not value:
        return None
    date = doc.date
    if date is None:
        return "", value
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(lang, sep="_" if "_" in lang else "-")
    except (UnknownLocaleError, ValueError):
        return date.isoformat(), date.isoformat()
    return date.isoformat(), format_date(date, format="long", locale=locale)


def _plain_text(env: Any, furniture: dict[str, _Node], body: Sequence[_Node], date: tuple[str, str] | None,
                notes: Sequence[str], texts: Mapping[str, str]) -> str:
    plain = env.filters["plain"]

    def sentence(s: Sentence) -> str:
        text = plain(s.text)
        return f"{text} [{texts['marker.' + s.marking]}]" if s.marking else text

    def join(node: _Node) -> str:
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

    def items(node: _Node, depth: int) -> list[str]:
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


# -- writing -----------------------------------------------------------------------


def _write(project: Project, path: Path, data: bytes) -> bool:
    """Write ``data`` (through :meth:`Project.write`) unless the file already holds it; whether it was (or would be).

    The bytes are compared first, so that an unchanged page is neither
    rewritten nor reported as a change (``--dry-run`` lists only real ones).
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # not there yet (or unreadable: project.write says what is wrong when it tries)
    project.write(path, data)
    return True


def _mo_bytes(catalog: polib.POFile) -> bytes:
    """The compiled catalog: published translations only, as ``msgfmt`` compiles (polib's MO writer).

    Published states (reviewed, approved, glossary, memory) are exactly the
    translated entries that are not fuzzy, so this is what ``msgfmt`` would
    write: a machine draft, an out-of-date translation (it translates the
    previous source, not the msgid it would be looked up by) and a person's
    fuzzy text are left out, and gettext falls back to the source. So is a
    translation holding ``msgcat`` conflict markers or control characters,
    whatever its state; control characters in the header are dropped.
    """
    compiled = polib.POFile(encoding="utf-8")
    compiled.metadata = {key: CONTROLS.sub("", value) for key, value in catalog.metadata.items()}
    compiled.extend(
        entry
        for entry in catalog
        if not entry.obsolete
        and entry_state(entry).published
        and not has_conflict_markers(translation(entry))
        and not any(has_controls(text) for text in msgstrs(entry))
    )
    return bytes(compiled.to_binary())


def _shown(sentence: Sentence) -> str:
    """How the article shows a sentence, in the review page's words."""
    if sentence.conflict:
        return "article: shown in English (msgcat conflict markers: keep one translation)"
    if sentence.controls:
        return "article: shown in English (control characters in the translation, shown here as \u241b and the like: delete them)"
    if sentence.fallback == "untranslated":
        return "article: shown in English"
    if sentence.fallback:
        return "article: shown in English (--reviewed-only)"
    if sentence.state is State.MACHINE_DRAFT:
        return "article: marked as machine translation"
    if sentence.state is State.OUT_OF_DATE:
        return "article: previous translation, marked as out of date"
    if sentence.state is State.HUMAN_FUZZY:
        return "article: marked as under review"
    return "article: published"


#: The review page's filters, in order: (key, label, what its "nothing here" line says). CSS only (review.css):
#: a radio input per filter, and each row's classes (its state, ``has-errors``, ``has-warnings``).
FILTERS: tuple[tuple[str, str, str], ...] = (
    ("all", "All", ""),
    ("errors", "Errors", "No sentence has a check error."),
    ("warnings", "Warnings", "No sentence has a check warning."),
    ("machine_draft", "Machine drafts", "No sentence is an unreviewed machine draft."),
    ("out_of_date", "Out of date", "No translation is out of date."),
    ("human_fuzzy", "Under review", "No sentence is a person's text awaiting review."),
    ("untranslated", "Untranslated", "Every sentence has a translation."),
)

def _terms(msgid: str, project: Project, lang: str) -> list[Hint]:
    """The glossary terms and dates of a sentence with their approved forms, from the glossary as it is now
    (the same as the templates carry as extracted comments: :func:`dipl10n.po.catalog.term_hints`)."""
    from dipl10n.po.catalog import term_hints

    return term_hints(msgid, project.glossary, [lang])


def _review_rows(
    project: Project, doc: Document, lang: str, sentences: dict[int, list[Sentence]], findings: Sequence[Finding]
) -> list[dict[str, Any]]:
    by_msgid: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.check not in COLLAPSED:  # fuzzy and untranslated: the badge says it
            by_msgid.setdefault(finding.msgid, []).append(finding)
    rows: list[dict[str, Any]] = []
    for index in sorted(sentences):
        for sentence in sentences[index]:
            diff = None
            if sentence.previous_source is not None:
                before, after = word_diff(sentence.previous_source, sentence.source)
                diff = {"before": before, "after": after}
            found = by_msgid.get(sentence.source, [])
            counted = [f for f in found if not f.suppressed]
            errors = sum(1 for f in counted if f.severity == ERROR)
            warnings = sum(1 for f in counted if f.severity == WARNING)
            classes = [sentence.state.value] + (["has-errors"] if errors else []) + (["has-warnings"] if warnings else [])
            rows.append(
                {
                    "number": len(rows) + 1,
                    "role": doc.blocks[index].role,
                    "sentence": sentence,
                    "diff": diff,
                    "shown": _shown(sentence),
                    "findings": found,
                    "terms": _terms(sentence.source, project, lang),
                    "classes": " ".join(classes),
                    "errors": errors,
                    "warnings": warnings,
                }
            )
    return rows


def _filters(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The review page's filters with the number of rows each shows."""
    def shows(key: str, row: Mapping[str, Any]) -> bool:
        if key == "all":
            return True
        if key == "errors":
            return bool(row["errors"])
        if key == "warnings":
            return bool(row["warnings"])
        return bool(row["sentence"].state.value == key)

    return [
        {"key": key, "label": label, "none": none, "count": sum(1 for row in rows if shows(key, row))}
        for key, label, none in FILTERS
    ]


@dataclass(frozen=True)
class _Plan:
    """One document in one language, rendered and not yet written: what :func:`_carry_out` writes."""

    result: BuildResult
    outputs: tuple[tuple[Path, bytes], ...] = ()
    #: The pages to remove because the document was refused (its article, text and ``.mo``).
    refused: tuple[Path, ...] = ()
    review_path: Path | None = None
    reasons: tuple[str, ...] = ()
    article: tuple[Path, ...] = ()
    #: The document's title as its pages show it (the translated headline), and that title's language.
    title: str = ""
    title_lang: str = ""


@dataclass(frozen=True)
class IndexRecord:
    """What the index page needs from a document's build: how it went and its title.

    An incremental run keeps it for the documents it does not build again.
    """

    doc: str
    lang: str
    #: ``built``, ``refused`` or ``skipped`` (:attr:`BuildResult.status`).
    status: str
    title: str = ""
    title_lang: str = ""
    #: Why the document's article was refused, or why it was skipped.
    note: str = ""

    @classmethod
    def of(cls, plan: _Plan) -> IndexRecord:
        result = plan.result
        note = result.message if result.status == "skipped" else " and ".join(plan.reasons)
        return cls(result.doc, result.lang, result.status, plan.title, plan.title_lang, note)


@dataclass(frozen=True)
class SiteIndex:
    """The review site's index page of one language (``build/<lang>/index.html``): what the build did with it."""

    lang: str
    #: The page, as :meth:`Project.show` shows it.
    path: str
    #: ``written``, ``unchanged`` or ``skipped``.
    status: str
    documents: int = 0
    message: str = ""

    def summary(self) -> str:
        """One line for the command's output."""
        if self.status == "skipped":
            return f"{self.path}: skipped: {self.message}"
        return f"{self.path}: review site index, {_n(self.documents, 'document', 'documents')} ({self.status})"


class BuildResults(list[BuildResult]):
    """What :func:`build_all` did: a list of one :class:`BuildResult` per document and language, as before,
    and in :attr:`site` the review site's index pages, one per language."""

    def __init__(
        self, results: Iterable[BuildResult] = (), site: Iterable[SiteIndex] = (), records: Iterable[IndexRecord] = ()
    ) -> None:
        super().__init__(results)
        self.site: tuple[SiteIndex, ...] = tuple(site)
        #: What the index pages need from the documents built (an incremental run keeps them).
        self.records: tuple[IndexRecord, ...] = tuple(records)


def build_document(
    project: Project,
    doc: Document,
    lang: str,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    strict: bool = False,
    findings: Sequence[Finding] | None = None,
    report: CheckReport | None = None,
) -> BuildResult:
    """Build one document in one language; see the module's docstring for what is written (not the site's index).

    ``findings`` are the catalog's check findings, ``report`` the check
    report holding its counts, when the caller has them already. With
    ``strict`` a catalog with check errors gets only its review page.
    """
    path = project.catalog_path(lang, doc.name)
    if report is None:
        report = _check(project, [path] if path.is_file() else [])
    summary = _summaries(report).get(project.show(path))
    if findings is None:
        findings = _findings_by_catalog(report).get(project.show(path), ())
    plan = _prepare(
        project, doc, lang, reviewed_only=reviewed_only, min_translated=min_translated, mo=mo, strict=strict,
        findings=findings, summary=summary, index_href=None,
    )  # fmt: skip
    return _carry_out(project, plan)


def _text_output(text: str) -> bytes:
    """A rendered page or text as written: UTF-8, every control character but line feed and tab made visible.

    Translations holding control characters are never shown (the source
    sentence is), so this only changes what the review page quotes and any
    form feed a source may hold; it is the one gate every page passes.
    """
    return visible_controls(text).encode("utf-8")


def _href(path: Path) -> str:
    """A link from one page of ``build/<lang>/`` to another: relative and percent-encoded, so no file name is a URL scheme."""
    return "./" + urllib.parse.quote(path.name, safe="")


def index_path(project: Project, lang: str) -> Path:
    """The review site's index page of ``lang``: ``build/<lang>/index.html``."""
    return project.output_path(lang, "index", ".html")


def _prepare(
    project: Project,
    doc: Document,
    lang: str,
    *,
    reviewed_only: bool,
    min_translated: float | None,
    mo: bool,
    strict: bool,
    findings: Sequence[Finding],
    summary: CatalogSummary | None,
    index_href: str | None,
) -> _Plan:
    """Read the catalog and render every page of one document in one language, writing nothing.

    ``summary`` is the catalog's line of the check report: its errors and
    warnings are the numbers ``dipl10n check`` gives (suppressed findings not
    counted), and its errors are the publishing gate's.
    """
    config = project.config
    catalog_path = project.catalog_path(lang, doc.name)
    shown_catalog = project.show(catalog_path)
    catalog = project.catalog(catalog_path)
    if catalog is None:
        return _Plan(BuildResult(doc.name, lang, shown_catalog, "skipped",
                                 message="no catalog yet: run 'dipl10n update' (or 'dipl10n run') first"),
                     title=doc.name, title_lang=_html_lang(config.mt.from_code))
    sentences = _sentences(doc, project.segments(doc), catalog, reviewed_only=reviewed_only)
    every = [s for group in sentences.values() for s in group]
    counts = {state: sum(1 for s in every if s.state is state) for state in State}
    markdown = doc.format == "markdown"
    env = _environment(markdown)
    furniture, body = _nodes(doc, sentences)
    date = _date(doc, lang)
    texts = reader_texts(lang)
    notice = _notice(every, texts)
    source_lang = _html_lang(config.mt.from_code)
    headline = furniture.get("headline")
    title = " ".join(env.filters["plain"](s.text) for s in headline.sentences) if headline else doc.name
    title_lang = source_lang if headline and all(x.shown_as_source for x in headline.sentences) else _html_lang(lang)
    korean = is_korean(lang)

    html_path = project.output_path(lang, doc.name, ".html")
    text_path = project.output_path(lang, doc.name, ".txt")
    review_path = project.output_path(lang, doc.name, ".review.html")
    mo_path = project.mo_path(lang, doc.name)

    errors = summary.errors if summary is not None else 0
    warnings = summary.warnings if summary is not None else 0
    rows = _review_rows(project, doc, lang, sentences, findings)
    review = env.get_template("review.html").render(
        lang=_html_lang(lang),
        source_lang=source_lang,
        title=title,
        doc=doc,
        catalog=shown_catalog,
        title_lang=title_lang,
        rows=rows,
        counts=[(state, counts[state]) for state in State if counts[state]],
        errors=errors,
        warnings=warnings,
        filters=_filters(rows),
        article=html_path.name,
        article_href=_href(html_path),
        index_href=index_href,
        korean=korean,
    )
    outputs: list[tuple[Path, bytes]] = [(review_path, _text_output(review))]
    counted = BuildResult(
        doc=doc.name,
        lang=lang,
        catalog=shown_catalog,
        status="built",
        segments=len(every),
        states=counts,
        reviewed_only=reviewed_only,
        errors=errors,
        dry_run=project.dry_run,
        conflicts={state: n for state in State if (n := sum(1 for s in every if s.conflict and s.state is state))},
        controls={
            state: n
            for state in State
            if (n := sum(1 for s in every if s.controls and not s.conflict and s.state is state))
        },
    )
    share = counted.share
    reasons = []
    if min_translated is not None and share * 100 < min_translated:
        reasons.append(
            f"only {share:.0%} of {_n(len(every), 'sentence', 'sentences')} are translated and reviewed, "
            "below --min-translated "
            f"{min_translated:g}%"
        )
    if strict and errors:
        reasons.append(
            f"the catalog has {errors} check error{'' if errors == 1 else 's'} (--strict; see 'dipl10n check')"
        )
    article_paths = (html_path, text_path) + ((mo_path,) if mo else ())
    if reasons:
        return _Plan(counted, tuple(outputs), (html_path, text_path, mo_path), review_path, tuple(reasons),
                     article_paths, title=title, title_lang=title_lang)
    article = env.get_template("article.html").render(
        lang=_html_lang(lang),
        source_lang=source_lang,
        title=title,
        furniture=furniture,
        body=body,
        date=date,
        notes=notice.notes,
        # English notes on a page in another language say so.
        notes_lang="en" if texts is ENGLISH_NOTES and base_language(lang) != "en" else None,
        english_notes=notice.english,
        texts=texts,
        korean=korean,
    )
    outputs.append((html_path, _text_output(article)))
    outputs.append((text_path, _text_output(_plain_text(env, furniture, body, date, notice.legend, texts))))
    if mo:
        outputs.append((mo_path, _mo_bytes(catalog)))
    return _Plan(counted, tuple(outputs), review_path=review_path, article=article_paths, title=title,
                 title_lang=title_lang)


def _carry_out(project: Project, plan: _Plan) -> BuildResult:
    """Write what :func:`_prepare` rendered (only what changed) and remove a refused document's earlier pages."""
    counted = plan.result
    if counted.status != "built":
        return counted
    written: list[str] = []
    unchanged: list[str] = []
    for path, data in plan.outputs:
        (written if _write(project, path, data) else unchanged).append(project.show(path))
    if plan.reasons:
        skipped = ", ".join(project.show(p) for p in plan.article)
        removed = tuple(project.show(p) for p in _remove_refused(project, plan.refused))
        review = project.show(plan.review_path) if plan.review_path else ""
        message = f"{' and '.join(plan.reasons)}: {skipped} not written (review page: {review})"
        if removed:
            message += f"; removed the earlier {', '.join(removed)}"
        return dataclasses.replace(
            counted,
            status="refused",
            written=tuple(written),
            unchanged=tuple(unchanged),
            message=message,
            removed=removed,
        )
    # The article first: summary() names it.
    order = {project.show(plan.article[0]): 0, project.show(plan.article[1]): 1}
    return dataclasses.replace(
        counted,
        written=tuple(sorted(written, key=lambda p: order.get(p, 2))),
        unchanged=tuple(sorted(unchanged, key=lambda p: order.get(p, 2))),
    )


def _remove_refused(project: Project, paths: Sequence[Path]) -> list[Path]:
    """Remove the pages of a refused document an earlier build left, so that none stays behind looking current.

    Only the paths ``build`` itself writes for the document (``output_path``
    and ``mo_path`` keep them inside the output directory), and only files or
    links (a link is removed, never what it points to), each through
    :meth:`Project.remove` (one ``unlink``; with ``--dry-run``, only recorded).
    Returns what was (or would be) removed.
    """
    return [path for path in paths if project.remove(path)]


# -- the review site's index ---------------------------------------------------------


@dataclass(frozen=True)
class _IndexPlan:
    """The index page of one language, rendered and not yet written (``data`` is ``None`` when skipped)."""

    lang: str
    path: Path | None
    shown: str
    data: bytes | None
    documents: int
    message: str = ""


def _index_row(
    project: Project, lang: str, status: DocumentStatus | None, plan: IndexRecord | None, name: str
) -> dict[str, Any]:
    """One document of the index page: its numbers (``status``), its pages (``plan``), and a note on what is missing."""
    review_href = article_href = None
    note = ""
    if plan is None:
        note = "no source document: the catalog translates a document that is not in the source folder"
    elif plan.status == "skipped":
        note = plan.note
    else:
        review_href = _href(project.output_path(lang, name, ".review.html"))
        if plan.status == "refused":
            note = "article not written: " + plan.note
        else:
            article_href = _href(project.output_path(lang, name, ".html"))
    bar = []  # published states first, then what waits for a person (the build line's order)
    if status is not None and status.stats.entries:
        for state in _SUMMARY_WORDS:
            n = status.stats.count(state)
            if n:
                bar.append((state, n, 100 * n / status.stats.entries))
    return {
        "name": name,
        "title": plan.title if plan is not None else name,
        "title_lang": plan.title_lang if plan is not None else "",
        "catalog": status.catalog if status is not None else project.show(project.catalog_path(lang, name)),
        "status": status,
        "review_href": review_href,
        "article_href": article_href,
        "note": note,
        "bar": bar,
        "published": round(100 * status.stats.translated_share) if status is not None else 0,
    }


def _prepare_index(project: Project, lang: str, records: Sequence[IndexRecord], site: ProjectStatus) -> _IndexPlan:
    """Render ``build/<lang>/index.html``: every document of the language, the ones that need work first."""
    from dipl10n.site.status import ProjectStatus

    path = index_path(project, lang)
    shown = project.show(path)
    names = {record.doc for record in records}
    if "index" in names:
        return _IndexPlan(lang, None, shown, None, 0,
                          "a source document named 'index' has this page as its article; the review site has no index")
    by_name = {record.doc: record for record in records}
    mine = [d for d in site.documents if d.catalog == project.show(project.catalog_path(lang, d.doc))]
    rows = [_index_row(project, lang, d, by_name.get(d.doc), d.doc) for d in mine]
    listed = {d.doc for d in mine}
    rows.extend(_index_row(project, lang, None, record, record.doc) for record in records if record.doc not in listed)
    if not rows:
        return _IndexPlan(lang, None, shown, None, 0, "no documents")
    totals = ProjectStatus(tuple(mine))
    env = _environment(False)
    page = env.get_template("index.html").render(
        lang=_html_lang(lang),
        project=project.config.project,
        rows=rows,
        totals=totals.totals,
        errors=totals.errors,
        warnings=totals.warnings,
        documents=len(rows),
        states=list(State),
    )
    return _IndexPlan(lang, path, shown, _text_output(page), len(rows))


def _write_index(project: Project, plan: _IndexPlan) -> SiteIndex:
    if plan.data is None or plan.path is None:
        return SiteIndex(plan.lang, plan.shown, "skipped", message=plan.message)
    status = "written" if _write(project, plan.path, plan.data) else "unchanged"
    return SiteIndex(plan.lang, plan.shown, status, documents=plan.documents)


# -- the checks behind every number ------------------------------------------------------


def _check(project: Project, paths: Sequence[Path]) -> CheckReport:
    """The check report of ``paths`` (every finding, ``verbose``), as ``dipl10n check`` makes it."""
    from dipl10n.checks.core import check_catalogs

    return check_catalogs(project, paths, verbose=True)


def _summaries(report: CheckReport) -> dict[str, CatalogSummary]:
    return {summary.path: summary for summary in report.catalogs}


def _findings_by_catalog(report: CheckReport) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in report.all_findings:
        found.setdefault(finding.path, []).append(finding)
    return found


def build_all(
    project: Project,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    strict: bool = False,
    langs: Iterable[str] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
    report: CheckReport | None = None,
    documents: Sequence[Document] | None = None,
    site: ProjectStatus | None = None,
    known: Sequence[IndexRecord] = (),
) -> BuildResults:
    """Build every document of the project in every language (or ``langs``), and each language's site index.

    An incremental run builds only ``documents`` (those that changed); the
    index pages then take the other documents' rows from ``site`` (the status
    of every catalog) and ``known`` (what their last build was), and
    ``report`` need only cover the catalogs of ``documents``.

    ``report`` is the check report of the project's catalogs
    (:func:`dipl10n.checks.core.check_catalogs`, made ``verbose`` so that it lists
    every finding), when the caller has run the checks already; without it
    the checks run here, once. Every number the pages show comes from it and
    from the catalogs: the review pages' errors and warnings and the index
    page's rows (:func:`dipl10n.site.status.project_status`) are what ``check``,
    ``stats`` and ``status`` say. ``findings`` (catalogs as
    :meth:`Project.show` shows them, mapped to their findings) is the older
    way to pass the findings alone: the review pages list them, and the
    counts still come from a check report (made here). ``strict`` refuses the
    article, text and ``.mo`` of a document whose catalog has check errors.

    Everything is written through :meth:`Project.write` and
    :meth:`Project.remove` (nothing with ``project.dry_run``), and only what
    changed: a page already holding the bytes is left alone.
    """
    from dipl10n.site.status import project_status

    if min_translated is not None and not 0 <= min_translated <= 100:
        raise InputError(f"--min-translated must be a percentage from 0 to 100, not {min_translated:g}")
    languages = list(langs) if langs is not None else list(project.languages)
    if report is None:
        # Every catalog of the project (as 'check' checks them), and those of a language built but not configured.
        paths = list(project.catalog_paths())
        for lang in languages:
            if lang not in project.languages:
                paths += [path for doc in project.documents if (path := project.catalog_path(lang, doc.name)).is_file()]
        report = _check(project, paths)
    summaries = _summaries(report)
    by_catalog = _findings_by_catalog(report) if findings is None else findings
    if site is None:
        site = project_status(project, report)
    indexes = {lang: index_path(project, lang) for lang in languages}
    has_index_document = any(path.stem == "index" for path in project.source_paths())
    built = project.documents if documents is None else documents
    # Every catalog read and every page rendered first: a malformed catalog stops the build with nothing written.
    plans: dict[str, list[_Plan]] = {lang: [] for lang in languages}
    ordered: list[_Plan] = []
    for doc in built:
        for lang in languages:
            shown = project.show(project.catalog_path(lang, doc.name))
            index_href = None if has_index_document else _href(indexes[lang])
            plan = _prepare(
                project, doc, lang, reviewed_only=reviewed_only, min_translated=min_translated, mo=mo,
                strict=strict, findings=by_catalog.get(shown, ()), summary=summaries.get(shown),
                index_href=index_href,
            )  # fmt: skip
            plans[lang].append(plan)
            ordered.append(plan)
    fresh = {lang: [IndexRecord.of(plan) for plan in plans[lang]] for lang in languages}
    rebuilt = {(record.doc, record.lang) for records in fresh.values() for record in records}
    records = {
        lang: fresh[lang] + [r for r in known if r.lang == lang and (r.doc, r.lang) not in rebuilt] for lang in languages
    }
    pages = [_prepare_index(project, lang, records[lang], site) for lang in languages]
    results = [_carry_out(project, plan) for plan in ordered]
    return BuildResults(
        results, [_write_index(project, page) for page in pages], [r for rs in fresh.values() for r in rs]
    )
