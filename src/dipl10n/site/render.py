"""Rendering: inline Markdown, the Jinja environment and its templates, and what every page passes through.

Everything from a document or a catalog is data for the templates, never
template code, and is escaped on output (Jinja2 autoescaping); inline
Markdown is rendered by markdown-it-py with raw HTML off and only ``http``,
``https``, ``mailto`` and relative links allowed (a protocol-relative
``//host/x`` is no relative link: it stays text). A page loads nothing from
another host: an image whose source is not a relative path (``https://…``,
``/x.png``) becomes a link to it, with its alt text as the link's text, and
the ``markup`` check warns about it. A page links to another by a relative,
percent-encoded path (:func:`page_href`: ``./`` + the file name), so no document
name can make it a ``javascript:`` or ``data:`` link.

No control character other than line feed and tab (:data:`dipl10n.fs.controls.IN_TEXT`:
an ESC sequence sets a terminal's title or clipboard when the text file is
printed) reaches an output: every page and text is passed through
:func:`dipl10n.fs.controls.visible_controls` before it is written
(:func:`text_output`), and the review page shows one as a visible sign
(U+241B for ESC).

These are the pieces every page shares, whichever page it is: the article
(:mod:`dipl10n.site.article`), the review page (:mod:`dipl10n.site.review`)
and the index (:mod:`dipl10n.site.index`) only choose a template and its
data. jinja2, markdown-it-py and Babel are imported when first used.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipl10n.checks.markup import local_resource
from dipl10n.fs.controls import visible_controls
from dipl10n.site.typeset import keep_together, typeset
from dipl10n.source.document import Document

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = [
    "SAFE_SCHEMES",
    "TEMPLATES_DIR",
    "article_date",
    "environment",
    "has_inline_markup",
    "html_lang",
    "page_href",
    "text_output",
]

#: Link schemes a rendered translation may use; anything else stays text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


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
        """Text as the reader sees it (:func:`~dipl10n.site.typeset.typeset`): never a URL, which is an attribute, not a text token."""
        return str(typeset(tokens[idx].content, keep=bool(env.get("keep_together")), escape=escapeHtml))

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
def environment(markdown: bool) -> Any:
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
            return typeset(text, keep=keep)
        if not has_inline_markup(text):  # most sentences: what markdown-it's text rule would render
            return typeset(text, keep=keep, escape=escapeHtml)
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


def html_lang(lang: str) -> str:
    """A catalog locale (``zh_Hant``) as an HTML ``lang`` value (``zh-Hant``)."""
    return lang.replace("_", "-")


def article_date(doc: Document, lang: str) -> tuple[str, str] | None:
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


def text_output(text: str) -> bytes:
    """A rendered page or text as written: UTF-8, every control character but line feed and tab made visible.

    Translations holding control characters are never shown (the source
    sentence is), so this only changes what the review page quotes and any
    form feed a source may hold; it is the one gate every page passes.
    """
    return visible_controls(text).encode("utf-8")


def page_href(path: Path) -> str:
    """A link from one page of ``build/<lang>/`` to another: relative and percent-encoded, so no file name is a URL scheme."""
    return "./" + urllib.parse.quote(path.name, safe="")
