"""Building the localised article: ``dipl10n build``.

For each source document and target language, from the document's blocks
(read and segmented again) and the catalog's translations:

``build/<lang>/<doc>.html``
    The article as a reader sees it: kicker, headline, standfirst, byline and
    date, then the body (paragraphs, subheadings, lists, quotes; code blocks
    stay untranslated). A paragraph is its sentences' translations joined by a
    space. A sentence without a translation falls back to the source text in
    ``<span lang="en">``; a machine draft nobody has reviewed (a fuzzy entry,
    or an automatic fill whose text nobody has edited) is marked
    ``class="mt-draft" data-status="draft"`` and counted in a banner.
``build/<lang>/<doc>.txt``
    The same content as plain text.
``build/<lang>/<doc>.review.html``
    The reviewer's page: per sentence the source, the translation, its status
    and the findings of :mod:`dipl10n.checks`, with the catalog line.
``build/<lang>/LC_MESSAGES/<doc>.mo`` (with ``mo=True``)
    The compiled catalog, fuzzy entries left out, as ``msgfmt`` writes it.

Everything from a document or a catalog is data for the templates, never
template code, and is escaped on output (Jinja2 autoescaping); inline
Markdown is rendered by markdown-it-py with raw HTML off and only ``http``,
``https``, ``mailto`` and relative links allowed.

``reviewed_only`` shows drafts in the source language as if untranslated.
``min_translated`` (a percentage) refuses to write a document's article,
text and ``.mo`` when fewer of its sentences are translated and reviewed: the
result says so (``dipl10n build`` exits 1) and the other documents still
build. The review page is written either way: it is how to get there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from dipl10n.atomic import atomic_write
from dipl10n.catalog import is_unedited_draft
from dipl10n.document import Block, Document
from dipl10n.errors import InputError
from dipl10n.po.model import translation
from dipl10n.segment import Segment

if TYPE_CHECKING:
    from dipl10n.checks import Finding
    from dipl10n.project import Project

__all__ = ["BuildResult", "Sentence", "build_all", "build_document"]

REVIEWED = "reviewed"
DRAFT = "draft"
UNTRANSLATED = "untranslated"

#: Link schemes a rendered translation may use; anything else stays text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: Reader-facing notes, by language; other languages get the English ones.
NOTES = {
    "ko": {
        "drafts": "이 기사의 {n}개 문장은 아직 검토되지 않은 기계 번역입니다.",
        "untranslated": "{n}개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.",
        "draft_title": "검토 전 기계 번역",
        "untranslated_title": "번역 전 원문",
    },
}
ENGLISH_NOTES = {
    "drafts": "{n} sentences of this article are unreviewed machine translation.",
    "untranslated": "{n} sentences are not translated yet and appear in English.",
    "drafts_one": "1 sentence of this article is unreviewed machine translation.",
    "untranslated_one": "1 sentence is not translated yet and appears in English.",
    "draft_title": "unreviewed machine translation",
    "untranslated_title": "not translated yet",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the built article: what it shows, and why."""

    source: str
    translation: str
    status: str
    line: int
    po_line: int | None = None
    shown_as_source: bool = False

    @property
    def text(self) -> str:
        """What the article shows: the translation, or the source as the fallback."""
        return self.source if self.shown_as_source else self.translation


