"""The terminology glossary (``glossary.csv``): schema, validation and matching.

``glossary.csv`` is UTF-8 CSV (a BOM and CRLF line ends are fine) with a header
row. Columns:

``en``
    The English term as it appears in source documents (required).
``ko``
    Its approved Korean (required; extra target languages are extra columns
    named by their locale code, such as ``ja`` or ``zh_Hant``). A cell may
    hold several forms, separated by ``|`` (see :class:`Renderings`):

    * the first plain form is the **preferred** one: pre-fill, machine
      translation and the reviewer's hints use it;
    * further plain forms are **admitted**: the check accepts any of them
      (``대한민국|한국``);
    * a form ending in ``-`` is a **combining** form, used only inside fused
      compounds and lists of names ("U.S.-ROK alliance" → 한미동맹, "Japan,
      the ROK and the United States" → 한미일) and after the Sino-Korean
      prefixes 방, 주, 대, 재, 친, 반 (방한, 주한 미국대사관, 대북);
    * a form starting with ``!`` is **forbidden** (deprecated): the check
      reports it in the translation of a sentence holding the term.
``note``
    Shown to reviewers; record where the approved form comes from.
``case``
    ``yes`` when matching is case-sensitive, ``no`` when not. Empty means
    case-sensitive for acronyms and names (a capital after the first letter),
    case-insensitive for ordinary words.
``dnt``
    ``yes`` for do-not-translate: the English form stays as written.
``variants``
    Other English forms, ``|``-separated (long forms, spellings, plurals).
``reading``
    How Korean readers read the end of the Korean form, in Hangul, when it
    is Latin or numeric (``NATO`` → ``나토``); it decides the particles.
``home``
    Locale codes (``|``-separated) for which the term names the readers' own
    country (``ko`` for the Republic of Korea): before a title or an office
    it may be left out, as Korean-perspective texts do ("ROK Foreign Minister
    Park" → 박진 외교부 장관).

TBX calls these administrative statuses preferred, admitted and deprecated;
Weblate's glossary has variants and "forbidden translation"; ``docs/glossary.md``
compares them and says why this schema keeps to one cell per language.

Matching finds the longest term first ("NATO-IP4 Priority Cooperation
Initiatives" before "NATO"), respects word boundaries ("ROK" is not in
"BROKEN") while treating hyphens as boundaries of compounds ("NATO-ROK",
"Korea-NATO"), and lets a possessive or a plural follow a term.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from dipl10n.errors import GlossaryError
from dipl10n.fs import controls
from dipl10n.fs.textio import decode_text
from dipl10n.lang.locales import base_language
from dipl10n.terms.index import TermIndex, normal_form

REQUIRED_COLUMNS = ("en", "ko")
KNOWN_COLUMNS = ("en", "ko", "note", "case", "dnt", "variants", "reading", "home")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Renderings:
    """What one glossary cell approves: preferred and admitted forms, combining forms, forbidden forms."""

    admitted: tuple[str, ...] = ()
    combining: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    @property
    def preferred(self) -> str | None:
        return self.admitted[0] if self.admitted else None

    @classmethod
    def parse(cls, cell: str) -> Renderings:
        admitted, combining, forbidden = [], [], []
        for raw in cell.split("|"):
            form = raw.strip()
            if form.startswith("!"):
                forbidden.append(form[1:].strip())
            elif form.endswith("-") and len(form) > 1:
                combining.append(form[:-1].strip())
            elif form:
                admitted.append(form)
        return cls(tuple(admitted), tuple(combining), tuple(f for f in forbidden if f))


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    en: str
    #: The preferred form in each language (see :meth:`renderings` for every form).
    translations: Mapping[str, str]
    line: int
    note: str = ""
    case_sensitive: bool = True
    dnt: bool = False
    variants: tuple[str, ...] = ()
    reading: str | None = None
    cells: Mapping[str, Renderings] = field(default_factory=dict, compare=False)
    home: frozenset[str] = frozenset()

    def renderings(self, lang: str) -> Renderings:
        """Every form the glossary approves (or forbids) in ``lang``; the language's column serves a locale."""
        return self.cells.get(lang) or self.cells.get(base_language(lang)) or Renderings()

    def is_home(self, lang: str) -> bool:
        """Whether the term names the country of ``lang``'s readers (``home`` column)."""
        return lang in self.home or base_language(lang) in self.home

    @property
    def forms(self) -> tuple[str, ...]:
        """Every English form of the term: the term and its variants."""
        return (self.en, *self.variants)

    def target(self, lang: str, *, matched: str | None = None) -> str | None:
        """The approved form in ``lang``; a do-not-translate term keeps ``matched``.

        The column named by the locale itself wins (``ko_KR``); without a value
        there, the language's column serves it (``ko``).
        """
        if self.dnt:
            return matched if matched is not None else self.en
        value = self.translations.get(lang) or self.translations.get(base_language(lang), "")
        return value or None

    @property
    def label(self) -> str:
        """The term as one token, for catalog notes such as ``# term-missing: Secretary_General``."""
        return re.sub(r"[\s,]+", "_", self.en)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text: ``text[start:end]`` is ``form``."""

    start: int
    end: int
    form: str
    term: Term


@dataclass(frozen=True)
class GlossaryIssue:
    """A finding of ``dipl10n glossary check``."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


