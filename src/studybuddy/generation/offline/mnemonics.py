"""Mnemonics for the lists a text states ("the carpal bones are ..."): the first letters as an acronym, and a
memorable line in Indian flavour (names, food, places, cricket, films) whose words start with those letters.

The expansion is the stated list, exactly and in its order; only the memorable line is invented.
"""

from __future__ import annotations

import hashlib

from studybuddy.generation.schemas import Mnemonic, MnemonicLetter, QuestionSource

from .analysis import Analysis, StatedList

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
_PEOPLE, _VERBS, _DESCRIBING, _THINGS = range(4)
# Four letters make one sentence: Person Verb Describing Thing ("Sachin Loves Tasty Paneer").
_PATTERNS = {
    1: (_THINGS,),
    2: (_DESCRIBING, _THINGS),
    3: (_PEOPLE, _VERBS, _THINGS),
    4: (_PEOPLE, _VERBS, _DESCRIBING, _THINGS),
}


def memorable_line(letters: list[str], seed: str) -> str:
    choice = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    words: list[str] = []
    for start in range(0, len(letters), 4):
        chunk = letters[start : start + 4]
        pattern = _PATTERNS[len(chunk)]
        for position, (letter, role) in enumerate(zip(chunk, pattern, strict=True)):
            options = _BANK.get(letter.upper(), ((letter.upper(),),) * 4)[role]
            words.append(options[(choice >> (start + position)) % len(options)])
    return " ".join(words)


def mnemonic_for(stated: StatedList, source_file: str | None, page: int | None) -> Mnemonic | None:
    letters = [item.strip()[0].upper() for item in stated.items if item.strip()]
    if len(letters) < 3 or not all(letter.isalpha() for letter in letters):
        return None
    line = memorable_line(letters, stated.topic + "|" + "|".join(stated.items))
    acronym = "".join(letters)
    return Mnemonic(
        topic=stated.topic[:1].upper() + stated.topic[1:],
        mnemonic=f"{line} ({acronym})",
        expansion=[
            MnemonicLetter(letter=letter, term=item) for letter, item in zip(letters, stated.items, strict=True)
        ],
        explanation=(
            f"Each word's first letter is the first letter of one of the {stated.topic}, in the order the material "
            f"gives them: {', '.join(stated.items)}."
        ),
        source=QuestionSource(file=source_file, page=page, excerpt=stated.sentence.text),
    )


def write_mnemonics(analysis: Analysis) -> list[Mnemonic]:
    mnemonics: list[Mnemonic] = []
    seen: set[tuple[str, ...]] = set()
    for stated in analysis.lists:
        key = tuple(item.lower() for item in stated.items)
        if key in seen:
            continue
        seen.add(key)
        section = analysis.sections[stated.sentence.section]
        mnemonic = mnemonic_for(stated, section.source.file, section.source.page)
        if mnemonic is not None:
            mnemonics.append(mnemonic)
    return mnemonics
