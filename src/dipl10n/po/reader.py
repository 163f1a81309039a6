"""A strict reader of PO and POT files into polib's catalog model.

polib's and Babel's own readers forgive too much: an unterminated string
drops the entry, a second definition of a msgid silently wins, a bad escape
passes. :func:`parse_po` / :func:`read_po` accept the PO grammar as GNU
gettext does and raise :class:`~dipl10n.errors.CatalogError` with the 1-based
line for everything it would reject, and for what dipl10n refuses on top:
duplicate messages, catalogs that are not UTF-8, NUL bytes, and catalogs that
look cut off: a last line without its line break, or comment lines at the end
that no entry follows (GNU gettext and Poedit end every catalog with the line
break after its last entry). An empty file is an empty catalog.

What the result holds (see :mod:`dipl10n.po.model`): every entry in file
order, obsolete ones included, with ``linenum`` the line of its ``msgid``
keyword. The header entry becomes polib's ``header`` (its translator comment),
``metadata`` (its fields, in order) and ``metadata_is_fuzzy``. Like polib and
Babel, dipl10n models the header as fields: a line of the header's msgstr
without a ``Name:`` continues the field before it, and extracted comments,
references and flags other than ``fuzzy`` on the header entry are not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from dipl10n.errors import CatalogError
from dipl10n.fs.textio import find_not_utf8
from dipl10n.po.model import FORMAT_LANGUAGES, RANGE_FLAG, join_comment, new_catalog

__all__ = ["cut_off_advice", "metadata_fields", "parse_po", "read_po"]

_FORMAT_LANGUAGE_SET = frozenset(FORMAT_LANGUAGES)

_WHITESPACE = " \t\r\f\v"
_KEYWORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_PLURAL_INDEX = re.compile(r"[ \t]*\[[ \t]*(\d+)[ \t]*\]")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|\Z)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_CHARSET = re.compile(r"charset=([^\s;]*)", re.IGNORECASE)
_RAW_CHARSET = re.compile(r"charset=([-A-Za-z0-9_.:+]*)", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


@dataclass
class _Token:
    kind: str  # "keyword", "string", "comment"
    value: str
    line: int
    obsolete: bool
    previous: bool


def read_po(path: Path, *, display_path: str | None = None) -> polib.POFile:
    """Read the PO or POT file at ``path`` (errors name ``display_path`` if given)."""
    shown = display_path if display_path is not None else path
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog: {exc.strerror or exc}", path=shown, cause=exc) from exc
    return parse_po(data, path=shown)


def parse_po(data: bytes, *, path: str | Path | None) -> polib.POFile:
    """Parse PO text into a polib catalog; raise :class:`CatalogError` for anything GNU would reject."""
    text = _decode(data, path)
    parser = _Parser(path)
    parser.run(_tokens(text, path))
    return parser.po


def cut_off_advice(path: str | Path | None) -> str:
    """What helps with a catalog that looks cut off: the end of a message saying where it ends."""
    restore = f"git checkout -- {_shell_word(path)}" if path is not None else "git checkout -- FILE"
    return (
        f"it looks cut off (an interrupted copy, save or conversion): restore it from version control ({restore}) "
        "or a backup, then run dipl10n again: its translation memory holds the reviewed translations and puts "
        "back any that the restored file lacks"
    )


def _shell_word(path: str | Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _decode(data: bytes, path: str | Path | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogError(
            "the file contains a NUL byte; it is not a text catalog (or it is UTF-16, "
            "which dipl10n does not read: save it as UTF-8)",
            path=path,
            line=data.count(b"\n", 0, nul) + 1,
        )
    if data and not data.endswith(b"\n"):
        # Before decoding: a file cut inside a multi-byte character is cut off, not in another encoding.
        last = data.count(b"\n") + 1
        raise CatalogError(
            f"the file ends in the middle of line {last}, without a line break; {cut_off_advice(path)} "
            "(if the file is complete and only the last line break is missing, add it)",
            path=path,
            line=last,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _RAW_CHARSET.search(data.decode("latin-1"))
        if declared and declared.group(1).lower() not in _UTF8_NAMES | {"charset"}:
            raise _charset_error(declared.group(1), path, data.count(b"\n", 0, declared.start()) + 1) from exc
        bad = find_not_utf8(data)
        assert bad is not None
        if bad.whole_file:
            # Never "iconv -o FILE FILE": iconv empties the file before it reads it.
            shown = _shell_word(path) if path is not None else "FILE"
            others = len(bad.lines) - 1
            message = (
                f"line {bad.line} is not valid UTF-8 (it looks like {bad.guess})"
                + (f", nor {'is' if others == 1 else 'are'} {others} more line{'s' * (others != 1)}" if others else "")
                + f"; dipl10n keeps catalogs in UTF-8: convert the file into a new one, check it, then move it "
                f"over this one: iconv -f {bad.guess.codec if bad.guess else ''} -t UTF-8 {shown} > {shown}.utf8"
            )
        elif bad.mostly_utf8 or bad.tiny:
            message = bad.fix_lines()
        else:
            message = (
                f"line {bad.line} is not valid UTF-8 and its encoding is unclear (or this is not a text file); "
                "dipl10n keeps catalogs in UTF-8: open it in an editor that lets you choose the encoding and save it as UTF-8"
            )
        raise CatalogError(message, path=path, line=bad.line, cause=exc) from exc


def _charset_error(charset: str, path: str | Path | None, line: int | None) -> CatalogError:
    shown = _shell_word(path) if path is not None else "FILE"
    return CatalogError(
        f"the header declares charset {charset}; dipl10n keeps catalogs in UTF-8 - convert the "
        "file to UTF-8 and declare \"Content-Type: text/plain; charset=UTF-8\": GNU gettext's msgconv does both, "
        f"into a new file to check before it replaces this one: msgconv -t UTF-8 {shown} > {shown}.utf8",
        path=path,
        line=line,
    )


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with their 1-based numbers; CRLF read as LF, backslash-newline joins lines (as GNU's lexer does)."""
    pending: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        yield start, "".join(pending)
        pending = []
    if pending:
        yield start, "".join(pending)


