"""The published output: articles, plain text, review pages, the site index and the publishing gate."""
