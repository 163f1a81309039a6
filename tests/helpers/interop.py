"""Catalogs through the tools a translation team uses, each followed by ``dipl10n run``, twice.

One definition of each tool, shared by ``tests/run/test_interop.py``, ``tests/run/test_weblate.py`` and
``bench/interop_table.py`` (which prints the interop table of ``docs/catalogs.md`` from :func:`interop_rows`):

* :func:`make_team_project`: a project drafted and partly reviewed, as a team has it;
* the tools (:data:`TOOLS`), each ``tool(po, pot)``, and what each itself destroys (:data:`LOSSES`);
* Weblate as it saves a PO file (:func:`weblate_save`) and as its msgmerge add-on runs (:func:`weblate_msgmerge`),
  reproduced from Weblate's source (see :class:`Weblate`);
* :func:`two_cycles`: tool → ``dipl10n run --no-mt`` → tool → ``dipl10n run --no-mt``, and what it changed.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from click.testing import CliRunner

from dipl10n.cli.app import cli
from dipl10n.po import generate_po, parse_po, read_po
from dipl10n.po.model import comment_lines, key, msgstrs
from dipl10n.po.states import entry_state, set_missing_terms, set_origin, text_digest
from dipl10n.project.session import Project
from dipl10n.run.pipeline import run_project
from dipl10n.run.results import DraftOptions
from helpers.engines import DoubleEngine, koreanish
from helpers.projects import DOC, ran

REPO = Path(__file__).resolve().parents[2]
GNU = ("msgcat", "msgmerge", "msguniq", "msgattrib")

APPROVED = "In response, Stoltenberg said that strengthening cooperation"
CORRECTED = "President Yoon Suk-yeol met with Secretary General"
REMOVED = "The signing is expected to further"
LOST_TERM = "President Yoon meets with NATO Secretary General Stoltenberg"
FOREIGN_CONTEXT = ("newsletter", "Read the full statement")
FOREIGN_PLURAL = "{n} sentence"


def has_gnu() -> bool:
    return all(shutil.which(tool) for tool in GNU)


def has_toolkit() -> bool:
    try:
        importlib.import_module("translate.storage.pypo")
    except ImportError:
        return False
    return True


def entry(po: polib.POFile, start: str) -> polib.POEntry:
    """The live entry without a message context whose msgid starts with ``start``."""
    return next(e for e in po if e.msgid.startswith(start) and e.msgctxt is None and not e.obsolete)


def catalog_path(root: Path) -> Path:
    return root / "locales" / "ko" / "LC_MESSAGES" / f"{DOC}.po"


def template_path(root: Path) -> Path:
    return root / "locales" / f"{DOC}.pot"


def run(root: Path) -> None:
    """``dipl10n run --no-mt`` on ``root``."""
    # Machine drafts may fail checks: the run still writes everything (exit 1 from the publishing gate).
    ran(CliRunner().invoke(cli, ["run", "--no-mt", "--project", str(root)]))


def make_team_project(root: Path) -> Path:
    """A project after drafting, reviewing and a source edit, at ``root``; returns its catalog.

    The catalog starts drafted and partly reviewed: machine drafts left as they
    are, one approved unchanged, one corrected by a reviewer whose source sentence
    then changed (fuzzy, ``#|``), one draft that lost a glossary term (a
    ``term-missing:`` note), an obsolete entry, and two entries another tool
    added (one with a message context, one with plural forms).
    """
    root.mkdir(parents=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n')
    run_project(Project.load(root), draft=DraftOptions(lambda lang: DoubleEngine(koreanish)))
    path = catalog_path(root)
    po = read_po(path)
    entry(po, APPROVED).fuzzy = False
    for start in (CORRECTED, REMOVED):
        corrected = entry(po, start)
        corrected.msgstr = corrected.msgstr + " (검토함)"
        corrected.fuzzy = False
    lost = entry(po, LOST_TERM)
    lost.msgstr = "윤 대통령, 사무총장과 회동"
    set_origin(lost, "machine translation (double translate-en_ko 1.0)")
    set_missing_terms(lost, ["NATO"])
    po.append(polib.POEntry(msgctxt=FOREIGN_CONTEXT[0], msgid=FOREIGN_CONTEXT[1], msgstr="성명 전문 보기",
                            tcomment="added by a developer"))
    po.append(polib.POEntry(msgid=FOREIGN_PLURAL, msgid_plural="{n} sentences", msgstr_plural={0: "{n}개 문장"},
                            flags=["python-brace-format"]))
    path.write_text(generate_po(po), encoding="utf-8")
    source = root / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    removed = entry(po, REMOVED).msgid
    text = text.replace("exchanged views on", "exchanged opinions on").replace(" " + removed, "")
    source.write_text(text, encoding="utf-8")
    run(root)
    return path


Facts = dict


def facts(po: polib.POFile) -> dict[tuple, Facts]:
    """What must survive, by entry: translation, fuzzy mark, provenance, previous msgid, obsolete."""
    found = {}
    for item in po:
        notes = [line for line in comment_lines(item.tcomment) if line.startswith(("origin: ", "term-missing: "))]
        found[key(item)] = {
            "msgstr": tuple(msgstrs(item)),
            "fuzzy": "fuzzy" in item.flags,
            "notes": tuple(notes),
            "previous": item.previous_msgid,
            "obsolete": item.obsolete,
        }
    return found


def states(po: polib.POFile) -> Counter[str]:
    """How many live entries are in each dipl10n state (:func:`dipl10n.po.states.entry_state`), and how many obsolete."""
    counts = Counter(entry_state(item).value for item in po if not item.obsolete and item.msgid)
    obsolete = sum(1 for item in po if item.obsolete)
    if obsolete:
        counts["obsolete"] = obsolete
    return counts


# -- the tools ------------------------------------------------------------------------------

Tool = Callable[[Path, Path], None]


def _gnu(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def msgcat(po: Path, pot: Path) -> None:
    _gnu("msgcat", "-o", str(po), str(po))


def msgmerge_previous(po: Path, pot: Path) -> None:
    _gnu("msgmerge", "--quiet", "--update", "--backup=off", "--previous", str(po), str(pot))


def msgmerge(po: Path, pot: Path) -> None:
    _gnu("msgmerge", "--quiet", "--update", "--backup=off", str(po), str(pot))


def msguniq(po: Path, pot: Path) -> None:
    _gnu("msguniq", "-o", str(po), str(po))


def msgattrib_clear_fuzzy(po: Path, pot: Path) -> None:
    _gnu("msgattrib", "--clear-fuzzy", "-o", str(po), str(po))


def polib_save(po: Path, pot: Path) -> None:
    catalog = polib.pofile(str(po))
    catalog.save(str(po))


def toolkit_save(po: Path, pot: Path) -> None:
    from translate.storage import po as toolkit

    with open(po, "rb") as handle:
        store = toolkit.pofile(handle)
    po.write_bytes(bytes(store))


def babel_save(po: Path, pot: Path) -> None:
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write

    with open(po, "rb") as handle:
        catalog = babel_read(handle)
    with open(po, "wb") as handle:
        babel_write(handle, catalog, include_previous=True)


def xliff_round_trip(po: Path, pot: Path) -> None:
    from translate.convert import po2xliff, xliff2po

    xlf = po.with_suffix(".xlf")
    before = po.read_bytes()
    for converter, source, target in ((po2xliff, po, xlf), (xliff2po, xlf, po)):
        converter.main(["--progress=none", str(source), str(target)])
    xlf.unlink()
    assert po.read_bytes() != before  # the converters really rewrote it


# -- Weblate ----------------------------------------------------------------------------------

#: The entry the Weblate reviewer edits (a long machine draft, so that its new text wraps), and the new text.
WEBLATE_EDITED = "The President noted that the partnership between South Korea and NATO"
WEBLATE_TEXT = (
    "대통령은 스톨텐베르그 사무총장 재임 기간(2014-2024) 동안 한-NATO 개별 맞춤형 파트너십 프로그램(ITPP) 체결을 "
    "비롯해 한국과 NATO 간 파트너십이 비약적으로 발전했다고 평가하고, 한-NATO 관계 발전을 위한 사무총장의 기여에 "
    "사의를 표했다."
)
#: The Weblate user who saves, and when: what Weblate writes to Last-Translator and PO-Revision-Date.
WEBLATE_AUTHOR = "Kim Min-ji <minji.kim@example.org>"
WEBLATE_NOW = "2024-07-12 09:30+0000"
WEBLATE_VERSION = "5.14"
WEBLATE_TEAM = "Korean <https://weblate.example.org/projects/diplomacy-journal/nato-yoon-stoltenberg/ko/>"


@dataclass(frozen=True)
class Weblate:
    """A Weblate component's gettext settings (its "File format parameters", Weblate 5.13 and later).

    Weblate saves a PO file with translate-toolkit (``weblate/formats/ttkit.py``): it parses the file into a
    ``translate.storage.po.pofile``, sets ``store.wrapper.width`` to the component's ``po_line_wrap``
    (``GettextPoLineWrap.setup_store``: 77, Weblate's default; 65535, "only wrap at newlines"; -1, "no line
    wrapping"), sets the edited unit's target and state (``TTKitUnit.set_target``; ``PoUnit.set_state`` clears the
    fuzzy flag and the unit's ``#|`` lines for any state but fuzzy), updates the header
    (``Translation.update_units`` → ``BasePoFormat.update_header``: Last-Translator, Plural-Forms, Language,
    PO-Revision-Date, Language-Team when the project sets it, X-Generator ``Weblate <version>``) and writes
    ``bytes(store)``. translate-toolkit keeps the lines of every unit it did not change; only the edited unit and
    the header are written at the component's width.

    The msgmerge add-on (``weblate.gettext.msgmerge``) runs after Weblate pulls a changed template:
    ``msgmerge [--no-fuzzy-matching] [--previous] [--no-location] [--no-wrap] --output-file TMP PO POT``, then
    ``os.replace(TMP, PO)`` (``PoFormat.do_bilingual_update``, ``BilingualUpdateMixin.update_bilingual``): no
    ``--update``, no backup, no ``--width``; ``--no-wrap`` when the width is not 77
    (``GettextCustomizeAddon.get_msgmerge_args``; ``po_line_wrap`` -1 gives ``--no-wrap`` in Weblate's own test of
    ``get_msgmerge_args``). Its defaults: fuzzy matching on, ``--previous`` on, locations kept.
    """

    width: int = 77
    msgmerge: bool = False
    fuzzy_matching: bool = True
    keep_previous: bool = True
    no_location: bool = False

    @property
    def name(self) -> str:
        return f"Weblate {self.width}" + (" + msgmerge add-on" if self.msgmerge else "")

    def msgmerge_args(self) -> list[str]:
        args = []
        if not self.fuzzy_matching:
            args.append("--no-fuzzy-matching")
        if self.keep_previous:
            args.append("--previous")
        if self.no_location:
            args.append("--no-location")
        if self.width != 77:
            args.append("--no-wrap")
        return args


def weblate_msgmerge(po: Path, pot: Path, settings: Weblate) -> None:
    """The msgmerge add-on on one catalog, as Weblate runs it (see :class:`Weblate`)."""
    fd, temp = tempfile.mkstemp(prefix=po.name, dir=po.parent)
    os.close(fd)
    try:
        result = subprocess.run(
            ["msgmerge", *settings.msgmerge_args(), "--output-file", temp, str(po), str(pot)],
            cwd=po.parent, capture_output=True, check=True, text=True,
        )
        # Weblate fails the add-on on any stderr line but these two.
        errors = [line for line in result.stderr.splitlines()
                  if ". done." not in line and "warning: internationalized messages should not contain" not in line]
        assert not errors, errors
        os.replace(temp, po)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def weblate_save(po: Path, settings: Weblate, *, msgid_start: str = WEBLATE_EDITED, text: str = WEBLATE_TEXT) -> None:
    """A reviewer's edit of one entry saved by Weblate: its text, translated (not fuzzy), the header, the width."""
    from translate.storage.po import pofile

    store = pofile()
    store.wrapper.width = settings.width  # GettextPoLineWrap.setup_store
    store.parse(po.read_bytes())  # TTKitFormat.parse_store
    unit = next(u for u in store.units if not u.isheader() and not u.isobsolete() and not u.getcontext()
                and str(u.source).startswith(msgid_start))
    unit.target = text  # TTKitUnit.set_target
    unit.markfuzzy(False)  # TTKitUnit.set_state(STATE_TRANSLATED)
    unit.prev_msgid, unit.prev_msgid_plural, unit.prev_msgctxt = [], [], []  # PoUnit.set_state
    headers = {  # Translation.update_units
        "add": True,
        "last_translator": WEBLATE_AUTHOR,
        "plural_forms": "nplurals=1; plural=0;",
        "language": "ko",
        "PO_Revision_Date": WEBLATE_NOW,
        "language_team": WEBLATE_TEAM,  # po_set_language_team (on by default)
        "x_generator": f"Weblate {WEBLATE_VERSION}",  # BasePoFormat.update_header
    }
    header = store.parseheader()
    if "Content-Type" not in header or "charset=CHARSET" in header["Content-Type"] or "charset=ASCII" in header[
            "Content-Type"]:
        headers["Content_Type"] = "text/plain; charset=UTF-8"
    store.updateheader(**headers)
    fd, temp = tempfile.mkstemp(prefix=po.name, dir=po.parent)  # TranslationFormat.save_atomic
    with os.fdopen(fd, "wb") as handle:
        store.serialize(handle)
    os.replace(temp, po)


def weblate(settings: Weblate) -> Tool:
    """Weblate as a tool: the msgmerge add-on when the component has it (Weblate pulled), then a reviewer's edit."""

    def tool(po: Path, pot: Path) -> None:
        if settings.msgmerge:
            weblate_msgmerge(po, pot, settings)
        weblate_save(po, settings)

    return tool


#: The Weblate components the table and the tests drive: each width Weblate offers, with and without the add-on.
WEBLATES = tuple(Weblate(width, addon) for width in (77, 65535, -1) for addon in (False, True))


# -- what each tool destroys ------------------------------------------------------------------

Loss = Callable[[tuple, Facts], tuple[tuple, Facts]]


def _foreign_obsolete(entry_key: tuple, item: Facts) -> tuple[tuple, Facts]:
    foreign = entry_key[0] is not None or len(item["msgstr"]) > 1 or entry_key == (None, FOREIGN_PLURAL)
    return entry_key, {**item, "obsolete": True} if foreign else item


def _approved(entry_key: tuple, item: Facts) -> tuple[tuple, Facts]:
    # Clearing the fuzzy mark approves: the next merge drops an approved entry's #| (msgmerge's rule too),
    # and dipl10n records the approval of an unedited machine draft in its origin line.
    if not item["fuzzy"]:
        return entry_key, item
    notes = tuple(
        note.replace(" #", ", approved #")
        if note.startswith("origin: machine translation") and ", approved" not in note
        and note.endswith("#" + text_digest(item["msgstr"][0]))
        else note
        for note in item["notes"]
    )
    return entry_key, {**item, "fuzzy": False, "previous": None, "notes": notes}


def _context_lost(entry_key: tuple, item: Facts) -> tuple[tuple, Facts]:
    # Without its context the entry is an ordinary one the template lacks: obsolete after a merge.
    return ((None, entry_key[1]), {**item, "obsolete": True}) if entry_key[0] is not None else (entry_key, item)


def _weblate_edit(entry_key: tuple, item: Facts) -> tuple[tuple, Facts]:
    # The reviewer's edit: new text, translated (PoUnit.set_state clears the fuzzy flag and #|).
    if entry_key[0] is None and entry_key[1].startswith(WEBLATE_EDITED) and not item["obsolete"]:
        return entry_key, {**item, "msgstr": (WEBLATE_TEXT,), "fuzzy": False, "previous": None}
    return entry_key, item


_FOREIGN_OBSOLETE = ("entries the template lacks (msgctxt, plural) become obsolete", _foreign_obsolete)
_WEBLATE_EDIT = ("the edited entry: the reviewer's text, its fuzzy mark and #| cleared (what the reviewer did)",
                 _weblate_edit)

#: What each tool itself destroys (and how that shows in the facts); dipl10n must lose nothing more.
LOSSES: dict[str, tuple[tuple[str, Loss], ...]] = {
    "msgcat": (),
    "msgmerge --previous": (_FOREIGN_OBSOLETE,),
    # msgmerge drops #|; dipl10n puts it back from the translation memory (the sentence whose digest the entry recorded).
    "msgmerge": (_FOREIGN_OBSOLETE,),
    "msguniq": (),
    "msgattrib --clear-fuzzy": (("every fuzzy mark is cleared (what it is for)", _approved),),
    "polib": (),
    "translate-toolkit": (),
    # Babel turns #| into translator comments ('# | msgid ...', wrapped at 76); dipl10n reads them back as #|.
    "babel": (),
    # XLIFF 1.2 has no place for #|: dipl10n puts it back from the translation memory.
    "po2xliff → xliff2po": (
        ("message contexts are lost, so an entry that had one is obsolete after the next merge", _context_lost),
    ),
    **{s.name: (_WEBLATE_EDIT, _FOREIGN_OBSOLETE) if s.msgmerge else (_WEBLATE_EDIT,) for s in WEBLATES},
}


def expected(before: dict, tool: str) -> dict:
    """The facts of ``before`` with what ``tool`` itself destroys taken away."""
    result = {}
    for entry_key, item in before.items():
        for _, loss in LOSSES.get(tool, ()):
            entry_key, item = loss(entry_key, item)
        result[entry_key] = item
    return result


# -- the variants -----------------------------------------------------------------------------

GETTEXT = "GNU gettext"
TOOLKIT = "translate-toolkit"


@dataclass(frozen=True)
class Variant:
    """A tool as the table and the tests run it, and what it needs installed."""

    name: str
    tool: Tool
    needs: tuple[str, ...] = ()
    why_missing: Callable[[], str | None] | None = None
    #: A driver of another test module's (Poedit's): its failure is its row's ("not run: ..."), not the table's.
    optional: bool = False

    def missing(self) -> str | None:
        """Why the tool cannot run here (a skip reason), else ``None``."""
        absent = [need for need in self.needs if not (has_gnu() if need == GETTEXT else has_toolkit())]
        if absent:
            return f"{' and '.join(absent)} not installed"
        return self.why_missing() if self.why_missing is not None else None


#: The tools of tests/run/test_interop.py.
TOOLS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant("msgcat", msgcat, (GETTEXT,)),
        Variant("msgmerge --previous", msgmerge_previous, (GETTEXT,)),
        Variant("msgmerge", msgmerge, (GETTEXT,)),
        Variant("msguniq", msguniq, (GETTEXT,)),
        Variant("msgattrib --clear-fuzzy", msgattrib_clear_fuzzy, (GETTEXT,)),
        Variant("polib", polib_save),
        Variant("translate-toolkit", toolkit_save, (TOOLKIT,)),
        Variant("babel", babel_save),
        Variant("po2xliff → xliff2po", xliff_round_trip, (TOOLKIT,)),
    )
}
#: Weblate at each width, with and without its msgmerge add-on (tests/run/test_weblate.py).
WEBLATE_VARIANTS: dict[str, Variant] = {s.name: Variant(s.name, weblate(s), (TOOLKIT, GETTEXT)) for s in WEBLATES}


