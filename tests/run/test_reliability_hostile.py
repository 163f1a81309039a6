"""Hostile content: markup, scripts and path tricks in translations, sources, glossaries and folders.

Whatever a catalog, a source document or the glossary holds is data: every
output (article HTML, review HTML, plain text, ``.mo``) shows it as text or
as the few safe Markdown elements (emphasis, http/https/mailto links), never
as a script, an event handler, a dangerous link or evaluated template code.
Nothing a project's files say can make dipl10n write outside the project
(and the packages directory; see test_reliability_input.py for archives with
``..`` entries).
"""

from __future__ import annotations

import gettext
import hashlib
import html.parser
import os
import sys
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import comment_lines
from helpers.projects import by_msgid, changed, files, ran

EXIT_BAD_INPUT = 2

#: Translations a hostile (or careless) reviewer or engine might write.
HOSTILE = [
    "<script>alert(1)</script>외교",
    "<img src=x onerror=alert(2)>",
    "<svg/onload=alert(3)>",
    '<a href="javascript:alert(4)">누르기</a>',
    "<div onclick=\"alert(5)\">블록</div>",
    "</p></article><script>alert(6)</script>",
    "<!-- <script>alert(7)</script> --> <![CDATA[ <script>alert(8)</script> ]]>",
    "<style>body{display:none}</style><iframe src=//evil.example></iframe>",
    "{{ 7*7 }}",
    "{% raw %}{{ config }}{% endraw %} {{ ''.__class__.__mro__ }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "[링크](javascript:alert(9))",
    "[링크](JaVaScRiPt:alert(10)) [링크](  javascript:alert(11)) [링크](java\tscript:alert(12))",
    "[데이터](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=)",
    "[vb](vbscript:msgbox(14)) [파일](file:///etc/passwd)",
    "[엔티티](&#106;avascript:alert(15)) [엔티티](javascript&colon;alert(16))",
    "<javascript:alert(17)> <data:text/html,<script>alert(18)</script>>",
    "[참조][r]\n\n[r]: javascript:alert(19)",
    "![그림](javascript:alert(20)) ![그림](data:image/svg+xml,<svg onload=alert(21)>)",
    "[안전한 링크](https://example.org/기사?a=1&b=\"2\") <https://example.org/auto>",
    "\"따옴표\" 'apostrophe' & &amp; &lt;b&gt; <b>굵게</b>",
]
SAFE_SCHEMES = ("http:", "https:", "mailto:")


@pytest.fixture
def hostile_project(project: Path, invoke) -> Path:
    """The project with a document of one sentence per hostile translation, translated and reviewed."""
    body = "\n\n".join(f"Sentence number {n}." for n in range(len(HOSTILE)))
    (project / "source" / "hostile.md").write_text(
        "---\nkicker: Diplomacy\nheadline: Sentence number 0.\nbyline: Sentence number 1.\ndate: 2024-07-11\n---\n\n"
        + body + "\n",
        encoding="utf-8",
    )
    ran(invoke(project, "run", "--no-mt"))
    path = project / "locales" / "ko" / "LC_MESSAGES" / "hostile.po"
    catalog = read_po(path)
    entries = by_msgid(catalog)
    for number, text in enumerate(HOSTILE):
        entries[f"Sentence number {number}."].msgstr = text
    path.write_text(generate_po(catalog), encoding="utf-8")
    # Half reviewed, half unreviewed machine drafts: both are shown, in different markup.
    ran(invoke(project, "run", "--no-mt"))
    ran(invoke(project, "build", "--mo"))
    return project



class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and every comment, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


#: What the templates themselves use; Markdown adds em, strong, code, a.
ALLOWED_TAGS = {
    "del", "ins", "html", "head", "meta", "title", "style", "body", "article", "header", "main", "aside", "div", "p", "span",
    "time", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr", "em",
    "strong", "a", "table", "thead", "tbody", "tr", "th", "td", "br",
    "nav", "label", "input",  # the review page's filters: radio inputs and their labels, no script
}  # fmt: skip


