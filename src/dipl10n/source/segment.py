"""Split English paragraphs into sentences, the unit of a gettext message.

The segmenter is rule-based and has no dependency. It never cuts inside a run
of non-whitespace characters: the text is read as whitespace-separated tokens
and each gap between two tokens is either a sentence boundary or not. A
sentence is therefore always a whole number of tokens, so spans are stripped of
whitespace by construction and joining the spans with the original gaps gives
the text back exactly.

A gap is a boundary when

* the left token ends with terminal punctuation (``.``, ``!``, ``?``, ``…``,
  possibly followed by closing quotes, brackets or Markdown emphasis) and the
  right token opens a sentence (its first letter, after opening quotes and
  brackets, is not lower case), subject to the rules for abbreviations,
  initials, numbers, times and ellipses below;
* the right token starts with a bullet (``•``, ``⁃``, ...), or is the next item
  of an inline list that began ``1.``/``1)``/``a.`` at a sentence start;
* the gap holds a blank line (two line breaks; the line may hold spaces or
  U+00A0). A single line break is only whitespace.

After a period, the word before it decides:

* titles that precede a name (``Mr.``, ``Dr.``, ``Gen.``, ``Amb.``, ``Lt.``)
  and ``e.g.``, ``i.e.``, ``vs.`` never end a sentence;
* number prefixes (``No.``, ``p.``, ``Art.``, ``N°.``) and months do not before a
  number (``No. 5``, ``Jan. 5``);
* ambiguous abbreviations (``Co.``, ``Inc.``, ``Jr.``, ``St.``), initials
  (``E.``, ``J. R. R.``) and dotted acronyms (``U.S.``, ``U.N.``) end a sentence
  only before a word that usually starts one (``The``, ``He``, ``How``...);
  ``U.S. Government`` stays together, ``in the U.S. How about`` splits;
* ``a.m.``/``p.m.`` end a sentence before a capitalised word unless that word
  qualifies the time (``Seoul time``, ``Monday``, ``KST``) or the sentence so
  far is only a fronted time phrase (``At 5 a.m. Mr. Smith left.``);
* ``etc.``, numbers (``$100.00.``), URLs, e-mail addresses and other words end
  a sentence before any capitalised word or number.

Ellipses: an ellipsis attached to a word (``that...``, ``that....``, ``so…``)
ends a sentence before a capitalised word. A free-standing ellipsis
(``...``, ``…``, ``. . .``, ``[...]``) marks an omission and does not, unless it
has four dots (``. . . .``: omission plus the sentence's own period). A spaced
three-dot ellipsis after a sentence's period and before a capitalised word
opens the next sentence (``compounds. . . . The practice``).

A sentence never consists only of list markers (``1.``, ``a.``, ``•``, ``II.``).

:func:`segment_document` applies this to every translatable block of a
:class:`~dipl10n.source.document.Document` and gives the pipeline its
:class:`Segment` objects, one per catalog message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dipl10n.source.document import Document

__all__ = ["Segment", "segment_document", "sentence_spans", "split_sentences"]

# Characters that may close a sentence after its terminal punctuation; "*" and
# "_" are Markdown emphasis, which wraps a sentence like a quote does.
_CLOSERS = frozenset(")]}\"'’”»›*_")
_CLOSER_CHARS = "".join(sorted(_CLOSERS))
_OPENERS = "([{\"'‘“«‹¿¡*_"
_STRONG = frozenset("!?‽⁇⁈⁉！？")
_TERMINAL = _STRONG | frozenset(".…。")
_TAIL_CHARS = _TERMINAL | _CLOSERS
# A token made only of these (with at least one dot) is a free-standing
# ellipsis or period: ". . .", "...", "…", "[...]", ".”".
_ELLIPSIS_CHARS = frozenset(".…") | _CLOSERS | frozenset(_OPENERS)
_BULLETS = frozenset("•‣⁃◦▪▫●○■□►▸")
_CURRENCY = frozenset("$€£¥₩")

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TOKEN = re.compile(r"\S+")
_WHITESPACE = re.compile(r"\s+")
# "1." "2.)" "(3)" "a." "b)" "IV." with an optional bullet glued in front.
_LIST_MARKER = re.compile(
    "[" + "".join(sorted(_BULLETS)) + r"]?(?P<open>\(?)(?P<value>\d{1,3}|[A-Za-z]|[ivxIVX]{2,4})(?P<close>\.\)|[.)])"
)
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_LEADING_WORD = re.compile(r"[A-Za-z]+")

# Titles written before a name: a period after them is never the end.
_TITLES = frozenset(
    """Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Gens Lt Col Maj Capt
    Cmdr Cdr Adm Brig Sgt Cpl Pvt Amb Ambs Sen Sens Rep Reps Gov Govs Pres Supt
    Insp Det Rev Revd Hon Fr Mt Ft Atty Lieut Comdr""".split()
)
# Abbreviations that are never followed by the end of a sentence.
_NEVER_FINAL = frozenset("e.g i.e cf vs viz".split())
# Abbreviations that stand before a number: "No. 5", "p. 55", "Art. 5".
_NUMBER_PREFIXES = frozenset(
    "no nos nr n° nº art arts vol vols fig figs ch chap sec sect para pp p pt op eq tab ca c".split()
)
# Abbreviations that may or may not end a sentence (lower-cased lookup).
_AMBIGUOUS = frozenset(
    """co corp inc ltd bros jr sr esq dept univ assn assoc ave blvd rd st hwy approx
    est govt intl natl al mfg ph.d ed eds min max hr hrs mins""".split()
)
# Month and weekday abbreviations, matched as written (capitalised).
_CALENDAR = frozenset(
    """Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun""".split()
)
_AM_PM = frozenset("a.m p.m".split())
# Words that qualify a clock time: "10 a.m. Seoul time", "9 a.m. Monday".
_TIME_QUALIFIERS = _CALENDAR | frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December UTC GMT
    Z Local Eastern Central Mountain Pacific Greenwich Seoul Korea Korean
    Pyongyang Tokyo Beijing Washington Brussels""".split()
)
_TIME_ZONE = re.compile(r"[A-Z]{1,4}T")
# Prepositions that open a fronted time phrase ("At 5 a.m. Mr. Smith ...").
_FRONTING = frozenset(
    "at by before after until till from around about since on between shortly just starting beginning as".split()
)
_FRONTED_MAX_TOKENS = 5
# Words that usually begin a sentence. After an ambiguous abbreviation, an
# initial or a dotted acronym, only these make the period a boundary.
_STARTERS = frozenset(
    """A An The I He She It We They You This That These Those There Here His Her
    Its Our Their My Your But And Or So Yet However Meanwhile Moreover
    Furthermore Also Still Then Thus Therefore Instead Indeed Nevertheless
    Nonetheless Besides Otherwise Now Today Yesterday Tomorrow Earlier Later
    Last Next First Finally In On At For From With Without By After Before During
    Since Until Under Over Despite According As If When While Where Why How What
    Who Whom Whose Which Although Though Because Once Unlike Many Most Some Such
    Both Each Every All Several Few No Not Neither Nor One Did Do Does Is Are Was
    Were Will Would Can Could Should Shall Might Must Has Have Had Let Please
    Being""".split()
)

