"""Templates and catalogs: what dipl10n puts into ``.pot`` and ``.po`` files, and where.

The catalog model is polib's (see :mod:`dipl10n.po`). dipl10n's metadata
lives where every gettext tool keeps it (``docs/catalogs.md`` says why, tool
by tool):

**In the template, as extracted comments (``#.``).** What derives from the
source and the glossary: msgmerge, Weblate and every other tool copy a
template's extracted comments into each catalog, so they never need to be
written into a catalog by dipl10n.

``role: headline``
    The block the sentence comes from, where it helps the reviewer.
``glossary (ko): Secretary General = 사무총장``
    A glossary term of the sentence with its approved translation in one
    target language (``glossary: NATO (do not translate)`` for a term that
    stays as it is in every language).
``date (ko): July 11 = 7월 11일``
    A date of the sentence in one target language.

**In the catalog, as translator comments (``#``).** What is about one
language's translation: who or what filled it. msgmerge, msgcat, msgattrib,
polib, translate-toolkit, Poedit and Weblate all keep translator comments (GNU
tools drop flags they do not know, so dipl10n keeps none of its own there).

``origin: machine translation (argos translate-en_ko 1.1) #1a2b3c4d``
    Where an automatic translation came from, with a digest of the text that
    was filled in (and ``, approved`` once a reviewer approved a machine
    draft); :mod:`dipl10n.po.states` reads the state of an entry from it.
``rejected: machine translation (argos translate-en_ko 1.1)``
    A reviewer emptied this engine's draft: it does not draft the entry again.
``term-missing: Secretary_General``
    Machine translation lost this glossary term; gone once the term is there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polib

from dipl10n import __version__
from dipl10n.po.merge import is_foreign
from dipl10n.po.model import join_comment, live, new_catalog, translation
from dipl10n.po.states import State, entry_state, missing_terms, set_missing_terms
from dipl10n.source.document import Document
from dipl10n.source.segment import Segment
from dipl10n.terms.glossary import Glossary

ROLE_PREFIX = "role: "

#: Roles worth telling the reviewer about; body paragraphs need no note.
NOTED_ROLES = {
    "kicker": "kicker (section label above the headline)",
    "headline": "headline",
    "standfirst": "standfirst (summary under the headline)",
    "byline": "byline",
    "heading": "subheading",
    "list-item": "list item",
    "quote": "block quote",
}


@dataclass(frozen=True)
class CatalogStats:
    """Counts of one catalog, as ``dipl10n stats`` shows them: entries by :class:`~dipl10n.po.states.State`."""

    entries: int
    source_words: int
    obsolete: int
    states: Mapping[State, int]
    #: Source words of the entries that still need a person (every state but the published ones).
    words_to_review: int = 0

    def count(self, state: State) -> int:
        return self.states.get(state, 0)

    @property
    def translated(self) -> int:
        """Current translations that are not fuzzy: reviewed, approved, from the glossary or the memory."""
        return sum(n for state, n in self.states.items() if state.published)

    @property
    def fuzzy(self) -> int:
        return sum(n for state, n in self.states.items() if state.fuzzy)

    @property
    def untranslated(self) -> int:
        return self.count(State.UNTRANSLATED)

    @property
    def unedited_drafts(self) -> int:
        return self.count(State.MACHINE_DRAFT)

    @property
    def translated_share(self) -> float:
        return self.translated / self.entries if self.entries else 1.0

    def to_dict(self) -> dict[str, int]:
        """Counts by name, as ``stats --format json`` shows them."""
        return {
            "entries": self.entries,
            **{state.value: self.count(state) for state in State},
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "source_words": self.source_words,
            "words_to_review": self.words_to_review,
            "obsolete": self.obsolete,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CatalogStats:
        """The counts :meth:`to_dict` gave (the run state keeps them so); its derived totals are computed, not read."""
        return cls(
            entries=int(data["entries"]),
            source_words=int(data["source_words"]),
            obsolete=int(data["obsolete"]),
            states={state: int(data[state.value]) for state in State if data.get(state.value)},
            words_to_review=int(data["words_to_review"]),
        )

    def __add__(self, other: CatalogStats) -> CatalogStats:
        return CatalogStats(
            entries=self.entries + other.entries,
            source_words=self.source_words + other.source_words,
            obsolete=self.obsolete + other.obsolete,
            states={state: self.count(state) + other.count(state) for state in State},
            words_to_review=self.words_to_review + other.words_to_review,
        )


def _timestamp(now: dt.datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M%z")


# -- templates -------------------------------------------------------------------


def make_template(
    doc: Document,
    segments: Sequence[Segment],
    *,
    project: str,
    now: dt.datetime,
    glossary: Glossary,
    languages: Sequence[str],
) -> polib.POFile:
    """The ``.pot`` template of one document: one entry per distinct sentence, in source order."""
    template = new_catalog()
    template.header = (
        f"Translation template for {doc.ref} ({project}).\n"
        "Made by dipl10n from the source document: edit the source, not this file.\n"
    )
    template.metadata_is_fuzzy = True
    template.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _timestamp(now),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"dipl10n {__version__}",
    }
    by_text: dict[str, polib.POEntry] = {}
    roles: dict[str, list[str]] = {}
    for segment in segments:
        reference = (doc.ref, str(segment.line))
        entry = by_text.get(segment.text)
        if entry is None:
            entry = by_text[segment.text] = polib.POEntry(msgid=segment.text, occurrences=[], encoding="utf-8")
            template.append(entry)
            roles[segment.text] = []
        if reference not in entry.occurrences:
            entry.occurrences.append(reference)
        label = NOTED_ROLES.get(segment.role)
        if label and label not in roles[segment.text]:
            roles[segment.text].append(label)
    for entry in template:
        notes = [ROLE_PREFIX + label for label in roles[entry.msgid]]
        entry.comment = join_comment([*notes, *hints(entry.msgid, glossary, languages)])
    return template


@dataclass(frozen=True)
class Hint:
    """A glossary term or date of a sentence and its approved form, for its reviewers (:func:`term_hints`)."""

    #: ``glossary``, ``date`` or ``keep`` (a do-not-translate term).
    kind: str
    #: The language it is for ("" for ``keep``: the same in every language).
    lang: str
    source: str
    target: str
    #: What else the glossary admits or forbids: ``also 대한민국; in compounds 한-; never 남한``.
    extra: str = ""

    def __str__(self) -> str:
        """The line a template's extracted comment carries (:func:`hints`)."""
        if self.kind == "keep":
            return f"glossary: {self.source} (do not translate)"
        extra = f" ({self.extra})" if self.extra else ""
        return f"{self.kind} ({self.lang}): {self.source} = {self.target}{extra}"


