"""Every entry state, walked through the transitions that matter, through the real command line.

Each scenario is a table of steps: what a person (or a new model) does, the
command that follows, and the state each tracked sentence must then be in.
After every step one assertion walks every output and checks that each names
the state truthfully, in its own words:

* the catalog: the state (:func:`dipl10n.po.states.entry_state`), ``#|``, the
  ``origin:`` / ``rejected:`` notes, the text;
* ``dipl10n stats --format json``: the count of every state;
* ``dipl10n check --format json --verbose``: the fuzzy finding names the state;
* the article: the notice's lines, kind by kind, and each sentence's mark
  (``class``, ``data-state``, ``data-label``, ``lang``);
* the review page: the badge, and for an out-of-date entry the word diff and
  the previous translation;
* the text file: each marked sentence's label, and the legend at the end.

Machine drafts come from an engine double (``helpers.engines.DoubleEngine``)
put where the command line gets its engine, so no model is needed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markupsafe import escape

from dipl10n.mt.engine import EngineInfo
from dipl10n.po import generate_po, read_po
from dipl10n.po.states import State, entry_state, origin_of, rejected_by
from helpers.engines import DoubleEngine
from helpers.projects import BYLINE, DOC, KICKER, by_msgid, po_path, ran

HEADLINE = "President Yoon meets with NATO Secretary General Stoltenberg"
STANDFIRST = "Strengthening partnership with NATO in defense, cyber, AI, etc."
STANDFIRST_NEW = "Strengthening partnership with NATO in defense, cyber, AI and space."
BYLINE_NEW = "By Diplomacy Journal Lee Jon-young and Kim Min-ji"
SECOND = "second"

V1 = EngineInfo("double", "translate-en_ko", "1.0")
V2 = EngineInfo("double", "translate-en_ko", "2.0")
MACHINE_V1 = "machine translation (double translate-en_ko 1.0)"
MACHINE_V2 = "machine translation (double translate-en_ko 2.0)"

#: Where each tracked sentence sits in the article: the element around it.
PLACES = {
    KICKER: ('<p class="kicker">', "</p>"),
    HEADLINE: ("<h1>", "</h1>"),
    STANDFIRST: ('<p class="standfirst">', "</p>"),
    STANDFIRST_NEW: ('<p class="standfirst">', "</p>"),
    BYLINE: ('<span class="author">', "</span>"),
    BYLINE_NEW: ('<span class="author">', "</span>"),
}
#: Their rows on each document's review page.
ROWS = {
    DOC: {KICKER: 1, HEADLINE: 2, STANDFIRST: 3, STANDFIRST_NEW: 3, BYLINE: 4, BYLINE_NEW: 4},
    SECOND: {BYLINE: 1},
}

#: How the outputs name a state that is shown but not published: (class, print/text label, tooltip, check words).
MARKS = {
    State.MACHINE_DRAFT: ("mt-draft", "기계 번역", "검토 전 기계 번역", "machine draft: "),
    State.OUT_OF_DATE: ("out-of-date", "원문 수정됨", "원문이 수정된 뒤 아직 다시 검토되지 않은 번역", "out of date: "),
    State.HUMAN_FUZZY: ("under-review", "검토 중", "검토 중인 번역", "translation marked fuzzy: "),
}
#: The notice's lines of the article, and the text file's legend, by state.
NOTICE = {
    State.MACHINE_DRAFT: "이 기사의 {n}개 문장은 아직 검토되지 않은 기계 번역입니다.",
    State.OUT_OF_DATE: "{n}개 문장은 영어 원문이 수정된 뒤 아직 다시 검토되지 않아, 수정 전 원문을 옮긴 번역을 싣습니다.",
    State.HUMAN_FUZZY: "{n}개 문장은 아직 검토 중인 번역입니다.",
    State.UNTRANSLATED: "{n}개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.",
}
LEGEND = {
    State.MACHINE_DRAFT: "※ [기계 번역] 표시가 붙은 {n}개 문장은 아직 검토되지 않은 기계 번역입니다.",
    State.OUT_OF_DATE: (
        "※ [원문 수정됨] 표시가 붙은 {n}개 문장은 영어 원문이 수정된 뒤 아직 다시 검토되지 않은, 수정 전 원문의 번역입니다."
    ),
    State.HUMAN_FUZZY: "※ [검토 중] 표시가 붙은 {n}개 문장은 아직 검토 중인 번역입니다.",
    State.UNTRANSLATED: "※ {n}개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.",
}
#: The badge of each state on the review page (its State.label, pinned here).
BADGES = {
    State.UNTRANSLATED: "untranslated",
    State.GLOSSARY: "from the glossary",
    State.MEMORY: "from the translation memory",
    State.MACHINE_DRAFT: "machine draft",
    State.APPROVED: "approved machine draft",
    State.REVIEWED: "reviewed",
    State.OUT_OF_DATE: "out of date",
    State.HUMAN_FUZZY: "fuzzy (a person&#39;s text awaiting review)",
}

KEEP = object()  # the translation is the one the sentence had after the step before


@dataclass(frozen=True)
class Expect:
    """What one sentence must be after a step."""

    state: State
    #: The ``#|`` previous msgid (``None``: none).
    previous: str | None = None
    #: The ``origin:`` line without its digest (``None``: none).
    origin: str | None = None
    #: The engine a ``rejected:`` line names (``None``: none).
    rejected: str | None = None
    #: The translation: exact text, :data:`KEEP`, the translation of another sentence at the step before
    #: (``("from", msgid)``), or ``None`` for any.
    text: object = None
    #: What the translation starts with (a model's mark).
    starts: str = ""


@dataclass(frozen=True)
class Step:
    says: str
    do: tuple[Callable[[Path], None], ...]
    command: tuple[tuple[str, ...], ...]
    expect: dict[str, Expect]
    #: Sentences the engine translated in this step.
    engine_translated: int | None = None
    #: The engine this step's commands use.
    engine: EngineInfo = V1
    #: Another document's tracked sentences: {doc: {msgid: Expect}}.
    others: dict[str, dict[str, Expect]] = field(default_factory=dict)


# -- what people do ----------------------------------------------------------------------------------


def _change(project: Path, msgid: str, change: Callable, doc: str = DOC) -> None:
    path = po_path(project, doc)
    catalog = read_po(path)
    change(by_msgid(catalog)[msgid])
    path.write_text(generate_po(catalog), encoding="utf-8")


def approve(msgid: str) -> Callable[[Path], None]:
    """The reviewer clears the fuzzy mark and leaves the text as it is."""
    return lambda project: _change(project, msgid, lambda e: setattr(e, "flags", [f for f in e.flags if f != "fuzzy"]))


def edit(msgid: str, text: str, *, keep_fuzzy: bool = False) -> Callable[[Path], None]:
    """The reviewer rewrites the translation (and clears the fuzzy mark unless ``keep_fuzzy``)."""

    def change(entry) -> None:
        entry.msgstr = text
        if not keep_fuzzy:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]

    return lambda project: _change(project, msgid, change)


def empty(msgid: str) -> Callable[[Path], None]:
    """The reviewer deletes a machine draft's text: a rejection."""
    return edit(msgid, "")


