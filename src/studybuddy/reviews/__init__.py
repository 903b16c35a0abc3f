"""Spaced repetition (FSRS) over a student's cards from every session and every mock-test mistake."""
