"""``dipl10n status``, and counts that agree between ``run``, ``stats``, ``status`` and ``check``.

``status`` gives the project's totals, then one line per document and
language, the ones that need work first; ``--format json`` is
:meth:`dipl10n.site.status.ProjectStatus.to_dict`. Its numbers are those of
``stats`` (entries by state, words, obsolete entries) and ``check`` (errors,
warnings, fuzzy and untranslated entries), and the catalog lines ``run``
prints use the same words. ``run`` counts what *its* merge made obsolete
("2 made obsolete"); ``stats`` and ``status`` count every obsolete entry a
catalog holds ("3 obsolete").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State
from helpers.engines import DoubleEngine
from helpers.projects import ARTICLE, GLOSSARY, SECOND, finished

RUN_LINE = re.compile(r"^(?P<path>\S+\.po): (?P<rest>.*) \((?P<state>created|written|unchanged)\)$", re.M)


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Two documents in Korean, no catalogs yet."""
    root = tmp_path / "desk"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "source" / "article.md").write_text(ARTICLE, encoding="utf-8")
    (root / "source" / "second.md").write_text(SECOND, encoding="utf-8")
    return root


def dipl10n(root: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def edit(root: Path, doc: str, change) -> None:
    """What a reviewer does in an editor: ``change(entries by msgid)``, then save."""
    path = root / "locales" / "ko" / "LC_MESSAGES" / f"{doc}.po"
    catalog = read_po(path)
    change({entry.msgid: entry for entry in catalog if not entry.obsolete})
    path.write_text(generate_po(catalog), encoding="utf-8")


def run_counts(output: str) -> dict[str, dict]:
    """The catalog lines of ``run``: entries, each state, and what the merge made obsolete, by catalog."""
    found = {}
    for match in RUN_LINE.finditer(output):
        rest = match["rest"]
        head = re.match(r"(\d+) entr(?:y|ies) \(", rest)
        assert head, rest
        # The states part ends at the parenthesis that closes "entries (" (a label may hold parentheses).
        depth, end = 1, head.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(rest[end], 0)
            end += 1
        states_text = rest[head.end() : end - 1]
        counts: dict[str, int] = {"entries": int(head[1])}
        for state in State:
            labels = {state.counted(1)[2:], state.counted(2)[2:]}
            pattern = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
            hit = re.search(rf"(?:^|, )(\d+) (?:{pattern})(?=, |$)", states_text)
            counts[state.value] = int(hit[1]) if hit else 0
        made = re.search(r", (\d+) made obsolete", rest[end:])
        counts["made_obsolete"] = int(made[1]) if made else 0
        found[match["path"].split("desk/", 1)[-1]] = counts
    return found


def json_rows(result, key: str = "catalog") -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data["documents"] if isinstance(data, dict) else data
    return {row[key]: row for row in rows}


def assert_agreement(root: Path, run_output: str) -> dict[str, dict]:
    """``run``'s catalog lines, ``stats``, ``status`` and ``check`` give the same numbers; the stats rows.

    ``run`` has a line for each catalog of the documents it processed; the others it skipped, unchanged.
    """
    ran = run_counts(run_output)
    stats = json_rows(dipl10n(root, "stats", "--format", "json"))
    status = json_rows(dipl10n(root, "status", "--format", "json"))
    checked = dipl10n(root, "check", "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
    check = {row["path"]: row for row in json.loads(checked.stdout)["catalogs"]}
    assert ran.keys() <= stats.keys() == status.keys() == check.keys()
    skipped = re.search(r"^(\d+) of (\d+) documents unchanged since the last run: skipped", run_output, re.M)
    assert len(stats) - len(ran) == (int(skipped[1]) if skipped else 0)
    for catalog, row in stats.items():
        for key in ("entries", *(state.value for state in State)):
            assert ran.get(catalog, row)[key] == row[key] == status[catalog][key], (catalog, key)
        for key in ("source_words", "words_to_review", "obsolete", "translated", "fuzzy", "untranslated"):
            assert row[key] == status[catalog][key], (catalog, key)
        assert (row["fuzzy"], row["untranslated"]) == (check[catalog]["fuzzy"], check[catalog]["untranslated"])
        assert (status[catalog]["errors"], status[catalog]["warnings"]) == (
            check[catalog]["errors"], check[catalog]["warnings"]
        )
        assert check[catalog]["entries"] == row["entries"]
    # The totals are the sums of the lines.
    totals = json.loads(dipl10n(root, "status", "--format", "json").stdout)["totals"]
    assert totals["documents"] == len(stats)
    for key in ("entries", "obsolete", "source_words", "words_to_review", *(state.value for state in State)):
        assert totals[key] == sum(row[key] for row in stats.values()), key
    assert totals["errors"] == sum(row["errors"] for row in check.values())
    # The text lines: status's line for a catalog is stats' line, then the findings.
    stats_lines = dipl10n(root, "stats").stdout.splitlines()
    status_lines = dipl10n(root, "status").stdout.splitlines()[1:]
    for line in stats_lines:
        catalog = line.split(": ", 1)[0]
        [mine] = [s for s in status_lines if s.startswith(catalog + ": ")]
        errors = status[catalog]["errors"]
        assert mine.startswith(line + f"; {errors} error"), (line, mine)
    return {catalog: {**row, "made_obsolete": ran.get(catalog, {}).get("made_obsolete", 0)} for catalog, row in stats.items()}


def test_run_stats_status_and_check_agree_through_every_state(desk: Path, engine: DoubleEngine) -> None:
    article, second = "locales/ko/LC_MESSAGES/article.po", "locales/ko/LC_MESSAGES/second.po"
    first = dipl10n(desk, "run")
    assert first.exit_code == 0, first.output
    rows = assert_agreement(desk, first.output)
    assert (rows[article]["glossary"], rows[article]["machine_draft"]) == (1, 11)

    def review(entries) -> None:
        entries["Next steps"].fuzzy = False  # approved as drafted
        entries["Share information."].msgstr = "정보를 공유한다."
        entries["Share information."].fuzzy = False  # reviewed
        entries["Hold more talks."].msgstr = "회담을 더 연다."  # a person's text, still fuzzy
        entries["Invite partners."].msgstr = "파트너를 초청한다."
        entries["Invite partners."].fuzzy = False
        entries["The leaders met on July 11."].msgstr = ""  # rejected: untranslated from now on
        entries["The leaders met on July 11."].fuzzy = False
        entries["Diplomacy"].msgstr = "디플로머시"  # the glossary says 외교: a check error

    edit(desk, "article", review)
    source = desk / "source" / "article.md"
    source.write_text(ARTICLE.replace("> Words of a leader.\n", ""), encoding="utf-8")
    second_run = dipl10n(desk, "run")
    assert second_run.exit_code == 1, second_run.output  # the publishing gate: one error
    rows = assert_agreement(desk, second_run.output)
    counts = rows[article]
    # Reviewed: two translations and the edited glossary term.
    assert (counts["approved"], counts["reviewed"], counts["human_fuzzy"], counts["untranslated"]) == (1, 3, 1, 1)
    assert (counts["obsolete"], counts["made_obsolete"]) == (1, 1)

    text = source.read_text(encoding="utf-8")
    text = text.replace("- Share information.", "- Share all information.")  # reviewed, then changed: out of date
    text = text.replace("  - Invite partners.\n", "").replace("See [the release](https://example.org/release).\n", "")
    source.write_text(text, encoding="utf-8")
    third = dipl10n(desk, "run")
    assert third.exit_code == 1, third.output
    rows = assert_agreement(desk, third.output)
    counts = rows[article]
    assert counts["out_of_date"] == 1
    # The wording says which count is which: this run's merge, against every obsolete entry of the catalog.
    assert counts["obsolete"] == counts["made_obsolete"] + 1 >= 3, counts
    assert f", {counts['made_obsolete']} made obsolete" in third.output
    assert f"; {counts['obsolete']} obsolete" in dipl10n(desk, "stats").output
    assert f"; {counts['obsolete']} obsolete; 1 error" in dipl10n(desk, "status").output
    assert rows[second]["obsolete"] == 0


def test_status_puts_what_needs_work_first_and_sums_it_up(desk: Path, engine: DoubleEngine) -> None:
    assert finished(*(lambda r: (r.exit_code, r.output))(dipl10n(desk, "run")))

    def review_all(entries) -> None:
        for entry in entries.values():
            entry.msgstr = {"A short note": "짧은 메모", "Only one sentence here.": "여기에는 한 문장뿐이다."}[entry.msgid]
            entry.fuzzy = False

    edit(desk, "second", review_all)
    result = dipl10n(desk, "status")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("total, 2 catalogs: 14 entries (1 from the glossary, 11 machine drafts, 2 reviewed); ")
    assert lines[0].endswith("; 0 obsolete; 0 errors, 0 warnings")
    # The article still needs review; the second document is done and comes last.
    assert [line.split(": ", 1)[0] for line in lines[1:]] == [
        "locales/ko/LC_MESSAGES/article.po",
        "locales/ko/LC_MESSAGES/second.po",
    ]
    assert lines[2] == (
        "locales/ko/LC_MESSAGES/second.po: 2 entries (2 reviewed); 7 source words, 0 to review; 0 obsolete; "
        "0 errors, 0 warnings"
    )
    data = json.loads(dipl10n(desk, "status", "--format", "json").stdout)
    assert [d["document"] for d in data["documents"]] == ["article", "second"]
    assert data["documents"][1] == {
        "document": "second", "language": "ko", "catalog": "locales/ko/LC_MESSAGES/second.po",
        "entries": 2, "untranslated": 0, "glossary": 0, "memory": 0, "machine_draft": 0, "approved": 0,
        "reviewed": 2, "out_of_date": 0, "human_fuzzy": 0, "translated": 2, "fuzzy": 0, "source_words": 7,
        "words_to_review": 0, "obsolete": 0, "errors": 0, "warnings": 0,
    }  # fmt: skip
    assert data["totals"]["documents"] == 2 and data["totals"]["reviewed"] == 2

    # An error puts the second document first.
    edit(desk, "second", lambda entries: setattr(entries["A short note"], "msgstr", "짧은 메모 ((괄호"))
    data = json.loads(dipl10n(desk, "status", "--format", "json").stdout)
    assert data["documents"][0]["document"] == "second" and data["documents"][0]["errors"] >= 1


def test_status_without_catalogs(desk: Path) -> None:
    result = dipl10n(desk, "status")
    assert (result.exit_code, result.output) == (0, "no catalogs yet: run 'dipl10n run'\n")
    data = json.loads(dipl10n(desk, "status", "--format", "json").stdout)
    assert data["documents"] == [] and data["totals"]["entries"] == 0


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_status_after_a_run_answers_from_the_verified_state_with_the_same_numbers(desk: Path, monkeypatch, fmt) -> None:
    from dipl10n.project.session import Project

    runner = CliRunner()
    assert finished(*_result(runner.invoke(cli, ["run", "--no-mt", "--project", str(desk)])))
    # A catalog of no source document is read and checked either way.
    (desk / "locales" / "ko" / "LC_MESSAGES" / "orphan.po").write_bytes(
        (desk / "locales" / "ko" / "LC_MESSAGES" / "second.po").read_bytes()
    )
    assert finished(*_result(runner.invoke(cli, ["run", "--no-mt", "--project", str(desk)])))
    args = ["status", "--format", fmt, "--project", str(desk)]
    read: list[str] = []
    real = Project.catalog

    def counting(self, path):
        read.append(path.name)
        return real(self, path)

    monkeypatch.setattr(Project, "catalog", counting)
    from_state = runner.invoke(cli, args)
    assert from_state.exit_code == 0, from_state.output
    assert read == ["orphan.po"] * read.count("orphan.po") and read  # the documents' catalogs were not read
    (desk / ".dipl10n" / "state.json").unlink()
    from_catalogs = runner.invoke(cli, args)
    assert from_state.output == from_catalogs.output
    assert {"article.po", "second.po"} <= set(read)


def _result(result):
    return result.exit_code, result.output
