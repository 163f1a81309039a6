"""The project: its layout on disk, its lock, and what one command loads once.

A :class:`Project` is made from the configuration (:mod:`dipl10n.project.config`)
and is the one place that knows where things are::

    locales/<doc>.pot                         the template of a document
    locales/<lang>/LC_MESSAGES/<doc>.po       its catalog for a language
    build/<lang>/<doc>.html, .txt, ...        the pages built from it
    build/<lang>/LC_MESSAGES/<doc>.mo         the compiled catalog

It loads the glossary, the source documents (with their sentence segments)
and the catalogs at most once per command and hands them to the stages; a
stage that writes a catalog gives the project the new version, so the stages
after it (checks, build) see what was written without reading it again.

A project is found like git finds a repository (:func:`find_root`): the
nearest directory, from where the command runs (or from a catalog named on
the command line) upwards, whose ``pyproject.toml`` holds a
``[tool.dipl10n]`` table. A missing or unreadable glossary is an error for
every command that uses it, unless the configuration says the project has
none (``glossary = false``).

dipl10n keeps its own state in ``.dipl10n/`` (the lock, the last run's
state, the translation memory). That folder, and the files in it, must be
inside the project: a link that leads elsewhere is refused before anything
is written there (:meth:`Project.lock`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from dipl10n.errors import (
    BusyError,
    CatalogError,
    ConcurrentEditError,
    ConfigError,
    GlossaryError,
    InputError,
    SourceError,
    os_error,
)
from dipl10n.project.config import CONFIG_FILE, Config, declares_project, env_number, load_config

if TYPE_CHECKING:
    import polib

    from dipl10n.source.document import Document
    from dipl10n.source.segment import Segment
    from dipl10n.terms.glossary import Glossary

log = logging.getLogger(__name__)

#: Environment variable: how many seconds a run waits for another one's lock (0: do not wait).
LOCK_TIMEOUT_ENV = "DIPL10N_LOCK_TIMEOUT"
LOCK_TIMEOUT = 60.0
#: Where dipl10n keeps its own state, relative to the project root.
STATE_DIR = ".dipl10n"
#: The files dipl10n keeps there (besides the translation memory, whose path is configurable).
STATE_FILES = ("lock", "state.json")
#: The suffixes of the files named after a document (its template, catalog, pages and compiled catalog).
DERIVED_SUFFIXES = (".pot", ".po", ".mo", ".html", ".txt", ".review.html")
#: The pages ``build`` writes for each document and language: the article, its text, its review page.
PAGE_SUFFIXES = (".html", ".txt", ".review.html")
#: How long to wait before reading a catalog that did not parse a second time (an editor may be saving it).
REREAD_PAUSE = 0.05


class Changes(list[tuple[str, str]]):
    """The files one command wrote or removed, or would have with ``--dry-run``: ``("write" | "remove", shown path)``.

    The command line makes one per command, hands it to :meth:`Project.load`
    and reports from it (``would write …`` with ``--dry-run``, ``wrote …``
    with ``-v``); :meth:`Project.write` and :meth:`Project.remove` record into
    it, and so does whatever writes a file outside them (the translation
    memory). It only grows; a file written twice is listed twice.
    """

    def record(self, kind: str, shown: str) -> None:
        """``kind`` is ``write`` or ``remove``; ``shown`` the path as messages show it."""
        if kind not in ("write", "remove"):
            raise ValueError(f"not a change: {kind!r}")
        self.append((kind, shown))

    def distinct(self) -> list[tuple[str, str]]:
        """Each change once, in the order it first happened."""
        return list(dict.fromkeys(self))


class Project:
    """A dipl10n project: configuration, layout, lock and loaded inputs."""

    def __init__(self, config: Config, *, dry_run: bool = False, changes: Changes | None = None) -> None:
        self.config = config
        #: Say what would change and write nothing (``--dry-run``): :meth:`write` and :meth:`remove` record it.
        self.dry_run = dry_run
        #: What this command wrote, or would write with ``dry_run`` (the caller's :class:`Changes`, or a new one).
        self.changes = changes if changes is not None else Changes()
        self._catalogs: dict[Path, polib.POFile] = {}
        self._documents: dict[Path, Document] = {}
        self._shown: dict[Path, str] = {}
        #: Output paths found to resolve inside the output directory (each is resolved once per command).
        self._inside_output: set[Path] = set()
        self._source_paths: list[Path] | None = None
        self._source_names: dict[str, Path] | None = None
        self._segments: dict[str, list[Segment]] = {}

    @classmethod
    def load(cls, root: Path, *, dry_run: bool = False, changes: Changes | None = None, **overrides: object) -> Project:
        """The project at ``root``, with ``overrides`` of its ``[tool.dipl10n]`` settings, recording into ``changes``.

        ``root`` is taken as it is (without a ``pyproject.toml`` the defaults
        apply); the commands find and check it with :func:`find_root` first.
        """
        return cls(load_config(root, **overrides), dry_run=dry_run, changes=changes)

    # -- writing: every file a command writes goes through here --------------------------

    def write(self, path: Path, data: bytes, *, expected_digest: str | None = None) -> str:
        """Replace ``path`` with ``data`` atomically (:func:`dipl10n.fs.atomic.atomic_write`); its SHA-256.

        With :attr:`dry_run` nothing is written: the change is only recorded in :attr:`changes`.
        """
        import hashlib

        from dipl10n.fs.atomic import atomic_write

        self.changes.record("write", self.show(path))
        if self.dry_run:
            return hashlib.sha256(data).hexdigest()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, path=self.show(path.parent), doing="create", what="the folder") from exc
        return atomic_write(path, data, expected_digest=expected_digest)

    def remove(self, path: Path) -> bool:
        """Remove the file ``path`` (never a folder); whether there was one. With :attr:`dry_run`, only record it."""
        if not (path.is_file() or path.is_symlink()):
            return False
        self.changes.record("remove", self.show(path))
        if self.dry_run:
            return True
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise os_error(exc, path=self.show(path), doing="remove", what="the file") from exc
        return True

    # -- layout ------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    def show(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project root, with forward slashes (worked out once)."""
        shown = self._shown.get(path)
        if shown is None:
            shown = self._shown[path] = self.config.relative(path)
        return shown

    def memory_origin(self, path: Path) -> str:
        """How the translation memory names the catalog at ``path``: as :meth:`show` does, or, for a memory
        outside the project (one several projects share), relative to the memory's folder, so that each
        project's catalogs have names of their own there (``../x/locales/ko/LC_MESSAGES/a.po``)."""
        memory = self.config.memory
        if _inside(memory.absolute(), self.root.absolute()):
            return self.show(path)
        return Path(os.path.relpath(path.absolute(), memory.absolute().parent)).as_posix()

    def template_path(self, doc: str) -> Path:
        return self.config.locales_dir / f"{doc}.pot"

    def catalog_path(self, lang: str, doc: str) -> Path:
        return self.config.locales_dir / lang / "LC_MESSAGES" / f"{doc}.po"

    def output_path(self, lang: str, doc: str, suffix: str, *, subdir: str | None = None) -> Path:
        """``output_dir/lang/[subdir/]doc+suffix``, refusing anything that would land outside ``output_dir``."""
        output_dir = self.config.output_dir
        for part in (lang, doc):
            if not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part:
                raise InputError(
                    f"refusing to build {part!r}: the name would leave the output directory",
                    path=self.show(output_dir),
                )
        parts = [lang, subdir, doc + suffix] if subdir else [lang, doc + suffix]
        path = output_dir.joinpath(*parts)
        if path in self._inside_output:
            return path
        root = output_dir.resolve()
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            raise InputError(
                f"refusing to write {path}: it resolves outside the output directory {root}", path=self.show(path)
            )
        self._inside_output.add(path)
        return path

    def mo_path(self, lang: str, doc: str) -> Path:
        """The compiled catalog ``build --mo`` writes."""
        return self.output_path(lang, doc, ".mo", subdir="LC_MESSAGES")

    def page_paths(self, lang: str, doc: str) -> list[Path]:
        """The pages ``build`` writes for a document in a language (not the ``.mo``)."""
        return [self.output_path(lang, doc, suffix) for suffix in PAGE_SUFFIXES]

    def template_paths(self) -> list[Path]:
        """The templates on disk."""
        locales = self.config.locales_dir
        return sorted(locales.glob("*.pot")) if locales.is_dir() else []

    def catalog_paths(self, extra: Iterable[Path] = ()) -> list[Path]:
        """Every ``.po`` catalog of the configured languages on disk, language by language.

        ``extra`` are catalogs that may not be on disk yet (a ``--dry-run`` would create them): each is
        listed in its language's place.
        """
        extra = set(extra)
        paths: list[Path] = []
        for lang in self.languages:
            directory = self.config.locales_dir / lang / "LC_MESSAGES"
            found = set(directory.glob("*.po")) if directory.is_dir() else set()
            paths.extend(sorted(found | {path for path in extra if path.parent == directory}))
        return paths

    def source_paths(self) -> list[Path]:
        """The source documents, each with a name short enough to name its catalog and pages (listed once)."""
        if self._source_paths is None:
            self._source_paths = self._list_sources()
        return list(self._source_paths)

    def _list_sources(self) -> list[Path]:
        from dipl10n.fs.atomic import TEMP_NAME_EXTRA
        from dipl10n.source.document import discover_documents

        paths = discover_documents(self.config.source_dir)
        name_max = _name_max(self.config.locales_dir, self.config.output_dir, self.root)
        longest = max(DERIVED_SUFFIXES, key=len)
        limit = name_max - TEMP_NAME_EXTRA - len(longest)
        for path in paths:
            size = len(os.fsencode(path.stem))
            if size > limit:
                raise SourceError(
                    f"the file name is too long: dipl10n names the document's catalog and pages after it "
                    f"({path.stem[:12]}…{longest}, with temporary files while it writes them), and the file system "
                    f"allows {name_max} bytes per name, so the name (without {path.suffix}) may have at most "
                    f"{limit} bytes, not {size}; rename the file",
                    path=self.show(path),
                )
        return paths

    # -- loaded once -------------------------------------------------------------

    @cached_property
    def glossary(self) -> Glossary:
        """The glossary, loaded once; empty only when the configuration says there is none.

        A glossary file that does not exist or cannot be read is a
        :class:`~dipl10n.errors.GlossaryError` naming it: checks and drafts
        without the glossary would silently lose their terminology.
        """
        from dipl10n.terms.glossary import Glossary, load_glossary

        path = self.config.glossary
        if path is None:
            # The public constructor, as load_glossary makes an empty glossary (same digest: same MT-cache key).
            return Glossary.empty()
        shown = self.show(path)
        if not path.exists():
            raise GlossaryError(
                "the glossary does not exist; create it, fix the path ([tool.dipl10n] glossary or --glossary), "
                "or set glossary = false in [tool.dipl10n] for a project without one",
                path=shown,
            )
        try:
            loaded = load_glossary(path, display=shown)
        except OSError as exc:
            raise GlossaryError(f"cannot read the glossary: {exc.strerror or exc}", path=shown, cause=exc) from exc
        if not loaded.terms and not path.exists():  # removed while it was being read
            raise GlossaryError("the glossary disappeared while it was being read", path=shown)
        return loaded

    @cached_property
    def documents(self) -> list[Document]:
        """Every source document, read once."""
        return [self.document(path) for path in self.source_paths()]

    def document(self, path: Path) -> Document:
        """The source document at ``path``, read once (an incremental run reads only those that changed)."""
        doc = self._documents.get(path)
        if doc is None:
            from dipl10n.source.document import read_document

            doc = self._documents[path] = read_document(path, ref=self.show(path))
        return doc

    def source_path(self, name: str) -> Path | None:
        """The source document named ``name`` (its file name without the suffix), if there is one."""
        if self._source_names is None:
            self._source_names = {path.stem: path for path in self.source_paths()}
        return self._source_names.get(name)

    def segments(self, doc: Document) -> list[Segment]:
        """The sentence segments of ``doc``, segmented once."""
        segments = self._segments.get(doc.name)
        if segments is None:
            from dipl10n.source.segment import segment_document

            segments = self._segments[doc.name] = segment_document(doc)
        return segments

    def catalog(self, path: Path) -> polib.POFile | None:
        """The catalog at ``path`` (``None`` when there is none), read once (see :func:`read_catalog`)."""
        po = self._catalogs.get(path)
        if po is None:
            read = read_catalog(path, display=self.show(path))
            if read is None:
                return None
            po = self._catalogs[path] = read[1]
        return po

    def remember(self, path: Path, po: polib.POFile) -> None:
        """``po`` is what the catalog at ``path`` now holds (a stage has just written or read it)."""
        self._catalogs[path] = po

    # -- the lock -----------------------------------------------------------------

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def check_state_dir(self) -> None:
        """Refuse a state folder (``.dipl10n``) or state file that dipl10n cannot use or that leads outside the project.

        A link to a folder or file outside the project would make every run
        write its lock, state and translation memory there; a file where the
        folder belongs, or a folder where a file belongs, would fail at the
        first write. Each is one line naming it, exit status 2, before
        anything is written.
        """
        root = self.root.resolve()
        state = self.state_dir

        def shown(path: Path) -> str:  # not resolved: a link is named as the link
            try:
                return path.absolute().relative_to(self.root.absolute()).as_posix()
            except ValueError:
                return str(path)

        files = [state / name for name in STATE_FILES]
        memory = self.config.memory
        if _inside(memory.absolute(), state.absolute()):
            files.append(memory)
        for path in (state, *files):
            if not path.is_symlink() and not path.exists():
                continue
            resolved = path.resolve()
            if not _inside(resolved, root):
                raise InputError(
                    f"this is a link to {resolved}, outside the project; dipl10n keeps its lock, run state and translation "
                    f"memory in the project's {STATE_DIR} folder: replace the link with a folder (or a file) of its own",
                    path=shown(path),
                )
        if state.exists() and not state.is_dir():
            raise InputError(
                "this is a file, but dipl10n keeps its state (the lock, the last run's state, the translation memory) "
                "in a folder of this name: move the file aside",
                path=shown(state),
            )
        for path in files:
            if path.is_dir():
                raise InputError(
                    "this is a folder, but dipl10n keeps a file of its own state here: move the folder aside",
                    path=shown(path),
                )

    @contextmanager
    def lock(self, *, timeout: float | None = None) -> Iterator[None]:
        """Hold the project's lock: a second run waits for the first, then gives up.

        ``timeout`` defaults to :func:`lock_timeout`. The lock is an OS lock on
        ``.dipl10n/lock`` (filelock), so a run that was killed holds nothing:
        the file it leaves behind does not block the next run. Holding the
        lock, the temporary files a killed run left next to catalogs and pages
        are removed.
        """
        from filelock import FileLock, Timeout

        from dipl10n.fs.atomic import owner_tag, remove_stale_temps, temps_owned_by

        if self.dry_run:
            # Writing nothing includes the lock file and the clean-up of other runs' leftovers.
            yield
            return
        if timeout is None:
            timeout = lock_timeout()
        self.check_state_dir()
        lock_path = self.state_dir / "lock"
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, path=self.show(lock_path.parent), doing="create", what="dipl10n's state folder") from exc
        lock = FileLock(str(lock_path))
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise BusyError(
                f"another dipl10n run holds the project lock (waited {timeout:g} s; "
                f"set {LOCK_TIMEOUT_ENV} to wait longer); try again when it has finished",
                path=self.show(lock_path),
                cause=exc,
            ) from exc
        except OSError as exc:
            raise os_error(exc, path=self.show(lock_path), doing="create", what="the project lock") from exc
        # The temporary files written while the lock is held carry the project's tag: the next run
        # of this project removes those a killed run left, and never those of another project
        # that shares a folder (a common locales_dir) and may be writing them right now.
        tag = owner_tag(self.root)
        try:
            with temps_owned_by(tag):
                for directory in (self.config.locales_dir, self.config.output_dir, self.state_dir):
                    for stale in remove_stale_temps(directory, owner=tag):
                        log.info("removed %s, left by an interrupted run", stale)
                yield
        finally:
            lock.release()


