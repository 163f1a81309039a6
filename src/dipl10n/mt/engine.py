"""Offline machine translation: an Argos Translate package driven in large batches.

The pipeline sees only the :class:`Engine` protocol: ``translate`` takes every
segment of a run at once and returns one translation per segment, in order.
:class:`ArgosEngine` implements it with the CTranslate2 model and the
SentencePiece (or Moses + BPE) tokenizer of an installed Argos package,
without going through ``argostranslate.translate`` (which splits sentences
itself and translates one sentence per model call).

How ``ArgosEngine.translate`` batches: segments are tokenized, sorted by
length and cut into batches of at most ``max_batch_tokens`` padded tokens, one
CTranslate2 ``translate_batch`` call per batch. Each batch gets its own
decoding cap, proportional to its longest input, so a short batch never waits
for a runaway hypothesis of the longest input. Empty and whitespace-only
segments never reach the model; leading and trailing whitespace is carried
over from the source; inputs longer than ``max_input_tokens`` are translated
in word-aligned windows instead of being truncated silently.

Every setting comes from :class:`dipl10n.project.config.MTConfig` (``[tool.dipl10n.mt]``),
checked when the configuration is read. :func:`engine_factory` is the one
place that decides how an engine is obtained for a target language: the
newest installed package, else (unless offline) one installed from the
package index, else :class:`~dipl10n.errors.EngineUnavailable` naming the fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from dipl10n.errors import Dipl10nError, EngineUnavailable
from dipl10n.lang.locales import base_language
from dipl10n.mt.packages.directory import find_installed, resolve_packages_dir
from dipl10n.mt.packages.index import install_from_index
from dipl10n.mt.packages.metadata import MEMBER_LIMITS, PackageInfo, parse_json, read_bounded
from dipl10n.mt.packages.store import argos_package_module
from dipl10n.mt.packages.transfer import DownloadProgress
from dipl10n.project.config import MTConfig

__all__ = [
    "ArgosBatches",
    "ArgosEngine",
    "Engine",
    "EngineFactory",
    "EngineInfo",
    "Progress",
    "RayEngine",
    "engine_factory",
    "load_engine",
    "resolve_device",
]

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]

# Tokens that never belong in a detokenized translation.
_SPECIAL_TOKENS = frozenset({"<s>", "</s>", "<pad>", "<blank>"})


@dataclass(frozen=True)
class EngineInfo:
    """Which engine and model produced a translation, for catalog comments."""

    engine: str
    package: str
    version: str
    #: Where the model runs ("cpu, int8_float32", "cuda:0, float16", "ray: 4 workers on cpu"): for the
    #: run's summary, never for catalog comments (the translation's provenance is the package).
    runs_on: str = field(default="", compare=False)

    def describe(self) -> str:
        """One line such as ``argos translate-en_ko 1.1``."""
        return f"{self.engine} {self.package} {self.version}".strip()

    def __str__(self) -> str:
        return self.describe()


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from a machine-translation engine."""

    info: EngineInfo

    def translate(
        self, sources: Sequence[str], *, progress: Progress | None = None
    ) -> list[str]:
        """Translate every source; one output per input, in input order.

        ``progress`` is called with the number of segments finished so far.
        """
        ...

    def pieces(self, text: str) -> list[str]:
        """The source tokenizer's pieces for ``text``."""
        ...

    def unknown_pieces(self, text: str) -> list[str]:
        """The pieces of ``text`` the model has no vocabulary entry for."""
        ...


class _Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...

    def is_unknown(self, piece: str) -> bool: ...


class _SentencePiece:
    """SentencePiece, decoded by SentencePiece itself.

    Argos's ``SentencePieceTokenizer.decode`` turns every ``_`` into a space;
    this one returns exactly what the model's pieces spell, byte-fallback
    pieces included.
    """

    def __init__(self, model_file: Path) -> None:
        import sentencepiece as spm

        self._processor = spm.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str) -> list[str]:
        return list(self._processor.encode(text, out_type=str))

    def decode(self, tokens: list[str]) -> str:
        return str(self._processor.decode_pieces(tokens))

    def is_unknown(self, piece: str) -> bool:
        processor = self._processor
        piece_id = processor.piece_to_id(piece)
        return bool(processor.is_unknown(piece_id) or processor.is_byte(piece_id))


