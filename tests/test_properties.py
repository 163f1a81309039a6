"""Properties the pipeline's stages must keep for any input (hypothesis).

* segmentation loses no character other than whitespace (:mod:`dipl10n.source.segment`);
* protecting glossary terms and restoring them is the identity when the
  engine copies its input (:mod:`dipl10n.terms.protect`);
* a catalog written and read back is the same catalog, for any Unicode text
  (:mod:`dipl10n.po.reader`, :mod:`dipl10n.po.writer`);
* a merge never drops a translation (:func:`dipl10n.po.merge`), and never
  lets one language's catalog share entries with the template or another
  language's catalog.
* any bytes in a catalog, the glossary or a source document are read or
  refused with a :class:`~dipl10n.errors.Dipl10nError` (one line, with the
  file), never another exception (:mod:`dipl10n.po.reader`,
  :mod:`dipl10n.terms.glossary`, :mod:`dipl10n.source.document` and what the
  run takes from a source: its segments and its terms digest).

``database=None`` everywhere: the suite never writes an example database
into the repository.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n.errors import Dipl10nError
from dipl10n.po import generate_po, merge, parse_po
from dipl10n.po.model import comment_lines, join_comment, live
from dipl10n.run.incremental import terms_digest
from dipl10n.source.document import Block, Document, read_document
from dipl10n.source.segment import segment_document, sentence_spans, split_sentences
from dipl10n.terms.glossary import check_glossary, load_glossary
from dipl10n.terms.protect import Replacement, placeholder_prefix, protect, replacements, restore
from helpers.catalogs import HEADER_FIELDS, catalog, entry
from helpers.catalogs import snapshot as catalog_snapshot
from helpers.texts import any_text, pieced_text

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
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


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
def catalogs(draw) -> polib.POFile:
    po = catalog(fields=HEADER_FIELDS)
    keys = draw(st.lists(st.tuples(st.none() | po_text, po_text.filter(bool)), max_size=8, unique=True))
    for context, msgid in keys:
        item = entry(msgid, draw(po_text), msgctxt=context)
        item.flags = ["fuzzy"] if item.msgstr and draw(st.booleans()) else []
        item.previous_msgid = draw(st.none() | po_text)
        # An untranslated obsolete entry is not written (GNU drops it too).
        item.obsolete = bool(item.msgstr) and draw(st.booleans())
        po.append(item)
    return po


@PROPERTY
@given(catalogs())
def test_a_catalog_written_and_read_back_is_equal(po: polib.POFile) -> None:
    text = generate_po(po)
    back = parse_po(text.encode("utf-8"), path="x.po")
    assert catalog_snapshot(back) == catalog_snapshot(po)
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
def old_catalogs(draw) -> polib.POFile:
    """A catalog as read from disk: some entries translated (some fuzzy), some obsolete."""
    po = catalog(fields=HEADER_FIELDS)
    for msgid in draw(st.lists(sentence_ids, max_size=10, unique=True)):
        string = draw(st.sampled_from(["", f"번역: {msgid}", "사람이 쓴 번역"]))
        item = entry(msgid, string, occurrences=[("source/a.md", draw(st.integers(1, 40)))])
        if string and draw(st.booleans()):
            item.flags = ["fuzzy"]
        item.obsolete = bool(string) and draw(st.integers(0, 4)) == 0
        po.append(item)
    return parse_po(generate_po(po).encode("utf-8"), path="old.po")


@st.composite
def templates(draw) -> polib.POFile:
    template = catalog(fields=HEADER_FIELDS, header="", fuzzy=True)
    for line, msgid in enumerate(draw(st.lists(sentence_ids, max_size=10, unique=True)), start=1):
        template.append(entry(msgid, occurrences=[("source/a.md", line)]))
    return parse_po(generate_po(template).encode("utf-8"), path="a.pot")


@PROPERTY
@given(old_catalogs(), templates())
def test_a_merge_never_drops_a_translation(old: polib.POFile, template: polib.POFile) -> None:
    before = [(e.msgid, e.msgstr) for e in old if e.msgstr]
    merged = copy.deepcopy(old)
    merge(merged, template)
    live_entries = {e.msgid: e for e in live(merged)}
    obsolete = {e.msgid: e for e in merged if e.obsolete}
    template_ids = {e.msgid for e in template}
    assert set(live_entries) == template_ids  # the merged catalog has exactly the template's sentences
    for msgid, string in before:
        if msgid in live_entries:
            assert live_entries[msgid].msgstr == string, msgid
        elif any(e.previous_msgid == msgid and e.msgstr == string for e in live_entries.values()):
            pass  # a changed sentence: its translation moved over, marked fuzzy
        else:
            assert msgid in obsolete, msgid
            assert obsolete[msgid].msgstr == string
    # Fuzzy-matched translations are marked fuzzy: nobody approved them for the new sentence.
    for item in live_entries.values():
        if item.previous_msgid is not None and item.msgstr:
            assert "fuzzy" in item.flags


@PROPERTY
@given(old_catalogs(), old_catalogs(), templates())
def test_merged_catalogs_share_no_entry_with_the_template_or_each_other(
    korean: polib.POFile, japanese: polib.POFile, template: polib.POFile
) -> None:
    """Filling one language's catalog after a merge changes neither the template nor another catalog."""
    pristine = catalog_snapshot(template)
    merge(korean, template)
    for item in live(korean):
        item.msgstr = "한국어로 채움"
        item.comment = join_comment([*comment_lines(item.comment), "glossary: filled = 채움"])
        item.occurrences.append(("filled.md", "1"))
        item.flags.append("fuzzy")
    assert catalog_snapshot(template) == pristine
    untouched = {e.msgid: (e.msgstr, sorted(e.flags)) for e in japanese}
    merge(japanese, template)
    for item in japanese:
        assert item.msgstr != "한국어로 채움"
        assert "glossary: filled = 채움" not in comment_lines(item.comment)
        assert ("filled.md", "1") not in item.occurrences
        if item.msgid not in untouched and item.previous_msgid is None:
            assert item.msgstr == ""


