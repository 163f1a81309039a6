"""A project whose review site shows everything a reviewer meets: every state, errors, warnings, edits.

:func:`review_site_project` builds it the way people do, with the real
pipeline (:func:`dipl10n.run.pipeline.run_project`, machine translation off): a
first run makes the catalogs, machine drafts arrive (:data:`MACHINE`, with
the origin line an engine leaves), reviewers edit, approve, reject and leave
some drafts, a second run records that, then the editor revises the English
of two sentences and a third run marks their translations out of date. Three
documents:

``nato-yoon-stoltenberg`` (the repository's article, 12 entries)
    every state: the kicker from the glossary, reviewed sentences (one with
    ``한-NATO``, one with ``NATO-IP4``), an approved machine draft, unedited
    machine drafts (one with ``한-NATO`` twice, one with ``유럽-대서양`` and
    ``인도·태평양``), a person's fuzzy text, a rejected draft (untranslated),
    an out-of-date byline and headline; a glossary error and a
    double-space warning.
``briefing`` (3 entries)
    a date error (``7월 16일`` for July 15), a machine draft.
``statement`` (2 entries)
    everything reviewed: nothing to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dipl10n.po import generate_po, read_po
from dipl10n.po.states import set_origin
from dipl10n.project.session import Project
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions

REPO = Path(__file__).resolve().parent.parent.parent
DOC = "nato-yoon-stoltenberg"

HEADLINE = "President Yoon meets with NATO Secretary General Stoltenberg"
STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
BYLINE = "By Diplomacy Journal Lee Jon-young"
S1 = (
    "President Yoon Suk-yeol met with Secretary General of the North Atlantic Treaty Organization (NATO) Jens "
    "Stoltenberg on July 11 and exchanged views on major international issues and Korea-NATO cooperation."
)
S2 = (
    "The President noted that the partnership between South Korea and NATO has progressed by leaps and bounds during "
    "Stoltenberg's tenure (2014-2024), including the establishment of the NATO-ROK Individualized Tailored Partnership "
    "Program (ITPP), and expressed his appreciation for the Secretary General's contributions to the development of "
    "the NATO-ROK relationship."
)
S3 = (
    "In response, Stoltenberg said that strengthening cooperation with the Republic of Korea, a capable partner with "
    "shared core values, was one of the key achievements of his tenure."
)
S4 = (
    "The President said that NATO is a key partner in our values-based solidarity diplomacy, and he looks forward to "
    "building on the NATO-IP4 Priority Cooperation Initiatives established this year and deepening cooperation in "
    "areas such as NATO's support for Ukraine, cyber defense, countering hybrid threats including disinformation, and "
    "technology, including AI."
)
S5 = (
    "On the occasion of the summit, both sides recognized the significance of South Korea becoming the first Asian "
    "country to sign a Certificate of Airworthiness with NATO."
)
S6 = (
    "The signing is expected to further enhance the base for Korea's aircraft exports to NATO member countries and "
    "contribute to the enhancement of defense cooperation between Korea and NATO."
)
S7 = (
    "Meanwhile, the two sides expressed grave concern over the recent signing of the Comprehensive Strategic "
    "Partnership Treaty between Russia and the DPRK to strengthen military and economic cooperation, and agreed that "
    "Russo-DPRK military cooperation, which is in clear violation of numerous UN Security Council resolutions, is a "
    "serious threat to peace and stability in the Euro-Atlantic and Indo-Pacific regions and requires a united "
    "response by the international community."
)
S8 = (
    "In particular, the two sides agreed to mutually share information on North Korean weapons used on the "
    "battlefield in Ukraine in response to the escalating Russian-DPRK military cooperation, and to proceed with "
    "relevant procedures."
)
#: The English after the editor's revisions: the byline gets a second author, the headline a new verb.
BYLINE_NEW = "By Diplomacy Journal Lee Jon-young and Kim Min-ji"
HEADLINE_NEW = "President Yoon holds talks with NATO Secretary General Stoltenberg"

BRIEFING = """\
---
headline: Foreign ministers to meet in Seoul
date: 2024-07-12
---

The foreign ministers of the ROK and Japan will meet in Seoul on July 15.

