"""Merge timing after a global edit: one word changed in every sentence of a catalog.

    python bench/bench_merge.py                 # 1,000, 5,000 and 20,000 entries
    python bench/bench_merge.py --sizes 500 2000 --no-msgmerge

Every entry of a translated catalog is then a fuzzy match of a sentence of the
new template: the worst case for fuzzy matching. Prints, per size, dipl10n's
merge (in process), GNU ``msgmerge --previous`` on the same files (for
reference), how many entries were fuzzy-matched, and the time per entry, so
the scaling is visible in one run (machines here are shared and noisy: compare
rows of the same run).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dipl10n.po import generate_po, merge
from dipl10n.po.model import new_catalog

WORDS = (
    "alliance summit partnership security cooperation defense cyber ministers leaders agreed discussed "
    "president secretary general foreign minister council treaty strategic regional stability peninsula "
    "sanctions missile nuclear dialogue economic support humanitarian assistance framework initiative "
    "declaration maritime navigation freedom democracy values shared commitment deterrence capabilities "
    "exercise trilateral bilateral multilateral commerce supply chain critical technology investment "
    "infrastructure energy climate health pandemic response development resilience interoperability"
).split()
FUNCTION = "the of and to in on with for a an at by from that as".split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS if rng.random() < 0.6 else FUNCTION) for _ in range(rng.randint(12, 30))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def catalogs(size: int, seed: int = 1) -> tuple[polib.POFile, polib.POFile]:
    """A translated catalog of ``size`` sentences, and the template after one word of each changed."""
    rng = random.Random(seed)
    po = new_catalog()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    template = new_catalog()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen: set[str] = set()
    while len(po) < size:
        text = sentence(rng)
        if text in seen:
            continue
        seen.add(text)
        po.append(polib.POEntry(msgid=text, msgstr="번역 " + text, occurrences=[("source/a.md", str(len(po)))]))
        words = text.split()
        words[rng.randrange(1, len(words) - 1)] = rng.choice(WORDS)
        edited = " ".join(words)
        if edited == text:
            edited = text.replace(" ", "  ", 1)
        template.append(polib.POEntry(msgid=edited, occurrences=[("source/a.md", str(len(template)))]))
    return po, template


def bench(size: int, *, with_msgmerge: bool) -> dict[str, float]:
    po, template = catalogs(size)
    row: dict[str, float] = {"entries": size}
    with tempfile.TemporaryDirectory() as tmp:
        po_file = Path(tmp) / "ko.po"
        pot_file = Path(tmp) / "a.pot"
        po_file.write_text(generate_po(po), encoding="utf-8")
        pot_file.write_text(generate_po(template), encoding="utf-8")
        originals = {id(new): old.msgid for old, new in zip(po, template, strict=False)}
        start = time.perf_counter()
        result = merge(po, template)
        row["dipl10n_s"] = time.perf_counter() - start
        row["fuzzy"] = result.fuzzy_matched
        # A fuzzy match is right when it lends the translation of the sentence that was edited.
        expected = {template_entry.msgid: originals[id(template_entry)] for template_entry in template}
        row["right"] = sum(1 for e in po if not e.obsolete and e.previous_msgid == expected.get(e.msgid))
        if with_msgmerge:
            start = time.perf_counter()
            subprocess.run(
                ["msgmerge", "--quiet", "--previous", "-o", str(Path(tmp) / "out.po"), str(po_file), str(pot_file)],
                check=True,
            )
            row["msgmerge_s"] = time.perf_counter() - start
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--no-msgmerge", action="store_true", help="do not time GNU msgmerge")
    args = parser.parse_args()
    with_msgmerge = not args.no_msgmerge and shutil.which("msgmerge") is not None
    heading = f"{'entries':>8} {'fuzzy':>7} {'right':>7} {'dipl10n merge':>14} {'per entry':>10}"
    print(heading + (f" {'msgmerge':>10} {'ratio':>6}" if with_msgmerge else ""))
    for size in args.sizes:
        row = bench(size, with_msgmerge=with_msgmerge)
        line = (
            f"{size:>8} {int(row['fuzzy']):>7} {int(row['right']):>7} {row['dipl10n_s']:>13.2f}s {row['dipl10n_s'] / size * 1e3:>8.2f}ms"
        )
        if with_msgmerge:
            line += f" {row['msgmerge_s']:>9.2f}s {row['dipl10n_s'] / row['msgmerge_s']:>6.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
