"""dipl10n: English diplomatic news into reviewed Korean, through gettext catalogs.

Importing this package is cheap and has no side effects: the translation engine
(CTranslate2, SentencePiece, Argos Translate) loads only inside the commands
that translate.
"""

from __future__ import annotations

__version__ = "0.1.0"
