"""A session's material as one readable Markdown file (``studybuddy process --out``)."""

from __future__ import annotations

from .kinds import KINDS
from .schemas import SessionMaterial


def to_markdown(session_name: str, material: SessionMaterial) -> str:
    lines = [f"# {session_name}", ""]
    for kind in sorted(KINDS, key=lambda k: k.export_rank):
        value = getattr(material, kind.name)
        items = value if isinstance(value, list) else [value] if isinstance(value, kind.read) else []
        lines += kind.markdown(items)
    return "\n".join(lines).rstrip() + "\n"
