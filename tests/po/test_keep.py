"""Writing a catalog back with the entries a run did not change exactly as the reviewer's tool wrote them."""

from __future__ import annotations

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from dipl10n.po import generate_po, parse_po
from dipl10n.po.keep import closest_wrapping, keep_unchanged
from dipl10n.po.model import content
from dipl10n.po.writer import Wrapping

LONG = "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 북대서양조약기구(NATO) 사무총장을 면담하고 주요 국제 현안에 대해 의견을 교환했다."


def _catalog(n: int = 3) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for i in range(n):
        po.append(polib.POEntry(msgid=f"Sentence {i} " + "is long enough to be wrapped by every tool. " * 3,
                                msgstr=f"{i} {LONG}", occurrences=[("source/a.md", str(i + 1))]))  # fmt: skip
    return po


def _mixed(po: polib.POFile, widths: list[Wrapping]) -> str:
    """The catalog as a tool leaves it that rewrote only some entries: each block at its own wrapping."""
    blocks = []
    for i, wrapping in enumerate(widths):
        blocks.append(wrapping.generate(po).strip("\n").split("\n\n")[i])
    return "\n\n".join(blocks) + "\n"


def _blocks(text: str) -> list[str]:
    return text.strip("\n").split("\n\n")


def test_unchanged_entries_keep_the_tools_lines_and_changed_ones_are_written_anew() -> None:
    po = _catalog()
    original = _mixed(po, [Wrapping(), Wrapping(77), Wrapping(wrap=False), Wrapping(65535)])
    read = parse_po(original.encode(), path="a.po")
    read[2].msgstr = "바뀐 번역."
    text = keep_unchanged(generate_po(read), original)
    old, new = _blocks(original), _blocks(text)
    assert new[:3] == old[:3]  # header, entry 0 and entry 1 as the tool wrote them
    assert new[3] != old[3] and "바뀐 번역." in new[3]
    assert [content(e) for e in parse_po(text.encode(), path="a.po")] == [content(e) for e in read]


def test_an_entry_changed_only_in_its_notes_keeps_its_strings_lines() -> None:
    po = _catalog(1)
    original = Wrapping(77).generate(po)
    read = parse_po(original.encode(), path="a.po")
    read[0].tcomment = "origin: machine translation (x) #12345678\nedited by Kim Min-ji, 2026-12-08"
    text = keep_unchanged(generate_po(read), original)
    entry_lines = _blocks(text)[1].split("\n")
    assert entry_lines[:2] == ["# origin: machine translation (x) #12345678", "# edited by Kim Min-ji, 2026-12-08"]
    assert entry_lines[2:] == _blocks(original)[1].split("\n")  # the strings as the tool wrapped them (77)
    assert content(parse_po(text.encode(), path="a.po")[0]) == content(read[0])


def test_blocks_that_are_not_one_entry_are_written_anew() -> None:
    po = _catalog(2)
    # Two entries without a blank line between them, at another width than the writer's.
    original = Wrapping(77).generate(po).replace('"\n\n#: source/a.md:2', '"\n#: source/a.md:2')
    read = parse_po(original.encode(), path="a.po")
    assert len(read) == 2
    text = keep_unchanged(generate_po(read), original)
    assert text == generate_po(read)


def test_the_closest_wrapping_is_the_one_most_entries_were_written_with() -> None:
    po = _catalog(4)
    original = _mixed(po, [Wrapping(wrap=False), Wrapping(77), Wrapping(77), Wrapping(77), Wrapping()])
    assert closest_wrapping(original, parse_po(original.encode(), path="a.po")) == Wrapping(77)


_WRAPPINGS = st.sampled_from([Wrapping(), Wrapping(77), Wrapping(76), Wrapping(wrap=False), Wrapping(65535)])


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_keeping_never_changes_what_the_catalog_says(data) -> None:
    n = data.draw(st.integers(1, 6))
    po = _catalog(n)
    original = _mixed(po, data.draw(st.lists(_WRAPPINGS, min_size=n + 1, max_size=n + 1)))
    read = parse_po(original.encode(), path="a.po")
    changed = data.draw(st.sets(st.integers(0, n - 1)))
    for i in changed:
        if data.draw(st.booleans()):
            read[i].tcomment = f"note {i}"
        else:
            read[i].msgstr = f"새 번역 {i}"
    text = keep_unchanged(data.draw(_WRAPPINGS).generate(read), original)
    assert [content(e) for e in parse_po(text.encode(), path="a.po")] == [content(e) for e in read]
    old = _blocks(original)
    # Every entry not changed is byte for byte the tool's.
    assert all(_blocks(text)[i + 1] == old[i + 1] for i in range(n) if i not in changed)
