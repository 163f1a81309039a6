"""Project configuration: ``[tool.dipl10n]`` in the project's ``pyproject.toml``.

A project is a directory whose ``pyproject.toml`` holds a ``[tool.dipl10n]``
table (it may be empty), with ``source/``, ``locales/`` and ``glossary.csv``
under it; the table may configure where they are::

    [tool.dipl10n]
    project = "Diplomacy Journal"     # Project-Id-Version of the catalogs
    source_dir = "source"
    locales_dir = "locales"
    glossary = "glossary.csv"        # false: the project has no glossary
    languages = ["ko"]
    output_dir = "build"

    [tool.dipl10n.mt]
    beam_size = 4
    compute_type = "int8"

Options given on the command line override the file. Every value is checked
once, here, when the file is read: an error names the file and the line of
the setting. ``glossary = false`` says the project has no glossary (every
command then works without one; otherwise a missing glossary is an error).
``languages`` are parsed as locales
(:func:`dipl10n.lang.locales.parse_language`: ``ko-KR`` is ``ko_KR``), and
``[tool.dipl10n.mt]`` becomes the one :class:`MTConfig` the engine uses.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dipl10n.errors import ConfigError
from dipl10n.fs import controls
from dipl10n.lang.locales import parse_language
from dipl10n.po.writer import Wrapping, parse_wrapping

CONFIG_FILE = "pyproject.toml"

#: What CTranslate2 accepts as ``compute_type`` (``ctranslate2.Translator``).
COMPUTE_TYPES = (
    "auto",
    "default",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
#: Where CTranslate2 may run the model.
DEVICES = ("auto", "cpu", "cuda")
#: The machine-translation engines dipl10n can drive.
ENGINES = ("argos",)
#: Where the machine-translation stage runs: in this process, or on Ray actors (``pip install 'dipl10n[ray]'``).
EXECUTORS = ("local", "ray")

# Each numeric setting and its range (inclusive).
_INT_RANGES: dict[str, tuple[int, int]] = {
    "beam_size": (1, 64),
    "inter_threads": (1, 256),
    "workers": (0, 4096),  # 0: one per GPU, or one per cpus_per_worker cores
    "cpus_per_worker": (1, 1024),
    "intra_threads": (0, 1024),  # 0: CTranslate2 picks
    "max_batch_tokens": (1, 1_000_000),
    "max_decoding_margin": (0, 10_000),
    "max_decoding_length": (1, 100_000),
    "max_input_tokens": (1, 100_000),
}
_FLOAT_RANGES: dict[str, tuple[float, float]] = {
    "max_decoding_ratio": (0.0, 100.0),
    "length_penalty": (-10.0, 10.0),
}
_CODE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*")
#: C0 and C1 controls and DEL (line breaks and tabs included): refused in the project's name.
_NAME_CONTROL = controls.ANY


@dataclass(frozen=True)
class MTConfig:
    """``[tool.dipl10n.mt]``: which engine, where its packages are, and how to run the model.

    Every value is checked when the object is made, whether from
    ``pyproject.toml`` (:func:`load_config` adds the file and line) or in code:
    a bad value is a :class:`~dipl10n.errors.ConfigError`, never a failure
    when machine translation runs.

    The decoding cap of a batch is
    ``min(max_decoding_length, ceil(max_decoding_ratio * longest) + max_decoding_margin)``
    target tokens, ``longest`` being the batch's longest input in tokens.
    ``compute_type`` ``"auto"`` lets CTranslate2 pick the fastest type the
    device supports (int8 on most CPUs). ``max_batch_tokens`` counts padded
    source tokens; on CPU, batches of a few thousand tokens beat bigger ones,
    whose beam-times-vocabulary score matrices stop fitting in cache (see
    ``bench/README.md``). ``intra_threads`` 0 lets CTranslate2 choose.
    """

    engine: str = "argos"
    from_code: str = "en"
    packages_dir: Path | None = None
    package_index: str | None = None
    beam_size: int = 4
    inter_threads: int = 1
    intra_threads: int = 0
    compute_type: str = "auto"
    device: str = "auto"
    max_batch_tokens: int = 2048
    max_decoding_ratio: float = 2.0
    max_decoding_margin: int = 16
    max_decoding_length: int = 512
    max_input_tokens: int = 1000
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    executor: str = "local"
    #: The Ray cluster (``ray://host:10001``, or ``auto`` for a running one); empty: a local cluster.
    address: str = ""
    workers: int = 0
    cpus_per_worker: int = 2

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = check_mt_setting(f.name, getattr(self, f.name))
            object.__setattr__(self, f.name, value)

    def decoding_cap(self, longest: int) -> int:
        """Maximum target length for a batch whose longest input has ``longest`` tokens."""
        proportional = math.ceil(self.max_decoding_ratio * longest) + self.max_decoding_margin
        return max(1, min(self.max_decoding_length, proportional))


#: The names of the settings of ``[tool.dipl10n.mt]``.
MT_SETTINGS = tuple(f.name for f in dataclasses.fields(MTConfig))


def check_mt_setting(name: str, value: Any) -> Any:
    """``value`` as ``mt.<name>`` keeps it; :class:`ConfigError` (without a location) if it is not one.

    The one check of every MT setting: :class:`MTConfig` runs it on construction
    and :func:`load_config` adds the file and line of the setting to its error.
    """

    def refuse(expected: str) -> ConfigError:
        return ConfigError(f"mt.{name} must be {expected}, not {value!r}")

    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise refuse(f"an integer from {low} to {high}")
        return value
    if name in _FLOAT_RANGES:
        low_f, high_f = _FLOAT_RANGES[name]
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not math.isfinite(value)
            or not low_f <= value <= high_f
        ):
            raise refuse(f"a number from {low_f:g} to {high_f:g}")
        return float(value)
    if name == "replace_unknowns":
        if not isinstance(value, bool):
            raise refuse("true or false")
        return value
    if name == "packages_dir":
        if value is None:
            return None
        if not isinstance(value, (str, Path)) or not str(value).strip():
            raise refuse("a directory path")
        return Path(value).expanduser()
    if name == "package_index":
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise refuse("the URL of an Argos package index (index.json)")
        return value
    if name == "address":
        if not isinstance(value, str) or any(c.isspace() for c in value):
            raise refuse("the address of a Ray cluster, such as 'ray://head:10001' or 'auto' (empty: a local one)")
        return value
    choices = {"engine": ENGINES, "compute_type": COMPUTE_TYPES, "device": DEVICES, "executor": EXECUTORS}.get(name)
    if choices is not None:
        if value not in choices:
            raise refuse("one of " + ", ".join(repr(choice) for choice in choices))
        return value
    if name == "from_code":
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            raise refuse("the source language code of the translation packages, such as 'en'")
        return value
    raise ConfigError(f"unknown setting {name!r} in [tool.dipl10n.mt]; known: {', '.join(MT_SETTINGS)}")


@dataclass(frozen=True)
class Config:
    """Where a project keeps its files, and what it translates into."""

    root: Path
    project: str
    source_dir: Path
    locales_dir: Path
    #: ``None``: the project has no glossary (``glossary = false``, ``--no-glossary``).
    glossary: Path | None
    languages: tuple[str, ...]
    output_dir: Path
    memory: Path
    mt: MTConfig = field(default_factory=MTConfig)
    #: ``po_wrap``: how catalogs are wrapped when dipl10n writes them; ``None`` ("auto"): as each catalog already is.
    po_wrap: Wrapping | None = None

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


_TOP_KEYS = {"project", "source_dir", "locales_dir", "glossary", "languages", "output_dir", "memory", "mt", "po_wrap"}


def load_config(root: Path, **overrides: Any) -> Config:
    """Read ``[tool.dipl10n]`` from ``root/pyproject.toml`` and apply ``overrides``.

    ``overrides`` uses the same names as the file; ``None`` values are ignored,
    so the CLI can pass every option it has (``languages`` is ``--lang``;
    ``mt`` a mapping of ``[tool.dipl10n.mt]`` settings; ``glossary=False``
    is ``--no-glossary``). Every value is checked here, once: an error names
    the file and line of the setting.

    A directory without ``pyproject.toml`` (or without the table) gets the
    defaults: finding the project, and refusing a directory that is none, is
    :func:`dipl10n.project.session.find_root`'s job.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("project directory does not exist", path=root)
    table, config_path = _read_table(root)
    values: dict[str, Any] = {k: v for k, v in table.items() if k != "mt"}
    values.update({k: v for k, v in overrides.items() if v is not None and k not in ("mt", "languages")})

    def path_of(key: str, default: str) -> Path:
        raw = values.get(key, default)
        if not isinstance(raw, (str, Path)) or not str(raw):
            raise ConfigError(f"{key} must be a path", path=config_path, line=_line_of(config_path, key))
        path = Path(raw)
        return path if path.is_absolute() else root / path

    if overrides.get("languages") is not None:
        languages = _cli_languages(overrides["languages"])
    else:
        languages = _file_languages(table.get("languages", ["ko"]), config_path)

    glossary_setting = values.get("glossary", "glossary.csv")
    if glossary_setting is False:
        glossary: Path | None = None
    elif isinstance(glossary_setting, bool):
        raise ConfigError(
            "glossary must be the path of the glossary (a CSV file), or false for a project without one",
            path=config_path,
            line=_line_of(config_path, "glossary"),
        )
    else:
        glossary = path_of("glossary", "glossary.csv")

    project = values.get("project", root.resolve().name)
    if not isinstance(project, str):
        raise ConfigError("project must be a string", path=config_path, line=_line_of(config_path, "project"))
    control = _NAME_CONTROL.search(project)
    if control:
        # The name goes into every catalog's header and first comment: a line break there writes new fields.
        where: dict[str, Any] = (
            {"path": config_path, "line": _line_of(config_path, "project")} if "project" in table else {}
        )
        named = f"project {project!r}" if "project" in values else f"the project folder's name {project!r}"
        raise ConfigError(
            f"{named} holds the control character U+{ord(control.group()):04X} (it goes into every catalog's "
            'header); set project = "..." in [tool.dipl10n] to a name on one line without control characters',
            **where,
        )

    try:
        po_wrap = parse_wrapping(values.get("po_wrap", "auto"))
    except ValueError as exc:
        raise ConfigError(str(exc), path=config_path, line=_line_of(config_path, "po_wrap")) from None

    return Config(
        root=root,
        project=project,
        source_dir=path_of("source_dir", "source"),
        locales_dir=path_of("locales_dir", "locales"),
        glossary=glossary,
        languages=languages,
        output_dir=path_of("output_dir", "build"),
        memory=path_of("memory", ".dipl10n/memory.sqlite"),
        mt=_mt_config(table.get("mt", {}), overrides.get("mt") or {}, root, config_path),
        po_wrap=po_wrap,
    )


