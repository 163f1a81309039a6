"""The publishing gate: check errors fail ``run`` and ``build``; ``--strict`` and ``--min-translated`` refuse pages.

``run`` and ``build`` write everything and exit 1 when the catalogs hold check
errors, saying so in one line; a rerun that has nothing to do exits 1 too.
``build --strict`` writes only the review page of a document whose catalog has
errors. A refused document's article, text and ``.mo`` from an earlier build
are removed, so no page stays behind looking current. A translation holding
``msgcat`` conflict markers is never published.
"""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from dipl10n.project.session import Project
from helpers.projects import KOREAN, by_msgid, make_project, translate

GATE = "2 errors in 1 catalog: the pages were written; fix them before publishing, see 'dipl10n check'"
WRONG = {
    "Diplomacy": "디플로머시",  # the glossary says 외교
    "NATO leaders meet in Madrid": "NATO이 마드리드에서 회동",  # NATO is read 나토: NATO가
}


def dipl10n(project: Project, *args: str):
    return CliRunner().invoke(cli, [*args, "--project", str(project.root)])


@pytest.fixture
def wrong(tmp_path: Path) -> Project:
    """Two documents: ``article`` translated with two check errors, ``second`` translated cleanly."""
    project = make_project(tmp_path / "project")
    translate(project, "article", {**KOREAN, **WRONG})
    translate(project, "second", {"A short note": "짧은 메모", "Only one sentence here.": "여기에는 한 문장뿐이다."})
    return project


def pages(project: Project, doc: str) -> dict[str, Path]:
    return {
        "html": project.output_path("ko", doc, ".html"),
        "txt": project.output_path("ko", doc, ".txt"),
        "review": project.output_path("ko", doc, ".review.html"),
        "mo": project.mo_path("ko", doc),
    }


def fix(project: Project) -> None:
    translate(project, "article", KOREAN)


# -- run ----------------------------------------------------------------------------------------------------


def test_run_writes_everything_then_exits_1_on_check_errors(wrong: Project) -> None:
    result = dipl10n(wrong, "run", "--no-mt")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-2] == "check: 2 catalogs, 2 errors, 0 warnings, 0 fuzzy, 0 untranslated"
    assert lines[-1] == GATE
    for doc in ("article", "second"):
        assert all(path.exists() for name, path in pages(wrong, doc).items() if name != "mo")


def test_a_rerun_with_nothing_changed_keeps_the_exit_status(wrong: Project) -> None:
    assert dipl10n(wrong, "run", "--no-mt").exit_code == 1
    state = json.loads((wrong.root / ".dipl10n" / "state.json").read_text(encoding="utf-8"))["state"]
    assert (state["errors"], state["error_catalogs"]) == (2, 1)
    again = dipl10n(wrong, "run", "--no-mt")
    assert again.exit_code == 1
    assert again.output.splitlines() == [
        "nothing changed since the last run: catalogs and pages are up to date",
        "check: 2 catalogs, 2 errors, 0 warnings, 0 fuzzy, 0 untranslated",
        GATE,
    ]
    fix(wrong)
    fixed = dipl10n(wrong, "run", "--no-mt")
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output.splitlines()[-1] == "check: 2 catalogs, 0 errors, 0 warnings, 0 fuzzy, 0 untranslated"
    assert dipl10n(wrong, "run", "--no-mt").output.startswith("nothing changed since the last run")
    assert dipl10n(wrong, "run", "--no-mt").exit_code == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda state: state.pop("errors") and state.pop("error_catalogs"),  # as an earlier dipl10n wrote it
        lambda state: state.update(errors=0, error_catalogs=0),  # the count edited by hand
        lambda state: state.update(errors="0"),  # a value of another kind
    ],
    ids=["no error counts", "error count edited", "wrong type"],
)
def test_a_state_that_was_edited_is_not_trusted(wrong: Project, tamper) -> None:
    assert dipl10n(wrong, "run", "--no-mt").exit_code == 1
    path = wrong.root / ".dipl10n" / "state.json"
    wrapper = json.loads(path.read_text(encoding="utf-8"))
    tamper(wrapper["state"])
    path.write_text(json.dumps(wrapper), encoding="utf-8")
    result = dipl10n(wrong, "run", "--no-mt")
    # The same exit status as a full run, and one line saying why everything was processed.
    assert result.exit_code == 1
    assert not result.output.startswith("nothing changed")
    assert result.output.splitlines()[-1] == GATE
    assert "state.json does not match its digest (edited or damaged): this run processes every document" in (
        result.output + (result.stderr if result.stderr_bytes is not None else "")
    )


