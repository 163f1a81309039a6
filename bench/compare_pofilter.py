"""dipl10n check against translate-toolkit's pofilter, on the reference corpus and on it with errors seeded.

    python bench/compare_pofilter.py

The corpus is tests/corpus (correct Korean of public releases, sources in
tests/corpus/SOURCES.md); the seeds are tests/helpers/corpus.py's, one or more
per dipl10n check. Prints, for each checker: errors and warnings on the correct
corpus (all false alarms), and how many seeded mistakes it reports on the
entry that holds them (for dipl10n: with the check the seed is for; for
pofilter, which has other checks: any finding on that entry it did not have
on the correct corpus).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from dipl10n.po import read_po  # noqa: E402
from helpers.corpus import SEEDS, make_corpus_project, seed_corpus  # noqa: E402


def dipl10n_findings(root: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "dipl10n", "check", "--format", "json", "--verbose", "--project", str(root)],
        capture_output=True, text=True, check=False,
    )
    return json.loads(result.stdout)["findings"]


def pofilter_findings(root: Path, *, korean: bool) -> list[tuple[str, str, str]]:
    """(catalog, msgid, check) for every pofilter finding (fuzzy and untranslated entries included)."""
    found = []
    for path in sorted((root / "locales" / "ko" / "LC_MESSAGES").glob("*.po")):
        out = path.with_suffix(".pofilter")
        args = [sys.executable, "-c", "from translate.filters.pofilter import main; main()", "--progress=none"]
        if korean:
            args.append("--language=ko")
        subprocess.run([*args, str(path), str(out)], check=True, capture_output=True)
        for entry in read_po(out) if out.stat().st_size else []:
            for line in entry.tcomment.splitlines():
                if line.startswith("(pofilter) "):
                    found.append((path.name, entry.msgid, line[len("(pofilter) ") :].split(":")[0]))
        out.unlink()
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        good = make_corpus_project(Path(tmp) / "good")
        bad = make_corpus_project(Path(tmp) / "seeded")
        seeded = seed_corpus(bad)
        ours_good = dipl10n_findings(good)
        ours_bad = dipl10n_findings(bad)
        rows = []
        ours_caught = sum(
            1 for seed in SEEDS
            if any(Path(f["path"]).name == seeded[seed.name][0] and f["msgid"] == seeded[seed.name][1]
                   and f["check"] == seed.check for f in ours_bad)
        )
        rows.append((
            "dipl10n check",
            f"{sum(f['severity'] == 'error' for f in ours_good)} errors, {sum(f['severity'] == 'warning' for f in ours_good)} warnings",
            f"{ours_caught} of {len(SEEDS)}",
        ))
        for korean in (False, True):
            name = "pofilter --language=ko" if korean else "pofilter"
            theirs_good = pofilter_findings(good, korean=korean)
            theirs_bad = pofilter_findings(bad, korean=korean)
            # A seed counts as found when pofilter says something about its entry that it did not say before.
            before = set(theirs_good)
            caught = sum(
                1 for seed in SEEDS
                if any((c, m) == seeded[seed.name] and (c, m, k) not in before for c, m, k in theirs_bad)
            )
            kinds = Counter(check for _, _, check in theirs_good)
            top = ", ".join(f"{n} {k}" for k, n in kinds.most_common(6))
            rows.append((name, f"{len(theirs_good)} findings ({top})", f"{caught} of {len(SEEDS)} (a new finding on the entry)"))
    print(f"{'checker':<24} | {'correct corpus (false alarms)':<60} | seeded mistakes found")
    for name, good_text, bad_text in rows:
        print(f"{name:<24} | {good_text:<60} | {bad_text}")


if __name__ == "__main__":
    main()
