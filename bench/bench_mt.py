"""Measure dipl10n's batched MT engine against the ways it could have been driven.

    .venv/bin/python bench/bench_mt.py [--sentences 1000] [--one-by-one 100] [--threads 2]
                                       [--cap 40] [--repeat 2] [--seed 20240711] [--batching N]
                                       [--executor local|ray] [--device cpu|cuda]

Builds (in a temporary directory) a SentencePiece model trained on generated
news-like sentences and a random-weight Transformer-base model (6+6 layers,
d_model 512, 8 heads, FFN 2048, 32,000-entry vocabulary, int8), packs them as
an ``.argosmodel`` and installs it with ``dipl10n.mt.packages``. Then, on the same
``--sentences`` sentences, beam 4, ``--threads`` intra-op threads:

(i)   ``ArgosEngine.translate`` (tokenize, sort, batch, decode) against one raw
      CTranslate2 ``translate_batch`` call on pre-tokenized input with the
      same options and token batching (``batch_type="tokens"``): the engine's
      overhead.
(ii)  against translating sentence by sentence, one ``translate_batch`` call
      per sentence (tokenize and decode included), which is what
      ``argostranslate.translate`` does for one-sentence paragraphs. Run on
      the first ``--one-by-one`` sentences and scaled per sentence.
(b)   with ``--batching N``, on the first N sentences: the engine's own
      length-sorted chunking at several ``max_batch_tokens``, and
      CTranslate2's internal rebatching of one big call, to pick defaults.

With ``--executor ray`` it measures instead:

(r)   the local ``ArgosEngine.translate`` against the same sentences drafted
      by ``RayEngine`` (``executor = "ray"``) on a Ray cluster started on this
      machine: one worker with all ``--threads`` threads (the local engine's
      layout, so the ratio is Ray's own cost), and ``--threads`` workers of
      one thread each. Sentences/s of each and the ratio Ray/local (target
      <= 1.3x); the actors' start-up (cluster, actors, model loads) is
      reported apart. On ``--device cuda``: one worker per GPU.

``--device cuda`` runs everything on a GPU (CTranslate2 must see one: with
none, the script says so and exits 2 before building anything).

A random model almost never emits the end token, so every variant decodes to
the same fixed cap (``--cap`` target tokens; the engine's proportional cap is
switched off via ``max_decoding_ratio=0``) and all variants produce outputs of
the same length. Times are the best of ``--repeat`` runs, variants taking
turns; both elapsed (wall) and process CPU time are shown, the latter being
less disturbed by other processes on a shared machine (for Ray, only wall:
the actors' CPU time is not this process's). A measurement, not a gate: it
asserts nothing and exits 0 (2 when ``--device cuda`` finds no GPU or
``--executor ray`` finds no Ray).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Own vocabulary for generated sentences (not from any test set).
SUBJECTS = [
    "The foreign minister", "South Korea's defense ministry", "A senior U.S. official",
    "The NATO secretary general", "Japan's prime minister", "The presidential office",
    "Negotiators from both sides", "The unification ministry", "China's foreign ministry spokesperson",
    "The European Union's envoy", "Lawmakers of the ruling party", "The ambassador to Washington",
    "Officials in Pyongyang", "The trade minister", "A joint task force", "The national security adviser",
]
VERBS = [
    "said", "announced", "warned", "confirmed", "denied", "stressed", "told reporters",
    "agreed", "signalled", "reiterated", "proposed", "rejected claims",
]
OBJECTS = [
    "that talks on maritime security would resume next week",
    "a new framework for export controls on semiconductors",
    "that the NATO-ROK partnership would deepen in cyber defense",
    "a 3.5% rise in bilateral trade during the first quarter",
    "plans to hold a trilateral summit in Seoul before the end of the year",
    "that sanctions would remain until verifiable steps are taken",
    "an agreement on supply chains for critical minerals",
    "that 1,200 troops would take part in the joint exercise",
    "concerns over missile launches into the East Sea",
    "that humanitarian aid of $12 million had been approved",
    "a proposal to reopen the liaison office at Kaesong",
    "that the summit communique called for restraint",
]
TAILS = [
    "", " on Tuesday", " after a two-hour meeting", ", according to Yonhap",
    " in a statement released at 3:45 p.m.", " despite objections from the opposition",
    " during a visit to Geneva", ", citing unnamed diplomats", " in an interview with reporters",
]
OPENERS = ["", "", "", "However, ", "On Monday, ", "In a rare move, ", "Meanwhile, ", "As expected, "]


def generate_sentences(count: int, seed: int) -> list[str]:
    """Deterministic, varied news-like sentences of 8-45 words (mean about 26)."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        clauses = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}"
            for _ in range(rng.choice([1, 1, 1, 1, 2, 2]))
        ]
        joiner = rng.choice([", while ", "; ", ", and "])
        text = rng.choice(OPENERS) + joiner.join(clauses)
        sentences.append(text[0].upper() + text[1:] + ".")
    return sentences


