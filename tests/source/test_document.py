"""Reading source documents: Markdown with front matter, plain text, encodings."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.errors import SourceError
from dipl10n.source.document import bound_references, discover_documents, read_document
from dipl10n.source.segment import segment_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_raw_scrape_and_markdown_source_give_the_same_sentences():
    raw = read_document(FIXTURES / "nato-yoon-stoltenberg.txt")
    markdown = read_document(REPO / "source" / "nato-yoon-stoltenberg.md")
    raw_sentences = [s.text for s in segment_document(raw)]
    md_sentences = [s.text for s in segment_document(markdown)]
    assert raw_sentences == md_sentences
    assert len(md_sentences) == 12
    assert md_sentences[0] == "Diplomacy"
    assert md_sentences[-1].endswith("to proceed with relevant procedures.")


def test_raw_scrape_lines_holding_only_nbsp_are_blank():
    doc = read_document(FIXTURES / "nato-yoon-stoltenberg.txt")
    assert [b.role for b in doc.blocks] == ["paragraph"] * 11
    # The paragraph that ends in U+00A0 keeps it in the block but not in its sentence.
    relationship = next(b for b in doc.blocks if "NATO-ROK relationship" in b.text)
    assert relationship.text.endswith("relationship.\u00a0")
    sentence = next(s for s in segment_document(doc) if "NATO-ROK relationship" in s.text)
    assert sentence.text.endswith("relationship.")
    assert doc.blocks[0].line == 1 and doc.blocks[1].line == 3


def test_markdown_furniture_roles_lines_and_metadata():
    doc = read_document(REPO / "source" / "nato-yoon-stoltenberg.md", ref="source/nato-yoon-stoltenberg.md")
    assert [b.role for b in doc.blocks[:4]] == ["kicker", "headline", "standfirst", "byline"]
    assert [b.line for b in doc.blocks[:5]] == [2, 3, 4, 5, 9]
    assert doc.metadata == {"date": "2024-07-11"}
    assert doc.ref == "source/nato-yoon-stoltenberg.md"
    assert doc.format == "markdown"


def test_markdown_body_structure(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        "# The headline\n\nFirst paragraph\nwraps here. Second sentence.\n\n## A subhead\n\n"
        "- one item\n- two *items*\n\n> A quote.\n\n```\ncode stays\n```\n\n---\n\n1. first\n",
    )
    doc = read_document(path)
    roles = [(b.role, b.line, b.level) for b in doc.blocks]
    assert roles == [
        ("headline", 1, 1),
        ("paragraph", 3, 0),
        ("heading", 6, 2),
        ("list-item", 8, 1),
        ("list-item", 9, 1),
        ("quote", 11, 0),
        ("code", 13, 0),
        ("rule", 17, 0),
        ("list-item", 19, 1),
    ]
    assert doc.blocks[4].text == "two *items*"
    assert doc.blocks[3].group == doc.blocks[4].group != doc.blocks[8].group
    assert doc.blocks[8].ordered and not doc.blocks[3].ordered
    assert not doc.blocks[6].translatable
    segments = segment_document(doc)
    wrapped = [s for s in segments if s.text.startswith("First")][0]
    assert wrapped.text == "First paragraph wraps here."
    second = [s for s in segments if s.text == "Second sentence."][0]
    assert second.line == 4  # the sentence starts on the paragraph's second line
    assert "code stays" not in [s.text for s in segments]


def test_front_matter_headline_wins_over_first_heading(tmp_path):
    path = write(tmp_path, "a.md", "---\nheadline: From front matter\n---\n\n# Body heading\n\nText.\n")
    doc = read_document(path)
    assert [(b.role, b.text) for b in doc.blocks] == [
        ("headline", "From front matter"),
        ("heading", "Body heading"),
        ("paragraph", "Text."),
    ]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("---\nkicker: [a, b]\n---\n\nText.\n", 2, "must hold text"),
        ("---\nkicker: ok\nkicker: twice\n---\n\nText.\n", 3, "given twice"),
        ("---\nkicker: 'unterminated\n---\n\nText.\n", 2, "not valid YAML"),
        ("---\nheadline: ''\n---\n\nText.\n", 2, "is empty"),
    ],
)
def test_bad_front_matter_names_file_and_line(tmp_path, content, line, fragment):
    path = write(tmp_path, "a.md", content)
    with pytest.raises(SourceError) as info:
        read_document(path, ref="source/a.md")
    assert info.value.line == line
    assert fragment in info.value.message
    assert str(info.value).startswith(f"source/a.md:{line}: ")


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfHello there. Second.\n")
    doc = read_document(path)
    assert [s.text for s in segment_document(doc)] == ["Hello there.", "Second."]


def test_crlf_line_endings_are_read(tmp_path):
    path = write(tmp_path, "a.txt", b"One.\r\n\r\nTwo.\r\nstill two.\r\n")
    doc = read_document(path)
    assert [(b.text, b.line) for b in doc.blocks] == [("One.", 1), ("Two.\nstill two.", 3)]


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        ("첫 문단입니다.\n\n북한".encode("cp949"), 1, "CP949/EUC-KR"),
        (b"fine line\nsecond \xff\xfe line\n", 2, "not valid UTF-8"),
        (b"\x00\x01\x02binary\x00", 1, "binary file"),
        (b"text with a bell \x07 in it\n", 1, "control character U+0007"),
        (b"", None, "empty document"),
        (b"  \n\xc2\xa0\n\n", None, "empty document"),
    ],
)
def test_unreadable_sources_are_refused_clearly(tmp_path, data, line, fragment):
    path = write(tmp_path, "a.txt", data)
    with pytest.raises(SourceError) as info:
        read_document(path, ref="source/a.txt")
    assert fragment in info.value.message
    assert info.value.line == line
    assert str(info.value.path) == "source/a.txt"


def test_one_huge_paragraph_is_one_block(tmp_path):
    text = " ".join(f"Sentence number {i} is here." for i in range(4000))
    assert len(text) > 100_000
    doc = read_document(write(tmp_path, "a.txt", text))
    assert len(doc.blocks) == 1
    assert len(segment_document(doc)) == 4000


def test_discover_documents_sorted_and_refuses_twins(tmp_path):
    write(tmp_path, "b.md", "B.")
    write(tmp_path, "a.txt", "A.")
    write(tmp_path, "notes.docx", "ignored")
    assert [p.name for p in discover_documents(tmp_path)] == ["a.txt", "b.md"]
    write(tmp_path, "a.md", "A again.")
    with pytest.raises(SourceError, match="two source documents are named 'a'"):
        discover_documents(tmp_path)


def test_raw_html_in_markdown_is_text_not_lost(tmp_path):
    path = write(tmp_path, "a.md", "Intro.\n\n<div class=\"box\">Boxed <b>words</b>.</div>\n\n<script>alert(1)</script>\n")
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert texts == ["Intro.", '<div class="box">Boxed <b>words</b>.</div>', "<script>alert(1)</script>"]
    assert all(b.translatable for b in doc.blocks)


# -- character references -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, decoded",
    [
        ("&#" + "1" * 4301 + ";", "\ufffd"),  # html.unescape alone: ValueError (integer conversion limit)
        ("&#" + "0" * 5000 + "65;", "A"),
        ("&#x" + "f" * 5000 + ";", "\ufffd"),
        ("&#1114109;&#1114111;&#1114112;", "\U0010fffd\ufffd"),  # U+10FFFF is a noncharacter: dropped
        ("&#x10FFFD;&#x110000", "\U0010fffd\ufffd"),
        ("&#99999999&amp;", "\ufffd&"),
        ("&#65;&#x41&#X0041;x", "AAAx"),
        ("&#123abc; &#x; &#xg; a&# &amp;#65;", "{abc; &#x; &#xg; a&# &#65;"),
        ("no references", "no references"),
    ],
)
def test_bounded_references_decode_as_html_unescape_does_without_its_crash(text, decoded):
    assert html.unescape(bound_references(text)) == decoded


@settings(max_examples=300, deadline=None, database=None)
@given(st.text("&#xX0123456789abcdefg;; a", max_size=30))
def test_bounded_references_never_change_what_html_unescape_reads(text):
    assert html.unescape(bound_references(text)) == html.unescape(text)
