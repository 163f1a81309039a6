"""dipl10n run/draft/model end to end with real Argos packages built by the tests.

The identity package's CTranslate2 model copies its input through real beam
search and the real SentencePiece tokenizer, so a full run must produce drafts
equal to the source sentences with glossary terms and dates restored in Korean.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.states import automatic_origin, is_unedited_draft, missing_terms
from dipl10n.terms.glossary import load_glossary
from dipl10n.terms.protect import replacements
from helpers import argos as af
from helpers.projects import DOC, by_msgid, ran
from helpers.summaries import assert_summaries_add_up, machine_lines, stats_rows

pytestmark = pytest.mark.slow

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
FIRST = (
    "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) "
    "Jens Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation."
)


def said(output: str) -> str:
    """The command's output with the compute type CTranslate2 chose on this CPU as ``COMPUTE``.

    The run summary says where the model ran (``on cpu, int8_float32``); the
    compute type "auto" picks depends on the processor.
    """
    return re.sub(r"(?<= on cpu, )[a-z0-9_]+(?= \()", "COMPUTE", output)


def po(project: Path) -> Path:
    return project / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po"


def install(invoke, project: Path, package: Path) -> None:
    result = invoke(project, "model", "install", str(package))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed translate-en_ko ")


def assert_identity_drafts(project: Path, *, detokenized=lambda text: text) -> dict:
    """Every sentence is an unedited machine draft of the identity package: its source with the approved terms and dates.

    ``detokenized`` is what the package's tokenizer makes of a text it splits and joins again.
    Returns the catalog's entries by msgid.
    """
    catalog = by_msgid(read_po(po(project)))
    assert catalog[FIRST].msgstr == (
        "윤석열 대통령 met with 사무총장 of the 북대서양조약기구 (NATO) 옌스 스톨텐베르그 on 7월 11일 "
        "and exchanged views on major international issues and 한-NATO cooperation."
    )
    glossary = load_glossary(project / "glossary.csv")
    for entry in catalog.values():
        if not entry.msgid or entry.msgid == "Diplomacy":
            continue
        assert "fuzzy" in entry.flags
        assert automatic_origin(entry) == "machine translation (argos translate-en_ko 1.0)"
        assert missing_terms(entry) == []  # now "# term-missing: ..." notes, formerly flags
        # Every term and date arrived in its approved form (as placeholders through the model), nothing else changed.
        expected = entry.msgid
        for item in reversed(replacements(entry.msgid, glossary, "ko")):
            expected = expected[: item.start] + item.target + expected[item.end :]
        assert entry.msgstr == detokenized(expected)
    return catalog


def test_identity_run_drafts_source_with_terms_restored(invoke, project, packages_dir, tmp_path_factory):
    install(invoke, project, af.package_file(tmp_path_factory, "identity"))
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        "machine translation (ko): 11 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE "
        "(11 translated now, 0 from the machine-translation cache); 11 sentences sent to the engine"
    ) in said(result.output)
    catalog = assert_identity_drafts(project)
    assert catalog[STANDFIRST].msgstr == STANDFIRST  # NATO and AI are do-not-translate
    assert catalog["Diplomacy"].msgstr == "외교" and "fuzzy" not in catalog["Diplomacy"].flags

    again = invoke(project, "run", "--offline")
    assert again.exit_code == 0, again.output
    assert "nothing changed since the last run" in again.output and "machine translation" not in again.output


def test_a_bpe_package_drafts_the_article_through_moses_and_bpe(invoke, project, packages_dir, tmp_path_factory):
    """A package with ``bpe.model`` (as older Argos packages ship): Argos's Moses + BPE tokenizer, the real model."""
    install(invoke, project, af.package_file(tmp_path_factory, "identity-bpe"))
    [installed] = [path for path in packages_dir.iterdir() if (path / "metadata.json").is_file()]
    assert (installed / "bpe.model").is_file() and not (installed / "sentencepiece.model").exists()
    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert "machine translation (ko): 11 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE" in said(result.output)
    # The identity model returns the protected source; Moses's Korean detokenizer splits "'s" off.
    catalog = assert_identity_drafts(project, detokenized=lambda text: text.replace("'s ", " 's "))
    for entry in catalog.values():
        # Nothing of the tokenizer leaks: no BPE joiner, no Moses escape.
        assert "@@" not in entry.msgstr and "&apos;" not in entry.msgstr and "&quot;" not in entry.msgstr


def test_refresh_after_upgrade_keeps_human_edits(invoke, project, packages_dir, tmp_path_factory):
    install(invoke, project, af.package_file(tmp_path_factory, "identity", version="1.0"))
    assert invoke(project, "run", "--offline").exit_code == 0
    path = po(project)
    catalog = read_po(path)
    by_msgid(catalog)[FIRST].msgstr = "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 NATO 사무총장과 만났다."  # edited, still fuzzy
    path.write_text(generate_po(catalog), encoding="utf-8")

    install(invoke, project, af.package_file(tmp_path_factory, "identity", version="1.1"))
    result = invoke(project, "draft", "--refresh", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        "machine translation (ko): 10 drafts by argos translate-en_ko 1.1 on cpu, COMPUTE "
        "(10 translated now, 0 from the machine-translation cache); 10 sentences sent to the engine"
    ) in said(result.output)
    catalog = by_msgid(read_po(path))
    assert catalog[FIRST].msgstr == "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 NATO 사무총장과 만났다."
    assert not is_unedited_draft(catalog[FIRST])
    assert automatic_origin(catalog[STANDFIRST]) == "machine translation (argos translate-en_ko 1.1)"
    stats = json.loads(invoke(project, "stats", "--format", "json").output)
    assert stats[0]["machine_draft"] == 10


