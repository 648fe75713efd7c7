"""Conference mode: running the meeting live."""
