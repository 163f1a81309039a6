"""extract + update through the CLI: templates, catalogs, merge scenarios, reviewer safety."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from dipl10n.po import generate_po, read_po
from dipl10n.po.model import comment_lines, join_comment
from dipl10n.po.states import text_digest
from helpers.projects import DOC


def po_path(project: Path, lang: str = "ko") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"


def pot_path(project: Path) -> Path:
    return project / "locales" / f"{DOC}.pot"


def source(project: Path) -> Path:
    return project / "source" / f"{DOC}.md"


def entries(path: Path) -> dict[str, object]:
    """The live (not obsolete) entries of a catalog by msgid."""
    return {e.msgid: e for e in read_po(path) if e.msgid and not e.obsolete}


def obsolete(catalog) -> dict[str, object]:
    return {e.msgid: e for e in catalog if e.obsolete}


def extract_update(invoke, project: Path) -> None:
    for command in ("extract", "update"):
        result = invoke(project, command)
        assert result.exit_code == 0, result.output


def set_translation(path: Path, msgid: str, msgstr: str, *, comment: str | None = None) -> None:
    """Edit a catalog the way a reviewer's editor does: change one msgstr, write the file."""
    catalog = read_po(path)
    [entry] = [e for e in catalog if e.msgid == msgid and not e.obsolete]
    entry.msgstr = msgstr
    entry.fuzzy = False
    if comment:
        entry.tcomment = join_comment([*comment_lines(entry.tcomment), comment])
    path.write_text(generate_po(catalog), encoding="utf-8")


def digests(project: Path) -> dict[str, str]:
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((project / "locales").rglob("*.po*"))
    }


def test_extract_writes_template_with_header_references_and_roles(invoke, project):
    result = invoke(project, "extract")
    assert result.exit_code == 0, result.output
    assert "nato-yoon-stoltenberg.pot: 12 entries (written)" in result.output
    text = pot_path(project).read_text(encoding="utf-8")
    assert '"POT-Creation-Date: 2024-07-12 09:30+0000\\n"' in text
    assert '"Project-Id-Version: Diplomacy Journal\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert '"X-Generator: dipl10n ' in text
    # Changed on purpose: the glossary hints (with their language) are in the template now,
    # between the role and the reference.
    assert (
        "#. role: headline\n"
        "#. glossary (ko): President Yoon = 윤 대통령 (also 윤석열 대통령)\n"
        "#. glossary: NATO (do not translate)\n"
        "#. glossary (ko): Secretary General = 사무총장\n"
        "#. glossary (ko): Stoltenberg = 스톨텐베르그\n"
        "#: source/nato-yoon-stoltenberg.md:3\n"
    ) in text
    template = read_po(pot_path(project))
    ids = [e.msgid for e in template if e.msgid]
    assert ids[:4] == [
        "Diplomacy",
        "President Yoon meets with NATO Secretary General Stoltenberg",
        "Strengthening partnership with NATO in defense, cyber, AI, etc.",
        "By Diplomacy Journal Lee Jon-young",
    ]
    assert all(not e.msgstr for e in template if e.msgid)


def test_update_creates_korean_catalog_with_complete_header(invoke, project):
    extract_update(invoke, project)
    text = po_path(project).read_text(encoding="utf-8")
    for field in (
        "Project-Id-Version: Diplomacy Journal",
        "Language: ko",
        "Language-Team: Korean",
        "Plural-Forms: nplurals=1; plural=0;",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "PO-Revision-Date: 2024-07-12 09:30+0000",
    ):
        assert f'"{field}\\n"' in text
    catalog = entries(po_path(project))
    assert list(catalog) == list(entries(pot_path(project)))
    first_body = catalog["President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization "
                         "(NATO) Jens Stoltenberg on July 11 and exchanged views on major international issues and "
                         "Korea-NATO cooperation."]
    assert first_body.occurrences == [("source/nato-yoon-stoltenberg.md", "9")]
    # Changed on purpose: the glossary and date hints carry their language and come from the
    # template (the merge copies its extracted comments), no longer written into the .po only.
    hints = ["glossary (ko): Secretary General = 사무총장", "date (ko): July 11 = 7월 11일"]
    for hint in hints:
        assert hint in comment_lines(first_body.comment)
    template_entry = entries(pot_path(project))[first_body.msgid]
    assert template_entry.comment == first_body.comment