#: What a project is, for messages that did not find one.
PROJECT_IS = f"a project is a directory with a {CONFIG_FILE} holding a [tool.dipl10n] table"


def find_root(
    *, explicit: Path | None = None, catalogs: Sequence[Path] = (), cwd: Path | None = None
) -> Path:
    """The root of the project a command works on, found like git finds a repository.

    ``explicit`` (``--project DIR``) is the project itself and must be one.
    Otherwise the project of the first of ``catalogs`` (named on the command
    line), else the nearest one from ``cwd`` upwards: the first directory whose
    ``pyproject.toml`` holds a ``[tool.dipl10n]`` table. Every catalog must
    lie inside the project. Anything else is a :class:`ConfigError` (exit 2)
    that says what is missing.
    """
    here = Path.cwd() if cwd is None else cwd
    if explicit is not None:
        root = Path(explicit)
        if not root.is_dir():
            raise ConfigError("project directory does not exist", path=root)
        if not declares_project(root):
            config = root / CONFIG_FILE
            missing = f"{config} has no [tool.dipl10n] table" if config.is_file() else f"there is no {config}"
            raise ConfigError(f"not a dipl10n project: {missing}; {PROJECT_IS}", path=root)
    else:
        starts = [Path(catalogs[0]).absolute().parent] if catalogs else []
        found = None
        for start in [*starts, here.absolute()]:
            found = _nearest_project(start)
            if found is not None:
                break
        if found is None:
            cwd_text = f"here or above {here.absolute()}"
            where = f"in {starts[0]} or above, nor {cwd_text}" if starts else cwd_text
            raise ConfigError(f"no dipl10n project {where}: {PROJECT_IS} (or give --project DIR)")
        root = found
    inside = root.resolve()
    for catalog in catalogs:
        # Its folder, not the file: a catalog may be a link to a file elsewhere (the merge replaces the link).
        folder = Path(catalog).absolute().parent.resolve()
        if folder != inside and inside not in folder.parents:
            raise ConfigError(
                f"the catalog lies outside the project {root}; check one project's catalogs at a time "
                "(or give --project DIR)",
                path=catalog,
            )
    return root


