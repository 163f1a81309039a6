"""Templates and catalogs: building ``.pot`` files, merging them into ``.po`` files.

The catalog model is Babel's :class:`~babel.messages.catalog.Catalog`;
merging uses Babel's msgmerge-like :meth:`Catalog.update` (exact matches keep
their translation, a changed sentence is matched by similarity and becomes
fuzzy with its previous msgid, removed entries become obsolete), with the
gaps to GNU msgmerge filled in here:

* an entry whose sentence comes back from the obsolete section is revived
  with its translation instead of starting empty;
* a fuzzy entry that still matches exactly keeps its previous msgid (``#|``)
  until the reviewer clears the fuzzy flag;
* dipl10n's own extracted comments about where a translation came from
  (``origin: ...``) travel with the translation.

Extracted comments that dipl10n writes, all regenerated on every run except
``origin``:

``role: headline``
    The block the sentence comes from, where it helps the reviewer.
``glossary: Secretary General = 사무총장``
    Each glossary term in the sentence with its approved translation.
``date: July 11 = 7월 11일``
    Each date in the sentence with its Korean form.
``origin: machine translation (argos translate-en_ko 1.1) #1a2b3c4d``
    Where an automatic translation came from, with a digest of the text that
    was filled in: while the msgstr still has that digest, nobody has edited
    it, and ``draft --refresh`` may replace it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from dipl10n import __version__
from dipl10n.document import Document
from dipl10n.glossary import Glossary
from dipl10n.pofile import header_fields, set_header_fields
from dipl10n.segment import Segment

ROLE_PREFIX = "role: "
GLOSSARY_PREFIX = "glossary: "
DATE_PREFIX = "date: "
ORIGIN_PREFIX = "origin: "
MISSING_FLAG = "term-missing:"
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
class MergeResult:
    """What :func:`merge` did to a catalog."""

    catalog: Catalog
    added: int
    fuzzy_matched: int
    obsoleted: int
    revived: int


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


def make_template(doc: Document, segments: Sequence[Segment], *, project: str, now: dt.datetime) -> Catalog:
    """The ``.pot`` template of one document: one entry per distinct sentence, in source order."""
    catalog = Catalog(fuzzy=True)
    catalog.obsolete = {}
    catalog.header_comment = (
        f"# Translation template for {doc.ref} ({project}).\n"
        "# Made by dipl10n from the source document: edit the source, not this file.\n"
        "#"
    )
    set_header_fields(
        catalog,
        [
            ("Project-Id-Version", project),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", _timestamp(now)),
            ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
            ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
            ("Language-Team", "LANGUAGE <LL@li.org>"),
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("X-Generator", f"dipl10n {__version__}"),
        ],
    )
    for segment in segments:
        location = (doc.ref, segment.line)
        existing = catalog.get(segment.text)
        if existing is not None:
            if location not in existing.locations:
                existing.locations.append(location)
            note = _role_note(segment.role)
            if note and note not in existing.auto_comments:
                existing.auto_comments.append(note)
            continue
        note = _role_note(segment.role)
        catalog[segment.text] = Message(segment.text, locations=[location], auto_comments=[note] if note else [])
    return catalog


def _role_note(role: str) -> str | None:
    label = NOTED_ROLES.get(role)
    return ROLE_PREFIX + label if label else None


def template_changed(old: Catalog | None, new: Catalog) -> bool:
    """Whether ``new`` differs from ``old`` in anything but its creation date."""
    if old is None:
        return True
    if _header_without_date(old) != _header_without_date(new):
        return True
    return _entries(old) != _entries(new)


def _header_without_date(catalog: Catalog) -> list[tuple[str, str]]:
    return [(k, v) for k, v in header_fields(catalog) if k != "POT-Creation-Date"]


def _entries(catalog: Catalog) -> list[tuple]:
    return [
        (m.id, m.context, m.string, tuple(m.locations), tuple(m.auto_comments), tuple(m.user_comments))
        for m in catalog
        if m.id
    ]


def init_catalog(template: Catalog, lang: str, *, project: str, doc_ref: str, now: dt.datetime) -> Catalog:
    """A new, empty ``.po`` catalog for ``lang`` (what ``msginit`` makes)."""
    from babel import Locale

    locale = Locale.parse(lang, sep="_" if "_" in lang else "-")
    nplurals, plural = get_plural(locale)
    catalog = Catalog(locale=lang, fuzzy=False)
    catalog.obsolete = {}
    catalog.header_comment = (
        f"# {locale.english_name} translation of {doc_ref} ({project}).\n"
        "# Review it in Poedit, Lokalize or Weblate: dipl10n never overwrites a translation you made.\n"
        "#"
    )
    set_header_fields(
        catalog,
        [
            ("Project-Id-Version", project),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", dict(header_fields(template)).get("POT-Creation-Date", _timestamp(now))),
            ("PO-Revision-Date", _timestamp(now)),
            ("Last-Translator", ""),
            ("Language-Team", locale.english_name),
            ("Language", lang),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", f"nplurals={nplurals}; plural={plural};"),
            ("X-Generator", f"dipl10n {__version__}"),
        ],
    )
    return catalog


def merge(catalog: Catalog, template: Catalog) -> MergeResult:
    """Merge ``template`` into ``catalog`` in place, as GNU msgmerge does."""
    before_ids = {m.id for m in catalog if m.id}
    before_obsolete = set(catalog.obsolete)
    old: dict[object, Message] = {m.id: m for m in catalog if m.id}
    # Revive obsolete entries whose sentence is back, so the exact match keeps their translation.
    revived = 0
    for message in template:
        if message.id and message.id not in catalog and message.id in catalog.obsolete:
            catalog[message.id] = catalog.obsolete.pop(message.id)
            old[message.id] = catalog[message.id]
            revived += 1
    template_messages = {id(m) for m in template}
    catalog.update(template, update_header_comment=False, keep_user_comments=True, update_creation_date=False)
    # Babel puts the template's own Message objects into the catalog for new
    # sentences: filling one language's catalog would then fill the template
    # and, through it, the next language's catalog. Each catalog gets copies.
    for key, message in list(catalog._messages.items()):
        if id(message) in template_messages:
            catalog._messages[key] = message.clone()
    creation = dict(header_fields(template)).get("POT-Creation-Date")
    fields = header_fields(catalog)
    if creation and any(k == "POT-Creation-Date" for k, _ in fields):
        set_header_fields(catalog, [(k, creation if k == "POT-Creation-Date" else v) for k, v in fields])
    fuzzy_matched = 0
    added = 0
    for message in catalog:
        if not message.id:
            continue
        previous = old.get(message.id)
        if previous is not None:
            if "fuzzy" in previous.flags and previous.previous_id and not message.previous_id:
                message.previous_id = list(previous.previous_id)
        elif message.previous_id:
            fuzzy_matched += 1
            previous = old.get(message.previous_id[0])
        elif message.id not in before_ids:
            added += 1
        if previous is not None:
            message.auto_comments = [*message.auto_comments, *origin_comments(previous)]
    obsoleted = len(set(catalog.obsolete) - before_obsolete)
    return MergeResult(catalog, added, fuzzy_matched, obsoleted, revived)


# -- dipl10n's extracted comments -------------------------------------------


def origin_comments(message: Message) -> list[str]:
    return [c for c in message.auto_comments if c.startswith(ORIGIN_PREFIX)]


def text_digest(text: str) -> str:
    """The short digest an ``origin:`` comment records of the text it filled in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def set_origin(message: Message, description: str) -> None:
    """Record that ``message.string`` was filled automatically, as ``description`` says."""
    comment = f"{ORIGIN_PREFIX}{description} #{text_digest(message.string)}"
    message.auto_comments = [c for c in message.auto_comments if not c.startswith(ORIGIN_PREFIX)] + [comment]


