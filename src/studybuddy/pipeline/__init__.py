"""The job that takes a study session from queued to completed or failed, and the runners that run it."""