# Kinds of the right-hand token: how it opens.
_LOWER, _UPPER, _DIGIT, _OTHER = range(4)
# Kinds of terminal punctuation at the end of the left-hand token.
_PERIOD, _ELLIPSIS, _STRONG_STOP = range(3)


@dataclass(frozen=True)
class Segment:
    """One sentence of a document: the source text of one catalog message.

    ``text`` is the sentence with each soft line break, and the whitespace
    around it, turned into one space, so that re-wrapping a paragraph does not
    change its messages. ``line`` is the 1-based source line the sentence
    starts on, ``role`` the role of its block (``paragraph``, ``headline``,
    ...) and ``block`` the index of that block in ``Document.blocks``.
    """

    text: str
    line: int
    role: str
    block: int


def segment_document(doc: Document) -> list[Segment]:
    """The sentences of every translatable block of ``doc``, in reading order."""
    segments = []
    for index, block in enumerate(doc.blocks):
        if not block.translatable:
            continue
        line, counted = block.line, 0
        for start, end in sentence_spans(block.text):
            # Line ``block.line + k`` holds the text after the block's k-th newline.
            line += block.text.count("\n", counted, start)
            counted = start
            segments.append(Segment(_unwrap(block.text[start:end]), line, block.role, index))
    return segments


def _unwrap(sentence: str) -> str:
    """Turn each whitespace run holding a line break into one space."""
    return _WHITESPACE.sub(lambda m: " " if _LINE_BREAK.search(m.group()) else m.group(), sentence)


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into its sentences, each stripped of whitespace."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of each sentence of ``text``, in order.

    Only whitespace lies before, between and after the spans; empty or
    all-whitespace text has no sentence.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int]] = []
    block = 0
    # A blank line ends a paragraph: segment each block on its own, so that no
    # rule looks across it.
    for k in range(1, len(tokens) + 1):
        if k == len(tokens) or _is_blank_line(text[tokens[k - 1][1] : tokens[k][0]]):
            block_tokens = tokens[block:k]
            words = [text[a:b] for a, b in block_tokens]
            spans.extend((block_tokens[a][0], block_tokens[b][1]) for a, b in _group(words))
            block = k
    return spans