def poedit_variant() -> Variant | None:
    """Poedit, when ``tests/helpers/poedit.py`` can drive it: its ``poedit(po, pot)`` function if it has one,
    else a load/save session of its :class:`Poedit` driver. ``None`` when there is no driver."""
    try:
        module = importlib.import_module("helpers.poedit")
    except ImportError:
        return None
    why = getattr(module, "missing", None)
    function = getattr(module, "poedit", None)
    if callable(function):
        takes_template = len(inspect.signature(function).parameters) >= 2

        def call(po: Path, pot: Path) -> None:
            function(po, pot) if takes_template else function(po)

        return Variant("Poedit", call, why_missing=why, optional=True)
    driver = getattr(module, "Poedit", None)
    if driver is None:
        return None

    def session(po: Path, pot: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="poedit-home-") as home, driver(Path(home)) as editor:
            editor.save(po)

    return Variant("Poedit", session, why_missing=why, optional=True)


def variants(*, poedit: bool = True) -> list[Variant]:
    """Every variant of the interop table: the tools, Weblate's, and Poedit when ``poedit`` and a driver exists."""
    found = [*TOOLS.values(), *WEBLATE_VARIANTS.values()]
    extra = poedit_variant() if poedit else None
    return found + ([extra] if extra is not None else [])


