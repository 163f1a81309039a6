"""Source documents: Markdown articles with their front matter, split into sentence segments."""