class _BPE:
    """Argos's Moses + BPE tokenizer, for packages that ship ``bpe.model``."""

    def __init__(self, model_file: Path, from_code: str, to_code: str) -> None:
        from argostranslate.tokenizer import BPETokenizer

        self._tokenizer = BPETokenizer(model_file, from_code, to_code)

    def encode(self, text: str) -> list[str]:
        return list(self._tokenizer.encode(text))

    def decode(self, tokens: list[str]) -> str:
        return str(self._tokenizer.decode(tokens))

    def is_unknown(self, piece: str) -> bool:
        return False


def _read_vocabulary(model_dir: Path) -> frozenset[str] | None:
    """The model's source vocabulary, if it ships in a readable file of a sane size."""
    for stem in ("shared_vocabulary", "source_vocabulary"):
        for suffix in ("json", "txt"):
            path = model_dir / f"{stem}.{suffix}"
            limit = MEMBER_LIMITS[f"model/{path.name}"]
            try:
                if not path.is_file():
                    continue
                raw = read_bounded(path, limit)
                if suffix == "txt":
                    return frozenset(raw.decode("utf-8").splitlines())
                words = parse_json(raw)
            except (OSError, ValueError) as exc:
                logger.warning("%s: vocabulary not used: %s", path, exc)
                return None
            if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
                logger.warning("%s: vocabulary not used: not a JSON list of strings", path)
                return None
            return frozenset(words)
    return None


@dataclass(frozen=True)
class _Item:
    segment: int
    window: int
    tokens: list[str]