def edit_source(old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        source = project / "source" / f"{DOC}.md"
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, new), encoding="utf-8")

    return change


def add_second_document(project: Path) -> None:
    (project / "source" / f"{SECOND}.md").write_text(f"---\nbyline: {BYLINE}\n---\n\nA new text.\n", encoding="utf-8")


RUN = (("run",),)
REFRESH = (("draft", "--refresh"), ("build",))

REVIEWED_TEXT = "Diplomacy Journal 이존영 기자"
STANDFIRST_KO = "NATO와 국방, 사이버, AI 등 분야 협력 강화"
STANDFIRST_KO_NEW = "NATO와 국방, 사이버, AI, 우주 분야 협력 강화"
GLOSSARY_KICKER = Expect(State.GLOSSARY, origin="glossary (glossary.csv:2)", text="외교")

SCENARIOS = {
    "approved draft, then its source is edited: out of date, not re-drafted": [
        Step("machine drafts", (), RUN,
             {KICKER: GLOSSARY_KICKER, STANDFIRST: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, starts="[v1] ")},
             engine_translated=11),
        Step("the reviewer approves the draft", (approve(STANDFIRST),), RUN,
             {STANDFIRST: Expect(State.APPROVED, origin=MACHINE_V1 + ", approved", text=KEEP)},
             engine_translated=0),
        Step("the editor revises the English", (edit_source("AI, etc.", "AI and space."),), RUN,
             {STANDFIRST_NEW: Expect(State.OUT_OF_DATE, previous=STANDFIRST, origin=MACHINE_V1 + ", approved",
                                     text=("from", STANDFIRST))},
             engine_translated=0),
    ],
    "draft edited by the reviewer, then its source is edited: out of date": [
        Step("machine drafts", (), RUN, {STANDFIRST: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, starts="[v1] ")},
             engine_translated=11),
        Step("the reviewer edits the draft, still marked fuzzy", (edit(STANDFIRST, STANDFIRST_KO, keep_fuzzy=True),),
             RUN, {STANDFIRST: Expect(State.HUMAN_FUZZY, origin=MACHINE_V1, text=STANDFIRST_KO)},
             engine_translated=0),
        Step("the reviewer clears the fuzzy mark", (approve(STANDFIRST),), RUN,
             {STANDFIRST: Expect(State.REVIEWED, origin=MACHINE_V1, text=STANDFIRST_KO)},
             engine_translated=0),
        Step("the editor revises the English", (edit_source("AI, etc.", "AI and space."),), RUN,
             {STANDFIRST_NEW: Expect(State.OUT_OF_DATE, previous=STANDFIRST, origin=MACHINE_V1, text=STANDFIRST_KO)},
             engine_translated=0),
    ],
    "reviewed, source edited, reviewed again": [
        Step("machine drafts", (), RUN, {BYLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1)}, engine_translated=11),
        Step("the reviewer writes the byline", (edit(BYLINE, REVIEWED_TEXT),), RUN,
             {BYLINE: Expect(State.REVIEWED, origin=MACHINE_V1, text=REVIEWED_TEXT)}, engine_translated=0),
        Step("the editor adds a second author", (edit_source("Lee Jon-young", "Lee Jon-young and Kim Min-ji"),), RUN,
             {BYLINE_NEW: Expect(State.OUT_OF_DATE, previous=BYLINE, origin=MACHINE_V1, text=REVIEWED_TEXT)},
             engine_translated=0),
        Step("the reviewer updates the translation and clears the mark",
             (edit(BYLINE_NEW, "Diplomacy Journal 이존영, 김민지 기자"),), RUN,
             {BYLINE_NEW: Expect(State.REVIEWED, origin=MACHINE_V1, text="Diplomacy Journal 이존영, 김민지 기자")},
             engine_translated=0),
    ],
    "draft emptied by the reviewer: rejected, never drafted again": [
        Step("machine drafts", (), RUN, {STANDFIRST: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1)},
             engine_translated=11),
        Step("the reviewer deletes the draft", (empty(STANDFIRST),), RUN,
             {STANDFIRST: Expect(State.UNTRANSLATED, rejected=MACHINE_V1, text="")}, engine_translated=0),
        Step("another run: the cached draft is not used", (), (("draft",), ("run",)),
             {STANDFIRST: Expect(State.UNTRANSLATED, rejected=MACHINE_V1, text="")}, engine_translated=0),
        Step("a new model, refresh: still waiting for a person", (), REFRESH,
             {STANDFIRST: Expect(State.UNTRANSLATED, rejected=MACHINE_V1, text="")},
             engine_translated=10, engine=V2),
    ],
    "a model upgrade: refresh re-drafts unedited drafts only": [
        Step("machine drafts", (), RUN, {
            HEADLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, starts="[v1] "),
            STANDFIRST: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, starts="[v1] "),
            BYLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, starts="[v1] "),
        }, engine_translated=11),
        Step("one approved, one edited", (approve(STANDFIRST), edit(BYLINE, REVIEWED_TEXT)), RUN, {
            HEADLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1, text=KEEP),
            STANDFIRST: Expect(State.APPROVED, origin=MACHINE_V1 + ", approved", text=KEEP),
            BYLINE: Expect(State.REVIEWED, origin=MACHINE_V1, text=REVIEWED_TEXT),
        }, engine_translated=0),
        Step("draft --refresh with the new model", (), REFRESH, {
            KICKER: GLOSSARY_KICKER,
            HEADLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V2, starts="[v2] "),
            STANDFIRST: Expect(State.APPROVED, origin=MACHINE_V1 + ", approved", text=KEEP),
            BYLINE: Expect(State.REVIEWED, origin=MACHINE_V1, text=REVIEWED_TEXT),
        }, engine_translated=9, engine=V2),
    ],
    "a sentence reviewed in one article fills another from the memory": [
        Step("machine drafts", (), RUN, {BYLINE: Expect(State.MACHINE_DRAFT, origin=MACHINE_V1)},
             engine_translated=11),
        Step("the reviewer writes the byline", (edit(BYLINE, REVIEWED_TEXT),), RUN,
             {BYLINE: Expect(State.REVIEWED, origin=MACHINE_V1, text=REVIEWED_TEXT)}, engine_translated=0),
        Step("a second article with the same byline", (add_second_document,), RUN,
             {BYLINE: Expect(State.REVIEWED, origin=MACHINE_V1, text=REVIEWED_TEXT)}, engine_translated=1,
             others={SECOND: {BYLINE: Expect(
                 State.MEMORY, text=REVIEWED_TEXT,
                 origin=f"translation memory, reviewed in locales/ko/LC_MESSAGES/{DOC}.po")}}),
    ],
}  # fmt: skip