_ORIGIN = re.compile(r"^origin: (?P<what>.*) #(?P<digest>[0-9a-f]{8})$")


def automatic_origin(message: Message) -> str | None:
    """The origin of ``message.string`` if it is still exactly what dipl10n filled in.

    ``None`` means a person wrote or edited the translation (or it is empty):
    no command may replace it. Clearing the fuzzy mark of a machine draft is
    a reviewer's approval, so an approved draft is human work too.
    """
    if not message.string:
        return None
    for comment in origin_comments(message):
        match = _ORIGIN.match(comment)
        if match and match.group("digest") == text_digest(message.string):
            what = match.group("what")
            if what.startswith(MACHINE_ORIGIN) and "fuzzy" not in message.flags:
                return None
            return what
    return None


def is_unedited_draft(message: Message) -> bool:
    origin = automatic_origin(message)
    return origin is not None and origin.startswith(MACHINE_ORIGIN)


def set_hints(message: Message, glossary: Glossary, lang: str) -> None:
    """Regenerate the ``glossary:`` and ``date:`` comments of ``message`` for ``lang``."""
    from dipl10n.protect import replacements

    kept = [
        c for c in message.auto_comments if not c.startswith(GLOSSARY_PREFIX) and not c.startswith(DATE_PREFIX)
    ]
    roles = [c for c in kept if not c.startswith(ORIGIN_PREFIX)]
    origins = [c for c in kept if c.startswith(ORIGIN_PREFIX)]
    hints: list[str] = []
    for item in replacements(message.id, glossary, lang):
        source = message.id[item.start : item.end]
        prefix = DATE_PREFIX if item.kind == "date" else GLOSSARY_PREFIX
        note = " (do not translate)" if prefix == GLOSSARY_PREFIX and item.target == source else ""
        hint = f"{prefix}{source} = {item.target}{note}"
        if hint not in hints:
            hints.append(hint)
    message.auto_comments = [*roles, *hints, *origins]
    # A term-missing flag goes once the term is in the translation.
    for flag in [f for f in message.flags if f.startswith(MISSING_FLAG)]:
        label = flag[len(MISSING_FLAG) :]
        targets = {
            item.target for item in replacements(message.id, glossary, lang) if item.label == label
        }
        if message.string and targets and all(t in message.string for t in targets):
            message.flags.discard(flag)


def catalog_stats(catalog: Catalog) -> CatalogStats:
    entries = translated = fuzzy = words = unedited = 0
    for message in catalog:
        if not message.id:
            continue
        entries += 1
        words += len(re.findall(r"\w+(?:[-'’]\w+)*", message.id))
        if message.string and "fuzzy" in message.flags:
            fuzzy += 1
        elif message.string:
            translated += 1
        if is_unedited_draft(message):
            unedited += 1
    return CatalogStats(
        entries=entries,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=entries - translated - fuzzy,
        source_words=words,
        obsolete=len(catalog.obsolete),
        unedited_drafts=unedited,
    )


def reviewed_entries(catalog: Catalog) -> Iterable[Message]:
    """Translated, non-fuzzy entries: what the translation memory learns from."""
    return (m for m in catalog if m.id and m.string and "fuzzy" not in m.flags)
