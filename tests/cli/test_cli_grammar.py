"""One command-line grammar: global options anywhere, only the options a command uses, quiet and verbose, plurals.

``--project/-C``, ``--quiet/-q`` and ``--verbose/-v`` work before and after
the command (the later one wins); ``-q`` prints nothing on success and still
reports failures on stderr with the same exit status; ``-v`` names every file
written (``-vv``: debug output), and ``check -v`` is ``check --verbose``.
Every message counts in words that agree with the number ("1 error", "1
entry", "1 machine draft"). Shell completion is click's, under
``_DIPL10N_COMPLETE``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, read_po
from helpers.engines import DoubleEngine
from helpers.projects import ARTICLE, GLOSSARY, SECOND, finished


def project_at(root: Path, *, article: str = ARTICLE, second: str | None = SECOND) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "source" / "article.md").write_text(article, encoding="utf-8")
    if second is not None:
        (root / "source" / "second.md").write_text(second, encoding="utf-8")
    return root


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch) -> Path:
    """The current directory is in no project: only -C finds one."""
    away = tmp_path / "elsewhere"
    away.mkdir()
    monkeypatch.chdir(away)
    return away


@pytest.fixture
def desk(tmp_path: Path, engine: DoubleEngine, elsewhere: Path) -> Path:
    """A project after one run (machine drafts everywhere)."""
    root = project_at(tmp_path / "desk")
    result = dipl10n("run", "-C", str(root))
    assert result.exit_code == 0, result.output
    return root


def dipl10n(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- global options before and after the command ---------------------------------------------------


@pytest.mark.parametrize(
    "order",
    [
        ("-C", "{root}", "stats"),
        ("stats", "-C", "{root}"),
        ("--project", "{root}", "stats"),
        ("stats", "--project", "{root}"),
        ("-C", "{root}", "stats", "--format", "json"),
        ("stats", "--format", "json", "-C", "{root}"),
    ],
    ids=" ".join,
)
def test_project_before_or_after_the_command(desk: Path, order: tuple[str, ...]) -> None:
    args = [arg.format(root=desk) for arg in order]
    result = dipl10n(*args)
    assert result.exit_code == 0, result.output
    expected = dipl10n("stats", *(["--format", "json"] if "json" in order else []), "-C", str(desk))
    assert result.output == expected.output
    assert "locales/ko/LC_MESSAGES/article.po" in result.output


def test_the_later_project_wins(desk: Path, tmp_path: Path) -> None:
    other = project_at(tmp_path / "other", second=None)
    assert dipl10n("run", "--no-mt", "-C", str(other)).exit_code == 0
    assert "second.po" not in dipl10n("-C", str(desk), "stats", "-C", str(other)).output
    assert "second.po" in dipl10n("-C", str(other), "stats", "-C", str(desk)).output


def test_project_before_a_subgroup_command(desk: Path) -> None:
    for args in (("-C", str(desk), "glossary", "check"), ("glossary", "-C", str(desk), "check"),
                 ("glossary", "check", "-C", str(desk))):  # fmt: skip
        result = dipl10n(*args)
        assert result.exit_code == 0, (args, result.output)
        assert result.output == "glossary.csv: 0 errors, 0 warnings\n"


def test_no_project_here_is_one_line_on_stderr_with_or_without_quiet(elsewhere: Path) -> None:
    for args in (("stats",), ("-q", "stats"), ("stats", "-q")):
        result = dipl10n(*args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error: no dipl10n project here or above")


# -- quiet -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_run_prints_nothing_on_success(tmp_path: Path, engine: DoubleEngine, elsewhere: Path, where: str) -> None:
    root = project_at(tmp_path / "desk")
    args = ["-q", "run", "-C", str(root)] if where == "before" else ["run", "-C", str(root), "-q"]
    result = dipl10n(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (root / "build" / "ko" / "article.html").is_file()  # it did its work


@pytest.mark.parametrize(
    "command",
    [("stats",), ("stats", "--format", "json"), ("status",), ("check",), ("extract",), ("update",), ("draft",),
     ("build",), ("run",), ("run", "--dry-run"), ("glossary", "check"), ("model", "list")],
    ids=" ".join,
)  # fmt: skip
def test_quiet_prints_nothing_on_success(desk: Path, command: tuple[str, ...]) -> None:
    for args in (("-q", *command, "-C", str(desk)), (*command, "-q", "-C", str(desk))):
        result = dipl10n(*args)
        assert (result.exit_code, result.output) == (0, ""), args


def with_an_error(root: Path) -> None:
    path = root / "locales" / "ko" / "LC_MESSAGES" / "article.po"
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == "Diplomacy":
            entry.msgstr, entry.fuzzy = "디플로머시", False  # the glossary says 외교
    path.write_text(generate_po(catalog), encoding="utf-8")


def test_quiet_still_reports_failures_on_stderr(desk: Path) -> None:
    with_an_error(desk)
    checked = dipl10n("-q", "check", "-C", str(desk))
    assert checked.exit_code == 1
    assert checked.stdout == ""
    assert 'error: glossary: "Diplomacy" needs its approved translation "외교"' in checked.stderr
    assert checked.stderr.splitlines()[-1].startswith("check: 2 catalogs, 1 error, ")
    ran = dipl10n("run", "-q", "-C", str(desk))
    assert ran.exit_code == 1
    assert ran.stdout == ""
    assert ran.stderr == (
        "1 error in 1 catalog: the pages were written; fix them before publishing, see 'dipl10n check'\n"
    )
    built = dipl10n("build", "-q", "--strict", "-C", str(desk))
    assert built.exit_code == 1 and built.stdout == ""
    assert "article" in built.stderr and "their articles were not written (--strict)" in built.stderr


def test_quiet_and_verbose_the_later_one_wins(desk: Path) -> None:
    root = str(desk)
    assert dipl10n("-q", "stats", "-v", "-C", root).stdout != ""
    assert dipl10n("-v", "stats", "-q", "-C", root).stdout == ""
    assert dipl10n("stats", "-v", "-q", "-C", root).stdout == ""
    assert dipl10n("stats", "-q", "-v", "-C", root).stdout != ""


# -- verbose ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_names_every_file_written(tmp_path: Path, engine: DoubleEngine, elsewhere: Path, where: str) -> None:
    root = project_at(tmp_path / "desk")
    args = ["-v", "run", "-C", str(root)] if where == "before" else ["run", "-C", str(root), "-v"]
    result = dipl10n(*args)
    assert result.exit_code == 0, result.output
    wrote = {line.removeprefix("wrote ") for line in result.stdout.splitlines() if line.startswith("wrote ")}
    assert {
        "locales/article.pot", "locales/ko/LC_MESSAGES/article.po", "locales/ko/LC_MESSAGES/second.po",
        ".dipl10n/memory.sqlite", ".dipl10n/state.json",
    } <= wrote  # fmt: skip
    quiet_about_files = dipl10n("update", "-C", str(root))
    assert "wrote " not in quiet_about_files.stdout


def test_check_v_is_check_verbose(desk: Path) -> None:
    root = str(desk)
    listed = dipl10n("check", "--verbose", "-C", root)
    assert listed.exit_code == 0, listed.output
    assert ": warning: fuzzy: machine draft" in listed.output
    assert dipl10n("check", "-v", "-C", root).output == listed.output
    assert dipl10n("-v", "check", "-C", root).output == listed.output
    assert ": warning: fuzzy:" not in dipl10n("check", "-C", root).output


def test_vv_is_debug_output(desk: Path, monkeypatch) -> None:
    from dipl10n.run import pipeline

    real = pipeline.stats

    def talking(project):
        log = logging.getLogger("dipl10n.run.pipeline")
        log.debug("a debug line")
        log.info("an info line")
        log.warning("a warning line")
        return real(project)

    monkeypatch.setattr(pipeline, "stats", talking)
    root = str(desk)
    plain = dipl10n("stats", "-C", root).stderr
    assert "WARNING: a warning line" in plain and "INFO" not in plain and "DEBUG" not in plain
    verbose = dipl10n("stats", "-v", "-C", root).stderr
    assert "INFO: an info line" in verbose and "DEBUG" not in verbose
    debug = dipl10n("-vv", "stats", "-C", root).stderr
    assert "DEBUG: a debug line" in debug and "INFO: an info line" in debug
    assert dipl10n("stats", "-q", "-C", root).stderr == ""


# -- each command offers only the options it uses ---------------------------------------------------

GLOBAL = {"--project", "--quiet", "--verbose", "--help"}
OVERRIDES = {"--source-dir", "--locales-dir", "--glossary", "--no-glossary", "--output-dir", "--lang"}
OPTIONS = {
    "extract": {"--source-dir", "--locales-dir", "--glossary", "--no-glossary", "--lang"},
    "update": {"--locales-dir", "--glossary", "--no-glossary", "--lang", "--dry-run"},
    "draft": {"--locales-dir", "--glossary", "--no-glossary", "--lang", "--dry-run", "--refresh", "--offline"},
    "run": OVERRIDES | {"--dry-run", "--refresh", "--offline", "--no-mt"},
    "check": {"--source-dir", "--locales-dir", "--glossary", "--no-glossary", "--lang", "--format", "--strict", "--only", "--skip"},
    "build": OVERRIDES | {"--dry-run", "--reviewed-only", "--min-translated", "--mo", "--strict"},
    "stats": {"--locales-dir", "--lang", "--format"},
    "status": {"--source-dir", "--locales-dir", "--glossary", "--no-glossary", "--lang", "--format"},
    "glossary check": {"--glossary", "--lang"},
    "model list": {"--available"},
    "model install": set(),
    "model remove": set(),
}


def command(path: str) -> click.Command:
    found: click.Command = cli
    for name in path.split():
        assert isinstance(found, click.Group)
        found = found.commands[name]
    return found


def long_options(cmd: click.Command) -> set[str]:
    ctx = click.Context(cmd)
    return {
        next(opt for opt in param.opts + param.secondary_opts if opt.startswith("--"))
        for param in cmd.get_params(ctx)
        if isinstance(param, click.Option)
    }


@pytest.mark.parametrize("path", list(OPTIONS))
def test_each_command_offers_only_the_options_it_uses(path: str) -> None:
    assert long_options(command(path)) == OPTIONS[path] | GLOBAL


def test_every_command_is_listed_above() -> None:
    def walk(group: click.Group, prefix: str = "") -> set[str]:
        found = set()
        for name, cmd in group.commands.items():
            if isinstance(cmd, click.Group):
                found |= walk(cmd, f"{prefix}{name} ")
            else:
                found.add(prefix + name)
        return found

    assert walk(cli) == set(OPTIONS)


def test_model_commands_refuse_project_settings(tmp_path: Path) -> None:
    for option in ("--source-dir", "--locales-dir", "--glossary", "--output-dir", "--lang"):
        result = dipl10n("model", "list", option, str(tmp_path))
        assert result.exit_code == 2 and "No such option" in result.output, option


def test_help_does_not_cut_descriptions_short() -> None:
    for args in ((), ("glossary",), ("model",)):
        text = dipl10n(*args, "--help").output
        group = command(" ".join(args)) if args else cli
        assert isinstance(group, click.Group)
        listing = " ".join(text.split("Commands:", 1)[1].split())
        for name, cmd in group.commands.items():
            short = cmd.get_short_help_str(limit=1000)
            assert not short.endswith("..."), name
            assert f"{name} {short}" in listing, (name, short, listing)


# -- plurals ----------------------------------------------------------------------------------------


def test_one_of_everything_is_counted_in_the_singular(tmp_path: Path, elsewhere: Path, monkeypatch) -> None:
    """One document of one sentence, one machine draft with one glossary error."""
    double = DoubleEngine(lambda text: "디플로머시는 중요하다.")
    monkeypatch.setattr("dipl10n.mt.engine.engine_factory", lambda config, **options: (lambda lang: double))
    root = project_at(tmp_path / "one", article="Diplomacy matters.\n", second=None)
    (root / "bad.csv").write_text(GLOSSARY + "Alliance,,,yes,no,,\n", encoding="utf-8")
    at = ("-C", str(root))

    ran = dipl10n("run", *at)
    assert ran.exit_code == 1, ran.output
    assert "locales/article.pot: 1 entry (written)" in ran.stdout
    assert "LC_MESSAGES/article.po: 1 entry (1 machine draft), 1 new, " in ran.stdout
    assert ", 1 draft lost a glossary term (noted) (created)" in ran.stdout
    assert (
        "machine translation (ko): 1 draft by double translate-en_ko 1.0 (1 translated now, 0 from the "
        "machine-translation cache); 1 sentence sent to the engine"
    ) in ran.stdout
    assert "check: 1 catalog, 1 error, 0 warnings, 1 fuzzy, 0 untranslated" in ran.stdout
    assert ran.stderr == "1 error in 1 catalog: the pages were written; fix them before publishing, see 'dipl10n check'\n"

    assert dipl10n("stats", *at).stdout == (
        "locales/ko/LC_MESSAGES/article.po: 1 entry (1 machine draft); 2 source words, 2 to review; 0 obsolete\n"
    )
    assert dipl10n("status", *at).stdout.splitlines()[0] == (
        "total, 1 catalog: 1 entry (1 machine draft); 2 source words, 2 to review; 0 obsolete; 1 error, 0 warnings"
    )
    assert dipl10n("extract", *at).stdout.endswith("locales/article.pot: 1 entry (unchanged)\n")
    glossary = dipl10n("glossary", "check", "--glossary", str(root / "bad.csv"), *at)
    assert glossary.exit_code == 1
    assert glossary.stdout.splitlines()[-1] == "bad.csv: 1 error, 0 warnings"

    (root / "source" / "article.md").write_text("Diplomacy.\n", encoding="utf-8")
    again = dipl10n("run", "--dry-run", *at)
    assert "1 changed" in again.stdout and again.exit_code == 1
    assert "the pages would be written (--dry-run)" in again.stderr
    dipl10n("run", *at)
    assert "; 1 source word, 1 to review; 0 obsolete" in dipl10n("stats", *at).stdout
    (root / "source" / "article.md").write_text("Talks resume.\n", encoding="utf-8")
    assert ", 1 new, 1 made obsolete, " in dipl10n("run", *at).stdout
    assert "; 2 source words, 2 to review; 1 obsolete" in dipl10n("stats", *at).stdout


def test_source_words_and_files_counted_in_the_singular(tmp_path: Path, elsewhere: Path, engine) -> None:
    root = project_at(tmp_path / "one", article="Diplomacy matters.\n", second=None)
    assert finished(*(lambda r: (r.exit_code, r.output))(dipl10n("run", "-C", str(root))))
    (root / "source" / "article.md").write_text("Diplomacy matters now.\n", encoding="utf-8")
    assert dipl10n("extract", "-C", str(root)).exit_code == 0
    dry = dipl10n("update", "--dry-run", "-C", str(root))
    assert dry.stdout.splitlines()[-1] == "dry run: 1 file would be written; nothing was written"


# -- shell completion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("shell", "marker"), [("bash", "_dipl10n_completion"), ("zsh", "#compdef dipl10n"),
                                               ("fish", "complete --no-files --command dipl10n")])  # fmt: skip
def test_the_completion_script_is_produced(shell: str, marker: str) -> None:
    result = CliRunner().invoke(cli, [], prog_name="dipl10n", env={"_DIPL10N_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0, result.output
    assert marker in result.output


def test_completion_completes_commands_and_options() -> None:
    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {"_DIPL10N_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        result = CliRunner().invoke(cli, [], prog_name="dipl10n", env=env)
        assert result.exit_code == 0, result.output
        return [item.split(",", 1)[1] for item in result.output.splitlines()]

    assert set(complete("dipl10n sta")) == {"stats", "status"}
    assert "--dry-run" in complete("dipl10n run --")
    assert "--dry-run" not in complete("dipl10n stats --")
    assert {"list", "install", "remove"} <= set(complete("dipl10n model "))


def test_the_installed_command_produces_the_completion_script(tmp_path: Path) -> None:
    env = {**os.environ, "_DIPL10N_COMPLETE": "bash_source"}
    result = subprocess.run(
        [sys.executable, "-m", "dipl10n"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "complete -o nosort -F _dipl10n_completion dipl10n" in result.stdout
