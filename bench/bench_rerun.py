"""Benchmark: `dipl10n run` again on an unchanged project of 10,000 segments.

The first run drafts every segment with a counting engine (an identity
function standing in for the model: this benchmark measures the pipeline, not
the model); the rerun must make zero engine calls and finish quickly.
Each stage of the rerun is timed in-process, then the whole command as a user
runs it (a fresh process, imports included).

    .venv/bin/python bench/bench_rerun.py [--segments 10000] [--documents 20]

Prints timings of one run (no asserts): machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUBJECTS = ["The minister", "A spokesperson", "The delegation", "NATO", "The Secretary General", "Seoul", "The envoy"]
VERBS = ["said", "noted", "stressed", "announced", "confirmed", "warned", "agreed"]
OBJECTS = [
    "that cooperation on cyber defense would deepen",
    "that the talks on disinformation had made progress",
    "plans for a joint exercise in the Indo-Pacific",
    "that the DPRK had launched another missile",
    "a new round of consultations with the ROK",
    "that hybrid threats required a united response",
]


class CountingEngine:
    """Copies its input; counts the sentences it was asked to translate."""

    def __init__(self) -> None:
        from dipl10n.mt.engine import EngineInfo

        self.info = EngineInfo("bench", "translate-en_ko", "1.0")
        self.sentences = 0

    def translate(self, sources, *, progress=None):
        self.sentences += len(sources)
        return list(sources)

    def unknown_pieces(self, text):
        return []


def make_project(root: Path, segments: int, documents: int) -> None:
    rng = random.Random(1)
    (root / "source").mkdir(parents=True)
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "pyproject.toml").write_text('[tool.dipl10n]\nproject = "Bench"\n', encoding="utf-8")
    per_doc = segments // documents
    serial = 0
    for d in range(documents):
        paragraphs = []
        for _ in range(per_doc // 4):
            sentences = []
            for _ in range(4):
                serial += 1
                sentences.append(
                    f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in statement {serial}."
                )
            paragraphs.append(" ".join(sentences))
        (root / "source" / f"article-{d:03d}.md").write_text(
            f"---\nheadline: Article {d}\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"  {label:<34} {elapsed:7.3f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--documents", type=int, default=20)
    args = parser.parse_args()

    from dipl10n.project.session import Project
    from dipl10n.run.pipeline import extract, run_project, sync
    from dipl10n.run.results import DraftOptions
    from dipl10n.site.index import build_all

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        make_project(root, args.segments, args.documents)
        engine = CountingEngine()
        options = DraftOptions(lambda lang: engine)

        print(f"project: {args.documents} documents, {args.segments} segments")
        print("first run (drafts everything):")
        # A new Project for each command, as the CLI makes one (a Project caches what it read).
        _, first = timed("run_project", lambda: run_project(Project.load(root), draft=options))
        print(f"  engine sentences: {engine.sentences}")

        engine.sentences = 0
        print("rerun, nothing changed:")
        report, rerun = timed("run_project (in-process)", lambda: run_project(Project.load(root), draft=options))
        print(f"  engine sentences: {engine.sentences}, skipped as unchanged: {report.unchanged}")
        command = [sys.executable, "-m", "dipl10n", "run", "--project", str(root)]
        _, process = timed("dipl10n run (fresh process)", lambda: subprocess.run(command, check=True, capture_output=True))

        print("the same rerun with every stage doing its work (without the state of the last run):")
        project = Project.load(root)
        with project.lock():
            (_, templates), t_extract = timed("extract (read, segment, compare)", lambda: extract(project))
            report, t_sync = timed("update + draft (no engine call)", lambda: sync(project, templates, draft=options))
            _, t_build = timed("build (nothing to write)", lambda: build_all(project))
        written = sum(r.written for r in report.catalogs)
        full = t_extract + t_sync + t_build
        print(f"  {'total':<34} {full:7.3f} s   engine sentences: {engine.sentences}, catalogs written: {written}")
        print(f"ratios (one run): first run / rerun = {first / rerun:.0f}x; "
              f"full stages / rerun = {full / rerun:.0f}x; rerun as a command = {process:.2f} s")


if __name__ == "__main__":
    main()