def hints(msgid: str, glossary: Glossary, languages: Sequence[str]) -> list[str]:
    """The glossary terms and dates of ``msgid`` for the reviewers of ``languages``, one line each.

    ``glossary (ko): ROK = 한국 (also 대한민국; in compounds 한-; never 남한)``: the
    preferred form first, then what else the glossary admits or forbids.
    """
    return [str(hint) for hint in term_hints(msgid, glossary, languages)]


def term_hints(msgid: str, glossary: Glossary, languages: Sequence[str]) -> list[Hint]:
    """The glossary terms and dates of ``msgid`` with their approved forms, in order, each once."""
    from dipl10n.lang.dates import find_dates
    from dipl10n.lang.locales import is_korean

    hints: list[Hint] = []
    matches = glossary.find(msgid)
    dates = None
    for lang in languages:
        found: list[tuple[int, Hint]] = []
        for match in matches:
            term = match.term
            if term.dnt:
                found.append((match.start, Hint("keep", "", match.form, match.form)))
                continue
            forms = term.renderings(lang)
            if forms.preferred is None:
                continue
            extras = []
            if forms.admitted[1:]:
                extras.append("also " + ", ".join(forms.admitted[1:]))
            if forms.combining:
                extras.append("in compounds " + ", ".join(f + "-" for f in forms.combining))
            if forms.forbidden:
                extras.append("never " + ", ".join(forms.forbidden))
            found.append((match.start, Hint("glossary", lang, match.form, forms.preferred, "; ".join(extras))))
        if is_korean(lang):
            taken = [(m.start, m.end) for m in matches]
            if dates is None:
                dates = find_dates(msgid)
            for date in dates:
                if all(date.end <= start or date.start >= end for start, end in taken):
                    found.append((date.start, Hint("date", lang, date.text, date.ko)))
        for _, hint in sorted(found, key=lambda item: item[0]):
            if hint not in hints:
                hints.append(hint)
    return hints