# -- the walk ---------------------------------------------------------------------------------------


@pytest.fixture
def engine(monkeypatch):
    """Where the command line gets its engine, a double; ``engine.info`` is the model of the moment."""
    double = DoubleEngine(lambda text: f"[v{double.info.version[0]}] {text}", info=V1)

    def factory(config, **options):
        return lambda lang: double

    monkeypatch.setattr("dipl10n.mt.engine.engine_factory", factory)
    import dipl10n.cli.app

    if hasattr(dipl10n.cli.app, "_engine_factory"):  # before the command line took its factory from dipl10n.mt.engine
        monkeypatch.setattr(dipl10n.cli.app, "_engine_factory", factory)
    return double


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_states_through_the_command_line(scenario, project, invoke, engine):
    texts: dict[tuple[str, str], str] = {}  # (doc, msgid) -> translation after the step before
    for number, step in enumerate(SCENARIOS[scenario], start=1):
        where = f"{scenario}, step {number} ({step.says})"
        for action in step.do:
            action(project)
        engine.info = step.engine
        before = engine.sentences_translated
        for command in step.command:
            result = invoke(project, *command)
            assert result.exit_code == 0, (where, command, result.output)
        if step.engine_translated is not None:
            assert engine.sentences_translated - before == step.engine_translated, where
        tracked = {DOC: step.expect, **step.others}
        now = {}
        for doc, expect in tracked.items():
            now.update(assert_catalog(project, doc, expect, texts, where))
        states = {doc: assert_stats(project, doc, expect, where) for doc, expect in tracked.items()}
        assert_check(project, tracked, states, where)
        for doc, expect in tracked.items():
            shown = {msgid: now[(doc, msgid)] for msgid in expect}
            assert_article(project, doc, expect, shown, states[doc], where)
            assert_text(project, doc, expect, shown, states[doc], where)
            assert_review(project, doc, expect, shown, where)
        texts = {**texts, **now}


