"""Derive the compact MeSH lexicon shipped in the package from the shared table.

    .venv/bin/python scripts/derive_mesh_lexicon.py ../shared/lexicon/mesh-tree.tsv

Keeps the branches a medical student studies (anatomy, diseases, chemicals and drugs, phenomena and physiology,
psychiatry, diagnostic and therapeutic techniques, bacteria and viruses), one line per descriptor with its tree
numbers, a few display synonyms and every matching form pre-normalised (so a worker process loads it fast).
Writes src/studybuddy/generation/mesh/medical.tsv.gz; the attribution is mesh/NOTICE.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

from studybuddy.generation.lexicon import DATA_FILE, match_key

# Branch order matters: when two concepts share a form, the first keeps it (anatomy before drugs).
BRANCHES = (
    [f"A{n:02d}" for n in range(1, 18) if n != 13]  # A13 animal, A18-A21 plant/fungal/bacterial/viral structures
    + ["G"]
    + ["C"]
    + ["D"]
    + ["F"]
    + ["E01", "E02", "E03", "E04", "E07"]
    + ["B03", "B04"]
)
MAX_KEY_WORDS = 6
MAX_DISPLAY_SYNONYMS = 6


def _branch_rank(tree: str) -> int | None:
    for rank, branch in enumerate(BRANCHES):
        if tree.startswith(branch):
            return rank
    return None


def _natural_name(descriptor: str, synonyms: list[str]) -> str:
    """MeSH's inverted descriptors ("Vena Cava, Superior") shown in natural order when a synonym has it."""
    if "," not in descriptor:
        return descriptor
    key = match_key(descriptor)
    for synonym in synonyms:
        if "," not in synonym and "(" not in synonym and match_key(synonym) == key:
            return synonym
    return descriptor


def derive(source: Path, target: Path) -> None:
    descriptors: dict[str, dict] = {}
    with source.open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            rank = _branch_rank(row["tree_number"])
            if rank is None:
                continue
            entry = descriptors.setdefault(
                row["descriptor_ui"],
                {"name": row["descriptor"], "synonyms": [s for s in row["synonyms"].split("|") if s], "trees": []},
            )
            entry["trees"].append((rank, row["tree_number"]))
    lines = []
    for entry in descriptors.values():
        trees = sorted(entry["trees"])
        name = _natural_name(entry["name"], entry["synonyms"])
        keys: list[str] = []
        for form in [entry["name"], *entry["synonyms"]]:
            key = match_key(form)
            if key and len(key.split()) <= MAX_KEY_WORDS and key not in keys and "|" not in key:
                keys.append(key)
        display = [
            s
            for s in entry["synonyms"]
            if s != name and "," not in s and "(" not in s and len(s.split()) <= 5 and not any(c.isdigit() for c in s)
        ][:MAX_DISPLAY_SYNONYMS]
        lines.append((trees[0], f"{name}\t{'|'.join(t for _, t in trees)}\t{'|'.join(display)}\t{'|'.join(keys)}"))
    lines.sort()
    target.write_bytes(gzip.compress("\n".join(line for _, line in lines).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(lines)} concepts, {target.stat().st_size:,} bytes -> {target}")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    derive(Path(sys.argv[1]), root / "src" / "studybuddy" / "generation" / "mesh" / DATA_FILE)