# -- build --------------------------------------------------------------------------------------------------


def test_build_writes_the_pages_and_exits_1_on_check_errors(wrong: Project) -> None:
    result = dipl10n(wrong, "build", "--mo")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "build/ko/article.html: 12 sentences: 12 reviewed (4 written, 0 unchanged)",
        "build/ko/second.html: 2 sentences: 2 reviewed (4 written, 0 unchanged)",
        "build/ko/index.html: review site index, 2 documents (written)",
        GATE,
    ]
    assert all(path.exists() for path in pages(wrong, "article").values())
    fix(wrong)
    assert dipl10n(wrong, "build").exit_code == 0


def test_strict_build_refuses_the_document_with_errors_and_removes_its_earlier_pages(wrong: Project) -> None:
    assert dipl10n(wrong, "build", "--mo").exit_code == 1
    article, second = pages(wrong, "article"), pages(wrong, "second")
    stale = {name: path.read_bytes() for name, path in article.items()}
    # Files in the output folder that are not this document's pages stay.
    neighbour = wrong.config.output_dir / "ko" / "article.html.bak"
    neighbour.write_text("mine", encoding="utf-8")
    second_before = {name: path.stat().st_mtime_ns for name, path in second.items()}

    result = dipl10n(wrong, "build", "--strict", "--mo")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "locales/ko/LC_MESSAGES/article.po: refused: the catalog has 2 check errors (--strict; see 'dipl10n check'): "
        "build/ko/article.html, build/ko/article.txt, build/ko/LC_MESSAGES/article.mo not written "
        "(review page: build/ko/article.review.html); removed the earlier build/ko/article.html, "
        "build/ko/article.txt, build/ko/LC_MESSAGES/article.mo",
        "build/ko/second.html: 2 sentences: 2 reviewed (0 written, 4 unchanged)",
        "build/ko/index.html: review site index, 2 documents (unchanged)",
        "2 errors in 1 catalog: their articles were not written (--strict); fix them before publishing, "
        "see 'dipl10n check'",
    ]
    assert not article["html"].exists() and not article["txt"].exists() and not article["mo"].exists()
    # The review page is written: it is how to find the errors.
    review = article["review"].read_text(encoding="utf-8")
    assert '<li class="count errors"><strong>2</strong> errors</li>' in review and review.count(" has-errors") == 2
    assert stale["review"] == article["review"].read_bytes()  # the same page as before: nothing changed there
    assert neighbour.read_text(encoding="utf-8") == "mine"
    assert {name: path.stat().st_mtime_ns for name, path in second.items()} == second_before

    # Refused again: nothing left to remove, and the line says nothing about removing.
    again = dipl10n(wrong, "build", "--strict")
    assert again.exit_code == 1
    assert "removed" not in again.output
    fix(wrong)
    built = dipl10n(wrong, "build", "--strict")
    assert built.exit_code == 0, built.output
    assert article["html"].exists() and article["txt"].exists()


