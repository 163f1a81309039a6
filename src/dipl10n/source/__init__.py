"""Source documents: Markdown articles with their front matter, split into sentence segments.

* :mod:`~dipl10n.source.document`: a source file read into blocks (front matter, paragraphs, lists, quotes);
* :mod:`~dipl10n.source.segment`: English paragraphs split into sentences, the unit of a gettext message.
"""
