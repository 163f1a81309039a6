"""The project: its configuration, its layout on disk, and what one command loads once (the session).

* :mod:`~dipl10n.project.config`: ``[tool.dipl10n]`` in ``pyproject.toml``, every value checked when read;
* :mod:`~dipl10n.project.session`: :class:`~dipl10n.project.session.Project`: the layout (templates, catalogs,
  pages), the lock, what a command loads once (glossary, documents, catalogs), and the dry-run's record of changes.
"""