def assert_catalog(project: Path, doc: str, expect: dict[str, Expect], texts: dict, where: str) -> dict:
    entries = by_msgid(read_po(po_path(project, doc)))
    now = {}
    for msgid, want in expect.items():
        entry = entries[msgid]
        what = f"{where}: {msgid!r}"
        assert entry_state(entry) is want.state, what
        assert entry.previous_msgid == want.previous, what
        origin = origin_of(entry)
        if want.origin is None:
            assert origin is None, (what, origin)
        else:
            assert origin is not None, what
            assert origin.description + (", approved" if origin.approved else "") == want.origin, what
        assert rejected_by(entry) == ([want.rejected] if want.rejected else []), what
        if want.text is KEEP:
            assert entry.msgstr == texts[(doc, msgid)], what
        elif isinstance(want.text, tuple):
            assert entry.msgstr == texts[(doc, want.text[1])], what
        elif want.text is not None:
            assert entry.msgstr == want.text, what
        assert entry.msgstr.startswith(want.starts), what
        raw = po_path(project, doc).read_text(encoding="utf-8")
        if want.previous:
            assert f'#| msgid "{want.previous}"' in raw, what
        if want.rejected:
            assert f"# rejected: {want.rejected}\n" in raw, what
        now[(doc, msgid)] = entry.msgstr
    return now


