"""What the commands say: one line per template, catalog, language and page, in the words every command shares.

Nothing here decides anything: each function turns a stage's result into the
lines ``run``, ``update``, ``draft``, ``build``, ``stats`` and ``status`` print,
so the same count is said the same way everywhere. ``--quiet`` silences
:func:`say`; :func:`explain` still says why a command failed, on stderr.

Every line goes out through :func:`dipl10n.fs.controls.for_terminal`: a file
name, a quoted sentence or a glossary term with a control character or a
bidirectional control (U+202E) in it is shown with visible signs, never sent to
the terminal raw; JSON goes through :func:`json_text`, which escapes them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dipl10n.cli.grammar import verbosity
from dipl10n.fs.controls import escape_json, for_terminal
from dipl10n.lang.locales import count_noun as _n

if TYPE_CHECKING:
    from dipl10n.po.catalog import CatalogStats
    from dipl10n.project.session import Changes
    from dipl10n.run.results import MachineStatus, SyncReport, TemplateResult

def say(text: str, *, one_line: bool = False) -> None:
    """A line of the command's report on stdout; nothing with --quiet.

    Controls and bidirectional controls are shown, not sent (:func:`for_terminal`); with ``one_line``, a line
    break too: a record (a catalog's line, a finding) stays one line whatever the names and text it quotes hold.
    """
    if verbosity() >= 0:
        click.echo(for_terminal(text, one_line=one_line))


def say_error(text: str) -> None:
    """A line on stderr, with --quiet too; shown as :func:`say` shows it."""
    click.echo(for_terminal(text), err=True)


def explain(lines: Iterable[str], *, failed: bool, one_line: bool = False) -> None:
    """A report that explains an exit status: on stdout; with --quiet, on stderr when the command fails, else nothing.

    Each line is shown as :func:`say` shows it (``one_line``: each is a record).
    """
    quiet = verbosity() < 0
    if quiet and not failed:
        return
    for line in lines:
        click.echo(for_terminal(line, one_line=one_line), err=quiet)


def json_text(data: Any) -> str:
    """``data`` as the JSON a command prints: UTF-8 text as it is, but DEL, C1 and bidirectional controls as
    ``\\uXXXX`` escapes (C0 ones json escapes itself), so it parses to ``data`` and shows nothing raw on a terminal."""
    return escape_json(json.dumps(data, ensure_ascii=False, indent=2))


def report_templates(results: Sequence[TemplateResult], *, dry_run: bool) -> None:
    for result in results:
        state = ("would be written" if dry_run else "written") if result.written else "unchanged"
        say(f"{relative(result.path)}: {_n(result.entries, 'entry', 'entries')} ({state})", one_line=True)


def entries_line(stats: CatalogStats) -> str:
    """``12 entries (1 reviewed, 11 machine drafts)``: the states as ``stats`` and ``status`` name them."""
    from dipl10n.po.states import State

    states = ", ".join(state.counted(stats.count(state)) for state in State if stats.count(state))
    return f"{_n(stats.entries, 'entry', 'entries')} ({states or 'none'})"


def stats_line(stats: CatalogStats) -> str:
    """One catalog's (or the project's) counts, the same words in ``stats``, ``status`` and ``run``."""
    return (
        f"{entries_line(stats)}; {_n(stats.source_words, 'source word')}, {stats.words_to_review} to review; "
        f"{stats.obsolete} obsolete"
    )


def report_catalogs(report: SyncReport, *, dry_run: bool) -> None:
    """One line per catalog: its entries by state, what the merge changed, what was filled.

    The obsolete count here is what *this* merge made obsolete ("2 made
    obsolete"); ``stats`` and ``status`` count every obsolete entry the
    catalog holds ("3 obsolete").
    """
    for result in report.catalogs:
        parts = [entries_line(result.stats)]
        if result.merge is not None:
            m = result.merge
            changes = [
                f"{m.added} new" if m.added else "",
                f"{m.fuzzy_matched} changed" if m.fuzzy_matched else "",
                f"{m.obsoleted} made obsolete" if m.obsoleted else "",
                f"{m.revived} revived" if m.revived else "",
            ]
            parts += [c for c in changes if c]
        f = result.fills
        if f.total:
            machine = f"{f.machine} by machine translation"
            if f.machine:
                machine += f" ({f.machine - f.cached} translated now, {f.cached} from the machine-translation cache)"
            parts.append(f"filled {f.glossary} from glossary, {f.memory} from memory, {machine}")
        if f.flagged:
            parts.append(f"{_n(f.flagged, 'draft')} lost a glossary term (noted)")
        if result.restored:
            parts.append(
                f"restored {_n(result.restored, 'reviewed translation')} this catalog had lost, "
                "from the translation memory"
            )
        if result.created:
            state = "would be created" if dry_run else "created"
        elif result.written:
            state = "would be written" if dry_run else "written"
        else:
            state = "unchanged"
        say(f"{relative(result.path)}: {', '.join(parts)} ({state})", one_line=True)


def report_changes(changes: Changes, *, dry_run: bool) -> None:
    """With --dry-run, every file that would be written or removed, then that nothing was; with -v, every file that was."""
    distinct = changes.distinct()
    if dry_run:
        for kind, path in distinct:
            say(f"would {kind} {path}", one_line=True)
        writes = sum(1 for kind, _ in distinct if kind == "write")
        removes = len(distinct) - writes
        if not distinct:
            say("dry run: nothing would change")
        else:
            would = [_n(writes, "file") + " would be written" if writes else "", f"{removes} removed" if removes else ""]
            say(f"dry run: {' and '.join(w for w in would if w)}; nothing was written")
    elif verbosity() > 0:
        for kind, path in distinct:
            say(f"{'wrote' if kind == 'write' else 'removed'} {path}", one_line=True)


def relative(path: Path) -> str:
    """``path`` as a command names it: relative to the current directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def progress_bar(label: str) -> Callable[[int, int | None], None] | None:
    """A progress bar on a terminal; nothing otherwise, or with --quiet (a one-line summary follows anyway).

    The callback takes how much is done and the total (``None`` when unknown).
    """
    if not sys.stderr.isatty() or verbosity() < 0:
        return None
    state: dict[str, Any] = {}

    def progress(done: int, total: int | None) -> None:
        if total is None:
            return
        bar = state.get("bar")
        if bar is None:
            # One bar per task: a finished bar is dropped, the next task (another language) starts a new one.
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["done"] = 0
        bar.update(done - state["done"])
        state["done"] = done
        if done >= total:
            bar.__exit__(None, None, None)
            del state["bar"]

    return progress


def report_machine(statuses: Sequence[MachineStatus]) -> None:
    """One line per language that had sentences for machine translation.

    Its drafts are the sum of the per-catalog lines' "by machine translation"
    counts, split the same way (made now / from the machine-translation cache);
    the sentences sent to the engine are fewer when catalogs share a sentence.
    """
    for status in statuses:
        if status.available:
            say(
                f"machine translation ({status.lang}): {_n(status.drafted, 'draft')} by {status.engine}"
                f"{f' on {status.runs_on}' if status.runs_on else ''} "
                f"({status.drafted_now} translated now, {status.drafted_from_cache} from the machine-translation "
                f"cache); {_n(status.translated, 'sentence')} sent to the engine"
            )
        elif status.off:
            say(
                f"machine translation ({status.lang}): off for this run (--no-mt); "
                f"{_n(status.waiting, 'sentence')} left for it"
            )
        else:
            say(f"MT unavailable ({status.lang}): {status.message}")


def gate_line(errors: int, catalogs: int, pages: str) -> str:
    """The publishing gate's line: how many check errors stop publication, and what was written."""
    return (
        f"{_n(errors, 'error')} in {_n(catalogs, 'catalog')}: {pages}; fix them before publishing, "
        "see 'dipl10n check'"
    )
