"""Languages: locale codes, Korean (particles, typesetting rules), dates and numbers in both languages.

The Korean particle (josa) code is in layers, each importing only the ones before it:

* :mod:`~dipl10n.lang.hangul`: syllable arithmetic (final consonants, composing jamo);
* :mod:`~dipl10n.lang.reading`: how the end of a word is read aloud (``NATO`` 나토, ``11`` 십일);
* :mod:`~dipl10n.lang.particles`: the pairs of forms (을/를, 으로/로, 이다/다) and :func:`~dipl10n.lang.particles.attach`;
* :mod:`~dipl10n.lang.particle_agreement`: repairing and reporting particles that disagree
  with the terms dipl10n inserts into a translation.
"""