def assert_inert_html(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> in the page"
        if tag == "input":
            assert attrs.get("type") == "radio" and set(attrs) <= {"type", "name", "id", "class", "value", "checked"}, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                url = (value or "").strip().lower()
                scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
                assert not scheme or url.startswith(SAFE_SCHEMES), f"{name}={value!r} on <{tag}>"
    assert [t for t, _ in parser.tags].count("style") == 1  # the page's own stylesheet
    assert parser.comments == []
    return parser


def test_hostile_translations_are_inert_in_the_article_and_the_review_page(hostile_project):
    for name in ("hostile.html", "hostile.review.html"):
        page = (hostile_project / "build" / "ko" / name).read_text(encoding="utf-8")
        parser = assert_inert_html(page)
        text = "".join(parser.text)
        # The translations are there, as text a reader sees (not dropped).
        for shown in ("<script>alert(1)</script>외교", "<img src=x onerror=alert(2)>", "{{ 7*7 }}",
                      "{% raw %}{{ config }}{% endraw %}", "</p></article><script>alert(6)</script>"):
            assert shown in text, (name, shown)
        # The one safe link is a link; the refused ones stay text.
        links = [attrs.get("href") for tag, attrs in parser.tags if tag == "a"]
        if name == "hostile.html":
            assert "https://example.org/%EA%B8%B0%EC%82%AC?a=1&b=%222%22" in links
            assert "https://example.org/auto" in links
            assert "[링크](javascript:alert(9))" in text
        assert all(link.startswith(("https://", "./hostile.html", "./index.html")) for link in links), links


def test_hostile_translations_are_plain_text_in_the_text_output(hostile_project):
    text = (hostile_project / "build" / "ko" / "hostile.txt").read_text(encoding="utf-8")
    # Written as they are: a text file runs nothing, and template code is not evaluated.
    for shown in ("<script>alert(1)</script>외교", "{{ 7*7 }}", "{% raw %}{{ config }}{% endraw %}",
                  "[링크](javascript:alert(9))", "<img src=x onerror=alert(2)>"):
        assert shown in text
    assert "49" not in text
    # Only safe links get their URL spelled out after the link text.
    assert "안전한 링크 <https://example.org/%EA%B8%B0%EC%82%AC?a=1&b=%222%22>" in text
    assert " <javascript:" not in text.replace("<javascript:alert(17)>", "")


def test_hostile_translations_are_data_in_the_mo_file(hostile_project):
    path = hostile_project / "build" / "ko" / "LC_MESSAGES" / "hostile.mo"
    with open(path, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    for number, text in enumerate(HOSTILE):
        assert translations.gettext(f"Sentence number {number}.") == text


def test_hostile_markdown_source_is_inert_untranslated(project, invoke):
    """A source document with raw HTML, scripts and link tricks, shown as the untranslated fallback."""
    source = project / "source" / "evil.md"
    source.write_text(
        "---\n"
        "kicker: <script>alert('kicker')</script>\n"
        "headline: \"<img src=x onerror=alert('headline')>\"\n"
        "byline: '{{ 7*7 }} {% raw %}'\n"
        "date: <b>2024</b>\n"
        "---\n\n"
        "<script>alert('raw block')</script>\n\n"
        "<div onclick=\"alert('div')\">\nA raw HTML block.\n</div>\n\n"
        "Inline <img src=x onerror=alert('inline')> html and <b onmouseover=alert(1)>bold</b> text.\n\n"
        "A [link](javascript:alert('link')) and [ref][evil] and <javascript:alert('auto')>.\n\n"
        "[evil]: javascript:alert('definition')\n\n"
        "## <iframe src=//evil.example></iframe> heading\n\n"
        "```\n</code></pre><script>alert('code')</script>\n```\n\n"
        "- item <svg onload=alert('svg')>\n",
        encoding="utf-8",
    )
    ran(invoke(project, "run", "--no-mt"))
    ran(invoke(project, "build", "--mo"))
    for name in ("evil.html", "evil.review.html"):
        page = (project / "build" / "ko" / name).read_text(encoding="utf-8")
        text = "".join(assert_inert_html(page).text)
        for shown in ("<script>alert('kicker')</script>", "<img src=x onerror=alert('headline')>",
                      "<img src=x onerror=alert('inline')>", "[link](javascript:alert('link'))",
                      "<iframe src=//evil.example></iframe> heading"):
            assert shown in text, (name, shown)
    article = (project / "build" / "ko" / "evil.html").read_text(encoding="utf-8")
    # The code block is shown as code, escaped.
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;" in article
    # Raw HTML blocks are text: translated like any paragraph, shown escaped, never lost.
    text = "".join(assert_inert_html(article).text)
    assert "<script>alert('raw block')</script>" in text and "A raw HTML block." in text
    plain = (project / "build" / "ko" / "evil.txt").read_text(encoding="utf-8")
    assert "<script>alert('kicker')</script>" in plain and "49" not in plain


def test_hostile_text_source_is_inert(project, invoke):
    (project / "source" / "plain.txt").write_text(
        "<script>alert('text')</script> A plain text article.\n\n"
        "[x](javascript:alert('txt')) <img src=x onerror=alert(1)> {{ 7*7 }}\n",
        encoding="utf-8",
    )
    ran(invoke(project, "run", "--no-mt"))
    for name in ("plain.html", "plain.review.html"):
        page = (project / "build" / "ko" / name).read_text(encoding="utf-8")
        text = "".join(assert_inert_html(page).text)
        assert "<script>alert('text')</script>" in text
        assert "[x](javascript:alert('txt'))" in text


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_character_reference_of_thousands_of_digits_is_text_and_every_later_run_works(project, invoke, suffix):
    """``&#1111…;`` (4,301 digits) once stopped the run after the pages, before the state: every later run too."""
    huge = "&#" + "1" * 4301 + ";"
    (project / "source" / f"refs{suffix}").write_text(
        f"Diplomacy needs {huge} patience.\n\nAlso &#x{'f' * 5000}; and &#{'0' * 5000}65; and &#{'9' * 20}.\n",
        encoding="utf-8",
    )
    for _ in range(2):
        result = invoke(project, "run", "--no-mt")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        ran(result)
    assert (project / ".dipl10n" / "state.json").is_file()
    plain = (project / "build" / "ko" / "refs.txt").read_text(encoding="utf-8")
    assert "1" * 4301 in plain  # the reference is the source's text, kept as it is
    result = invoke(project, "run", "--no-mt")
    ran(result)
    assert "nothing" in result.output.lower(), result.output  # the state was written: nothing changed since


def test_hostile_glossary_is_inert(project, invoke):
    glossary = project / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("Diplomacy,외교,", "Diplomacy,<script>alert('외교')</script>,", 1)
        + '"a.*b(",<img src=x onerror=alert(1)>,"<b>note</b> {{ 7*7 }}",,,"(?:x)|[",,\n',
        encoding="utf-8",
    )
    ran(invoke(project, "run", "--no-mt"))
    catalog = read_po(project / "locales" / "ko" / "LC_MESSAGES" / "nato-yoon-stoltenberg.po")
    # The kicker was filled from the glossary, as text; the regex-like term matched nothing else.
    assert by_msgid(catalog)["Diplomacy"].msgstr == "<script>alert('외교')</script>"
    assert not any("a.*b(" in c for e in catalog for c in comment_lines(e.comment))
    for name in ("nato-yoon-stoltenberg.html", "nato-yoon-stoltenberg.review.html"):
        page = (project / "build" / "ko" / name).read_text(encoding="utf-8")
        assert "<script>alert('외교')</script>" in "".join(assert_inert_html(page).text)


# -- nothing is written outside the project ------------------------------------------------------


def outside(tmp_path: Path, project: Path) -> list[tuple[str, str]]:
    """Every path under ``tmp_path`` except the project's, with a digest of its content."""
    rows = []
    for path in sorted(tmp_path.rglob("*")):
        if path == project or project in path.parents:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else ""
        rows.append((path.relative_to(tmp_path).as_posix(), digest))
    return rows


def inside(project: Path) -> None:
    """Every file under the project resolves inside it."""
    root = project.resolve()
    for path in project.rglob("*"):
        if path.is_file():
            assert root in path.resolve().parents, path


def test_catalog_header_and_references_pointing_outside_write_nothing_there(project, invoke, tmp_path):
    ran(invoke(project, "run", "--no-mt"))
    path = project / "locales" / "ko" / "LC_MESSAGES" / "nato-yoon-stoltenberg.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Language: ko", "Language: ../../../../outside")
    text = text.replace("#: source/", "#: ../../../../outside/x.md:1 /etc/passwd:2 source/")
    text = text.replace('"X-Generator:', '"X-Output: ../../../../outside/pwned\\n"\n"X-Generator:', 1)
    path.write_text(text, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    before = outside(tmp_path, project)
    for command in (("run", "--no-mt"), ("build", "--mo"), ("check",), ("update",)):
        result = invoke(project, *command)
        assert result.exit_code in (0, 1), result.output
    assert outside(tmp_path, project) == before
    inside(project)


ODD_NAMES = [
    "<script>alert(1)<",
    "a b  c",
    "한국어 기사",
    "-rf",
    "it's",
    "$(touch pwned)",
    "`touch pwned`",
    "%2e%2e%2fescape",
    "x\u202etxt.exe",
    "CON",
    "tricky..",
    "ends with space ",
]


def test_source_file_names_with_odd_characters_stay_inside(project, invoke, tmp_path):
    for name in ODD_NAMES:
        (project / "source" / f"{name}.md").write_text(f"# Article {name!r}\n\nIts only sentence.\n", encoding="utf-8")
    before = outside(tmp_path, project)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ran(invoke(project, "run", "--no-mt"))
        ran(invoke(project, "build", "--mo"))
    finally:
        os.chdir(cwd)
    assert outside(tmp_path, project) == before
    assert not (tmp_path / "pwned").exists() and not (project / "pwned").exists()
    inside(project)
    for name in ODD_NAMES:
        assert (project / "locales" / "ko" / "LC_MESSAGES" / f"{name}.po").is_file(), name
        page = (project / "build" / "ko" / f"{name}.html").read_text(encoding="utf-8")
        assert_inert_html(page)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_symlinked_language_folder_pointing_outside_is_refused(project, invoke, tmp_path):
    ran(invoke(project, "run", "--no-mt"))
    target = tmp_path / "elsewhere"
    target.mkdir()
    build = project / "build" / "ko"
    for path in build.iterdir():
        path.unlink()
    build.rmdir()
    build.symlink_to(target, target_is_directory=True)
    before_project = files(project)
    for command in (("build",), ("run", "--no-mt")):
        result = invoke(project, *command)
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert "resolves outside the output directory" in result.output
    assert list(target.iterdir()) == []
    assert changed(before_project, files(project)) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_page_that_is_a_link_to_a_file_elsewhere_is_refused(project, invoke, tmp_path):
    ran(invoke(project, "run", "--no-mt"))
    victim = tmp_path / "victims" / "index.html"
    victim.parent.mkdir()
    victim.write_text("someone else's page", encoding="utf-8")
    page = project / "build" / "ko" / "nato-yoon-stoltenberg.html"
    page.unlink()
    page.symlink_to(victim)
    result = invoke(project, "build")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "build/ko/nato-yoon-stoltenberg.html: refusing to write " in result.output
    assert "it resolves outside the output directory" in result.output
    assert victim.read_text(encoding="utf-8") == "someone else's page"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_catalog_that_is_a_link_to_a_file_elsewhere_is_replaced_not_followed(project, invoke, tmp_path):
    """The link is replaced by the merged catalog; the file it pointed to is left as it was."""
    ran(invoke(project, "run", "--no-mt"))
    catalog = project / "locales" / "ko" / "LC_MESSAGES" / "nato-yoon-stoltenberg.po"
    victim = tmp_path / "victims" / "shared.po"
    victim.parent.mkdir()
    victim.write_bytes(catalog.read_bytes())
    shared = victim.read_bytes()
    catalog.unlink()
    catalog.symlink_to(victim)
    src = project / "source" / "nato-yoon-stoltenberg.md"
    src.write_text(src.read_text(encoding="utf-8").replace("Lee Jon-young", "Lee Jon-young, Seoul"), encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))
    assert victim.read_bytes() == shared
    assert not catalog.is_symlink()
    assert "By Diplomacy Journal Lee Jon-young, Seoul" in by_msgid(read_po(catalog))
