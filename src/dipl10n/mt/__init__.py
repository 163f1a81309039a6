"""Drafting: the machine-translation engines and their packages, the translation memory, and the draft stage.

* :mod:`~dipl10n.mt.engine`: the :class:`~dipl10n.mt.engine.Engine` protocol, the Argos engine and its factory;
* :mod:`~dipl10n.mt.ray_workers`: the same batches on Ray actors (``executor = "ray"``);
* :mod:`~dipl10n.mt.packages`: Argos packages on disk and from the package index;
* :mod:`~dipl10n.mt.memory`: the translation memory (reviewed translations, machine-translation cache);
* :mod:`~dipl10n.mt.draft`: filling open entries: glossary, memory, then machine translation.
"""
