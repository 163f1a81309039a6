"""Files: atomic writes that never leave a half-written file, text decoding that names the encoding.

* :mod:`~dipl10n.fs.atomic`: atomic replacement that refuses to overwrite a concurrent edit; file digests;
* :mod:`~dipl10n.fs.textio`: decoding the text files users give (UTF-8, CP949, ...), with advice a translator can act on;
* :mod:`~dipl10n.fs.controls`: the one control-character table, and how a message shows a control character.
"""