def expected_states(project: Path, doc: str, expect: dict[str, Expect]) -> Counter:
    """Every sentence's state: the tracked ones as expected, the kicker from the glossary, the rest machine drafts."""
    entries = by_msgid(read_po(po_path(project, doc)))
    states: Counter = Counter()
    for msgid in entries:
        if msgid in expect:
            states[expect[msgid].state] += 1
        elif msgid == KICKER:
            states[State.GLOSSARY] += 1
        else:
            states[State.MACHINE_DRAFT] += 1
    return states


def assert_stats(project: Path, doc: str, expect: dict[str, Expect], where: str) -> Counter:
    result = cli_output(project, "stats", "--format", "json")
    rows = {row["catalog"]: row for row in json.loads(result)}
    row = rows[f"locales/ko/LC_MESSAGES/{doc}.po"]
    states = expected_states(project, doc, expect)
    assert {state.value: row[state.value] for state in State} == {state.value: states[state] for state in State}, where
    assert row["entries"] == sum(states.values()) == (12 if doc == DOC else 2), where
    assert row["translated"] == sum(n for state, n in states.items() if state.published), where
    assert row["fuzzy"] == sum(n for state, n in states.items() if state.fuzzy), where
    return states


def assert_check(project: Path, tracked: dict, states: dict, where: str) -> None:
    report = json.loads(cli_output(project, "check", "--format", "json", "--verbose", ok=(0, 1)))
    for doc, expect in tracked.items():
        catalog = f"locales/ko/LC_MESSAGES/{doc}.po"
        for msgid, want in expect.items():
            found = [f for f in report["findings"] if f["msgid"] == msgid and f["path"] == catalog]
            fuzzy = [f["message"] for f in found if f["check"] == "fuzzy"]
            untranslated = [f for f in found if f["check"] == "untranslated"]
            if want.state in MARKS:
                assert len(fuzzy) == 1 and fuzzy[0].startswith(MARKS[want.state][3]), (where, msgid, fuzzy)
            else:
                assert fuzzy == [], (where, msgid, fuzzy)
            assert bool(untranslated) == (want.state is State.UNTRANSLATED), (where, msgid)
    # Every catalog of the project is tracked: the summary counts them all.
    assert report["summary"]["fuzzy"] == sum(n for counts in states.values() for s, n in counts.items() if s.fuzzy)
    assert report["summary"]["untranslated"] == sum(counts[State.UNTRANSLATED] for counts in states.values())


def shown_text(text: str) -> str:
    """A translation as the article writes it (no Markdown or middle dot in these)."""
    return str(escape(text))


def assert_article(project: Path, doc: str, expect: dict[str, Expect], shown: dict, states: Counter, where: str) -> None:
    page = (project / "build" / "ko" / f"{doc}.html").read_text(encoding="utf-8")
    for msgid, want in expect.items():
        start, end = PLACES[msgid]
        text = shown_text(shown[msgid])
        if want.state in MARKS:
            css, label, title, _ = MARKS[want.state]
            fragment = (f'<span class="{css}" data-state="{want.state.value}" data-label="{label}" '
                        f'title="{title}">{text}</span>')
        elif want.state is State.UNTRANSLATED:
            fragment = (f'<span lang="en" class="fallback" data-state="untranslated" title="번역 전 원문">'
                        f"{shown_text(msgid)}</span>")
        else:
            fragment = text
        assert f"{start}{fragment}{end}" in page, (where, msgid, fragment)
    notice = [NOTICE[state].format(n=states[state]) for state in NOTICE if states[state]]
    lines = [line[len('<p class="note" ') :] for line in page.splitlines() if line.startswith('<p class="note" ')]
    assert [line[line.index(">") + 1 : -len("</p>")] for line in lines] == notice, where
    if states[State.MACHINE_DRAFT] == 0:
        assert "기계 번역" not in page, where  # readers hear "machine translation" only for machine drafts
    for state in (State.OUT_OF_DATE, State.HUMAN_FUZZY, State.MACHINE_DRAFT):
        assert page.count(f'data-state="{state.value}" data-label') == states[state], (where, state)


