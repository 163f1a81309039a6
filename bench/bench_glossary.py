"""What a big glossary costs: a run of 5 documents with the repository's glossary and with 20,000 and 50,000 terms.

    python bench/bench_glossary.py
    python bench/bench_glossary.py --terms 5000 50000 --repeat 3

The extra terms are synthetic names and phrases (unique, some case-insensitive,
some with variants), appended to this repository's glossary; the documents are
bench/bench_scale.py's articles. Each run is ``dipl10n run --no-mt`` in a
fresh process, first run of a fresh project (median of ``--repeat``); the
table prints the time each glossary adds to the run with the repository's own.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import REPO, make_project, timed  # noqa: E402

SYLLABLES = "ka ri mo ne su ta lo vi de pa zu me ko ra ni sa ho bi ge lu".split()


def synthetic_rows(count: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    seen: set[str] = set()
    while len(seen) < count:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
        en = " ".join(w.capitalize() for w in words) if rng.random() < 0.7 else " ".join(words)
        if en.lower() in seen:
            continue
        seen.add(en.lower())
        variants = f"{en} Office" if rng.random() < 0.2 else ""
        if variants.lower() in seen:
            variants = ""
        seen.add(variants.lower())
        writer.writerow([en, f"용어{len(seen)}", "synthetic", "", "no", variants, "", ""])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, nargs="+", default=[20000, 50000])
    parser.add_argument("--documents", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = (REPO / "glossary.csv").read_text(encoding="utf-8")
    rows = [("repository glossary", 0)] + [(f"+ {n:,} terms", n) for n in args.terms]
    print(f"{'glossary':<22} | {'first run':>10} | {'added':>8}")
    reference = None
    for label, count in rows:
        times = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "project"
                make_project(root, args.documents)
                text = base if base.endswith("\n") else base + "\n"
                (root / "glossary.csv").write_text(text + (synthetic_rows(count) if count else ""), encoding="utf-8")
                times.append(timed(root, "run", "--no-mt")[0])
        median = statistics.median(times)
        reference = median if reference is None else reference
        print(f"{label:<22} | {median:>9.2f}s | {median - reference:>+7.2f}s", flush=True)


if __name__ == "__main__":
    main()