@dataclasses.dataclass(frozen=True)
class Timing:
    """Best wall-clock and best process CPU time (all threads) over some runs."""

    wall: float
    cpu: float


def measure(repeat: int, run: Callable[[], Any]) -> tuple[Timing, Any]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(min(walls), min(cpus)), result


def alternate(repeat: int, runs: dict[str, Callable[[], Any]]) -> dict[str, tuple[Timing, Any]]:
    """Run the variants in turn, ``repeat`` rounds, so background load hits all alike."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            timing, results[name] = measure(1, run)
            walls[name].append(timing.wall)
            cpus[name].append(timing.cpu)
    return {name: (Timing(min(walls[name]), min(cpus[name])), results[name]) for name in runs}


def draft_stage(project: Path, sentences: list[str], engine: Any) -> Callable[[], int]:
    """The whole ``dipl10n draft`` stage on a project holding ``sentences``, from empty catalogs.

    One paragraph per sentence and no glossary, so the engine sees exactly the
    raw variant's input. Each call starts again without catalogs or memory.
    """
    import shutil

    from dipl10n.project.session import Project
    from dipl10n.run.pipeline import extract, sync
    from dipl10n.run.results import DraftOptions

    (project / "source").mkdir(parents=True)
    (project / "source" / "bench.md").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    options = DraftOptions(lambda lang: engine)

    def run() -> int:
        shutil.rmtree(project / "locales", ignore_errors=True)
        shutil.rmtree(project / ".dipl10n", ignore_errors=True)
        loaded = Project.load(project, glossary=False)  # a new Project each call, as each command makes one
        _, templates = extract(loaded)
        report = sync(loaded, templates, draft=options)
        return report.fills.machine

    return run


def compare_ray(args: argparse.Namespace, root: Path, settings: Any, local: Any, sentences: list[str]) -> None:
    """(r): the local engine against RayEngine on a Ray cluster of this machine, same sentences and settings."""
    import ray

    from dipl10n.mt.engine import RayEngine, load_engine

    start = time.perf_counter()
    ray.init(
        num_cpus=os.cpu_count(),
        include_dashboard=False,
        _temp_dir=str(root / "ray"),
        logging_level="WARNING",
        log_to_driver=False,
    )
    cluster_s = time.perf_counter() - start
    resources = ray.cluster_resources()
    if args.device == "cuda":
        layouts = [(int(resources.get("GPU", 1)), 1)]
    else:
        layouts = [(1, args.threads)] + ([(args.threads, 1)] if args.threads > 1 else [])
    total = len(sentences)
    print(f"(r)  Ray on this machine: ray {ray.__version__}, {int(resources.get('CPU', 0))} CPUs, "
          f"{int(resources.get('GPU', 0))} GPUs; cluster started in {cluster_s:.1f} s; wall times, best of {args.repeat}, "
          "local and Ray taking turns")
    for workers, cpus in layouts:
        # One layout at a time: each takes the whole machine.
        config = dataclasses.replace(
            settings, executor="ray", workers=workers, cpus_per_worker=cpus, intra_threads=cpus
        )
        start = time.perf_counter()
        ray_engine = load_engine(config, "ko")
        assert isinstance(ray_engine, RayEngine)
        started_s = time.perf_counter() - start
        ray_engine.translate(sentences[:32])  # warm-up, as for the local engine
        timed = alternate(
            args.repeat,
            {"local": lambda: local.translate(sentences), "ray": lambda e=ray_engine: e.translate(sentences)},
        )
        ray_engine.close()
        (local_t, local_out), (ray_t, ray_out) = timed["local"], timed["ray"]
        same = sum(a == b for a, b in zip(ray_out, local_out, strict=True))
        name = f"{ray_engine.info.runs_on} ({workers} x {cpus} thread{'s' if cpus > 1 else ''})"
        print(f"     local, {local.info.runs_on:38s} wall {local_t.wall:7.2f} s  ({total / local_t.wall:6.1f} sentences/s)")
        print(f"     {name:46s} wall {ray_t.wall:7.2f} s  ({total / ray_t.wall:6.1f} sentences/s)")
        print(f"     ratio ray/local {ray_t.wall / local_t.wall:.3f}x (target <= 1.30x); actors started in {started_s:.1f} s; "
              f"output equals local for {same}/{total} sentences")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    ray.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--one-by-one", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cap", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20240711)
    parser.add_argument("--batching", type=int, default=0, metavar="N",
                        help="also run (b) on the first N sentences")
    parser.add_argument("--executor", choices=("local", "ray"), default="local",
                        help="ray: compare the local engine with the Ray executor on this machine (r)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu",
                        help="where CTranslate2 runs the model (cuda: needs a GPU CTranslate2 sees)")
    args = parser.parse_args(argv)

    import ctranslate2

    if args.device == "cuda":
        try:
            gpus = ctranslate2.get_cuda_device_count()
        except RuntimeError as exc:  # a CUDA build without a driver
            gpus, why = 0, f" ({exc})"
        else:
            why = ""
        if gpus == 0:
            print(f"bench_mt.py: --device cuda: CTranslate2 {ctranslate2.__version__} sees no GPU{why}; "
                  "run it on a machine with an NVIDIA GPU and driver, or use --device cpu", file=sys.stderr)
            return 2
    if args.executor == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            print("bench_mt.py: --executor ray needs Ray: pip install 'dipl10n[ray]'", file=sys.stderr)
            return 2

    from dipl10n import testing
    from dipl10n.mt.engine import ArgosEngine, load_engine
    from dipl10n.mt.packages.store import install_from_file
    from dipl10n.project.config import MTConfig

    sentences = generate_sentences(args.sentences, args.seed)
    root = Path(tempfile.mkdtemp(prefix="dipl10n-bench-mt-"))
    start = time.perf_counter()
    sp_model = testing.train_sentencepiece(
        root / "sentencepiece.model", generate_sentences(5000, args.seed + 1), 8000, model_type="bpe"
    )
    model_dir = testing.build_random_model(root / "model", sp_model)
    package = testing.build_argos_package(root / "dist", model_dir=model_dir, sp_model=sp_model)
    install_from_file(package, packages_dir=root / "packages")
    build_s = time.perf_counter() - start

    settings = MTConfig(
        packages_dir=root / "packages",
        beam_size=4,
        inter_threads=1,
        intra_threads=args.threads,
        max_decoding_ratio=0.0,
        max_decoding_margin=args.cap,
        max_decoding_length=args.cap,
        device=args.device,
    )
    engine = load_engine(settings, "ko")
    assert isinstance(engine, ArgosEngine)
    translator = engine._translator
    sp = engine._tokenizer
    tokenized = [engine.pieces(s) for s in sentences]
    lengths = [len(t) for t in tokenized]
    options: dict[str, Any] = dict(
        beam_size=settings.beam_size,
        length_penalty=settings.length_penalty,
        max_decoding_length=args.cap,
        replace_unknowns=settings.replace_unknowns,
    )

    print(f"ctranslate2 {ctranslate2.__version__}, compute type {translator.compute_type}, "
          f"intra_threads {args.threads}, beam {settings.beam_size}, cap {args.cap} target tokens, "
          f"max_batch_tokens {settings.max_batch_tokens}")
    print(f"model: random Transformer-base (6+6 layers, d_model 512, 8 heads, FFN 2048, "
          f"vocab 32000, int8); built in {build_s:.1f} s")
    print(f"input: {len(sentences)} sentences, {sum(lengths)} source tokens "
          f"(mean {statistics.mean(lengths):.1f}, max {max(lengths)}); best of {args.repeat}; "
          "wall = elapsed, cpu = process CPU time of all threads")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"model on {engine.info.runs_on}")
    print()

    engine.translate(sentences[:32])  # warm-up: the first call allocates caches
    if args.executor == "ray":
        compare_ray(args, root, settings, engine, sentences)
        sys.stdout.flush()
        return 0

    def raw() -> list[list[str]]:
        results = translator.translate_batch(
            tokenized, max_batch_size=settings.max_batch_tokens, batch_type="tokens", **options
        )
        return [r.hypotheses[0] for r in results]

    draft = draft_stage(root / "project", sentences, engine)
    timed = alternate(
        args.repeat, {"engine": lambda: engine.translate(sentences), "raw": raw, "draft": draft}
    )
    engine_t, engine_out = timed["engine"]
    raw_t, raw_out = timed["raw"]
    draft_t, drafted = timed["draft"]
    raw_lengths = sorted({len(h) for h in raw_out})
    identical = sum(e == sp.decode(h) for e, h in zip(engine_out, raw_out, strict=False))

    n = max(1, min(args.one_by_one, len(sentences)))

    def one_by_one() -> list[str]:
        out = []
        for sentence in sentences[:n]:
            result = translator.translate_batch([sp.encode(sentence)], **options)
            out.append(sp.decode(result[0].hypotheses[0]))
        return out

    single_t, _ = measure(args.repeat, one_by_one)
    total = len(sentences)

    print("(i)  overhead of ArgosEngine.translate over one raw translate_batch call")
    print(f"     engine      wall {engine_t.wall:7.2f} s  cpu {engine_t.cpu:7.2f} s  "
          f"({total / engine_t.wall:5.1f} sentences/s)")
    print(f"     raw CT2     wall {raw_t.wall:7.2f} s  cpu {raw_t.cpu:7.2f} s  "
          f"({total / raw_t.wall:5.1f} sentences/s)")
    print(f"     ratio engine/raw: wall {engine_t.wall / raw_t.wall:.3f}x, "
          f"cpu {engine_t.cpu / raw_t.cpu:.3f}x   (target <= 1.10x)")
    print(f"     raw hypothesis lengths {raw_lengths}; engine output equals decoded raw "
          f"output for {identical}/{total} sentences")
    print(f"     dipl10n draft  wall {draft_t.wall:7.2f} s  cpu {draft_t.cpu:7.2f} s  "
          f"(extract, merge, protect, translate, restore, write the catalog; {drafted} entries drafted)")
    print(f"     ratio draft/raw: wall {draft_t.wall / raw_t.wall:.3f}x, "
          f"cpu {draft_t.cpu / raw_t.cpu:.3f}x   (target <= 1.10x)")
    print()
    print(f"(ii) sentence by sentence (one translate_batch per sentence), first {n} sentences, "
          "scaled per sentence")
    print(f"     one by one  wall {single_t.wall / n * 1000:6.1f} ms/sentence  "
          f"cpu {single_t.cpu / n * 1000:6.1f} ms/sentence")
    print(f"     engine      wall {engine_t.wall / total * 1000:6.1f} ms/sentence  "
          f"cpu {engine_t.cpu / total * 1000:6.1f} ms/sentence")
    print(f"     speed-up engine vs one by one: wall "
          f"{(single_t.wall / n) / (engine_t.wall / total):.2f}x, cpu "
          f"{(single_t.cpu / n) / (engine_t.cpu / total):.2f}x   (target >= 4x)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if args.batching:
        subset = sentences[: args.batching]
        subset_tokens = tokenized[: args.batching]
        runs: dict[str, Callable[[], Any]] = {}
        for budget in (512, 1024, 2048, 4096, 8192):
            variant = ArgosEngine(engine.package, dataclasses.replace(settings, max_batch_tokens=budget))
            variant._translator = translator
            runs[f"engine, own sorted chunks, max_batch_tokens {budget:5d}"] = (
                lambda variant=variant: variant.translate(subset)
            )
        for size, kind in ((2048, "tokens"), (4096, "tokens"), (32, "examples"), (64, "examples")):
            runs[f"raw CT2 rebatching, max_batch_size {size:4d} {kind:8s}"] = (
                lambda size=size, kind=kind: translator.translate_batch(
                    subset_tokens, max_batch_size=size, batch_type=kind, **options
                )
            )
        print()
        print(f"(b) batching choices on the first {len(subset)} sentences, same cap")
        for name, (timing, _) in alternate(args.repeat, runs).items():
            print(f"     {name}: wall {timing.wall:6.2f} s  cpu {timing.cpu:6.2f} s")
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
