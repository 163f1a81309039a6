"""Hypothesis strategies for English text with the pieces segmentation finds hard."""

from __future__ import annotations

from hypothesis import strategies as st

PIECES = [
    "word", "Korea", "The", "I", "U.S.", "Dr.", "e.g.", "etc.", "a.m.", "No.", "p.", "E.", "3.5%", "1,000",
    "$1.2m", "1.", "2.", "a.", "b)", "(", ")", '"', "'", "“", "”", "’", "…", "...", ".", "!", "?", "?!",
    ". . .", "[...]", "•", "-", ",", ":", "NATO-ROK", "x@y.org", "https://a.b/c.html", "**", "_",
]
SEPARATORS = ["", " ", " ", " ", "\u00a0", "\n", "\t", "  ", "\n\n", "\n\u00a0\n", "\u2009"]

pieced_text = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)
any_text = st.one_of(
    pieced_text,
    st.text(alphabet=st.sampled_from('aZ1 .!?…"\')(•\n\u00a0\t,;'), max_size=80),
    st.text(max_size=60),
)
