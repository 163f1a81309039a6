"""Render the built pages in headless Chromium and look at the DOM a reader gets.

CI installs Chromium and the Noto CJK fonts (``.ci/run``); elsewhere these
tests are skipped when ``chromium`` is not on the PATH.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dipl10n.build import build_all
from dipl10n.project import Project
from helpers.projects import KOREAN, make_project, translate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium fonts-noto-cjk)"),
]

PWNED = "<script>document.title='pwned'</script>"


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after Chromium loaded ``page`` and ran its scripts."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def title_of(dom: str) -> str:
    match = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert match, dom[:500]
    return html.unescape(match.group(1))


def text_of(dom: str) -> str:
    body = dom[dom.index("<body") :]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture
def cfg(tmp_path: Path) -> Project:
    project = make_project(tmp_path / "project")
    translate(
        project,
        "article",
        {
            **KOREAN,
            "NATO leaders meet in Madrid": PWNED,
            "Share information.": '<img src=x onerror="document.title=\'img\'"> 정보를 공유한다.',
            "Hold more talks.": "[누르기](javascript:document.title='link') 회담을 더 연다.",
            "They agreed on a plan.": "",
        },
        fuzzy=frozenset({"Next steps"}),
    )
    build_all(Project.load(project.root))  # a new Project: translate() changed the catalog on disk
    return project


def test_scripts_do_run_in_this_setup(tmp_path: Path) -> None:
    # The control: without it "the title is unchanged" would prove nothing.
    page = tmp_path / "control.html"
    page.write_text("<!doctype html><title>before</title><script>document.title='ran'</script>", encoding="utf-8")
    assert title_of(dump_dom(page, tmp_path / "profile")) == "ran"


def test_article_renders_korean_and_runs_nothing(cfg: Project, tmp_path: Path) -> None:
    dom = dump_dom(cfg.output_path("ko", "article", ".html"), tmp_path / "profile")
    assert title_of(dom) == PWNED
    assert "<img" not in dom and 'href="javascript' not in dom
    text = text_of(dom)
    for korean in ("외교", "정상들은 7월 11일 만났다.", "다음 단계", "정보를 공유한다.", "2024년 7월 11일",
                   "이 기사의 1개 문장은 아직 검토되지 않은 기계 번역입니다."):
        assert korean in text
    assert "[누르기](javascript:document.title='link')" in text
    # the untranslated sentence is there in English, marked as English
    assert re.search(r'<span lang="en" class="fallback" data-status="untranslated"[^>]*>They agreed on a plan\.</span>', dom)
    assert re.search(r'<span class="mt-draft" data-status="draft"[^>]*>다음 단계</span>', dom)


def test_review_page_renders(cfg: Project, tmp_path: Path) -> None:
    dom = dump_dom(cfg.output_path("ko", "article", ".review.html"), tmp_path / "profile")
    assert title_of(dom) == f"Review: {PWNED}"
    text = text_of(dom)
    assert "12 sentences" in text and "1 machine drafts" in text and "1 untranslated" in text
    assert "Words of a leader." in text and "한 정상의 말." in text
    assert "<img" not in dom