def _nearest_project(start: Path) -> Path | None:
    """``start`` or the nearest directory above it that declares a project."""
    for directory in (start, *start.parents):
        if declares_project(directory):
            return directory
    return None


def read_catalog(
    path: Path, *, display: str, check: Callable[[polib.POFile], None] | None = None
) -> tuple[bytes, polib.POFile] | None:
    """The bytes of the catalog at ``path`` and the catalog they parse to; ``None`` when there is no file.

    One read: the bytes are exactly what was parsed (a caller guards its
    write with their digest). ``check`` may refuse the parsed catalog with a
    :class:`~dipl10n.errors.CatalogError` (a missing header, say). A catalog
    that does not parse, or that ``check`` refuses, is read again after
    :data:`REREAD_PAUSE`: if its bytes changed in the meantime, an editor was
    saving it in place (truncate, then write) and the error would be a
    false alarm, so it is :class:`~dipl10n.errors.ConcurrentEditError`
    (exit status 3, "run again"); if they did not, the error stands. A file
    that cannot be read is one line naming it (exit status 2).
    """
    from dipl10n.po import parse_po

    data = _read_bytes(path, display)
    if data is None:
        return None
    try:
        po = parse_po(data, path=display)
        if check is not None:
            check(po)
    except CatalogError as error:
        time.sleep(REREAD_PAUSE)
        if _read_bytes(path, display) == data:
            raise
        raise ConcurrentEditError(
            "the catalog changed while dipl10n read it (an editor saving it?); nothing was written - run dipl10n again",
            path=display,
            cause=error,
        ) from error
    return data, po


def _read_bytes(path: Path, display: str) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(exc, path=display, doing="read", what="the catalog") from exc


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _name_max(*folders: Path) -> int:
    """The longest file name (in bytes) the file system of the first existing folder allows (255 where unknown)."""
    for folder in folders:
        if folder.is_dir():
            try:
                return min(os.pathconf(folder, "PC_NAME_MAX"), 255)
            except (OSError, ValueError, AttributeError):  # no pathconf (Windows), or no answer
                return 255
    return 255


def lock_timeout() -> float:
    """Seconds to wait for the project lock: ``$DIPL10N_LOCK_TIMEOUT``, else :data:`LOCK_TIMEOUT`."""
    return env_number(LOCK_TIMEOUT_ENV, LOCK_TIMEOUT, what="a number of seconds")