def _tokens(text: str, path: str | Path | None) -> Iterator[_Token]:
    for number, line in _physical_lines(text):
        pos = 0
        length = len(line)
        obsolete = previous = False
        while pos < length:
            char = line[pos]
            if char in _WHITESPACE:
                pos += 1
            elif char == "#":
                mark = line[pos + 1 : pos + 2]
                if mark == "~":
                    obsolete = True
                    pos += 2
                    if line[pos : pos + 1] == "|":
                        previous = True
                        pos += 1
                elif mark == "|":
                    previous = True
                    pos += 2
                else:
                    yield _Token("comment", line[pos + 1 :], number, obsolete, previous)
                    break
            elif char == '"':
                match = _STRING.match(line, pos)
                if match is None:
                    raise CatalogError("unterminated string: the closing \" is missing", path=path, line=number)
                yield _Token("string", _unescape(match.group(1), path, number), number, obsolete, previous)
                pos = match.end()
            else:
                match = _KEYWORD.match(line, pos)
                if match is None:
                    raise CatalogError(
                        f"syntax error: unexpected {char!r}; a line starts with a keyword "
                        '(msgid, msgstr, ...), a string in "double quotes" or a # comment',
                        path=path,
                        line=number,
                    )
                word = match.group()
                pos = match.end()
                if word == "msgstr":
                    index = _PLURAL_INDEX.match(line, pos)
                    if index is not None:
                        word = f"msgstr[{int(index.group(1))}]"
                        pos = index.end()
                yield _Token("keyword", word, number, obsolete, previous)


