"""The review site under ``build/<lang>/``: the index page, the review pages' filters and terms, Korean line breaking.

The project (:mod:`helpers.site`) holds every state, check errors and
warnings, and out-of-date translations, made with the real pipeline. The
HTML is checked here as text; what a reader gets (layout at 390 and 1280 px,
filters clicked, line breaks, requests) in Chromium, further down.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.checks.runner import check_catalogs
from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State
from dipl10n.project.session import Project
from dipl10n.site.index import BuildResults, build_all
from dipl10n.site.status import project_status
from dipl10n.site.typeset import keep_together
from helpers.browser import CHROMIUM, OFFLINE, DevTools
from helpers.projects import KOREAN, files, make_project, translate
from helpers.site import DOC, MACHINE, REVIEWED, S1, S2, S7, review_site_project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project of :mod:`helpers.site`, built; tests only read it."""
    return review_site_project(tmp_path_factory.mktemp("site") / "project")


def page(project: Project, name: str) -> str:
    return (project.config.output_dir / "ko" / name).read_text(encoding="utf-8")


def cli_json(project: Project, *args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--project", str(project.root)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def rows_of(index: str) -> list[str]:
    return re.findall(r'<tr class="document[^"]*" data-doc="([^"]+)">', index)


def cell(row: str, name: str) -> str:
    match = re.search(rf'<td class="num {name}" data-col="[^"]+">(\d+)', row)
    assert match, (name, row[:300])
    return match.group(1)


# -- the index page ------------------------------------------------------------------------------------


def test_the_index_lists_every_document_the_ones_that_need_work_first(site: Project) -> None:
    index = page(site, "index.html")
    # Errors first, then the words left to review: the article (1 error, 195 words), the briefing, the statement.
    assert rows_of(index) == [DOC, "briefing", "statement"]
    assert [d.doc for d in project_status(site).documents] == rows_of(index)
    assert '<h1>Diplomacy Journal</h1>' in index
    # Each row links to its review page and its article, relative and percent-encoded, and both exist.
    for name in rows_of(index):
        row = index[index.index(f'data-doc="{name}"') :].split("</tr>")[0]
        hrefs = re.findall(r'href="([^"]+)"', row)
        assert hrefs == [f"./{name}.review.html", f"./{name}.review.html", f"./{name}.html"]
        for href in hrefs:
            assert (site.config.output_dir / "ko" / urllib.parse.unquote(href[2:])).is_file()
    # No script, and a policy that would refuse one.
    assert "<script" not in index and "default-src 'none'" in index


def test_the_index_gives_the_numbers_of_stats_and_check(site: Project) -> None:
    index = page(site, "index.html")
    stats = {row["catalog"]: row for row in cli_json(site, "stats")}  # type: ignore[union-attr]
    checked = {c["path"]: c for c in cli_json(site, "check")["catalogs"]}  # type: ignore[call-overload,index]
    for name in rows_of(index):
        catalog = f"locales/ko/LC_MESSAGES/{name}.po"
        row = index[index.index(f'data-doc="{name}"') :].split("</tr>")[0]
        assert int(cell(row, "entries")) == stats[catalog]["entries"]
        assert int(cell(row, "words")) == stats[catalog]["words_to_review"]
        assert f'<span class="of">of {stats[catalog]["source_words"]}</span>' in row
        assert int(cell(row, "errors")) == checked[catalog]["errors"]
        assert int(cell(row, "warnings")) == checked[catalog]["warnings"]
        # Each state with entries, named as 'stats' names it.
        named = [html.unescape(s) for s in re.findall(r'<li class="[a-z_]+">([^<]+)</li>', row)]
        expected = {State(key).counted(n) for key, n in stats[catalog].items() if key in State._value2member_map_ and n}
        assert set(named) == expected
    totals = index[index.index('<ul class="totals"') : index.index("</ul>")]
    assert "<strong>3</strong> documents" in totals and "<strong>17</strong> entries" in totals
    assert '<li class="count errors"><strong>2</strong> errors</li>' in totals
    assert '<li class="count warnings"><strong>1</strong> warning</li>' in totals
    assert "<strong>2</strong> out of date" in totals and "<strong>3</strong> machine drafts" in totals
    words = sum(s["words_to_review"] for s in stats.values())
    assert f"<strong>{words}</strong> of {sum(s['source_words'] for s in stats.values())} source words to review" in totals


def test_the_review_page_counts_what_check_counts(site: Project) -> None:
    review = page(site, f"{DOC}.review.html")
    (summary,) = [c for c in cli_json(site, "check")["catalogs"] if DOC in c["path"]]  # type: ignore[index]
    assert (summary["errors"], summary["warnings"]) == (1, 1)
    assert '<li class="count errors"><strong>1</strong> error</li>' in review
    assert '<li class="count warnings"><strong>1</strong> warning</li>' in review
    assert '<li class="count out_of_date"><strong>2</strong> out of date</li>' in review
    assert '<a class="up" href="./index.html">All documents</a>' in review


# -- the review page: filters, terms ------------------------------------------------------------------

FILTER_ROWS = {  # the article's rows each filter shows (row numbers)
    "all": list(range(1, 13)),
    "errors": [9],
    "warnings": [10],
    "machine_draft": [6, 11],
    "out_of_date": [2, 4],
    "human_fuzzy": [7],
    "untranslated": [12],
}


def test_every_row_carries_the_classes_its_filters_select(site: Project) -> None:
    review = page(site, f"{DOC}.review.html")
    rows = dict(re.findall(r'<tr id="s(\d+)" class="([^"]+)"', review))
    classes = {int(n): set(c.split()) for n, c in rows.items()}
    wanted = {"errors": "has-errors", "warnings": "has-warnings"}
    for key, numbers in FILTER_ROWS.items():
        if key != "all":
            assert sorted(n for n, c in classes.items() if wanted.get(key, key) in c) == numbers, key
        assert re.search(rf'<label for="show-{key}" class="filter">[^<]+ <span class="n">{len(numbers)}</span></label>', review)
    # One radio input per filter, "all" checked; no script at all.
    assert re.findall(r'<input type="radio" name="show" id="show-(\w+)"', review) == list(FILTER_ROWS)
    assert '<input type="radio" name="show" id="show-all" class="show" value="all" checked>' in review
    assert "<script" not in review.lower() and not re.search(r"<[^>]+\son[a-z]+=", review)
    # A filter with no row says so.
    briefing = page(site, "briefing.review.html")
    assert '<p class="nothing" id="nothing-out_of_date">No translation is out of date.</p>' in briefing


def test_each_row_shows_its_glossary_terms_and_dates_with_the_approved_korean(site: Project) -> None:
    review = page(site, f"{DOC}.review.html")
    row = review[review.index('<tr id="s5"') : review.index('<tr id="s6"')]
    terms = row[row.index('<ul class="terms"') : row.index("</ul>")]
    assert (
        '<li class="term date"><span class="from">July 11</span> <span class="to" lang="ko">7월 11일</span></li>'
    ) in terms
    assert (
        '<li class="term glossary"><span class="from">Korea-NATO</span> <span class="to" lang="ko">'
        '<span class="nobr">한-N</span>ATO</span></li>'
    ) in terms
    assert '<li class="term keep"><span class="from">NATO</span> <span class="extra">(do not translate)</span></li>' in terms
    assert (
        '<li class="term glossary"><span class="from">President Yoon Suk-yeol</span> <span class="to" lang="ko">'
        '윤석열 대통령</span> <span class="extra" lang="ko">(also 윤석열 대한민국 대통령, 윤석열 한국 대통령)</span></li>'
    ) in terms
    # The catalog's own notes say the same (the template's extracted comments).
    (entry,) = [e for e in read_po(site.catalog_path("ko", DOC)) if e.msgid == S1]
    assert "glossary (ko): Korea-NATO = 한-NATO" in entry.comment and "date (ko): July 11 = 7월 11일" in entry.comment


def test_suppressed_findings_are_shown_and_not_counted(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    path = translate(project, "article", {**KOREAN, "The leaders met on July 11.": "정상들은 만났다."})
    catalog = read_po(path)
    (entry,) = [e for e in catalog if e.msgid == "The leaders met on July 11."]
    entry.tcomment = "ignore-numbers"
    path.write_text(generate_po(catalog), encoding="utf-8")
    (result,) = build_all(Project.load(project.root), strict=True)
    # 'check' says 0 errors, 1 suppressed: so do the build's gate and the review page.
    assert result.status == "built" and result.errors == 0
    review = page(project, "article.review.html")
    assert '<li class="count errors"><strong>0</strong> errors</li>' in review
    assert '<li class="error suppressed"><span class="check">error: numbers (suppressed by ignore-numbers)</span>' in review
    assert 'class="reviewed has-errors"' not in review


# -- Korean line breaking: the markup ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html_"),
    [
        ("한-NATO 협력", '<span class="nobr">한-N</span>ATO 협력'),
        ("기간(2014-2024) 동안", '기간(201<span class="nobr">4-2</span>024) 동안'),
        ("NATO-IP4 중점협력사업", 'NAT<span class="nobr">O-I</span>P4 중점협력사업'),
        ("유럽-대서양과", '유<span class="nobr">럽-대</span>서양과'),
        ("한-미-일", '<span class="nobr">한-미-일</span>'),
        ("9–11일", '<span class="nobr">9–1</span>1일'),  # an en dash between numbers
        # English compounds break as English does; a dash between spaces is no compound.
        ("long-term Jon-young", "long-term Jon-young"),
        ("한 - NATO", "한 - NATO"),
        # Escaped, and a letter made of conjoining jamo is never split.
        ("<b>한-NATO</b>", '&lt;b&gt;<span class="nobr">한-N</span>ATO&lt;/b&gt;'),
        ("\u1112\u1161\u11ab-NATO", '<span class="nobr">\u1112\u1161\u11ab-N</span>ATO'),
    ],
)
def test_keep_together(text: str, html_: str) -> None:
    assert str(keep_together(text)) == html_


def test_the_article_keeps_compounds_together_and_the_text_file_is_untouched(site: Project) -> None:
    article = page(site, f"{DOC}.html")
    assert '주요 국제 현안과 <span class="nobr">한-N</span>ATO 협력 방안에' in article
    assert '<span class="nobr">럽-대</span>서양과 인도\u2060·\u2060태평양' in article
    text = page(site, f"{DOC}.txt")
    assert REVIEWED[DOC][S1] in text and MACHINE[S7] in text and "\u2060" not in text and "nobr" not in text
    # The review page too (the translation as written in the catalog: no invisible characters added).
    review = page(site, f"{DOC}.review.html")
    row = review[review.index('<tr id="s6"') : review.index('<tr id="s7"')]
    assert '기간(201<span class="nobr">4-2</span>024) 동안 <span class="nobr">한-N</span>ATO 개별' in row
    assert html.unescape(re.sub(r"<[^>]+>", "", row)).count(MACHINE[S2]) == 1


def test_a_link_keeps_its_url_and_english_keeps_its_hyphens(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    translate(project, "article", {
        **{k: v for k, v in KOREAN.items() if k != "Share information."},
        "See [the release](https://example.org/release).": "[한-NATO 보도자료](https://example.org/ko-NATO-release)를 보라.",
    })  # fmt: skip
    build_all(Project.load(project.root))
    article = page(project, "article.html")
    assert '<a href="https://example.org/ko-NATO-release"><span class="nobr">한-N</span>ATO 보도자료</a>를 보라.' in article
    # An untranslated sentence is English: left as English typesets it.
    assert '<span lang="en" class="fallback" data-state="untranslated" title="번역 전 원문">Share information.</span>' in article


def test_other_languages_break_as_they_do(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    (project.root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["de"]\n', encoding="utf-8")
    from dipl10n.run.pipeline import extract, sync

    project = Project.load(project.root)
    _, templates = extract(project)
    sync(project, templates)
    translate(project, "article", {"Share information.": "EU-Kommission teilt Informationen."}, lang="de")
    build_all(Project.load(project.root))
    assert "<li>EU-Kommission teilt Informationen.</li>" in page_de(project)


def page_de(project: Project) -> str:
    return (project.config.output_dir / "de" / "article.html").read_text(encoding="utf-8")


# -- writing: through the project, nothing with --dry-run, nothing unchanged ---------------------------------


def test_a_dry_run_writes_nothing_and_says_what_it_would_write(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    translate(project, "article", KOREAN)
    before = files(project.root)
    dry = Project.load(project.root, dry_run=True)
    results = build_all(dry, mo=True)
    assert files(project.root) == before  # not a byte, not a folder
    assert not project.config.output_dir.exists()
    assert [r.status for r in results] == ["built", "built"] and len(results[0].written) == 4
    assert sorted(path for kind, path in dry.changes if kind == "write") == sorted(
        [*results[0].written, *results[1].written, "build/ko/index.html"]
    )
    assert isinstance(results, BuildResults) and [s.status for s in results.site] == ["written"]
    # For real, then a dry run of the same build: nothing would change.
    build_all(Project.load(project.root), mo=True)
    again = Project.load(project.root, dry_run=True)
    build_all(again, mo=True)
    assert again.changes == []


def test_a_dry_run_does_not_remove_a_refused_documents_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    translate(project, "article", KOREAN)
    build_all(Project.load(project.root))
    translate(project, "article", {k: "" for k in KOREAN})
    before = files(project.root)
    dry = Project.load(project.root, dry_run=True)
    (result,) = build_all(dry, min_translated=50)
    assert result.status == "refused" and result.removed == ("build/ko/article.html", "build/ko/article.txt")
    assert ("remove", "build/ko/article.html") in dry.changes
    assert files(project.root) == before
    (result,) = build_all(Project.load(project.root), min_translated=50)
    assert not project.output_path("ko", "article", ".html").exists()


def test_a_second_build_writes_nothing_not_even_the_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    translate(project, "article", KOREAN)
    build_all(Project.load(project.root))
    again = Project.load(project.root)
    results = build_all(again)
    assert again.changes == [] and [s.status for s in results.site] == ["unchanged"]
    assert results.site[0].summary() == "build/ko/index.html: review site index, 2 documents (unchanged)"


def test_a_document_named_index_keeps_its_article(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", second=False)
    (project.root / "source" / "index.md").write_text("Hello there.\n", encoding="utf-8")
    from dipl10n.run.pipeline import extract, sync

    project = Project.load(project.root)
    _, templates = extract(project)
    sync(project, templates)
    results = build_all(Project.load(project.root))
    assert [s.status for s in results.site] == ["skipped"]
    assert "source document named 'index'" in results.site[0].message
    assert "Hello there." in page(project, "index.html")  # the document's article
    assert 'class="up"' not in page(project, "article.review.html")


def test_the_findings_and_the_report_of_a_run_give_the_same_pages(site: Project, tmp_path: Path) -> None:
    # pipeline.run_project hands its check findings over (findings=...); a check report does as well (report=...).
    import shutil

    copies = []
    for way in ("findings", "report"):
        root = tmp_path / way
        shutil.copytree(site.root, root, ignore=shutil.ignore_patterns("build"))
        project = Project.load(root)
        report = check_catalogs(project, verbose=True)
        if way == "findings":
            by_catalog: dict = {}
            for finding in report.findings:
                by_catalog.setdefault(finding.path, []).append(finding)
            build_all(project, findings=by_catalog)
        else:
            build_all(project, report=report)
        copies.append(files(root / "build"))
    assert copies[0] == copies[1] == files(site.root / "build")


# -- in Chromium: layout, filters, line breaking, requests ---------------------------------------------------

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium fonts-noto-cjk)"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium for the module's tests (each loads its page afresh); it resolves no host name."""
    with DevTools(tmp_path_factory.mktemp("profile"), args=OFFLINE) as devtools:
        yield devtools


def load(browser: DevTools, project: Project, name: str, width: int) -> None:
    path = project.config.output_dir / "ko" / name
    if browser.session is None:
        browser.open(path, width=width, enable=("Network.enable",))
    else:
        browser.viewport(width)
        browser.navigate(path)


#: Widths (px) of the narrowest column or card each page must keep at 390 and 1280 px.
READABLE = {360: 150, 390: 150, 1280: 300}

LAYOUT = """(() => {
  const root = document.scrollingElement;
  const width = (selector) => [...document.querySelectorAll(selector)]
    .filter(e => getComputedStyle(e).display !== 'none' && e.offsetParent !== null)
    .map(e => e.getBoundingClientRect().width);
  const outside = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect(); return r.width && (r.right > innerWidth + 0.5 || r.left < -0.5);
  }).map(e => e.tagName + '.' + e.className);
  return {scroll: root.scrollWidth, inner: innerWidth, outside,
          source: width('td.source'), translation: width('td.translation'), doc: width('td.doc'),
          progress: width('td.progress'), article: width('article'), cards: width('tbody tr')};
})()"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [360, 390, 1280])
@pytest.mark.parametrize("name", ["index.html", f"{DOC}.review.html", f"{DOC}.html", "briefing.review.html"])
def test_pages_fit_the_screen_with_readable_columns(site: Project, browser: DevTools, name: str, width: int) -> None:
    load(browser, site, name, width)
    layout = browser.evaluate(LAYOUT)
    assert layout["scroll"] <= layout["inner"] == width, layout
    assert layout["outside"] == [], layout["outside"][:5]
    least = READABLE[width]
    if name.endswith(".review.html"):
        assert layout["source"] and min(layout["source"] + layout["translation"]) >= least, layout
        if width < 400:  # a card per sentence: source above translation, each the card's width
            assert min(layout["cards"]) >= width - 50 and layout["source"] == layout["translation"]
    elif name == "index.html":
        assert min(layout["doc"]) >= least and min(layout["progress"]) >= least, layout
    else:
        assert layout["article"] and layout["article"][0] >= (300 if width < 400 else 500), layout


VISIBLE = """[...document.querySelectorAll('tbody tr')]
  .filter(tr => getComputedStyle(tr).display !== 'none').map(tr => Number(tr.id.slice(1)))"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_filters_show_and_hide_the_right_rows(site: Project, browser: DevTools, width: int) -> None:
    load(browser, site, f"{DOC}.review.html", width)
    for key, numbers in [*list(FILTER_ROWS.items())[1:], ("all", FILTER_ROWS["all"])]:
        browser.click(f'label[for="show-{key}"]')
        assert browser.evaluate(f"document.getElementById('show-{key}').checked"), key
        assert browser.evaluate(VISIBLE) == numbers, key
        # The chosen filter looks chosen.
        assert browser.evaluate(
            f"getComputedStyle(document.querySelector('label[for=\"show-{key}\"]')).color"
        ) == "rgb(255, 255, 255)", key


@pytest.mark.browser
@needs_chromium
def test_paper_gets_every_row_whatever_the_filter_and_keeps_rows_whole(site: Project, browser: DevTools) -> None:
    load(browser, site, f"{DOC}.review.html", 1280)
    browser.click('label[for="show-errors"]')
    assert browser.evaluate(VISIBLE) == [9]
    browser.call("Emulation.setEmulatedMedia", media="print")
    try:
        assert browser.evaluate(VISIBLE) == FILTER_ROWS["all"]
        assert set(browser.evaluate("[...document.querySelectorAll('tbody tr')].map(tr => getComputedStyle(tr).breakInside)")) == {"avoid"}
        assert browser.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")


@pytest.mark.browser
@needs_chromium
def test_a_filter_with_no_row_says_so(site: Project, browser: DevTools) -> None:
    load(browser, site, "briefing.review.html", 390)
    shown = "getComputedStyle(document.getElementById('nothing-out_of_date')).display"
    assert browser.evaluate(shown) == "none"
    browser.click('label[for="show-out_of_date"]')
    assert browser.evaluate(VISIBLE) == [] and browser.evaluate(shown) == "block"


#: Where the lines of an element's text break: for every occurrence of ``needle``, whether it sits on one line,
#: and for every opening bracket, whether a line ends right after it.
LINES = """((selector, needles) => {
  const split = [], afterOpening = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const chars = [];  // every character with its text node and offset
    for (let node; (node = walker.nextNode());) for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
    const text = chars.map(([n, i]) => n.data[i]).join('');
    const top = (k) => { const r = document.createRange(); r.setStart(chars[k][0], chars[k][1]);
      r.setEnd(chars[k][0], chars[k][1] + 1); const rects = r.getClientRects(); return rects.length ? rects[0].top : null; };
    for (const needle of needles) for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const tops = [...needle].map((_, k) => top(at + k)).filter(t => t !== null);
      if (Math.max(...tops) - Math.min(...tops) > 2) split.push(needle + '@' + element.getBoundingClientRect().width);
    }
    for (let k = 0; k + 1 < text.length; k++) if ('([{（“‘「『《〈«'.includes(text[k]) && top(k + 1) !== null && top(k) !== null
        && top(k + 1) - top(k) > 2) afterOpening.push(text.slice(k, k + 6));
  }
  return {split, afterOpening};
})"""
COMPOUNDS = ["한-NATO", "2014-2024", "NATO-IP4", "유럽-대서양"]


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_no_line_breaks_inside_a_compound_or_after_an_opening_bracket(site: Project, browser: DevTools, width: int) -> None:
    load(browser, site, f"{DOC}.html", width)
    found = browser.evaluate(f"{LINES}('.body p, h1, .standfirst', {json.dumps(COMPOUNDS)})")
    assert found == {"split": [], "afterOpening": []}
    # Narrower and narrower: the paragraphs at widths from 240 px (the longest word's) to 400 px; the review page.
    sweep = f"""(() => {{ const out = {{split: [], afterOpening: []}};
      for (let w = 240; w <= 400; w += 8) {{ document.querySelector('article').style.maxWidth = w + 'px';
        const f = {LINES}('.body p', {json.dumps(COMPOUNDS)}); out.split.push(...f.split); out.afterOpening.push(...f.afterOpening); }}
      return out; }})()"""
    assert browser.evaluate(sweep) == {"split": [], "afterOpening": []}
    load(browser, site, f"{DOC}.review.html", width)
    assert browser.evaluate(f"{LINES}('td.translation', {json.dumps(COMPOUNDS)})") == {"split": [], "afterOpening": []}


@pytest.mark.browser
@needs_chromium
def test_the_line_check_does_see_a_compound_break_in_this_setup(site: Project, browser: DevTools) -> None:
    # The control: the same paragraph without the spans breaks inside 한-NATO at some width.
    load(browser, site, f"{DOC}.html", 390)
    sweep = f"""(() => {{ const p = document.querySelector('.body p'); p.textContent = p.textContent; const out = [];
      for (let w = 240; w <= 400; w += 1) {{ document.querySelector('article').style.maxWidth = w + 'px';
        out.push(...{LINES}('.body p:first-child', ['한-NATO']).split); }}
      return out; }})()"""
    assert browser.evaluate(sweep), "no width splits an unprotected 한-NATO: the check above would prove nothing"


@pytest.mark.browser
@needs_chromium
def test_no_request_leaves_the_machine(site: Project, browser: DevTools) -> None:
    # The browser resolves every host name to nowhere (OFFLINE), and records every request it makes.
    load(browser, site, "index.html", 390)
    since = len(browser.events)
    for name in ["index.html", f"{DOC}.review.html", f"{DOC}.html", "briefing.review.html"]:
        browser.navigate(site.config.output_dir / "ko" / name)
        if name.endswith(".review.html"):
            browser.click('label[for="show-errors"]')
            browser.click('label[for="show-all"]')
    browser.wait_for("Network.loadingFinished", 0.2)
    requested = [
        e["params"]["request"]["url"] for e in browser.events[since:] if e.get("method") == "Network.requestWillBeSent"
    ]
    assert [urllib.parse.unquote(url).rsplit("/", 1)[1] for url in requested] == [
        "index.html", f"{DOC}.review.html", f"{DOC}.html", "briefing.review.html"
    ]
    assert all(url.startswith("file:///") for url in requested), requested
