"""Incremental runs: work proportional to the change, and exactly what a full run would write.

The project is the reference corpus (five public releases with their Korean
catalogs, ``tests/corpus``) in two target languages, Korean and Japanese,
with the repository's glossary. After each change a user makes (a sentence
edited, a reviewer's save, a glossary row, a document added or removed), one
``run`` must touch only the files of the documents the change concerns, and
must leave every catalog, template and page byte for byte as a full run
(without the last run's state) leaves them from the same starting point.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import live
from dipl10n.po.states import State, entry_state
from dipl10n.project.session import Project
from dipl10n.run.incremental import STATE_FILE, read_state
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions, RunReport
from helpers.corpus import make_corpus_project
from helpers.engines import DoubleEngine
from helpers.projects import changed, files

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)
DOCS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "corpus" / "source").glob("*.md"))
EDITED = "nato-stoltenberg-seoul"


def run(root: Path, engine=None) -> RunReport:
    """``dipl10n run`` (MT off unless ``engine``), with a fresh Project as each command has."""
    return run_project(
        Project.load(root), draft=DraftOptions(None if engine is None else (lambda lang: engine)), now=NOW
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = make_corpus_project(tmp_path / "corpus")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('["ko"]', '["ko", "ja"]'), encoding="utf-8")
    run(root)
    return root


def outputs(root: Path) -> dict[str, bytes]:
    """Everything a run writes for readers and reviewers (not its own state and memory)."""
    return {path: data for path, data in files(root).items() if not path.startswith(".dipl10n/")}


def document_files(name: str) -> set[str]:
    """Every file of one document: source, template, catalogs and pages in both languages."""
    paths = {f"source/{name}.md", f"locales/{name}.pot"}
    for lang in ("ko", "ja"):
        paths.add(f"locales/{lang}/LC_MESSAGES/{name}.po")
        paths.update(f"build/{lang}/{name}{suffix}" for suffix in (".html", ".txt", ".review.html"))
    return paths


INDEXES = {"build/ko/index.html", "build/ja/index.html"}


def incremental_equals_full(root: Path, change: Callable[[Path], None], tmp_path: Path) -> tuple[RunReport, list[str]]:
    """Apply ``change``, then run with the state and, on a copy, without: the outputs must be identical.

    Returns the incremental run's report and the files it changed (outputs and inputs both).
    """
    change(root)
    full = tmp_path / "full"
    shutil.copytree(root, full)
    (full / STATE_FILE).unlink()
    before = files(root)
    report = run(root)
    full_report = run(full)
    assert outputs(root) == outputs(full), changed(outputs(full), outputs(root))
    assert (report.checks, report.errors, report.error_catalogs) == (
        full_report.checks, full_report.errors, full_report.error_catalogs
    )
    assert full_report.skipped == 0 and full_report.documents == len(DOCS)
    touched = [path for path in changed(before, files(root)) if not path.startswith(".dipl10n/")]
    return report, touched


def edit_source(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "source" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def test_an_unchanged_rerun_reads_no_catalog(corpus, monkeypatch):
    import dipl10n.project.session

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged rerun read a catalog")

    monkeypatch.setattr(dipl10n.project.session, "read_catalog", no_reading)
    report = run(corpus)
    assert report.unchanged and (report.documents, report.skipped) == (len(DOCS), len(DOCS))


def test_one_edited_sentence_processes_only_its_document(corpus, tmp_path):
    text = (corpus / "source" / f"{EDITED}.md").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.count(" ") > 8 and not line.startswith(("#", "-", ">")))
    word = sentence.split()[3]
    report, touched = incremental_equals_full(corpus, edit_source(EDITED, sentence, sentence.replace(word, "very " + word, 1)), tmp_path)
    assert (report.documents, report.skipped) == (len(DOCS), len(DOCS) - 1)
    assert [t.doc for t in report.templates] == [EDITED]
    assert {c.doc for c in report.sync.catalogs} == {EDITED}
    assert set(touched) <= document_files(EDITED) | INDEXES
    assert f"locales/ko/LC_MESSAGES/{EDITED}.po" in touched and f"build/ko/{EDITED}.review.html" in touched
    assert run(corpus).unchanged


def test_a_reviewers_save_processes_only_that_catalogs_document(corpus, tmp_path):
    def reviewer_saves(root: Path) -> None:
        path = root / "locales" / "ko" / "LC_MESSAGES" / f"{EDITED}.po"
        catalog = read_po(path)
        entry = next(e for e in live(catalog) if e.msgstr and len(e.msgid) > 40)
        entry.msgstr += " (검토)"
        path.write_text(generate_po(catalog), encoding="utf-8")

    report, touched = incremental_equals_full(corpus, reviewer_saves, tmp_path)
    assert report.skipped == len(DOCS) - 1
    assert set(touched) <= document_files(EDITED) | INDEXES
    assert "(검토)" in (corpus / "build" / "ko" / f"{EDITED}.html").read_text(encoding="utf-8")


def _term_in_one_document(root: Path) -> tuple[int, str, str]:
    """A glossary row (its line number and English) whose term occurs in exactly one corpus document."""
    sources = {name: (root / "source" / f"{name}.md").read_text(encoding="utf-8") for name in DOCS}
    lines = (root / "glossary.csv").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        english = line.split(",")[0]
        if len(english) > 6 and english.isascii() and '"' not in line:
            found = [name for name, text in sources.items() if english.lower() in text.lower()]
            if len(found) == 1:
                return number, english, found[0]
    raise AssertionError("no glossary term occurs in exactly one corpus document")


def test_a_glossary_edit_processes_only_the_documents_that_mention_the_term(corpus, tmp_path):
    number, english, name = _term_in_one_document(corpus)

    def rename(root: Path) -> None:
        path = root / "glossary.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = lines[number - 1].split(",")
        cells[1] = cells[1] + "|새번역"  # one more admitted Korean form: no Latin word, nothing project-wide
        lines[number - 1] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report, touched = incremental_equals_full(corpus, rename, tmp_path)
    assert [t.doc for t in report.templates] == [name], english
    assert set(touched) <= document_files(name) | INDEXES | {"glossary.csv"}
    assert run(corpus).unchanged


def add_glossary_row(row: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "glossary.csv"
        path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")

    return change


def test_a_glossary_row_no_document_mentions_processes_nothing(corpus, tmp_path):
    add = add_glossary_row("Harbour Master of Valparaiso,발파라이소 항만장,,yes,no,,,")
    report, touched = incremental_equals_full(corpus, add, tmp_path)
    assert not report.unchanged and report.skipped == len(DOCS) and report.templates == ()
    assert touched == []  # nothing but the state: no template, catalog or page
    assert run(corpus).unchanged


def test_a_glossary_edit_the_checks_read_everywhere_processes_every_document(corpus, tmp_path):
    """A Latin word newly approved in a Korean form changes what check_latin allows in any catalog."""
    add = add_glossary_row("Harbour Master of Valparaiso,ZQX 항만장,,yes,no,,,")
    report, _ = incremental_equals_full(corpus, add, tmp_path)
    assert report.skipped == 0


def test_documents_added_and_removed(corpus, tmp_path):
    def add_and_remove(root: Path) -> None:
        (root / "source" / "new-note.md").write_text(
            "---\nheadline: A new note\n---\n\nThe ministers met in Seoul on July 11, 2024.\n", encoding="utf-8"
        )
        (root / "source" / f"{EDITED}.md").unlink()

    report, touched = incremental_equals_full(corpus, add_and_remove, tmp_path)
    assert [t.doc for t in report.templates] == ["new-note"]
    assert report.skipped == len(DOCS) - 1
    assert set(touched) <= document_files("new-note") | document_files(EDITED) | INDEXES
    index = (corpus / "build" / "ko" / "index.html").read_text(encoding="utf-8")
    assert "no source document" in index  # the removed document's catalog is still listed
    assert run(corpus).unchanged


def test_a_reviewed_sentence_fills_the_skipped_documents_that_share_it(tmp_path):
    """The translation memory reaches documents the run would otherwise skip."""
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "T"\nlanguages = ["ko", "ja"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text("en,ko,note\nNATO,NATO,\n", encoding="utf-8")
    shared = "The ministers agreed to meet again next year."
    for name in ("a", "b", "c"):
        (root / "source" / f"{name}.md").write_text(f"Note {name} begins here.\n\n{shared}\n", encoding="utf-8")
    run(root)
    path = root / "locales" / "ko" / "LC_MESSAGES" / "a.po"
    catalog = read_po(path)
    next(e for e in catalog if e.msgid == shared).msgstr = "장관들은 내년에 다시 만나기로 합의했다."
    path.write_text(generate_po(catalog), encoding="utf-8")

    full = tmp_path / "full"
    shutil.copytree(root, full)
    (full / STATE_FILE).unlink()
    report = run(root)
    run(full)
    assert outputs(root) == outputs(full)
    for name in ("b", "c"):
        entry = next(e for e in read_po(root / "locales" / "ko" / "LC_MESSAGES" / f"{name}.po") if e.msgid == shared)
        assert entry_state(entry) is State.MEMORY and entry.msgstr.startswith("장관들은")
        japanese = read_po(root / "locales" / "ja" / "LC_MESSAGES" / f"{name}.po")
        assert next(e for e in japanese if e.msgid == shared).msgstr == ""  # the Korean never reaches Japanese
    assert {c.doc for c in report.sync.catalogs} == {"a", "b", "c"}
    assert run(root).unchanged


def test_a_catalog_saved_after_the_run_wrote_it_is_processed_next_time(corpus, monkeypatch):
    """A reviewer's save between the run's write and its end is not recorded as what the run left."""
    import dipl10n.checks.runner as checks

    edit_source(EDITED, "Seoul", "Seoul,")(corpus)

    real = checks.check_catalogs
    path = corpus / "locales" / "ko" / "LC_MESSAGES" / f"{EDITED}.po"

    def check_while_reviewer_saves(*args, **kwargs):
        catalog = read_po(path)
        entry = next(e for e in live(catalog) if e.msgstr)
        entry.msgstr += " (저장)"
        path.write_text(generate_po(catalog), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(checks, "check_catalogs", check_while_reviewer_saves)
    run(corpus)
    monkeypatch.setattr(checks, "check_catalogs", real)
    again = run(corpus)
    assert not again.unchanged and [c.doc for c in again.sync.catalogs if c.lang == "ko"] == [EDITED]
    assert "(저장)" in (corpus / "build" / "ko" / f"{EDITED}.html").read_text(encoding="utf-8")


def test_with_machine_translation_only_documents_with_open_entries_are_processed(corpus):
    engine = DoubleEngine()
    first = run(corpus, engine)
    assert not first.unchanged
    # Japanese has no translations: every document had open entries; now machine drafts fill them all.
    engine = DoubleEngine()
    again = run(corpus, engine)
    assert again.unchanged and engine.calls == []


def test_a_damaged_state_costs_one_full_run(corpus):
    (corpus / STATE_FILE).write_text('{"format": 2, "documents": {"x": 1}}', encoding="utf-8")
    assert read_state(Project.load(corpus)).documents == {}
    report = run(corpus)
    assert report.skipped == 0
    assert run(corpus).unchanged


def test_a_glossary_saved_during_the_run_is_noticed_by_the_next(corpus, monkeypatch):
    """The terminologist saves the glossary while a run works with the one it loaded: the next run catches up."""
    import dipl10n.run.pipeline as pipeline

    number, english, name = _term_in_one_document(corpus)
    edit_source(EDITED, "Seoul", "Seoul,")(corpus)  # something for the run to do
    real_sync = pipeline.sync

    def sync_while_glossary_is_saved(*args, **kwargs):
        report = real_sync(*args, **kwargs)
        path = corpus / "glossary.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = lines[number - 1].split(",")
        cells[1] += "|새번역"
        lines[number - 1] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return report

    monkeypatch.setattr(pipeline, "sync", sync_while_glossary_is_saved)
    run(corpus)
    monkeypatch.setattr(pipeline, "sync", real_sync)
    again = run(corpus)
    assert not again.unchanged and name in {t.doc for t in again.templates}, english
    assert "새번역" in (corpus / "locales" / "ko" / "LC_MESSAGES" / f"{name}.po").read_text(encoding="utf-8")
    assert run(corpus).unchanged


def test_a_stale_fill_takes_what_another_documents_reviewer_just_translated_as_a_full_run_does(tmp_path, invoke) -> None:
    """The divergence the random sequences found: MT off, b's headline was filled from a's reviewed one, both
    headlines change, a's reviewer translates the new one, and b kept its out-of-date fill ("nothing changed")
    where a full run fills it."""
    from dipl10n.po import read_po
    from dipl10n.po.states import State, entry_state
    from helpers.projects import by_msgid, ran, review

    old, new = "Ministers meet in Tokyo on Monday", "Ministers meet in Seoul on Tuesday"
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\nglossary = false\n', encoding="utf-8"
    )
    (root / "source" / "a.md").write_text(f"# {old}\n\nThey talk.\n", encoding="utf-8")
    ran(invoke(root, "run", "--no-mt"))
    catalogs = root / "locales" / "ko" / "LC_MESSAGES"
    review(catalogs / "a.po", {old: "장관들, 월요일 도쿄에서 회동"})
    (root / "source" / "b.md").write_text(f"# {old}\n\nThey walk.\n", encoding="utf-8")
    ran(invoke(root, "run", "--no-mt"))
    assert entry_state(by_msgid(read_po(catalogs / "b.po"))[old]) is State.MEMORY
    for name in ("a", "b"):
        source = root / "source" / f"{name}.md"
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    ran(invoke(root, "run", "--no-mt"))
    assert entry_state(by_msgid(read_po(catalogs / "b.po"))[new]) is State.OUT_OF_DATE
    # a's reviewer translates the new headline; one incremental run brings it to b, as a full run would.
    review(catalogs / "a.po", {new: "장관들, 화요일 서울에서 회동"})
    ran(invoke(root, "run", "--no-mt"))
    entry = by_msgid(read_po(catalogs / "b.po"))[new]
    assert (entry.msgstr, entry_state(entry)) == ("장관들, 화요일 서울에서 회동", State.MEMORY)
    incremental = (catalogs / "b.po").read_bytes()
    (root / ".dipl10n" / "state.json").unlink()
    ran(invoke(root, "run", "--no-mt"))
    assert (catalogs / "b.po").read_bytes() == incremental
    assert "nothing changed" in invoke(root, "run", "--no-mt").output


def _mutations():
    from hypothesis import strategies as st

    values = st.recursive(
        st.none() | st.booleans() | st.integers(-3, 10**12) | st.floats(allow_nan=False) | st.text(max_size=5),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
        max_leaves=6,
    )
    return st.lists(st.tuples(st.integers(0, 10**6), values), min_size=1, max_size=3)


def _paths(node):
    """Every place in a JSON value: (container, key) pairs, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _paths(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _paths(value)


def test_a_state_with_any_value_of_any_kind_anywhere_costs_one_full_run_never_a_traceback(corpus, tmp_path_factory):
    """Fuzzing the state reader: values replaced anywhere, and the digest made to match (as a tamperer would)."""
    import copy
    import json

    from hypothesis import HealthCheck, given, settings

    from dipl10n.run.incremental import RunState, _content_digest

    run(corpus)
    project = Project.load(corpus)
    original = json.loads((corpus / STATE_FILE).read_text(encoding="utf-8"))["state"]

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_mutations())
    def check(mutations) -> None:
        state = copy.deepcopy(original)
        for where, value in mutations:
            paths = list(_paths(state)) or [(state, "format")]
            container, key = paths[where % len(paths)]
            container[key] = value
        content = json.dumps({"digest": _content_digest(state), "state": state}, ensure_ascii=False)
        (corpus / STATE_FILE).write_text(content, encoding="utf-8")
        read = read_state(project)
        assert isinstance(read, RunState)
        # Either exactly what was written, or nothing (one full run).
        assert read == RunState() or read.to_json() == state

    check()