def _unescape(body: str, path: str | Path | None, line: int) -> str:
    if "\\" not in body:
        value = body
    else:
        raw = bytearray()
        pos = 0
        for match in _ESCAPE.finditer(body):
            raw += body[pos : match.start()].encode("utf-8")
            pos = match.end()
            octal, hexa, other = match.groups()
            if octal is not None:
                code = int(octal, 8)
            elif hexa is not None:
                code = int(hexa, 16)
                if code > 0xFF:
                    raise CatalogError(
                        f"invalid escape sequence \\x{hexa}: the value is larger than a byte", path=path, line=line
                    )
            elif other is not None and other in _SIMPLE_ESCAPES:
                raw += _SIMPLE_ESCAPES[other].encode("ascii")
                continue
            else:
                shown = "\\" + (other or "")
                raise CatalogError(
                    f"invalid escape sequence {shown} (valid: \\n \\t \\\" \\\\ and a few more)",
                    path=path,
                    line=line,
                )
            if code == 0:
                raise CatalogError(
                    f"invalid escape sequence {match.group()}: strings cannot contain NUL", path=path, line=line
                )
            raw.append(code)
        raw += body[pos:].encode("utf-8")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CatalogError(
                "the escape sequences in this string do not make valid UTF-8", path=path, line=line, cause=exc
            ) from exc
    if "\x04" in value:
        raise CatalogError(
            "a string contains the control character EOT (\\x04), which separates the context in compiled catalogs",
            path=path,
            line=line,
        )
    return value


@dataclass
class _Entry:
    """One entry while it is being read."""

    user_comments: list[str] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)
    locations: list[tuple[str, int | None]] = field(default_factory=list)
    flag_tokens: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)
    # Line of each keyword's last string; for the header, the lines of its msgstr strings.
    lines: dict[str, int] = field(default_factory=dict)
    msgstr_lines: list[tuple[int, str]] = field(default_factory=list)
    obsolete: bool | None = None
    last_keyword: str | None = None
    last_previous: bool = False
    #: The line of its first comment line.
    first_comment: int | None = None

    @property
    def started(self) -> bool:
        return bool(self.parts) or bool(self.previous)

    @property
    def complete(self) -> bool:
        return "msgstr" in self.parts or "msgstr[0]" in self.parts


