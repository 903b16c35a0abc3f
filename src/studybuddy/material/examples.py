"""Examples the OpenAPI document shows for a session's material (one of each kind, from a heart-anatomy text)."""

from __future__ import annotations

from typing import Any

SOURCE = {
    "file": "Heart anatomy.pdf",
    "page": 4,
    "excerpt": "The heart has four chambers: two atria and two ventricles.",
}
QUESTION: dict[str, Any] = {
    "id": "5f0c2a9e3b1d4c6a8e7f9012",
    "session_id": "0b8e4f3c2a1d4e5f9a7b6c5d4e3f2a1b",
    "question_text": "How many chambers does the human heart have?",
    "options": [
        {"label": "A", "text": "Two"},
        {"label": "B", "text": "Three"},
        {"label": "C", "text": "Four"},
        {"label": "D", "text": "Five"},
    ],
    "correct_answer": "C",
    "explanation": "Two atria receive blood and two ventricles pump it out.",
    "difficulty": "easy",
    "subject": "Anatomy",
    "tags": ["heart", "chambers"],
    "source": SOURCE,
}
MARKING_SCHEME = {"name": "standard", "correct": 1.0, "wrong": 0.0, "unanswered": 0.0}
MOCK_TEST: dict[str, Any] = {
    "id": "9a8b7c6d5e4f3a2b1c0d9e8f",
    "session_id": QUESTION["session_id"],
    "test_name": "Mock Test - 2026-11-24 10:30",
    "question_ids": [QUESTION["id"]],
    "duration_minutes": 60,
    "total_marks": 1.0,
    "marking_scheme": MARKING_SCHEME,
    "created_at": "2026-11-24T10:30:00.000000Z",
}
MNEMONIC: dict[str, Any] = {
    "id": "0b8e4f3c2a1d4e5f9a7b6c5d4e3f2a1b-mnemonics-0",
    "topic": "Heart valves in the order blood meets them",
    "mnemonic": "Try Pulling My Aorta",
    "expansion": [
        {"letter": "T", "term": "Tricuspid"},
        {"letter": "P", "term": "Pulmonary"},
        {"letter": "M", "term": "Mitral"},
        {"letter": "A", "term": "Aortic"},
    ],
    "explanation": "Right side first (tricuspid, pulmonary), then left (mitral, aortic).",
    "source": SOURCE,
}
CHEAT_SHEET: dict[str, Any] = {
    "title": "Heart anatomy: high-yield points",
    "sections": [{"heading": "Chambers", "points": ["Two atria, two ventricles", "Left ventricle wall is thickest"]}],
    "key_terms": [{"term": "Atrium", "definition": "A receiving chamber of the heart"}],
    "numbers_to_remember": [{"value": "4", "context": "chambers of the heart"}],
}
NOTES: dict[str, Any] = {
    "title": "Heart anatomy",
    "summary": "The heart is a four-chambered muscular pump in the mediastinum.",
    "sections": [
        {
            "heading": "Chambers",
            "content": "The atria receive blood; the ventricles pump it to the lungs and the body.",
            "key_points": ["Right side: lungs", "Left side: body"],
        }
    ],
}
SESSION_MATERIAL: dict[str, Any] = {
    "questions": [QUESTION],
    "mock_tests": [MOCK_TEST],
    "mnemonics": [MNEMONIC],
    "cheat_sheets": [CHEAT_SHEET],
    "notes": NOTES,
}
