"""Pages skip the Markdown parser for sentences without inline markup: the output must be the parser's."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.common.utils import escapeHtml

from dipl10n.project.session import Project
from dipl10n.site.render import _markdown, _plain_inline, has_inline_markup
from dipl10n.site.typeset import typeset as _typeset
from helpers.corpus import make_corpus_project

REPO = Path(__file__).resolve().parents[2]

EDGES = [
    "The Korea-NATO partnership grew.", "인도·태평양 전략", "He said 'yes' and \"no\".", "R&D funds", "A <b>bold</b> claim",
    "1 * 2", "snake_case", "[link](https://example.org)", "Tabs\tinside", " leading space", "trailing space ", "x\ny",
    "Price: $5 # not a heading + - = ^ { } : @ %", "Ratio 3/4 ~ 0.75", "A\u00a0no-break space", "end.\u2060",
    "Bang! Question?", "ROK–NATO ties", "Seoul’s view", "United States–Japan–ROK", "Yoon\u2011Stoltenberg",
]


def sentences(tmp_path: Path) -> list[str]:
    """Every segment of the corpus and of the repository's article, and the edge cases."""
    texts = list(EDGES)
    for root in (make_corpus_project(tmp_path / "corpus"), REPO):
        project = Project.load(root)
        texts.extend(segment.text for doc in project.documents for segment in project.segments(doc))
    return texts


def test_sentences_without_inline_markup_render_as_the_parser_renders_them(tmp_path):
    md = _markdown()
    texts = sentences(tmp_path)
    plain = [text for text in texts if not has_inline_markup(text)]
    assert len(plain) > 100 and len(plain) < len(texts)  # both paths are exercised
    for text in plain:
        for keep in (False, True):
            assert str(_typeset(text, keep=keep, escape=escapeHtml)) == md.renderInline(
                text, {"keep_together": keep}
            ).strip("\n"), text
        assert _plain_inline(md, text) == text


@pytest.mark.parametrize("text", ["*a*", "`c`", "[l](u)", "a\nb", "x &amp; y", "\\*", "<https://e.org>", " x", "x "])
def test_markup_goes_through_the_parser(text):
    assert has_inline_markup(text)
