"""Tests for dipl10n.source.segment: English sentence segmentation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.source.document import Block, Document
from dipl10n.source.segment import Segment, segment_document, sentence_spans, split_sentences
from helpers.texts import any_text, pieced_text

# --- table-driven cases -----------------------------------------------------

CASES = {
    # plain terminal punctuation
    "period": ("Seoul hosted the talks. Tokyo sent an envoy.", ["Seoul hosted the talks.", "Tokyo sent an envoy."]),
    "question": ("Will the deal hold? Few expect it to.", ["Will the deal hold?", "Few expect it to."]),
    "exclamation": ("What a summit! It ran late.", ["What a summit!", "It ran late."]),
    "double punctuation": ("Really?! Yes!! It passed.", ["Really?!", "Yes!!", "It passed."]),
    "lower case after ! is no boundary": ("He works for Yahoo! in Seoul.", ["He works for Yahoo! in Seoul."]),
    "digit opens a sentence": (
        "The vote was 3-2. 15 members abstained.",
        ["The vote was 3-2.", "15 members abstained."],
    ),
    "no final punctuation": ("The envoy arrived. Talks began at once", ["The envoy arrived.", "Talks began at once"]),
    # titles and other abbreviations
    "titles": (
        "Dr. Kim met Amb. Lee and Sen. Park. Gov. Choi and Lt. Col. Jung joined them later.",
        ["Dr. Kim met Amb. Lee and Sen. Park.", "Gov. Choi and Lt. Col. Jung joined them later."],
    ),
    "Gen. and Mr.": (
        "Gen. Paik briefed Mr. Stoltenberg. Mrs. Lee and Ms. Han listened.",
        ["Gen. Paik briefed Mr. Stoltenberg.", "Mrs. Lee and Ms. Han listened."],
    ),
    "U.S. before a proper noun": (
        "The U.S. Secretary of State flew in. The U.N. Security Council met later.",
        ["The U.S. Secretary of State flew in.", "The U.N. Security Council met later."],
    ),
    "U.S. ends a sentence": (
        "Troops stayed in the U.S. They left the U.K. in 2010.",
        ["Troops stayed in the U.S.", "They left the U.K. in 2010."],
    ),
    "U.S. before lower case": ("Ties with the U.S. remain strong.", ["Ties with the U.S. remain strong."]),
    "e.g. and i.e.": (
        "Some allies, e.g. Japan, agreed. Others, i.e. France and Italy, did not.",
        ["Some allies, e.g. Japan, agreed.", "Others, i.e. France and Italy, did not."],
    ),
    "e.g. before a capital never ends": (
        "Partners in Asia (e.g. Australia) joined.",
        ["Partners in Asia (e.g. Australia) joined."],
    ),
    "etc. at the end of a paragraph": (
        "They covered cyber, AI, space, etc.",
        ["They covered cyber, AI, space, etc."],
    ),
    "etc. ends a sentence": (
        "They covered cyber, AI, etc. The next round is in Brussels.",
        ["They covered cyber, AI, etc.", "The next round is in Brussels."],
    ),
    "etc. mid-sentence": ("Cyber, AI, etc. were discussed.", ["Cyber, AI, etc. were discussed."]),
    "No. before a number": (
        "Resolution No. 2397 was cited. It ranks No. 1 among sanctions.",
        ["Resolution No. 2397 was cited.", "It ranks No. 1 among sanctions."],
    ),
    "no as a word": ("Was it accepted? No. It was withdrawn.", ["Was it accepted?", "No.", "It was withdrawn."]),
    "months before a day": (
        "The envoy arrived on Jan. 5 and left on Feb. 2. He returned in Sept. 2024.",
        ["The envoy arrived on Jan. 5 and left on Feb. 2.", "He returned in Sept. 2024."],
    ),
    "company abbreviations": (
        "Hanwha Aerospace Co. won the bid. It beat Lockheed Martin Corp. The deal closed.",
        ["Hanwha Aerospace Co. won the bid.", "It beat Lockheed Martin Corp.", "The deal closed."],
    ),
    "Co. before a proper noun": (
        "Samsung Electronics Co. Chairman Lee attended.",
        ["Samsung Electronics Co. Chairman Lee attended."],
    ),
    "St. as a saint": ("They met at St. Paul's Cathedral.", ["They met at St. Paul's Cathedral."]),
    "Mt. and p.": ("See p. 12 on Mt. Paektu. It is sacred.", ["See p. 12 on Mt. Paektu.", "It is sacred."]),
    "Ph.D.": ("She holds a Ph.D. She taught in Seoul.", ["She holds a Ph.D.", "She taught in Seoul."]),
    "Washington, D.C.": (
        "The talks moved to Washington, D.C. The allies agreed.",
        ["The talks moved to Washington, D.C.", "The allies agreed."],
    ),
    # initials
    "middle initial": ("Jonas E. Smith spoke first.", ["Jonas E. Smith spoke first."]),
    "several initials": (
        "J. R. R. Tolkien wrote it. He was Oxford-based.",
        ["J. R. R. Tolkien wrote it.", "He was Oxford-based."],
    ),
    "joined initials": ("J.R.R. Tolkien wrote it.", ["J.R.R. Tolkien wrote it."]),
    "compass initial": ("Tensions with N. Korea rose.", ["Tensions with N. Korea rose."]),
    "pronoun I ends a sentence": (
        "The minister and I. Did you expect more?",
        ["The minister and I.", "Did you expect more?"],
    ),
    "letter ends a sentence": ("They chose Plan B. The others agreed.", ["They chose Plan B.", "The others agreed."]),
    # numbers
    "decimals and thousands": (
        "Exports rose 3.5% to 1,000 units. Imports hit 2.5 billion dollars.",
        ["Exports rose 3.5% to 1,000 units.", "Imports hit 2.5 billion dollars."],
    ),
    "money": (
        "Seoul pledged $1.2m. Tokyo gave $100.00. Both were thanked.",
        ["Seoul pledged $1.2m.", "Tokyo gave $100.00.", "Both were thanked."],
    ),
    "number ends a sentence": (
        "Membership rose to 32. Sweden joined last.",
        ["Membership rose to 32.", "Sweden joined last."],
    ),
    "ordinals": (
        "Korea ranked 3rd. It was 1st in 2019. The 2nd round is due.",
        ["Korea ranked 3rd.", "It was 1st in 2019.", "The 2nd round is due."],
    ),
    # quotes and parentheses
    "quote ends the sentence": ('He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    "quote inside the sentence": ('He said "Go." and left.', ['He said "Go." and left.']),
    "curly quotes": (
        "“We stand with Ukraine.” The allies agreed.",
        ["“We stand with Ukraine.”", "The allies agreed."],
    ),
    "single quotes": ("‘Fine,’ he said. ‘Let us go.’ They went.", ["‘Fine,’ he said.", "‘Let us go.’", "They went."]),
    "question in quotes": ('"Why now?" she asked. Nobody knew.', ['"Why now?" she asked.', "Nobody knew."]),
    "parenthetical sentence": (
        "He left early. (He had a flight.) The talks resumed.",
        ["He left early.", "(He had a flight.)", "The talks resumed."],
    ),
    "parenthetical inside a sentence": (
        "The treaty (it was signed in June.) binds both.",
        ["The treaty (it was signed in June.) binds both."],
    ),
    "period after a bracket": (
        "It set up the program (ITPP). The signing followed.",
        ["It set up the program (ITPP).", "The signing followed."],
    ),
    "Markdown emphasis": ("**The talks ended.** Both sides left.", ["**The talks ended.**", "Both sides left."]),
    "Markdown link": (
        "Read [the statement](https://example.org/s). It is short.",
        ["Read [the statement](https://example.org/s).", "It is short."],
    ),
    # ellipses
    "ellipsis mid-sentence": ("The envoy paused ... and went on.", ["The envoy paused ... and went on."]),
    "ellipsis inside a word run": ("It was...well, late.", ["It was...well, late."]),
    "attached ellipsis ends": ("We waited... Nothing happened.", ["We waited...", "Nothing happened."]),
    "unicode ellipsis ends": ("We waited… Nothing happened.", ["We waited…", "Nothing happened."]),
    "free unicode ellipsis": ("We waited … and waited.", ["We waited … and waited."]),
    "four dots attached": ("It never ended.... The next day came.", ["It never ended....", "The next day came."]),
    "spaced ellipsis before I": ("It is . . . I mean, it was.", ["It is . . . I mean, it was."]),
    "spaced four-dot ellipsis ends": (
        "The text stops here . . . . Later it resumes.",
        ["The text stops here . . . .", "Later it resumes."],
    ),
    "ellipsis opens the next sentence": (
        "The alliance held. . . . Members stayed loyal.",
        ["The alliance held.", ". . . Members stayed loyal."],
    ),
    "bracketed omission": ("The pact [...] binds us [...] (Art. 5).", ["The pact [...] binds us [...] (Art. 5)."]),
    "ellipsis at the end": ("And then . . .", ["And then . . ."]),
    # hyphenated names
    "hyphenated names": (
        "Yoon Suk-yeol met Lee Jon-young. Russo-DPRK ties and NATO-ROK links came up.",
        ["Yoon Suk-yeol met Lee Jon-young.", "Russo-DPRK ties and NATO-ROK links came up."],
    ),
    "hyphen after an acronym": (
        "The U.S.-ROK alliance is 70. It is strong.",
        ["The U.S.-ROK alliance is 70.", "It is strong."],
    ),
    # headings, kickers, bylines
    "heading": ("President Yoon meets NATO chief", ["President Yoon meets NATO chief"]),
    "byline": ("By Diplomacy Journal Lee Jon-young", ["By Diplomacy Journal Lee Jon-young"]),
    "kicker ending in etc.": ("Defense, cyber, AI, etc.", ["Defense, cyber, AI, etc."]),
    # URLs and e-mail addresses
    "URL ends a sentence": (
        "The text is at https://www.nato.int/cps/en/natohq/news.htm. Read it.",
        ["The text is at https://www.nato.int/cps/en/natohq/news.htm.", "Read it."],
    ),
    "e-mail ends a sentence": (
        "Write to press.office@mofa.go.kr. Staff reply daily.",
        ["Write to press.office@mofa.go.kr.", "Staff reply daily."],
    ),
    "URL mid-sentence": ("See www.mofa.go.kr for details.", ["See www.mofa.go.kr for details."]),
    # list markers
    "numbered list": ("1. Deterrence 2. Defense 3. Dialogue", ["1. Deterrence", "2. Defense", "3. Dialogue"]),
    "numbered list with periods": ("1. Deter. 2. Defend.", ["1. Deter.", "2. Defend."]),
    "parenthesised list": ("1) Cyber 2) Space", ["1) Cyber", "2) Space"]),
    "lettered list": ("a. Cyber b. Space c. AI", ["a. Cyber", "b. Space", "c. AI"]),
    "bulleted list": ("• Cyber defense • Space policy", ["• Cyber defense", "• Space policy"]),
    "list after a colon stays": ("Three aims: 1) deter 2) defend", ["Three aims: 1) deter 2) defend"]),
    "marker alone is never a sentence": ("II. Background", ["II. Background"]),
    # time
    "p.m. mid-sentence": ("They met at 5 p.m. on Thursday.", ["They met at 5 p.m. on Thursday."]),
    "p.m. ends a sentence": (
        "They met at 5 p.m. Officials said little.",
        ["They met at 5 p.m.", "Officials said little."],
    ),
    "a.m. before a time zone": (
        "The launch came at 7 a.m. KST on Monday.",
        ["The launch came at 7 a.m. KST on Monday."],
    ),
    "a.m. before a place": ("By 9 a.m. Seoul time it was over.", ["By 9 a.m. Seoul time it was over."]),
    "fronted time phrase": (
        "At 6 a.m. Gen. Kim called. The call ended at 7 A.M. Mr. Park then left.",
        ["At 6 a.m. Gen. Kim called.", "The call ended at 7 A.M.", "Mr. Park then left."],
    ),
    # whitespace
    "soft line breaks": (
        "The President noted the\npartnership. It has\nprogressed.",
        ["The President noted the\npartnership.", "It has\nprogressed."],
    ),
    "no-break spaces": ("\u00a0One.\u00a0Two.\u00a0", ["One.", "Two."]),
    "blank line is a paragraph break": ("Heading\n\nBody text.", ["Heading", "Body text."]),
    "blank line holding U+00A0": ("Heading\n\u00a0\nBody text.", ["Heading", "Body text."]),
    "empty": ("", []),
    "whitespace only": (" \n\u00a0\t ", []),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_spans_are_offsets() -> None:
    text = "  Dr. Kim left.\u00a0 He came back.\n"
    assert sentence_spans(text) == [(2, 15), (17, 30)]


# --- the article ------------------------------------------------------------

# ../shared/source/nato-yoon-stoltenberg.txt (beside the checkout) as scraped: paragraphs split by
# blank lines, some "blank" lines holding only U+00A0, one paragraph ending
# with U+00A0.
ARTICLE = (
    "Diplomacy\n\n"
    "President Yoon meets with NATO Secretary General Stoltenberg\n\n"
    "Strengthening partnership with NATO in defense, cyber, AI, etc.\n\n"
    "By Diplomacy Journal Lee Jon-young\n\n"
    "\u00a0\n\n"
    "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) "
    "Jens Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation.\n\n"
    "\u00a0\n\n"
    "The President noted that the partnership between South Korea and NATO has progressed by leaps and bounds "
    "during Stoltenberg's tenure (2014-2024), including the establishment of the NATO-ROK Individualized Tailored "
    "Partnership Program (ITPP), and expressed his appreciation for the Secretary General's contributions to the "
    "development of the NATO-ROK relationship.\u00a0\n\n"
    "\u00a0\n\n"
    "\u00a0\n\n"
    "In response, Stoltenberg said that strengthening cooperation with the Republic of Korea, a capable partner "
    "with shared core values, was one of the key achievements of his tenure.\n\n"
    "\u00a0\n\n"
    "The President said that NATO is a key partner in our values-based solidarity diplomacy, and he looks forward "
    "to building on the NATO-IP4 Priority Cooperation Initiatives established this year and deepening cooperation "
    "in areas such as NATO's support for Ukraine, cyber defense, countering hybrid threats including "
    "disinformation, and technology, including AI.\n\n"
    "\u00a0\n\n"
    "On the occasion of the summit, both sides recognized the significance of South Korea becoming the first "
    "Asian country to sign a Certificate of Airworthiness with NATO. The signing is expected to further enhance "
    "the base for Korea's aircraft exports to NATO member countries and contribute to the enhancement of defense "
    "cooperation between Korea and NATO.\n\n"
    "\u00a0\n\n"
    "Meanwhile, the two sides expressed grave concern over the recent signing of the Comprehensive Strategic "
    "Partnership Treaty between Russia and the DPRK to strengthen military and economic cooperation, and agreed "
    "that Russo-DPRK military cooperation, which is in clear violation of numerous UN Security Council "
    "resolutions, is a serious threat to peace and stability in the Euro-Atlantic and Indo-Pacific regions and "
    "requires a united response by the international community.\n\n"
    "\u00a0\n\n"
    "In particular, the two sides agreed to mutually share information on North Korean weapons used on the "
    "battlefield in Ukraine in response to the escalating Russian-DPRK military cooperation, and to proceed with "
    "relevant procedures."
)

# One list per non-blank paragraph, as an editor splits them.
ARTICLE_SENTENCES = [
    ["Diplomacy"],
    ["President Yoon meets with NATO Secretary General Stoltenberg"],
    ["Strengthening partnership with NATO in defense, cyber, AI, etc."],
    ["By Diplomacy Journal Lee Jon-young"],
    [
        "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) "
        "Jens Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation."
    ],
    [
        "The President noted that the partnership between South Korea and NATO has progressed by leaps and bounds "
        "during Stoltenberg's tenure (2014-2024), including the establishment of the NATO-ROK Individualized "
        "Tailored Partnership Program (ITPP), and expressed his appreciation for the Secretary General's "
        "contributions to the development of the NATO-ROK relationship."
    ],
    [
        "In response, Stoltenberg said that strengthening cooperation with the Republic of Korea, a capable "
        "partner with shared core values, was one of the key achievements of his tenure."
    ],
    [
        "The President said that NATO is a key partner in our values-based solidarity diplomacy, and he looks "
        "forward to building on the NATO-IP4 Priority Cooperation Initiatives established this year and deepening "
        "cooperation in areas such as NATO's support for Ukraine, cyber defense, countering hybrid threats "
        "including disinformation, and technology, including AI."
    ],
    [
        "On the occasion of the summit, both sides recognized the significance of South Korea becoming the first "
        "Asian country to sign a Certificate of Airworthiness with NATO.",
        "The signing is expected to further enhance the base for Korea's aircraft exports to NATO member countries "
        "and contribute to the enhancement of defense cooperation between Korea and NATO.",
    ],
    [
        "Meanwhile, the two sides expressed grave concern over the recent signing of the Comprehensive Strategic "
        "Partnership Treaty between Russia and the DPRK to strengthen military and economic cooperation, and "
        "agreed that Russo-DPRK military cooperation, which is in clear violation of numerous UN Security Council "
        "resolutions, is a serious threat to peace and stability in the Euro-Atlantic and Indo-Pacific regions "
        "and requires a united response by the international community."
    ],
    [
        "In particular, the two sides agreed to mutually share information on North Korean weapons used on the "
        "battlefield in Ukraine in response to the escalating Russian-DPRK military cooperation, and to proceed "
        "with relevant procedures."
    ],
]


def _article_paragraphs() -> list[str]:
    return [p for p in re.split(r"\n\s*?\n", ARTICLE) if p.strip()]


def test_article_has_the_expected_paragraphs() -> None:
    paragraphs = _article_paragraphs()
    assert len(paragraphs) == len(ARTICLE_SENTENCES)
    assert paragraphs[5].endswith("relationship.\u00a0")


@pytest.mark.parametrize("index", range(len(ARTICLE_SENTENCES)))
def test_article_paragraph(index: int) -> None:
    assert split_sentences(_article_paragraphs()[index]) == ARTICLE_SENTENCES[index]


def test_whole_article_splits_at_blank_lines() -> None:
    assert split_sentences(ARTICLE) == [s for paragraph in ARTICLE_SENTENCES for s in paragraph]


# --- properties -------------------------------------------------------------
# database=None: the suite never writes an example database into the repository.

@settings(max_examples=400, deadline=None, database=None)
@given(any_text)
def test_spans_lose_and_add_nothing(text: str) -> None:
    spans = sentence_spans(text)
    pieces, gaps, pos = [], [], 0
    for start, end in spans:
        assert pos <= start < end
        gaps.append(text[pos:start])
        pieces.append(text[start:end])
        pos = end
    gaps.append(text[pos:])
    assert all(not gap.strip() for gap in gaps)
    assert all(piece == piece.strip() for piece in pieces)
    assert "".join(g + p for g, p in zip(gaps, pieces + [""], strict=False)) == text
    assert split_sentences(text) == pieces
    assert (spans == []) == (text.strip() == "")


@settings(max_examples=200, deadline=None, database=None)
@given(pieced_text)
def test_single_line_breaks_are_only_whitespace(text: str) -> None:
    # Turning each lone space into a line break (hard-wrapping) changes nothing.
    wrapped = re.sub(r"(?<!\s) (?!\s)", "\n", text)
    assert sentence_spans(wrapped) == sentence_spans(text)


@settings(max_examples=200, deadline=None, database=None)
@given(pieced_text)
def test_no_break_space_is_a_space(text: str) -> None:
    assert sentence_spans(text.replace(" ", "\u00a0")) == sentence_spans(text)


@settings(max_examples=200, deadline=None, database=None)
@given(pieced_text, pieced_text)
def test_blank_line_separates_independent_paragraphs(first: str, second: str) -> None:
    assert split_sentences(first + "\n\n" + second) == split_sentences(first) + split_sentences(second)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("abcXYZ ,-'\u00a0\n"), max_size=80))
def test_text_without_punctuation_is_one_sentence(text: str) -> None:
    if re.search(r"\n\s*\n", text):
        return  # a blank line is a paragraph break
    assert split_sentences(text) == ([text.strip()] if text.strip() else [])


def test_long_paragraph_is_segmented() -> None:
    body = [sentence for paragraph in ARTICLE_SENTENCES[4:] for sentence in paragraph]
    repeats = 100_000 // len(" ".join(body)) + 1
    assert split_sentences(" ".join(body * repeats)) == body * repeats


# --- documents -----------------------------------------------------------------


def test_segment_document() -> None:
    doc = Document(
        name="a",
        path=Path("a.md"),
        ref="source/a.md",
        format="markdown",
        blocks=(
            Block(role="headline", text="Yoon meets Stoltenberg", line=3),
            Block(
                role="paragraph", text="Dr. Kim spoke. The talks\nran late.\nThey ended at\n  5 p.m. Seoul time.", line=9
            ),
            Block(role="code", text="x = 1. Not prose.", line=14, translatable=False),
            Block(role="paragraph", text="\u00a0Mr.\u00a0Lee left.\u00a0", line=20),
        ),
    )
    assert segment_document(doc) == [
        Segment("Yoon meets Stoltenberg", 3, "headline", 0),
        Segment("Dr. Kim spoke.", 9, "paragraph", 1),
        Segment("The talks ran late.", 9, "paragraph", 1),
        Segment("They ended at 5 p.m. Seoul time.", 11, "paragraph", 1),
        Segment("Mr.\u00a0Lee left.", 20, "paragraph", 3),
    ]


# --- determinism --------------------------------------------------------------


def test_same_result_twice() -> None:
    text = "At 6 a.m. Gen. Kim called the U.S. Embassy. It was closed. . . . Staff came at 9 a.m. KST."
    assert sentence_spans(text) == sentence_spans(text)


def test_same_result_under_other_hash_seeds() -> None:
    script = (
        "import json, sys; from dipl10n.source.segment import sentence_spans; "
        "print(json.dumps(sentence_spans(sys.stdin.read())))"
    )
    text = "Dr. Kim met Co. staff. 1. Cyber 2. Space a. AI b. Ships. The U.S. How? No. 5 p.m. Mr. Lee left."
    results = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], input=text, capture_output=True, text=True, env=env, check=True
        ).stdout
        results.append(json.loads(out))
    assert results[0] == results[1] == results[2] == [list(span) for span in sentence_spans(text)]