def assert_text(project: Path, doc: str, expect: dict[str, Expect], shown: dict, states: Counter, where: str) -> None:
    text = (project / "build" / "ko" / f"{doc}.txt").read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    for msgid, want in expect.items():
        if want.state in MARKS:
            assert f"{shown[msgid]} [{MARKS[want.state][1]}]" in text, (where, msgid)
        elif want.state is State.UNTRANSLATED:
            assert msgid in paragraphs or any(p.startswith(msgid + "\n") for p in paragraphs), (where, msgid)
        else:
            assert shown[msgid] in text and f"{shown[msgid]} [" not in text, (where, msgid)
    legend = [LEGEND[state].format(n=states[state]) for state in LEGEND if states[state]]
    assert [p.rstrip("\n") for p in paragraphs if p.startswith("※")] == legend, where
    body = text[: text.index("\n\n※")]
    for state in MARKS:
        assert body.count(f" [{MARKS[state][1]}]") == states[state], (where, state)


def assert_review(project: Path, doc: str, expect: dict[str, Expect], shown: dict, where: str) -> None:
    page = (project / "build" / "ko" / f"{doc}.review.html").read_text(encoding="utf-8")
    rows = page.split('<tr id="s')[1:]
    for msgid, want in expect.items():
        row = rows[ROWS[doc][msgid] - 1]
        assert f'data-state="{want.state.value}"' in row, (where, msgid)
        assert f'<span class="badge {want.state.value}">{BADGES[want.state]}</span>' in row, (where, msgid)
        if want.state is State.OUT_OF_DATE:
            assert want.previous is not None
            assert "Source before (#|)" in row and "Previous translation (of the source before)" in row
            assert '<td class="translation previous" lang="ko" data-col="Translation">' in row
            assert f"</span>{shown_text(shown[msgid])}<span" in row, (where, msgid)
            removed = "".join(part.split("</del>")[0] for part in row.split("<del>")[1:])
            added = "".join(part.split("</ins>")[0] for part in row.split("<ins>")[1:])
            assert removed or added
            assert all(word in want.previous for word in removed.split()), (where, removed)
            assert all(word in msgid for word in added.split()), (where, added)
        else:
            assert "<del>" not in row and "<ins>" not in row, (where, msgid)


def cli_output(project: Path, *args: str, ok: tuple[int, ...] = (0,)) -> str:
    """What a command printed on its standard output."""
    from click.testing import CliRunner

    from dipl10n.cli.app import cli

    result = CliRunner().invoke(cli, [*args, "--project", str(project)])
    assert result.exit_code in ok, result.output
    return result.stdout


# -- the diff a reviewer sees, precisely ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "before", "after"),
    [
        (STANDFIRST, STANDFIRST_NEW,
         "Strengthening partnership with NATO in defense, cyber, <del>AI, etc.</del>",
         "Strengthening partnership with NATO in defense, cyber, <ins>AI and space.</ins>"),
        (BYLINE, BYLINE_NEW, "By Diplomacy Journal Lee Jon-young", "By Diplomacy Journal Lee Jon-young <ins>and Kim Min-ji</ins>"),
        ("The <b>old</b> text & more.", "The <i>new</i> text & more.",
         "The <del>&lt;b&gt;old&lt;/b&gt;</del> text &amp; more.", "The <ins>&lt;i&gt;new&lt;/i&gt;</ins> text &amp; more."),
    ],
)  # fmt: skip
def test_the_review_page_marks_the_words_that_changed(project, invoke, engine, old, new, before, after):
    source = project / "source" / f"{DOC}.md"
    if old.startswith("The <b>"):
        source.write_text(source.read_text(encoding="utf-8") + f"\n{old}\n", encoding="utf-8")
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    edit(old, "검토한 번역 <b>")(project)
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    page = (project / "build" / "ko" / f"{DOC}.review.html").read_text(encoding="utf-8")
    assert f'<span class="tag" lang="en">Source before (#|)</span>{before}</div>' in page
    assert f'<span class="tag" lang="en">Source now</span>{after}</div>' in page
    assert "</span>검토한 번역 &lt;b&gt;<span" in page
    assert "<b>" not in page and "<i>" not in page


# -- every state at once: --reviewed-only, and what the .mo holds ------------------------------------


def sentence(project: Path, start: str) -> str:
    """The article's sentence that starts with ``start``."""
    (msgid,) = [m for m in by_msgid(read_po(po_path(project))) if m.startswith(start)]
    return msgid


