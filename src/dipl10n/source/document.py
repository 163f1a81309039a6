"""Reading source documents into blocks: the first stage of the pipeline.

Two formats are read:

* **Markdown** (``.md``, ``.markdown``), parsed as CommonMark by markdown-it-py.
  A YAML front matter block holds the article's furniture, in reading order::

      ---
      kicker: Diplomacy
      headline: President Yoon meets with NATO Secretary General Stoltenberg
      standfirst: Strengthening partnership with NATO in defense, cyber, AI, etc.
      byline: By Diplomacy Journal Lee Jon-young
      date: 2024-07-11
      ---

  ``kicker``, ``headline``, ``standfirst`` and ``byline`` are translated; other
  keys (``date``, ``slug``, ...) are metadata. Without a ``headline`` key the
  first ``# heading`` is the headline. The body's paragraphs, headings, list
  items and block quotes are translated with their inline Markdown (links,
  emphasis, code) kept in the text; code blocks are not translated.
* **Plain text** (``.txt``): paragraphs separated by blank lines, where a line
  holding only whitespace (U+00A0 NO-BREAK SPACE included) is blank.

Files are UTF-8 with or without a byte-order mark; anything else is refused
with the file and line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from dipl10n.errors import SourceError
from dipl10n.fs import controls
from dipl10n.fs.textio import read_text

MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)
SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES

#: Front-matter keys that are translated, in the order an article shows them.
FURNITURE = ("kicker", "headline", "standfirst", "byline")


@dataclass(frozen=True)
class Block:
    """One block of a document: a paragraph, a heading, the byline, ...

    ``text`` is what gets translated (inline Markdown kept for Markdown
    sources); it may hold soft line breaks. ``line`` is the 1-based source line
    of its first character, and line ``line + k`` holds the text after its
    ``k``-th newline. Blocks of one list or block quote share ``group``.
    """

    role: str
    text: str
    line: int
    translatable: bool = True
    level: int = 0
    group: int | None = None
    ordered: bool = False


@dataclass(frozen=True)
class Document:
    """A source document: its blocks in reading order and its metadata."""

    name: str
    path: Path
    ref: str
    format: str
    blocks: tuple[Block, ...]
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def date(self) -> datetime.date | None:
        """The ``date`` of the front matter, when it is an ISO 8601 date (``2024-07-11``, a time may follow)."""
        value = (self.metadata.get("date") or "").strip()
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None


def discover_documents(source_dir: Path) -> list[Path]:
    """The source documents under ``source_dir``, sorted by name.

    Two documents with one name (``a.md`` and ``a.txt``) would share a
    catalog, so they are refused. So is a document that is a symbolic link
    resolving outside ``source_dir`` (to ``/etc/passwd``, say): its text would
    end up in catalogs and pages. A link to another file of the folder is
    fine, and ``source_dir`` itself may be a link (it is the user's choice).
    """
    if not source_dir.is_dir():
        raise SourceError("source directory does not exist", path=source_dir)
    candidates = sorted(
        p for p in source_dir.iterdir() if p.suffix.lower() in SUFFIXES and (p.is_symlink() or p.is_file())
    )
    inside = source_dir.resolve()
    paths = []
    for path in candidates:
        _check_name(path)
        if path.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before Python 3.13)
                raise SourceError(f"the document is a symbolic link that leads nowhere: {exc}", path=path) from exc
            if inside not in target.parents:
                raise SourceError(
                    f"the document is a symbolic link to {str(target)!r}, outside the source directory; dipl10n "
                    "reads only files inside it: copy the file into the folder, or remove the link",
                    path=path,
                )
        if path.is_file():
            paths.append(path)
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen:
            raise SourceError(
                f"two source documents are named {path.stem!r} ({seen[path.stem].name} and {path.name}); "
                "each document needs its own name because it gets its own catalog",
                path=path,
            )
        seen[path.stem] = path
    return paths


# C0 and C1 controls and DEL: a line break in a name would break the catalog's "#:" reference line.
_NAME_CONTROL = controls.ANY


def _check_name(path: Path) -> None:
    """Refuse a document name that cannot name its catalog and pages, before anything is written."""
    name = path.stem
    control = _NAME_CONTROL.search(path.name)
    if control:
        problem = f"contains the control character U+{ord(control.group()):04X}"
    elif name in (".", ".."):
        problem = f"would give the document the name {name!r}"
    elif "\\" in name:
        problem = "contains a backslash, which Windows reads as a folder separator"
    else:
        return
    # The location is the folder: the name itself may not print on one line.
    raise SourceError(
        f"the file name {path.name!r} {problem}; rename the file (its name names the catalog and the pages)",
        path=path.parent,
    )


def read_document(path: Path, *, ref: str | None = None) -> Document:
    """Read one source document; ``ref`` is how references name it (``source/a.md``)."""
    ref = ref or path.as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"unknown document type {suffix!r}; dipl10n reads {', '.join(SUFFIXES)}", path=ref)
    text = read_text(path, error=SourceError, display=ref)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError("empty document: there is no text to translate", path=ref)
    if suffix in MARKDOWN_SUFFIXES:
        blocks, metadata = _read_markdown(text, ref)
        fmt = "markdown"
    else:
        blocks, metadata = tuple(_read_plain(text)), {}
        fmt = "text"
    return Document(
        name=path.stem,
        path=path,
        ref=ref,
        format=fmt,
        blocks=blocks,
        metadata=MappingProxyType(dict(metadata)),
    )


_BLANK = re.compile(r"^\s*$")


def _read_plain(text: str) -> Iterator[Block]:
    lines = text.split("\n")
    start: int | None = None
    for number, line in enumerate([*lines, ""], start=1):
        if _BLANK.match(line):
            if start is not None:
                yield Block(role="paragraph", text="\n".join(lines[start - 1 : number - 1]), line=start)
                start = None
        elif start is None:
            start = number


def _read_markdown(text: str, ref: str) -> tuple[tuple[Block, ...], dict[str, str]]:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Raw HTML is text to translate (and to escape), never markup dropped or passed through.
    tokens = MarkdownIt("commonmark", {"html": False}).use(front_matter_plugin).parse(text)
    blocks: list[Block] = []
    metadata: dict[str, str] = {}
    containers: list[tuple[str, int, bool]] = []  # (kind, group, ordered)
    groups = 0
    heading: tuple[str, int] | None = None
    has_headline = False
    for token in tokens:
        if token.type == "front_matter":
            furniture, metadata = _front_matter(token.content, token.map[0] + 2 if token.map else 2, ref)
            blocks.extend(furniture)
            has_headline = any(b.role == "headline" for b in furniture)
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            groups += 1
            containers.append((token.type.rsplit("_", 1)[0], groups, token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1 and not has_headline and not containers:
                heading = ("headline", 1)
                has_headline = True
            else:
                heading = ("heading", level)
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline":
            line = token.map[0] + 1 if token.map else 1
            if heading:
                role, level = heading
                blocks.append(Block(role=role, text=token.content, line=line, level=level))
            elif containers:
                kind, group, ordered = containers[-1]
                role = "quote" if kind == "blockquote" else "list-item"
                depth = sum(1 for c in containers if c[0] != "blockquote")
                blocks.append(
                    Block(role=role, text=token.content, line=line, level=depth, group=group, ordered=ordered)
                )
            else:
                blocks.append(Block(role="paragraph", text=token.content, line=line))
        elif token.type in ("fence", "code_block"):
            line = token.map[0] + 1 if token.map else 1
            blocks.append(Block(role="code", text=token.content, line=line, translatable=False))
        elif token.type == "hr":
            line = token.map[0] + 1 if token.map else 1
            blocks.append(Block(role="rule", text="", line=line, translatable=False))
    return tuple(blocks), metadata


def _front_matter(content: str, first_line: int, ref: str) -> tuple[list[Block], dict[str, str]]:
    """Blocks for the translated keys and a dict of the others; ``first_line`` is the YAML's line 1."""
    import yaml

    try:
        root = yaml.compose(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(f"front matter is not valid YAML: {problem}", path=ref, line=line, cause=exc) from exc
    if root is None:
        return [], {}
    if not isinstance(root, yaml.MappingNode):
        raise SourceError("front matter must be a mapping of keys to text", path=ref, line=first_line)
    furniture: dict[str, Block] = {}
    metadata: dict[str, str] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if not isinstance(value_node, yaml.ScalarNode):
            raise SourceError(f"front matter key {key!r} must hold text, not a list or mapping", path=ref, line=line)
        if key in furniture or key in metadata:
            raise SourceError(f"front matter key {key!r} is given twice", path=ref, line=line)
        value = str(value_node.value)
        if key in FURNITURE:
            if not value.strip():
                raise SourceError(f"front matter key {key!r} is empty", path=ref, line=line)
            # A block scalar (| or >) starts on the line after its key.
            text_line = first_line + value_node.start_mark.line + (1 if value_node.style in ("|", ">") else 0)
            furniture[key] = Block(role=key, text=value.strip("\n"), line=text_line)
        else:
            metadata[key] = value
    return list(furniture.values()), metadata



#: A numeric character reference as :func:`html.unescape` reads one (the ``;`` is optional there too).
_NUMERIC_REFERENCE = re.compile(r"&#(?:([xX])([0-9a-fA-F]+)|([0-9]+))(;?)")


def bound_references(text: str) -> str:
    """``text`` with its numeric character references bounded, for :func:`html.unescape`.

    ``html.unescape(bound_references(text))`` is what ``html.unescape(text)``
    is, without its crash: a reference of thousands of decimal digits
    (``&#1111…;``) stops ``html.unescape`` with Python's limit on integer
    conversion (``ValueError``). A reference whose value lies beyond U+10FFFF
    (more than 6 hexadecimal or 7 decimal digits after its leading zeros)
    becomes U+FFFD, which is what ``html.unescape`` makes of it; the others
    lose their leading zeros. Markdown itself (markdown-it-py) reads at most
    8 digits and needs none of this.
    """
    if "&#" not in text:
        return text

    def bounded(match: re.Match[str]) -> str:
        hexa, digits = match.group(1), match.group(2) or match.group(3)
        significant = digits.lstrip("0") or "0"
        if len(significant) > (6 if hexa else 7):
            return "\ufffd"
        return f"&#{hexa or ''}{significant}{match.group(4)}"

    return _NUMERIC_REFERENCE.sub(bounded, text)
