"""Quality checks on catalog entries (what ``dipl10n check`` reports), the runner and the reports.

Each check is declared once, with its name and severity (``@check("numbers", ERROR)``); the
name is what findings, ``ignore-<name>`` and ``dipl10n check --only/--skip`` say. The modules:

* ``registry`` — Finding, CheckContext, severities, Issue, Check, the ``@check`` decorator and REGISTRY
* ``text`` — the helpers checks share: an entry's two texts, quoting in messages, blanking spans
* ``entries`` — ``untranslated``, ``fuzzy``, ``conflict`` (msgcat markers), ``controls`` (control characters)
* ``glossary`` — ``glossary``: every glossary mention said, no forbidden form, no term-missing note left
* ``numbers`` — ``numbers``: numbers and dates of the source, in every form they may take
* ``markup`` — ``markup`` (placeholders, inline Markdown, links, images) and ``brackets``; ``local_resource``
* ``particles`` — ``particles``: Korean particles agreeing with the glossary term or date before them
* ``style`` — warnings on how a translation reads: ``identical``, ``latin``, ``length``, ``spaces``, ``punctuation``
* ``runner`` — CHECKS (their order), CHECK_NAMES, select_checks, ignored_checks, check_catalog, check_catalogs
* ``report`` — CatalogSummary, CheckReport and COLLAPSED (fuzzy and untranslated: counted, not listed)
"""
