"""Merging a template into a catalog, as GNU ``msgmerge --previous`` does.

Entries are keyed by ``(msgctxt, msgid)``. For each entry of the template, in
the template's order:

* an exact match in the catalog keeps its translation, translator comments
  and ``fuzzy`` flag; references, extracted comments and format flags come
  from the template; a fuzzy entry keeps its previous msgid (``#|``) until the
  fuzzy mark is cleared;
* an exact match among the obsolete entries is revived, translation and all;
* otherwise the most similar translated entry of the catalog (live or
  obsolete, similarity at least :data:`FUZZY_THRESHOLD`, measured as GNU
  measures it) lends its translation and translator comments: the new entry
  is ``fuzzy`` and records the old msgctxt/msgid in ``#|`` (also when the
  lender was already fuzzy without one, where GNU records none: the msgid a
  draft was made for is what tells a stale draft from a current one);
* otherwise the entry is new and untranslated.

Catalog entries that the template does not hold become obsolete (``#~``),
unless they lent their translation to a fuzzy match (msgmerge's rule) or
they are entries dipl10n does not make: an entry with a message context or a
plural form was added by another tool or a developer, and stays as it is, where
it was. Untranslated entries are not kept as obsolete (GNU drops them too).
Plural entries get the number of forms the header's ``Plural-Forms`` asks for
(missing forms added empty, surplus empty forms dropped), as msgfmt demands.

The header is the catalog's, with ``POT-Creation-Date`` and
``Report-Msgid-Bugs-To`` taken from the template, as msgmerge does.

Similarity is GNU's ``fstrcmp``: twice the length of the longest common
subsequence over the total length, which is rapidfuzz's normalised Indel
similarity. Comparing every new sentence with every old one would be
quadratic (a one-word edit of every sentence of a 5,000-entry catalog is 25
million comparisons), so candidates come from an index of the words the
sentences share: the old entries sharing the most rare words (and pairs of
words) with a sentence are compared with it, and short sentences are compared with the old ones of a
similar length. The index holds words and pairs of neighbouring words;
``bench/bench_merge.py`` measures its speed and how often it finds the
sentence that was really edited.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import polib

from dipl10n.po.model import is_foreign, is_plural, key, translation

__all__ = ["FUZZY_THRESHOLD", "MergeResult", "is_foreign", "merge", "similarity"]

#: GNU msgmerge's threshold: a translation is proposed for a sentence at least this similar.
FUZZY_THRESHOLD = 0.6
#: The factor GNU applies when a fuzzy match comes from another message context.
_OTHER_CONTEXT = 0.99
#: Header fields msgmerge takes from the template.
TEMPLATE_FIELDS = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
#: How many candidates of the word index are compared with a sentence.
_CANDIDATES = 8


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge` did to a catalog."""

    added: int
    fuzzy_matched: int
    obsoleted: int
    revived: int
    kept_foreign: int = 0


def similarity(a: str, b: str, *, cutoff: float = 0.0) -> float:
    """GNU's ``fstrcmp``: 2 × (longest common subsequence) / (len(a) + len(b)); 0.0 under ``cutoff``."""
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(a, b, score_cutoff=cutoff))