def _file_languages(raw: Any, config_path: Path) -> tuple[str, ...]:
    """``languages`` of the file, each parsed as a locale (file and line on error)."""
    line = _line_of(config_path, "languages")
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,\s]+", raw) if part]
    if not isinstance(raw, (list, tuple)) or not raw or not all(isinstance(x, str) for x in raw):
        raise ConfigError('languages must be a list of locale codes such as ["ko"]', path=config_path, line=line)
    parsed = []
    for code in raw:
        try:
            parsed.append(parse_language(code))
        except ConfigError as exc:
            raise ConfigError(
                f"languages: {exc.message}",
                path=config_path,
                line=_line_of_value(config_path, "languages", code) or line,
                cause=exc,
            ) from exc
    return tuple(dict.fromkeys(parsed))


def _cli_languages(raw: Any) -> tuple[str, ...]:
    """``--lang`` codes, each parsed as a locale."""
    codes = [part for item in ([raw] if isinstance(raw, str) else raw) for part in item.split(",") if part]
    parsed = []
    for code in codes:
        try:
            parsed.append(parse_language(code))
        except ConfigError as exc:
            raise ConfigError(f"--lang: {exc.message}", cause=exc) from exc
    if not parsed:
        raise ConfigError("--lang: give at least one language code, such as ko")
    return tuple(dict.fromkeys(parsed))


