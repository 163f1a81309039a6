"""The ``dipl10n`` command line: the group that holds every command, and the entry point.

One grammar for every command: the global options ``--project/-C DIR``,
``--quiet/-q`` and ``--verbose/-v`` are accepted before the command and after
it (``dipl10n -C DIR stats`` and ``dipl10n stats -C DIR`` are the same; where
both are given, the later one wins), and each command offers only the
options it uses. ``-q`` prints nothing on success (what explains a failure
still goes to stderr; exit statuses are the same); ``-v`` prints every file
written, ``-vv`` debug output too. ``--dry-run`` (``run``, ``update``,
``draft``, ``build``) says what would change and writes nothing.

Exit codes: 0 success, 1 checks failed (``run`` and ``build`` too, after
writing, while a catalog holds check errors: the publishing gate), 2 bad
input or usage (no project here or above, a missing glossary, a file the
operating system will not let dipl10n read or write), 3 the project is busy
(another run holds it, a catalog kept changing under this run, another
program holds the translation memory), 70 an internal error (a bug: one line
naming the exception, its traceback with ``-vv``), 141 the output was closed
before the command finished writing it (``dipl10n status | head -1``: no
error line, as with git and grep).
"""

from __future__ import annotations

import sys

import click

from dipl10n import __version__
from dipl10n.cli.commands import build, check, draft, extract, run, stats, status, update
from dipl10n.cli.grammar import Dipl10nGroup, silence_stdout
from dipl10n.cli.groups import glossary, model
from dipl10n.errors import EXIT_BROKEN_PIPE


@click.group(
    cls=Dipl10nGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="dipl10n", help="Show the version and exit.")
def cli() -> None:
    """Translate English articles into reviewed Korean through gettext catalogs.

    \b
    A reviewer's loop:
      1. dipl10n run          extract, merge, draft, build
      2. edit locales/ko/LC_MESSAGES/<doc>.po in Poedit, Lokalize or Weblate
      3. dipl10n run          your translations are kept; the HTML is rebuilt
      4. dipl10n status       what needs you, document by document
      5. dipl10n check        find what is wrong before publishing

    -C DIR, -q and -v work before or after the command.
    """


for _command in (extract, update, draft, run, stats, status, glossary, check, build, model):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point; a pipe closed before the last flush ends quietly too (exit status 141)."""
    try:
        try:
            cli(prog_name="dipl10n")
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # here, not at the interpreter's exit, where a closed pipe cannot be caught
    except BrokenPipeError:
        silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)


if __name__ == "__main__":  # pragma: no cover
    main()
