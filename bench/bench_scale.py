"""Corpus scale: synthetic projects of 100 and 1,000 real-looking articles, MT off.

    python bench/bench_scale.py                      # 100 and 1,000 documents, median of 3
    python bench/bench_scale.py --documents 100 --repeat 1

Each document is a news article of 12-40 sentences built from diplomatic
phrasing (leaders, ministers, summits, dates, numbers, glossary terms), with
the repository's glossary. For each size the script times, as a user runs
them (``dipl10n`` in a fresh process, ``--no-mt``):

* the first ``run`` (templates, catalogs, pages, checks);
* a rerun with nothing changed, right after the first run;
* a settled rerun: nothing changed and every file older than the stat
  shortcut's settling time (the steady state of a project between edits);
* ``status`` on that unchanged project (answered from the run state);
* a rerun after one sentence of one document was edited;
* ``check`` alone and ``build`` alone;

and prints the median and the peak resident memory (the child's max RSS).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PEOPLE = [
    ("President Yoon Suk-yeol", "President Yoon"), ("Secretary General Jens Stoltenberg", "Stoltenberg"),
    ("Prime Minister Kishida Fumio", "Kishida"), ("President Joe Biden", "Biden"),
    ("Foreign Minister Cho Tae-yul", "Cho"), ("Secretary of State Antony Blinken", "Blinken"),
    ("Defense Minister Shin Won-sik", "Shin"), ("Secretary General Mark Rutte", "Rutte"),
]
PLACES = ["Washington", "Seoul", "Vilnius", "Brussels", "Tokyo", "Madrid", "Canberra", "Singapore"]
TOPICS = [
    "cyber defense", "disinformation", "hybrid threats", "maritime security", "supply chains",
    "critical technologies", "humanitarian assistance to Ukraine", "nuclear deterrence", "space security",
    "the Indo-Pacific", "arms control", "energy security", "counterterrorism", "emerging technologies",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TEMPLATES = [
    "{p} met with {q} in {place} on {date} and exchanged views on {topic}.",
    "The two leaders agreed to strengthen cooperation in {topic} and {topic2}.",
    "{short} said that the partnership between the Republic of Korea and NATO has grown over {n} years.",
    "Both sides expressed grave concern over the DPRK's {n} ballistic missile launches this year.",
    "{short} welcomed the progress of the NATO-ROK Individualized Tailored Partnership Program (ITPP).",
    "The ministers discussed {topic} and the security situation in {place}.",
    "According to the statement, the allies will invest {money} billion dollars in {topic} by {year}.",
    "{short} noted that {pct} percent of the budget would go to {topic}.",
    "The meeting, held from {month} {d1} to {d2}, {year}, brought together {n} delegations.",
    "In response, {short} stressed the importance of {topic} for the Indo-Pacific partners.",
    "{p} also thanked {q} for the support of the Korea-NATO partnership.",
    "The leaders condemned Russia's war against Ukraine and the Russo-DPRK military cooperation.",
    "Officials said further talks on {topic} would take place in {place} in {month}.",
    "{short} emphasized that the UN Security Council resolutions must be fully implemented.",
]


def sentence(rng: random.Random) -> str:
    p, short = rng.choice(PEOPLE)
    q, _ = rng.choice(PEOPLE)
    month = rng.choice(MONTHS)
    d1 = rng.randint(1, 25)
    return rng.choice(TEMPLATES).format(
        p=p, q=q, short=short, place=rng.choice(PLACES), date=f"{month} {rng.randint(1, 28)}",
        topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS), n=rng.randint(2, 75), money=rng.randint(1, 90),
        year=rng.randint(2023, 2030), pct=rng.randint(2, 60), month=month, d1=d1, d2=d1 + rng.randint(1, 3),
    )


def article(rng: random.Random, number: int) -> str:
    paragraphs = []
    left = rng.randint(12, 40) - 3
    while left > 0:
        size = min(left, rng.randint(1, 4))
        paragraphs.append(" ".join(f"{sentence(rng)[:-1]} ({number}-{rng.randint(0, 10**6)})." for _ in range(size)))
        left -= size
    head = (
        "---\nkicker: Diplomacy\n"
        f"headline: {rng.choice(PEOPLE)[1]} meets counterparts in {rng.choice(PLACES)} ({number})\n"
        f"standfirst: Talks on {rng.choice(TOPICS)} and {rng.choice(TOPICS)}\n"
        "byline: By Diplomacy Journal\n"
        f"date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n\n"
    )
    return head + "\n\n".join(paragraphs) + "\n"


def make_project(root: Path, documents: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "source").mkdir(parents=True)
    for number in range(documents):
        (root / "source" / f"article-{number:05d}.md").write_text(article(rng, number), encoding="utf-8")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text(
        '[tool.dipl10n]\nproject = "Diplomacy Journal"\nlanguages = ["ko"]\n', encoding="utf-8"
    )


def timed(root: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak MiB of ``dipl10n ARGS`` in a fresh process (exit 0 or 1: checks may fail)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "dipl10n", *args, "--project", str(root)],
        capture_output=True, text=True, env={**os.environ, "DIPL10N_LOCK_TIMEOUT": "0"},
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"dipl10n {' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(before, after) / 1024


def edit_one_sentence(root: Path, round_: int) -> None:
    path = sorted((root / "source").glob("*.md"))[len(list((root / "source").glob("*.md"))) // 2]
    text = path.read_text(encoding="utf-8")
    body = text.rsplit("---\n", 1)
    body[1] = body[1].replace(" agreed ", f" decided ({round_}) ", 1) if " agreed " in body[1] else body[1].replace(
        ".", f" (edit {round_}).", 1
    )
    path.write_text("---\n".join(body), encoding="utf-8")


def measure(documents: int, repeat: int) -> dict[str, tuple[float, float]]:
    results: dict[str, list[tuple[float, float]]] = {}
    for attempt in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            make_project(root, documents)
            results.setdefault("first run", []).append(timed(root, "run", "--no-mt"))
            results.setdefault("unchanged rerun", []).append(timed(root, "run", "--no-mt"))
            time.sleep(3.5)  # every file settles (dipl10n.run.incremental._SETTLED_NS); a rerun records their stats
            timed(root, "run", "--no-mt")
            results.setdefault("settled rerun", []).append(timed(root, "run", "--no-mt"))
            results.setdefault("status", []).append(timed(root, "status"))
            edit_one_sentence(root, attempt)
            results.setdefault("one-sentence edit", []).append(timed(root, "run", "--no-mt"))
            results.setdefault("check", []).append(timed(root, "check"))
            results.setdefault("build", []).append(timed(root, "build"))
    return {
        name: (statistics.median(t for t, _ in values), max(m for _, m in values)) for name, values in results.items()
    }


def segments(documents: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        make_project(root, documents)
        sys.path.insert(0, str(REPO / "src"))
        from dipl10n.project.session import Project

        project = Project.load(root)
        return sum(len({s.text for s in project.segments(doc)}) for doc in project.documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is printed")
    args = parser.parse_args()
    names = ["first run", "unchanged rerun", "settled rerun", "status", "one-sentence edit", "check", "build"]
    print(f"{'documents (segments)':<22}" + "".join(f"| {n:>18} " for n in names) + "| peak MiB")
    for documents in args.documents:
        rows = measure(documents, args.repeat)
        label = f"{documents} ({segments(documents)})"
        peak = max(m for _, m in rows.values())
        print(f"{label:<22}" + "".join(f"| {rows[n][0]:>17.2f}s " for n in names) + f"| {peak:.0f}", flush=True)


if __name__ == "__main__":
    main()
