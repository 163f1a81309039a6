"""``python -m dipl10n``: the ``dipl10n`` command."""

from dipl10n.cli.app import main

main()