class _Parser:
    def __init__(self, path: str | Path | None) -> None:
        self.path = path
        self.po = new_catalog()
        self.entry = _Entry()
        # GNU gives live and obsolete entries one name space.
        self.seen: dict[tuple[str | None, str], int] = {}
        self.header_seen = False

    def error(self, message: str, line: int | None) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def run(self, tokens: Iterable[_Token]) -> None:
        for token in tokens:
            if token.kind == "comment":
                self.comment(token)
            elif token.kind == "keyword":
                self.keyword(token)
            else:
                self.string(token)
        self.finish(at_eof=True)

    # -- tokens --------------------------------------------------------------

    def comment(self, token: _Token) -> None:
        entry = self.entry
        if entry.complete:
            self.finish()
            entry = self.entry
        elif entry.parts:
            start = entry.lines.get("msgid", entry.lines.get("msgctxt"))
            raise self.error(
                f"keyword 'msgstr' expected before this comment (the entry starts at line {start})", token.line
            )
        if entry.first_comment is None:
            entry.first_comment = token.line
        text = token.value
        if text.startswith("."):
            text = text[1:]
            entry.auto_comments.append(text[1:] if text.startswith(" ") else text)
        elif text.startswith(":"):
            entry.locations.extend(_parse_references(text[1:]))
        elif text.startswith((",", "!")):
            entry.flag_tokens.extend(_flag_tokens(text[1:]))
        else:
            location = _parse_solaris_reference(text)
            if location is not None:
                entry.locations.append(location)
            else:
                entry.user_comments.append(text[1:] if text.startswith(" ") else text)

    def keyword(self, token: _Token) -> None:
        word = token.value
        entry = self.entry
        if word in ("msgctxt", "msgid") or token.previous:
            if entry.complete:
                self.finish()
                entry = self.entry
        if token.previous:
            if word not in ("msgctxt", "msgid", "msgid_plural"):
                raise self.error(f"keyword '{word}' cannot follow #|", token.line)
            if entry.parts:
                raise self.error("#| lines (the previous msgid) must come before msgctxt and msgid", token.line)
            if word != "msgid" and "msgctxt" in entry.previous and "msgid" not in entry.previous:
                raise self.error("'#| msgctxt' must be followed by '#| msgid'", token.line)
            order = ("msgctxt", "msgid", "msgid_plural")
            if word in entry.previous or any(order.index(k) > order.index(word) for k in entry.previous):
                raise self.error(f"'#| {word}' is out of place", token.line)
            if word == "msgid_plural" and "msgid" not in entry.previous:
                raise self.error("'#| msgid_plural' must follow '#| msgid'", token.line)
            self.check_obsolete(entry, token)
            entry.previous[word] = []
            entry.last_keyword = word
            entry.last_previous = True
            entry.lines[f"#|{word}"] = token.line
            return
        if entry.previous and "msgid" not in entry.previous:
            raise self.error("'#| msgctxt' must be followed by '#| msgid'", token.line)
        if word == "msgctxt":
            if "msgctxt" in entry.parts or "msgid" in entry.parts:
                raise self.error(self.expected(entry), token.line)
        elif word == "msgid":
            if "msgid" in entry.parts:
                raise self.error(self.expected(entry), token.line)
        elif word == "msgid_plural":
            if "msgid" not in entry.parts:
                raise self.error("keyword 'msgid' expected before 'msgid_plural'", token.line)
            if entry.complete or "msgid_plural" in entry.parts:
                raise self.error("keyword 'msgid' expected: only one msgid_plural per entry", token.line)
        elif word == "msgstr":
            if "msgid" not in entry.parts:
                raise self.error("keyword 'msgid' expected before 'msgstr'", token.line)
            if "msgid_plural" in entry.parts:
                raise self.error("keyword 'msgstr[0]' expected: the entry has a msgid_plural", token.line)
            if entry.complete:
                raise self.error("keyword 'msgid' expected: this entry already has a msgstr", token.line)
        elif word.startswith("msgstr["):
            if "msgid_plural" not in entry.parts:
                if "msgid" not in entry.parts:
                    raise self.error(f"keyword 'msgid' expected before '{word}'", token.line)
                raise self.error(f"keyword 'msgstr' expected: '{word}' needs a msgid_plural", token.line)
            index = int(word[7:-1])
            expected = sum(1 for k in entry.parts if k.startswith("msgstr["))
            if index != expected:
                raise self.error(f"keyword 'msgstr[{expected}]' expected, not '{word}'", token.line)
        elif word == "domain":
            raise self.error("domain directives are not supported: keep one domain per file", token.line)
        else:
            raise self.error(f"keyword '{word}' unknown", token.line)
        self.check_obsolete(entry, token)
        entry.parts[word] = []
        entry.last_keyword = word
        entry.last_previous = False
        entry.lines[word] = token.line

    def string(self, token: _Token) -> None:
        entry = self.entry
        if entry.last_keyword is None:
            raise self.error("a string must follow a keyword (msgid, msgstr, ...)", token.line)
        if token.previous != entry.last_previous:
            raise self.error(
                "a continuation of a #| line must also start with #|"
                if entry.last_previous
                else "a continuation line cannot start with #|",
                token.line,
            )
        self.check_obsolete(entry, token)
        target = entry.previous if entry.last_previous else entry.parts
        target[entry.last_keyword].append(token.value)
        if entry.last_keyword == "msgstr" and not entry.last_previous:
            entry.msgstr_lines.append((token.line, token.value))

    def check_obsolete(self, entry: _Entry, token: _Token) -> None:
        if entry.obsolete is None:
            entry.obsolete = token.obsolete
        elif entry.obsolete != token.obsolete:
            raise self.error(
                "inconsistent use of #~: every line of an obsolete entry starts with #~, "
                "and no line of a live entry does",
                token.line,
            )

    def expected(self, entry: _Entry) -> str:
        if "msgid" in entry.parts:
            if "msgid_plural" in entry.parts:
                return "keyword 'msgstr[0]' expected"
            return "keyword 'msgstr' expected"
        return "keyword 'msgid' expected"

    # -- entries -------------------------------------------------------------

    def finish(self, *, at_eof: bool = False) -> None:
        entry = self.entry
        self.entry = _Entry()
        cut = "; " + cut_off_advice(self.path) if at_eof else ""
        if not entry.started:
            if at_eof and entry.first_comment is not None and (self.header_seen or len(self.po)):
                # GNU and Poedit write comments only before an entry: these lost the entry they belonged to.
                raise self.error(
                    f"the file ends inside an entry: the comment lines from line {entry.first_comment} on "
                    f"have no msgid after them{cut}",
                    entry.first_comment,
                )
            return  # a file of comments alone is an empty catalog (GNU drops them too)
        for marker, group in (("", entry.parts), ("#|", entry.previous)):
            for keyword, strings in group.items():
                if not strings:
                    raise self.error(
                        f"keyword '{marker and marker + ' '}{keyword}' must be followed by a string{cut}",
                        entry.lines[marker + keyword],
                    )
        if not entry.complete:
            if "msgid" not in entry.parts:
                line = entry.lines.get("msgctxt") or min(entry.lines.values())
                what = f"file ends in the middle of an entry (no msgid){cut}" if at_eof else "keyword 'msgid' expected"
                raise self.error(what, line)
            what = "msgid_plural without msgstr[0]" if "msgid_plural" in entry.parts else "msgid without msgstr"
            raise self.error(f"file ends in the middle of an entry ({what}){cut}", entry.lines["msgid"])
        self.add(entry, at_eof=at_eof)

    def add(self, entry: _Entry, *, at_eof: bool = False) -> None:
        text = {keyword: "".join(strings) for keyword, strings in entry.parts.items()}
        context = text.get("msgctxt")
        msgid = text["msgid"]
        line = entry.lines["msgid"]
        flags = _canonical_flags(entry.flag_tokens)
        if not entry.obsolete and msgid == "" and context is None and not self.header_seen:
            self.header(entry, text, flags, line, at_eof=at_eof)
            return
        key = (context, msgid)
        if key in self.seen:
            if key == (None, ""):
                what = 'the header (msgid "")'
            else:
                shown = msgid if len(msgid) <= 60 else msgid[:57] + "..."
                what = f'"{shown}"' + (f' with context "{context}"' if context is not None else "")
            raise self.error(f"duplicate message: {what} was already defined at line {self.seen[key]}", line)
        self.seen[key] = line
        previous = {keyword: "".join(strings) for keyword, strings in entry.previous.items()}
        po_entry = polib.POEntry(
            msgid=msgid,
            msgctxt=context,
            tcomment=join_comment(entry.user_comments),
            comment=join_comment(entry.auto_comments),
            # GNU keeps one of each file position.
            occurrences=list(dict.fromkeys((name, "" if number is None else str(number)) for name, number in entry.locations)),
            flags=flags,
            previous_msgctxt=previous.get("msgctxt"),
            previous_msgid=previous.get("msgid"),
            previous_msgid_plural=previous.get("msgid_plural"),
            obsolete=bool(entry.obsolete),
            linenum=line,
            encoding="utf-8",
        )
        if "msgid_plural" in text:
            po_entry.msgid_plural = text["msgid_plural"]
            count = sum(1 for k in text if k.startswith("msgstr["))
            po_entry.msgstr_plural = {n: text[f"msgstr[{n}]"] for n in range(count)}
        else:
            po_entry.msgstr = text["msgstr"]
        self.po.append(po_entry)

    def header(self, entry: _Entry, text: dict[str, str], flags: list[str], line: int, *, at_eof: bool) -> None:
        self.header_seen = True
        self.seen[(None, "")] = line
        if "msgid_plural" in text:
            raise self.error("the header entry (msgid \"\") cannot have a msgid_plural", line)
        fields = metadata_fields(text["msgstr"])
        charset = None
        for name, value in fields.items():
            if name.lower() == "content-type":
                match = _CHARSET.search(value)
                if match:
                    charset = match.group(1)
        if fields and not charset:
            # The header is the last entry of the file: it may have lost its Content-Type to a cut.
            cut = f"; or, if this file is not complete, {cut_off_advice(self.path)}" if at_eof else ""
            raise self.error(
                f'the header has no charset: add the field "Content-Type: text/plain; charset=UTF-8"{cut}', line
            )
        if charset is not None and charset.lower() not in _UTF8_NAMES and charset != "CHARSET":
            charset_line = next((n for n, s in entry.msgstr_lines if "charset=" in s.lower()), line)
            raise _charset_error(charset, self.path, charset_line)
        self.po.header = join_comment(entry.user_comments)
        self.po.metadata = fields
        self.po.metadata_is_fuzzy = "fuzzy" in flags


