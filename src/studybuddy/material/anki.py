"""An Anki deck (.apkg) with genanki: one note type (Front, Back, Source), a note per card.

Note guids come from each card's stable key and the deck's and note type's ids from the deck's key, so importing
a newer export of the same session updates its notes instead of adding duplicates.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

from .cards import CardFace, source_line

_CSS = """.card { font-family: "Noto Sans", "Noto Sans Devanagari", sans-serif; font-size: 18px; text-align: left; }
.source { margin-top: 1em; font-size: 13px; color: #666; }"""


def _stable_int(*parts: str) -> int:
    # Anki ids are signed 64-bit; genanki's own examples use ids below 2**31 for models and decks.
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:8], 16) % (1 << 31) or 1


def _field(text: str) -> str:
    """Anki fields are HTML: every character of the material is shown as text, never run as markup."""
    return html.escape(text).replace("\n", "<br>")


def _tag(text: str) -> str:
    return "_".join(text.split()).replace('"', "") or "untagged"


def anki_package(deck_name: str, deck_key: str, cards: list[CardFace], *, timestamp: float) -> bytes:
    """The .apkg file's bytes. ``deck_key`` names the deck stably (a session id, a student's deck)."""
    model = genanki.Model(
        _stable_int("studybuddy-model", "v1"),
        "Study Buddy card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>',
            }
        ],
        css=_CSS,
    )
    deck = genanki.Deck(_stable_int("studybuddy-deck", deck_key), deck_name)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[_field(card.front), _field(card.back), _field(source_line(card.source))],
                guid=genanki.guid_for("studybuddy", card.key),
                tags=sorted({_tag(tag) for tag in card.tags if tag}),
            )
        )
    return _package_bytes(genanki.Package(deck), timestamp)


def _package_bytes(package: genanki.Package, timestamp: float) -> bytes:
    # genanki's write_to_file leaves its temporary collection file behind; this does the same two steps
    # (write the collection with genanki, zip it as Anki expects) in a directory that is removed afterwards.
    with tempfile.TemporaryDirectory(prefix="studybuddy-apkg-") as directory:
        collection = Path(directory) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({}))
        return buffer.getvalue()
