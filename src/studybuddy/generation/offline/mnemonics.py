"""Mnemonics for the lists a text states ("the carpal bones are ..."): the first letters as an acronym, and a
memorable line in Indian flavour (names, food, places, cricket, films) whose words start with those letters.

The expansion is the stated list, exactly and in its order; only the memorable line is invented. Where the
material quotes a mnemonic of its own, or the list is one with a classic mnemonic, that one is used and credited.
"""

from __future__ import annotations

import hashlib
import re

from studybuddy.generation.schemas import Mnemonic, MnemonicLetter, QuestionSource

from .analysis import Analysis
from .enumerations import Enumeration, counted_sets, lists_in

MAX_MNEMONICS = 15

# Per letter: (people, verbs, describing words, things). Two choices where we have them, for variety.
_BANK: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "A": (("Amitabh", "Anushka"), ("Adores", "Asks"), ("Angry", "Awesome"), ("Aloo-paratha", "Autos")),
    "B": (("Bumrah", "Bipasha"), ("Buys", "Bowls"), ("Big", "Buttery"), ("Biryani", "Bhelpuri")),
    "C": (("Chetan", "Chandni"), ("Cooks", "Catches"), ("Crispy", "Chatpata"), ("Chai", "Chole")),
    "D": (("Dhoni", "Deepika"), ("Devours", "Dances"), ("Desi", "Delicious"), ("Dosa", "Dhokla")),
    "E": (("Esha", "Eshwar"), ("Eats", "Enjoys"), ("Extra", "Easy"), ("Elaichi-tea", "Eclairs")),
    "F": (("Farhan", "Fatima"), ("Fries", "Finds"), ("Fresh", "Fiery"), ("Falooda", "Fafda")),
    "G": (("Gavaskar", "Gauri"), ("Grabs", "Gulps"), ("Golden", "Garam"), ("Gulab-jamun", "Golgappe")),
    "H": (("Hrithik", "Harbhajan"), ("Hits", "Hides"), ("Hot", "Homemade"), ("Halwa", "Hyderabadi-haleem")),
    "I": (("Ishant", "Indira"), ("Invites", "Irons"), ("Icy", "Instant"), ("Idli", "Imarti")),
    "J": (("Jadeja", "Jaya"), ("Juggles", "Jogs"), ("Juicy", "Jolly"), ("Jalebi", "Jeera-rice")),
    "K": (("Kohli", "Kareena"), ("Kicks", "Keeps"), ("Kesari", "Kadak"), ("Kulfi", "Kachori")),
    "L": (("Lata", "Laxman"), ("Loves", "Licks"), ("Lovely", "Lemony"), ("Laddoo", "Lassi")),
    "M": (("Madhuri", "Mithali"), ("Makes", "Munches"), ("Masaledar", "Mast"), ("Masala-dosa", "Momos")),
    "N": (("Neeraj", "Nargis"), ("Needs", "Nibbles"), ("Nice", "Naughty"), ("Naan", "Nimbu-pani")),
    "O": (("Om", "Ojha"), ("Orders", "Opens"), ("Old", "Oily"), ("Onion-pakoda", "Oranges")),
    "P": (("Pant", "Priyanka"), ("Packs", "Pours"), ("Perfect", "Pudina"), ("Paneer", "Pani-puri")),
    "Q": (("Qadir", "Qutub"), ("Quits", "Queues"), ("Quick", "Quiet"), ("Qorma", "Quinoa-khichdi")),
    "R": (("Rahul", "Rekha"), ("Relishes", "Runs"), ("Royal", "Rich"), ("Rasgulla", "Rajma")),
    "S": (("Sachin", "Sindhu"), ("Serves", "Sips"), ("Spicy", "Sweet"), ("Samosa", "Sambar")),
    "T": (("Tendulkar", "Tanvi"), ("Tastes", "Takes"), ("Tasty", "Tangy"), ("Tandoori-chicken", "Thali")),
    "U": (("Uday", "Urmila"), ("Unwraps", "Uses"), ("Ultra", "Unique"), ("Upma", "Uttapam")),
    "V": (("Virat", "Vidya"), ("Visits", "Values"), ("Very", "Veg"), ("Vada-pav", "Veg-pulao")),
    "W": (("Waheeda", "Wasim"), ("Wants", "Watches"), ("Warm", "Wonderful"), ("Wickets", "Wada")),
    "X": (("Xavier", "Xena"), ("X-rays", "Xeroxes"), ("Xtra", "Xpress"), ("Xerox-notes", "Xylophones")),
    "Y": (("Yuvraj", "Yami"), ("Yanks", "Yells"), ("Yummy", "Yellow"), ("Yoghurt", "Yakhni")),
    "Z": (("Zaheer", "Zoya"), ("Zaps", "Zooms"), ("Zesty", "Zingy"), ("Zeera-aloo", "Zarda")),
}
# Indian towns and cities, one per letter: the fifth word of a line ("... in Pune").
_PLACES = {
    "A": "Agra", "B": "Bengaluru", "C": "Chennai", "D": "Delhi", "E": "Ernakulam", "F": "Faridabad", "G": "Goa",
    "H": "Hyderabad", "I": "Indore", "J": "Jaipur", "K": "Kolkata", "L": "Lucknow", "M": "Mumbai", "N": "Nagpur",
    "O": "Ooty", "P": "Pune", "Q": "Quilon", "R": "Ranchi", "S": "Shimla", "T": "Thane", "U": "Udaipur",
    "V": "Varanasi", "W": "Wayanad", "X": "Xavier's", "Y": "Yavatmal", "Z": "Zirakpur",
}  # fmt: skip
_PEOPLE, _VERBS, _DESCRIBING, _THINGS, _PLACE = range(5)
# One sentence per chunk of letters: Person Verb Describing Thing in Place ("Sachin Loves Tasty Paneer in Pune").
_PATTERNS = {
    1: (_THINGS,),
    2: (_DESCRIBING, _THINGS),
    3: (_PEOPLE, _VERBS, _THINGS),
    4: (_PEOPLE, _VERBS, _DESCRIBING, _THINGS),
    5: (_PEOPLE, _VERBS, _DESCRIBING, _THINGS, _PLACE),
}
_CHUNKS = {6: (3, 3), 7: (4, 3), 8: (4, 4), 9: (5, 4), 10: (5, 5), 11: (4, 4, 3), 12: (4, 4, 4)}
# Classic mnemonics students already know, for lists stated in exactly this order.
_CLASSICS: dict[tuple[str, ...], str] = {
    (
        "olfactory", "optic", "oculomotor", "trochlear", "trigeminal", "abducens", "facial", "vestibulocochlear",
        "glossopharyngeal", "vagus", "accessory", "hypoglossal",
    ): "Oh Oh Oh To Touch And Feel Very Good Velvet, Such Heaven",
}  # fmt: skip


