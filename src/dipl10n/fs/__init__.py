"""Files: atomic writes that never leave a half-written file, text decoding that names the encoding."""