#: The digest of a glossary without a file: that of no bytes.
_EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()
#: Texts whose matches a glossary keeps (a corpus of 1,000 articles has about 30,000 sentences).
FIND_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class Glossary:
    """The loaded glossary with its compiled matcher."""

    path: str
    terms: tuple[Term, ...]
    languages: tuple[str, ...]
    digest: str
    _index: TermIndex[Term] | None = field(default=None, repr=False, compare=False)
    #: What :meth:`find` found in each text so far: templates, merges, checks and pages ask about the same sentences.
    _found: dict[str, tuple[TermMatch, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def empty(
        cls, path: str = "(no glossary)", languages: tuple[str, ...] = ("ko",), *, digest: str = _EMPTY_DIGEST
    ) -> Glossary:
        """A glossary without terms, for a project whose configuration says it has none.

        ``digest`` is that of the file when there is one (a glossary file with a header and no terms).
        """
        return cls(path, (), languages, digest)

    @property
    def version(self) -> str:
        """A short content hash: translation-memory entries are keyed by it."""
        return self.digest[:12]

    def find(self, text: str) -> list[TermMatch]:
        """Every term occurrence in ``text``, leftmost and longest first, not overlapping (:mod:`dipl10n.terms.index`)."""
        if self._index is None:
            return []
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= FIND_CACHE_SIZE:
                self._found.clear()
            found = self._found[text] = tuple(
                TermMatch(start, end, text[start:end], term) for start, end, term in self._index.find(text)
            )
        return list(found)

    def mentioned(self, text: str) -> list[Term]:
        """Every term one of whose forms occurs anywhere in ``text``: a superset of what :meth:`find` matches."""
        if self._index is None:
            return []
        return self._index.mentioned(text)

    def exact(self, text: str) -> Term | None:
        """The term that is the whole of ``text`` (a headline such as "Diplomacy"), if any."""
        stripped = text.strip()
        matches = self.find(stripped)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
            return matches[0].term
        return None


def load_glossary(path: Path, *, display: str | None = None) -> Glossary:
    """Load ``glossary.csv``; the first error stops with its file and line.

    A missing file is an empty glossary: a new project may not have one yet.
    """
    shown = display or str(path)
    if not path.exists():
        return Glossary.empty(shown)
    data = path.read_bytes()
    terms, languages, issues = _parse(data, shown)
    errors = [issue for issue in issues if issue.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run 'dipl10n glossary check')" if len(errors) > 1 else ""
        raise GlossaryError(first.message + more, path=first.path, line=first.line)
    return _compile(shown, terms, languages, hashlib.sha256(data).hexdigest())


def check_glossary(path: Path, *, display: str | None = None, languages: Sequence[str] = ("ko",)) -> list[GlossaryIssue]:
    """Every problem of ``glossary.csv``, errors and warnings, in line order."""
    shown = display or str(path)
    if not path.exists():
        return [GlossaryIssue(shown, 1, "error", "glossary file not found")]
    _, columns, issues = _parse(path.read_bytes(), shown, required_languages=languages)
    return sorted(issues, key=lambda issue: (issue.line, issue.severity != "error"))


def _parse(
    data: bytes, shown: str, *, required_languages: Sequence[str] = ()
) -> tuple[list[Term], tuple[str, ...], list[GlossaryIssue]]:
    issues: list[GlossaryIssue] = []

    def issue(line: int, message: str, severity: str = "error") -> None:
        issues.append(GlossaryIssue(shown, line, severity, message))

    try:
        text = decode_text(data, path=shown, error=GlossaryError)
    except GlossaryError as exc:
        issue(exc.line or 1, exc.message)
        return [], (), issues
    records = _records(text, shown, issue)
    if not records:
        issue(1, "the file is empty: it needs a header row such as 'en,ko,note,case,dnt,variants,reading'")
        return [], (), issues
    header_line, header, _raw = records[0]
    columns = [name.strip() for name in header]
    if len(columns) == 1 and ";" in columns[0]:
        issue(header_line, "the header has one column holding ';': save the file as comma-separated CSV")
        return [], (), issues
    # A locale (ko_KR) is served by its language's column (ko).
    missing = [
        name for name in (*REQUIRED_COLUMNS, *required_languages)
        if name not in columns and base_language(name) not in columns
    ]
    if missing:
        issue(header_line, f"missing required column(s): {', '.join(dict.fromkeys(missing))}; the header is {','.join(columns)}")
        return [], (), issues
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        issue(header_line, f"column(s) named twice: {', '.join(duplicated)}")
        return [], (), issues
    languages = tuple(name for name in columns if name not in KNOWN_COLUMNS or name == "ko")
    for name in languages:
        if not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]+)*", name):
            issue(header_line, f"column {name!r} is neither a known column ({', '.join(KNOWN_COLUMNS)}) nor a locale code")
    terms: list[Term] = []
    for line, row, raw in records[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            fields = f"{len(row)} field{'' if len(row) == 1 else 's'}"
            issue(line, f"{fields} where the header has {len(columns)}; check the commas and quotes")
            continue
        for cell in row:
            if '"' in cell and '"' + cell.replace('"', '""') + '"' not in raw:
                issue(line, f"stray quote in {cell!r}: quote the whole field and double the inner quotes")
                break
        else:
            cells = {name: value.strip() for name, value in zip(columns, row, strict=False)}
            if _controls_in_cells(cells, line, issue):
                continue
            term = _term(cells, line, languages, issue)
            if term is not None:
                terms.append(term)
    _cross_check(terms, issue)
    return terms, languages, issues


#: C0 and C1 controls and DEL, line breaks and tabs included: a cell is one line of text.
_CELL_CONTROL = controls.ANY
_CONTROL_WORDS = {"\n": "a line break", "\r": "a line break (CR)", "\t": "a tab", "\f": "a form feed"}


def _controls_in_cells(cells: Mapping[str, str], line: int, issue) -> bool:
    """Report a cell holding a line break, a tab or another control character; whether there was one.

    A quoted CSV field may span lines, but a term, a translation or a note
    is one line: a line break would become a comment line of its own in the
    catalogs, and CR or LF would reach the drafts.
    """
    for name, value in cells.items():
        match = _CELL_CONTROL.search(value)
        if match:
            char = match.group()
            what = _CONTROL_WORDS.get(char, f"the control character U+{ord(char):04X}")
            issue(
                line,
                f"the {name} cell {value!r} holds {what}: a cell is one line of text; join the lines "
                "(a term's several forms are separated by '|')",
            )
            return True
    return False


def _records(text: str, shown: str, issue) -> list[tuple[int, list[str], str]]:
    """CSV records with the line each starts on and its raw text."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field limit" in str(exc):  # "field larger than field limit (131072)": not a quote's fault as such
                issue(start, _too_long(reader.line_num))
            else:
                issue(start, f"malformed CSV ({exc}): a quote is unbalanced or stray")
            break
        raw = "".join(lines[start - 1 : reader.line_num])
        records.append((start, row, raw))
        start = reader.line_num + 1
    return records


def _too_long(reached: int) -> str:
    """The message for a cell longer than Python's CSV reader takes (``csv.field_size_limit()``: 131,072 characters).

    The limit stays as it is (it is the whole process's): no term, translation
    or note is that long, and a quote left open is what usually makes one.
    """
    limit = csv.field_size_limit()
    return (
        f"a cell of this row is longer than {limit:,} characters, the most a glossary cell may hold (the reader "
        f"had got to line {reached}): a cell holds one term, translation or note; if a quote opens the cell, its "
        "closing quote is probably missing"
    )


def _flag(value: str, name: str, line: int, issue) -> bool | None:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    issue(line, f"{name} must be yes or no, not {value!r}")
    return None


def _term(cells: dict[str, str], line: int, languages: tuple[str, ...], issue) -> Term | None:
    en = cells["en"]
    if not en:
        issue(line, "empty term in column en")
        return None
    dnt = _flag(cells.get("dnt", ""), "dnt", line, issue)
    case = cells.get("case", "")
    if case:
        case_sensitive = _flag(case, "case", line, issue)
    else:
        case_sensitive = bool(re.search(r"[A-Z0-9]", en[1:])) or en.isupper()
    if dnt is None or case_sensitive is None:
        return None
    renderings = {lang: Renderings.parse(cells.get(lang, "")) for lang in languages}
    translations = {lang: renderings[lang].preferred or "" for lang in languages}
    for lang in languages:
        raw = cells.get(lang, "")
        if not dnt and not translations[lang]:
            if raw.strip():
                issue(line, f"term {en!r} has no plain {lang} form: the first form that is neither combining (-) "
                      "nor forbidden (!) is the preferred one")
            else:
                issue(line, f"term {en!r} has no {lang} translation (fill it, or mark the term dnt=yes)")
        empty = [part for part in raw.split("|")[1:] if not part.strip()] if "|" in raw else []
        if empty or raw.strip().endswith("|"):
            issue(line, f"an empty form in {raw!r}: separate forms with one '|'")
        clash = set(renderings[lang].admitted) & set(renderings[lang].forbidden)
        if clash:
            issue(line, f"{', '.join(sorted(clash))!r} is both approved and forbidden in {lang}")
    home = frozenset(code.strip() for code in cells.get("home", "").split("|") if code.strip())
    for code in home:
        if not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]+)*", code):
            issue(line, f"home must list locale codes such as ko, not {code!r}")
    variants = tuple(v.strip() for v in cells.get("variants", "").split("|") if v.strip())
    reading = cells.get("reading") or None
    if reading and not re.fullmatch(r"[\uac00-\ud7a3\s]+", reading):
        issue(line, f"reading {reading!r} must be written in Hangul (how Korean readers say the end of the term)")
    return Term(
        en=en,
        translations=MappingProxyType(translations),
        line=line,
        note=cells.get("note", ""),
        case_sensitive=case_sensitive,
        dnt=dnt,
        variants=variants,
        reading=reading,
        cells=MappingProxyType(renderings),
        home=home,
    )


def _cross_check(terms: Iterable[Term], issue) -> None:
    by_form: dict[str, Term] = {}
    for term in terms:
        for form in term.forms:
            key = normal_form(form).lower()
            other = by_form.get(key)
            if other is None:
                by_form[key] = term
                continue
            if other.en.lower() == term.en.lower() and form == term.en:
                if dict(other.translations) != dict(term.translations) or other.dnt != term.dnt:
                    issue(
                        term.line,
                        f"term {term.en!r} is already defined at line {other.line} with a different translation",
                    )
                else:
                    issue(term.line, f"term {term.en!r} repeats line {other.line}", "warning")
            else:
                what = "variant" if form != term.en else "term"
                issue(
                    term.line,
                    f"{what} {form!r} of {term.en!r} collides with {other.en!r} at line {other.line}",
                )


def _compile(shown: str, terms: list[Term], languages: tuple[str, ...], digest: str) -> Glossary:
    if not terms:
        return Glossary.empty(shown, languages or ("ko",), digest=digest)
    # Every form of every term, the first term with a form keeping it (glossary check reports collisions).
    index = TermIndex((form, term.case_sensitive, term) for term in terms for form in term.forms)
    return Glossary(shown, tuple(terms), languages, digest, index)
