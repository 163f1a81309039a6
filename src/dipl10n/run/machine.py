"""Machine translation in a run: each language's engine over what its catalogs leave open.

:func:`machine_drafts` loads one engine per target language and drafts the
sentences that language's catalogs leave open (an engine that cannot be
loaded is reported for its language, the others go on). :func:`cached_drafts`
rebuilds, from the machine-translation cache alone, the draft an entry's
``origin:`` line names: what the truncation guard
(:mod:`dipl10n.po.truncation`) compares a catalog's last entry with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from dipl10n.errors import EngineUnavailable
from dipl10n.mt.draft import Draft, sources_to_translate, translate
from dipl10n.po.states import text_digest
from dipl10n.run.results import DraftOptions, MachineStatus, Progress

if TYPE_CHECKING:
    from dipl10n.mt.engine import EngineInfo
    from dipl10n.mt.memory import Memory
    from dipl10n.po.states import Origin
    from dipl10n.terms.glossary import Glossary

__all__ = ["cached_drafts", "machine_drafts"]


def machine_drafts(
    catalogs: Sequence[tuple[str, polib.POFile]], *, glossary: Glossary, memory: Memory, options: DraftOptions
) -> tuple[tuple[MachineStatus, ...], dict[str, dict[str, Draft]]]:
    """Machine-translate, language by language, what the ``(lang, catalog)`` pairs leave open.

    Returns a status per language that had sentences to translate, and the
    drafts by language and source sentence. Every language gets its own
    engine; one that cannot be loaded is reported for its language and does
    not stop the others.
    """
    from dipl10n.mt.memory import MachineKey

    drafts: dict[str, dict[str, Draft]] = {}
    statuses: list[MachineStatus] = []
    for lang in dict.fromkeys(lang for lang, _ in catalogs):
        sources = sources_to_translate([po for other, po in catalogs if other == lang], refresh=options.refresh)
        if not sources:
            continue
        if options.engine_factory is None:
            statuses.append(MachineStatus(lang, False, off=True, waiting=len(sources)))
            continue
        try:
            engine = options.engine_factory(lang)
            info = engine.info
            key = MachineKey(lang, info.engine, info.package, info.version, glossary.version)
            drafts[lang], asked = translate(
                sources,
                engine=engine,
                glossary=glossary,
                lang=lang,
                memory=memory,
                key=key,
                progress=_counting(options.progress, len(sources)),
            )
        except EngineUnavailable as exc:
            # Cannot be loaded, or failed while translating: this language waits, the others go on.
            statuses.append(MachineStatus(lang, False, message=exc.message))
            continue
        described = info.describe()
        statuses.append(
            MachineStatus(
                lang, True, engine=described, runs_on=info.runs_on, translated=asked, cached=len(sources) - asked
            )
        )
    return tuple(statuses), drafts


def _counting(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    """``progress(done, total)`` as the engine reports it: ``progress(done)``."""
    if progress is None:
        return None
    report = progress

    def counted(done: int) -> None:
        report(done, total)

    return counted


def cached_drafts(origin: Origin, sources: Sequence[str], *, lang: str, glossary: Glossary, memory: Memory) -> list[str]:
    """The machine draft ``origin`` describes, rebuilt from the machine-translation cache; none if it is not there."""
    from dipl10n.mt.engine import EngineInfo
    from dipl10n.mt.memory import MachineKey

    match = re.fullmatch(r"machine translation \((\S+) (\S+) (\S+)\)", origin.description)
    if match is None:
        return []
    info = EngineInfo(*match.groups())
    key = MachineKey(lang, info.engine, info.package, info.version, glossary.version)
    cached = list(memory.machine(sources, key))
    if not cached:
        return []
    drafts, _ = translate(cached, engine=_CacheOnly(info), glossary=glossary, lang=lang, memory=memory, key=key)
    return [draft.text for draft in drafts.values() if text_digest(draft.text) == origin.digest]


@dataclass
class _CacheOnly:
    """An engine for sentences whose outputs are all in the machine-translation cache: it is never asked."""

    info: EngineInfo

    def translate(self, sources: Sequence[str], *, progress: Callable[[int], None] | None = None) -> list[str]:
        raise AssertionError("every sentence was in the cache")

    def pieces(self, text: str) -> list[str]:
        return list(text)

    def unknown_pieces(self, text: str) -> list[str]:
        return []