def metadata_fields(msgstr: str) -> dict[str, str]:
    """The fields of a header msgstr, in order; a line without ``Name:`` continues the field before it."""
    fields: dict[str, str] = {}
    last: str | None = None
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip() and " " not in name.strip():
            last = name.strip()
            fields[last] = value.strip()
        elif last is not None and line.strip():
            fields[last] += "\n" + line.strip()
    return fields


def _flag_tokens(text: str) -> list[str]:
    """Split a ``#,`` line as GNU does: on commas and whitespace; ``range:`` takes the next token."""
    tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]
    result = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            result.append(f"range: {tokens[i + 1]}")
            i += 2
        else:
            result.append(tokens[i])
            i += 1
    return result


def _canonical_flags(tokens: Sequence[str]) -> list[str]:
    """Reduce flag tokens to what GNU keeps (the last word on each format wins), in file order."""
    flags: dict[str, str] = {}  # slot -> flag, in order
    for token in tokens:
        slot, value = _flag_slot(token)
        flags.pop(slot, None)
        if value is not None:
            flags[slot] = value
    return list(flags.values())


def _flag_slot(token: str) -> tuple[str, str | None]:
    if token.endswith("-format"):
        body = token[: -len("-format")]
        for prefix, kind in (("no-", "no"), ("possible-", "yes"), ("impossible-", None), ("", "yes")):
            if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_LANGUAGE_SET:
                language = body[len(prefix) :]
                if kind is None:
                    return f"format:{language}", None
                return f"format:{language}", f"{language}-format" if kind == "yes" else f"no-{language}-format"
    if token.startswith("range: "):
        match = RANGE_FLAG.match(token)
        if match and int(match.group(1)) <= int(match.group(2)):
            return "range", f"range: {int(match.group(1))}..{int(match.group(2))}"
        return token, token
    if token in ("wrap", "no-wrap"):
        return "wrap", "no-wrap" if token == "no-wrap" else None
    return token, token


