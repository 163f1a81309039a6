"""An article whose English never fills a catalog line to column 79, and its reviewed Korean.

GNU msgcat fills most lines of Korean prose to column 78 or 79 (a syllable
is two columns, and a line may break between any two). Poedit measures a
catalog's width in characters instead (``dipl10n.po.writer.poedit_width``), so
in a catalog like this one, where the longest English line has 75 characters
and the Korean lines have fewer than 50, Poedit finds a width of 75 and
rewraps every Korean line wider than that: the case of issue 20.
"""

from __future__ import annotations

DOC = "korea-nato-cyber"

ARTICLE = """\
---
kicker: Diplomacy
headline: Korea and NATO agree to deepen cyber defense cooperation
standfirst: Joint drills, information sharing and a liaison office in Brussels.
byline: By Diplomacy Journal Kim Min-ji
date: 2024-07-12
---

Foreign Minister Cho Tae-yul met Mircea Geoana, NATO Deputy Secretary General, in Brussels on July 12 \
and discussed how to expand practical cooperation between Korea and NATO in cyber defense, technology \
and countering disinformation.

The two sides agreed to hold a joint cyber defense exercise this autumn, share information on malicious \
cyber activities by state actors more regularly, and open a Korean liaison office at NATO next spring.

Cho said the security of the Euro-Atlantic and Indo-Pacific regions is closely interconnected, and that \
Korea would continue to contribute to international efforts to uphold a rules-based order.

Geoana welcomed the decision of Korea to join the NATO Cooperative Cyber Defence Centre of Excellence \
as a contributing participant, calling it a milestone in the partnership.
"""

#: The reviewed Korean of every sentence of :data:`ARTICLE`.
KOREAN = {
    "Diplomacy": "외교",
    "Korea and NATO agree to deepen cyber defense cooperation": "한-NATO, 사이버 방위 협력 심화 합의",
    "Joint drills, information sharing and a liaison office in Brussels.": "공동 훈련과 정보 공유, 브뤼셀 연락사무소 신설",
    "By Diplomacy Journal Kim Min-ji": "Diplomacy Journal 김민지 기자",
    "Foreign Minister Cho Tae-yul met Mircea Geoana, NATO Deputy Secretary General, in Brussels on July 12 "
    "and discussed how to expand practical cooperation between Korea and NATO in cyber defense, technology "
    "and countering disinformation.": "조태열 외교부 장관은 7월 12일 브뤼셀에서 미르체아 제오아나 NATO 사무차장을 만나 "
    "사이버 방위와 기술, 허위정보 대응 분야에서 한국과 NATO 간 실질 협력을 확대하는 방안을 논의했다.",
    "The two sides agreed to hold a joint cyber defense exercise this autumn, share information on malicious "
    "cyber activities by state actors more regularly, and open a Korean liaison office at NATO next spring.":
    "양측은 올가을 공동 사이버 방위 훈련을 실시하고, 국가 행위자의 악성 사이버 활동에 관한 정보를 보다 "
    "정례적으로 공유하며, 내년 봄 NATO에 한국 연락사무소를 개설하기로 합의했다.",
    "Cho said the security of the Euro-Atlantic and Indo-Pacific regions is closely interconnected, and that "
    "Korea would continue to contribute to international efforts to uphold a rules-based order.":
    "조 장관은 유럽-대서양 지역과 인도-태평양 지역의 안보가 긴밀히 연계되어 있다며, 한국은 규칙 기반 질서를 "
    "수호하기 위한 국제사회의 노력에 계속 기여해 나갈 것이라고 말했다.",
    "Geoana welcomed the decision of Korea to join the NATO Cooperative Cyber Defence Centre of Excellence "
    "as a contributing participant, calling it a milestone in the partnership.":
    "제오아나 사무차장은 한국이 NATO 사이버방위센터에 기여 참여국으로 가입하기로 한 결정을 환영하며, 이를 "
    "양측 파트너십의 이정표라고 평가했다.",
}  # fmt: skip

#: What the reviewer types over the machine draft of the second sentence (entry 5 in file order).
CORRECTION = (
    "양측은 올가을 공동 사이버 방위 훈련을 실시하고 국가 행위자의 악성 사이버 활동 정보를 정례적으로 "
    "공유하며 내년 봄 NATO에 한국 연락사무소를 열기로 했다."
)
