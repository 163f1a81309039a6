"""Project configuration: ``[tool.dipl10n]`` in the project's ``pyproject.toml``.

A project is a directory tree holding ``source/``, ``locales/`` and
``glossary.csv``. Its ``pyproject.toml`` may configure where they are::

    [tool.dipl10n]
    project = "Diplomacy Journal"     # Project-Id-Version of the catalogs
    source_dir = "source"
    locales_dir = "locales"
    glossary = "glossary.csv"
    languages = ["ko"]
    output_dir = "build"

    [tool.dipl10n.mt]
    beam_size = 4
    compute_type = "int8"

Options given on the command line override the file.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dipl10n.errors import ConfigError

CONFIG_FILE = "pyproject.toml"

_MT_DEFAULTS: dict[str, Any] = {
    "engine": "argos",
    "from_code": "en",
    "packages_dir": None,
    "package_index": None,
    "beam_size": 4,
    "inter_threads": 1,
    "intra_threads": 0,
    "compute_type": "auto",
    "max_batch_tokens": 2048,
}


@dataclass(frozen=True)
class MTConfig:
    """Settings of the machine-translation engine (``[tool.dipl10n.mt]``)."""

    engine: str = "argos"
    from_code: str = "en"
    packages_dir: Path | None = None
    package_index: str | None = None
    beam_size: int = 4
    inter_threads: int = 1
    intra_threads: int = 0
    compute_type: str = "auto"
    max_batch_tokens: int = 2048


@dataclass(frozen=True)
class Config:
    """Where a project keeps its files, and what it translates into."""

    root: Path
    project: str
    source_dir: Path
    locales_dir: Path
    glossary: Path
    languages: tuple[str, ...]
    output_dir: Path
    memory: Path
    mt: MTConfig = field(default_factory=MTConfig)

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


_TOP_KEYS = {"project", "source_dir", "locales_dir", "glossary", "languages", "output_dir", "memory", "mt"}


def load_config(root: Path, **overrides: Any) -> Config:
    """Read ``[tool.dipl10n]`` from ``root/pyproject.toml`` and apply ``overrides``.

    ``overrides`` uses the same names as the file; ``None`` values are ignored,
    so the CLI can pass every option it has.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("project directory does not exist", path=root)
    table, config_path = _read_table(root)
    values: dict[str, Any] = {k: v for k, v in table.items() if k != "mt"}
    values.update({k: v for k, v in overrides.items() if v is not None and k != "mt"})
    mt_values = dict(_MT_DEFAULTS)
    mt_table = table.get("mt", {})
    if not isinstance(mt_table, dict):
        raise ConfigError("[tool.dipl10n.mt] must be a table", path=config_path, line=_line_of(config_path, "mt"))
    unknown_mt = set(mt_table) - set(_MT_DEFAULTS)
    if unknown_mt:
        key = sorted(unknown_mt)[0]
        raise ConfigError(
            f"unknown setting {key!r} in [tool.dipl10n.mt]; known: {', '.join(sorted(_MT_DEFAULTS))}",
            path=config_path,
            line=_line_of(config_path, key),
        )
    mt_values.update(mt_table)
    mt_values.update({k: v for k, v in (overrides.get("mt") or {}).items() if v is not None})

    def path_of(key: str, default: str) -> Path:
        raw = values.get(key, default)
        if not isinstance(raw, (str, Path)) or not str(raw):
            raise ConfigError(f"{key} must be a path", path=config_path, line=_line_of(config_path, key))
        path = Path(raw)
        return path if path.is_absolute() else root / path

    languages = values.get("languages", ["ko"])
    if isinstance(languages, str):
        languages = [part for part in re.split(r"[,\s]+", languages) if part]
    if not isinstance(languages, (list, tuple)) or not languages or not all(isinstance(x, str) for x in languages):
        raise ConfigError(
            'languages must be a list of locale codes such as ["ko"]',
            path=config_path,
            line=_line_of(config_path, "languages"),
        )
    for lang in languages:
        _check_locale(lang, config_path)

    project = values.get("project", root.resolve().name)
    if not isinstance(project, str):
        raise ConfigError("project must be a string", path=config_path, line=_line_of(config_path, "project"))

    mt = _mt_config(mt_values, root, config_path)
    return Config(
        root=root,
        project=project,
        source_dir=path_of("source_dir", "source"),
        locales_dir=path_of("locales_dir", "locales"),
        glossary=path_of("glossary", "glossary.csv"),
        languages=tuple(dict.fromkeys(languages)),
        output_dir=path_of("output_dir", "build"),
        memory=path_of("memory", ".dipl10n/memory.sqlite"),
        mt=mt,
    )


def _read_table(root: Path) -> tuple[dict[str, Any], Path]:
    config_path = root / CONFIG_FILE
    if not config_path.exists():
        return {}, config_path
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    raw = config_path.read_bytes()
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
    return table, config_path


def _mt_config(values: dict[str, Any], root: Path, config_path: Path) -> MTConfig:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(MTConfig):
        value = values[f.name]
        default = _MT_DEFAULTS[f.name]
        if f.name == "packages_dir" and value is not None:
            path = Path(value).expanduser()
            value = path if path.is_absolute() else root / path
        elif isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(
                    f"mt.{f.name} must be a non-negative integer, not {value!r}",
                    path=config_path,
                    line=_line_of(config_path, f.name),
                )
        elif value is not None and not isinstance(value, str):
            raise ConfigError(
                f"mt.{f.name} must be a string, not {value!r}", path=config_path, line=_line_of(config_path, f.name)
            )
        kwargs[f.name] = value
    if kwargs["beam_size"] < 1:
        raise ConfigError("mt.beam_size must be at least 1", path=config_path, line=_line_of(config_path, "beam_size"))
    return MTConfig(**kwargs)


def _check_locale(lang: str, config_path: Path) -> None:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang, sep="_" if "_" in lang else "-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(
            f"unknown language code {lang!r}", path=config_path, line=_line_of(config_path, "languages"), cause=exc
        ) from exc


def _line_of(config_path: Path, key: str) -> int | None:
    """The first line of ``config_path`` that sets ``key`` (TOML errors carry no line)."""
    try:
        lines = config_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, text in enumerate(lines, start=1):
        if pattern.match(text):
            return number
    return None
