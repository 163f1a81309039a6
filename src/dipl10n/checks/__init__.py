"""Quality checks on catalog entries, the runner and the reports."""
