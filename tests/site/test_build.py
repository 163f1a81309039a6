"""Tests for building the site (dipl10n.site): the article, its plain text, the review page, .mo files."""

from __future__ import annotations

import gettext
import html.parser
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from dipl10n.errors import InputError
from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State, set_origin
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync
from dipl10n.site.diff import word_diff
from dipl10n.site.index import build_all
from dipl10n.site.notices import reader_texts
from dipl10n.site.result import BuildResult
from helpers.projects import KOREAN, make_project, translate


def build(project: Project, **options) -> list[BuildResult]:
    """``build_all`` on the project as it is on disk now (a Project caches the catalogs it read)."""
    return build_all(Project.load(project.root), **options)


def built(project: Project, name: str, suffix: str = ".html") -> str:
    return project.output_path("ko", name, suffix).read_text(encoding="utf-8")


def mo_path(project: Project, name: str = "article") -> Path:
    return project.output_path("ko", name, ".mo", subdir="LC_MESSAGES")


def edit(path: Path, msgid: str, change: Callable[[polib.POEntry], None]) -> None:
    """Change the live entry ``msgid`` of the catalog at ``path``, as an editor would."""
    catalog = read_po(path)
    (entry,) = [e for e in catalog if e.msgid == msgid and not e.obsolete]
    change(entry)
    path.write_text(generate_po(catalog), encoding="utf-8")


