"""Hostile names and content, round two: file names as URLs, remote images, terminal escapes,
source links out of the project, control characters in the configuration and the glossary,
and a build that stops on a broken catalog without writing anything.

Each test drives the CLI the way a user does and checks what lands on disk.
"""

from __future__ import annotations

import gettext
import html.parser
import os
import re
import sys
import urllib.parse
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from helpers.projects import KOREAN, by_msgid, changed, files, make_project, ran, translate

EXIT_CHECKS_FAILED = 1
EXIT_BAD_INPUT = 2

#: What no output may hold: C0 controls but line feed and tab, DEL, C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Tags(html.parser.HTMLParser):
    """Every start tag of a page with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def urls(parser: Tags, attribute: str) -> list[str]:
    return [attrs[attribute] or "" for _, attrs in parser.tags if attribute in attrs]


def project_with(tmp_path: Path, translations: dict[str, str]):
    """The small test project (article and second document) with ``translations`` reviewed in the article."""
    project = make_project(tmp_path / "project")
    translate(project, "article", {**KOREAN, **translations})
    return project


# -- (3) a file name is never a URL ----------------------------------------------------------------------

HOSTILE_NAMES = [
    "javascript:document.title='pwned';x",
    "JavaScript:alert(1)",
    "data:text,hi",
    "vbscript:msgbox(1)",
    "?x",
    "#x",
    "%2e%2e%2fx",
    "a b",
    "한국어 기사",
    " javascript:alert(2)",
]


def test_file_names_link_to_the_article_by_a_relative_percent_encoded_path(tmp_path: Path, invoke) -> None:
    project = make_project(tmp_path / "project", second=False)
    for name in HOSTILE_NAMES:
        (project.root / "source" / f"{name}.txt").write_text(f"Article {name!r} here.\n", encoding="utf-8")
    ran(invoke(project.root, "run", "--no-mt"))
    for name in HOSTILE_NAMES:
        review = project.output_path("ko", name, ".review.html")
        article = project.output_path("ko", name, ".html")
        # The review page links to the site's index (./index.html) and to its article.
        index, href = urls(parse(review.read_text(encoding="utf-8")), "href")
        assert index == "./index.html"
        assert href == "./" + urllib.parse.quote(f"{name}.html", safe=""), name
        parts = urllib.parse.urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", ""), (name, href)
        # Resolved against the review page as a browser does, the link is the article.
        target = urllib.parse.urljoin(review.resolve().as_uri(), href)
        assert target == article.resolve().as_uri(), name


# -- (4) remote images are never loaded ------------------------------------------------------------------

REMOTE = {
    "The leaders met on July 11.": "정상들은 7월 11일 만났다. ![지도](https://evil.example/a.png)",
    "They agreed on a plan.": "그들은 계획에 합의했다. ![사진](//evil.example/b.png) ![x](/\\evil.example/c.png)",
    "Share information.": "정보를 공유한다. ![](http://evil.example/d.png) ![x](\\\\evil.example\\e.png)",
    "Hold more talks.": "회담을 더 연다. ![지도](map.png) [링크](//evil.example/f)",
}


def same_host(url: str) -> bool:
    """Whether ``url``, on a page served from a site or opened from disk, stays on that site or disk."""
    served = urllib.parse.urlsplit(urllib.parse.urljoin("https://site.example/ko/page.html", url))
    on_disk = urllib.parse.urlsplit(urllib.parse.urljoin("file:///home/reader/build/ko/page.html", url))
    return served.netloc == "site.example" and on_disk.scheme == "file" and on_disk.netloc == ""


def test_remote_images_are_links_never_images(tmp_path: Path, invoke) -> None:
    project = project_with(tmp_path, REMOTE)
    ran(invoke(project.root, "build"))
    for suffix in (".html", ".review.html"):
        page = parse(project.output_path("ko", "article", suffix).read_text(encoding="utf-8"))
        # Nothing is loaded from another host: only relative images (a backslash is percent-encoded, a file name).
        assert sorted(urls(page, "src")) == ([] if suffix == ".review.html" else ["%5Cevil.example%5Ce.png", "map.png"])
        assert all(same_host(src) for src in urls(page, "src"))
        # Links: to a site by its scheme (clicked, not loaded), or on this one; never protocol-relative.
        for href in urls(page, "href"):
            assert href.startswith(("https://", "http://")) or same_host(href), (suffix, href)
    article = parse(project.output_path("ko", "article", ".html").read_text(encoding="utf-8"))
    links = [(attrs.get("href"), attrs.get("class")) for tag, attrs in article.tags if tag == "a"]
    assert ("https://evil.example/a.png", "remote-image") in links
    assert ("http://evil.example/d.png", "remote-image") in links
    text = "".join(article.text)
    # The alt text is the link's text (the URL when there is none); protocol-relative ones stay as written.
    assert "정상들은 7월 11일 만났다. 지도" in text and "정보를 공유한다. http://evil.example/d.png" in text
    assert "![사진](//evil.example/b.png)" in text and "[링크](//evil.example/f)" in text
    plain = project.output_path("ko", "article", ".txt").read_text(encoding="utf-8")
    assert "정상들은 7월 11일 만났다. 지도 <https://evil.example/a.png>" in plain


def test_check_warns_about_remote_images(tmp_path: Path, invoke) -> None:
    project = project_with(tmp_path, REMOTE)
    result = invoke(project.root, "check")
    warned = re.findall(r'warning: markup: image "([^"]+)" is not a relative path', result.output)
    assert sorted(warned) == sorted(
        ["https://evil.example/a.png", "//evil.example/b.png", "/%5Cevil.example/c.png", "http://evil.example/d.png"]
    ), result.output
    assert "map.png" not in "".join(warned)


# -- (5) terminal escapes --------------------------------------------------------------------------------

ESCAPES = {
    "The leaders met on July 11.": "정상들은 7월 11일 만났다.\x1b]0;pwned\x07",
    "They agreed on a plan.": "그들은 \x1b]52;c;cHduZWQ=\x07계획에 합의했다.",
    "Share information.": "정보를\x9b31m 공유한다.\x9d0;x\x9c",
    "Hold more talks.": "회담을\r더 연다.\x7f\x08",
}


@pytest.fixture
def escaped(tmp_path: Path):
    project = project_with(tmp_path, ESCAPES)
    # One more written with the PO escapes an editor would show: \033 and \a.
    path = project.catalog_path("ko", "article")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "한 정상의 말."', 'msgstr "한 정상의 말.\\033]0;pwned\\a"')
    text = text.replace('"Last-Translator: ', '"Last-Translator: \\033]0;header\\a', 1)
    assert "\\033]0;pwned" in text and "\\033]0;header" in text
    path.write_text(text, encoding="utf-8")
    return project


def test_check_reports_control_characters_as_errors(escaped, invoke) -> None:
    result = invoke(escaped.root, "check")
    assert result.exit_code == EXIT_CHECKS_FAILED, result.output
    found = re.findall(r"error: controls: control characters? ([^:]+) in the translation", result.output)
    assert len(found) == 5, result.output
    assert "U+001B (ESC), U+0007 (BEL)" in found[0]
    assert "U+009B (CSI), U+009D (OSC), U+009C" in result.output
    assert "U+000D (CR), U+007F (DEL), U+0008 (BS)" in result.output
    # What check prints is safe in a terminal itself: the messages show no control character.
    assert not CONTROL.search(result.output)


def test_control_characters_never_reach_an_output(escaped, invoke) -> None:
    result = invoke(escaped.root, "build", "--mo")
    assert result.exit_code == EXIT_CHECKS_FAILED, result.output  # the publishing gate: pages written, errors
    assert "5 reviewed with control characters (shown in English)" in result.output
    assert not CONTROL.search(result.output)
    out = escaped.root / "build" / "ko"
    for name in ("article.html", "article.txt", "article.review.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert not CONTROL.search(text), name
        assert "pwned" not in text or name == "article.review.html", name
    # The article and the text show the source sentences instead.
    article = "".join(parse((out / "article.html").read_text(encoding="utf-8")).text)
    plain = (out / "article.txt").read_text(encoding="utf-8")
    for source in ESCAPES:
        assert source in article and source in plain, source
    # The review page shows them, visibly.
    review = "".join(parse((out / "article.review.html").read_text(encoding="utf-8")).text)
    assert "정상들은 7월 11일 만났다.\u241b]0;pwned\u2407" in review
    assert "정보를[U+009B]31m 공유한다.[U+009D]0;x[U+009C]" in review
    assert "회담을\u240d더 연다.\u2421\u2408" in review
    assert "control characters in the translation" in review
    # The .mo leaves them out: gettext falls back to the source.
    with open(out / "LC_MESSAGES" / "article.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for source in [*ESCAPES, "Words of a leader."]:
        assert mo.gettext(source) == source
    assert mo.gettext("Next steps") == "다음 단계"
    assert mo.info()["last-translator"] == "]0;header" and not any(CONTROL.search(v) for v in mo.info().values())


def test_a_translation_without_control_characters_is_published_again(escaped, invoke) -> None:
    path = escaped.catalog_path("ko", "article")
    catalog = read_po(path)
    by_msgid(catalog)["Share information."].msgstr = "정보를 공유한다."
    path.write_text(generate_po(catalog), encoding="utf-8")
    invoke(escaped.root, "build")
    assert "정보를 공유한다." in escaped.output_path("ko", "article", ".txt").read_text(encoding="utf-8")


# -- source documents that are links out of the source directory ----------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
@pytest.mark.parametrize("command", [("run", "--no-mt"), ("extract",), ("build",), ("check",)])
def test_a_source_link_pointing_outside_is_refused(tmp_path: Path, invoke, command) -> None:
    project = make_project(tmp_path / "project", second=False)
    secret = tmp_path / "secret" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project.root / "source" / "passwd.txt").symlink_to(secret)
    before = files(project.root)
    result = invoke(project.root, *command)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and line.endswith(
        f"source/passwd.txt: the document is a symbolic link to {str(secret.resolve())!r}, outside the source "
        "directory; dipl10n reads only files inside it: copy the file into the folder, or remove the link"
    ), line
    assert changed(before, files(project.root)) == []
    assert not any("root:x:0:0" in data.decode("utf-8", "replace") for data in files(project.root).values())


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_source_links_inside_the_folder_work_and_dangling_ones_outside_are_refused(tmp_path: Path, invoke) -> None:
    project = make_project(tmp_path / "project", second=False)
    source = project.root / "source"
    (source / "alias.md").symlink_to("article.md")  # relative, inside: fine
    ran(invoke(project.root, "run", "--no-mt"))
    assert project.output_path("ko", "alias", ".html").is_file()
    (source / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = invoke(project.root, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT and "gone.md: the document is a symbolic link" in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_source_folder_that_is_a_link_is_the_users_choice(tmp_path: Path, invoke) -> None:
    project = make_project(tmp_path / "project", second=False)
    elsewhere = tmp_path / "shared-sources"
    (project.root / "source").rename(elsewhere)
    os.symlink(elsewhere, project.root / "source", target_is_directory=True)
    ran(invoke(project.root, "run", "--no-mt"))
    assert project.output_path("ko", "article", ".html").is_file()


# -- control characters in the project's name and in glossary cells --------------------------------------


@pytest.mark.parametrize(
    ("value", "char"),
    [('"T\\nX-Injected: yes\\n# comment"', "U+000A"), ('"Diplomacy\\tJournal"', "U+0009"),
     ('"Journal\\r"', "U+000D"), ('"\\u001b]0;pwned\\u0007"', "U+001B")],
)  # fmt: skip
def test_a_project_name_with_control_characters_is_refused(tmp_path: Path, invoke, value: str, char: str) -> None:
    project = make_project(tmp_path / "project", second=False)
    config = project.root / "pyproject.toml"
    config.write_text(f'[tool.dipl10n]\nlanguages = ["ko"]\nproject = {value}\n', encoding="utf-8")
    before = files(project.root)
    for command in (("run", "--no-mt"), ("update",), ("build",)):
        result = invoke(project.root, *command)
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        (line,) = result.output.strip().splitlines()
        assert "pyproject.toml:3: project " in line and f"holds the control character {char}" in line, line
        assert not CONTROL.search(line)
    assert changed(before, files(project.root)) == []


GLOSSARY_CELLS = [
    ("line break in ko", 'Summit,"정상\n회의",,,,,\n', "the ko cell '정상\\n회의' holds a line break"),
    ("CRLF in note", 'Summit,정상회의,"first line\r\nsecond",,,,\n', "the note cell 'first line\\r\\nsecond' holds a line break (CR)"),
    ("tab in en", '"Summit\tmeeting",정상회의,,,,,\n', "the en cell 'Summit\\tmeeting' holds a tab"),
    ("form feed in variants", 'Summit,정상회의,,,,"summits\fmeetings",\n', "the variants cell 'summits\\x0cmeetings' holds a form feed"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "row", "message"), GLOSSARY_CELLS, ids=[c[0] for c in GLOSSARY_CELLS])
def test_glossary_cells_with_line_breaks_or_tabs_are_refused(tmp_path: Path, invoke, name, row, message) -> None:
    project = make_project(tmp_path / "project", second=False)
    glossary = project.root / "glossary.csv"
    with glossary.open("a", encoding="utf-8", newline="") as handle:
        handle.write(row)
    line = glossary.read_text(encoding="utf-8").count("\n") - row.count("\n") + 1
    before = files(project.root)
    result = invoke(project.root, "run", "--no-mt")
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    expected = f"error: glossary.csv:{line}: {message}: a cell is one line of text; join the lines (a term's several "
    assert result.output.strip() == expected + "forms are separated by '|')", result.output
    assert changed(before, files(project.root)) == []
    checked = invoke(project.root, "glossary", "check")
    assert checked.exit_code == EXIT_CHECKS_FAILED and f"glossary.csv:{line}: error: {message}" in checked.output


# -- (9) build writes nothing before every catalog is read ------------------------------------------------


@pytest.mark.parametrize("earlier", ["present", "absent"])
def test_build_with_one_broken_catalog_writes_no_page(tmp_path: Path, invoke, earlier: str) -> None:
    project = make_project(tmp_path / "project")  # article, then second
    ran(invoke(project.root, "run", "--no-mt"))
    build = project.root / "build"
    if earlier == "absent":
        for path in sorted(build.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        build.rmdir()
    # The first document's pages would change: its catalog has new translations.
    translate(project, "article", KOREAN)
    second = project.catalog_path("ko", "second")
    second.write_text(second.read_text(encoding="utf-8").replace('msgid "Only', "msgid Only", 1), encoding="utf-8")
    before = files(project.root)
    for command in (("build",), ("build", "--mo", "--strict")):
        result = invoke(project.root, *command)
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert result.output.strip().startswith("error: locales/ko/LC_MESSAGES/second.po:"), result.output
        assert changed(before, files(project.root)) == []
    assert not build.exists() or earlier == "present"
