"""Tests for ``dipl10n build`` through click's CliRunner on a temporary project."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.project.session import Project
from helpers.projects import KOREAN, make_project, translate


def build(project: Project, *args: str):
    return CliRunner().invoke(cli, ["build", *args, "--project", str(project.root)])


@pytest.fixture
def cfg(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "project")
    translate(project, "article", KOREAN, fuzzy=frozenset({"Next steps"}))
    return project


def test_build_writes_every_output(cfg: Project) -> None:
    result = build(cfg)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "build/ko/article.html: 12 sentences: 11 reviewed, 1 under review (marked) (3 written, 0 unchanged)",
        "build/ko/second.html: 2 sentences: 2 untranslated (shown in English) (3 written, 0 unchanged)",
        "build/ko/index.html: review site index, 2 documents (written)",
    ]
    names = sorted(p.name for p in (cfg.config.output_dir / "ko").iterdir())
    assert names == [
        "article.html", "article.review.html", "article.txt", "index.html", "second.html", "second.review.html", "second.txt"
    ]  # fmt: skip


def test_min_translated_exits_1_and_still_builds_the_rest(cfg: Project) -> None:
    translate(cfg, "second", {"A short note": "짧은 메모", "Only one sentence here.": "여기에는 한 문장뿐이다."})
    result = build(cfg, "--min-translated", "95")
    assert result.exit_code == 1
    assert (
        "locales/ko/LC_MESSAGES/article.po: refused: only 92% of 12 sentences are translated and reviewed, "
        "below --min-translated 95%: build/ko/article.html, build/ko/article.txt not written "
        "(review page: build/ko/article.review.html)"
    ) in result.output
    assert cfg.output_path("ko", "second", ".html").exists()
    assert not cfg.output_path("ko", "article", ".html").exists()
    assert build(cfg, "--min-translated", "90").exit_code == 0


def test_min_translated_must_be_a_percentage(cfg: Project) -> None:
    result = build(cfg, "--min-translated", "150")
    assert result.exit_code == 2
    assert "150" in result.output


def test_reviewed_only_and_mo(cfg: Project) -> None:
    result = build(cfg, "--reviewed-only", "--mo")
    assert result.exit_code == 0, result.output
    assert "1 under review (shown in English)" in result.output
    page = cfg.output_path("ko", "article", ".html").read_text(encoding="utf-8")
    assert '<h2><span lang="en" class="fallback" data-state="human_fuzzy"' in page
    with cfg.output_path("ko", "article", ".mo", subdir="LC_MESSAGES").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Share information.") == "정보를 공유한다."
    assert translations.gettext("Next steps") == "Next steps"


def test_a_rebuild_still_names_the_article(cfg: Project) -> None:
    assert build(cfg).exit_code == 0
    result = build(cfg, "--mo")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "build/ko/article.html: 12 sentences: 11 reviewed, 1 under review (marked) (1 written, 3 unchanged)"
    )


def test_run_builds_too(cfg: Project) -> None:
    result = CliRunner().invoke(cli, ["run", "--no-mt", "--project", str(cfg.root)])
    assert result.exit_code == 0, result.output
    assert "build/ko/article.html: 12 sentences: 11 reviewed" in result.output
    assert cfg.output_path("ko", "article", ".review.html").exists()