# -- two cycles -------------------------------------------------------------------------------


def _diff(a: bytes, b: bytes) -> list[str]:
    """The lines of ``a`` removed and of ``b`` added (unified diff, no context), each with its ``-``/``+``."""
    lines = difflib.unified_diff(a.decode("utf-8").splitlines(keepends=True), b.decode("utf-8").splitlines(keepends=True),
                                 n=0)
    return [line for line in lines if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]


@dataclass
class Cycles:
    """tool → run → tool → run on a copy of the team project: the catalog and its facts at each stop."""

    name: str
    start: bytes
    first: bytes
    second: bytes
    first_tool: bytes  # after the tool, before the first run
    second_tool: bytes  # after the tool, before the second run
    before: dict = field(repr=False)
    expected: dict = field(repr=False)
    after: dict = field(repr=False)
    after_second: dict = field(repr=False)
    states_before: Counter[str] = field(default_factory=Counter)
    states_after: Counter[str] = field(default_factory=Counter)
    msgfmt_ok: bool | None = None

    @property
    def first_diff(self) -> list[str]:
        return _diff(self.start, self.first)

    @property
    def second_diff(self) -> list[str]:
        return _diff(self.first, self.second)

    @property
    def second_run_diff(self) -> list[str]:
        """What the second ``dipl10n run`` itself changed (of what the tool left)."""
        return _diff(self.second_tool, self.second)

    @property
    def second_bytes(self) -> int:
        """Bytes in the lines the second cycle removed or added: 0 exactly when it changed nothing."""
        return sum(len(line.encode("utf-8")) - 1 for line in self.second_diff)

    def beyond_tool(self) -> list[tuple]:
        """The entries whose facts after the first cycle are not what the tool left (dipl10n's losses)."""
        differ = [k for k in self.expected if self.after.get(k) != self.expected[k]]
        return differ + sorted((k for k in self.after if k not in self.expected), key=str)


