"""Reading the summaries `run` and `draft` print, and checking that they add up."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_CATALOG = re.compile(
    r"^(?P<path>\S*locales/(?P<lang>[^/]+)/LC_MESSAGES/(?P<doc>[^/]+)\.po): .*?"
    r"filled (?P<glossary>\d+) from glossary, (?P<memory>\d+) from memory, (?P<machine>\d+) by machine translation"
    r"(?: \((?P<now>\d+) translated now, (?P<cached>\d+) from the machine-translation cache\))?",
    re.M,
)
_MACHINE = re.compile(
    r"^machine translation \((?P<lang>[^)]+)\): (?P<drafts>\d+) drafts? by (?P<engine>.+?) "
    r"\((?P<now>\d+) translated now, (?P<cached>\d+) from the machine-translation cache\); "
    r"(?P<sent>\d+) sentences? sent to the engine$",
    re.M,
)


@dataclass(frozen=True)
class Fills:
    machine: int
    now: int
    cached: int


@dataclass(frozen=True)
class MachineLine:
    engine: str
    drafts: int
    now: int
    cached: int
    sent: int


def catalog_fills(output: str) -> dict[tuple[str, str], Fills]:
    """The per-catalog "filled ..." counts by (language, document)."""
    found = {}
    for m in _CATALOG.finditer(output):
        machine = int(m["machine"])
        found[(m["lang"], m["doc"])] = Fills(machine, int(m["now"] or 0), int(m["cached"] or 0))
    return found


def machine_lines(output: str) -> dict[str, MachineLine]:
    """The "machine translation (<lang>): ..." lines by language."""
    return {
        m["lang"]: MachineLine(m["engine"], int(m["drafts"]), int(m["now"]), int(m["cached"]), int(m["sent"]))
        for m in _MACHINE.finditer(output)
    }


def stats_rows(invoke, project) -> dict[tuple[str, str], dict]:
    """`stats --format json` by (language, document)."""
    result = invoke(project, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {}
    for row in json.loads(result.output):
        match = re.fullmatch(r"locales/([^/]+)/LC_MESSAGES/([^/]+)\.po", row["catalog"])
        assert match, row["catalog"]
        rows[(match[1], match[2])] = row
    return rows


def assert_summaries_add_up(output: str) -> dict[str, MachineLine]:
    """Each language's machine line is the sum of its catalogs' machine fills, split the same way."""
    fills = catalog_fills(output)
    lines = machine_lines(output)
    for lang, line in lines.items():
        mine = [f for (code, _), f in fills.items() if code == lang]
        assert line.drafts == sum(f.machine for f in mine), (lang, line, mine)
        assert line.cached == sum(f.cached for f in mine), (lang, line, mine)
        assert line.now == sum(f.now for f in mine) == line.drafts - line.cached, (lang, line, mine)
        # A sentence two catalogs share goes to the engine once.
        assert line.sent <= line.now
    return lines
