"""Study sessions: one upload or pasted text, its processing state and its results; the history routes."""