def test_repeated_sentence_is_one_entry_with_two_references(invoke, project):
    path = source(project)
    path.write_text(path.read_text(encoding="utf-8") + "\nThe President noted it. Both sides agreed.\n\nBoth sides agreed.\n",
                    encoding="utf-8")
    extract_update(invoke, project)
    message = entries(pot_path(project))["Both sides agreed."]
    lines = [int(line) for _, line in message.occurrences]
    assert len(lines) == 2 and lines[0] < lines[1]


def test_reviewer_translation_survives_rerun(invoke, project):
    extract_update(invoke, project)
    set_translation(po_path(project), "By Diplomacy Journal Lee Jon-young", "Diplomacy Journal 이존영 기자",
                    comment="checked with the desk")
    extract_update(invoke, project)
    message = entries(po_path(project))["By Diplomacy Journal Lee Jon-young"]
    assert message.msgstr == "Diplomacy Journal 이존영 기자"
    assert "fuzzy" not in message.flags
    # The reviewer's note is kept as it is; under it, the sentence the translation stands for.
    assert message.tcomment.splitlines() == ["checked with the desk", f"for source #{text_digest(message.msgid)}"]


def test_changed_sentence_becomes_fuzzy_with_previous_msgid_and_old_translation(invoke, project):
    extract_update(invoke, project)
    old = "By Diplomacy Journal Lee Jon-young"
    set_translation(po_path(project), old, "Diplomacy Journal 이존영 기자")
    path = source(project)
    path.write_text(path.read_text(encoding="utf-8").replace(old, "By Diplomacy Journal reporter Lee Jon-young"),
                    encoding="utf-8")
    result = invoke(project, "extract")
    assert result.exit_code == 0
    result = invoke(project, "update")
    assert "1 changed" in result.output
    catalog = entries(po_path(project))
    assert old not in catalog
    message = catalog["By Diplomacy Journal reporter Lee Jon-young"]
    assert message.msgstr == "Diplomacy Journal 이존영 기자"
    assert "fuzzy" in message.flags
    assert message.previous_msgid == old
    text = po_path(project).read_text(encoding="utf-8")
    assert '#| msgid "By Diplomacy Journal Lee Jon-young"\n' in text
    # A second run keeps the previous msgid while the entry is still fuzzy.
    extract_update(invoke, project)
    assert entries(po_path(project))["By Diplomacy Journal reporter Lee Jon-young"].previous_msgid == old


def test_deleted_paragraph_becomes_obsolete_and_comes_back(invoke, project):
    extract_update(invoke, project)
    sentence = ("In response, Stoltenberg said that strengthening cooperation with the Republic of Korea, a capable "
                "partner with shared core values, was one of the key achievements of his tenure.")
    set_translation(po_path(project), sentence, "이에 스톨텐베르그 사무총장은 화답했다.")
    path = source(project)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(sentence + "\n\n", ""), encoding="utf-8")
    extract_update(invoke, project)
    catalog = read_po(po_path(project))
    assert sentence not in entries(po_path(project))
    assert obsolete(catalog)[sentence].msgstr == "이에 스톨텐베르그 사무총장은 화답했다."
    assert '#~ msgid ""\n#~ "In response, Stoltenberg' in po_path(project).read_text(encoding="utf-8")
    # The paragraph returns: its translation returns with it.
    path.write_text(original, encoding="utf-8")
    extract_update(invoke, project)
    catalog = read_po(po_path(project))
    assert entries(po_path(project))[sentence].msgstr == "이에 스톨텐베르그 사무총장은 화답했다."
    assert sentence not in obsolete(catalog)