def merge(po: polib.POFile, template: polib.POFile) -> MergeResult:
    """Merge ``template`` into ``po`` in place."""
    old_live = [entry for entry in po if not entry.obsolete]
    old_obsolete = [entry for entry in po if entry.obsolete]
    live_by_key = {key(entry): entry for entry in old_live}
    obsolete_by_key = {key(entry): entry for entry in old_obsolete}
    wanted = {key(entry) for entry in template if not entry.obsolete}
    # Every translated entry may lend its translation to a changed sentence: the entries are
    # chosen now, before exact matches change any of them; the index over them is built only
    # when a sentence has no exact match (most merges after a small edit need none).
    lenders = [entry for entry in po if translation(entry)]
    index: _FuzzyIndex | None = None
    used: set[int] = set()
    merged: list[polib.POEntry] = []
    origin_of: dict[int, int] = {}  # id(old entry) -> position in merged
    added = fuzzy_matched = revived = 0
    for ref in template:
        if ref.obsolete:
            continue
        ref_key = key(ref)
        old = live_by_key.get(ref_key)
        if old is None and ref_key in obsolete_by_key:
            old = obsolete_by_key[ref_key]
            revived += 1
        if old is not None:
            used.add(id(old))
            origin_of[id(old)] = len(merged)
            merged.append(_exact(old, ref))
            continue
        if index is None:
            index = _FuzzyIndex(lenders)
        match = index.best(ref)
        if match is not None:
            used.add(id(match))
            merged.append(_fuzzy(match, ref))
            fuzzy_matched += 1
        else:
            merged.append(_fresh(ref))
            added += 1
    # Entries dipl10n does not make stay live, after the entry they followed.
    foreign: list[tuple[int, polib.POEntry]] = []
    position = 0
    for entry in old_live:
        if id(entry) in origin_of:
            position = origin_of[id(entry)] + 1
        elif key(entry) not in wanted and is_foreign(entry):
            # Even one that lent its translation to a fuzzy match stays.
            foreign.append((position, entry))
            used.add(id(entry))
    for offset, (position, entry) in enumerate(foreign):
        merged.insert(position + offset, entry)
    obsoleted = 0
    obsolete: list[polib.POEntry] = []
    for entry in old_live + old_obsolete:
        if id(entry) in used or key(entry) in wanted or not translation(entry):
            continue
        if not entry.obsolete:
            entry.obsolete = True
            obsoleted += 1
        # msgmerge clears the extracted comments and references of every obsolete entry.
        entry.comment = ""
        entry.occurrences = []
        obsolete.append(entry)
    po[:] = merged + obsolete
    _fit_plural_forms(po)
    for name in TEMPLATE_FIELDS:
        if name in template.metadata and name in po.metadata:
            po.metadata[name] = template.metadata[name]
    return MergeResult(added, fuzzy_matched, obsoleted, revived, len(foreign))


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _fit_plural_forms(po: polib.POFile) -> None:
    """Give plural entries as many forms as the header's ``Plural-Forms`` says (msgfmt --check demands it).

    Missing forms are added empty; surplus forms go only when they are empty, so no translation is lost.
    """
    match = _NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    if match is None:
        return
    wanted = int(match.group(1))
    for entry in po:
        if not is_plural(entry) or not entry.msgstr_plural:
            continue
        forms = dict(entry.msgstr_plural)
        for n in range(wanted):
            forms.setdefault(n, "")
        for n in sorted(forms, reverse=True):
            if n >= wanted and not forms[n]:
                del forms[n]
            else:
                break
        entry.msgstr_plural = dict(sorted(forms.items()))


def _exact(old: polib.POEntry, ref: polib.POEntry) -> polib.POEntry:
    if is_plural(old) != is_plural(ref) or (is_plural(ref) and old.msgid_plural != ref.msgid_plural):
        # msgmerge: a translation made for other plural forms is only a proposal.
        return _fuzzy(old, ref)
    old.obsolete = False
    old.occurrences = list(ref.occurrences)
    old.comment = ref.comment
    old.msgid_plural = ref.msgid_plural
    old.flags = _flags(old, ref, fuzzy="fuzzy" in old.flags)
    if "fuzzy" not in old.flags or not translation(old):
        old.previous_msgctxt = old.previous_msgid = old.previous_msgid_plural = None
    return old


def _fuzzy(match: polib.POEntry, ref: polib.POEntry) -> polib.POEntry:
    entry = _fresh(ref)
    entry.tcomment = match.tcomment
    if is_plural(entry) and is_plural(match):
        entry.msgstr_plural = dict(match.msgstr_plural)
    elif is_plural(entry):
        entry.msgstr_plural = {0: translation(match)}
    else:
        entry.msgstr = translation(match)
    entry.flags = _flags(match, ref, fuzzy=True)
    if "fuzzy" in match.flags and match.previous_msgid is not None:
        # msgmerge: #| names the msgid the translation was made for.
        entry.previous_msgctxt = match.previous_msgctxt
        entry.previous_msgid = match.previous_msgid
        entry.previous_msgid_plural = match.previous_msgid_plural
        return entry
    entry.previous_msgctxt = match.msgctxt
    entry.previous_msgid = match.msgid
    entry.previous_msgid_plural = match.msgid_plural or None
    return entry