def _word(letter: str, role: int, choice: int) -> str:
    if role == _PLACE:
        return "in " + _PLACES.get(letter, letter)
    options = _BANK.get(letter, ((letter,),) * 4)[role]
    return options[choice % len(options)]


def memorable_line(letters: list[str], seed: str) -> str:
    """A line whose capitalised words start with ``letters`` in order; connecting words ("in") are lower case."""
    choice = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    sizes = _CHUNKS.get(len(letters), (len(letters),))
    sentences, start = [], 0
    for size in sizes:
        chunk = [letter.upper() for letter in letters[start : start + size]]
        pattern = _PATTERNS[len(chunk)]
        words = [
            _word(letter, role, choice >> (start + i))
            for i, (letter, role) in enumerate(zip(chunk, pattern, strict=True))
        ]
        sentences.append(" ".join(words))
        start += size
    return ", ".join(sentences)


def _classic(items: tuple[str, ...]) -> str | None:
    key = tuple(re.sub(r"\s*(?:nerve|nerves)$", "", i.lower()).replace("spinal accessory", "accessory") for i in items)
    return _CLASSICS.get(key)


def mnemonic_for(stated: Enumeration, source_file: str | None, page: int | None) -> Mnemonic | None:
    items = [item.strip() for item in stated.items]
    letters = [item[0].upper() for item in items if item]
    if not 3 <= len(letters) <= 12 or len(letters) != len(items) or not all(letter.isalpha() for letter in letters):
        return None
    topic = stated.topic[:1].upper() + stated.topic[1:]
    desi = memorable_line(letters, stated.topic + "|" + "|".join(items))
    acronym = "".join(letters)
    order = f"in the order the material gives them: {', '.join(items)}"
    classic = stated.quoted_mnemonic or _classic(stated.items)
    if classic:
        credit = "The material's own mnemonic" if stated.quoted_mnemonic else "The classic mnemonic"
        line = f"{classic} ({acronym})"
        explanation = (
            f"{credit}: each word starts with the first letter of one of the {len(items)} {stated.topic.lower()}, "
            f"{order}. Or the desi way: {desi}."
        )
    else:
        line = f"{desi} ({acronym})"
        explanation = (
            f"Each capitalised word starts with the first letter of one of the {len(items)} "
            f"{stated.topic.lower()}, {order}."
        )
    return Mnemonic(
        topic=topic,
        mnemonic=line,
        expansion=[MnemonicLetter(letter=letter, term=item) for letter, item in zip(letters, items, strict=True)],
        explanation=explanation,
        source=QuestionSource(file=source_file, page=page, excerpt=stated.excerpt),
    )