class ArgosBatches:
    """The :class:`Engine` protocol over sorted batches of token lists; subclasses say where a batch runs.

    It loads an installed Argos package's tokenizer and vocabulary on the
    machine that drafts: :meth:`pieces` and :meth:`unknown_pieces`, which every
    engine of a package needs there to choose placeholders the model copies
    (:func:`dipl10n.terms.protect.placeholder_prefix`). :meth:`translate` strips,
    tokenizes, windows, sorts and batches there too; :meth:`_translate_batches`
    turns the batches into translations, in order: here (:class:`ArgosEngine`)
    or on Ray actors (:class:`RayEngine`). Both see exactly the same batches,
    so both give exactly the same translations.
    """

    info: EngineInfo

    def __init__(self, package: PackageInfo, config: MTConfig) -> None:
        if package.path is None:
            raise EngineUnavailable(f"{package.code} is not installed")
        self.package = package
        self.config = config
        self._target_prefix = [package.target_prefix] if package.target_prefix else []
        self._tokenizer = self._load_tokenizer(package)
        self._vocabulary: frozenset[str] | None = _read_vocabulary(package.path / "model")

    @staticmethod
    def _load_tokenizer(package: PackageInfo) -> _Tokenizer:
        assert package.path is not None
        sp_model = package.path / "sentencepiece.model"
        bpe_model = package.path / "bpe.model"
        try:
            if sp_model.is_file():
                return _SentencePiece(sp_model)
            if bpe_model.is_file():
                return _BPE(bpe_model, package.from_code, package.to_code)
        except (OSError, RuntimeError, ImportError) as exc:
            raise EngineUnavailable(
                f"cannot load the tokenizer of {package.code}: {exc}",
                path=package.path,
                cause=exc,
            ) from exc
        raise EngineUnavailable(
            f"{package.code} has no sentencepiece.model or bpe.model; "
            f"reinstall it with `dipl10n model install {package.from_code} {package.to_code}`",
            path=package.path,
        )

    def pieces(self, text: str) -> list[str]:
        """The source tokenizer's pieces for ``text``."""
        return self._tokenizer.encode(text)

    def unknown_pieces(self, text: str) -> list[str]:
        """Pieces of ``text`` that are byte fallbacks, ``<unk>`` or absent from the model."""
        vocabulary = self._vocabulary
        return [
            piece
            for piece in self._tokenizer.encode(text)
            if self._tokenizer.is_unknown(piece)
            or (vocabulary is not None and piece not in vocabulary)
        ]

    def _translate_batches(self, batches: list[list[list[str]]]) -> Iterator[list[str]]:
        """One list of detokenized translations per batch of token lists, batch by batch, in order."""
        raise NotImplementedError

    # -- the Engine protocol -------------------------------------------------------

    def translate(
        self, sources: Sequence[str], *, progress: Progress | None = None
    ) -> list[str]:
        """Translate all ``sources`` in as few model calls as the batch size allows."""
        results: list[str | None] = [None] * len(sources)
        edges: list[tuple[str, str]] = [("", "")] * len(sources)
        windows: dict[int, list[str | None]] = {}
        items: list[_Item] = []
        for index, source in enumerate(sources):
            core = source.strip()
            if not core:
                results[index] = source
                continue
            lead = source[: len(source) - len(source.lstrip())]
            trail = source[len(source.rstrip()) :]
            edges[index] = (lead, trail)
            parts = self._split(self._tokenizer.encode(core))
            windows[index] = [None] * len(parts)
            items.extend(_Item(index, n, tokens) for n, tokens in enumerate(parts))

        finished = len(sources) - len(windows)
        remaining = {index: len(parts) for index, parts in windows.items()}
        batches = self._batches(items)
        translated = self._translate_batches([[item.tokens for item in batch] for batch in batches])
        for batch, texts in zip(batches, translated, strict=True):
            for item, text in zip(batch, texts, strict=True):
                windows[item.segment][item.window] = text
                remaining[item.segment] -= 1
                if remaining[item.segment] == 0:
                    lead, trail = edges[item.segment]
                    joined = " ".join(w for w in windows[item.segment] if w)
                    results[item.segment] = f"{lead}{joined}{trail}"
                    finished += 1
            if progress is not None:
                progress(finished)
        if progress is not None and not items:
            progress(finished)
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]

    # -- internals -----------------------------------------------------------

    def _split(self, tokens: list[str]) -> list[list[str]]:
        """Cut an over-long input into windows, preferably at word starts."""
        limit = self.config.max_input_tokens
        if len(tokens) <= limit:
            return [tokens]
        logger.warning(
            "a segment of %d tokens is longer than max_input_tokens=%d; "
            "translating it in pieces",
            len(tokens),
            limit,
        )
        parts: list[list[str]] = []
        start = 0
        while len(tokens) - start > limit:
            cut = start + limit
            # Back up to a piece that starts a word, unless none is near.
            for candidate in range(cut, start + limit // 2, -1):
                if tokens[candidate].startswith("\u2581"):
                    cut = candidate
                    break
            parts.append(tokens[start:cut])
            start = cut
        parts.append(tokens[start:])
        return parts

    def _batches(self, items: list[_Item]) -> list[list[_Item]]:
        """Length-sorted batches of at most ``max_batch_tokens`` padded tokens."""
        ordered = sorted(items, key=lambda it: (len(it.tokens), it.segment, it.window))
        budget = self.config.max_batch_tokens
        batches: list[list[_Item]] = []
        current: list[_Item] = []
        for item in ordered:
            # Sorted ascending, so the newcomer is the longest of the batch.
            width = len(item.tokens) + 1
            if current and (len(current) + 1) * width > budget:
                batches.append(current)
                current = []
            current.append(item)
        if current:
            batches.append(current)
        return batches


class ArgosEngine(ArgosBatches):
    """An installed Argos package's CTranslate2 model, driven in sorted batches."""

    def __init__(self, package: PackageInfo, config: MTConfig) -> None:
        super().__init__(package, config)
        self._translator = self._load_translator(package, config)
        translator = self._translator
        where = f"cuda:{translator.device_index[0]}" if translator.device == "cuda" else "cpu"
        self.info = EngineInfo(
            "argos", package.code, package.package_version, runs_on=f"{where}, {translator.compute_type}"
        )

    @staticmethod
    def _load_translator(package: PackageInfo, config: MTConfig) -> Any:
        assert package.path is not None
        model_dir = package.path / "model"
        model_file = model_dir / "model.bin"
        reinstall = f"reinstall it with `dipl10n model install {package.from_code} {package.to_code}`"
        name = f"{package.code} {package.package_version}".strip()
        try:
            size = model_file.stat().st_size
        except OSError as exc:
            raise EngineUnavailable(
                f"{name} has no readable model ({model_file}: "
                f"{exc.strerror or exc}); {reinstall}",
                path=model_dir,
                cause=exc,
            ) from exc
        if size == 0:
            raise EngineUnavailable(
                f"the model of {name} ({model_file}) is empty (0 bytes); {reinstall}",
                path=model_file,
            )
        try:
            import ctranslate2

            return ctranslate2.Translator(
                str(model_dir),
                device=resolve_device(config.device),
                inter_threads=config.inter_threads,
                intra_threads=config.intra_threads,
                compute_type=config.compute_type,
            )
        except Exception as exc:  # CTranslate2 reports a damaged model in many ways (RuntimeError, IndexError, ...)
            raise EngineUnavailable(
                f"CTranslate2 cannot load the model: {exc}", path=model_dir, cause=exc
            ) from exc

    def _translate_batches(self, batches: list[list[list[str]]]) -> Iterator[list[str]]:
        return (self.run(batch) for batch in batches)

    def run(self, batch: list[list[str]]) -> list[str]:
        """One CTranslate2 ``translate_batch`` call on ``batch`` (token lists), detokenized."""
        config = self.config
        prefix = self._target_prefix
        longest = max(len(tokens) for tokens in batch)
        try:
            results = self._translator.translate_batch(
                batch,
                target_prefix=[list(prefix) for _ in batch] if prefix else None,
                beam_size=config.beam_size,
                max_batch_size=0,
                length_penalty=config.length_penalty,
                max_input_length=0,
                max_decoding_length=config.decoding_cap(longest) + len(prefix),
                replace_unknowns=config.replace_unknowns,
            )
        except (RuntimeError, ValueError, IndexError) as exc:
            raise EngineUnavailable(
                f"CTranslate2 failed while translating with {self.info.describe()}: {exc}",
                path=self.package.path,
                cause=exc,
            ) from exc
        if len(results) != len(batch) or any(not result.hypotheses for result in results):
            raise EngineUnavailable(
                f"CTranslate2 returned no translation with {self.info.describe()}; the model may be damaged, "
                "reinstall it with `dipl10n model install`",
                path=self.package.path,
            )
        return [self._detokenize(result.hypotheses[0]) for result in results]

    def _detokenize(self, tokens: list[str]) -> str:
        prefix = self._target_prefix
        if prefix and tokens[: len(prefix)] == prefix:
            tokens = tokens[len(prefix) :]
        kept = [t for t in tokens if t not in _SPECIAL_TOKENS]
        return self._tokenizer.decode(kept).strip() if kept else ""


class RayEngine(ArgosBatches):
    """An :class:`ArgosEngine` whose batches run on Ray actors: ``[tool.dipl10n.mt] executor = "ray"``.

    It tokenizes and batches on the machine that drafts, exactly as
    :class:`ArgosEngine` does (placeholders are chosen against the package's
    own vocabulary), and each batch runs :meth:`ArgosEngine.run` on an actor
    (:class:`dipl10n.mt.ray_workers.RayWorkers`): the same translations. A
    batch whose actors died more often than Ray retries raises
    :class:`EngineUnavailable`.
    """

    def __init__(self, package: PackageInfo, config: MTConfig) -> None:
        from dipl10n.mt.ray_workers import RayWorkers

        super().__init__(package, config)
        self.workers = RayWorkers(ArgosEngine, package, config)
        self.info = EngineInfo("argos", package.code, package.package_version, runs_on=self.workers.runs_on)

    def _translate_batches(self, batches: list[list[list[str]]]) -> Iterator[list[str]]:
        return self.workers.translate_batches(batches)

    def close(self) -> None:
        """Stop the actors now (Ray stops them anyway when this engine is garbage-collected)."""
        self.workers.close()


#: Loads the engine for a target language (raises :class:`EngineUnavailable`).
EngineFactory = Callable[[str], Engine]


def resolve_device(device: str) -> str:
    """``auto`` is ``cuda`` when CTranslate2 sees a GPU, else ``cpu``; ``cpu`` and ``cuda`` are themselves."""
    if device != "auto":
        return device
    import ctranslate2

    try:
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    except RuntimeError:  # a CUDA build without a driver
        return "cpu"


def _package_codes(lang: str) -> list[str]:
    """The Argos target codes that serve ``lang``: the locale itself, then its language (``ko_KR``, ``ko``)."""
    return list(dict.fromkeys([lang, base_language(lang)]))


def load_engine(config: MTConfig, to_code: str) -> Engine:
    """Load the newest installed Argos package for ``config.from_code`` → ``to_code`` as an :class:`Engine`.

    A package for the locale itself wins (``ko_KR``), then one for its
    language (``ko``). Raises :class:`EngineUnavailable`, naming the command
    that fixes it, when no package for the pair is installed in the packages
    directory.
    """
    from_code = config.from_code
    packages_dir = resolve_packages_dir(config.packages_dir)
    for code in _package_codes(to_code):
        installed = find_installed(packages_dir, from_code, code)
        if installed:
            package = installed[0]
            _check_with_argos(package, packages_dir)
            if config.executor == "ray":
                return RayEngine(package, config)
            return ArgosEngine(package, config)
    code = base_language(to_code)
    raise EngineUnavailable(
        f"no Argos Translate package for {from_code}→{code} is installed in "
        f"{packages_dir}; install one with `dipl10n model install {from_code} {code}`"
    )


def engine_factory(
    config: MTConfig, *, offline: bool, progress: DownloadProgress | None = None
) -> EngineFactory:
    """What ``draft`` and ``run`` use to get an engine for each target language.

    The factory loads the newest installed package for ``config.from_code`` →
    the language. If none is installed and not ``offline``, it installs the
    newest one the package index offers (``config.package_index``), reporting
    the download to ``progress(done, total)``, then loads it. Anything else
    is :class:`EngineUnavailable` with a one-line message naming the fix.
    With ``executor = "ray"`` and Ray not installed, it raises
    :class:`~dipl10n.errors.ConfigError` at once, before a run starts.
    """
    if config.executor == "ray":
        from dipl10n.mt.ray_workers import require_ray

        require_ray()

    def factory(lang: str) -> Engine:
        try:
            return load_engine(config, lang)
        except EngineUnavailable as exc:
            if offline:
                raise
            unusable = exc
        from_code = config.from_code
        packages_dir = resolve_packages_dir(config.packages_dir)
        broken = any(find_installed(packages_dir, from_code, code) for code in _package_codes(lang))
        failures: list[str] = []
        for code in _package_codes(lang):
            try:
                install_from_index(
                    from_code, code, index_url=config.package_index, packages_dir=packages_dir, progress=progress
                )
            except Dipl10nError as exc:
                failures.append(exc.message)
                continue
            return load_engine(config, lang)
        code = base_language(lang)
        if broken:
            # An installed package that cannot be used: say why, not that none is installed.
            raise EngineUnavailable(
                f"{unusable.message}; a fresh copy could not be downloaded either ({failures[-1]})",
                path=unusable.path,
                cause=unusable,
            )
        raise EngineUnavailable(
            f"no {from_code}→{code} package is installed and none could be downloaded "
            f"({failures[-1]}); run 'dipl10n model install {from_code} {code}' "
            "or 'dipl10n model install FILE.argosmodel'"
        )

    return factory


def _check_with_argos(package: PackageInfo, packages_dir: Path) -> None:
    """Let Argos's own package reader confirm the package is loadable."""
    argos = argos_package_module(packages_dir)
    try:
        argos.Package(package.path)
    except Exception as exc:  # Argos raises bare exceptions of many kinds
        raise EngineUnavailable(
            f"Argos Translate cannot read {package.code}: {exc}; reinstall it with "
            f"`dipl10n model install {package.from_code} {package.to_code}`",
            path=package.path,
            cause=exc,
        ) from exc
