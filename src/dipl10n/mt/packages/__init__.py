"""Argos Translate packages on disk: list, install (safely), upgrade, remove; download them from the index.

This is what ``dipl10n model list|install|remove`` runs, and what the engine
uses to find its models. An Argos package (``.argosmodel``) is a zip archive
of one directory holding ``metadata.json``, a CTranslate2 model in ``model/``
and a tokenizer (``sentencepiece.model`` or ``bpe.model``). Installed
packages are directories in a packages directory, the same layout Argos
Translate itself reads, so either tool sees the other's installs.

Nothing is re-exported here: import from the module that owns a name. Each
module imports only modules listed above it.

- ``metadata``: ``PackageInfo``, its fields checked, version order, member limits, bounded reading.
- ``directory``: where the packages directory is, its lock, clean-up of killed commands, what is installed.
- ``archive``: what an ``.argosmodel`` may hold, checked from the zip directory; extraction refusing the rest.
- ``store``: install from a file, upgrade, remove; importing Argos and validating with it.
- ``transfer``: downloads with an overall deadline, a minimum rate (``TransferLimits``) and progress.
- ``index``: the package index: its URL, fetching and checking entries, installing from it.
"""