def _group(words: list[str]) -> list[tuple[int, int]]:
    """Group one block's tokens into sentences: (first, last) token indexes."""
    forced = _forced_boundaries(words)
    dots = _ellipsis_dots(words)
    groups: list[tuple[int, int]] = []
    first = 0  # index of the current sentence's first token
    only_markers = _is_marker(words[0])
    for i in range(len(words) - 1):
        if i + 1 in forced or _is_boundary(words, dots, i, first, only_markers):
            groups.append((first, i))
            first = i + 1
            only_markers = _is_marker(words[first])
        else:
            only_markers = only_markers and _is_marker(words[i + 1])
    groups.append((first, len(words) - 1))
    return groups


def _is_boundary(words: list[str], dots: list[int], i: int, first: int, only_markers: bool) -> bool:
    """Decide whether a sentence ends between ``words[i]`` and ``words[i + 1]``."""
    if only_markers:
        return False
    right = words[i + 1]
    if dots[i]:
        if dots[i + 1]:
            return False  # inside ". . ."
        run = _run_dots(dots, i)
        # ". . ." is an omission; "." or ". . . ." also ends the sentence.
        return run != 3 and _opens(right) in (_UPPER, _DIGIT)
    if dots[i + 1]:
        # "compounds. . . . The": the period ends the sentence and the spaced
        # ellipsis opens the next one. Any other ellipsis sticks to the left.
        j = i + 1
        while j < len(words) and dots[j]:
            j += 1
        if j == len(words) or _run_dots(dots, j - 1) != 3:
            return False
        return _opens(words[j]) == _UPPER and _ends_sentence(words, i, first, words[j])
    return _ends_sentence(words, i, first, right)


def _ends_sentence(words: list[str], i: int, first: int, right: str) -> bool:
    """Whether ``words[i]`` ends a sentence when ``right`` is the next word."""
    end = _terminal(words[i])
    if end is None:
        return False
    kind, word, plain_period = end
    opens = _opens(right)
    if opens in (_LOWER, _OTHER):
        return False
    if kind == _STRONG_STOP:
        return True
    if kind == _ELLIPSIS:
        return opens == _UPPER
    if not plain_period or not word:
        return True  # "(ITPP)." "Go.”": the period follows a bracket or quote
    return _period_ends(word, right, opens, words, i, first)


def _period_ends(word: str, right: str, opens: int, words: list[str], i: int, first: int) -> bool:
    """Whether a period directly after ``word`` ends the sentence."""
    lower = word.lower()
    if lower in _NEVER_FINAL or word in _TITLES:
        return False
    if lower in _AM_PM:
        if opens == _DIGIT or _starts_with(right, _TIME_QUALIFIERS) or _TIME_ZONE.fullmatch(_leading_word(right)):
            return False
        return not _fronted_time_phrase(words, first, i)
    if lower in _NUMBER_PREFIXES and opens == _DIGIT:
        return False
    abbreviation = (
        lower in _AMBIGUOUS
        or word in _CALENDAR
        or (len(word) == 1 and word.isalpha())
        or (len(word) <= 20 and _DOTTED_ACRONYM.fullmatch(word) is not None)
    )
    if not abbreviation:
        return True  # words, numbers, "etc.", URLs, e-mail addresses
    if opens == _DIGIT:
        return False  # "Jan. 5", "E. 42nd Street"
    return _starts_with(right, _STARTERS)


