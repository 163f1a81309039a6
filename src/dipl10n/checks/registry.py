"""What a check is: its findings, what it knows of the catalog, and the registry that declares it.

A check is a small function ``(entry, context)`` that looks at one catalog
entry (a polib :class:`~polib.POEntry`) and yields what is wrong with it, the
way Babel's ``babel.messages.checkers`` work. It is declared once, with its
name and its severity, as translate-toolkit's checks declare theirs::

    @check("numbers", ERROR)
    def check_numbers(entry, context):
        ...
        yield f"number {number} of the source is missing"

Each message it yields becomes a :class:`Finding` named after the check, with
the declared severity, the catalog's path and the entry's line. A check whose
finding is, in one case, of the other severity yields an :class:`Issue` for
it, and says why there. The name is what the findings show, what
``ignore-<name>`` (a translator comment or a Weblate flag) switches off, and
what ``dipl10n check --only``/``--skip`` select.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

import polib

from dipl10n.fs.controls import visible_controls

if TYPE_CHECKING:
    from dipl10n.terms.glossary import Glossary

__all__ = ["ERROR", "REGISTRY", "WARNING", "Check", "CheckContext", "Finding", "Issue", "Registry", "Severity", "check"]

Severity = Literal["error", "warning"]
#: The translation is wrong and must be fixed before publishing.
ERROR: Final = "error"
#: Worth a look.
WARNING: Final = "warning"
SEVERITIES: Final = (ERROR, WARNING)

#: What a check may be called: ``ignore-<name>`` lines are read with ``[a-z]+``.
_NAME = re.compile(r"[a-z]+")
#: Findings the runner makes itself (an ``ignore-`` naming no check): no check may take the name.
RESERVED: Final = frozenset({"suppression"})


@dataclass(frozen=True)
class Finding:
    """One problem of one catalog entry; ``line`` is the line of its ``msgid``."""

    path: str
    line: int
    severity: str
    check: str
    message: str
    msgid: str
    #: A reviewer said this check is wrong here (``# ignore-<check>``): listed, never counted.
    suppressed: bool = False

    def __str__(self) -> str:
        tail = f" (suppressed by ignore-{self.check})" if self.suppressed else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckContext:
    """What a check knows besides the entry: the catalog, its language, the glossary."""

    path: str
    lang: str
    glossary: Glossary
    #: The catalog's median ratio of translation length to source length.
    length_ratio: float | None = None
    #: The article's own date: Korean news leaves out its year and month ("11일").
    article: datetime.date | None = None
    _latin_allowed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def korean(self) -> bool:
        from dipl10n.lang.locales import is_korean

        return is_korean(self.lang)

    def finding(self, entry: polib.POEntry, severity: str, check: str, message: str) -> Finding:
        # Messages quote the catalog's text; a control character in it must not reach a terminal or a page.
        return Finding(self.path, entry.linenum or 0, severity, check, visible_controls(message), entry.msgid)


@dataclass(frozen=True)
class Issue:
    """A message of a check with a severity other than the one it declares (the check says why)."""

    message: str
    severity: Severity


#: What a check's function is: it yields messages, in the check's declared severity, or :class:`Issue` objects.
CheckFunction = Callable[[polib.POEntry, CheckContext], Iterable["str | Issue"]]


class Check:
    """A declared check: its name, its severity and its function; calling it yields :class:`Finding` objects."""

    def __init__(self, name: str, severity: Severity, function: CheckFunction) -> None:
        if not _NAME.fullmatch(name) or name in RESERVED:
            raise ValueError(f"a check's name is lowercase letters and not {', '.join(sorted(RESERVED))}: {name!r}")
        if severity not in SEVERITIES:
            raise ValueError(f"check {name!r}: the severity is {' or '.join(SEVERITIES)}, not {severity!r}")
        self.name = name
        self.severity: Severity = severity
        self.function = function
        functools.update_wrapper(self, function)

    def __call__(self, entry: polib.POEntry, context: CheckContext) -> Iterator[Finding]:
        for item in self.function(entry, context):
            if isinstance(item, Issue):
                yield context.finding(entry, item.severity, self.name, item.message)
            else:
                yield context.finding(entry, self.severity, self.name, item)

    def __repr__(self) -> str:
        return f"<check {self.name} ({self.severity})>"


class Registry:
    """The declared checks by name, in the order they were declared; a name is declared once."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def check(self, name: str, severity: Severity) -> Callable[[CheckFunction], Check]:
        """Declare the decorated function as the check ``name`` of ``severity``."""

        def declare(function: CheckFunction) -> Check:
            return self.register(Check(name, severity, function))

        return declare

    def register(self, declared: Check) -> Check:
        if declared.name in self._checks:
            raise ValueError(f"two checks are named {declared.name!r}")
        self._checks[declared.name] = declared
        return declared

    def __getitem__(self, name: str) -> Check:
        return self._checks[name]

    def __iter__(self) -> Iterator[Check]:
        return iter(list(self._checks.values()))

    def names(self) -> frozenset[str]:
        return frozenset(self._checks)

    def in_order(self, *checks: Check) -> tuple[Check, ...]:
        """``checks``, the order they run in: every declared check once, nothing else (else ``ValueError``)."""
        declared, given = set(self._checks.values()), set(checks)
        if given != declared or len(given) != len(checks):
            raise ValueError(
                "the order of the checks must name every declared check once: "
                f"left out {sorted(c.name for c in declared - given)}, not declared {sorted(c.name for c in given - declared)}, "
                f"given {[c.name for c in checks]}"
            )
        return checks


#: Every check dipl10n has: the ``@check`` declarations of :mod:`dipl10n.checks` register here.
REGISTRY: Final = Registry()
#: ``@check(name, severity)``: declare a check in :data:`REGISTRY`.
check: Final = REGISTRY.check
