"""The published output: articles, plain text, review pages, the site index and the publishing gate.

One module per concern, each depending only on those above it:

* :mod:`~dipl10n.site.page`: the page model: sentences and nodes read from a document and its catalog;
* :mod:`~dipl10n.site.notices`: reader-facing wording: the notice under an article, by language;
* :mod:`~dipl10n.site.diff`: the word-by-word difference the review page shows for an out-of-date sentence;
* :mod:`~dipl10n.site.typeset`: Korean typesetting: compounds and middle dots kept on one line;
* :mod:`~dipl10n.site.render`: inline Markdown, the Jinja environment and templates, links, dates, page bytes;
* :mod:`~dipl10n.site.article`: the article page and its plain text;
* :mod:`~dipl10n.site.review`: the reviewer's page, its rows and filters;
* :mod:`~dipl10n.site.result`: what building one document says (:class:`~dipl10n.site.result.BuildResult`);
* :mod:`~dipl10n.site.publish`: one document in one language: the plan, the publishing gate, writing;
* :mod:`~dipl10n.site.index`: the review site's index, and :func:`~dipl10n.site.index.build_all`;
* :mod:`~dipl10n.site.status`: where the project stands, per document and language (``dipl10n status``).
"""
