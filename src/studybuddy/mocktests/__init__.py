"""Mock tests: built from a session's questions, taken against the server's clock, scored with analytics."""
