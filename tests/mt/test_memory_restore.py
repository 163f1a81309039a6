"""The translation memory puts back the reviewed translations a catalog lost.

When a merge adds an entry because the catalog does not hold it at all (the
catalog was cut off between two entries, or someone deleted the entry or the
whole file) and the memory recorded a reviewed translation of that sentence
*from this same catalog*, the translation comes back: published, with the
origin line ``translation memory, restored (reviewed in <catalog>)``, counted
in the catalog's summary line. An entry still in the catalog whose text a
reviewer emptied is a decision, not a loss: it stays empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State, entry_state, origin_of, text_digest
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync
from dipl10n.run.results import DraftOptions
from helpers.projects import KOREAN, by_msgid, make_project, ran, review

ORIGIN = "translation memory, restored (reviewed in locales/ko/LC_MESSAGES/article.po)"
REVIEWED = {s: KOREAN[s] for s in ("The alliance agrees on a plan.", "They agreed on a plan.", "Hold more talks.")}


@pytest.fixture
def root(tmp_path, invoke) -> Path:
    """The test project, three sentences of the article reviewed and recorded in the memory by a run."""
    project = make_project(tmp_path / "project")
    review(project.catalog_path("ko", "article"), REVIEWED)
    ran(invoke(project.root, "run", "--no-mt"))
    return project.root


def _catalog(root: Path) -> Path:
    return root / "locales" / "ko" / "LC_MESSAGES" / "article.po"


def _delete_entries(root: Path, *msgids: str) -> None:
    """Delete entries from the catalog, as someone editing the file by hand would."""
    path = _catalog(root)
    catalog = read_po(path)
    for entry in [e for e in catalog if e.msgid in msgids]:
        catalog.remove(entry)
    path.write_text(generate_po(catalog), encoding="utf-8")


@pytest.mark.parametrize("command", [("run", "--no-mt"), ("update",)])
def test_a_deleted_entry_comes_back_with_its_reviewed_translation_and_the_user_is_told(root, invoke, command):
    _delete_entries(root, "They agreed on a plan.", "Hold more talks.")
    result = invoke(root, *command)
    ran(result)
    assert (
        "locales/ko/LC_MESSAGES/article.po: " in result.output
        and "restored 2 reviewed translations this catalog had lost, from the translation memory" in result.output
    )
    entries = by_msgid(read_po(_catalog(root)))
    for msgid in ("They agreed on a plan.", "Hold more talks."):
        entry = entries[msgid]
        assert entry.msgstr == REVIEWED[msgid] and not entry.fuzzy
        assert origin_of(entry).description == ORIGIN
        assert entry_state(entry) is State.MEMORY and entry_state(entry).published
    # Nothing more to restore the next time.
    assert "restored" not in invoke(root, *command).output


def test_a_translation_a_reviewer_emptied_is_not_restored(root, invoke):
    path = _catalog(root)
    catalog = read_po(path)
    by_msgid(catalog)["Hold more talks."].msgstr = ""
    path.write_text(generate_po(catalog), encoding="utf-8")
    result = invoke(root, "run", "--no-mt")
    ran(result)
    assert "restored" not in result.output
    assert by_msgid(read_po(path))["Hold more talks."].msgstr == ""


def test_a_deleted_catalog_is_started_afresh_with_its_reviewed_translations(root, invoke):
    _catalog(root).unlink()
    result = invoke(root, "run", "--no-mt")
    ran(result)
    assert "restored 3 reviewed translations this catalog had lost" in result.output and "(created)" in result.output
    entries = by_msgid(read_po(_catalog(root)))
    assert {m: entries[m].msgstr for m in REVIEWED} == REVIEWED


def test_only_this_catalogs_own_translations_are_restored(root, invoke):
    # The second document gets a sentence reviewed only in the article: that is a memory fill, not a restoration.
    (root / "source" / "second.md").write_text("---\nheadline: A short note\n---\n\nHold more talks.\n", encoding="utf-8")
    ran(invoke(root, "extract"))
    update = invoke(root, "update")
    ran(update)
    assert "restored" not in update.output
    second = root / "locales" / "ko" / "LC_MESSAGES" / "second.po"
    assert by_msgid(read_po(second))["Hold more talks."].msgstr == ""
    ran(invoke(root, "run", "--no-mt"))
    entry = by_msgid(read_po(second))["Hold more talks."]
    assert origin_of(entry).description == "translation memory, reviewed in locales/ko/LC_MESSAGES/article.po"


def test_a_restored_translation_beats_the_proposal_of_a_similar_sentence(tmp_path, invoke):
    root = tmp_path / "project"
    make_project(root, second=False)
    (root / "source" / "article.md").write_text(
        "The ministers met in Seoul on Monday.\n\nThe ministers met in Tokyo on Monday.\n", encoding="utf-8"
    )
    ran(invoke(root, "run", "--no-mt"))
    seoul, tokyo = "The ministers met in Seoul on Monday.", "The ministers met in Tokyo on Monday."
    review(_catalog(root), {seoul: "장관들은 월요일 서울에서 만났다.", tokyo: "장관들은 월요일 도쿄에서 만났다."})
    path = _catalog(root)
    catalog = read_po(path)
    by_msgid(catalog)[tokyo].tcomment = "a note about Tokyo"
    path.write_text(generate_po(catalog), encoding="utf-8")
    ran(invoke(root, "run", "--no-mt"))
    _delete_entries(root, seoul)
    ran(invoke(root, "run", "--no-mt"))
    entry = by_msgid(read_po(path))[seoul]
    # Not the Tokyo sentence's translation as a fuzzy proposal, nor its note: the Seoul one, published.
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("장관들은 월요일 서울에서 만났다.", False, None)
    assert entry.tcomment == f"origin: {ORIGIN} #{text_digest(entry.msgstr)}\nfor source #{text_digest(seoul)}"


def test_refresh_keeps_a_restored_translation(root, invoke):
    # Another catalog holds a different reviewed translation of the same sentence.
    (root / "source" / "second.md").write_text("---\nheadline: A short note\n---\n\nHold more talks.\n", encoding="utf-8")
    ran(invoke(root, "extract"))
    ran(invoke(root, "update"))
    review(root / "locales" / "ko" / "LC_MESSAGES" / "second.po", {"Hold more talks.": "대화를 더 이어 간다."})
    ran(invoke(root, "run", "--no-mt"))
    _delete_entries(root, "Hold more talks.")
    ran(invoke(root, "update"))
    project = Project.load(root)
    _, templates = extract(project)
    sync(project, templates, draft=DraftOptions(engine_factory=None, refresh=True))
    entry = by_msgid(read_po(_catalog(root)))["Hold more talks."]
    assert entry.msgstr == REVIEWED["Hold more talks."] and origin_of(entry).description == ORIGIN


def test_a_restored_translation_still_feeds_a_memory_rebuilt_from_the_catalogs(root, invoke):
    _delete_entries(root, "Hold more talks.")
    ran(invoke(root, "run", "--no-mt"))
    # The memory is a cache: deleted, it is rebuilt from the catalogs' reviewed translations, the restored one too.
    (root / ".dipl10n" / "memory.sqlite").unlink()
    ran(invoke(root, "update"))
    _delete_entries(root, "Hold more talks.")
    result = invoke(root, "run", "--no-mt")
    assert "restored 1 reviewed translation this catalog had lost" in result.output
    assert by_msgid(read_po(_catalog(root)))["Hold more talks."].msgstr == REVIEWED["Hold more talks."]


# -- the memory is a cache of the catalogs: rebuilt whenever it is not the one the last run left -------------


def _memory(root: Path) -> Path:
    return root / ".dipl10n" / "memory.sqlite"


def _lose_memory(root: Path, how: str) -> None:
    memory = _memory(root)
    if how == "deleted":
        memory.unlink()
    elif how == "moved aside":
        memory.rename(memory.with_name("memory.sqlite.damaged"))
    elif how == "empty file":
        memory.write_bytes(b"")


@pytest.mark.parametrize("how", ["deleted", "moved aside", "empty file"])
def test_a_lost_memory_is_rebuilt_from_every_catalog_and_repairs_a_later_cut(root, invoke, how):
    from dipl10n.mt.memory import Memory

    _lose_memory(root, how)
    result = invoke(root, "run", "--no-mt")
    ran(result)
    # Not "nothing changed": the memory is not the one the last run left, and it learns every catalog's work.
    assert "nothing changed" not in result.output
    with Memory.open(_memory(root)) as memory:
        assert memory.reviewed_from(list(REVIEWED), "ko", "locales/ko/LC_MESSAGES/article.po") == REVIEWED
    # The case the memory exists for: the catalog cut between two entries comes back whole.
    _delete_entries(root, "They agreed on a plan.", "Hold more talks.")
    ran(invoke(root, "run", "--no-mt"))
    entries = by_msgid(read_po(_catalog(root)))
    assert all(entries[m].msgstr == REVIEWED[m] for m in ("They agreed on a plan.", "Hold more talks."))


def test_a_new_document_repeating_a_reviewed_sentence_takes_it_after_the_memory_was_lost(root, invoke):
    _lose_memory(root, "deleted")
    ran(invoke(root, "run", "--no-mt"))
    (root / "source" / "third.md").write_text("Hold more talks.\n", encoding="utf-8")
    ran(invoke(root, "run", "--no-mt"))
    entry = by_msgid(read_po(root / "locales" / "ko" / "LC_MESSAGES" / "third.po"))["Hold more talks."]
    assert entry.msgstr == REVIEWED["Hold more talks."] and entry_state(entry) is State.MEMORY


def test_a_memory_shared_by_two_projects_brings_each_what_the_other_reviewed(tmp_path, invoke):
    shared = tmp_path / "shared.sqlite"
    x, y = (make_project(tmp_path / name, second=False).root for name in ("x", "y"))
    for root in (x, y):
        config = root / "pyproject.toml"
        config.write_text(config.read_text(encoding="utf-8") + f'memory = "{shared.as_posix()}"\n', encoding="utf-8")
        ran(invoke(root, "run", "--no-mt"))
    ran(invoke(y, "run", "--no-mt"))  # y's state now says: nothing changed
    review(_catalog(x), {"Hold more talks.": REVIEWED["Hold more talks."]})
    ran(invoke(x, "run", "--no-mt"))
    result = invoke(y, "run", "--no-mt")
    ran(result)
    assert "nothing changed" not in result.output
    entry = by_msgid(read_po(_catalog(y)))["Hold more talks."]
    assert entry.msgstr == REVIEWED["Hold more talks."] and entry_state(entry) is State.MEMORY
    # And then y is settled: the next run has nothing to do.
    assert "nothing changed" in invoke(y, "run", "--no-mt").output