def test_paragraph_inserted_in_the_middle_adds_only_its_own_entries(invoke, project):
    extract_update(invoke, project)
    set_translation(po_path(project), "By Diplomacy Journal Lee Jon-young", "Diplomacy Journal 이존영 기자")
    before = read_po(po_path(project))
    path = source(project)
    text = path.read_text(encoding="utf-8")
    marker = "In response, Stoltenberg"
    path.write_text(text.replace(marker, "A new paragraph was added. It has two sentences.\n\n" + marker), encoding="utf-8")
    extract_update(invoke, project)
    after_file = read_po(po_path(project))
    after = {e.msgid: e for e in after_file if e.msgid and not e.obsolete}
    before_ids = [e.msgid for e in before if e.msgid and not e.obsolete]
    after_ids = list(after)
    assert [i for i in after_ids if i not in before_ids] == ["A new paragraph was added.", "It has two sentences."]
    assert [i for i in after_ids if i in before_ids] == before_ids
    for entry in before:
        if entry.msgid:
            assert after[entry.msgid].msgstr == entry.msgstr
            assert after[entry.msgid].flags == entry.flags
    assert not any(e.obsolete for e in after_file)


def test_no_mt_says_machine_translation_is_off_not_unavailable(invoke, project):
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    assert "MT unavailable" not in result.output
    # 12 entries: the kicker comes from the glossary, the 11 others wait for machine translation.
    assert "machine translation (ko): off for this run (--no-mt); 11 sentences left for it" in result.output.splitlines()


def test_second_run_is_byte_identical(invoke, project):
    extract_update(invoke, project)
    set_translation(po_path(project), "By Diplomacy Journal Lee Jon-young", "Diplomacy Journal 이존영 기자")
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    first = digests(project)
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    assert digests(project) == first
    assert result.output.startswith("nothing changed since the last run")
    # Without the last run's fingerprint every stage does its work, and still changes nothing.
    (project / ".dipl10n" / "state.json").unlink()
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    assert digests(project) == first
    assert "(unchanged)" in result.output and "(written)" not in result.output and "(created)" not in result.output


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_every_catalog_passes_msgfmt_check(invoke, project):
    extract_update(invoke, project)
    set_translation(po_path(project), "Diplomacy", "외교")
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0
    for path in sorted((project / "locales").rglob("*.po*")):
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext's msgcat is not installed")
def test_gnu_tools_do_not_rewrap_our_catalogs(invoke, project):
    extract_update(invoke, project)
    set_translation(
        po_path(project),
        "By Diplomacy Journal Lee Jon-young",
        "아주 긴 번역문입니다 " * 12,
    )
    extract_update(invoke, project)
    for path in (po_path(project), pot_path(project)):
        gnu = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
        assert gnu == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "line", "fragment"),
    [
        (lambda t: t.replace('msgid "Diplomacy"', 'msgid "Diplomacy'), None, "unterminated"),
        (lambda t: t + 'msgid "Diplomacy"\nmsgstr "x"\n', None, "duplicate"),
        (lambda t: t + '\nmsgid "cut off"\n', None, "msgstr"),
    ],
)
def test_malformed_catalog_stops_with_file_line_and_exit_2(invoke, project, damage, line, fragment):
    extract_update(invoke, project)
    path = po_path(project)
    broken = damage(path.read_text(encoding="utf-8"))
    path.write_text(broken, encoding="utf-8")
    before = path.read_bytes()
    result = invoke(project, "update")
    assert result.exit_code == 2
    assert "error: " in result.output
    assert f"locales/ko/LC_MESSAGES/{DOC}.po:" in result.output
    assert fragment in result.output
    assert path.read_bytes() == before


