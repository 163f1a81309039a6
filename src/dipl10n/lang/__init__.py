"""Languages: locale codes, Korean (particles, typesetting rules), dates and numbers in both languages."""
