"""The catalog format: polib's lossless model, read strictly, written and merged as GNU gettext does.

* :mod:`~dipl10n.po.model`: small helpers over polib's ``POFile``/``POEntry``;
* :mod:`~dipl10n.po.reader`: the strict reader (file:line errors for what GNU
  rejects, and for what polib and Babel silently drop), on
  :mod:`~dipl10n.po.lexer` (bytes to tokens, string escapes) and
  :mod:`~dipl10n.po.comments` (references and flags in comment lines);
* :mod:`~dipl10n.po.writer`: the writer whose output ``msgcat`` leaves unchanged;
* :mod:`~dipl10n.po.keep`: writing back a catalog with the entries a run did not change as they were;
* :mod:`~dipl10n.po.linebreak`: gnulib's Unicode line breaking and widths;
* :mod:`~dipl10n.po.merge`: msgmerge's merge, keyed by (msgctxt, msgid);
* :mod:`~dipl10n.po.states`: an entry's provenance and its one state;
* :mod:`~dipl10n.po.catalog`: what dipl10n puts into templates and catalogs (hints, headers), and their counts;
* :mod:`~dipl10n.po.truncation`: the guard against a catalog cut inside its last entry;
* :mod:`~dipl10n.po.mo`: a catalog's ``.mo`` bytes, as msgfmt writes them.
"""

from __future__ import annotations

from dipl10n.po.merge import MergeResult, merge
from dipl10n.po.reader import parse_po, read_po
from dipl10n.po.writer import generate_po, write_po

__all__ = ["MergeResult", "generate_po", "merge", "parse_po", "read_po", "write_po"]
