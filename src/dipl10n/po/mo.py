"""The compiled catalog: a catalog's ``.mo`` bytes, as ``msgfmt`` writes them.

It belongs with the catalog format rather than with the published site: it
reads a catalog's entries and states and knows nothing of pages, so the
build (:mod:`dipl10n.site.publish`) only decides where the bytes go.
"""

from __future__ import annotations

import polib

from dipl10n.fs.controls import IN_TEXT, has_controls
from dipl10n.po.model import has_conflict_markers, msgstrs, translation
from dipl10n.po.states import entry_state

__all__ = ["mo_bytes"]


def mo_bytes(catalog: polib.POFile) -> bytes:
    """The compiled catalog: published translations only, as ``msgfmt`` compiles (polib's MO writer).

    Published states (reviewed, approved, glossary, memory) are exactly the
    translated entries that are not fuzzy, so this is what ``msgfmt`` would
    write: a machine draft, an out-of-date translation (it translates the
    previous source, not the msgid it would be looked up by) and a person's
    fuzzy text are left out, and gettext falls back to the source. So is a
    translation holding ``msgcat`` conflict markers or control characters,
    whatever its state; control characters in the header are dropped.
    """
    compiled = polib.POFile(encoding="utf-8")
    compiled.metadata = {key: IN_TEXT.sub("", value) for key, value in catalog.metadata.items()}
    compiled.extend(
        entry
        for entry in catalog
        if not entry.obsolete
        and entry_state(entry).published
        and not has_conflict_markers(translation(entry))
        and not any(has_controls(text) for text in msgstrs(entry))
    )
    return bytes(compiled.to_binary())
