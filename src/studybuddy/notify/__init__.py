"""Email when a session is ready or has failed."""
