"""Render the built pages in headless Chromium and look at the DOM a reader gets.

CI installs Chromium and the Noto CJK fonts (``.ci/run``); elsewhere these
tests are skipped when ``chromium`` is not on the PATH.

Printing is checked through the DevTools protocol over a pipe
(:mod:`helpers.browser`): the page is loaded, print media emulated
(``Emulation.setEmulatedMedia``), and the computed styles read back. The
review site's layout, filters and line breaking are in ``test_review_site.py``.
"""

from __future__ import annotations

import html
import re
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.project.session import Project
from dipl10n.site.index import build_all
from helpers.browser import CHROMIUM, OFFLINE, DevTools
from helpers.projects import KOREAN, make_project, translate

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
                   "1개 문장은 아직 검토 중인 번역입니다."):
        assert korean in text
    assert "[누르기](javascript:document.title='link')" in text
    # the untranslated sentence is there in English, marked as English
    assert re.search(r'<span lang="en" class="fallback" data-state="untranslated"[^>]*>They agreed on a plan\.</span>', dom)
    assert re.search(r'<span class="under-review" data-state="human_fuzzy"[^>]*>다음 단계</span>', dom)
    assert "기계 번역" not in text  # a person's fuzzy text is not machine translation


def test_review_page_renders(cfg: Project, tmp_path: Path) -> None:
    dom = dump_dom(cfg.output_path("ko", "article", ".review.html"), tmp_path / "profile")
    assert title_of(dom) == f"Review: {PWNED}"
    text = text_of(dom)
    assert "12 sentences" in text and "1 fuzzy (a person's text awaiting review)" in text and "1 untranslated" in text
    assert "Words of a leader." in text and "한 정상의 말." in text
    assert "<img" not in dom


# -- print: every mark stays on paper ----------------------------------------------------------------


MARKS_AND_LABELS = """[...document.querySelectorAll('[data-state], .notice .note')].map(e => ({
    state: e.dataset.state || e.dataset.kind, cls: e.className, label: e.dataset.label || null,
    after: getComputedStyle(e, '::after').content, before: getComputedStyle(e, '::before').content,
    decoration: getComputedStyle(e).textDecorationLine, display: getComputedStyle(e, '::after').display}))"""


@pytest.fixture
def marked(tmp_path: Path) -> Project:
    """An article with a machine draft, an out-of-date translation, a person's fuzzy text and an untranslated sentence."""
    project = make_project(tmp_path / "marked")
    path = translate(
        project, "article", {k: v for k, v in KOREAN.items() if k != "Words of a leader."},
        fuzzy=frozenset({"Next steps", "Hold more talks."}), machine=frozenset({"Hold more talks."}),
    )  # fmt: skip
    catalog = read_po(path)
    (entry,) = [e for e in catalog if e.msgid == "They agreed on a plan." and not e.obsolete]
    entry.previous_msgid, entry.fuzzy = "They agreed on the plan.", True
    path.write_text(generate_po(catalog), encoding="utf-8")
    build_all(Project.load(project.root))
    return project


def test_print_keeps_every_mark(marked: Project, tmp_path: Path) -> None:
    page = marked.output_path("ko", "article", ".html")
    css = page.read_text(encoding="utf-8")
    printing = css[css.index("@media print") :]
    assert ".mt-draft::after, .out-of-date::after, .under-review::after {" in printing
    assert 'content: "[" attr(data-label) "]";' in printing
    browser = DevTools(tmp_path / "profile")
    try:
        browser.open(page)
        on_screen = browser.evaluate(MARKS_AND_LABELS)
        browser.call("Emulation.setEmulatedMedia", media="print")
        on_paper = browser.evaluate(MARKS_AND_LABELS)
    finally:
        browser.close()
    sentences = [e for e in on_paper if "note" not in e["cls"] and e["cls"] != "fallback"]
    assert sorted(e["state"] for e in sentences) == ["human_fuzzy", "machine_draft", "out_of_date"]
    labels = {"machine_draft": "기계 번역", "out_of_date": "원문 수정됨", "human_fuzzy": "검토 중"}
    for element in sentences:
        # On paper: the label after the sentence, underlined text (backgrounds are often not printed).
        assert element["after"] == f'"[{labels[element["state"]]}]"', element
        assert element["decoration"] == "underline" and element["display"] == "inline-block", element
    notes = {e["state"]: e["before"] for e in on_paper if "note" in e["cls"]}
    assert notes == {
        "machine_draft": '"[기계 번역] "', "out_of_date": '"[원문 수정됨] "', "human_fuzzy": '"[검토 중] "',
        "untranslated": "none",
    }
    # The control: on screen the marks are colours, not labels (so emulating print did change something).
    assert all(e["after"] == "none" for e in on_screen if "note" not in e["cls"])
    fallback = [e for e in on_paper if e["cls"] == "fallback"]
    assert [e["state"] for e in fallback] == ["untranslated"] and fallback[0]["after"] == "none"


