"""Properties the pipeline's stages must keep for any input (hypothesis).

* segmentation loses no character other than whitespace (:mod:`dipl10n.segment`);
* protecting glossary terms and restoring them is the identity when the
  engine copies its input (:mod:`dipl10n.protect`);
* a catalog written and read back is the same catalog, for any Unicode text
  (:mod:`dipl10n.pofile`);
* a merge never drops a translation (:func:`dipl10n.catalog.merge`), and never
  lets one language's catalog share entries with the template or another
  language's catalog.

``database=None`` everywhere: the suite never writes an example database
into the repository.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n.catalog import merge
from dipl10n.document import Block, Document, read_document
from dipl10n.glossary import load_glossary
from dipl10n.pofile import generate_po, parse_po, set_header_fields
from dipl10n.protect import Replacement, placeholder_prefix, protect, replacements, restore
from dipl10n.segment import segment_document, sentence_spans, split_sentences
from test_pofile import HEADER_FIELDS
from test_pofile import snapshot as catalog_snapshot
from test_segment import any_text, pieced_text

REPO = Path(__file__).resolve().parent.parent
PROPERTY = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def squash(text: str) -> str:
    """``text`` without any whitespace."""
    return "".join(text.split())


# -- segmentation ------------------------------------------------------------------------------


@PROPERTY
@given(any_text)
def test_segmentation_loses_no_non_whitespace_character(text: str) -> None:
    assert squash("".join(split_sentences(text))) == squash(text)
    # Through a document, where soft line breaks inside a sentence become spaces.
    doc = Document("p", Path("p.txt"), "p.txt", "text", (Block("paragraph", text, 1),))
    segments = segment_document(doc)
    assert squash("".join(s.text for s in segments)) == squash(text)
    # In order, and each sentence is one span of the text.
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


plain_document = st.lists(
    st.tuples(pieced_text, st.sampled_from(["\n", "\n\n", "\n \n", "\n\u00a0\n", " "])), min_size=1, max_size=8
).map(lambda parts: "".join(p + s for p, s in parts)).filter(lambda text: text.strip() != "")


@PROPERTY
@given(plain_document)
def test_a_plain_text_document_loses_no_character_on_its_way_to_segments(text: str) -> None:
    """From the file on disk through read_document and segment_document."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "article.txt"
        path.write_text(text, encoding="utf-8")
        doc = read_document(path)
    assert squash("".join(s.text for s in segment_document(doc))) == squash(text)


# -- protect and restore --------------------------------------------------------------------------

GLOSSARY = load_glossary(REPO / "glossary.csv")
TERMS = sorted({form for term in GLOSSARY.terms for form in term.forms})
DATES = ["July 11", "11 July 2024", "on Jan. 3", "2024-07-11", "Tuesday", "March 2025"]
NOISE = ["ZX1", "zx", "QZ12", "XQ", "Z X1", "NATO-ROK", "(NATO)", "NATO's", "한국", "1.5%", "—", "\n"]
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10)
sentence = st.lists(st.one_of(st.sampled_from(TERMS), st.sampled_from(DATES), st.sampled_from(NOISE), words),
                    max_size=12).map(" ".join)


def splice(text: str, spans: list[Replacement]) -> str:
    parts, position = [], 0
    for span in spans:
        parts += [text[position : span.start], span.target]
        position = span.end
    return "".join(parts) + text[position:]


@PROPERTY
@given(sentence)
def test_protect_then_restore_is_the_identity_for_a_copying_engine(text: str) -> None:
    """The engine copies the protected text: what comes back is the text with the approved forms in place."""
    spans = replacements(text, GLOSSARY, "ko")
    protected = protect(text, spans, prefix=placeholder_prefix(text))
    restored = restore(protected.text, protected, lang="en")
    assert restored.text == splice(text, spans)
    assert not restored.missing and not restored.duplicated
    # With every approved form equal to the source form (do-not-translate terms), exactly the identity.
    same = [Replacement(s.start, s.end, text[s.start : s.end], s.label, kind=s.kind) for s in spans]
    protected = protect(text, same, prefix=placeholder_prefix(text))
    assert restore(protected.text, protected, lang="en").text == text


# -- catalogs on disk ---------------------------------------------------------------------------------

SPECIAL = list('"\\\t\n\r\a\b\f\v ') + [
    "\\n", '\\"', "\\\\", "\"\"", "\u1100\u1161\u11a8", "\u1112\u1161\u11ab", "\u3131", "😀", "👍🏽", "🇰🇷", "\u200d",
    "\u00a0", "\u2028", "\u0301", "외교부", "#~", "#|", "msgid \"", "%s", "{0}", "\u202e", "\ufeff",
]  # fmt: skip
unicode_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\x04"), max_size=40)
po_text = st.one_of(
    unicode_text,
    st.lists(st.one_of(st.sampled_from(SPECIAL), unicode_text), max_size=8).map("".join),
)


