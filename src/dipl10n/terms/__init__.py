"""Terminology: the glossary, its term index, how a sentence mentions a term, and term protection through MT."""
