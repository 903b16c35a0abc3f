"""A session's material as one readable Markdown file (``studybuddy process --out``)."""

from __future__ import annotations

import html
import re
from typing import Any

from .kinds import KINDS
from .schemas import SessionMaterial


def _as_text(value: str) -> str:
    """Something the student typed, shown as written: never read as HTML or Markdown by a viewer."""
    one_line = " ".join(value.split())
    return re.sub(r"([\\`*_\[\]#|!~])", r"\\\1", html.escape(one_line, quote=False))


def _escaped(material: SessionMaterial) -> SessionMaterial:
    """A copy with every string HTML-escaped: Markdown viewers render raw HTML, and material comes from uploads, so
    ``<script>`` in it must show as the characters, never as a tag."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return html.escape(value, quote=False)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return SessionMaterial.model_validate(walk(material.model_dump(mode="json")))


def to_markdown(session_name: str, material: SessionMaterial) -> str:
    """The whole session as Markdown, every text from the student or the upload escaped."""
    material = _escaped(material)
    lines = [f"# {_as_text(session_name)}", ""]
    for kind in sorted(KINDS, key=lambda k: k.export_rank):
        value = getattr(material, kind.name)
        items = value if isinstance(value, list) else [value] if isinstance(value, kind.read) else []
        lines += kind.markdown(items)
    return "\n".join(lines).rstrip() + "\n"