@st.composite
def catalogs(draw) -> Catalog:
    catalog = Catalog(locale="ko", fuzzy=False)
    catalog.obsolete = {}
    set_header_fields(catalog, HEADER_FIELDS)
    keys = draw(st.lists(st.tuples(st.none() | po_text, po_text.filter(bool)), max_size=8, unique=True))
    for context, msgid in keys:
        message = Message(msgid, draw(po_text), context=context)
        message.flags = {"fuzzy"} if message.string and draw(st.booleans()) else set()
        message.previous_id = draw(st.lists(po_text, max_size=1))
        if draw(st.booleans()) and message.string:
            catalog.obsolete[catalog._key_for(msgid, context)] = message
        else:
            catalog[msgid] = message
    return catalog


@PROPERTY
@given(catalogs())
def test_a_catalog_written_and_read_back_is_equal(catalog: Catalog) -> None:
    text = generate_po(catalog)
    back = parse_po(text.encode("utf-8"), path="x.po")
    assert catalog_snapshot(back) == catalog_snapshot(catalog)
    # And writing it again gives the same bytes.
    assert generate_po(back) == text


# -- merging ------------------------------------------------------------------------------------------

SENTENCES = [
    "The ministers met in Seoul on Tuesday.",
    "The ministers met in Tokyo on Tuesday.",
    "NATO and Korea agreed to share information.",
    "NATO and Korea agreed to share more information.",
    "Both sides expressed grave concern.",
    "The talks will resume next month.",
    "The talks resume next month in Geneva.",
    "A joint statement is expected.",
    "Exports rose 3.5% in the first quarter.",
    "Exports fell 2.1% in the first quarter.",
]
sentence_ids = st.one_of(st.sampled_from(SENTENCES), st.text("abcdef ghij.", min_size=1, max_size=30))


@st.composite
def old_catalogs(draw) -> Catalog:
    """A catalog as read from disk: some entries translated (some fuzzy), some obsolete."""
    catalog = Catalog(locale="ko", fuzzy=False)
    catalog.obsolete = {}
    set_header_fields(catalog, HEADER_FIELDS)
    for msgid in draw(st.lists(sentence_ids, max_size=10, unique=True)):
        string = draw(st.sampled_from(["", f"번역: {msgid}", "사람이 쓴 번역"]))
        message = Message(msgid, string, locations=[("source/a.md", draw(st.integers(1, 40)))])
        if string and draw(st.booleans()):
            message.flags = {"fuzzy"}
        if string and draw(st.integers(0, 4)) == 0:
            catalog.obsolete[msgid] = message
        else:
            catalog[msgid] = message
    return parse_po(generate_po(catalog).encode("utf-8"), path="old.po")


@st.composite
def templates(draw) -> Catalog:
    template = Catalog(fuzzy=True)
    template.obsolete = {}
    set_header_fields(template, HEADER_FIELDS)
    for line, msgid in enumerate(draw(st.lists(sentence_ids, max_size=10, unique=True)), start=1):
        template[msgid] = Message(msgid, locations=[("source/a.md", line)])
    return parse_po(generate_po(template).encode("utf-8"), path="a.pot")


@PROPERTY
@given(old_catalogs(), templates())
def test_a_merge_never_drops_a_translation(old: Catalog, template: Catalog) -> None:
    before = [(m.id, m.string) for m in old if m.id and m.string]
    merged = copy.deepcopy(old)
    merge(merged, template)
    live = {m.id: m for m in merged if m.id}
    template_ids = {m.id for m in template if m.id}
    assert set(live) == template_ids  # the merged catalog has exactly the template's sentences
    for msgid, string in before:
        if msgid in live:
            assert live[msgid].string == string, msgid
        elif any(m.previous_id == [msgid] and m.string == string for m in live.values()):
            pass  # a changed sentence: its translation moved over, marked fuzzy
        else:
            assert msgid in merged.obsolete, msgid
            assert merged.obsolete[msgid].string == string
    # Fuzzy-matched translations are marked fuzzy: nobody approved them for the new sentence.
    for message in live.values():
        if message.previous_id and message.string:
            assert "fuzzy" in message.flags


@PROPERTY
@given(old_catalogs(), old_catalogs(), templates())
def test_merged_catalogs_share_no_entry_with_the_template_or_each_other(
    korean: Catalog, japanese: Catalog, template: Catalog
) -> None:
    """Filling one language's catalog after a merge changes neither the template nor another catalog."""
    pristine = catalog_snapshot(template)
    merge(korean, template)
    for message in korean:
        if message.id:
            message.string = "한국어로 채움"
            message.auto_comments.append("glossary: filled = 채움")
            message.flags.add("fuzzy")
    assert catalog_snapshot(template) == pristine
    untouched = {m.id: (m.string, sorted(m.flags)) for m in japanese if m.id}
    untouched.update({m.id: (m.string, sorted(m.flags)) for m in japanese.obsolete.values()})
    merge(japanese, template)
    for message in japanese:
        if message.id:
            assert message.string != "한국어로 채움"
            assert "glossary: filled = 채움" not in message.auto_comments
            if message.id not in untouched and not message.previous_id:
                assert message.string == ""