def two_cycles(variant: Variant, team: Path, work: Path) -> Cycles:
    """Copy the team project ``team`` to ``work``, then: tool → ``dipl10n run`` → tool → ``dipl10n run``."""
    shutil.copytree(team, work)
    path, pot = catalog_path(work), template_path(work)
    start = path.read_bytes()
    before = read_po(path)
    variant.tool(path, pot)
    first_tool = path.read_bytes()
    run(work)
    first = path.read_bytes()
    msgfmt_ok = None
    if shutil.which("msgfmt"):
        msgfmt_ok = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True).returncode == 0
    variant.tool(path, pot)
    second_tool = path.read_bytes()
    run(work)
    second = path.read_bytes()
    after = read_po(path)
    start_facts = facts(before)
    return Cycles(
        variant.name, start, first, second, first_tool, second_tool,
        before=start_facts, expected=expected(start_facts, variant.name),
        after=facts(parse_po(first, path=path)), after_second=facts(after),
        states_before=states(before), states_after=states(after), msgfmt_ok=msgfmt_ok,
    )  # fmt: skip


# -- the table --------------------------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def changes(a: dict, b: dict) -> list[str]:
    """What of ``a`` (facts) ``b`` no longer has, counted by kind: translations, fuzzy marks, provenance, ..."""
    text = fuzzy = notes = previous = obsolete = gone = 0
    for entry_key, item in a.items():
        other = b.get(entry_key)
        if other is None:
            gone += 1
            continue
        text += item["msgstr"] != other["msgstr"] and any(item["msgstr"])
        fuzzy += item["fuzzy"] and not other["fuzzy"]
        kept = {note.split(" #")[0].replace(", approved", "") for note in other["notes"]}
        notes += sum(1 for note in item["notes"] if note.split(" #")[0].replace(", approved", "") not in kept)
        previous += item["previous"] is not None and other["previous"] is None
        obsolete += not item["obsolete"] and other["obsolete"]
    found = [
        _count(text, "translation", "translations"), _count(fuzzy, "fuzzy mark", "fuzzy marks"),
        _count(notes, "provenance note", "provenance notes"), _count(previous, "#| previous msgid", "#| previous msgids"),
        _count(obsolete, "live entry made obsolete", "live entries made obsolete"),
        _count(gone, "entry re-keyed or gone", "entries re-keyed or gone"),
    ]  # fmt: skip
    return [item for item in found if not item.startswith("0 ")]