def template_changed(old: polib.POFile | None, new: polib.POFile) -> bool:
    """Whether ``new`` differs from ``old`` in anything but its creation date."""
    if old is None:
        return True
    if _header_without_date(old) != _header_without_date(new):
        return True
    return _entries(old) != _entries(new)


def _header_without_date(po: polib.POFile) -> tuple:
    fields = [(k, v) for k, v in po.metadata.items() if k != "POT-Creation-Date"]
    return (po.header, bool(po.metadata_is_fuzzy), fields)


def _entries(po: polib.POFile) -> list[tuple]:
    return [
        (e.msgctxt, e.msgid, e.msgid_plural, translation(e), tuple(e.occurrences), e.comment, e.tcomment, e.obsolete)
        for e in po
    ]


# -- catalogs ----------------------------------------------------------------------


def init_catalog(template: polib.POFile, lang: str, *, project: str, doc_ref: str, now: dt.datetime) -> polib.POFile:
    """A new, empty ``.po`` catalog for ``lang`` (what ``msginit`` makes)."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    locale = Locale.parse(lang, sep="_" if "_" in lang else "-")
    nplurals, plural = get_plural(locale)
    po = new_catalog()
    po.header = (
        f"{locale.english_name} translation of {doc_ref} ({project}).\n"
        "Review it in Poedit, Lokalize or Weblate: dipl10n never overwrites a translation you made.\n"
    )
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", _timestamp(now)),
        "PO-Revision-Date": _timestamp(now),
        "Last-Translator": "",
        "Language-Team": str(locale.english_name),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={nplurals}; plural={plural};",
        "X-Generator": f"dipl10n {__version__}",
    }
    return po


def doc_ref(template: polib.POFile) -> str:
    """The source document a template was made from, as its references name it."""
    for entry in template:
        if entry.occurrences:
            return entry.occurrences[0][0]
    return "the source document"


# -- notes that follow the glossary ---------------------------------------------------


def settle_missing_terms(entry: polib.POEntry, glossary: Glossary, lang: str) -> None:
    """Drop the ``term-missing:`` notes of the terms the translation now holds."""
    labels = missing_terms(entry)
    if not labels:
        return
    from dipl10n.terms.protect import replacements

    text = translation(entry)
    items = replacements(entry.msgid, glossary, lang)
    still = []
    for label in labels:
        targets = {item.target for item in items if item.label == label}
        if not (text and targets and all(t in text for t in targets)):
            still.append(label)
    if still != labels:
        set_missing_terms(entry, still)


# -- counting ----------------------------------------------------------------------


_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


def source_words(text: str) -> int:
    return len(_WORDS.findall(text))


def catalog_stats(po: polib.POFile) -> CatalogStats:
    states = dict.fromkeys(State, 0)
    entries = words = to_review = 0
    for entry in live(po):
        entries += 1
        state = entry_state(entry)
        states[state] += 1
        count = source_words(entry.msgid)
        words += count
        if not state.published:
            to_review += count
    return CatalogStats(
        entries=entries,
        source_words=words,
        obsolete=sum(1 for entry in po if entry.obsolete and translation(entry)),
        states=states,
        words_to_review=to_review,
    )


def reviewed_entries(po: polib.POFile) -> Iterator[polib.POEntry]:
    """What the translation memory learns from: a person's reviewed or approved translations.

    Fills from the glossary or the memory itself teach it nothing new; entries
    dipl10n does not make (with a message context or plural forms) are left out.
    """
    return (e for e in live(po) if not is_foreign(e) and entry_state(e) in (State.REVIEWED, State.APPROVED))


__all__ = [
    "CatalogStats",
    "catalog_stats",
    "doc_ref",
    "Hint",
    "hints",
    "term_hints",
    "init_catalog",
    "make_template",
    "reviewed_entries",
    "settle_missing_terms",
    "source_words",
    "template_changed",
]
