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

The reading is in three modules: :mod:`dipl10n.po.lexer` decodes the bytes
and splits them into tokens, :mod:`dipl10n.po.comments` reads references
and flags inside comment lines, and this module builds the polib catalog
from the tokens, entry by entry, with the errors about the order of keywords,
duplicates, the header and catalogs cut off at an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from dipl10n.errors import CatalogError
from dipl10n.po.comments import canonical_flags, flag_tokens, parse_references, parse_solaris_reference
from dipl10n.po.lexer import UTF8_NAMES, Token, charset_error, cut_off_advice, decode, tokenize
from dipl10n.po.model import join_comment, new_catalog

__all__ = ["metadata_fields", "parse_po", "read_po"]

_CHARSET = re.compile(r"charset=([^\s;]*)", re.IGNORECASE)


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
    text = decode(data, path)
    parser = _Parser(path)
    parser.run(tokenize(text, path))
    return parser.po


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

    def run(self, tokens: Iterable[Token]) -> None:
        for token in tokens:
            if token.kind == "comment":
                self.comment(token)
            elif token.kind == "keyword":
                self.keyword(token)
            else:
                self.string(token)
        self.finish(at_eof=True)

    # -- tokens --------------------------------------------------------------

    def comment(self, token: Token) -> None:
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
            entry.locations.extend(parse_references(text[1:]))
        elif text.startswith((",", "!")):
            entry.flag_tokens.extend(flag_tokens(text[1:]))
        else:
            location = parse_solaris_reference(text)
            if location is not None:
                entry.locations.append(location)
            else:
                entry.user_comments.append(text[1:] if text.startswith(" ") else text)

    def keyword(self, token: Token) -> None:
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

    def string(self, token: Token) -> None:
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

    def check_obsolete(self, entry: _Entry, token: Token) -> None:
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
        flags = canonical_flags(entry.flag_tokens)
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
        if charset is not None and charset.lower() not in UTF8_NAMES and charset != "CHARSET":
            charset_line = next((n for n, s in entry.msgstr_lines if "charset=" in s.lower()), line)
            raise charset_error(charset, self.path, charset_line)
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
