"""Options that say where a command works: the project, the settings it may override, --dry-run, --format.

:func:`project_options` loads the project once, before the command runs, and
hands it over as ``project``; a command offers only the overrides of the
``[tool.dipl10n]`` settings it uses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dipl10n.cli.grammar import PROJECT_KEY, ROOT_KEY

if TYPE_CHECKING:
    from dipl10n.project.session import Project

#: The settings of ``[tool.dipl10n]`` a command may override, and the options that do.
SETTING_OPTIONS: dict[str, Callable[[Callable], Callable]] = {
    "source_dir": click.option(
        "--source-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] source_dir."
    ),
    "locales_dir": click.option(
        "--locales-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] locales_dir."
    ),
    "glossary": click.option(
        "--glossary", type=click.Path(path_type=Path), metavar="FILE", help="Override [tool.dipl10n] glossary."
    ),
    "no_glossary": click.option(
        "--no-glossary", is_flag=True, help="Work without a glossary (as glossary = false in [tool.dipl10n])."
    ),
    "output_dir": click.option(
        "--output-dir", type=click.Path(path_type=Path), metavar="DIR", help="Override [tool.dipl10n] output_dir."
    ),
    "lang": click.option(
        "--lang",
        "languages",
        multiple=True,
        metavar="CODE",
        help="Target language (repeatable); overrides [tool.dipl10n] languages.",
    ),
}
#: What a command that does everything uses.
EVERY_SETTING = ("source_dir", "locales_dir", "glossary", "no_glossary", "output_dir", "lang")

DRY_RUN = click.option(
    "--dry-run",
    is_flag=True,
    help="Say what would change (one line per file) and write nothing: no catalog, page, translation memory, "
    "state or lock file; no translation package is downloaded.",
)


def project_options(*settings: str, required: bool = True, dry_run: bool = False) -> Callable[[Callable], Callable]:
    """Load the project a command works on, offering the overrides of the ``settings`` it uses (and ``--dry-run``).

    The project is ``--project DIR`` (before or after the command), else the
    project of the first catalog the command names (``catalogs``), else the
    nearest one from the current directory upwards
    (:func:`dipl10n.project.session.find_root`). With ``required=False`` (the
    ``model`` commands, which manage the user's translation packages) a
    command also runs outside any project, with the default settings. The
    command gets the loaded :class:`~dipl10n.project.session.Project` as ``project``.
    """
    unknown = set(settings) - set(SETTING_OPTIONS)
    if unknown:
        raise ValueError(f"no such setting: {sorted(unknown)}")

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from dipl10n.errors import ConfigError
            from dipl10n.project.session import Changes, Project, find_root

            ctx = click.get_current_context()
            overrides: dict[str, Any] = {
                name: kwargs.pop(name) for name in ("source_dir", "locales_dir", "glossary", "output_dir") if name in settings
            }
            if kwargs.pop("no_glossary", False):
                if overrides.get("glossary") is not None:
                    raise click.UsageError("give --glossary FILE or --no-glossary, not both")
                overrides["glossary"] = False
            languages = kwargs.pop("languages", ())
            dry = bool(kwargs.pop("dry_run", False))
            explicit = ctx.meta.get(PROJECT_KEY)
            catalogs = tuple(Path(path).absolute() for path in kwargs.get("catalogs") or ())
            if "catalogs" in kwargs:
                kwargs["catalogs"] = catalogs
            try:
                root = find_root(explicit=explicit, catalogs=catalogs)
            except ConfigError:
                if required or explicit is not None:
                    raise
                root = Path.cwd()
            ctx.meta[ROOT_KEY] = root
            # The command's record of the files it writes: made here, reported by the command (report_changes).
            loaded = Project.load(root, dry_run=dry, changes=Changes(), languages=list(languages) or None, **overrides)
            return command(*args, project=loaded, **kwargs)

        decorated: Callable = wrapper
        chosen = [SETTING_OPTIONS[name] for name in SETTING_OPTIONS if name in settings]
        if dry_run:
            chosen.append(DRY_RUN)
        for option in reversed(chosen):
            decorated = option(decorated)
        return decorated

    return decorate


def needs_glossary(project: Project) -> None:
    """Load the glossary now: a missing or unreadable one stops the command before anything is written."""
    _ = project.glossary


FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Lines for people, or JSON for scripts.",
)
