"""Text out of files: PDF (text layer, OCR for scans), images (OCR), PPTX, DOCX, TXT/MD.

Readers run in a separate process (:mod:`studybuddy.extract.isolated`) so a hostile file can crash, hang or
exhaust memory there without touching the worker. The result is one normalised :class:`StudyDocument` per session.
"""
