"""The command line: parses options, calls the stages, reports.

* :mod:`~dipl10n.cli.app`: the ``dipl10n`` group, its commands, the entry point;
* :mod:`~dipl10n.cli.grammar`: the global options, and the one place an error becomes a line and an exit status;
* :mod:`~dipl10n.cli.options`: the project a command works on, the settings it may override, ``--dry-run``;
* :mod:`~dipl10n.cli.commands`: extract, update, draft, run, stats, status, check, build;
* :mod:`~dipl10n.cli.groups`: ``glossary check`` and ``model list | install | remove``;
* :mod:`~dipl10n.cli.report`: what the commands say, in the words every command shares.
"""
