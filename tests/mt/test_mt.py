"""dipl10n.mt.engine: the Argos/CTranslate2 engine, on real models built by the tests.

The identity model (dipl10n.testing.build_identity_model) copies its source
token for token through CTranslate2's beam search, so every output must equal
its input exactly: any slip in sorting, batching, windowing, prefix stripping
or detokenisation shows as a wrong string. The tiny random model checks that
nothing crashes on hostile input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipl10n.errors import ConfigError, EngineUnavailable
from dipl10n.mt.engine import ArgosEngine, Engine, EngineInfo, engine_factory, load_engine
from dipl10n.mt.packages.directory import list_installed
from dipl10n.mt.packages.store import install_from_file
from dipl10n.project.config import MTConfig
from helpers import argos as af

pytestmark = pytest.mark.slow

# Source length limit of the identity model used below is 320 pieces.
IDENTITY_LIMITS = {"max_input_tokens": 300}

SENTENCES = [
    "The foreign ministers of South Korea and Japan met in Seoul on Tuesday.",
    "NATO-ROK",
    "Exports rose 3.5% in the first quarter; imports fell by 2.1% (year on year).",
    "",
    "\"We will not accept unilateral changes,\" the spokesperson said at 3:45 p.m.",
    "한국 외교부는 화요일 성명을 발표했다.",
    "Émigré café naïve — “quoted” ‘text’ … 😀👍🏽 ZWJ 👩‍👩‍👧 é̃ ﬁ Ω ١٢٣ שלום עולם",
    "Tab\tinside and  double  spaces and a_b __init__ x",
    "  leading and trailing whitespace \n",
    "   ",
    " ".join(["The delegation discussed sanctions, trade, and maritime security."] * 4),
    "President Lee Jae-myung will visit Washington next month.",
]


@pytest.fixture(scope="module")
def argos_installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages dir into which Argos Translate's own installer put the identity package."""
    packages_dir = tmp_path_factory.mktemp("argos-installed") / "packages"
    packages_dir.mkdir()
    af.install_with_argos([af.package_file(tmp_path_factory)], packages_dir)
    return packages_dir


@pytest.fixture(scope="module")
def identity(argos_installed: Path) -> ArgosEngine:
    engine = load_engine(MTConfig(packages_dir=argos_installed, **IDENTITY_LIMITS), "ko")
    assert isinstance(engine, ArgosEngine)
    return engine


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> ArgosEngine:
    packages_dir = tmp_path_factory.mktemp("tiny") / "packages"
    install_from_file(af.package_file(tmp_path_factory, "tiny"), packages_dir=packages_dir)
    engine = load_engine(MTConfig(packages_dir=packages_dir, max_decoding_length=64), "ko")
    assert isinstance(engine, ArgosEngine)
    return engine


class CallCounter:
    """Wraps a CTranslate2 Translator and records each translate_batch call."""

    def __init__(self, translator: Any) -> None:
        self.translator = translator
        self.batches: list[list[list[str]]] = []
        self.caps: list[int] = []

    def translate_batch(self, source: list[list[str]], **options: Any) -> Any:
        self.batches.append(source)
        self.caps.append(options["max_decoding_length"])
        return self.translator.translate_batch(source, **options)


def counted(engine: ArgosEngine, monkeypatch: pytest.MonkeyPatch) -> CallCounter:
    counter = CallCounter(engine._translator)
    monkeypatch.setattr(engine, "_translator", counter)
    return counter


def test_argos_installer_layout_is_what_dipl10n_lists(argos_installed: Path) -> None:
    (package,) = list_installed(argos_installed)
    assert (package.code, package.from_code, package.to_code, package.package_version) == (
        "translate-en_ko",
        "en",
        "ko",
        "1.0",
    )
    assert package.path == argos_installed / "translate-en_ko-1_0"