def test_an_unchanged_rerun_hashes_no_file_whose_stat_is_what_the_last_run_saw(corpus, monkeypatch) -> None:
    import os

    import dipl10n.run.incremental as incremental

    monkeypatch.setattr(incremental, "_SETTLED_NS", 0)  # every file counts as settled (no real clock wait)
    hashed: list[str] = []
    real = incremental.file_digest

    def counting(path, *args, **kwargs):
        hashed.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(incremental, "file_digest", counting)
    run(corpus)  # records the stats of what it found unchanged
    run(corpus)
    hashed.clear()
    assert run(corpus).unchanged
    # Only what is not a document's file is hashed: the settings' page templates and the glossary.
    assert not [path for path in hashed if "/source/" in path or "/locales/" in path or "/build/" in path], hashed
    # A save that keeps the size and puts the modification time back is still seen (its change time moved).
    catalog = corpus / "locales" / "ko" / "LC_MESSAGES" / f"{EDITED}.po"
    info = catalog.stat()
    data = catalog.read_bytes()
    edited = data.replace("다.".encode(), "요.".encode(), 1)  # the same number of bytes
    assert edited != data and len(edited) == len(data)
    catalog.write_bytes(edited)
    os.utime(catalog, ns=(info.st_atime_ns, info.st_mtime_ns))
    report = run(corpus)
    assert not report.unchanged and EDITED in {c.doc for c in report.sync.catalogs}
