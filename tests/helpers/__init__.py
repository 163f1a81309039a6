"""Helpers the test modules share: test modules never import each other.

* :mod:`helpers.projects`: small projects on disk, translating and reviewing their catalogs;
* :mod:`helpers.catalogs`: catalog snapshots and header fields for the PO tests;
* :mod:`helpers.engines`: machine-translation engine doubles;
* :mod:`helpers.argos`: Argos packages built by the tests and served on 127.0.0.1;
* :mod:`helpers.texts`: Hypothesis strategies for English text.
"""