def env_number(name: str, default: float, *, zero_ok: bool = True, what: str = "a number") -> float:
    """A number of 0 or more from the environment variable ``name`` (``default`` when it is unset or blank).

    Anything else (not a number, negative, NaN, infinite, or 0 unless ``zero_ok``) is a
    :class:`ConfigError`: ``<name> must be <what> (0 or more), not '<value>'`` (``more than 0``
    when 0 is refused).
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        bound = "0 or more" if zero_ok else "more than 0"
        raise ConfigError(f"{name} must be {what} ({bound}), not {raw!r}")
    return value


def declares_project(directory: Path) -> bool:
    """Whether ``directory/pyproject.toml`` holds a ``[tool.dipl10n]`` table (an empty one counts).

    A ``pyproject.toml`` that cannot be read as TOML is a :class:`ConfigError`
    naming its file and line: it may well be the project's.
    """
    config_path = Path(directory) / CONFIG_FILE
    if not config_path.is_file():
        return False
    tool = _read_toml(config_path).get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("tool must be a table ([tool])", path=config_path, line=_line_of(config_path, "tool"))
    return "dipl10n" in tool


def _read_table(root: Path) -> tuple[dict[str, Any], Path]:
    config_path = root / CONFIG_FILE
    if not config_path.exists():
        return {}, config_path
    return _table(_read_toml(config_path), config_path), config_path


def _read_toml(config_path: Path) -> dict[str, Any]:
    """``pyproject.toml`` as TOML; :class:`ConfigError` with the file and line when it is none."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    try:
        raw = config_path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror or exc}", path=config_path, cause=exc) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            path=config_path,
            line=raw.count(b"\n", 0, exc.start) + 1,
            cause=exc,
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11-3.13 put the position only into the message.
        match = re.search(r"line (\d+)", str(exc))
        if match:
            line: int | None = int(match.group(1))
        elif "end of document" in str(exc):
            line = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
        else:
            line = getattr(exc, "lineno", None)
        raise ConfigError(f"invalid TOML: {exc}", path=config_path, line=line, cause=exc) from exc
    return data


