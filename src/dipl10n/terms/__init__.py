"""Terminology: the glossary, its term index, how a sentence mentions a term, and term protection through MT.

* :mod:`~dipl10n.terms.glossary`: ``glossary.csv``: schema, validation and matching;
* :mod:`~dipl10n.terms.index`: many glossary forms found in a text at once (an Aho-Corasick automaton);
* :mod:`~dipl10n.terms.mentions`: what a translation owes the glossary, and whether it says it;
* :mod:`~dipl10n.terms.protect`: glossary terms and dates through machine translation as placeholders.
"""