def test_identity_engine_returns_every_input_in_one_batched_call(
    identity: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = counted(identity, monkeypatch)
    assert identity.translate(SENTENCES) == SENTENCES
    # Empty and whitespace-only segments never reach the model.
    assert len(counter.batches) == 1
    assert len(counter.batches[0]) == len(SENTENCES) - 2
    # Sorted by length, shortest first.
    lengths = [len(tokens) for tokens in counter.batches[0]]
    assert lengths == sorted(lengths)


def test_identity_engine_long_sentence_over_one_hundred_pieces(identity: ArgosEngine) -> None:
    long = " ".join(
        f"Clause {n}: the parties reaffirm commitment No. {n * 7} — «ratified» in 20{n:02d}."
        for n in range(8)
    )
    assert len(identity.pieces(long)) > 150
    assert identity.translate([long, "short", long[::-1]]) == [long, "short", long[::-1]]


def test_many_small_batches_keep_input_order(
    identity: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = ArgosEngine(identity.package, MTConfig(max_batch_tokens=60, **IDENTITY_LIMITS))
    counter = counted(engine, monkeypatch)
    sources = [f"Item {n}: " + "word " * (n % 7) + "end." for n in range(25)]
    assert engine.translate(sources) == sources
    assert len(counter.batches) > 3
    for batch in counter.batches:
        # The padded width of a batch stays within the token budget.
        assert len(batch) == 1 or len(batch) * (max(map(len, batch)) + 1) <= 60


def test_decoding_cap_follows_each_batch_longest_input(
    identity: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = MTConfig(
        max_batch_tokens=40, max_decoding_ratio=1.5, max_decoding_margin=3, **IDENTITY_LIMITS
    )
    engine = ArgosEngine(identity.package, settings)
    counter = counted(engine, monkeypatch)
    sources = ["Seoul", "NATO-ROK talks", "officials said 3.5% growth in exports"]
    assert engine.translate(sources) == sources
    expected = [min(512, -(-3 * max(map(len, b)) // 2) + 3) for b in counter.batches]
    assert counter.caps == expected
    assert len(set(counter.caps)) > 1


def test_over_long_input_is_translated_in_windows_not_truncated(
    identity: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = ArgosEngine(identity.package, MTConfig(max_input_tokens=40))
    counter = counted(engine, monkeypatch)
    text = " ".join(f"sentence {n} of the communique." for n in range(20))
    assert len(engine.pieces(text)) > 120
    assert engine.translate([text, "Seoul"]) == [text, "Seoul"]
    windows = [tokens for batch in counter.batches for tokens in batch]
    assert len(windows) >= 4
    assert all(len(tokens) <= 40 for tokens in windows)


def test_translation_is_deterministic_and_order_independent(identity: ArgosEngine) -> None:
    first = identity.translate(SENTENCES)
    second = identity.translate(SENTENCES)
    backwards = identity.translate(SENTENCES[::-1])
    assert first == second == SENTENCES
    assert backwards == SENTENCES[::-1]


@pytest.mark.parametrize("max_batch_tokens", [1, 50, 100_000])
def test_progress_reports_cumulative_finished_segments(
    identity: ArgosEngine, max_batch_tokens: int
) -> None:
    engine = ArgosEngine(
        identity.package, MTConfig(max_batch_tokens=max_batch_tokens, **IDENTITY_LIMITS)
    )
    seen: list[int] = []
    assert engine.translate(SENTENCES, progress=seen.append) == SENTENCES
    assert seen == sorted(seen)
    assert seen[-1] == len(SENTENCES)
    if max_batch_tokens == 1:
        # One segment per batch: every step is reported.
        assert seen == list(range(3, len(SENTENCES) + 1))


@pytest.mark.parametrize("sources", [[], [""], ["", "  \n"]])
def test_nothing_to_translate_never_calls_the_model(
    identity: ArgosEngine, monkeypatch: pytest.MonkeyPatch, sources: list[str]
) -> None:
    counter = counted(identity, monkeypatch)
    seen: list[int] = []
    assert identity.translate(sources, progress=seen.append) == sources
    assert counter.batches == []
    assert seen == [len(sources)]


def test_target_prefix_is_passed_and_stripped(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    package = af.package_file(tmp_path_factory, "identity-prefix", target_prefix="__ko__")
    installed = install_from_file(package, packages_dir=tmp_path / "packages")
    assert installed.target_prefix == "__ko__"
    engine = load_engine(MTConfig(packages_dir=tmp_path / "packages", **IDENTITY_LIMITS), "ko")
    assert engine.translate(SENTENCES) == SENTENCES


def test_dipl10n_installer_gives_the_same_engine(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    install_from_file(af.package_file(tmp_path_factory), packages_dir=tmp_path / "packages")
    engine = load_engine(MTConfig(packages_dir=tmp_path / "packages", **IDENTITY_LIMITS), "ko")
    assert engine.info == EngineInfo("argos", "translate-en_ko", "1.0")
    assert engine.translate(SENTENCES) == SENTENCES


def test_engine_info_describes_itself(identity: ArgosEngine) -> None:
    assert identity.info.describe() == "argos translate-en_ko 1.0"
    assert str(identity.info) == "argos translate-en_ko 1.0"
    assert isinstance(identity, Engine)


def test_pieces_are_the_packages_sentencepiece_pieces(
    identity: ArgosEngine, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(af.sp_model(tmp_path_factory)))
    for text in ["NATO-ROK talks", "Ω and 😀", "a_b"]:
        assert identity.pieces(text) == processor.encode(text, out_type=str)


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("the talks", []),
        ("Ω", ["<0xCE>", "<0xA9>"]),
        ("the 😀", ["<0xF0>", "<0x9F>", "<0x98>", "<0x80>"]),
    ],
)
def test_unknown_pieces_are_byte_fallbacks(
    identity: ArgosEngine, text: str, unknown: list[str]
) -> None:
    assert identity.unknown_pieces(text) == unknown


@pytest.fixture(scope="module")
def identity_bpe(tmp_path_factory: pytest.TempPathFactory) -> ArgosEngine:
    """The identity model in a package that ships ``bpe.model`` (Moses + BPE) instead of SentencePiece."""
    packages_dir = tmp_path_factory.mktemp("bpe") / "packages"
    installed = install_from_file(af.package_file(tmp_path_factory, "identity-bpe"), packages_dir=packages_dir)
    assert installed.path is not None and (installed.path / "bpe.model").is_file()
    assert not (installed.path / "sentencepiece.model").exists()
    engine = load_engine(MTConfig(packages_dir=packages_dir, **IDENTITY_LIMITS), "ko")
    assert isinstance(engine, ArgosEngine)
    return engine


def test_a_bpe_package_is_tokenized_by_argos_moses_and_bpe(
    identity_bpe: ArgosEngine, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from argostranslate.tokenizer import BPETokenizer

    library = BPETokenizer(af.bpe_model(tmp_path_factory), "en", "ko")
    text = "NATO-ROK talks resumed after a pause of 12 years, officials said."
    pieces = identity_bpe.pieces(text)
    assert pieces == library.encode(text)
    # Moses splits the punctuation off, BPE marks every unit that a word continues with "@@".
    assert pieces[-1] == "." and "," in pieces and any(piece.endswith("@@") for piece in pieces)
    assert identity_bpe.unknown_pieces(text) == []
    # BPE has no byte fallback: what the model's vocabulary lacks is unknown (placeholders avoid it).
    assert [piece for piece in identity_bpe.unknown_pieces("Ωmega talks") if piece.startswith("Ω")]
    assert all(not piece.startswith("t") for piece in identity_bpe.unknown_pieces("Ωmega talks"))


def test_a_bpe_package_translates_through_the_model_and_detokenizes(identity_bpe: ArgosEngine) -> None:
    sentences = [line for line in af.CORPUS[:10] if not any(mark in line for mark in "'\":")]
    sentences += ["", "  ZX1 met ZX2 in Seoul on ZX3.  "]
    # The model copies units; Moses joins them back ("@@ " removed, punctuation reattached).
    assert identity_bpe.translate(sentences) == sentences
    # Moses's detokenizer is the target language's: an English possessive stays split for Korean, and
    # a colon between digits gets a space (what an Argos BPE package really does with such input).
    assert identity_bpe.translate(["The ambassador's remarks drew a sharp response from Pyongyang.", "at 3:45 p.m."]) == [
        "The ambassador 's remarks drew a sharp response from Pyongyang.",
        "at 3: 45 p.m.",
    ]


def test_newest_installed_version_wins(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    packages_dir = tmp_path / "packages"
    # Two versions side by side, as Argos's installer can leave them: the
    # identity model as 1.10, the random model as 1.9 (1.10 > 1.9).
    af.install_with_argos(
        [
            af.package_file(tmp_path_factory, "tiny", version="1.9"),
            af.package_file(tmp_path_factory, version="1.10"),
        ],
        packages_dir,
    )
    assert len(list_installed(packages_dir)) == 2
    engine = load_engine(MTConfig(packages_dir=packages_dir, **IDENTITY_LIMITS), "ko")
    assert engine.info.version == "1.10"
    assert engine.translate(["NATO-ROK talks"]) == ["NATO-ROK talks"]


def test_stray_directories_do_not_break_loading(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    packages_dir = tmp_path / "packages"
    install_from_file(af.package_file(tmp_path_factory), packages_dir=packages_dir)
    (packages_dir / "not-a-package").mkdir()
    (packages_dir / "broken").mkdir()
    (packages_dir / "broken" / "metadata.json").write_text("{not json")
    (packages_dir / ".dipl10n-install-leftover").mkdir()
    engine = load_engine(MTConfig(packages_dir=packages_dir, **IDENTITY_LIMITS), "ko")
    assert engine.translate(["Seoul"]) == ["Seoul"]


@pytest.mark.parametrize(
    ("installed", "pair"),
    [(None, ("en", "ko")), ("en-de", ("en", "ko")), ("en-ko", ("ko", "en"))],
)
def test_no_package_for_the_pair_names_the_fix(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    installed: str | None,
    pair: tuple[str, str],
) -> None:
    packages_dir = tmp_path / "packages"
    if installed:
        source, target = installed.split("-")
        package = af.package_file(tmp_path_factory, "tiny", from_code=source, to_code=target)
        install_from_file(package, packages_dir=packages_dir, expect=None)
    with pytest.raises(EngineUnavailable) as raised:
        load_engine(MTConfig(packages_dir=packages_dir, from_code=pair[0]), pair[1])
    message = str(raised.value)
    assert f"dipl10n model install {pair[0]} {pair[1]}" in message
    assert str(packages_dir) in message


def test_packages_dir_comes_from_the_environment(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_from_file(af.package_file(tmp_path_factory), packages_dir=tmp_path / "env-packages")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env-packages"))
    engine = load_engine(MTConfig(**IDENTITY_LIMITS), "ko")
    assert engine.translate(["Seoul"]) == ["Seoul"]


def test_unloadable_model_is_engine_unavailable(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    info = install_from_file(af.package_file(tmp_path_factory, "tiny"), packages_dir=tmp_path)
    assert info.path is not None
    (info.path / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match="CTranslate2 cannot load the model"):
        load_engine(MTConfig(packages_dir=tmp_path), "ko")


@pytest.mark.parametrize(
    ("ratio", "margin", "limit", "longest", "cap"),
    [(2.0, 16, 512, 10, 36), (2.0, 16, 512, 300, 512), (1.5, 3, 512, 7, 14), (0.0, 40, 40, 99, 40), (0.0, 0, 5, 3, 1)],
)
def test_decoding_cap(ratio: float, margin: int, limit: int, longest: int, cap: int) -> None:
    settings = MTConfig(max_decoding_ratio=ratio, max_decoding_margin=margin, max_decoding_length=limit)
    assert settings.decoding_cap(longest) == cap


@pytest.mark.parametrize(
    "bad",
    [
        {"beam_size": 0},
        {"max_batch_tokens": 0},
        {"inter_threads": 0},
        {"intra_threads": -1},
        {"max_input_tokens": 0},
        {"max_decoding_ratio": -0.5},
        {"max_decoding_ratio": float("nan")},
        {"beam_size": True},
        {"beam_size": 2.5},
        {"compute_type": "int4"},
        {"device": "gpu"},
        {"engine": "google"},
        {"replace_unknowns": "yes"},
        {"from_code": "../en"},
    ],
)
def test_invalid_settings_are_config_errors(bad: dict[str, Any]) -> None:
    (name,) = bad
    with pytest.raises(ConfigError, match=f"mt.{name} must"):
        MTConfig(**bad)


def _factory_config(packages_dir: Path, **overrides: Any) -> MTConfig:
    return MTConfig(packages_dir=packages_dir, package_index="http://127.0.0.1:9/", **IDENTITY_LIMITS, **overrides)


def test_engine_factory_loads_the_installed_package(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    install_from_file(af.package_file(tmp_path_factory), packages_dir=tmp_path / "packages")
    factory = engine_factory(_factory_config(tmp_path / "packages"), offline=True)
    engine = factory("ko")
    assert isinstance(engine, Engine)
    assert engine.info == EngineInfo("argos", "translate-en_ko", "1.0")
    # A locale is served by its language's package when there is none of its own.
    assert factory("ko_KR").info.package == "translate-en_ko"


def test_engine_factory_offline_names_the_fix_and_downloads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dipl10n.mt.engine as mt

    def no_download(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("offline: nothing may be downloaded")

    monkeypatch.setattr(mt, "install_from_index", no_download)
    factory = engine_factory(_factory_config(tmp_path / "packages"), offline=True)
    with pytest.raises(EngineUnavailable) as raised:
        factory("ja")
    assert "dipl10n model install en ja" in raised.value.message
    assert "\n" not in raised.value.message


def test_engine_factory_installs_then_loads(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dipl10n.mt.engine as mt

    asked: list[tuple[str, str, str | None]] = []

    def from_index(from_code: str, to_code: str, *, index_url: str | None, packages_dir: Path, progress: Any) -> Any:
        asked.append((from_code, to_code, index_url))
        return install_from_file(af.package_file(tmp_path_factory), packages_dir=packages_dir)

    monkeypatch.setattr(mt, "install_from_index", from_index)
    factory = engine_factory(_factory_config(tmp_path / "packages"), offline=False)
    assert factory("ko").translate(["Seoul"]) == ["Seoul"]
    assert asked == [("en", "ko", "http://127.0.0.1:9/")]
    factory("ko")  # installed now: loaded, not downloaded again
    assert len(asked) == 1


def test_engine_factory_when_the_download_fails(tmp_path: Path) -> None:
    factory = engine_factory(_factory_config(tmp_path / "packages"), offline=False)
    with pytest.raises(EngineUnavailable) as raised:
        factory("ko")
    message = raised.value.message
    assert "none could be downloaded" in message and "127.0.0.1:9" in message
    assert "dipl10n model install en ko" in message and "\n" not in message


HOSTILE = [
    "",
    "x" * 2000,
    "word " * 400,
    "😀" * 300 + "👩‍👩‍👧" * 50,
    "e\u0301\u0303\u0308" * 200,
    "مرحبا بالعالم " * 40 + "\u202eRTL override\u202c",
    "control \x01\x02\x07\x1b[31m\x7f\x0b\x0c chars",
    "\u200b\u200d\ufeff zero widths",
    "한국어 문장입니다. " * 60,
    " ",
]


def test_random_model_survives_hostile_input(tiny: ArgosEngine) -> None:
    outputs = tiny.translate(HOSTILE)
    assert len(outputs) == len(HOSTILE)
    assert all(isinstance(out, str) for out in outputs)
    assert outputs[0] == "" and outputs[-1] == " "
    assert tiny.translate(HOSTILE) == outputs


def test_random_model_one_output_per_input_whatever_the_batching(tiny: ArgosEngine) -> None:
    engine = ArgosEngine(tiny.package, MTConfig(max_batch_tokens=64, max_decoding_length=32))
    outputs = engine.translate(HOSTILE * 2)
    assert len(outputs) == 2 * len(HOSTILE)
    assert outputs[: len(HOSTILE)] == outputs[len(HOSTILE) :]


# Text SentencePiece round-trips: no U+2581 (SentencePiece's own space mark,
# decoded as a space), no lone surrogates. NUL is fine: it becomes <0x00>.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\u2581"),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sources=st.lists(_TEXT, max_size=6))
def test_identity_property_any_text_round_trips(identity: ArgosEngine, sources: list[str]) -> None:
    assert identity.translate(sources) == sources


def test_importing_dipl10n_modules_loads_no_engine() -> None:
    code = (
        "import json, sys\n"
        "import dipl10n.mt.engine, dipl10n.mt.packages.index, dipl10n.mt.packages.store, dipl10n.testing\n"
        "heavy = {'ctranslate2', 'argostranslate', 'torch', 'stanza', 'spacy',"
        " 'sentencepiece', 'numpy'}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout) == []
