"""Small projects on disk, and what a reviewer does to their catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dipl10n.po import generate_po, read_po
from dipl10n.po.states import set_origin
from dipl10n.project.session import Project
from dipl10n.run.pipeline import extract, sync

GLOSSARY = """\
en,ko,note,case,dnt,variants,reading
Diplomacy,외교,,yes,no,,
NATO,NATO,,yes,yes,,나토
Diplomacy Journal,Diplomacy Journal,,yes,yes,,
"""

ARTICLE = """\
---
kicker: Diplomacy
headline: NATO leaders meet in Madrid
standfirst: The alliance agrees on a plan.
byline: By Diplomacy Journal Kim Min-ji
date: 2024-07-11
---

The leaders met on July 11. They agreed on a plan.

## Next steps

- Share information.
- Hold more talks.
  - Invite partners.

> Words of a leader.

```
code stays <b>here</b>
```

---

See [the release](https://example.org/release).
"""

SECOND = """\
---
headline: A short note
---

Only one sentence here.
"""

#: Korean for every sentence of ARTICLE.
KOREAN = {
    "Diplomacy": "외교",
    "NATO leaders meet in Madrid": "NATO 정상들, 마드리드에서 회동",
    "The alliance agrees on a plan.": "동맹이 계획에 합의하다.",
    "By Diplomacy Journal Kim Min-ji": "Diplomacy Journal 김민지 기자",
    "The leaders met on July 11.": "정상들은 7월 11일 만났다.",
    "They agreed on a plan.": "그들은 계획에 합의했다.",
    "Next steps": "다음 단계",
    "Share information.": "정보를 공유한다.",
    "Hold more talks.": "회담을 더 연다.",
    "Invite partners.": "파트너를 초청한다.",
    "Words of a leader.": "한 정상의 말.",
    "See [the release](https://example.org/release).": "[보도자료](https://example.org/release)를 보라.",
}

#: The article of this repository (tests/conftest.py's ``project`` fixture copies it).
DOC = "nato-yoon-stoltenberg"
KICKER = "Diplomacy"
BYLINE = "By Diplomacy Journal Lee Jon-young"
REVIEWED = {KICKER: "외교", BYLINE: "Diplomacy Journal 이존영 기자"}


def make_project(root: Path, *, second: bool = True) -> Project:
    """A project with the test article (and a second document), its catalogs created and empty."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Test"\nlanguages = ["ko"]\n', encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / "article.md").write_text(ARTICLE, encoding="utf-8")
    if second:
        (root / "source" / "second.md").write_text(SECOND, encoding="utf-8")
    project = Project.load(root)
    _, templates = extract(project)
    sync(project, templates)
    return Project.load(root)


def translate(
    project: Project,
    doc: str,
    translations: Mapping[str, str],
    *,
    fuzzy: frozenset[str] = frozenset(),
    machine: frozenset[str] = frozenset(),
    lang: str = "ko",
) -> Path:
    """Write ``translations`` into a catalog; ``fuzzy`` ones get the flag, ``machine`` ones an MT origin."""
    path = project.catalog_path(lang, doc)
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid in translations and not entry.obsolete:
            entry.msgstr = translations[entry.msgid]
            if entry.msgid in fuzzy:
                entry.fuzzy = True
            if entry.msgid in machine:
                set_origin(entry, "machine translation (test engine 1.0)")
    path.write_text(generate_po(catalog), encoding="utf-8")
    return path


def by_msgid(catalog) -> dict:
    """The live (not obsolete) entries of a polib catalog by msgid: polib has no ``catalog[msgid]``."""
    return {entry.msgid: entry for entry in catalog if not entry.obsolete}


def po_path(project: Path, doc: str = DOC, lang: str = "ko") -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def files(root: Path, *, skip: tuple[str, ...] = (".dipl10n/lock",)) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too) by relative path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.relative_to(root).as_posix() not in skip
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Paths added, removed or changed between two :func:`files` snapshots."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def review(path: Path, translations: Mapping[str, str]) -> None:
    """Save translations into a catalog the way a reviewer's editor does (not fuzzy)."""
    catalog = read_po(path)
    by_msgid = {entry.msgid: entry for entry in catalog if entry.msgctxt is None and not entry.obsolete}
    for msgid, msgstr in translations.items():
        by_msgid[msgid].msgstr = msgstr
        by_msgid[msgid].fuzzy = False
    path.write_text(generate_po(catalog), encoding="utf-8")


#: The line ``run`` and ``build`` end with when the catalogs hold check errors (exit status 1, every page written).
GATE = "the pages were written; fix them before publishing, see 'dipl10n check'"


def finished(code: int, output: str) -> bool:
    """A command did all its work: exit status 0, or 1 from the publishing gate alone (the pages were written)."""
    return code == 0 or (code == 1 and GATE in output)


def ran(result) -> None:
    """The CLI command succeeded: it did all its work (the catalogs may hold check errors: :data:`GATE`)."""
    assert finished(result.exit_code, result.output), result.output