def _table(data: dict[str, Any], config_path: Path) -> dict[str, Any]:
    """``[tool.dipl10n]`` of the parsed file (``{}`` when there is none), its keys checked."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("tool must be a table ([tool])", path=config_path, line=_line_of(config_path, "tool"))
    table = tool.get("dipl10n", {})
    if not isinstance(table, dict):
        raise ConfigError(
            "[tool.dipl10n] must be a table", path=config_path, line=_line_of(config_path, "dipl10n")
        )
    unknown = set(table) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(
            f"unknown setting {key!r} in [tool.dipl10n]; known: {', '.join(sorted(_TOP_KEYS))}",
            path=config_path,
            line=_line_of(config_path, key),
        )
    return table


def _mt_config(table: Any, overrides: dict[str, Any], root: Path, config_path: Path) -> MTConfig:
    """``[tool.dipl10n.mt]`` with ``overrides``, each value checked with the line that sets it."""
    if not isinstance(table, dict):
        raise ConfigError("[tool.dipl10n.mt] must be a table", path=config_path, line=_line_of(config_path, "mt"))
    values: dict[str, Any] = {}
    given = [(key, value, True) for key, value in table.items()]
    given += [(key, value, False) for key, value in overrides.items() if value is not None]
    for key, value, from_file in given:
        location: dict[str, Any] = (
            {"path": config_path, "line": _line_of(config_path, key, table="tool.dipl10n.mt")} if from_file else {}
        )
        if key not in MT_SETTINGS:
            raise ConfigError(
                f"unknown setting {key!r} in [tool.dipl10n.mt]; known: {', '.join(sorted(MT_SETTINGS))}", **location
            )
        try:
            value = check_mt_setting(key, value)
        except ConfigError as exc:
            raise ConfigError(exc.message, cause=exc, **location) from exc
        if key == "packages_dir" and value is not None and not value.is_absolute():
            value = root / value  # relative to the project, not to where dipl10n runs
        values[key] = value
    return MTConfig(**values)


def _line_of(config_path: Path, key: str, *, table: str | None = None) -> int | None:
    """The first line of ``config_path`` that sets ``key`` (TOML errors carry no line).

    With ``table`` (``tool.dipl10n.mt``), a line that sets the key inside that
    table (or as a dotted key of its parent) wins over one elsewhere.
    """
    try:
        lines = config_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*(?P<prefix>(?:[\w\-\"']+\s*\.\s*)*){re.escape(key)}\s*=")
    header = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
    current = ""
    first: int | None = None
    for number, text in enumerate(lines, start=1):
        found = header.match(text)
        if found:
            current = re.sub(r"\s*\.\s*", ".", found.group(1)).replace('"', "")
            continue
        match = pattern.match(text)
        if not match:
            continue
        if table is None:
            return number
        prefix = re.sub(r"\s+", "", match.group("prefix")).replace('"', "").rstrip(".")
        if ".".join(part for part in (current, prefix) if part) == table:
            return number
        if first is None:
            first = number
    if first is None:
        # An inline table: mt = { beam_size = 0 }
        anywhere = re.compile(rf"(?<![\w\-]){re.escape(key)}\s*=")
        first = next((number for number, text in enumerate(lines, start=1) if anywhere.search(text)), None)
    return first


def _line_of_value(config_path: Path, key: str, value: str) -> int | None:
    """The line, from the one that sets ``key`` on, that holds the string ``value`` (a list over lines)."""
    start = _line_of(config_path, key)
    if start is None:
        return None
    lines = config_path.read_text(encoding="utf-8").splitlines()
    quoted = (f'"{value}"', f"'{value}'")
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if any(q in text for q in quoted):
            return number
        if "]" in text and number > start:
            break
    return None
