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
    was filled in: while the msgstr still has that digest, nobody has edited
    it, and ``draft --refresh`` may replace it.
``term-missing: Secretary_General``
    Machine translation lost this glossary term; gone once the term is there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import polib

from dipl10n import __version__
from dipl10n.document import Document
from dipl10n.glossary import Glossary
from dipl10n.po.merge import is_foreign
from dipl10n.po.model import comment_lines, join_comment, live, new_catalog, translation
from dipl10n.segment import Segment

ROLE_PREFIX = "role: "
ORIGIN_PREFIX = "origin: "
MISSING_PREFIX = "term-missing: "
MACHINE_ORIGIN = "machine translation"

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
    """Counts of one catalog, as ``dipl10n stats`` shows them."""

    entries: int
    translated: int
    fuzzy: int
    untranslated: int
    source_words: int
    obsolete: int
    unedited_drafts: int

    @property
    def translated_share(self) -> float:
        return self.translated / self.entries if self.entries else 1.0


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


def hints(msgid: str, glossary: Glossary, languages: Sequence[str]) -> list[str]:
    """The glossary terms and dates of ``msgid`` for the reviewers of ``languages``, one line each."""
    from dipl10n.protect import replacements

    lines: list[str] = []
    for lang in languages:
        for item in replacements(msgid, glossary, lang):
            source = msgid[item.start : item.end]
            if item.kind == "date":
                line = f"date ({lang}): {source} = {item.target}"
            elif item.target == source:
                line = f"glossary: {source} (do not translate)"
            else:
                line = f"glossary ({lang}): {source} = {item.target}"
            if line not in lines:
                lines.append(line)
    return lines


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


# -- provenance: dipl10n's translator comments --------------------------------------


def text_digest(text: str) -> str:
    """The short digest an ``origin:`` comment records of the text it filled in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _notes(entry: polib.POEntry) -> list[str]:
    return comment_lines(entry.tcomment)


def _set_notes(entry: polib.POEntry, prefix: str, values: Iterable[str]) -> None:
    """Replace the translator comments starting with ``prefix`` by ``values`` (after the others)."""
    kept = [line for line in _notes(entry) if not line.startswith(prefix)]
    entry.tcomment = join_comment([*kept, *(prefix + value for value in values)])


def set_origin(entry: polib.POEntry, description: str) -> None:
    """Record that the translation of ``entry`` was filled automatically, as ``description`` says."""
    _set_notes(entry, ORIGIN_PREFIX, [f"{description} #{text_digest(translation(entry))}"])


def clear_origin(entry: polib.POEntry) -> None:
    _set_notes(entry, ORIGIN_PREFIX, [])


_ORIGIN = re.compile(r"^origin: (?P<what>.*) #(?P<digest>[0-9a-f]{8})$")


def automatic_origin(entry: polib.POEntry) -> str | None:
    """The origin of the translation of ``entry`` if it is still exactly what dipl10n filled in.

    ``None`` means a person wrote or edited the translation (or it is empty):
    no command may replace it. Clearing the fuzzy mark of a machine draft is
    a reviewer's approval, so an approved draft is human work too.
    """
    text = translation(entry)
    if not text:
        return None
    for line in _notes(entry):
        match = _ORIGIN.match(line)
        if match and match.group("digest") == text_digest(text):
            what = match.group("what")
            if what.startswith(MACHINE_ORIGIN) and "fuzzy" not in entry.flags:
                return None
            return what
    return None


def is_unedited_draft(entry: polib.POEntry) -> bool:
    origin = automatic_origin(entry)
    return origin is not None and origin.startswith(MACHINE_ORIGIN)


def missing_terms(entry: polib.POEntry) -> list[str]:
    """The glossary terms that machine translation lost from this entry's draft."""
    return [line[len(MISSING_PREFIX) :] for line in _notes(entry) if line.startswith(MISSING_PREFIX)]


def set_missing_terms(entry: polib.POEntry, labels: Iterable[str]) -> None:
    _set_notes(entry, MISSING_PREFIX, labels)


def settle_missing_terms(entry: polib.POEntry, glossary: Glossary, lang: str) -> None:
    """Drop the ``term-missing:`` notes of the terms the translation now holds."""
    labels = missing_terms(entry)
    if not labels:
        return
    from dipl10n.protect import replacements

    text = translation(entry)
    items = replacements(entry.msgid, glossary, lang)
    still = []
    for label in labels:
        targets = {item.target for item in items if item.label == label}
        if not (text and targets and all(t in text for t in targets)):
            still.append(label)
    if still != labels:
        set_missing_terms(entry, still)


def upgrade_legacy_notes(entry: polib.POEntry) -> bool:
    """Move what dipl10n 0.1 kept where gettext tools lose it into translator comments.

    dipl10n 0.1 wrote ``origin:`` as an extracted comment (``#.``), which a
    merge replaces with the template's, and ``term-missing:`` as a flag,
    which GNU tools drop. Returns whether ``entry`` changed.
    """
    extracted = comment_lines(entry.comment)
    origins = [line for line in extracted if line.startswith(ORIGIN_PREFIX)]
    legacy_flags = [flag for flag in entry.flags if flag.startswith(_LEGACY_MISSING_FLAG)]
    if not origins and not legacy_flags:
        return False
    entry.comment = join_comment(line for line in extracted if not line.startswith(ORIGIN_PREFIX))
    if origins and not any(line.startswith(ORIGIN_PREFIX) for line in _notes(entry)):
        _set_notes(entry, ORIGIN_PREFIX, [origins[-1][len(ORIGIN_PREFIX) :]])
    if legacy_flags:
        entry.flags = [flag for flag in entry.flags if flag not in legacy_flags]
        labels = [flag[len(_LEGACY_MISSING_FLAG) :] for flag in legacy_flags]
        set_missing_terms(entry, dict.fromkeys([*missing_terms(entry), *labels]))
    return True


_LEGACY_MISSING_FLAG = "term-missing:"


# -- counting ----------------------------------------------------------------------


def catalog_stats(po: polib.POFile) -> CatalogStats:
    entries = translated = fuzzy = words = unedited = 0
    for entry in live(po):
        entries += 1
        words += len(re.findall(r"\w+(?:[-'’]\w+)*", entry.msgid))
        text = translation(entry)
        if text and "fuzzy" in entry.flags:
            fuzzy += 1
        elif text:
            translated += 1
        if is_unedited_draft(entry):
            unedited += 1
    return CatalogStats(
        entries=entries,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=entries - translated - fuzzy,
        source_words=words,
        obsolete=sum(1 for entry in po if entry.obsolete and translation(entry)),
        unedited_drafts=unedited,
    )


def reviewed_entries(po: polib.POFile) -> Iterator[polib.POEntry]:
    """Translated, non-fuzzy sentences: what the translation memory learns from.

    Entries dipl10n does not make (with a message context or plural forms) are left out.
    """
    return (e for e in live(po) if not is_foreign(e) and e.msgstr and "fuzzy" not in e.flags)


__all__ = [
    "CatalogStats",
    "automatic_origin",
    "catalog_stats",
    "clear_origin",
    "doc_ref",
    "hints",
    "init_catalog",
    "is_unedited_draft",
    "make_template",
    "missing_terms",
    "reviewed_entries",
    "set_missing_terms",
    "set_origin",
    "settle_missing_terms",
    "template_changed",
    "upgrade_legacy_notes",
    "text_digest",
]
