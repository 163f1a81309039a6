"""Drafting: glossary, translation memory and machine translation fill open entries, never human work."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.errors import EngineUnavailable
from dipl10n.mt.engine import EngineInfo
from dipl10n.po import generate_po, read_po
from dipl10n.po.catalog import catalog_stats
from dipl10n.po.states import automatic_origin, is_unedited_draft, missing_terms, rejected_by
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync
from dipl10n.run.results import DraftOptions
from helpers.engines import DoubleEngine, drop_first, koreanish
from helpers.projects import BYLINE, DOC, by_msgid
from helpers.projects import po_path as po

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."


def draft(project: Path, engine, *, refresh: bool = False):
    loaded = Project.load(project)  # a new Project each time: a Project caches what it read
    _, templates = extract(loaded)
    return sync(loaded, templates, draft=DraftOptions(lambda lang: engine, refresh=refresh))


def entries(path: Path) -> dict:
    """The live entries of the catalog at ``path`` by msgid."""
    return by_msgid(read_po(path))



def edit(path: Path, msgid: str, msgstr: str, *, keep_fuzzy: bool = False) -> None:
    catalog = read_po(path)
    entry = by_msgid(catalog)[msgid]
    entry.msgstr = msgstr
    if not keep_fuzzy:
        entry.fuzzy = False
    path.write_text(generate_po(catalog), encoding="utf-8")


def test_fill_order_glossary_then_machine(project):
    engine = DoubleEngine(koreanish)
    report = draft(project, engine)
    po_file = read_po(po(project))
    catalog = by_msgid(po_file)
    kicker = catalog["Diplomacy"]
    assert (kicker.msgstr, "fuzzy" in kicker.flags) == ("외교", False)
    assert automatic_origin(kicker) == "glossary (glossary.csv:2)"
    standfirst = catalog[STANDFIRST]
    assert "fuzzy" in standfirst.flags
    assert automatic_origin(standfirst) == "machine translation (double translate-en_ko 1.0)"
    # Terms were protected: the engine saw placeholders, the catalog has the approved forms.
    [batch] = engine.calls
    assert STANDFIRST not in batch
    assert "Strengthening partnership with ZX1 in defense, cyber, ZX2, etc." in batch
    assert standfirst.msgstr == "Strengthening partnership with NATO를 in defense, cyber, AI를, etc."
    assert report.fills.glossary == 1 and report.fills.machine == 11
    [status] = report.machine
    assert status.available and (status.translated, status.cached, status.drafted) == (11, 0, 11)
    assert status.engine == "double translate-en_ko 1.0"
    assert catalog_stats(po_file).unedited_drafts == 11


def test_one_batched_engine_call_for_all_catalogs(project):
    (project / "source" / "second.md").write_text("Another article. It mentions NATO.\n", encoding="utf-8")
    engine = DoubleEngine()
    draft(project, engine)
    assert len(engine.calls) == 1
    assert len(engine.calls[0]) == 11 + 2


def test_rerun_with_nothing_changed_makes_no_engine_call(project):
    draft(project, DoubleEngine())
    before = po(project).read_bytes()
    engine = DoubleEngine()
    report = draft(project, engine)
    assert engine.calls == []
    assert report.machine == ()  # no sentence was open: no engine was loaded, no status
    assert po(project).read_bytes() == before


def test_an_emptied_machine_draft_is_a_rejection_and_is_not_drafted_again(project):
    draft(project, DoubleEngine())
    edit(po(project), STANDFIRST, "", keep_fuzzy=True)  # the reviewer empties the draft
    engine = DoubleEngine()
    report = draft(project, engine)
    assert engine.calls == []  # neither the engine nor the machine-translation cache refills it
    assert report.fills.machine == 0 and report.machine == ()
    message = entries(po(project))[STANDFIRST]
    assert message.msgstr == ""
    assert rejected_by(message) == ["machine translation (double translate-en_ko 1.0)"]
    assert automatic_origin(message) is None
    assert "# rejected: machine translation (double translate-en_ko 1.0)\n" in po(project).read_text(encoding="utf-8")
    # Not with --refresh either, nor with another engine.
    other = DoubleEngine(info=EngineInfo("double", "translate-en_ko", "2.0"))
    draft(project, other, refresh=True)
    assert STANDFIRST not in [s for batch in other.calls for s in batch]
    assert entries(po(project))[STANDFIRST].msgstr == ""


def test_deleting_the_rejected_line_asks_for_a_draft_again(project):
    draft(project, DoubleEngine())
    edit(po(project), STANDFIRST, "", keep_fuzzy=True)
    draft(project, DoubleEngine())  # records the rejection
    path = po(project)
    text = path.read_text(encoding="utf-8")
    rejected = "# rejected: machine translation (double translate-en_ko 1.0)\n"
    assert text.count(rejected) == 1
    path.write_text(text.replace(rejected, ""), encoding="utf-8")
    engine = DoubleEngine()
    report = draft(project, engine)
    # The same engine translated it before: the draft comes back from the machine-translation cache.
    assert engine.calls == []
    [status] = report.machine
    assert (status.translated, status.cached, status.drafted, status.drafted_from_cache) == (0, 1, 1, 1)
    message = entries(path)[STANDFIRST]
    assert message.msgstr == STANDFIRST and "fuzzy" in message.flags
    assert automatic_origin(message) == "machine translation (double translate-en_ko 1.0)"
    assert rejected_by(message) == []


def test_human_edit_to_fuzzy_draft_survives_refresh_and_unedited_draft_is_refreshed(project):
    draft(project, DoubleEngine())
    edit(po(project), BYLINE, "Diplomacy Journal 이존영 기자 (손봄)", keep_fuzzy=True)
    upgraded = DoubleEngine(lambda text: "[v2] " + text, info=EngineInfo("double", "translate-en_ko", "2.0"))
    report = draft(project, upgraded, refresh=True)
    catalog = entries(po(project))
    edited = catalog[BYLINE]
    assert edited.msgstr == "Diplomacy Journal 이존영 기자 (손봄)"
    assert "fuzzy" in edited.flags and not is_unedited_draft(edited)
    refreshed = catalog[STANDFIRST]
    assert refreshed.msgstr.startswith("[v2] ")
    assert automatic_origin(refreshed) == "machine translation (double translate-en_ko 2.0)"
    assert BYLINE not in [s for batch in upgraded.calls for s in batch]
    assert report.fills.machine == 10


def test_without_refresh_unedited_drafts_stay(project):
    draft(project, DoubleEngine())
    engine = DoubleEngine(lambda text: "[v2] " + text, info=EngineInfo("double", "translate-en_ko", "2.0"))
    draft(project, engine)
    assert engine.calls == []


def test_reviewed_translation_is_never_touched(project):
    draft(project, DoubleEngine())
    edit(po(project), STANDFIRST, "NATO와 국방·사이버·AI 분야 협력 강화")
    draft(project, DoubleEngine(lambda t: "[v2] " + t, info=EngineInfo("double", "x", "9")), refresh=True)
    message = entries(po(project))[STANDFIRST]
    assert message.msgstr == "NATO와 국방·사이버·AI 분야 협력 강화"
    assert "fuzzy" not in message.flags


def test_lost_placeholder_keeps_draft_fuzzy_with_a_note(project):
    # Changed on purpose: the lost term is a translator comment (# term-missing: NATO), no longer
    # the flag "#, term-missing:NATO" (GNU tools drop flags they do not know).
    draft(project, DoubleEngine(drop_first))
    message = entries(po(project))[STANDFIRST]
    assert "fuzzy" in message.flags
    assert missing_terms(message) == ["NATO"]
    assert message.flags == ["fuzzy"]
    assert "NATO" not in message.msgstr.split("with")[1][:6]
    text = po(project).read_text(encoding="utf-8")
    assert "# term-missing: NATO\n" in text
    assert "#, fuzzy\n" in text and ", term-missing:" not in text


def test_changed_sentence_with_unedited_draft_is_redrafted(project):
    draft(project, DoubleEngine())
    src = project / "source" / f"{DOC}.md"
    src.write_text(src.read_text(encoding="utf-8").replace("AI, etc.", "AI and space."), encoding="utf-8")
    engine = DoubleEngine(lambda t: "[new] " + t)
    draft(project, engine)
    new = "Strengthening partnership with NATO in defense, cyber, AI and space."
    message = entries(po(project))[new]
    assert message.msgstr.startswith("[new] ")
    assert message.previous_msgid is None
    assert engine.sentences_translated == 1


def test_reviewed_sentence_from_another_article_prefills_as_translated(project):
    draft(project, DoubleEngine())
    edit(po(project), BYLINE, "Diplomacy Journal 이존영 기자")
    draft(project, DoubleEngine())  # the memory learns the reviewed entry
    (project / "source" / "second.md").write_text(f"---\nbyline: {BYLINE}\n---\n\nA new text.\n", encoding="utf-8")
    engine = DoubleEngine()
    report = draft(project, engine)
    message = entries(po(project, "second"))[BYLINE]
    assert message.msgstr == "Diplomacy Journal 이존영 기자"
    assert "fuzzy" not in message.flags
    assert automatic_origin(message) == (
        "translation memory, reviewed in locales/ko/LC_MESSAGES/nato-yoon-stoltenberg.po"
    )
    assert engine.calls == [["A new text."]]
    assert report.fills.memory == 1


def test_engine_unavailable_still_prefills_from_glossary(project):
    def unavailable(lang):
        raise EngineUnavailable("no en→ko package is installed; run 'dipl10n model install en ko'")

    loaded = Project.load(project)
    _, templates = extract(loaded)
    report = sync(loaded, templates, draft=DraftOptions(unavailable))
    [status] = report.machine
    assert (status.lang, status.available, status.drafted) == ("ko", False, 0)
    assert "dipl10n model install en ko" in status.message
    catalog = entries(po(project))
    assert catalog["Diplomacy"].msgstr == "외교"
    assert sum(1 for e in catalog.values() if e.msgid and e.msgstr) == 1


@pytest.mark.parametrize("command", [("draft", "--offline"), ("run", "--offline")])
def test_cli_reports_mt_unavailable_in_one_line_and_exits_0(invoke, project, tmp_path, monkeypatch, command):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    if command[0] == "draft":
        assert invoke(project, "extract").exit_code == 0
    result = invoke(project, *command)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("MT unavailable")]
    assert len(lines) == 1
    assert "dipl10n model install en ko" in lines[0]
    assert entries(po(project))["Diplomacy"].msgstr == "외교"


def test_clearing_the_fuzzy_mark_approves_a_draft(project):
    draft(project, DoubleEngine())
    path = po(project)
    catalog = read_po(path)
    by_msgid(catalog)[STANDFIRST].fuzzy = False  # the reviewer approves the draft as it is
    path.write_text(generate_po(catalog), encoding="utf-8")
    approved_text = by_msgid(catalog)[STANDFIRST].msgstr
    draft(project, DoubleEngine(lambda t: "[v2] " + t, info=EngineInfo("double", "x", "9")), refresh=True)
    message = entries(path)[STANDFIRST]
    assert message.msgstr == approved_text
    assert "fuzzy" not in message.flags and not is_unedited_draft(message)
    assert catalog_stats(read_po(path)).unedited_drafts == 10


def test_control_characters_from_the_engine_never_reach_a_catalog(project):
    draft(project, DoubleEngine(lambda text: "\x04초안\x00 입니다\n둘째 줄\x07"))
    catalog = entries(po(project))  # the strict reader would refuse a control character
    assert catalog[STANDFIRST].msgstr == "초안 입니다 둘째 줄"
