"""A session's material as one readable Markdown file (``studybuddy process --out``)."""

from __future__ import annotations

import html
import re

from .kinds import KINDS
from .schemas import SessionMaterial


def _as_text(value: str) -> str:
    """Something the student typed, shown as written: never read as HTML or Markdown by a viewer."""
    one_line = " ".join(value.split())
    return re.sub(r"([\\`*_\[\]#|!~])", r"\\\1", html.escape(one_line, quote=False))


def to_markdown(session_name: str, material: SessionMaterial) -> str:
    lines = [f"# {_as_text(session_name)}", ""]
    for kind in sorted(KINDS, key=lambda k: k.export_rank):
        value = getattr(material, kind.name)
        items = value if isinstance(value, list) else [value] if isinstance(value, kind.read) else []
        lines += kind.markdown(items)
    return "\n".join(lines).rstrip() + "\n"
