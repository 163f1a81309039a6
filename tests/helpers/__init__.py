"""Helpers the test modules share: test modules never import each other.

* :mod:`helpers.projects`: small projects on disk, translating and reviewing their catalogs;
* :mod:`helpers.catalogs`: catalog snapshots and header fields for the PO tests;
* :mod:`helpers.engines`: machine-translation engine doubles;
* :mod:`helpers.interop`: the team project, the tools (GNU gettext, polib, Babel, translate-toolkit, Weblate) and
  their two cycles with ``dipl10n run``, for the interop tests and ``bench/interop_table.py``;
* :mod:`helpers.argos`: Argos packages built by the tests and served on 127.0.0.1;
* :mod:`helpers.texts`: Hypothesis strategies for English text.
"""
