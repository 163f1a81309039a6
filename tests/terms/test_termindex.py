"""dipl10n.terms.index finds exactly what one regular expression over every form would find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.terms.index import TermIndex, normalise

FORMS = [
    ("NATO", True), ("NATO-ROK", True), ("ROK", True), ("Korea-NATO", True), ("Secretary General", True),
    ("Secretary-General", True), ("U.S.", True), ("U.S.-ROK Alliance", True), ("summit", False),
    ("hybrid threats", False), ("AI", True), ("Republic of Korea", True), ("IP4", True), ("(ITPP)", True),
]


def _form_pattern(form: str) -> str:
    parts = []
    for chunk in re.split(r"(\s+|-)", form):
        if not chunk:
            continue
        if chunk.isspace():
            parts.append(r"\s+")
        elif chunk == "-":
            parts.append("[-\u2010\u2011]")
        else:
            parts.append(re.escape(chunk))
    return "".join(parts)


def reference(text: str) -> list[tuple[int, int, str]]:
    """What dipl10n 0.1 did: one alternation, longest first, word boundaries and endings as lookarounds."""
    alternatives = sorted(FORMS, key=lambda f: -len(f[0]))
    body = "|".join(
        f"(?P<f{i}>{_form_pattern(form) if case else f'(?i:{_form_pattern(form)})'})"
        for i, (form, case) in enumerate(alternatives)
    )
    regex = re.compile(rf"(?<![^\W_])(?:{body})(?=(?:['’]s|s|es)?(?![^\W_]))")
    found = []
    for match in regex.finditer(text):
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
        found.append((match.start(), match.end(), alternatives[index][0]))
    return found


INDEX = TermIndex((form, case, form) for form, case in FORMS)

PIECES = [form for form, _ in FORMS] + [
    "nato", "Summits", "SUMMIT", "BROKEN", "x", "the", "'s", "’s", "es", "-", "\u2011", " ", "  ", "\n", ",", ".",
    "(", ")", "Korea", "U.S.A", "Secretary", "General", "IP45", "_",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_same_matches_as_the_regular_expression(text: str) -> None:
    assert [(s, e, v) for s, e, v in INDEX.find(text)] == reference(text)


def test_examples() -> None:
    text = "the U.S.-ROK Alliance and Korea‑NATO summits; BROKEN ROK's  Secretary\n General"
    assert [text[s:e] for s, e, _ in INDEX.find(text)] == [
        "U.S.-ROK Alliance", "Korea‑NATO", "summit", "ROK", "Secretary\n General",
    ]


def test_normalise_keeps_offsets() -> None:
    normal, positions = normalise("a \u00a0 b\u2011c")
    assert normal == "a b-c"
    assert positions == [0, 1, 4, 5, 6, 7]