# -- hostile names and remote content: clicking runs nothing, loading fetches nothing from elsewhere -----------

CLICK = "setTimeout(() => document.querySelector('.files a').click(), 0), true"
SCRIPT_NAME = "javascript:document.title='pwned';x"


def _title_after_click(browser: DevTools, *, navigates: bool) -> tuple[str, str]:
    """Click the review page's article link; (title, location) once the page settled."""
    browser.evaluate(CLICK)
    if navigates:
        assert browser.wait_for("Page.loadEventFired", 10), "the link led nowhere"
    else:  # a javascript: link runs as a task after the click, and loads no page
        until = time.monotonic() + 5
        while browser.evaluate("document.title") == "before" and time.monotonic() < until:
            time.sleep(0.05)
    return browser.evaluate("document.title"), browser.evaluate("location.href")


def test_a_javascript_link_does_run_when_clicked_in_this_setup(tmp_path: Path) -> None:
    # The control: what the review page linked to before, for a source named like a script.
    page = tmp_path / "control.html"
    page.write_text(
        f'<!doctype html><title>before</title><p class="files"><a href="{html.escape(SCRIPT_NAME)}.html">x</a>',
        encoding="utf-8",
    )
    browser = DevTools(tmp_path / "profile")
    try:
        browser.open(page)
        title, _ = _title_after_click(browser, navigates=False)
    finally:
        browser.close()
    assert title == "pwned"


def test_clicking_the_article_link_of_a_script_named_document_opens_the_article(tmp_path: Path, invoke) -> None:
    project = make_project(tmp_path / "project", second=False)
    (project.root / "source" / f"{SCRIPT_NAME}.txt").write_text("Hello there.\n", encoding="utf-8")
    assert invoke(project.root, "run", "--no-mt").exit_code == 0
    review = project.output_path("ko", SCRIPT_NAME, ".review.html")
    assert review.is_file()
    browser = DevTools(tmp_path / "profile")
    try:
        browser.open(review)
        title, location = _title_after_click(browser, navigates=True)
    finally:
        browser.close()
    assert title != "pwned"
    assert urllib.parse.unquote(location) == urllib.parse.unquote(
        project.output_path("ko", SCRIPT_NAME, ".html").resolve().as_uri()
    )


REMOTE_IMAGES = {
    "The leaders met on July 11.": "정상들은 7월 11일 만났다. ![지도](https://evil.example/a.png)",
    "They agreed on a plan.": "그들은 계획에 합의했다. ![사진](//evil.example/b.png) ![x](/\\evil.example/c.png)",
    "Hold more talks.": "회담을 더 연다. ![](http://evil.example/d.png)",
}


def _requests(page: Path, profile: Path) -> list[str]:
    """Every URL the browser asked for while loading ``page`` (DevTools ``Network.requestWillBeSent``)."""
    browser = DevTools(profile, args=OFFLINE)
    try:
        browser.open(page, enable=("Network.enable",))
        browser.wait_for("Network.loadingFinished", 0.5)  # anything still on its way
    finally:
        browser.close()
    return [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]


def test_a_remote_image_is_requested_in_this_setup(tmp_path: Path) -> None:
    # The control: a page with remote images asks for them (and gets nothing: the resolver maps every host nowhere).
    page = tmp_path / "control.html"
    page.write_text(
        '<!doctype html><title>x</title><img src="https://evil.example/a.png"><img src="//evil.example/b.png">',
        encoding="utf-8",
    )
    requested = _requests(page, tmp_path / "profile")
    assert "https://evil.example/a.png" in requested
    assert any("evil.example/b.png" in url for url in requested)


def test_no_request_leaves_the_machine_for_remote_images(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", second=False)
    translate(project, "article", {**KOREAN, **REMOTE_IMAGES})
    build_all(Project.load(project.root))
    page = project.output_path("ko", "article", ".html")
    requested = _requests(page, tmp_path / "profile")
    assert requested and requested[0] == page.resolve().as_uri()
    assert all(url.startswith("file:///") for url in requested), requested
    assert not any("evil.example" in url for url in requested), requested
