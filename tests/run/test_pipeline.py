"""run_project: the whole pipeline, and its shortcut when nothing changed."""

from __future__ import annotations

from pathlib import Path

from dipl10n.errors import EngineUnavailable
from dipl10n.po import generate_po, read_po
from dipl10n.project.session import Project
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions
from helpers.engines import DoubleEngine
from helpers.projects import DOC
from helpers.projects import po_path as po


def run(project: Path, engine=None, *, refresh: bool = False, unavailable: bool = False):
    def factory(lang):
        if unavailable:
            raise EngineUnavailable("no package")
        return engine

    # A new Project each run: a Project caches what it read.
    return run_project(Project.load(project), draft=DraftOptions(factory, refresh=refresh))


def test_rerun_with_nothing_changed_reads_nothing_and_calls_no_engine(project):
    first = run(project, DoubleEngine())
    assert not first.unchanged
    [status] = first.sync.machine
    assert (status.lang, status.available, status.translated, status.cached, status.drafted) == ("ko", True, 11, 0, 11)
    engine = DoubleEngine()
    again = run(project, engine)
    assert again.unchanged and engine.calls == []
    assert again.checks == first.checks


def test_a_reviewer_edit_makes_the_next_run_work(project):
    run(project, DoubleEngine())
    catalog = read_po(po(project))
    [kicker] = [e for e in catalog if e.msgid == "Diplomacy" and not e.obsolete]
    kicker.msgstr = "외교 (편집)"
    po(project).write_text(generate_po(catalog), encoding="utf-8")
    report = run(project, DoubleEngine())
    assert not report.unchanged
    html = (project / "build" / "ko" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "외교 (편집)" in html


def test_a_deleted_page_is_built_again(project):
    run(project, DoubleEngine())
    page = project / "build" / "ko" / f"{DOC}.html"
    page.unlink()
    assert not run(project, DoubleEngine()).unchanged
    assert page.exists()


def test_source_and_glossary_changes_are_seen(project):
    run(project, DoubleEngine())
    glossary = project / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "harbour master,항만장,test,no,no,,,\n", encoding="utf-8")
    assert not run(project, DoubleEngine()).unchanged
    assert run(project, DoubleEngine()).unchanged
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    engine = DoubleEngine()
    assert not run(project, engine).unchanged
    assert engine.calls == [["One more sentence."]]


def test_open_entries_left_by_unavailable_engine_are_drafted_once_it_exists(project):
    first = run(project, unavailable=True)
    [status] = first.sync.machine
    assert (status.lang, status.available, status.message) == ("ko", False, "no package")
    engine = DoubleEngine()
    report = run(project, engine)
    assert not report.unchanged
    assert engine.sentences_translated == 11


def test_refresh_never_takes_the_shortcut(project):
    run(project, DoubleEngine())
    assert not run(project, DoubleEngine(), refresh=True).unchanged


def test_a_source_saved_during_the_run_is_not_taken_as_done(project, monkeypatch):
    """The editor saves the article while a run is working: the next run must read it."""
    import dipl10n.run.pipeline as pipeline

    source = project / "source" / f"{DOC}.md"
    real_sync = pipeline.sync

    def sync_while_editor_saves(*args, **kwargs):
        report = real_sync(*args, **kwargs)
        source.write_text(source.read_text(encoding="utf-8") + "\nSaved mid-run.\n", encoding="utf-8")
        return report

    monkeypatch.setattr(pipeline, "sync", sync_while_editor_saves)
    run(project, DoubleEngine())
    monkeypatch.setattr(pipeline, "sync", real_sync)
    engine = DoubleEngine()
    assert not run(project, engine).unchanged
    assert engine.calls == [["Saved mid-run."]]