def test_min_translated_removes_the_earlier_pages_too(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    translate(project, "article", KOREAN)
    assert dipl10n(project, "build", "--mo").exit_code == 0
    article = pages(project, "article")
    # The editor empties half the translations: the article built before would still look current.
    catalog = read_po(project.catalog_path("ko", "article"))
    for entry in list(by_msgid(catalog).values())[6:]:
        entry.msgstr = ""
    project.catalog_path("ko", "article").write_text(generate_po(catalog), encoding="utf-8")
    result = dipl10n(project, "build", "--min-translated", "80")
    assert result.exit_code == 1
    assert (
        "locales/ko/LC_MESSAGES/article.po: refused: only 50% of 12 sentences are translated and reviewed, "
        "below --min-translated 80%: build/ko/article.html, build/ko/article.txt not written "
        "(review page: build/ko/article.review.html); removed the earlier build/ko/article.html, "
        "build/ko/article.txt, build/ko/LC_MESSAGES/article.mo"
    ) in result.output
    assert not any(article[name].exists() for name in ("html", "txt", "mo"))
    assert article["review"].exists()


def test_removal_leaves_a_directory_it_did_not_write(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    translate(project, "article", {**KOREAN, **WRONG})
    article = pages(project, "article")
    article["txt"].mkdir(parents=True)  # not a page dipl10n wrote: left alone
    result = dipl10n(project, "build", "--strict")
    assert result.exit_code == 1
    assert article["txt"].is_dir() and article["review"].exists()
    assert "removed" not in result.output


# -- msgcat conflict markers ---------------------------------------------------------------------------------


@pytest.fixture
def conflicted(tmp_path: Path) -> Project:
    """``article``'s catalog as ``msgcat`` joins two copies that translate one sentence differently."""
    if shutil.which("msgcat") is None:  # pragma: no cover - GNU gettext is installed where the suite runs
        pytest.skip("GNU gettext's msgcat is not installed")
    project = make_project(tmp_path / "project")
    path = translate(project, "article", KOREAN)
    ours, theirs = tmp_path / "ours.po", tmp_path / "theirs.po"
    shutil.copy(path, ours)
    text = path.read_text(encoding="utf-8")
    theirs.write_text(text.replace("그들은 계획에 합의했다.", "그들은 그 계획에 동의했다."), encoding="utf-8")
    subprocess.run(["msgcat", "-o", str(path), str(ours), str(theirs)], check=True)
    merged = by_msgid(read_po(path))["They agreed on a plan."]
    assert "#-#-#-#-#  ours.po" in merged.msgstr and "#-#-#-#-#  theirs.po" in merged.msgstr
    return Project.load(project.root)


def test_a_translation_with_conflict_markers_is_never_published(conflicted: Project) -> None:
    result = dipl10n(conflicted, "build", "--mo")
    assert result.exit_code == 1  # the checker reports the markers as an error
    assert result.output.splitlines()[0] == (
        "build/ko/article.html: 12 sentences: 11 reviewed, 1 under review with msgcat conflict markers "
        "(shown in English) (4 written, 0 unchanged)"
    )
    article = pages(conflicted, "article")
    html = article["html"].read_text(encoding="utf-8")
    assert "#-#-#-#-#" not in html and "동의했다" not in html and "그들은 계획에 합의했다" not in html
    # The English source, with the state the entry has (msgcat made it fuzzy: a person's text under review).
    assert (
        '<span lang="en" class="fallback" data-state="human_fuzzy" title="번역 검토가 끝나지 않아 싣는 영어 원문">'
        "They agreed on a plan.</span>"
    ) in html
    assert "1개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다." in html
    text = article["txt"].read_text(encoding="utf-8")
    assert "#-#-#-#-#" not in text and "They agreed on a plan." in text
    with article["mo"].open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("They agreed on a plan.") == "They agreed on a plan."
    assert compiled.gettext("Share information.") == "정보를 공유한다."
    # The review page shows both versions and why the article does not.
    review = article["review"].read_text(encoding="utf-8")
    assert "#-#-#-#-#  ours.po" in review and "그들은 그 계획에 동의했다." in review
    assert "article: shown in English (msgcat conflict markers: keep one translation)" in review


def test_a_translation_with_conflict_markers_is_never_published_even_if_approved(conflicted: Project) -> None:
    # A reviewer clears the fuzzy mark but leaves the markers: still not shown, not compiled.
    path = conflicted.catalog_path("ko", "article")
    catalog = read_po(path)
    by_msgid(catalog)["They agreed on a plan."].fuzzy = False
    path.write_text(generate_po(catalog), encoding="utf-8")
    dipl10n(conflicted, "build", "--mo")
    article = pages(conflicted, "article")
    html = article["html"].read_text(encoding="utf-8")
    assert '<span lang="en" class="fallback" data-state="reviewed"' in html and "#-#-#-#-#" not in html
    with article["mo"].open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("They agreed on a plan.") == "They agreed on a plan."


def test_strict_refuses_a_page_with_conflict_markers(conflicted: Project) -> None:
    assert dipl10n(conflicted, "build").exit_code == 1
    result = dipl10n(conflicted, "build", "--strict")
    assert result.exit_code == 1
    assert result.output.startswith("locales/ko/LC_MESSAGES/article.po: refused: the catalog has 1 check error (--strict")
    article = pages(conflicted, "article")
    assert not article["html"].exists() and not article["txt"].exists() and article["review"].exists()
