"""Drafting: the machine-translation engines and their packages, the translation memory, and the draft stage."""
