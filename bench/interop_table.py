"""The interop table of docs/catalogs.md: each tool, then `dipl10n run --no-mt`, twice, on the team project.

    .venv/bin/python bench/interop_table.py [--no-poedit] [--diffs]

For each tool of tests/run/test_interop.py, Weblate at each width with and
without its msgmerge add-on (tests/run/test_weblate.py), and Poedit when
tests/helpers/poedit.py can drive it: the team project (drafted, partly
reviewed, a source edit), tool → run → tool → run. One Markdown row per tool:
what was lost (the facts test_interop.py compares: translations, fuzzy marks,
provenance notes, #| previous msgids, live entries), by the tool itself and
by dipl10n; the entry states (dipl10n.po.states.entry_state) that changed;
the lines the first cycle changed (unified diff of the catalog); the bytes of
the lines the second cycle changed (0: it settled).

The rows are tests/helpers/interop.py's interop_rows, the code the slow tests
run (test_interop.py::test_the_interop_table_is_these_cycles). `--diffs` also
prints what the second cycle changed where it changed anything. Tools that are
not installed get a row saying so.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.interop import interop_rows, markdown_table, states_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-poedit", action="store_true", help="leave Poedit out even when it can be driven")
    parser.add_argument("--diffs", action="store_true", help="print what the second cycle changed, where it did")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dipl10n-interop-") as tmp:
        rows = interop_rows(Path(tmp), poedit=not args.no_poedit)
    start = next((row.cycles.states_before for row in rows if row.cycles is not None), None)
    if start is not None:
        print(f"Entry states before: {states_text(start)}.\n")
    print(markdown_table(rows), end="")
    if args.diffs:
        for row in rows:
            if row.cycles is not None and row.cycles.second_diff:
                print(f"\n### {row.tool}: the second cycle\n\n```diff\n{''.join(row.cycles.second_diff)}```")


if __name__ == "__main__":
    main()