def states_text(counts: Counter[str]) -> str:
    """``machine_draft 6, reviewed 2, obsolete 1``: in the order of dipl10n's states, then obsolete."""
    from dipl10n.po.states import State

    order = [state.value for state in State] + ["obsolete"]
    names = [name for name in order if counts.get(name)] + sorted(set(counts) - set(order))
    return ", ".join(f"{name} {counts[name]}" for name in names)


def state_changes(before: Counter[str], after: Counter[str]) -> str:
    """What changed between two :func:`states` counts: ``reviewed 2 → 0, obsolete 1 → 3``; ``=`` when nothing."""
    from dipl10n.po.states import State

    order = [state.value for state in State] + ["obsolete"]
    names = [name for name in order if before.get(name) or after.get(name)]
    names += sorted((set(before) | set(after)) - set(order))
    changed = [f"{name} {before.get(name, 0)} → {after.get(name, 0)}" for name in names if before[name] != after[name]]
    return ", ".join(changed) or "="


@dataclass
class Row:
    """One line of the interop table."""

    tool: str
    lost: str
    states: str
    first_lines: str
    second_bytes: str
    cycles: Cycles | None = None
    skipped: str | None = None

    def cells(self) -> list[str]:
        return [self.tool, self.lost, self.states, self.first_lines, self.second_bytes]


