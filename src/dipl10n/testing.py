"""Build real SentencePiece models, CTranslate2 models and Argos packages for tests.

Nothing here is used by the pipeline. The builders exist so the test suite and
the benchmarks can drive the genuine machinery (SentencePiece tokenisation,
CTranslate2 beam search, the ``.argosmodel`` format) without downloading a
300 MB translation model:

- :func:`build_identity_model` writes a Transformer whose weights copy the
  source to the target token for token, so an engine built on it must return
  its input unchanged. Any slip in batching, ordering, prefix stripping or
  detokenisation shows up as a wrong string.
- :func:`build_random_model` writes a Transformer with random weights, for
  robustness tests (tiny) and speed measurements (Transformer-base size).
- :func:`build_argos_package` zips a model and its tokenizer the way Argos
  Translate packages are laid out: a SentencePiece model, or a Moses + BPE
  codes file (:func:`train_bpe`, the ``bpe.model`` older Argos packages ship).

``numpy``, ``sentencepiece`` and ``ctranslate2`` are imported inside the
functions, so importing this module costs nothing.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGE_NAMES",
    "bpe_vocabulary",
    "build_argos_package",
    "build_identity_model",
    "build_random_model",
    "sentencepiece_vocabulary",
    "train_bpe",
    "train_sentencepiece",
]

#: The special tokens a CTranslate2 vocabulary built from BPE units starts with (SentencePiece models carry their own).
BPE_SPECIAL_TOKENS = ("<unk>", "<s>", "</s>")

LANGUAGE_NAMES: Mapping[str, str] = {
    "en": "English",
    "ko": "Korean",
    "de": "German",
    "fr": "French",
    "ja": "Japanese",
    "zh": "Chinese",
}

# CTranslate2's layer norm epsilon when the model config does not set one.
_LAYER_NORM_EPSILON = 1e-6


def train_sentencepiece(
    dest: Path,
    corpus: Iterable[str],
    vocab_size: int,
    *,
    model_type: str = "unigram",
    user_defined_symbols: Sequence[str] = (),
    normalization: str = "identity",
    seed_sentencepiece_size: int = 100_000,
) -> Path:
    """Train a SentencePiece model on ``corpus`` and write it to ``dest``.

    Byte fallback is on, so any text is representable: characters the corpus
    never showed become ``<0xNN>`` byte pieces instead of ``<unk>``. The
    default ``identity`` normalisation and kept whitespace make
    ``decode(encode(text)) == text`` for every string without U+2581
    (SentencePiece's own space mark, which decodes to a space), which is what
    the identity model's tests rely on. ``vocab_size`` is an upper bound: a small
    corpus yields fewer pieces rather than an error.
    """
    import sentencepiece as spm

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(corpus)),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name=normalization,
        remove_extra_whitespaces=False,
        hard_vocab_limit=False,
        user_defined_symbols=list(user_defined_symbols),
        seed_sentencepiece_size=seed_sentencepiece_size,
        num_threads=1,
        minloglevel=2,
    )
    dest.write_bytes(model.getvalue())
    return dest


def sentencepiece_vocabulary(sp_model: Path) -> list[str]:
    """Return the pieces of a SentencePiece model, in id order."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def train_bpe(dest: Path, corpus: Iterable[str], merges: int, *, lang: str = "en") -> Path:
    """Learn ``merges`` BPE merge operations on ``corpus`` and write them as a ``bpe.model`` codes file.

    The file is what subword-nmt's ``learn_bpe`` writes (``#version: 0.2``,
    then one merge ``left right`` a line, ``</w>`` marking a word's end) and
    what Argos's ``BPETokenizer`` reads. The corpus is split into words by
    Moses's tokenizer for ``lang`` first, as the tokenizer does before it
    applies the merges. Fewer merges are written when the corpus runs out of
    pairs that occur twice.
    """
    from collections import Counter

    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    tokenizer, normalizer = MosesTokenizer(lang), MosesPunctNormalizer(lang)
    counts: Counter[str] = Counter()
    for line in corpus:
        counts.update(tokenizer.tokenize(normalizer.normalize(line)))
    words: dict[tuple[str, ...], int] = {(*word[:-1], word[-1] + "</w>"): n for word, n in counts.items() if word}
    learned: list[tuple[str, str]] = []
    while len(learned) < merges:
        pairs: Counter[tuple[str, str]] = Counter()
        for symbols, n in words.items():
            for pair in zip(symbols, symbols[1:], strict=False):
                pairs[pair] += n
        if not pairs:
            break
        best, frequency = max(pairs.items(), key=lambda item: (item[1], item[0]))
        if frequency < 2:
            break
        learned.append(best)
        merged: dict[tuple[str, ...], int] = {}
        for symbols, n in words.items():
            out: list[str] = []
            i = 0
            while i < len(symbols):
                if symbols[i : i + 2] == best:
                    out.append(best[0] + best[1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        words = merged
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in learned), encoding="utf-8")
    return dest


def bpe_vocabulary(bpe_model: Path, texts: Iterable[str], *, from_code: str = "en", to_code: str = "ko") -> list[str]:
    """The vocabulary of a model over ``bpe_model``: its special tokens, then every unit Argos's tokenizer makes of ``texts``.

    Tokenized by ``argostranslate.tokenizer.BPETokenizer`` itself, so the
    model knows exactly the units the engine will send it for those texts.
    """
    from argostranslate.tokenizer import BPETokenizer

    tokenizer = BPETokenizer(Path(bpe_model), from_code, to_code)
    units: dict[str, None] = dict.fromkeys(BPE_SPECIAL_TOKENS)
    for text in texts:
        units.update(dict.fromkeys(tokenizer.encode(text)))
    return list(units)


def _identity_layer_norm(nonzero: Sequence[float], depth: int) -> tuple[Any, Any]:
    """Return (gamma, beta) that make a pre-norm layer norm the identity.

    The vectors this layer norm sees always have the same non-zero values
    (one-hot blocks of fixed height), hence the same mean and variance, so
    ``gamma = sigma`` and ``beta = mu`` undo the normalisation exactly.
    """
    import numpy as np

    x = np.zeros(depth, dtype=np.float64)
    x[: len(nonzero)] = nonzero
    mean = x.mean()
    sigma = math.sqrt(x.var() + _LAYER_NORM_EPSILON)
    return (
        np.full(depth, sigma, dtype=np.float32),
        np.full(depth, mean, dtype=np.float32),
    )


def build_identity_model(
    dest: Path,
    sp_model: Path | None = None,
    *,
    vocabulary: Sequence[str] | None = None,
    max_positions: int = 256,
    max_decoding_positions: int = 1024,
    extra_tokens: Sequence[str] = (),
    target_prefix_length: int = 0,
    attention_margin: float = 40.0,
    end_attention: float = 20.0,
    output_scale: float = 300.0,
    end_bias: float = 100.0,
) -> Path:
    """Write a CTranslate2 Transformer that copies its source to its target.

    The model is real: one encoder and one decoder layer, decoded by
    CTranslate2's beam search. Its hidden state has a token block (one slot
    per vocabulary entry) and a position block (one slot per source position).
    The vocabulary is ``sp_model``'s pieces, or ``vocabulary`` itself (the
    units of a BPE package, :func:`bpe_vocabulary`).

    - Encoder: token embedding and learned position encoding are one-hot in
      their blocks; self-attention and feed-forward weights are zero, so the
      encoder output is ``onehot(token) + onehot(position)`` (the final layer
      norm is compensated to be the identity).
    - Decoder: token embeddings are zero, so decoder step ``t`` knows only its
      position; its encoding is ``onehot(t - target_prefix_length)``. Step 0
      (the start token) therefore predicts source token 0.
    - Cross-attention: query and key read the position block, scaled so the
      right source position wins by ``attention_margin`` nats; value and output
      copy the token block. Every step also gives the source's end token
      ``end_attention`` nats, so a step past the end of the source copies
      ``</s>``: beam alternatives finish one step after the best hypothesis
      instead of running to the decoding cap.
    - Output projection reads the token block times ``output_scale``, so a
      wrong token costs hundreds of nats. The end token gets a bias of
      ``-end_bias`` and a larger copy weight: it is the least likely wrong
      token everywhere and exactly as likely as any copied token where the
      source's end token (``add_source_eos``) is copied. Otherwise beam
      search would collect truncated hypotheses and stop early.

    ``max_positions`` bounds the source length *including* the end token;
    decoder steps past it share one "beyond" slot that matches no source
    position, which only the discarded beam alternatives reach. ``extra_tokens`` are appended to
    the vocabulary (a target-prefix token such as ``__ko__``), and
    ``target_prefix_length`` shifts the decoder so that forced prefix tokens
    do not consume source positions.
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    if (sp_model is None) == (vocabulary is None):
        raise ValueError("give a SentencePiece model or a vocabulary, not both")
    vocabulary = [*(sentencepiece_vocabulary(sp_model) if sp_model is not None else vocabulary or ()), *extra_tokens]
    vocab_size = len(vocabulary)
    if "</s>" not in vocabulary:
        raise ValueError(f"{sp_model or 'the vocabulary'} has no </s> piece")
    eos = vocabulary.index("</s>")
    positions = max_positions
    # Slots: token block, position block, one "past the source" slot, padding.
    beyond = vocab_size + positions
    depth = beyond + 1
    depth += -depth % 16
    pos_block = vocab_size + np.arange(positions)
    tokens = np.arange(vocab_size)

    def zeros(*shape: int) -> Any:
        return np.zeros(shape, dtype=np.float32)

    def ones(n: int) -> Any:
        return np.ones(n, dtype=np.float32)

    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.scale_embeddings = False
    decoder.scale_embeddings = False

    def silence(layer: Any) -> None:
        # Zero self-attention and feed-forward: they add nothing to the
        # residual stream, whatever their (ordinary) layer norms do.
        layer.self_attention.layer_norm.gamma = ones(depth)
        layer.self_attention.layer_norm.beta = zeros(depth)
        layer.self_attention.linear[0].weight = zeros(3 * depth, depth)
        layer.self_attention.linear[0].bias = zeros(3 * depth)
        layer.self_attention.linear[1].weight = zeros(depth, depth)
        layer.self_attention.linear[1].bias = zeros(depth)
        layer.ffn.layer_norm.gamma = ones(depth)
        layer.ffn.layer_norm.beta = zeros(depth)
        layer.ffn.linear_0.weight = zeros(16, depth)
        layer.ffn.linear_0.bias = zeros(16)
        layer.ffn.linear_1.weight = zeros(depth, 16)
        layer.ffn.linear_1.bias = zeros(depth)

    embeddings = zeros(vocab_size, depth)
    embeddings[tokens, tokens] = 1.0
    encoder.embeddings[0].weight = embeddings
    source_positions = zeros(positions, depth)
    source_positions[np.arange(positions), pos_block] = 1.0
    encoder.position_encodings.encodings = source_positions
    silence(encoder.layer[0])
    encoder.layer_norm.gamma, encoder.layer_norm.beta = _identity_layer_norm(
        [1.0, 1.0], depth
    )

    decoder.embeddings.weight = zeros(vocab_size, depth)
    decoder_positions = zeros(target_prefix_length + max_decoding_positions, depth)
    steps = np.arange(max_decoding_positions)
    slots = np.where(steps < positions, vocab_size + np.minimum(steps, positions - 1), beyond)
    decoder_positions[target_prefix_length + steps, slots] = 1.0
    decoder.position_encodings.encodings = decoder_positions
    layer = decoder.layer[0]
    silence(layer)
    cross = layer.attention
    cross.layer_norm.gamma, cross.layer_norm.beta = _identity_layer_norm([1.0], depth)
    # Query and key meet in the position block: step t scores attention_margin
    # on source position t. Every step also scores end_attention on the
    # source's end token (the key reads its token slot), so a step past the
    # source end copies </s> and a beam alternative finishes at once instead
    # of running to the decoding cap. CTranslate2 divides scores by sqrt(depth).
    scale = math.sqrt(depth)
    query = zeros(depth, depth)
    query[pos_block, pos_block] = attention_margin * scale
    query[eos, pos_block] = end_attention * scale
    query[eos, beyond] = end_attention * scale
    cross.linear[0].weight = query
    cross.linear[0].bias = zeros(depth)
    key_value = zeros(2 * depth, depth)
    key_value[pos_block, pos_block] = 1.0
    key_value[eos, eos] = 1.0
    key_value[depth + tokens, tokens] = 1.0
    cross.linear[1].weight = key_value
    cross.linear[1].bias = zeros(2 * depth)
    output = zeros(depth, depth)
    output[tokens, tokens] = 1.0
    cross.linear[2].weight = output
    cross.linear[2].bias = zeros(depth)
    decoder.layer_norm.gamma, decoder.layer_norm.beta = _identity_layer_norm(
        [1.0, 1.0], depth
    )

    projection = zeros(vocab_size, depth)
    projection[tokens, tokens] = output_scale
    projection[eos, eos] = output_scale + end_bias
    bias = zeros(vocab_size)
    bias[eos] = -end_bias
    decoder.projection.weight = projection
    decoder.projection.bias = bias

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = True
    return _save(spec, dest, quantization=None)


def build_random_model(
    dest: Path,
    sp_model: Path,
    *,
    layers: int = 6,
    d_model: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    vocab_size: int = 32000,
    quantization: str | None = "int8",
    seed: int = 0,
) -> Path:
    """Write a pre-norm Transformer with random weights (sinusoidal positions).

    The vocabulary is the SentencePiece model's pieces, padded with
    ``<extra_N>`` tokens up to ``vocab_size`` (a small training corpus gives
    fewer pieces than a real model has; the padding keeps the output layer,
    and so the decoding cost, at full size). ``vocab_size`` smaller than the
    SentencePiece vocabulary is raised to it. The defaults are
    Transformer-base, the size of Argos Translate's models.
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    vocabulary = sentencepiece_vocabulary(sp_model)
    vocabulary += [f"<extra_{i}>" for i in range(max(0, vocab_size - len(vocabulary)))]
    size = len(vocabulary)
    rng = np.random.default_rng(seed)

    def normal(*shape: int, std: float) -> Any:
        return rng.normal(0.0, std, size=shape).astype(np.float32)

    def linear(spec_linear: Any, out_dim: int, in_dim: int) -> None:
        spec_linear.weight = normal(out_dim, in_dim, std=1.0 / math.sqrt(in_dim))
        spec_linear.bias = normal(out_dim, std=0.02)

    def norm(spec_norm: Any) -> None:
        spec_norm.gamma = np.ones(d_model, dtype=np.float32)
        spec_norm.beta = np.zeros(d_model, dtype=np.float32)

    def attention(spec_attention: Any, cross: bool) -> None:
        norm(spec_attention.layer_norm)
        if cross:
            linear(spec_attention.linear[0], d_model, d_model)
            linear(spec_attention.linear[1], 2 * d_model, d_model)
            linear(spec_attention.linear[2], d_model, d_model)
        else:
            linear(spec_attention.linear[0], 3 * d_model, d_model)
            linear(spec_attention.linear[1], d_model, d_model)

    def feed_forward(spec_ffn: Any) -> None:
        norm(spec_ffn.layer_norm)
        linear(spec_ffn.linear_0, ffn, d_model)
        linear(spec_ffn.linear_1, d_model, ffn)

    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = normal(size, d_model, std=1.0 / math.sqrt(d_model))
    for layer in encoder.layer:
        attention(layer.self_attention, cross=False)
        feed_forward(layer.ffn)
    norm(encoder.layer_norm)
    decoder.embeddings.weight = normal(size, d_model, std=1.0 / math.sqrt(d_model))
    for layer in decoder.layer:
        attention(layer.self_attention, cross=False)
        attention(layer.attention, cross=True)
        feed_forward(layer.ffn)
    norm(decoder.layer_norm)
    linear(decoder.projection, size, d_model)

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = True
    return _save(spec, dest, quantization=quantization)


def _save(spec: Any, dest: Path, *, quantization: str | None) -> Path:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    spec.validate()
    spec.optimize(quantization=quantization)
    spec.save(str(dest))
    return dest


def build_argos_package(
    dest_dir: Path,
    *,
    model_dir: Path,
    sp_model: Path | None = None,
    bpe_model: Path | None = None,
    from_code: str = "en",
    to_code: str = "ko",
    package_version: str = "1.0",
    argos_version: str = "1.9.0",
    target_prefix: str | None = None,
    top_dir: str | None = None,
    filename: str | None = None,
    extra_metadata: Mapping[str, Any] | None = None,
) -> Path:
    """Zip a model directory and tokenizer into a genuine ``.argosmodel`` file.

    The archive holds one directory (``top_dir``, by default named like
    Argos's own packages, ``translate-en_ko-1_0``) with ``metadata.json``,
    ``model/``, its tokenizer (``sentencepiece.model``, or ``bpe.model`` given
    ``bpe_model``) and ``README.md``. Returns the path of the file written in
    ``dest_dir``.
    """
    if (sp_model is None) == (bpe_model is None):
        raise ValueError("give one tokenizer: a SentencePiece model or a BPE codes file")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    version_slug = package_version.replace(".", "_")
    top = top_dir or f"translate-{from_code}_{to_code}-{version_slug}"
    metadata: dict[str, Any] = {
        "package_version": package_version,
        "argos_version": argos_version,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    metadata.update(extra_metadata or {})
    readme = (
        f"# {metadata['from_name']} → {metadata['to_name']}\n\n"
        "Built by dipl10n.testing for tests; not a translation model.\n"
    )
    path = dest_dir / (filename or f"{top}.argosmodel")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/", "")
        archive.writestr(
            f"{top}/metadata.json", json.dumps(metadata, indent=4, ensure_ascii=False)
        )
        archive.writestr(f"{top}/README.md", readme)
        if sp_model is not None:
            archive.write(sp_model, f"{top}/sentencepiece.model")
        if bpe_model is not None:
            archive.write(bpe_model, f"{top}/bpe.model")
        archive.writestr(f"{top}/model/", "")
        for item in sorted(Path(model_dir).iterdir()):
            if item.is_file():
                archive.write(item, f"{top}/model/{item.name}")
    return path