@dataclass(frozen=True)
class _Node:
    """A block of the built article, with its sentences (or, for code, its text)."""

    kind: str
    sentences: tuple[Sentence, ...] = ()
    level: int = 0
    ordered: bool = False
    text: str = ""
    items: tuple[_Node, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did for one document in one language."""

    doc: str
    lang: str
    catalog: str
    status: str  # "built", "refused" or "skipped"
    segments: int = 0
    reviewed: int = 0
    drafts: int = 0
    untranslated: int = 0
    drafts_shown: bool = True
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    message: str = ""

    @property
    def share(self) -> float:
        """The share of sentences that are translated and reviewed (0..1)."""
        return self.reviewed / self.segments if self.segments else 1.0

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def summary(self) -> str:
        """One line for the command's output."""
        if self.status != "built":
            return f"{self.catalog}: {self.status}: {self.message}"
        drafts = f"{self.drafts} machine draft{'' if self.drafts == 1 else 's'} " + (
            "(marked)" if self.drafts_shown else "(left out, shown in English)"
        )
        files = self.written + self.unchanged
        head = files[0] if files else self.catalog
        written = f"{len(self.written)} written, {len(self.unchanged)} unchanged"
        return (
            f"{head}: {self.segments} sentences: {self.reviewed} reviewed, {drafts}, "
            f"{self.untranslated} untranslated (English) ({written})"
        )


# -- reading the translations ---------------------------------------------------


def _status(entry: polib.POEntry | None) -> str:
    if entry is None or not translation(entry):
        return UNTRANSLATED
    if "fuzzy" in entry.flags or is_unedited_draft(entry):
        return DRAFT
    return REVIEWED


def _sentences(
    doc: Document, segments: Sequence[Segment], catalog: polib.POFile | None, *, reviewed_only: bool
) -> dict[int, list[Sentence]]:
    """The sentences of each translatable block of ``doc``, by block index."""
    entries = {e.msgid: e for e in catalog if e.msgctxt is None and not e.obsolete} if catalog is not None else {}
    by_block: dict[int, list[Sentence]] = {}
    for segment in segments:
        entry = entries.get(segment.text)
        status = _status(entry)
        text = translation(entry) if entry is not None and status != UNTRANSLATED else ""
        fallback = status == UNTRANSLATED or (status == DRAFT and reviewed_only)
        by_block.setdefault(segment.block, []).append(
            Sentence(
                source=segment.text,
                translation=text,
                status=status,
                line=segment.line,
                po_line=entry.linenum if entry is not None else None,
                shown_as_source=fallback,
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


def _note(texts: dict[str, str], key: str, n: int) -> str:
    """A reader-facing note with its count; a language may have a singular form (``drafts_one``)."""
    if n == 1 and f"{key}_one" in texts:
        return texts[f"{key}_one"]
    return texts[key].format(n=n)


# -- rendering ----------------------------------------------------------------------


def _safe_link(url: str) -> bool:
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    class SafeMarkdown(MarkdownIt):
        """CommonMark with raw HTML off, and links only with the schemes of :data:`SAFE_SCHEMES`."""

        def validateLink(self, url: str) -> bool:
            return _safe_link(url)

    return SafeMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False})


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
                parts.append(child.content)
            elif child.type == "link_open":
                href.append(str(child.attrs.get("href", "")))
            elif child.type == "link_close" and href:
                url = href.pop()
                if url and not parts[-1:] == [url]:
                    parts.append(f" <{url}>")
    return "".join(parts)


_MIDDLE_DOT = re.compile(r"(?<=\S)\u00b7(?=\S)")


def _environment(markdown: bool) -> Any:
    import jinja2
    from markupsafe import Markup, escape

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dipl10n", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    md = _markdown()

    def inline(text: str) -> Markup:
        # A word joiner keeps a middle dot on the line of the words it joins (인도·태평양).
        text = _MIDDLE_DOT.sub("\u2060\u00b7\u2060", text)
        if not markdown:
            return escape(text)
        # markdown-it escapes every character of the text itself (raw HTML is off).
        return Markup(md.renderInline(text).strip("\n"))

    def plain(text: str) -> str:
        return _plain_inline(md, text) if markdown else text

    env.filters["inline"] = inline
    env.filters["plain"] = plain
    return env


def _html_lang(lang: str) -> str:
    """A catalog locale (``zh_Hant``) as an HTML ``lang`` value (``zh-Hant``)."""
    return lang.replace("_", "-")


def _date(value: str | None, lang: str) -> tuple[str, str] | None:
    """(ISO date or "", localised text) of the document's ``date`` metadata.

    A date that is not ISO 8601 (``July 11, 2024``) is shown as written,
    without a machine-readable ``datetime``.
    """
    if not value or not value.strip():
        return None
    try:
        date = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return "", value.strip()
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(lang, sep="_" if "_" in lang else "-")
    except (UnknownLocaleError, ValueError):
        return date.isoformat(), date.isoformat()
    return date.isoformat(), format_date(date, format="long", locale=locale)


def _plain_text(env: Any, furniture: dict[str, _Node], body: Sequence[_Node], date: tuple[str, str] | None,
                notes: Sequence[str]) -> str:
    plain = env.filters["plain"]

    def join(node: _Node) -> str:
        return " ".join(plain(s.text) for s in node.sentences)

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


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds it; whether it was written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    return True


def _mo_bytes(catalog: polib.POFile) -> bytes:
    """The compiled catalog: translated entries that are not fuzzy (polib's MO writer)."""
    compiled = polib.POFile(encoding="utf-8")
    compiled.metadata = dict(catalog.metadata)
    compiled.extend(entry for entry in catalog if entry.translated() and not is_unedited_draft(entry))
    return bytes(compiled.to_binary())


def _review_rows(doc: Document, sentences: dict[int, list[Sentence]], findings: Sequence[Finding]) -> list[dict[str, Any]]:
    by_msgid: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.check not in ("fuzzy", "untranslated"):
            by_msgid.setdefault(finding.msgid, []).append(finding)
    rows: list[dict[str, Any]] = []
    for index in sorted(sentences):
        for sentence in sentences[index]:
            rows.append(
                {
                    "number": len(rows) + 1,
                    "role": doc.blocks[index].role,
                    "sentence": sentence,
                    "findings": by_msgid.get(sentence.source, []),
                }
            )
    return rows


def build_document(
    project: Project,
    doc: Document,
    lang: str,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    findings: Sequence[Finding] | None = None,
) -> BuildResult:
    """Build one document in one language; see the module's docstring for what is written.

    ``findings`` are the catalog's check findings when the caller has them already.
    """
    from dipl10n.checks import check_catalog

    config = project.config
    catalog_path = project.catalog_path(lang, doc.name)
    shown_catalog = project.show(catalog_path)
    catalog = project.catalog(catalog_path)
    if catalog is None:
        return BuildResult(doc.name, lang, shown_catalog, "skipped",
                           message="no catalog yet: run 'dipl10n update' (or 'dipl10n run') first")
    sentences = _sentences(doc, project.segments(doc), catalog, reviewed_only=reviewed_only)
    every = [s for group in sentences.values() for s in group]
    counts = {status: sum(1 for s in every if s.status == status) for status in (REVIEWED, DRAFT, UNTRANSLATED)}
    markdown = doc.format == "markdown"
    env = _environment(markdown)
    furniture, body = _nodes(doc, sentences)
    date = _date(doc.metadata.get("date"), lang)
    texts = NOTES.get(lang.split("_")[0].split("-")[0], ENGLISH_NOTES)
    shown_drafts = 0 if reviewed_only else counts[DRAFT]
    fallbacks = sum(1 for s in every if s.shown_as_source)
    notes, english_notes = [], []
    for key, n in (("drafts", shown_drafts), ("untranslated", fallbacks)):
        if n:
            notes.append(_note(texts, key, n))
            english_notes.append(_note(ENGLISH_NOTES, key, n))
    if texts is ENGLISH_NOTES:
        english_notes = []
    source_lang = _html_lang(config.mt.from_code)
    headline = furniture.get("headline")
    title = " ".join(env.filters["plain"](s.text) for s in headline.sentences) if headline else doc.name

    html_path = project.output_path(lang, doc.name, ".html")
    text_path = project.output_path(lang, doc.name, ".txt")
    review_path = project.output_path(lang, doc.name, ".review.html")
    mo_path = project.mo_path(lang, doc.name)

    if findings is None:
        findings = check_catalog(catalog, path=shown_catalog, lang=lang, glossary=project.glossary)
    rows = _review_rows(doc, sentences, findings)
    review = env.get_template("review.html").render(
        lang=_html_lang(lang),
        source_lang=source_lang,
        title=title,
        doc=doc,
        catalog=shown_catalog,
        rows=rows,
        counts=counts,
        errors=sum(1 for r in rows for f in r["findings"] if f.severity == "error"),
        warnings=sum(1 for r in rows for f in r["findings"] if f.severity == "warning"),
        article=html_path.name,
    )
    outputs: list[tuple[Path, bytes]] = [(review_path, review.encode("utf-8"))]
    counted = BuildResult(
        doc=doc.name,
        lang=lang,
        catalog=shown_catalog,
        status="built",
        segments=len(every),
        reviewed=counts[REVIEWED],
        drafts=counts[DRAFT],
        untranslated=counts[UNTRANSLATED],
        drafts_shown=not reviewed_only,
    )
    share = counts[REVIEWED] / len(every) if every else 1.0
    refused = min_translated is not None and share * 100 < min_translated
    if not refused:
        article = env.get_template("article.html").render(
            lang=_html_lang(lang),
            source_lang=source_lang,
            title=title,
            furniture=furniture,
            body=body,
            date=date,
            notes=notes,
            english_notes=english_notes,
            drafts=shown_drafts,
            texts=texts,
        )
        outputs.append((html_path, article.encode("utf-8")))
        outputs.append((text_path, _plain_text(env, furniture, body, date, notes).encode("utf-8")))
        if mo:
            outputs.append((mo_path, _mo_bytes(catalog)))
    written: list[str] = []
    unchanged: list[str] = []
    for path, data in outputs:
        (written if _write(path, data) else unchanged).append(project.show(path))
    if refused:
        skipped = ", ".join(project.show(p) for p in ([html_path, text_path] + ([mo_path] if mo else [])))
        message = (
            f"only {share:.0%} of {len(every)} sentences are translated and reviewed, below --min-translated "
            f"{min_translated:g}%: {skipped} not written (review page: {project.show(review_path)})"
        )
        return dataclasses.replace(
            counted, status="refused", written=tuple(written), unchanged=tuple(unchanged), message=message
        )
    # The article first: summary() names it.
    order = {project.show(html_path): 0, project.show(text_path): 1}
    return dataclasses.replace(
        counted,
        written=tuple(sorted(written, key=lambda p: order.get(p, 2))),
        unchanged=tuple(sorted(unchanged, key=lambda p: order.get(p, 2))),
    )


def build_all(
    project: Project,
    *,
    reviewed_only: bool = False,
    min_translated: float | None = None,
    mo: bool = False,
    langs: Iterable[str] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> list[BuildResult]:
    """Build every document of the project in every language (or ``langs``).

    ``findings`` maps catalogs (as :meth:`Project.show` shows them) to their
    check findings, when the caller has run the checks already.
    """
    if min_translated is not None and not 0 <= min_translated <= 100:
        raise InputError(f"--min-translated must be a percentage from 0 to 100, not {min_translated:g}")
    languages = list(langs) if langs is not None else list(project.languages)
    results = []
    for doc in project.documents:
        for lang in languages:
            results.append(
                build_document(
                    project, doc, lang, reviewed_only=reviewed_only,
                    min_translated=min_translated, mo=mo,
                    findings=None if findings is None else findings.get(
                        project.show(project.catalog_path(lang, doc.name)), ()
                    ),
                )
            )
    return results