def _fresh(ref: polib.POEntry) -> polib.POEntry:
    """A new, untranslated entry for the template entry ``ref`` (its comments, references and flags but fuzzy)."""
    return polib.POEntry(
        msgctxt=ref.msgctxt,
        msgid=ref.msgid,
        msgid_plural=ref.msgid_plural,
        msgstr="",
        msgstr_plural={n: "" for n in ref.msgstr_plural} if is_plural(ref) else {},
        occurrences=list(ref.occurrences),
        comment=ref.comment,
        tcomment=ref.tcomment,
        flags=[flag for flag in ref.flags if flag != "fuzzy"],
        obsolete=ref.obsolete,
        encoding=ref.encoding,
    )


def _flags(old: polib.POEntry, ref: polib.POEntry, *, fuzzy: bool) -> list[str]:
    """Fuzzy from the catalog, format, range and wrap flags from the template, other flags kept."""
    own = [flag for flag in old.flags if flag != "fuzzy" and not _from_template(flag)]
    theirs = [flag for flag in ref.flags if flag != "fuzzy" and _from_template(flag)]
    return (["fuzzy"] if fuzzy else []) + theirs + own


def _from_template(flag: str) -> bool:
    return flag.endswith("-format") or flag.startswith("range:") or flag in ("wrap", "no-wrap")


_WORD = re.compile(r"\w+")


class _FuzzyIndex:
    """Finds the most similar translated entry for a sentence without comparing it with every entry."""

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = entries
        self.postings: dict[str, list[int]] = {}
        for number, entry in enumerate(entries):
            for word in set(_words(entry.msgid)):
                self.postings.setdefault(word, []).append(number)
        # A word in more than this many entries says little about which one is meant ...
        self.common = max(32, int(len(entries) ** 0.5) * 4)
        # ... and no sentence looks at more postings than this.
        self.budget = 16 * self.common
        self.by_length = sorted(range(len(entries)), key=lambda n: len(entries[n].msgid))
        self.lengths = [len(entries[n].msgid) for n in self.by_length]

    def best(self, ref: polib.POEntry) -> polib.POEntry | None:
        """The most similar entry above the threshold; the first in catalog order among equals."""
        best: polib.POEntry | None = None
        best_score = FUZZY_THRESHOLD
        for number in self._candidates(ref.msgid):
            entry = self.entries[number]
            score = similarity(ref.msgid, entry.msgid, cutoff=best_score)
            if entry.msgctxt != ref.msgctxt:
                score *= _OTHER_CONTEXT
            if score > best_score:
                best, best_score = entry, score
        return best

    def _candidates(self, msgid: str) -> list[int]:
        if not self.entries:
            return []
        # The sentence's words, rarest first: a rare word points at few entries, and at the right ones.
        words = sorted(
            (w for w in set(_words(msgid)) if w in self.postings), key=lambda w: (len(self.postings[w]), w)
        )
        chosen: list[str] = []
        budget = 0
        for word in words:
            size = len(self.postings[word])
            if chosen and (size > self.common and len(chosen) >= 3 or budget + size > self.budget):
                break
            chosen.append(word)
            budget += size
        found: list[int] = []
        if chosen:
            counts = Counter(n for w in chosen for n in self.postings[w])
            found = [n for n, _ in heapq.nsmallest(_CANDIDATES, counts.items(), key=lambda item: (-item[1], item[0]))]
        if len(words) < 3:
            # Too few words to go by: compare with every entry of a length that could be similar enough.
            length = len(msgid)
            low = bisect_left(self.lengths, int(length * FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD)))
            high = bisect_right(self.lengths, int(length * (2 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD) + 1)
            found += self.by_length[low : min(high, low + self.budget)]
        return sorted(set(found))


def _words(text: str) -> list[str]:
    """The features an entry is indexed by: its words and its pairs of neighbouring words.

    Pairs tell sentences of the same vocabulary apart (one edited word breaks
    two pairs and leaves the others); single words find short sentences.
    """
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