def every_state(project: Path, invoke) -> dict[State, tuple[str, str]]:
    """A project whose catalogs hold every state; (doc, msgid) of a sentence in each."""
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    untouched = sentence(project, "In particular")
    fuzzy = sentence(project, "In response")
    reviewed = sentence(project, "Meanwhile")
    for action in (approve(STANDFIRST), edit(BYLINE, REVIEWED_TEXT), edit(fuzzy, "이에 스톨텐베르그 총장은", keep_fuzzy=True),
                   edit(reviewed, "한편 양측은 우려를 표명했다."), empty(untouched)):
        action(project)
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    edit_source("Lee Jon-young", "Lee Jon-young and Kim Min-ji")(project)
    (project / "source" / f"{SECOND}.md").write_text(f"{reviewed}\n", encoding="utf-8")
    ran(invoke(project, "run"))  # the reviewer's text may fail checks
    where = {
        State.GLOSSARY: (DOC, KICKER),
        State.MACHINE_DRAFT: (DOC, HEADLINE),
        State.APPROVED: (DOC, STANDFIRST),
        State.OUT_OF_DATE: (DOC, BYLINE_NEW),
        State.HUMAN_FUZZY: (DOC, fuzzy),
        State.REVIEWED: (DOC, reviewed),
        State.UNTRANSLATED: (DOC, untouched),
        State.MEMORY: (SECOND, reviewed),
    }
    for state, (doc, msgid) in where.items():
        assert entry_state(by_msgid(read_po(po_path(project, doc)))[msgid]) is state, state
    return where


def test_reviewed_only_shows_published_translations_only(project, invoke, engine):
    where = every_state(project, invoke)
    result = invoke(project, "build", "--reviewed-only")
    ran(result)  # the reviewers' texts fail checks: exit 1, pages written
    assert result.output.splitlines()[0] == (
        f"build/ko/{DOC}.html: 12 sentences: 1 reviewed, 1 approved machine draft, 1 from the glossary, "
        "6 machine drafts (shown in English), 1 out of date (shown in English), 1 under review (shown in English), "
        "1 untranslated (shown in English) (3 written, 0 unchanged)"
    )
    page = (project / "build" / "ko" / f"{DOC}.html").read_text(encoding="utf-8")
    catalog = by_msgid(read_po(po_path(project)))
    for state, (doc, msgid) in where.items():
        if doc != DOC:
            continue
        if state.published:
            assert shown_text(catalog[msgid].msgstr) in page, state
            continue
        title = "번역 전 원문" if state is State.UNTRANSLATED else "번역 검토가 끝나지 않아 싣는 영어 원문"
        assert (f'<span lang="en" class="fallback" data-state="{state.value}" title="{title}">'
                f"{shown_text(msgid)}</span>") in page, state
        if catalog[msgid].msgstr:
            assert shown_text(catalog[msgid].msgstr) not in page, state
    body = page[page.index("<body>") :]
    assert "기계 번역" not in body and "data-label" not in body and "data-state" in body
    assert '<p class="note" data-kind="withheld">8개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다.</p>' in page
    assert '<p class="note" data-kind="untranslated">1개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.</p>' in page
    assert "8 sentences appear in English until their translation is reviewed." in page
    text = (project / "build" / "ko" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert "[기계 번역]" not in text and "[원문 수정됨]" not in text and "[검토 중]" not in text
    assert text.endswith(
        "※ 8개 문장은 번역 검토가 끝나지 않아 영어 원문으로 싣습니다.\n\n※ 1개 문장은 아직 번역되지 않아 영어 원문으로 싣습니다.\n"
    )


@pytest.mark.parametrize("reviewed_only", [False, True])
def test_the_mo_holds_published_states_only(project, invoke, engine, reviewed_only):
    import gettext

    where = every_state(project, invoke)
    result = invoke(project, "build", "--mo", *(["--reviewed-only"] if reviewed_only else []))
    ran(result)  # the reviewers' texts fail checks: exit 1, pages written
    for state, (doc, msgid) in where.items():
        with (project / "build" / "ko" / "LC_MESSAGES" / f"{doc}.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        translation = by_msgid(read_po(po_path(project, doc)))[msgid].msgstr
        if state.published:
            assert compiled.gettext(msgid) == translation != msgid, state
        else:
            # Not compiled: gettext falls back to the source. An out-of-date translation translates another
            # sentence (the previous msgid); a fuzzy text nobody vouched for is not published.
            assert compiled.gettext(msgid) == msgid, state
