"""The run state never lies: a change to anything a page or a check depends on makes the next run do its work.

Each test edits one input that changes what a run would write or report, and asserts that the next run does not
say "nothing changed" and gives what a run without any state gives. The edits are the ones a fingerprint is most
easily blind to: a term's other forms (not its name), and the page templates (not the project's files).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.projects import po_path, ran, review

GLOSSARY = """\
en,ko,note,case,dnt,variants,reading
Foreign Minister Park,박 외교장관|박진 외교부 장관,,no,no,Minister Park,
"""

ARTICLE = """\
---
headline: Foreign Minister Park meets the envoy
---

Foreign Minister Park met the envoy on Monday. Later, Minister Park spoke to reporters.
"""

DOC = "talks"


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    root = tmp_path / "talks"
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{DOC}.md").write_text(ARTICLE, encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nlanguages = ["ko"]\n', encoding="utf-8")
    return root


def _errors(invoke, root: Path) -> list[dict]:
    result = invoke(root, "check", "--format", "json")
    return [finding for finding in json.loads(result.output)["findings"] if finding["severity"] == "error"]


def _edit_glossary(root: Path, old: str, new: str) -> None:
    path = root / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_removing_an_admitted_form_a_translation_uses_is_seen_by_the_next_run(invoke, talks: Path) -> None:
    ran(invoke(talks, "run", "--no-mt"))
    review(po_path(talks, DOC), {"Foreign Minister Park met the envoy on Monday.": "박진 외교부 장관은 월요일 특사를 만났다."})
    first = invoke(talks, "run", "--no-mt")
    assert first.exit_code == 0, first.output  # an admitted form: no error
    # The term's name and preferred form stay; only the admitted form goes.
    _edit_glossary(talks, "박 외교장관|박진 외교부 장관", "박 외교장관")
    second = invoke(talks, "run", "--no-mt")
    assert "nothing changed" not in second.output
    assert second.exit_code == 1, second.output  # the translation no longer says the term: a glossary error
    assert [finding["check"] for finding in _errors(invoke, talks)] == ["glossary"]


def test_a_new_english_variant_of_a_mentioned_term_is_seen_by_the_next_run(invoke, talks: Path) -> None:
    _edit_glossary(talks, ",Minister Park,", ",,")
    ran(invoke(talks, "run", "--no-mt"))
    template = (talks / "locales" / f"{DOC}.pot").read_text(encoding="utf-8")
    assert template.count("#. glossary (ko): Foreign Minister Park = ") == 2  # the headline and the first sentence
    assert "#. glossary (ko): Minister Park" not in template
    # The term is mentioned before and after the edit; the variant makes the second sentence mention it too.
    _edit_glossary(talks, "no,no,,", "no,no,Minister Park,")
    again = invoke(talks, "run", "--no-mt")
    assert "nothing changed" not in again.output, again.output
    template = (talks / "locales" / f"{DOC}.pot").read_text(encoding="utf-8")
    assert "#. glossary (ko): Minister Park = 박 외교장관 (also 박진 외교부 장관)" in template
    # What a run without any state writes.
    written = {path: path.read_bytes() for path in sorted((talks / "locales").rglob("*.po*"))}
    shutil.rmtree(talks / ".dipl10n")
    ran(invoke(talks, "run", "--no-mt"))
    assert {path: path.read_bytes() for path in sorted((talks / "locales").rglob("*.po*"))} == written


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the page templates that the pages are rendered from and the run state fingerprints."""
    from dipl10n.site import render

    copy = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, copy)
    render.environment.cache_clear()
    monkeypatch.setattr(render, "TEMPLATES_DIR", copy)
    yield copy
    render.environment.cache_clear()


def test_a_style_sheet_edit_rebuilds_the_pages(invoke, talks: Path, templates: Path) -> None:
    ran(invoke(talks, "run", "--no-mt"))
    article = talks / "build" / "ko" / f"{DOC}.html"
    assert "--article-rule-test" not in article.read_text(encoding="utf-8")
    css = templates / "article.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n:root { --article-rule-test: 1px; }\n", encoding="utf-8")
    again = invoke(talks, "run", "--no-mt")
    assert "nothing changed" not in again.output, again.output
    assert "--article-rule-test: 1px" in article.read_text(encoding="utf-8")
    # And once built, nothing changed indeed.
    assert "nothing changed" in invoke(talks, "run", "--no-mt").output
