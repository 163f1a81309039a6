"""The reviewer's page: ``build/<lang>/<doc>.review.html``, its rows and its filters.

Per sentence the source, the translation, its state and the findings of
:mod:`dipl10n.checks`, with the catalog line; for an out-of-date
translation the previous source, the difference word by word
(:func:`~dipl10n.site.diff.word_diff`), and the previous translation. The
page filters its rows (errors, warnings, machine drafts, ...) with radio
inputs and CSS (:data:`FILTERS`): no page holds a script. A control
character in a translation is shown as a visible sign, and the page links
to its article by a relative, percent-encoded path.

The review page is written whether or not the article is (it is how to get
there), so it is rendered from the :class:`~dipl10n.site.article.Article`
alone, apart from publishing's decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipl10n.checks.registry import ERROR, WARNING
from dipl10n.checks.report import COLLAPSED
from dipl10n.po.states import State
from dipl10n.site.article import Article
from dipl10n.site.diff import word_diff
from dipl10n.site.page import Sentence
from dipl10n.site.render import html_lang, page_href
from dipl10n.source.document import Document

if TYPE_CHECKING:
    from dipl10n.checks.registry import Finding
    from dipl10n.po.catalog import Hint
    from dipl10n.terms.glossary import Glossary

__all__ = ["FILTERS", "render_review"]


def render_review(
    article: Article,
    glossary: Glossary,
    *,
    catalog: str,
    findings: Sequence[Finding],
    errors: int,
    warnings: int,
    article_path: Path,
    index_href: str | None,
) -> str:
    """The review page of ``article``: ``catalog`` is the catalog as :meth:`Project.show` shows it, ``findings`` its
    check findings, ``errors`` and ``warnings`` the check report's counts; ``index_href`` links to the site's index."""
    rows = _review_rows(glossary, article.doc, article.lang, article.sentences, findings)
    counts = article.counts
    return str(
        article.env.get_template("review.html").render(
            lang=html_lang(article.lang),
            source_lang=article.source_lang,
            title=article.title,
            doc=article.doc,
            catalog=catalog,
            title_lang=article.title_lang,
            rows=rows,
            counts=[(state, counts[state]) for state in State if counts[state]],
            errors=errors,
            warnings=warnings,
            filters=_filters(rows),
            article=article_path.name,
            article_href=page_href(article_path),
            index_href=index_href,
            korean=article.korean,
        )
    )


def _shown(sentence: Sentence) -> str:
    """How the article shows a sentence, in the review page's words."""
    if sentence.conflict:
        return "article: shown in English (msgcat conflict markers: keep one translation)"
    if sentence.controls:
        return "article: shown in English (control characters in the translation, shown here as \u241b and the like: delete them)"
    if sentence.fallback == "untranslated":
        return "article: shown in English"
    if sentence.stale and sentence.state is State.MACHINE_DRAFT:
        earlier = "" if sentence.previous_source is not None else ", which is not known"
        return (
            f"article: shown in English (this machine draft translates an earlier version of the sentence{earlier}; "
            "the next run with machine translation drafts it again)"
        )
    if sentence.fallback:
        return "article: shown in English (--reviewed-only)"
    if sentence.state is State.MACHINE_DRAFT:
        return "article: marked as machine translation"
    if sentence.state is State.OUT_OF_DATE:
        if sentence.previous_source is None:
            return "article: previous translation, marked as out of date (the source it translates is not known)"
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


def _terms(msgid: str, glossary: Glossary, lang: str) -> list[Hint]:
    """The glossary terms and dates of a sentence with their approved forms, from the glossary as it is now
    (the same as the templates carry as extracted comments: :func:`dipl10n.po.catalog.term_hints`)."""
    from dipl10n.po.catalog import term_hints

    return term_hints(msgid, glossary, [lang])


def _review_rows(
    glossary: Glossary, doc: Document, lang: str, sentences: Mapping[int, Sequence[Sentence]], findings: Sequence[Finding]
) -> list[dict[str, Any]]:
    """One row per sentence, in document order: the sentence, its findings (not those the state badge says), its terms."""
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
                    "terms": _terms(sentence.source, glossary, lang),
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
