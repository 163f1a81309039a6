"""The project: its configuration, its layout on disk, and what one command loads once (the session)."""
