"""/users/me: the student's profile and the erasure of their account (above auth and sessions)."""
