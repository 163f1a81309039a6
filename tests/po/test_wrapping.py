"""po_wrap: dipl10n writes a catalog wrapped the way it already is, so it and a reviewer's tool never rewrap each other.

A catalog a tool saved at another width (Weblate and translate-toolkit: 77; Weblate's "no wrapping": 65535 or
msgcat's ``--no-wrap``) keeps that width when a run rewrites it; ``po_wrap`` in ``[tool.dipl10n]`` says one
wrapping for every catalog instead (``"gnu"``, ``"none"``, a width).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dipl10n.errors import ConfigError
from dipl10n.po.writer import Wrapping, parse_wrapping
from dipl10n.project.config import load_config
from helpers.catalogs import msgcat, needs_gettext
from helpers.projects import po_path, ran

STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
LONG = "President Yoon Suk-yeol met with Secretary General"


@pytest.mark.parametrize(
    ("value", "wrapping"),
    [("auto", None), ("gnu", Wrapping()), ("none", Wrapping(wrap=False)), (77, Wrapping(77)), (65535, Wrapping(65535))],
)
def test_po_wrap_values(value, wrapping) -> None:
    assert parse_wrapping(value) == wrapping


@pytest.mark.parametrize("value", ["wide", 10, -1, True, 77.5, ""])
def test_a_bad_po_wrap_names_the_file_and_line(tmp_path: Path, value) -> None:
    written = f'"{value}"' if isinstance(value, str) else str(value).lower()
    (tmp_path / "pyproject.toml").write_text(f"[tool.dipl10n]\nglossary = false\npo_wrap = {written}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert raised.value.line == 3 and "po_wrap must be" in raised.value.message


def _saved_by_a_tool(path: Path, *options: str) -> str:
    """The catalog as a reviewer's tool saves it: msgcat with the tool's wrapping option."""
    text = msgcat(path.read_text(encoding="utf-8"), *options)
    path.write_text(text, encoding="utf-8")
    return text


def _translate(path: Path, msgid: str, msgstr: str, *options: str) -> None:
    """A reviewer's edit, saved by the same tool: the entry's msgstr replaced, then the tool's wrapping."""
    from dipl10n.po import generate_po, read_po

    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
    path.write_text(msgcat(generate_po(catalog), *options), encoding="utf-8")


@needs_gettext
@pytest.mark.parametrize("options", [("--width=77",), ("--no-wrap",), ("--width=65535",)], ids=["77", "no-wrap", "65535"])
def test_a_catalog_keeps_the_wrapping_its_tool_saved_it_with(project: Path, invoke, options) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    _saved_by_a_tool(path, *options)
    # A reviewer translates a long sentence, and the editor adds a sentence: the run has a change to write.
    source = project / "source" / "nato-yoon-stoltenberg.md"
    long_msgid = next(line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith(LONG))
    _translate(path, long_msgid, "윤석열 대통령은 7월 11일 옌스 스톨텐베르그 북대서양조약기구(NATO) 사무총장을 면담하고, "
               "주요 국제 현안과 한-NATO 협력에 대해 의견을 교환했다.", *options)  # fmt: skip
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))
    written = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in written
    # Written the tool's way: its save changes no byte, and the next run changes none either.
    assert msgcat(written, *options) == written
    ran(invoke(project, "run", "--no-mt"))
    assert path.read_text(encoding="utf-8") == written


@needs_gettext
def test_po_wrap_gnu_rewraps_every_catalog_at_gnus_width(project: Path, invoke) -> None:
    ran(invoke(project, "run", "--no-mt"))
    path = po_path(project)
    _saved_by_a_tool(path, "--width=77")
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'po_wrap = "gnu"\n', encoding="utf-8")
    _translate(path, STANDFIRST, "방산, 사이버, AI 등 분야에서 NATO와 파트너십 강화", "--width=77")
    ran(invoke(project, "run", "--no-mt"))
    # A catalog whose content dipl10n does not change is not rewritten, not even rewrapped.
    assert msgcat(path.read_text(encoding="utf-8"), "--width=77") == path.read_text(encoding="utf-8")
    source = project / "source" / "nato-yoon-stoltenberg.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    ran(invoke(project, "run", "--no-mt"))
    written = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in written
    assert msgcat(written) == written and msgcat(written, "--width=77") != written
