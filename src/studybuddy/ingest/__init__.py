"""Uploads and pasted text: validation, storage, the study session, and handing it to the pipeline."""