# -- any bytes: read, or refused in one line --------------------------------------------------------


def fuzzed(pieces: list[bytes], starts: list[bytes]) -> st.SearchStrategy[bytes]:
    """Random bytes; and, mostly, a file of the format: a usual start, ``pieces`` of its syntax (keywords,
    quotes, escapes) with text and random bytes between them, ending with a line break or not."""
    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8).map(str.encode)
    between = st.one_of(text, text, text, st.binary(max_size=2))
    body = st.lists(st.one_of(st.sampled_from(pieces), between), max_size=40).map(b"".join)
    shaped = st.tuples(st.sampled_from([b"", *starts]), body, st.sampled_from([b"", b"\n", b"\n"])).map(b"".join)
    return st.one_of(st.binary(max_size=200), shaped, shaped)


def refused_in_one_line(error: Dipl10nError, shown: str) -> None:
    assert "\n" not in str(error), str(error)
    assert error.path is None or str(error.path) == shown, str(error)


PO_PIECES = [
    b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n',
    b'msgid "a"\nmsgstr "b"\n\n', b'msgid "c"\nmsgstr ""\n"d"\n\n', b"msgid ", b"msgstr ", b"msgstr[0] ",
    b"msgid_plural ", b"msgctxt ", b'"', b'""', b"\n", b"\r\n", b"\\", b"\\n", b"\\400", b"\\777", b"\\x",
    b"\\x1234", b"\\0", b"\\004", b"#~ ", b"#| ", b"#, fuzzy\n", b"#: a.md:3\n", b"# ", b"\xef\xbb\xbf",
    b"\xc3\xa9", b"\xed\x95\x9c", b"charset=EUC-KR", b"\x00",
]  # fmt: skip
GLOSSARY_PIECES = [
    b"en,ko,note,case,dnt,variants,reading\n", b"en,ko\n", b"NATO,NATO,,yes,yes,,\n",
    b"Diplomacy,\xec\x99\xb8\xea\xb5\x90\n", b",", b'"', b'""', b"\n", b"\r\n", b";", b"yes", b"no", b"|",
    b"NATO", b"\xec\x99\xb8\xea\xb5\x90", b"\xef\xbb\xbf", b"\t", b"\x1b", b"(", b")", b"-",
]  # fmt: skip
SOURCE_PIECES = [
    b"---\n", b"headline: ", b"kicker: ", b"date: ", b"[", b"]", b"(", b")", b"*", b"_", b"`", b"```\n", b"#",
    b"&#", b"&#x", b"&amp;", b"1" * 40, b"9" * 4400, b";", b"<b>", b"</b>", b"\n\n", b"\n", b"- ", b"> ", b"|",
    b"!", b". ", b"Mr. ", b"U.S. ", b"\xef\xbb\xbf", b"\xc2\xa0", b"\xe2\x80\x8b", b"\x1b", b"\x00",
    b"\xff\xfe",
]  # fmt: skip
#: 300 inputs per reader in the fast tier; DIPL10N_FUZZ_EXAMPLES=20000 for a longer hunt.
FUZZ = settings(
    max_examples=int(os.environ.get("DIPL10N_FUZZ_EXAMPLES", "300")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(fuzzed(PO_PIECES, [PO_PIECES[0]]))
def test_any_bytes_in_a_catalog_are_read_or_refused_in_one_line(data: bytes) -> None:
    try:
        po = parse_po(data, path="ko.po")
    except Dipl10nError as error:
        refused_in_one_line(error, "ko.po")
    else:
        generate_po(po)


@FUZZ
@given(fuzzed(GLOSSARY_PIECES, GLOSSARY_PIECES[:2]))
def test_any_bytes_in_the_glossary_are_read_or_refused_in_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "glossary.csv"
        path.write_bytes(data)
        issues = check_glossary(path, display="glossary.csv")
        try:
            glossary = load_glossary(path, display="glossary.csv")
        except Dipl10nError as error:
            refused_in_one_line(error, "glossary.csv")
            assert any(issue.severity == "error" for issue in issues)
        else:
            glossary.find("NATO and 외교 talks")
    assert all("\n" not in str(issue) for issue in issues)


@FUZZ
@given(fuzzed(SOURCE_PIECES, [b"---\nheadline: NATO\n---\n\n", b"Diplomacy. "]), st.sampled_from([".md", ".txt"]))
def test_any_bytes_in_a_source_document_are_read_or_refused_in_one_line(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"article{suffix}"
        path.write_bytes(data)
        terms_digest(GLOSSARY, path)  # taken of every source, read or refused
        try:
            doc = read_document(path, ref=f"source/article{suffix}")
        except Dipl10nError as error:
            refused_in_one_line(error, f"source/article{suffix}")
        else:
            segment_document(doc)
