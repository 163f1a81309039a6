"""Target language codes: parsed and compared as locales (CLDR, through Babel), never by prefix.

A language code names a catalog folder (``locales/<code>/LC_MESSAGES``) and
a build folder, so it is accepted only as a plain locale identifier:
a language (2 or 3 letters), an optional script (4 letters) and an optional
territory (2 letters or 3 digits), separated by ``_`` or ``-``. It is
normalised the way gettext names catalogs: ``KO`` → ``ko``, ``ko-KR`` →
``ko_KR``, ``zh-hant-tw`` → ``zh_Hant_TW``. Anything else is refused before
anything is written: ``ko.UTF-8``, ``ko@x``, paths, ``und`` (undetermined),
and codes Babel only knows as aliases of another (``kor`` is ``ko``, ``iw``
is ``he``). ``kok`` is Konkani, a language of its own, not Korean.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dipl10n.errors import ConfigError

__all__ = ["base_language", "count_noun", "is_korean", "parse_language"]

_IDENTIFIER = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:[_-](?P<script>[A-Za-z]{4}))?(?:[_-](?P<territory>[A-Za-z]{2}|[0-9]{3}))?"
)


@lru_cache(maxsize=256)
def parse_language(code: str) -> str:
    """The normalised form of ``code``; :class:`~dipl10n.errors.ConfigError` for anything else."""
    from babel import Locale, UnknownLocaleError

    match = _IDENTIFIER.fullmatch(code.strip()) if isinstance(code, str) else None
    if match is None:
        raise ConfigError(
            f"{code!r} is not a language code: give a locale such as ko, ko_KR or zh_Hant "
            "(letters, an optional _Script and an optional _TERRITORY; no dots, @ or slashes)"
        )
    language = match.group("language").lower()
    script = (match.group("script") or "").title()
    territory = (match.group("territory") or "").upper()
    if language in ("und", "mul", "zxx", "mis"):
        raise ConfigError(f"{code!r} names no particular language; give the target language, such as ko")
    normal = "_".join(part for part in (language, script, territory) if part)
    try:
        locale = Locale.parse(normal)
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language code {code!r}", cause=exc) from exc
    if locale.language != language:
        raise ConfigError(f"{code!r} is another name of {locale.language!r}: use {locale.language!r}")
    return normal


def base_language(code: str) -> str:
    """The language of a locale code, without script or territory (``ko_KR`` → ``ko``)."""
    match = _IDENTIFIER.fullmatch(code.strip())
    return match.group("language").lower() if match else code.strip().lower()


def is_korean(code: str) -> bool:
    """Whether ``code`` is Korean (``ko``, ``ko_KR``, ``ko-Kore-KR``); ``kok`` is Konkani."""
    return base_language(code) == "ko"


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """A count and its English noun, as messages write it: ``1 draft``, ``2 drafts``, ``2 entries``."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
