"""The command line: parses options, calls the stages, reports."""