class _Structure(html.parser.HTMLParser):
    """Checks that every element is closed in order and records the start tags."""

    VOID = {"meta", "hr", "br", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def structure(text: str) -> _Structure:
    parser = _Structure()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


@pytest.fixture
def cfg(tmp_path: Path) -> Project:
    """The test project (not conftest's copy of the repository's project)."""
    return make_project(tmp_path / "project")


def test_article_structure(cfg: Project) -> None:
    translate(cfg, "article", KOREAN)
    (result, _) = build(cfg)
    assert result.status == "built"
    page = built(cfg, "article")
    parsed = structure(page)
    assert page.startswith("<!doctype html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert parsed.doctype == "doctype html"
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in parsed.tags
    assert "<title>NATO 정상들, 마드리드에서 회동</title>" in page
    assert '<p class="kicker">외교</p>' in page
    assert "<h1>NATO 정상들, 마드리드에서 회동</h1>" in page
    assert '<p class="standfirst">동맹이 계획에 합의하다.</p>' in page
    assert (
        '<p class="byline"><span class="author">Diplomacy Journal 김민지 기자</span>'
        '<time datetime="2024-07-11">2024년 7월 11일</time></p>'
    ) in page
    # a paragraph is its sentences joined by a space
    assert "<p>정상들은 7월 11일 만났다. 그들은 계획에 합의했다.</p>" in page
    assert "<h2>다음 단계</h2>" in page
    assert "<ul>\n<li>정보를 공유한다.</li>\n<li>회담을 더 연다.\n<ul>\n<li>파트너를 초청한다.</li>\n</ul></li>\n</ul>" in page
    assert "<blockquote>\n<p>한 정상의 말.</p>\n</blockquote>" in page
    assert '<pre translate="no"><code>code stays &lt;b&gt;here&lt;/b&gt;\n</code></pre>' in page
    assert "<hr>" in page
    assert '<p><a href="https://example.org/release">보도자료</a>를 보라.</p>' in page
    assert 'class="mt-draft"' not in page and 'class="notice"' not in page
    assert result.count(State.REVIEWED) == result.segments == 12 == sum(result.states.values())


def test_korean_style(cfg: Project) -> None:
    translate(cfg, "article", KOREAN)
    build(cfg)
    page = built(cfg, "article")
    for rule in ('"Noto Serif CJK KR"', '"Noto Sans CJK KR"', "word-break: keep-all", "line-break: strict",
                 "line-height: 1.75"):
        assert rule in page


HOSTILE = {
    "NATO leaders meet in Madrid": "<script>document.title='pwned'</script>",
    "The leaders met on July 11.": "{{ 7*7 }} {% if true %}yes{% endif %} 7월 11일",
    "They agreed on a plan.": (
        "[누르기](javascript:alert(1)) [데이터](data:text/html,hi) [브이](VBScript:x) "
        "[그림](data:image/png;base64,iVBORw0KGgo=) ![그림](data:image/png;base64,iVBORw0KGgo=)"
    ),
    "Share information.": '<img src=x onerror="alert(1)"> 정보',
    "Hold more talks.": "<a href='javascript:alert(1)'>x</a> **굵게** & \"따옴표\"",
}


def test_everything_from_a_catalog_is_inert(cfg: Project) -> None:
    translate(cfg, "article", HOSTILE)
    build(cfg)
    for suffix in (".html", ".review.html"):
        page = built(cfg, "article", suffix)
        structure(page)
        assert "<script>" not in page
        assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
        assert "<img" not in page and "<a href='javascript" not in page
        assert 'href="javascript' not in page.lower() and 'href="vbscript' not in page.lower()
        assert "data:" not in page or ('href="data' not in page and 'src="data' not in page)
        assert "{{ 7*7 }} {% if true %}yes{% endif %} 7월 11일" in page and "49 yes" not in page
    page = built(cfg, "article")
    assert "<title>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</title>" in page
    assert "[누르기](javascript:alert(1))" in page  # the refused link stays text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 정보" in page
    assert "<strong>굵게</strong> &amp; &quot;따옴표&quot;" in page


def test_untranslated_falls_back_to_english(cfg: Project) -> None:
    translate(cfg, "article", {k: v for k, v in KOREAN.items() if k != "They agreed on a plan."})
    (result, _) = build(cfg)
    page = built(cfg, "article")
    assert (
        '<p>정상들은 7월 11일 만났다. <span lang="en" class="fallback" data-state="untranslated" '
        'title="번역 전 원문">They agreed on a plan.</span></p>'
    ) in page
    assert '<p class="note" data-kind="untranslated">1개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.</p>' in page
    assert '<p class="aside" lang="en">1 sentence is not translated yet and appears in English.</p>' in page
    assert (result.count(State.REVIEWED), result.count(State.UNTRANSLATED), result.segments) == (11, 1, 12)


MT_TITLE = "검토 전 기계 번역"
FUZZY_TITLE = "검토 중인 번역"
OUT_OF_DATE_TITLE = "원문이 수정된 뒤 아직 다시 검토되지 않은 번역"


def test_each_unpublished_state_is_marked_as_what_it_is(cfg: Project) -> None:
    # two entries a person left fuzzy, and a machine draft (fuzzy, with its machine origin)
    path = translate(
        cfg,
        "article",
        KOREAN,
        fuzzy=frozenset({"They agreed on a plan.", "Next steps", "Hold more talks."}),
        machine=frozenset({"Hold more talks."}),
    )
    (result, _) = build(cfg)
    page = built(cfg, "article")
    assert page.count('data-state="human_fuzzy"') == 2 and page.count('data-state="machine_draft"') == 1
    assert (
        f'<span class="under-review" data-state="human_fuzzy" data-label="검토 중" title="{FUZZY_TITLE}">'
        "그들은 계획에 합의했다.</span>"
    ) in page
    assert (
        f'<h2><span class="under-review" data-state="human_fuzzy" data-label="검토 중" title="{FUZZY_TITLE}">'
        "다음 단계</span></h2>"
    ) in page
    assert (
        f'<li><span class="mt-draft" data-state="machine_draft" data-label="기계 번역" title="{MT_TITLE}">'
        "회담을 더 연다.</span>"
    ) in page
    # The notice counts each kind in its own words: only machine drafts are called machine translation.
    assert (
        '<p class="note" data-kind="machine_draft" data-label="기계 번역">'
        "이 기사의 1개 문장은 아직 검토되지 않은 기계 번역입니다.</p>"
    ) in page
    assert '<p class="note" data-kind="human_fuzzy" data-label="검토 중">2개 문장은 아직 검토 중인 번역입니다.</p>' in page
    assert (
        '<p class="aside" lang="en">1 sentence of this article is unreviewed machine translation. '
        "2 sentences are translations still under review.</p>"
    ) in page
    assert page.count("기계 번역입니다") == 1
    assert result.states == {**dict.fromkeys(State, 0), State.REVIEWED: 9, State.MACHINE_DRAFT: 1, State.HUMAN_FUZZY: 2}
    assert result.summary() == (
        "build/ko/article.html: 12 sentences: 9 reviewed, 1 machine draft (marked), 2 under review (marked) "
        "(3 written, 0 unchanged)"
    )
    # a person's edit that keeps the fuzzy mark is under review, not a machine draft; clearing the mark publishes it
    edit(path, "Hold more talks.", lambda entry: setattr(entry, "msgstr", "회담을 더 많이 연다."))
    (result, _) = build(cfg)
    assert (result.count(State.MACHINE_DRAFT), result.count(State.HUMAN_FUZZY)) == (0, 3)
    assert "기계 번역" not in built(cfg, "article")
    edit(path, "Hold more talks.", lambda entry: setattr(entry, "fuzzy", False))
    (result, _) = build(cfg)
    assert (result.count(State.REVIEWED), result.count(State.HUMAN_FUZZY)) == (10, 2)
    assert "<li>회담을 더 많이 연다." in built(cfg, "article")


def out_of_date(entry: polib.POEntry, previous: str = "They agreed on the plan.") -> None:
    """What a merge leaves after the source sentence of a reviewed translation changed."""
    entry.previous_msgid = previous
    entry.fuzzy = True


def test_an_out_of_date_translation_is_the_previous_one_marked(cfg: Project) -> None:
    path = translate(cfg, "article", KOREAN)
    edit(path, "They agreed on a plan.", out_of_date)
    (result, _) = build(cfg)
    page = built(cfg, "article")
    assert (
        f'<p>정상들은 7월 11일 만났다. <span class="out-of-date" data-state="out_of_date" data-label="원문 수정됨" '
        f'title="{OUT_OF_DATE_TITLE}">그들은 계획에 합의했다.</span></p>'
    ) in page
    assert (
        '<p class="note" data-kind="out_of_date" data-label="원문 수정됨">1개 문장은 영어 원문이 수정된 뒤 '
        "아직 다시 검토되지 않아, 수정 전 원문을 옮긴 번역을 싣습니다.</p>"
    ) in page
    assert (
        "1 sentence translates an earlier version of the English text and has not been reviewed again "
        "since it was revised."
    ) in page
    assert "기계 번역" not in page
    assert "1 out of date (previous translation, marked)" in result.summary()
    text = built(cfg, "article", ".txt")
    assert "정상들은 7월 11일 만났다. 그들은 계획에 합의했다. [원문 수정됨]\n" in text
    assert text.endswith(
        "※ [원문 수정됨] 표시가 붙은 1개 문장은 영어 원문이 수정된 뒤 아직 다시 검토되지 않은, 수정 전 원문의 번역입니다.\n"
    )
    review = built(cfg, "article", ".review.html")
    row = review[review.index('<tr id="s6"') : review.index('<tr id="s7"')]
    assert '<span class="badge out_of_date">out of date</span>' in row
    assert "They agreed on <del>the</del> plan." in row and "They agreed on <ins>a</ins> plan." in row
    assert "Previous translation (of the source before)</span>그들은 계획에 합의했다.<span" in row
    # with --reviewed-only it is left out: the English source, marked as withheld
    (result, _) = build(cfg, reviewed_only=True)
    page = built(cfg, "article")
    assert (
        '<span lang="en" class="fallback" data-state="out_of_date" title="번역 검토가 끝나지 않아 싣는 영어 원문">'
        "They agreed on a plan.</span>"
    ) in page
    assert '<p class="note" data-kind="withheld">1개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다.</p>' in page
    assert "그들은 계획에 합의했다." not in page
    assert "1 out of date (shown in English)" in result.summary()


def test_reviewed_only_leaves_unpublished_translations_out(cfg: Project) -> None:
    translate(cfg, "article", KOREAN, fuzzy=frozenset({"They agreed on a plan."}))
    (result, _) = build(cfg, reviewed_only=True)
    page = built(cfg, "article")
    assert "data-label" not in page[page.index("<body>") :] and "그들은 계획에 합의했다." not in page
    assert (
        '<span lang="en" class="fallback" data-state="human_fuzzy" title="번역 검토가 끝나지 않아 싣는 영어 원문">'
        "They agreed on a plan.</span>"
    ) in page
    assert "기계 번역" not in page and "번역되지 않아" not in page
    assert '<p class="note" data-kind="withheld">1개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다.</p>' in page
    assert "1 sentence appears in English until its translation is reviewed." in page
    assert result.reviewed_only and result.count(State.HUMAN_FUZZY) == 1
    assert "1 under review (shown in English)" in result.summary()


def test_published_states_are_shown_as_they_are(cfg: Project) -> None:
    path = translate(cfg, "article", KOREAN, machine=frozenset({"Next steps"}))  # approved: fuzzy cleared
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == "Hold more talks.":
            set_origin(entry, "glossary (glossary.csv:3)")
        if entry.msgid == "Invite partners.":
            set_origin(entry, "translation memory, reviewed in locales/ko/LC_MESSAGES/other.po")
    path.write_text(generate_po(catalog), encoding="utf-8")
    (result, _) = build(cfg)
    assert (result.count(State.APPROVED), result.count(State.GLOSSARY), result.count(State.MEMORY)) == (1, 1, 1)
    page = built(cfg, "article")
    assert "<h2>다음 단계</h2>" in page and "<li>회담을 더 연다." in page and "<li>파트너를 초청한다.</li>" in page
    assert 'class="notice"' not in page and "data-state" not in page
    assert result.summary() == (
        "build/ko/article.html: 12 sentences: 9 reviewed, 1 approved machine draft, 1 from the glossary, "
        "1 from the translation memory (3 written, 0 unchanged)"
    )
    review = built(cfg, "article", ".review.html")
    for badge in ("approved machine draft", "from the glossary", "from the translation memory"):
        assert f">{badge}</span>" in review


@pytest.mark.parametrize(
    ("lang", "korean"), [("ko_KR", True), ("ko-Kore-KR", True), ("kok", False), ("de", False), ("kor", False)]
)
def test_reader_notes_follow_the_language_not_its_spelling(lang: str, korean: bool) -> None:
    texts = reader_texts(lang)
    assert (texts["marker.machine_draft"] == "기계 번역") is korean


def test_english_notes_for_other_languages_have_singular_and_plural(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    (project.root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Test"\nlanguages = ["de"]\n', encoding="utf-8"
    )
    project = Project.load(project.root)
    _, templates = extract(project)
    sync(project, templates)
    german = {k: f"[de] {v}" for k, v in KOREAN.items() if k != "Words of a leader."}
    path = translate(project, "article", german, fuzzy=frozenset({"Next steps", "Hold more talks."}),
                     machine=frozenset({"Next steps", "Hold more talks."}), lang="de")
    edit(path, "They agreed on a plan.", out_of_date)
    build(project)
    page = project.output_path("de", "article", ".html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and '<aside class="notice" role="note" lang="en">' in page
    assert ">2 sentences of this article are unreviewed machine translation.</p>" in page
    assert (
        ">1 sentence translates an earlier version of the English text and has not been reviewed again "
        "since it was revised.</p>"
    ) in page
    assert ">1 sentence is not translated yet and appears in English.</p>" in page
    assert 'class="aside"' not in page and "기계" not in page and "번역" not in page
    assert 'data-label="machine translation" title="unreviewed machine translation"' in page
    text = project.output_path("de", "article", ".txt").read_text(encoding="utf-8")
    assert "[de] 다음 단계 [machine translation]" in text and "[source revised]" in text
    assert "※ 2 sentences marked [machine translation] are unreviewed machine translation." in text
    assert (
        "※ 1 sentence marked [source revised] translates an earlier version of the English text and has not "
        "been reviewed again since it was revised."
    ) in text


@pytest.mark.parametrize(
    ("old", "new", "before", "after"),
    [
        ("a b c", "a b c", [("same", "a b c")], [("same", "a b c")]),
        ("a b c", "a x c", [("same", "a "), ("del", "b"), ("same", " c")], [("same", "a "), ("ins", "x"), ("same", " c")]),
        ("one two three four", "one 2 3 four", [("same", "one "), ("del", "two three"), ("same", " four")],
         [("same", "one "), ("ins", "2 3"), ("same", " four")]),
        ("", "new", [], [("ins", "new")]),
        ("old words", "", [("del", "old words")], []),
        # a change of spaces alone marks nothing
        ("a  b", "a b", [("same", "a  b")], [("same", "a b")]),
    ],
)  # fmt: skip
def test_word_diff(old: str, new: str, before: list, after: list) -> None:
    got_before, got_after = word_diff(old, new)
    assert (got_before, got_after) == (before, after)
    assert "".join(t for _, t in got_before) == old and "".join(t for _, t in got_after) == new


def test_min_translated_refuses_and_builds_the_others(cfg: Project) -> None:
    translate(cfg, "second", {"A short note": "짧은 메모", "Only one sentence here.": "여기에는 한 문장뿐이다."})
    half = dict(list(KOREAN.items())[:6])
    translate(cfg, "article", half)
    results = {r.doc: r for r in build(cfg, min_translated=80)}
    refused, fine = results["article"], results["second"]
    assert refused.status == "refused" and not refused.ok
    assert refused.summary() == (
        "locales/ko/LC_MESSAGES/article.po: refused: only 50% of 12 sentences are translated and reviewed, "
        "below --min-translated 80%: build/ko/article.html, build/ko/article.txt not written "
        "(review page: build/ko/article.review.html)"
    )
    assert not cfg.output_path("ko", "article", ".html").exists()
    assert not cfg.output_path("ko", "article", ".txt").exists()
    assert cfg.output_path("ko", "article", ".review.html").exists()
    assert fine.status == "built" and cfg.output_path("ko", "second", ".html").exists()
    # drafts do not count as translated
    translate(cfg, "article", KOREAN, fuzzy=frozenset(list(KOREAN)[6:]))
    (again,) = [r for r in build(cfg, min_translated=51) if r.doc == "article"]
    assert again.status == "refused"
    (enough,) = [r for r in build(cfg, min_translated=50) if r.doc == "article"]
    assert enough.status == "built"


def test_plain_text(cfg: Project) -> None:
    translate(cfg, "article", {k: v for k, v in KOREAN.items() if k != "Words of a leader."})
    build(cfg)
    assert built(cfg, "article", ".txt") == textwrap.dedent(
        """\
        외교

        NATO 정상들, 마드리드에서 회동

        동맹이 계획에 합의하다.

        Diplomacy Journal 김민지 기자
        2024년 7월 11일

        정상들은 7월 11일 만났다. 그들은 계획에 합의했다.

        다음 단계

        - 정보를 공유한다.
        - 회담을 더 연다.
           - 파트너를 초청한다.

            Words of a leader.

        code stays <b>here</b>

        * * *

        보도자료 <https://example.org/release>를 보라.

        ※ 1개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.
        """
    )


def test_review_page(cfg: Project) -> None:
    translate(
        cfg,
        "article",
        {**{k: v for k, v in KOREAN.items() if k != "Hold more talks."}, "The leaders met on July 11.": "정상들은 7월 12일 만났다."},
        fuzzy=frozenset({"Next steps"}),
    )
    build(cfg)
    page = built(cfg, "article", ".review.html")
    structure(page)
    (line,) = [e.linenum for e in read_po(cfg.catalog_path("ko", "article")) if e.msgid == "The leaders met on July 11."]
    assert "<li class=\"count\"><strong>12</strong> sentences</li>" in page
    assert '<li class="count reviewed"><strong>10</strong> reviewed</li>' in page
    assert '<li class="count human_fuzzy"><strong>1</strong> fuzzy (a person&#39;s text awaiting review)</li>' in page
    assert '<li class="count untranslated"><strong>1</strong> untranslated</li>' in page
    assert '<li class="count errors"><strong>1</strong> error</li>' in page
    assert 'class="machine_draft' not in page and 'class="count machine_draft' not in page
    assert '<label for="show-machine_draft" class="filter empty">Machine drafts <span class="n">0</span></label>' in page
    row = page[page.index('<tr id="s5"') : page.index('<tr id="s6"')]
    assert 'class="reviewed has-errors" data-state="reviewed"' in row
    assert (
        '<td class="source" lang="en" data-col="Source">The leaders met on July 11.<span class="where">line 9</span>'
        '<ul class="terms" aria-label="Glossary terms and dates"><li class="term date"><span class="from">July 11</span> '
        '<span class="to" lang="ko">7월 11일</span></li></ul></td>'
    ) in row
    assert f'정상들은 7월 12일 만났다.<span class="where">.po line {line}</span>' in row
    assert '<span class="badge reviewed">reviewed</span>\n<span class="shown">article: published</span>' in row
    assert (
        '<li class="error"><span class="check">error: numbers</span> date &#34;July 11&#34; (in Korean '
        "&#34;7월 11일&#34;) of the source is missing (the translation has 7월 12일)</li>"
    ) in row
    fuzzy = page[page.index('<tr id="s7"') : page.index('<tr id="s8"')]
    assert 'data-state="human_fuzzy"' in fuzzy
    assert "<span class=\"badge human_fuzzy\">fuzzy (a person&#39;s text awaiting review)</span>" in fuzzy
    assert "article: marked as under review" in fuzzy
    untranslated = page[page.index('<tr id="s9"') : page.index('<tr id="s10"')]
    assert '<span class="badge untranslated">untranslated</span>' in untranslated
    assert "(not translated)" in untranslated


def test_mo_files_are_readable_by_gettext(cfg: Project) -> None:
    translate(cfg, "article", KOREAN, fuzzy=frozenset({"They agreed on a plan."}))
    build(cfg, mo=True)
    mo = mo_path(cfg)
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("The leaders met on July 11.") == "정상들은 7월 11일 만났다."
    assert translations.gettext("They agreed on a plan.") == "They agreed on a plan."  # fuzzy: left out
    assert translations.info()["language"] == "ko"
    if shutil.which("msgunfmt"):
        out = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
        assert 'msgid "Next steps"\nmsgstr "다음 단계"' in out
        assert "They agreed on a plan." not in out


def test_mo_holds_only_reviewed_translations(cfg: Project) -> None:
    # The .mo is written by polib's MO writer now (was Babel's): the same guarantee, what msgfmt compiles.
    path = translate(
        cfg, "article", {k: v for k, v in KOREAN.items() if k != "Words of a leader."},
        fuzzy=frozenset({"They agreed on a plan."}),
    )
    catalog = read_po(path)
    catalog.append(polib.POEntry(msgid="Gone.", msgstr="사라졌다.", obsolete=True, encoding="utf-8"))
    path.write_text(generate_po(catalog), encoding="utf-8")
    build(cfg, mo=True)
    with mo_path(cfg).open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    reviewed = {k: v for k, v in KOREAN.items() if k not in ("Words of a leader.", "They agreed on a plan.")}
    # fuzzy, untranslated and obsolete entries are left out; the header ("") is there
    assert translations._catalog == {"": translations._catalog[""], **reviewed}
    assert translations.info()["content-type"] == "text/plain; charset=UTF-8"
    assert translations.charset() == "UTF-8"
    if shutil.which("msgfmt") and shutil.which("msgunfmt"):
        # msgfmt compiles the same messages and header from the catalog (it alone drops POT-Creation-Date,
        # which dipl10n's .mo keeps, as Babel's did)
        reference = cfg.root / "reference.mo"
        subprocess.run(["msgfmt", "-o", str(reference), str(path)], check=True)
        ours, theirs = [
            subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True).stdout
            for mo in (mo_path(cfg), reference)
        ]
        assert "\n".join(line for line in ours.split("\n") if "POT-Creation-Date" not in line) == theirs


def test_mo_reviewed_only_leaves_machine_drafts_out(cfg: Project) -> None:
    translate(cfg, "article", KOREAN, fuzzy=frozenset({"Next steps"}), machine=frozenset({"Next steps"}))
    build(cfg, mo=True, reviewed_only=True)
    with (mo_path(cfg)).open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Next steps") == "Next steps"
    assert translations.gettext("Share information.") == "정보를 공유한다."


def test_a_second_build_writes_nothing(cfg: Project) -> None:
    translate(cfg, "article", KOREAN)
    first = build(cfg, mo=True)
    before = {p: p.read_bytes() for p in cfg.config.output_dir.rglob("*") if p.is_file()}
    second = build(cfg, mo=True)
    assert [len(r.written) for r in first] == [4, 4]
    assert [r.written for r in second] == [(), ()]
    assert [len(r.unchanged) for r in second] == [4, 4]
    assert {p: p.read_bytes() for p in cfg.config.output_dir.rglob("*") if p.is_file()} == before


def test_a_document_without_a_catalog_is_skipped(cfg: Project) -> None:
    cfg.catalog_path("ko", "second").unlink()
    results = {r.doc: r for r in build(cfg)}
    assert results["second"] == BuildResult(
        "second", "ko", "locales/ko/LC_MESSAGES/second.po", "skipped",
        message="no catalog yet: run 'dipl10n update' (or 'dipl10n run') first",
    )
    assert results["second"].ok and results["article"].status == "built"


def test_plain_text_sources_are_not_markdown(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    (project.config.source_dir / "article.md").unlink()
    (project.config.source_dir / "note.txt").write_text("A *star* and <b>tag</b>.\n", encoding="utf-8")
    project = Project.load(project.root)  # the sources changed
    _, templates = extract(project)
    sync(project, templates)
    translate(project, "note", {"A *star* and <b>tag</b>.": "*별*과 <b>태그</b>."})
    build(project)
    assert "<p>*별*과 &lt;b&gt;태그&lt;/b&gt;.</p>" in built(project, "note")


@pytest.mark.parametrize("lang", ["..", "a/b", ""])
def test_output_paths_stay_in_the_output_directory(cfg: Project, lang: str) -> None:
    with pytest.raises(InputError, match="refusing"):
        cfg.output_path(lang, "article", ".html")


def test_a_symlink_out_of_the_output_directory_is_refused(cfg: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    cfg.config.output_dir.mkdir()
    (cfg.config.output_dir / "ko").symlink_to(outside)
    with pytest.raises(InputError, match="outside the output directory"):
        build(cfg)
    assert list(outside.iterdir()) == []


def test_min_translated_must_be_a_percentage(cfg: Project) -> None:
    with pytest.raises(InputError, match="percentage"):
        build(cfg, min_translated=120)


def test_headline_from_a_heading_ordered_lists_and_a_free_form_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    (project.config.source_dir / "article.md").write_text(
        "---\ndate: July 11, 2024\n---\n\n# Leaders meet\n\n1. First point.\n2. Second point.\n\n## Later\n",
        encoding="utf-8",
    )
    project = Project.load(project.root)  # the sources changed
    _, templates = extract(project)
    sync(project, templates)
    translate(project, "article", {"Leaders meet": "정상 회동", "First point.": "첫째.", "Later": "나중에"})
    build(project)
    page = built(project, "article")
    structure(page)
    assert "<title>정상 회동</title>" in page and "<h1>정상 회동</h1>" in page
    assert '<p class="byline"><time>July 11, 2024</time></p>' in page
    assert (
        '<ol>\n<li>첫째.</li>\n<li><span lang="en" class="fallback" data-state="untranslated" '
        'title="번역 전 원문">Second point.</span></li>\n</ol>'
    ) in page
    assert "<h2>나중에</h2>" in page
    assert built(project, "article", ".txt") == (
        "정상 회동\n\nJuly 11, 2024\n\n1. 첫째.\n2. Second point.\n\n나중에\n\n"
        "※ 1개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.\n"
    )
