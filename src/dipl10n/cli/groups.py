"""The command groups for what a project uses besides its catalogs: the glossary, and the translation packages.

``dipl10n glossary check`` validates the glossary; ``dipl10n model list |
install | remove`` manage Argos Translate packages, and also run outside any
project (the packages directory is the user's, shared between projects).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dipl10n.cli.grammar import Dipl10nGroup
from dipl10n.cli.options import project_options
from dipl10n.cli.report import explain, progress_bar, say
from dipl10n.errors import EXIT_CHECKS_FAILED
from dipl10n.lang.locales import count_noun as _n

if TYPE_CHECKING:
    from dipl10n.project.config import Config
    from dipl10n.project.session import Project

@click.group(cls=Dipl10nGroup, short_help="Work with the terminology glossary (glossary.csv).")
def glossary() -> None:
    """Work with the terminology glossary (glossary.csv)."""


@glossary.command("check", short_help="Validate glossary.csv.")
@project_options("glossary", "lang")
def glossary_check(*, project: Project) -> None:
    """Validate glossary.csv: columns, empty translations, duplicates, collisions, encoding."""
    from dipl10n.errors import ConfigError
    from dipl10n.terms.glossary import check_glossary

    config = project.config
    if config.glossary is None:
        raise ConfigError(
            "this project has no glossary (glossary = false in [tool.dipl10n], or --no-glossary): nothing to check"
        )
    shown = project.show(config.glossary)
    issues = check_glossary(config.glossary, display=shown, languages=config.languages)
    errors = sum(1 for issue in issues if issue.severity == "error")
    warnings = len(issues) - errors
    lines = [str(issue) for issue in issues] + [f"{shown}: {_n(errors, 'error')}, {_n(warnings, 'warning')}"]
    explain(lines, failed=bool(errors), one_line=True)
    if errors:
        sys.exit(EXIT_CHECKS_FAILED)


@click.group(cls=Dipl10nGroup, short_help="Manage Argos Translate packages (offline models).")
def model() -> None:
    """Manage Argos Translate packages (the offline translation models)."""


def _packages_dir(config: Config) -> Path:
    from dipl10n.mt.packages.directory import resolve_packages_dir

    return resolve_packages_dir(config.mt.packages_dir)


@model.command("list", short_help="List installed (and available) translation packages.")
@project_options(required=False)
@click.option("--available", is_flag=True, help="Also list the packages the Argos package index offers.")
def model_list(*, project: Project, available: bool) -> None:
    """List installed translation packages (and, with --available, the index's)."""
    from dipl10n.mt.packages.directory import list_installed
    from dipl10n.mt.packages.index import fetch_index

    config = project.config
    packages_dir = _packages_dir(config)
    installed = list_installed(packages_dir)
    say(f"installed in {packages_dir}:")
    for package in installed:
        say(f"  {package.from_code}→{package.to_code}  {package.describe()}")
    if not installed:
        say("  (none)")
    if available:
        offered = fetch_index(config.mt.package_index)
        say("available from the package index:")
        for package in sorted(offered, key=lambda p: (p.from_code, p.to_code)):
            say(f"  {package.from_code}→{package.to_code}  {package.describe()}")


@model.command("install", short_help="Install a package: FROM TO from the index, or a file.")
@project_options(required=False)
@click.argument("what", nargs=-1, required=True, metavar="FROM TO | FILE.argosmodel")
def model_install(*, project: Project, what: tuple[str, ...]) -> None:
    """Install a package: from the index by language pair, or from a file.

    \b
      dipl10n model install en ko
      dipl10n model install translate-en_ko-1_1.argosmodel
    """
    from dipl10n.mt.packages.index import install_from_index
    from dipl10n.mt.packages.store import install_from_file

    config = project.config
    packages_dir = _packages_dir(config)
    if len(what) == 1:
        # A file must translate into the project's language: refuse an en→de package for a Korean desk.
        # Argos packages name languages, not locales: a ko_KR desk installs an en→ko package.
        from dipl10n.lang.locales import base_language

        expect = (config.mt.from_code, base_language(config.languages[0])) if len(config.languages) == 1 else None
        info = install_from_file(Path(what[0]), packages_dir=packages_dir, expect=expect)
    elif len(what) == 2:
        info = install_from_index(
            what[0], what[1], index_url=config.mt.package_index, packages_dir=packages_dir,
            progress=progress_bar("Downloading"),
        )
    else:
        raise click.UsageError("give a language pair (en ko) or one .argosmodel file")
    say(f"installed {info.describe()} in {packages_dir}")


@model.command("remove", short_help="Remove the installed packages for a language pair.")
@project_options(required=False)
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def model_remove(*, project: Project, from_code: str, to_code: str) -> None:
    """Remove the installed packages for a language pair."""
    from dipl10n.errors import PackageError
    from dipl10n.mt.packages.store import remove

    removed = remove(from_code, to_code, packages_dir=_packages_dir(project.config))
    if not removed:
        raise PackageError(f"no {from_code}→{to_code} package is installed")
    for package in removed:
        say(f"removed {package.describe()}")