# Words that tell the members of a series apart by place or rank: "medial, intermediate, lateral cuneiform" is
# remembered by its order, not by a line.
_SERIES_WORDS = {
    "superior", "middle", "inferior", "anterior", "posterior", "proximal", "intermediate", "distal", "medial",
    "lateral", "left", "right", "upper", "lower", "first", "second", "third", "fourth", "fifth", "outer", "inner",
    "external", "internal", "deep", "superficial", "greater", "lesser",
}  # fmt: skip


def adds_nothing(items: tuple[str, ...]) -> bool:
    """Whether a line would add nothing over the items' own initials: members named by a letter ("natural killer
    cells, B cells, T cells") or by their place in a series of one structure ("medial, intermediate, lateral
    cuneiform")."""
    words = [item.lower().split() for item in items]
    lettered = sum(len(w[0]) == 1 for w in words if w)
    if lettered * 2 >= len(items):
        return True
    if all(len(w) == 1 and w[0] in _SERIES_WORDS for w in words):
        return True  # "proximal, middle, distal": the series is its own order
    heads = {w[-1] for w in words if w}
    return len(heads) == 1 and all(len(w) == 2 and w[0] in _SERIES_WORDS for w in words)


def _examinable(stated: Enumeration, analysis: Analysis) -> int:
    """How examinable a list is: the share of its items that are terms of the material (a named anatomical set
    such as the tarsal bones, rather than "fresh, fiery, tangy" qualities)."""
    return sum(" ".join(item.lower().split()) in analysis.terms for item in stated.items) * 10 // len(stated.items)


def write_mnemonics(analysis: Analysis) -> list[Mnemonic]:
    """A mnemonic per list the material states or counts, most examinable first (named sets under their own
    heading, then lists of the material's terms), leaving out lists whose initials already are the mnemonic."""
    counted = counted_sets(analysis)
    stated = [e for e in lists_in(analysis) if not any(set(e.items) <= set(c.items) for c in counted)]
    ranked = counted + sorted(stated, key=lambda e: -_examinable(e, analysis))
    mnemonics: list[Mnemonic] = []
    for enumeration in ranked:
        if adds_nothing(enumeration.items):
            continue
        section = analysis.sections[enumeration.section]
        mnemonic = mnemonic_for(enumeration, section.source.file, section.source.page)
        if mnemonic is not None:
            mnemonics.append(mnemonic)
    return mnemonics[:MAX_MNEMONICS]
