"""What building one document says: :class:`BuildResult`, and its line in the command's output.

A result is the record of one document in one language (built, refused or
skipped; its sentences counted by state; the pages written, unchanged and
removed), made by :mod:`dipl10n.site.publish` and read by the commands and
the run (:mod:`dipl10n.run.pipeline`). It is data and wording only: it
renders nothing and writes nothing, and needs only the page model's
:data:`~dipl10n.site.page.MARKED`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dipl10n.lang.locales import count_noun as _n
from dipl10n.po.states import State
from dipl10n.site.page import MARKED

__all__ = ["SUMMARY_WORDS", "BuildResult"]

#: The order in which a summary names the states, with its words (singular, plural).
SUMMARY_WORDS = {
    State.REVIEWED: ("reviewed", "reviewed"),
    State.APPROVED: ("approved machine draft", "approved machine drafts"),
    State.GLOSSARY: ("from the glossary", "from the glossary"),
    State.MEMORY: ("from the translation memory", "from the translation memory"),
    State.MACHINE_DRAFT: ("machine draft", "machine drafts"),
    State.OUT_OF_DATE: ("out of date", "out of date"),
    State.HUMAN_FUZZY: ("under review", "under review"),
    State.UNTRANSLATED: ("untranslated", "untranslated"),
}


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did for one document in one language.

    ``states`` counts the document's sentences by state; the counts add up to ``segments``.
    """

    doc: str
    lang: str
    catalog: str
    status: str  # "built", "refused" or "skipped"
    segments: int = 0
    states: Mapping[State, int] = field(default_factory=dict, hash=False)
    reviewed_only: bool = False
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    message: str = ""
    #: Check errors of the catalog (the publishing gate: ``build`` exits 1 when there are any).
    errors: int = 0
    #: Sentences whose translation holds ``msgcat`` conflict markers (shown in the source language), by state.
    conflicts: Mapping[State, int] = field(default_factory=dict, hash=False)
    #: Sentences whose translation holds control characters (shown in the source language), by state.
    controls: Mapping[State, int] = field(default_factory=dict, hash=False)
    #: Machine drafts made for an earlier version of their sentence (shown in the source language).
    stale_drafts: int = 0
    #: Pages of an earlier build removed because this one refused the document.
    removed: tuple[str, ...] = ()
    #: ``--dry-run``: ``written`` and ``removed`` are what would be written and removed.
    dry_run: bool = False

    def count(self, state: State) -> int:
        return self.states.get(state, 0)

    @property
    def published(self) -> int:
        """Sentences whose translation is published: reviewed, approved, from the glossary or the memory."""
        return sum(n for state, n in self.states.items() if state.published)

    @property
    def share(self) -> float:
        """The share of sentences whose translation is published (0..1)."""
        return self.published / self.segments if self.segments else 1.0

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def summary(self) -> str:
        """One line for the command's output."""
        if self.status != "built":
            return f"{self.catalog}: {self.status}: {self.message}"
        parts = []
        for state, (singular, plural) in SUMMARY_WORDS.items():
            conflicts = self.conflicts.get(state, 0)
            controls = self.controls.get(state, 0)
            n = self.count(state) - conflicts - controls
            if state is State.MACHINE_DRAFT and self.stale_drafts:
                n -= self.stale_drafts
                parts.append(f"{_n(self.stale_drafts, singular, plural)} of an earlier sentence (shown in English)")
            if conflicts:
                parts.append(f"{_n(conflicts, singular, plural)} with msgcat conflict markers (shown in English)")
            if controls:
                parts.append(f"{_n(controls, singular, plural)} with control characters (shown in English)")
            if not n:
                continue
            part = _n(n, singular, plural)
            if state is State.UNTRANSLATED or (self.reviewed_only and not state.published):
                part += " (shown in English)"
            elif state in MARKED:
                part += " (previous translation, marked)" if state is State.OUT_OF_DATE else " (marked)"
            parts.append(part)
        files = self.written + self.unchanged
        # The article names the line, whether or not it was written this time.
        articles = [f for f in files if f.endswith(".html") and not f.endswith(".review.html")]
        head = (articles or list(files) or [self.catalog])[0]
        written = f"{len(self.written)} {'would be written' if self.dry_run else 'written'}, {len(self.unchanged)} unchanged"
        counts = f": {', '.join(parts)}" if parts else ""
        return f"{head}: {_n(self.segments, 'sentence', 'sentences')}{counts} ({written})"
