"""Every configured language gets its own engine, status and provenance.

Two identity Argos packages built by the tests (en→ja and en→ko, the same
copying model under two names) are installed in a project whose languages
are ``["ja", "ko"]``: each catalog must be drafted by its own package, each
language reported on its own line, and a language without a package must not
stop the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dipl10n.po import read_po
from dipl10n.po.states import automatic_origin, entry_state
from helpers import argos as af
from helpers.projects import DOC, by_msgid, po_path
from helpers.summaries import assert_summaries_add_up, catalog_fills, machine_lines, stats_rows

pytestmark = pytest.mark.slow

FIRST = (
    "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) "
    "Jens Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation."
)
SECOND = "source/second.md"


@pytest.fixture
def multilingual(project) -> Path:
    (project / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ja", "ko"]\n'
        # The identity model has 320 positions: longer inputs go in windows.
        "[tool.dipl10n.mt]\nmax_input_tokens = 300\n",
        encoding="utf-8",
    )
    return project


def install(invoke, project: Path, factory, to_code: str) -> None:
    package = af.package_file(factory, "identity", to_code=to_code)
    result = invoke(project, "model", "install", str(package))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"installed translate-en_{to_code} 1.0")


def machine_entries(path: Path) -> dict[str, str | None]:
    """The origin of every translated live entry of a catalog, by msgid."""
    return {e.msgid: automatic_origin(e) for e in by_msgid(read_po(path)).values() if e.msgid and e.msgstr}


def test_each_language_is_drafted_by_its_own_package(invoke, multilingual, packages_dir, tmp_path_factory):
    install(invoke, multilingual, tmp_path_factory, "ja")
    install(invoke, multilingual, tmp_path_factory, "ko")
    result = invoke(multilingual, "run", "--offline")
    assert result.exit_code == 0, result.output

    ja = machine_entries(po_path(multilingual, lang="ja"))
    ko = machine_entries(po_path(multilingual, lang="ko"))
    # Japanese: no glossary column, so every sentence is a draft of the en→ja package.
    assert len(ja) == 12
    assert set(ja.values()) == {"machine translation (argos translate-en_ja 1.0)"}
    # Korean: the kicker comes from the glossary, the rest from the en→ko package.
    assert ko.pop("Diplomacy") == "glossary (glossary.csv:2)"
    assert len(ko) == 11
    assert set(ko.values()) == {"machine translation (argos translate-en_ko 1.0)"}
    # The Korean glossary and dates went into the Korean catalog only.
    ja_first = by_msgid(read_po(po_path(multilingual, lang="ja")))[FIRST].msgstr
    ko_first = by_msgid(read_po(po_path(multilingual, lang="ko")))[FIRST].msgstr
    assert ja_first == FIRST
    assert "북대서양조약기구" in ko_first and "7월 11일" in ko_first

    # One status line per language, in the order of the configuration, each naming its package.
    # Where the model ran, with the compute type CTranslate2 chose on this CPU as COMPUTE.
    output = re.sub(r"(?<= on cpu, )[a-z0-9_]+(?= \()", "COMPUTE", result.output)
    lines = [line for line in output.splitlines() if line.startswith(("machine translation (", "MT unavailable"))]
    assert lines == [
        "machine translation (ja): 12 drafts by argos translate-en_ja 1.0 on cpu, COMPUTE "
        "(12 translated now, 0 from the machine-translation cache); 12 sentences sent to the engine",
        "machine translation (ko): 11 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE "
        "(11 translated now, 0 from the machine-translation cache); 11 sentences sent to the engine",
    ]
    assert_summaries_add_up(result.output)
    rows = stats_rows(invoke, multilingual)
    assert (rows[("ja", DOC)]["machine_draft"], rows[("ko", DOC)]["machine_draft"]) == (12, 11)
    assert (rows[("ja", DOC)]["glossary"], rows[("ko", DOC)]["glossary"]) == (0, 1)


def test_a_language_without_a_package_does_not_stop_the_others(invoke, multilingual, packages_dir, tmp_path_factory):
    install(invoke, multilingual, tmp_path_factory, "ko")
    result = invoke(multilingual, "run", "--offline")
    assert result.exit_code == 0, result.output

    [unavailable] = [line for line in result.output.splitlines() if line.startswith("MT unavailable")]
    assert unavailable.startswith("MT unavailable (ja): no Argos Translate package for en→ja is installed in ")
    assert "dipl10n model install en ja" in unavailable
    assert list(machine_lines(result.output)) == ["ko"]
    assert machine_lines(result.output)["ko"].drafts == 11
    # Japanese: nothing drafted, nothing filled; Korean: drafted as usual.
    ja_catalog = read_po(po_path(multilingual, lang="ja"))
    assert [e.msgid for e in ja_catalog if e.msgid and e.msgstr] == []
    assert ("ja", DOC) not in catalog_fills(result.output)
    ko = machine_entries(po_path(multilingual, lang="ko"))
    assert len(ko) == 12 and ko[FIRST] == "machine translation (argos translate-en_ko 1.0)"
    rows = stats_rows(invoke, multilingual)
    assert (rows[("ja", DOC)]["untranslated"], rows[("ja", DOC)]["machine_draft"]) == (12, 0)
    assert rows[("ko", DOC)]["machine_draft"] == 11

    # Online, the download is tried for ja only, and its failure is one line too.
    online = invoke(multilingual, "run")
    assert online.exit_code == 0, online.output
    [unavailable] = [line for line in online.output.splitlines() if line.startswith("MT unavailable")]
    assert unavailable.startswith("MT unavailable (ja): no en→ja package is installed and none could be downloaded")
    assert "dipl10n model install en ja" in unavailable and "127.0.0.1:9" in unavailable
    assert machine_lines(online.output) == {}  # Korean had nothing left to draft

    # Once the package exists, the next run drafts Japanese and leaves Korean alone.
    install(invoke, multilingual, tmp_path_factory, "ja")
    ko_before = po_path(multilingual, lang="ko").read_bytes()
    again = invoke(multilingual, "run", "--offline")
    assert again.exit_code == 0, again.output
    assert "MT unavailable" not in again.output
    assert list(machine_lines(again.output)) == ["ja"]
    assert machine_lines(again.output)["ja"].drafts == 12
    assert set(machine_entries(po_path(multilingual, lang="ja")).values()) == {
        "machine translation (argos translate-en_ja 1.0)"
    }
    assert po_path(multilingual, lang="ko").read_bytes() == ko_before


def test_per_language_totals_add_up_when_documents_share_sentences(
    invoke, multilingual, packages_dir, tmp_path_factory
):
    install(invoke, multilingual, tmp_path_factory, "ja")
    install(invoke, multilingual, tmp_path_factory, "ko")
    # A second document that repeats two sentences of the article and adds one of its own.
    (multilingual / SECOND).write_text(
        "---\nheadline: A brief\n---\n\n" + FIRST + " A sentence of its own.\n", encoding="utf-8"
    )
    result = invoke(multilingual, "run", "--offline")
    assert result.exit_code == 0, result.output
    lines = assert_summaries_add_up(result.output)
    fills = catalog_fills(result.output)
    for lang in ("ja", "ko"):
        assert lines[lang].drafts == fills[(lang, DOC)].machine + fills[(lang, "second")].machine
        # The shared sentence filled two entries but went to the engine once.
        assert lines[lang].sent == lines[lang].drafts - 1
    rows = stats_rows(invoke, multilingual)
    for lang in ("ja", "ko"):
        assert lines[lang].drafts == rows[(lang, DOC)]["machine_draft"] + rows[(lang, "second")]["machine_draft"]
    second = by_msgid(read_po(po_path(multilingual, "second", lang="ko")))
    assert entry_state(second[FIRST]).value == "machine_draft"


# -- the pipeline, with engine doubles ------------------------------------------------------


def _sync(root: Path, factory):
    from dipl10n.project.session import Project
    from dipl10n.run.pipeline import extract, sync
    from dipl10n.run.results import DraftOptions

    loaded = Project.load(root)
    _, templates = extract(loaded)
    return sync(loaded, templates, draft=DraftOptions(factory))


def test_each_language_asks_the_factory_for_its_own_engine(multilingual):
    from dipl10n.mt.engine import EngineInfo
    from helpers.engines import DoubleEngine

    engines = {
        lang: DoubleEngine(lambda text, lang=lang: f"[{lang}] {text}", info=EngineInfo("double", f"translate-en_{lang}", "1.0"))
        for lang in ("ja", "ko")
    }
    asked: list[str] = []

    def factory(lang):
        asked.append(lang)
        return engines[lang]

    report = _sync(multilingual, factory)
    assert asked == ["ja", "ko"]
    assert [(s.lang, s.engine, s.translated, s.cached, s.drafted) for s in report.machine] == [
        ("ja", "double translate-en_ja 1.0", 12, 0, 12),
        ("ko", "double translate-en_ko 1.0", 11, 0, 11),
    ]
    for lang in ("ja", "ko"):
        catalog = by_msgid(read_po(po_path(multilingual, lang=lang)))
        assert catalog[FIRST].msgstr.startswith(f"[{lang}] ")
        assert automatic_origin(catalog[FIRST]) == f"machine translation (double translate-en_{lang} 1.0)"
        # What a language's status counts is what its catalogs were filled with.
        [status] = [s for s in report.machine if s.lang == lang]
        assert status.fills.machine == sum(r.fills.machine for r in report.catalogs if r.lang == lang)


def test_an_engine_failing_while_translating_stops_only_its_language(multilingual):
    from dipl10n.errors import EngineUnavailable
    from helpers.engines import DoubleEngine

    class Failing(DoubleEngine):
        def translate(self, sources, *, progress=None):
            raise EngineUnavailable("CTranslate2 failed while translating: out of memory")

    engines = {"ja": Failing(), "ko": DoubleEngine()}
    report = _sync(multilingual, engines.__getitem__)
    [ja, ko] = report.machine
    assert (ja.lang, ja.available, ja.drafted) == ("ja", False, 0)
    assert "out of memory" in ja.message
    assert (ko.lang, ko.available, ko.drafted) == ("ko", True, 11)
    assert [e for e in read_po(po_path(multilingual, lang="ja")) if e.msgid and e.msgstr] == []


def test_a_locale_is_drafted_by_its_languages_package(invoke, project, packages_dir, tmp_path_factory):
    (project / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko-KR"]\n', encoding="utf-8"
    )
    install(invoke, project, tmp_path_factory, "ko")  # an en→ko file is what a ko_KR desk installs
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert "machine translation (ko_KR): 11 drafts by argos translate-en_ko 1.0" in result.output
    catalog = by_msgid(read_po(po_path(project, lang="ko_KR")))
    assert automatic_origin(catalog[FIRST]) == "machine translation (argos translate-en_ko 1.0)"
    assert "7월 11일" in catalog[FIRST].msgstr  # Korean dates for a Korean locale
    assert catalog["Diplomacy"].msgstr == "외교"  # the ko column of the glossary
    # A package for another language is still refused.
    other = invoke(project, "model", "install", str(af.package_file(tmp_path_factory, "identity", to_code="ja")))
    assert other.exit_code == 2 and "en→ko" in other.output
