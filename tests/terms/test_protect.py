"""Protecting glossary terms and dates through machine translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.terms.glossary import load_glossary
from dipl10n.terms.protect import PREFIXES, Replacement, placeholder_prefix, protect, replacements, restore
from helpers.engines import DoubleEngine, drop_first, duplicate_first, garble_first, identity, koreanish, split_first

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(REPO / "glossary.csv", display="glossary.csv")


SENTENCE = (
    "The President noted that the partnership between South Korea and NATO has progressed during "
    "Stoltenberg's tenure (2014-2024), including the establishment of the NATO-ROK Individualized "
    "Tailored Partnership Program (ITPP)."
)


def test_replacements_cover_terms_and_dates_without_overlap(glossary):
    spans = replacements("Jens Stoltenberg met NATO on July 11, 2024.", glossary, "ko")
    assert [(r.target, r.kind) for r in spans] == [
        ("옌스 스톨텐베르그", "term"),
        ("NATO", "term"),
        ("2024년 7월 11일", "date"),
    ]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_protect_replaces_each_term_by_a_numbered_placeholder(glossary):
    protected = protect(SENTENCE, replacements(SENTENCE, glossary, "ko"))
    assert protected.text == (
        "The President noted that the partnership between ZX1 and ZX2 has progressed during "
        "ZX3's tenure (ZX4), including the establishment of the ZX5."
    )
    assert [s.target for s in protected.slots] == [
        "한국",  # "South Korea" is a form of the ROK's row
        "NATO",
        "스톨텐베르그",
        "2014-2024",
        "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)",
    ]


def test_identity_engine_restores_every_term(glossary):
    protected = protect(SENTENCE, replacements(SENTENCE, glossary, "ko"))
    restored = restore(identity(protected.text), protected)
    assert restored.ok
    assert restored.text == (
        "The President noted that the partnership between 한국 and NATO has progressed during "
        "스톨텐베르그's tenure (2014-2024), including the establishment of the "
        "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)."
    )


@pytest.mark.parametrize(
    ("transform", "missing", "duplicated", "residue"),
    [
        (drop_first, ["ROK"], [], []),
        (duplicate_first, [], ["ROK"], []),
        (split_first, ["ROK"], [], ["ZX 1"]),
        (garble_first, ["ROK"], [], []),
    ],
)
def test_misbehaving_engine_is_detected(glossary, transform, missing, duplicated, residue):
    protected = protect(SENTENCE, replacements(SENTENCE, glossary, "ko"))
    restored = restore(transform(protected.text), protected)
    assert not restored.ok
    assert [s.label for s in restored.missing] == missing
    assert [s.label for s in restored.duplicated] == duplicated
    assert list(restored.residue) == residue
    assert restored.failed_labels == tuple(missing + duplicated)
    # The terms the engine did carry are restored all the same.
    assert "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)" in restored.text


def test_particles_agree_with_the_restored_term(glossary):
    text = "countering hybrid threats including disinformation and Stoltenberg"
    protected = protect(text, replacements(text, glossary, "ko"))
    # The double attaches 을 to every placeholder, as a model writes it for its own noun.
    restored = restore(koreanish(protected.text), protected)
    assert restored.ok
    assert "하이브리드 위협을" in restored.text  # 협 ends in a consonant: 을 stays
    assert "허위 정보를" in restored.text  # 보 ends in a vowel: 을 becomes 를
    assert "스톨텐베르그를" in restored.text


def test_reading_column_decides_particles_for_latin_terms(glossary):
    text = "NATO"
    protected = protect(text, replacements(text, glossary, "ko"))
    assert restore("ZX1은 동맹이다", protected).text == "NATO는 동맹이다"  # read 나토


def test_parenthesis_term_agrees_with_the_word_before_it(glossary):
    text = "the ITPP"
    protected = protect(text, replacements(text, glossary, "ko"))
    assert restore("ZX1를 수립", protected).text == "한-NATO 개별 맞춤형 파트너십 프로그램(ITPP)을 수립"


def test_particle_not_attached_is_left_alone(glossary):
    text = "NATO"
    protected = protect(text, replacements(text, glossary, "ko"))
    assert restore("ZX1 은 동맹", protected).text == "NATO 은 동맹"


def test_placeholder_prefix_avoids_the_text_and_unknown_pieces():
    assert placeholder_prefix("plain text") == PREFIXES[0]
    assert placeholder_prefix("model ZX81 and qz") == PREFIXES[2]
    engine = DoubleEngine(vocabulary_lacks="Z")
    assert placeholder_prefix("text", engine.unknown_pieces) == "XQ"


def test_no_terms_means_no_change():
    protected = protect("Nothing to protect.", [])
    assert protected.text == "Nothing to protect." and protected.slots == ()
    assert restore("보호할 것이 없다.", protected).ok


_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.tuples(_words, st.sampled_from(["NATO", "DPRK", "IP4", "Secretary General"])), max_size=5),
    tail=_words,
)
def test_protect_then_restore_is_identity_for_a_copying_engine(parts, tail):
    """With dnt-style targets equal to the source, a copying engine gives the text back."""
    text = ""
    spans = []
    for before, term in parts:
        text += before + " "
        spans.append(Replacement(len(text), len(text) + len(term), term, term))
        text += term + " "
    text += tail
    prefix = placeholder_prefix(text)
    protected = protect(text, spans, prefix=prefix)
    restored = restore(protected.text, protected, lang="en")
    assert restored.text == text
    assert not restored.missing and not restored.duplicated