def _terminal(word: str) -> tuple[int, str, bool] | None:
    """Describe the terminal punctuation ending ``word``, or None if it has none.

    Returns the kind, the word before the punctuation (opening quotes and
    brackets removed) and whether that word is followed directly by a single
    period (so that it may be an abbreviation).
    """
    j = len(word)
    while j and word[j - 1] in _TAIL_CHARS:
        j -= 1
    tail = word[j:].replace("*", "").replace("_", "")
    if not any(c in _TERMINAL for c in tail):
        return None
    stem = word[:j].lstrip(_OPENERS)
    if stem and stem[-1] in "([{":
        return None  # "stairways[...]": an omission mark, not an end
    if any(c in _STRONG for c in tail):
        return _STRONG_STOP, stem, False
    dots = tail.count(".") + tail.count("。") + 3 * tail.count("…")
    if dots > 1:
        return _ELLIPSIS, stem, False
    return _PERIOD, stem, tail == "."


def _opens(word: str) -> int:
    """Classify how ``word`` would open a sentence."""
    stripped = word.lstrip(_OPENERS)
    if not stripped:
        return _OTHER
    c = stripped[0]
    if c.isdigit() or c in _CURRENCY:
        return _DIGIT
    if c.isalpha():
        return _LOWER if c.islower() else _UPPER
    return _OTHER


def _leading_word(word: str) -> str:
    match = _LEADING_WORD.match(word.lstrip(_OPENERS))
    return match.group() if match else ""


def _starts_with(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether the leading word of ``word`` ("It's" -> "It") is in ``vocabulary``."""
    return _leading_word(word) in vocabulary


def _fronted_time_phrase(words: list[str], first: int, i: int) -> bool:
    """Whether the sentence so far is only a phrase like "At 5 a.m."."""
    if i - first + 1 > _FRONTED_MAX_TOKENS:
        return False
    return _leading_word(words[first]).lower() in _FRONTING


def _is_marker(word: str) -> bool:
    """Whether ``word`` is a list marker or bullet, which cannot be a sentence."""
    return all(c in _BULLETS for c in word) or _LIST_MARKER.fullmatch(word) is not None


def _ellipsis_dots(words: list[str]) -> list[int]:
    """For each token, its dot count if it is a free-standing ellipsis, else 0."""
    counts = []
    for word in words:
        dots = word.count(".") + 3 * word.count("…")
        free = dots and all(c in _ELLIPSIS_CHARS for c in word)
        counts.append(dots if free else 0)
    return counts


def _run_dots(dots: list[int], i: int) -> int:
    """Total dots of the run of free-standing ellipsis tokens ending at ``i``."""
    total = 0
    while i >= 0 and dots[i]:
        total += dots[i]
        i -= 1
    return total


def _forced_boundaries(words: list[str]) -> set[int]:
    """Indexes of tokens that start a sentence whatever the punctuation says.

    Bullets, and the items after the first of an inline list ("1. ... 2. ...",
    "a) ... b) ...") whose first item starts a sentence.
    """
    forced: set[int] = set()
    expected: dict[tuple[str, str, str], int] = {}  # list style -> next item number
    for k, word in enumerate(words):
        if k and word[0] in _BULLETS:
            forced.add(k)
        match = _LIST_MARKER.fullmatch(word)
        if match is None:
            continue
        style, number = _list_item(match)
        if number == 1 and (k == 0 or k in forced or _is_closed(words[k - 1])):
            expected[style] = 2
        elif expected.get(style) == number:
            forced.add(k)
            expected[style] = number + 1
    return forced


def _list_item(match: re.Match[str]) -> tuple[tuple[str, str, str], int]:
    """The style ("digit"/"lower"/"upper", brackets) and number of a list marker."""
    value = match.group("value")
    if value.isdigit():
        kind, number = "digit", int(value)
    elif len(value) == 1:
        kind, number = ("lower" if value.islower() else "upper"), ord(value.lower()) - ord("a") + 1
    else:
        kind, number = "roman", 0  # roman numerals are not chained
    return (kind, match.group("open"), match.group("close")), number


def _is_closed(word: str) -> bool:
    """Whether ``word`` ends with terminal punctuation, quotes aside."""
    return word.rstrip(_CLOSER_CHARS)[-1:] in _TERMINAL


def _is_blank_line(gap: str) -> bool:
    if "\u2029" in gap:
        return True
    breaks = _LINE_BREAK.findall(gap)
    return len(breaks) >= 2