def test_random_weight_model_drafts_every_entry(invoke, project, packages_dir, tmp_path_factory):
    install(invoke, project, af.package_file(tmp_path_factory, "tiny"))
    ran(invoke(project, "run", "--offline"))  # random weights: drafts that fail checks, every page written
    catalog = read_po(po(project))
    assert all(e.msgstr for e in catalog if e.msgid and not e.obsolete)


@pytest.fixture
def index_server(tmp_path, tmp_path_factory):
    root = tmp_path / "www"
    root.mkdir()
    package = af.package_file(tmp_path_factory, "identity")
    (root / "translate-en_ko-1_0.argosmodel").write_bytes(package.read_bytes())

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{httpd.server_port}"
    (root / "index.json").write_text(
        json.dumps([af.index_entry(f"{url}/translate-en_ko-1_0.argosmodel")]), encoding="utf-8"
    )
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield url
    httpd.shutdown()
    httpd.server_close()


def test_model_commands_over_http(invoke, project, packages_dir, index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server)
    listed = invoke(project, "model", "list", "--available")
    assert listed.exit_code == 0, listed.output
    assert "(none)" in listed.output
    assert "en→ko  translate-en_ko 1.0 (English → Korean)" in listed.output
    installed = invoke(project, "model", "install", "en", "ko")
    assert installed.exit_code == 0, installed.output
    assert "installed translate-en_ko 1.0" in installed.output
    assert "en→ko  translate-en_ko 1.0" in invoke(project, "model", "list").output
    removed = invoke(project, "model", "remove", "en", "ko")
    assert removed.exit_code == 0 and "removed translate-en_ko 1.0" in removed.output
    assert invoke(project, "model", "remove", "en", "ko").exit_code == 2


def test_run_installs_the_missing_package_from_the_index(invoke, project, packages_dir, index_server, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server)
    result = invoke(project, "run")
    assert result.exit_code == 0, result.output
    assert "machine translation (ko): 11 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE (11 translated now" in said(
        result.output
    )
    assert (packages_dir).exists() and any(packages_dir.iterdir())


def test_run_without_network_or_package_says_so_in_one_line(invoke, project, packages_dir, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    result = invoke(project, "run")
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("MT unavailable")]
    assert "dipl10n model install en ko" in line
    assert "127.0.0.1:9" in line


def test_model_install_refuses_a_package_for_another_pair(invoke, project, packages_dir, tmp_path_factory):
    package = af.package_file(tmp_path_factory, "tiny", to_code="de")
    result = invoke(project, "model", "install", str(package))
    assert result.exit_code == 2
    assert "en→de" in result.output and "en→ko" in result.output
    assert not packages_dir.exists() or not [p for p in packages_dir.iterdir() if not p.name.startswith(".")]


# -- summaries that add up: fills from the machine-translation cache ---------------------


def test_a_deleted_catalog_is_drafted_again_from_the_cache_and_every_summary_says_so(
    invoke, project, packages_dir, tmp_path_factory
):
    install(invoke, project, af.package_file(tmp_path_factory, "identity"))
    first = invoke(project, "run", "--offline")
    assert first.exit_code == 0, first.output
    assert machine_lines(first.output)["ko"].now == 11
    po(project).unlink()  # not emptied entry by entry: that would reject the drafts

    result = invoke(project, "run", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        f"LC_MESSAGES/{DOC}.po: 12 entries (1 from the glossary, 11 machine drafts), 12 new, filled 1 from glossary, "
        "0 from memory, 11 by machine translation (0 translated now, 11 from the machine-translation cache) (created)"
    ) in result.output
    assert (
        "machine translation (ko): 11 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE "
        "(0 translated now, 11 from the machine-translation cache); 0 sentences sent to the engine"
    ) in said(result.output)
    [line] = assert_summaries_add_up(result.output).values()
    assert stats_rows(invoke, project)[("ko", DOC)]["machine_draft"] == line.drafts == 11
    assert f"{line.drafts} machine draft" in invoke(project, "stats").output


def test_a_sentence_another_document_shares_comes_from_the_cache(invoke, project, packages_dir, tmp_path_factory):
    install(invoke, project, af.package_file(tmp_path_factory, "identity"))
    assert invoke(project, "run", "--offline").exit_code == 0
    (project / "source" / "second.md").write_text(
        f"---\nheadline: {STANDFIRST}\n---\n\nA sentence of its own.\n", encoding="utf-8"
    )
    assert invoke(project, "extract").exit_code == 0
    result = invoke(project, "draft", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        "filled 0 from glossary, 0 from memory, 2 by machine translation "
        "(1 translated now, 1 from the machine-translation cache)"
    ) in result.output
    assert (
        "machine translation (ko): 2 drafts by argos translate-en_ko 1.0 on cpu, COMPUTE "
        "(1 translated now, 1 from the machine-translation cache); 1 sentence sent to the engine"
    ) in said(result.output)
    [line] = assert_summaries_add_up(result.output).values()
    rows = stats_rows(invoke, project)
    assert rows[("ko", "second")]["machine_draft"] == line.drafts == 2
    assert rows[("ko", DOC)]["machine_draft"] == 11  # the article was not touched