They will discuss the Indo-Pacific strategy.
"""
BRIEF_HEADLINE = "Foreign ministers to meet in Seoul"
BRIEF_1 = "The foreign ministers of the ROK and Japan will meet in Seoul on July 15."
BRIEF_2 = "They will discuss the Indo-Pacific strategy."

STATEMENT = """\
---
headline: NATO and the ROK sign a partnership
---

NATO and the ROK signed a new partnership on July 11.
"""

#: The machine drafts (plausible ones; the reviewers change some of them).
ENGINE = "machine translation (argos translate-en_ko 1.9)"
MACHINE = {
    HEADLINE: "윤 대통령, NATO 사무총장 스톨텐베르그와 만나",
    STANDFIRST: "국방, 사이버, AI 등 분야에서 NATO와 파트너십 강화",
    BYLINE: "Diplomacy Journal 이존영 기자",
    S1: (
        "윤석열 대통령은 7월 11일 북대서양조약기구(NATO) 옌스 스톨텐베르그 "
        "사무총장을 만나 주요 국제 문제와 한-NATO 협력에 대해 의견을 교환했다."
    ),
    S2: (
        "대통령은 스톨텐베르그 사무총장의 재임 기간(2014-2024) 동안 한-NATO 개별 맞춤형 파트너십 프로그램(ITPP) 체결을 "
        "비롯해 한국과 NATO 간 파트너십이 비약적으로 발전했다고 평가하고, 한-NATO 관계 발전에 대한 사무총장의 기여에 사의를 표했다."
    ),
    S3: (
        "이에 대해 스톨텐베르그 사무총장은 핵심 가치를 공유하는 역량 있는 "
        "파트너인 대한민국과의 협력 강화는 그의 임기의 주요 성과 중 하나였다고 말했다."
    ),
    S4: (
        "대통령은 NATO가 우리의 가치 기반 연대 외교의 핵심 파트너라고 말하고, 올해 수립된 NATO-IP4 중점협력사업을 바탕으로 "
        "NATO의 우크라이나 지원, 사이버 방위, 허위 정보를 포함한 하이브리드 위협 "
        "대응, AI를 포함한 기술 분야 등에서 협력을 심화해 나가기를 기대한다고 밝혔다."
    ),
    S5: "정상회의를 계기로 양측은 한국이 아시아 국가 최초로 NATO와 감항 인증 인정서를 체결한 것의 의미를 평가했다.",
    S6: "이번 서명은 한국 항공기의 NATO 회원국 수출 기반을 더욱 강화하고 한국과 NATO 간 국방 협력 증진에 기여할 것으로 기대된다.",
    S7: (
        "한편 양측은 최근 러시아와 북한이 군사·경제 협력 강화를 위해 포괄적 전략 동반자 관계 조약을 체결한 데 대해 깊은 우려를 표명하고, "
        "다수의 유엔 안보리 결의를 명백히 위반하는 러북 군사협력이 유럽-대서양과 인도·태평양 지역의 평화와 안정에 대한 심각한 위협이며 "
        "국제사회의 단합된 대응이 필요하다는 데 의견을 같이했다."
    ),
    S8: (
        "특히 양측은 고조되는 러북 군사협력에 대응하여 우크라이나 전장에서 "
        "사용된 북한 무기에 관한 정보를 상호 공유하고 관련 절차를 진행하기로 합의했다."
    ),
    BRIEF_HEADLINE: "외교장관들, 서울에서 회담 예정",
    BRIEF_1: "한국과 일본 외교장관이 7월 15일 서울에서 회담한다.",
    BRIEF_2: "양측은 인도·태평양 전략을 논의할 예정이다.",
    "NATO and the ROK sign a partnership": "NATO와 한국, 파트너십 체결",
    "NATO and the ROK signed a new partnership on July 11.": "NATO와 한국은 7월 11일 새로운 파트너십을 체결했다.",
}

#: What the reviewers write (fuzzy mark cleared).
REVIEWED = {
    DOC: {
        HEADLINE: "윤 대통령, 스톨텐베르그 NATO 사무총장 접견",
        BYLINE: "Diplomacy Journal 이존영 기자",
        S1: (
            "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 북대서양조약기구(NATO) 사무총장과 만나 주요 국제 현안과 "
            "한-NATO 협력 방안에 대해 의견을 나눴다."
        ),
        S4: (
            "대통령은 NATO가 우리의 가치 기반 연대 외교의 핵심 파트너라며, 올해 수립된 NATO-IP4 중점협력사업을 토대로 "
            "NATO의 우크라이나 지원, 사이버 방위, 허위 정보를 포함한 하이브리드 위협 대응, AI를 비롯한 기술 분야 등에서 "
            "협력을 심화해 나가길 기대한다고 말했다."
        ),
        # A glossary error: the approved term is 감항 인증 인정서.
        S5: "이번 정상회의를 계기로 양측은 한국이 아시아 국가 최초로 NATO와 감항 인증서를 체결한 의미를 평가했다.",
        # A warning: a double space.
        S6: "이번 서명으로 한국 항공기의 NATO 회원국 수출 기반이 더욱 강화되고  한-NATO 국방 협력 증진에도 기여할 것으로 기대된다.",
    },
    "briefing": {
        BRIEF_HEADLINE: "한일 외교장관, 서울에서 회담",
        # A date error: July 15 is 7월 15일.
        BRIEF_1: "한국과 일본 외교장관이 7월 16일 서울에서 회담한다.",
    },
    "statement": {
        "NATO and the ROK sign a partnership": "NATO와 한국, 파트너십 체결",
        "NATO and the ROK signed a new partnership on July 11.": "NATO와 한국은 7월 11일 새로운 파트너십을 체결했다.",
    },
}
#: A person's text still marked fuzzy.
UNDER_REVIEW = {S3: (
    "이에 스톨텐베르그 사무총장은 핵심 가치를 공유하는 역량 있는 "
    "파트너인 대한민국과의 협력 강화가 자신의 재임 중 주요 성과였다고 화답했다."
)}
#: Drafts the reviewer approves unchanged, and the one they reject (empty).
APPROVED = (STANDFIRST,)
REJECTED = (S8,)


def _po(root: Path, doc: str) -> Path:
    return root / "locales" / "ko" / "LC_MESSAGES" / f"{doc}.po"


def _draft(root: Path) -> None:
    """What a run with a model leaves: every open entry a fuzzy machine draft with its origin line."""
    for doc in ("nato-yoon-stoltenberg", "briefing", "statement"):
        path = _po(root, doc)
        catalog = read_po(path)
        for entry in catalog:
            if not entry.obsolete and not entry.msgstr and entry.msgid in MACHINE:
                entry.msgstr, entry.fuzzy = MACHINE[entry.msgid], True
                set_origin(entry, ENGINE)
        path.write_text(generate_po(catalog), encoding="utf-8")


def _review(root: Path) -> None:
    """What the reviewers do in Poedit between the first and the second run."""
    for doc in ("nato-yoon-stoltenberg", "briefing", "statement"):
        path = _po(root, doc)
        catalog = read_po(path)
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid in REVIEWED[doc]:
                entry.msgstr, entry.fuzzy = REVIEWED[doc][entry.msgid], False
            elif entry.msgid in UNDER_REVIEW:
                entry.msgstr = UNDER_REVIEW[entry.msgid]
            elif entry.msgid in APPROVED:
                entry.fuzzy = False
            elif entry.msgid in REJECTED:
                entry.msgstr, entry.fuzzy = "", False
        path.write_text(generate_po(catalog), encoding="utf-8")


def review_site_project(root: Path) -> Project:
    """The project described above, built; the :class:`Project` as it is on disk afterwards."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n', encoding="utf-8"
    )
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "source").mkdir()
    shutil.copy(REPO / "source" / f"{DOC}.md", root / "source" / f"{DOC}.md")
    (root / "source" / "briefing.md").write_text(BRIEFING, encoding="utf-8")
    (root / "source" / "statement.md").write_text(STATEMENT, encoding="utf-8")
    draft = DraftOptions(None)
    run_project(Project.load(root), draft=draft)
    _draft(root)
    _review(root)
    run_project(Project.load(root), draft=draft)
    article = root / "source" / f"{DOC}.md"
    text = article.read_text(encoding="utf-8")
    assert BYLINE in text and HEADLINE in text
    article.write_text(text.replace(BYLINE, BYLINE_NEW).replace(HEADLINE, HEADLINE_NEW), encoding="utf-8")
    run_project(Project.load(root), draft=draft)
    return Project.load(root)