def _parse_references(text: str) -> list[tuple[str, int | None]]:
    """Parse a ``#:`` line the way GNU gettext does (``file:line``, ``file``, ``file : line``)."""
    result: list[tuple[str, int | None]] = []
    pos = 0
    length = len(text)
    spaces = " \t\n"
    while pos < length:
        while pos < length and text[pos] in spaces:
            pos += 1
        if pos >= length:
            break
        if text[pos] == "\u2068":
            # A file name with spaces, isolated as GNU gettext 0.22 writes it.
            end = text.find("\u2069", pos + 1)
            if end < 0:
                end = length
            name = text[pos + 1 : end]
            pos = min(end + 1, length)
            scan = pos
            while scan < length and text[scan] not in spaces:
                scan += 1
            tail = text[pos:scan]
            if re.fullmatch(r":\d+", tail):
                result.append((name, int(tail[1:])))
                pos = scan
                continue
            lineno = _number_after_colon(text, pos)
            if lineno is not None:
                result.append((name, lineno[0]))
                pos = lineno[1]
            else:
                result.append((name, None))
            continue
        start = pos
        while pos < length and text[pos] not in spaces:
            pos += 1
        word = text[start:pos]
        # "file : 12" and "file: 12", with spaces around the colon.
        after = _number_after_colon(text, pos)
        if after is not None:
            result.append((word, after[0]))
            pos = after[1]
            continue
        if word.endswith(":") and len(word) > 1:
            number = re.match(r"[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
            if number:
                result.append((word[:-1], int(number.group(1))))
                pos += number.end()
                continue
        match = re.fullmatch(r"(.+):(\d+)", word, re.DOTALL)
        if match:
            result.append((match.group(1), int(match.group(2))))
        else:
            result.append((word, None))
    return result


def _number_after_colon(text: str, pos: int) -> tuple[int, int] | None:
    match = re.match(r"[ \t\n]*:[ \t\n]*(\d+)(?=[ \t\n]|\Z)", text[pos:])
    if match is None:
        return None
    return int(match.group(1)), pos + match.end()


_SOLARIS_REFERENCE = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:(\d+)[ \t\n]*\Z")


def _parse_solaris_reference(text: str) -> tuple[str, int] | None:
    """``# File: name, line: 12`` (Solaris msgfmt's form), which GNU reads as a reference."""
    match = _SOLARIS_REFERENCE.match(text)
    if match is None:
        return None
    return match.group(1), int(match.group(2))