def test_catalog_saved_during_run_is_merged_not_overwritten(invoke, project, monkeypatch):
    """A reviewer saves in Poedit after dipl10n read the catalog and before it writes."""
    extract_update(invoke, project)
    path = po_path(project)
    import dipl10n.run.pipeline as pipeline

    real_write = pipeline.write_catalog
    saved = {"done": False}

    def reviewer_saves_then_write(work, project):
        if not saved["done"]:
            saved["done"] = True
            set_translation(path, "Diplomacy", "외교 (검토함)")
        return real_write(work, project)

    monkeypatch.setattr(pipeline, "write_catalog", reviewer_saves_then_write)
    # Change the source so the run has something to write.
    src = source(project)
    src.write_text(src.read_text(encoding="utf-8").replace("Lee Jon-young", "Lee Jon-young, Seoul"), encoding="utf-8")
    result = invoke(project, "run", "--no-mt")
    assert result.exit_code == 0, result.output
    catalog = entries(path)
    assert catalog["Diplomacy"].msgstr == "외교 (검토함)"
    assert "By Diplomacy Journal Lee Jon-young, Seoul" in catalog


def test_stats_text_and_json(invoke, project):
    extract_update(invoke, project)
    set_translation(po_path(project), "By Diplomacy Journal Lee Jon-young", "Diplomacy Journal 이존영 기자")
    result = invoke(project, "stats", "--format", "json")
    assert result.exit_code == 0
    import json

    [row] = json.loads(result.output)
    assert row["catalog"] == f"locales/ko/LC_MESSAGES/{DOC}.po"
    assert (row["entries"], row["translated"], row["fuzzy"], row["untranslated"]) == (12, 1, 0, 11)
    # One key per entry state (CatalogStats.to_dict), and they add up to the entries.
    states = ["untranslated", "glossary", "memory", "machine_draft", "approved", "reviewed", "out_of_date", "human_fuzzy"]
    assert [key for key in row if key in states] == states
    assert (row["reviewed"], row["machine_draft"]) == (1, 0)
    assert sum(row[key] for key in states) == row["entries"]
    assert row["source_words"] > 300
    assert row["source_words"] > row["words_to_review"] > 0 and row["obsolete"] == 0
    text = invoke(project, "stats")
    assert (
        f"locales/ko/LC_MESSAGES/{DOC}.po: 12 entries (11 untranslated, 1 reviewed); "
        f"{row['source_words']} source words, {row['words_to_review']} to review; 0 obsolete"
    ) in text.output


def test_project_option_and_overrides(invoke, project, tmp_path):
    other = tmp_path / "articles"
    shutil.move(str(project / "source"), other)
    result = invoke(project, "extract", "--source-dir", str(other))
    assert result.exit_code == 0, result.output
    assert pot_path(project).exists()
    result = invoke(project, "update", "--lang", "ja")
    assert result.exit_code == 0, result.output
    assert po_path(project, "ja").exists() and not po_path(project, "ko").exists()
    assert "Plural-Forms: nplurals=1; plural=0;" in po_path(project, "ja").read_text(encoding="utf-8")


def test_missing_source_dir_is_exit_2(invoke, project):
    shutil.rmtree(project / "source")
    result = invoke(project, "extract")
    assert result.exit_code == 2
    assert "source directory does not exist" in result.output


def test_every_command_has_help():
    from click.testing import CliRunner

    from dipl10n.cli.app import cli

    def walk(group, prefix):
        for name, command in group.commands.items():
            yield [*prefix, name], command
            if hasattr(command, "commands"):
                yield from walk(command, [*prefix, name])

    for path, command in walk(cli, []):
        assert command.help, f"dipl10n {' '.join(path)} has no help text"
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_importing_the_cli_loads_no_engine():
    code = (
        "import sys, dipl10n, dipl10n.cli.app, dipl10n.run.pipeline\n"
        "heavy = [m for m in ('torch', 'stanza', 'spacy', 'ctranslate2', 'sentencepiece', 'argostranslate',"
        " 'argostranslate.translate') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([__import__("sys").executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    help_run = subprocess.run(
        [__import__("sys").executable, "-c",
         "import sys\nfrom dipl10n.cli.app import main\nsys.argv=['dipl10n','--help']\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\n"
         "print([m for m in ('torch','stanza','ctranslate2','argostranslate') if m in sys.modules])"],
        capture_output=True, text=True, check=True,
    )
    assert help_run.stdout.strip().endswith("[]")
