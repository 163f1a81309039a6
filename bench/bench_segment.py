"""Measure the sentence segmenters dipl10n could use, in one run.

    .venv/bin/python bench/bench_segment.py [--length 100000] [--repeat 3] [--corpus 1000] [--seed 20240711]

Prints, for dipl10n.source.segment, pySBD and sentencex (those installed):

* the time to segment one long paragraph (at least ``--length`` characters of
  diplomatic-news prose, no line breaks), best of ``--repeat`` runs, its ratio
  to dipl10n's time, and the number of sentences found;
* how many texts of a seeded random corpus each one segments losslessly: every
  returned sentence, stripped, found in order in the text with only whitespace
  around it. A crash counts as a failure.

A measurement, not a gate: it asserts nothing and always exits 0.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterable

# Own prose (not from any test set): abbreviations, numbers, quotes, ellipses.
# By hand it holds PROSE_SENTENCES sentences.
PROSE_SENTENCES = 13
PROSE = (
    "President Yoon Suk-yeol met NATO Secretary General Jens Stoltenberg in Washington, D.C. on July 11. "
    "The two discussed the NATO-ROK partnership (ITPP), cyber defense, AI, etc. "
    "Dr. Kim of the Ministry said the talks ran from 9 a.m. to 3:30 p.m. Officials called them productive. "
    "Exports of K2 tanks rose 3.5% to $1.2 billion, or about 1,000 units. "
    "\u201cWe stand with Ukraine,\u201d Stoltenberg said. \u201cRusso-DPRK cooperation is a threat.\u201d "
    "The U.S. Secretary of State joined by video. Gen. Paik and Lt. Col. Jung briefed the press. "
    "Was the summit a success? Most analysts think so... Some are not sure. "
    "See No. 5 of the joint statement at https://www.nato.int/cps/en/natohq/news.htm for details. "
)

PIECES = [
    "word", "Korea", "The", "I", "U.S.", "Dr.", "e.g.", "etc.", "a.m.", "No.", "p.", "E.", "3.5%", "1,000",
    "$1.2m", "1.", "2.", "a.", "b)", "(", ")", '"', "'", "\u201c", "\u201d", "\u2019", "\u2026", "...", ".",
    "!", "?", ". . .", "[...]", "\u2022", "-", ",", ":", "NATO-ROK", "x@y.org", "https://a.b/c.html",
]
SEPARATORS = ["", " ", " ", " ", "\u00a0", "\n", "\t", "  ", "\n\n", "\n\u00a0\n"]

Segmenter = Callable[[str], Iterable[str]]


def candidates() -> dict[str, Segmenter]:
    """The segmenters to compare, keyed by name; those not installed are left out."""
    from dipl10n.source.segment import split_sentences

    found: dict[str, Segmenter] = {"dipl10n.source.segment": split_sentences}
    try:
        import pysbd
    except ImportError:
        pass
    else:
        found["pysbd"] = pysbd.Segmenter(language="en", clean=False).segment
    try:
        from sentencex import segment
    except ImportError:
        pass
    else:
        found["sentencex"] = lambda text: list(segment("en", text))
    return found


def long_paragraph(length: int) -> tuple[str, int]:
    """Whole copies of PROSE making at least ``length`` characters, and their sentence count."""
    copies = -(-length // len(PROSE))
    return (PROSE * copies).rstrip(), PROSE_SENTENCES * copies


def random_corpus(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(PIECES) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40)))
        for _ in range(size)
    ]


def lossless(text: str, sentences: Iterable[str]) -> bool:
    """Whether the stripped sentences lie in order in ``text``, with only whitespace between."""
    pos = 0
    for sentence in sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        found = text.find(sentence, pos)
        if found < 0 or text[pos:found].strip():
            return False
        pos = found + len(sentence)
    return not text[pos:].strip()


def best_time(segment: Segmenter, text: str, repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(list(segment(text)))
        best = min(best, time.perf_counter() - start)
    return best, count


def failures(segment: Segmenter, corpus: list[str]) -> tuple[int, int]:
    """(lossy outputs, crashes) over ``corpus``."""
    lossy = crashed = 0
    for text in corpus:
        try:
            sentences = list(segment(text))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            crashed += 1
            continue
        lossy += not lossless(text, sentences)
    return lossy, crashed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--length", type=int, default=100_000, help="characters in the long paragraph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per segmenter; the best is kept")
    parser.add_argument("--corpus", type=int, default=1000, help="texts in the losslessness corpus")
    parser.add_argument("--seed", type=int, default=20240711, help="seed of the losslessness corpus")
    args = parser.parse_args(argv)

    found = candidates()
    paragraph, expected = long_paragraph(args.length)
    print(f"long paragraph: {len(paragraph):,} characters, {expected} sentences by hand count, best of {args.repeat}")
    timings = {name: best_time(segment, paragraph, args.repeat) for name, segment in found.items()}
    own = timings["dipl10n.source.segment"][0]
    print(f"{'segmenter':<16} {'seconds':>10} {'sentences':>10} {'x dipl10n':>10}")
    for name, (seconds, count) in timings.items():
        print(f"{name:<16} {seconds:>10.4f} {count:>10} {seconds / own:>10.2f}")

    corpus = random_corpus(args.corpus, args.seed)
    print(f"\nlosslessness: {len(corpus)} random texts, seed {args.seed}")
    print(f"{'segmenter':<16} {'lossless':>10} {'lossy':>8} {'crashed':>8}")
    for name, segment in found.items():
        lossy, crashed = failures(segment, corpus)
        print(f"{name:<16} {len(corpus) - lossy - crashed:>10} {lossy:>8} {crashed:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