def row(variant: Variant, team: Path, work: Path) -> Row:
    """Run the two cycles of ``variant`` in ``work`` (a new folder) and make its table row."""
    reason = variant.missing()
    if reason is not None:
        return Row(variant.name, "", "", "", "", skipped=reason)
    try:
        result = two_cycles(variant, team, work)
    except BaseException as error:  # a skip, or an optional driver's failure (no window, ...), is the row's
        if type(error).__name__ == "Skipped" or (variant.optional and isinstance(error, Exception)):
            return Row(variant.name, "", "", "", "", skipped=f"{type(error).__name__}: {(str(error).splitlines() or [''])[0]}")
        raise
    tool_part = changes(result.before, result.expected)
    beyond = result.beyond_tool()
    if beyond:
        fields = sorted({name for k in beyond for name, value in result.expected.get(k, {}).items()
                         if k not in result.after or result.after[k][name] != value})
        lost = f"**dipl10n: {_count(len(beyond), 'entry differs', 'entries differ')} ({', '.join(fields) or 'added'})**"
        lost += f"; the tool: {', '.join(tool_part)}" if tool_part else ""
    elif tool_part:
        lost = f"the tool: {', '.join(tool_part)}; dipl10n: nothing"
    else:
        lost = "nothing"
    first = result.first_diff
    added = sum(1 for line in first if line.startswith("+"))
    second = result.second_bytes
    second_text = str(second) if second == 0 else f"**{second}** ({_count(len(result.second_diff), 'line', 'lines')})"
    return Row(
        variant.name, lost, state_changes(result.states_before, result.states_after),
        f"{len(first)} (+{added} −{len(first) - added})", second_text, cycles=result,
    )  # fmt: skip


def interop_rows(work: Path, *, poedit: bool = True) -> list[Row]:
    """Every row of the interop table, each run in a folder of its own under ``work``."""
    team = work / "team"
    make_team_project(team)
    return [row(variant, team, work / f"variant-{n}") for n, variant in enumerate(variants(poedit=poedit))]


HEADINGS = ("tool", "lost (counted as tests/run/test_interop.py compares the facts)", "entry states that changed",
            "lines changed by the first cycle", "bytes changed by the second cycle")


def markdown_table(rows: list[Row]) -> str:
    """The rows as a Markdown table; a skipped variant says why."""
    lines = ["| " + " | ".join(HEADINGS) + " |", "| " + " | ".join(["---"] * 3 + ["---:"] * 2) + " |"]
    for item in rows:
        cells = item.cells() if item.skipped is None else [item.tool, f"not run: {item.skipped}", "", "", ""]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
