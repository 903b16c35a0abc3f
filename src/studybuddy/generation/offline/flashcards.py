"""The offline engine's flashcards, read from the analysis: defined terms both ways, cloze cards from the most
central sentences, numbers to remember, and the mnemonics' lists. Every card quotes the sentence it came from."""

from __future__ import annotations

import re

from studybuddy.generation.flashcards import gate_flashcards, make_flashcard, mnemonic_cards
from studybuddy.generation.quality import SourceText
from studybuddy.generation.schemas import Flashcard, Mnemonic, QuestionSource

from .analysis import Analysis, Sentence
from .definitions import definition_of, vague
from .questions import QuestionWriter

BLANK = "_____"
# Enough to revise a chapter without drowning in cards; the most central facts first.
MAX_CLOZE = 40
MAX_NUMBERS = 20
MAX_TERMS = 40


def _source(analysis: Analysis, sentence: Sentence) -> QuestionSource:
    section = analysis.sections[sentence.section]
    return QuestionSource(file=section.source.file, page=section.source.page, excerpt=sentence.text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _blank_out(sentence: str, phrase: str) -> str | None:
    """The sentence with the first whole-word ``phrase`` (or its plural) replaced by a blank; None if absent."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?:s|es)?(?![\w-])", re.IGNORECASE)
    if not pattern.search(sentence):
        return None
    return pattern.sub(BLANK, sentence, count=1)


# A sentence that leans on the one before ("However, ...", "this epithelium") does not stand alone on a card.
_LEANS_ON_CONTEXT = re.compile(
    r"^(?:However|Similarly|Likewise|Thus|Therefore|Hence|Also|In this way|As a result|In contrast|On the other "
    r"hand|For example|Like|Unlike|Compared|Together|Just|Another|Other|Here|Again|Instead|Eventually|Finally|Then|"
    r"Later|Next|Now|Still|Yet|Conversely)\b"
)
_REFERS_BACK = frozenset({"this", "these", "those", "such", "above", "former", "latter", "it", "they", "its", "their"})


def _informative(sentence: Sentence) -> bool:
    """A fact worth a card: a full statement of a sensible length that does not lean on its neighbours."""
    text = sentence.text.strip()
    return (
        8 <= sentence.word_count <= 35
        and text.endswith(".")
        and "?" not in text
        and ":" not in text
        and not _LEANS_ON_CONTEXT.match(text)
        and not _REFERS_BACK & set(sentence.words)
    )


def _shares_root(front: str, answer: str, terms: frozenset[str] = frozenset()) -> bool:
    """CUE: the front holds the answer's root outside the blank ("Mesothelial cells ... lubricate the _____" ->
    Mesothelium; "a joint between adjacent phalanx bones" -> Interphalangeal joint). A root is six letters
    that begin one of the two words: a shared ending ("monocytes", "erythrocytes") is no root, a direction
    ("lateral", "greater") says where, not what, and a term inside the answer ("myosin" in "tropomyosin",
    "protein" in "glycoprotein") is another thing. The answer's class word ("joint", "cells") does not count."""
    answer_words = [w for w in re.findall(r"[a-z]+", answer.lower()) if len(w) >= 6 and w not in _DIRECTIONS]
    if len(answer.split()) > 1 and answer_words and answer.lower().endswith(answer_words[-1]):
        answer_words = answer_words[:-1]
    front_words = {
        w for w in re.findall(r"[a-z]+", front.replace(BLANK, " ").lower()) if len(w) >= 6 and w not in _DIRECTIONS
    }
    for a in answer_words:
        for f in front_words:
            run = _common_root(a, f)
            if len(run) >= 6 and not (run in terms and not a.startswith(run)):
                return True
    return False


# Anatomical directions and sizes: shared by answer and front without giving the answer away.
_DIRECTIONS = frozenset(
    "lateral medial superior inferior anterior posterior proximal distal greater lesser internal external "
    "superficial intermediate transverse longitudinal".split()
)


def _common_root(a: str, b: str) -> str:
    """The longest run of letters two words share that begins one of them."""
    best = ""
    for word, other in ((a, b), (b, a)):
        for end in range(len(word), len(best), -1):
            if word[:end] in other:
                best = word[:end]
                break
    return best


# A front that leans on what came before: a figure's panel ("In a, ..."), "the smaller cells" (than which?),
# "other _____" (other than what?).
_FRONT_LEANS = re.compile(
    rf"^In [a-z],|^See\b|\billustrated\b|\b[a-d] shows\b|^(?:The|These|Those)\s+\w+er\s|\bother\s+{BLANK}",
    re.IGNORECASE,
)


def _fair_front(front: str, answer: str, analysis: Analysis) -> bool:
    """A card a teacher keeps: the front stands alone, holds no root of its answer, and the blank takes a
    whole term, never half of one ("the _____ membrane" -> Apical cell) nor the second of a pair whose first
    lost its noun ("The lateral and _____ articulate" -> Medial condyle)."""
    if _FRONT_LEANS.search(front) or _shares_root(front, answer, frozenset(analysis.terms)):
        return False
    words = answer.lower().split()
    pair = re.search(rf"\b(\w+)\s+(?:and|or)\s+{BLANK}", front)
    if (
        pair
        and len(words) > 1
        and not re.search(rf"\b{re.escape(pair.group(1))}\s+{re.escape(words[-1][:5])}", front, re.I)
    ):
        return False
    # "Agranular _____ include monocytes" -> Leukocyte: the blank took the noun and left its modifier behind.
    before = re.search(rf"\b([A-Za-z][\w-]+)\s+{BLANK}", front)
    if (
        before
        and before.group(1).lower() in analysis.terms
        and re.search(r"(?:ar|al|ic|ous|ary|ory)$", before.group(1))
    ):
        return False
    after = re.search(rf"{BLANK}\s+([a-z][\w-]+)", front)
    if after:
        follows = after.group(1).lower()
        if len(words) > 1 and f"{words[-1]} {follows}" in analysis.terms:
            return False  # "the _____ membrane" -> Apical cell: the blank cut "apical cell membrane" in two
    return True


def term_cards(analysis: Analysis, session_id: str) -> list[Flashcard]:
    """ "Define: X" cards (and the reverse) only where the material says what X is, in the words the cheat sheet
    uses: never a definition of a longer name holding X ("The sodium/potassium pump is the carrier protein" is
    not a definition of sodium), a clause cut mid-way, or "the narrower end"."""
    cards: list[Flashcard] = []
    for term in analysis.ranked_terms:
        if len(cards) >= 2 * MAX_TERMS:
            break
        definition = definition_of(term)
        # "Define: Hypertrophy" → "A concept." teaches nothing: a definition says at least what kind of thing it is.
        if term.definition_sentence is None or definition is None or vague(definition) or len(definition.split()) < 3:
            continue
        if re.search(r"\btheir\b", definition) and not term.text.endswith("s"):
            continue  # "Cell junction: ... between their cell membranes": whose, for one junction?
        source = _source(analysis, term.definition_sentence)
        definition = _capital(definition.rstrip(". "))
        tags = [analysis.subject]
        cards.append(
            make_flashcard(session_id, "term", f"Define: {_capital(term.text)}", definition + ".", source, tags)
        )
        # "A passageway" names too many things to ask back; "a joint between adjacent phalanx bones" gives it away.
        if len(definition.split()) >= 6 and not _shares_root(definition, term.text, frozenset(analysis.terms)):
            cards.append(
                make_flashcard(
                    session_id, "term", f"Which term is this: {definition}?", _capital(term.text), source, tags
                )
            )
    return cards


def cloze_cards(analysis: Analysis, session_id: str, writer: QuestionWriter | None = None) -> list[Flashcard]:
    """A key fact with its most prominent term blanked, for the sentences the analysis rates most central; with
    the question writer, only where its rules would blank the term too (no "Iron _____ anemia" → Deficiency)."""
    # A class word other terms end in ("bone", "cell", "gland") is too general to be the answer: many words fit.
    heads = {t.head for t in analysis.terms.values() if " " in t.key}
    prominent = [t for t in analysis.ranked_terms[:60] if " " in t.key or t.key not in heads]
    ranked = sorted(analysis.sentences, key=lambda s: (-analysis.sentence_scores.get(s.index, 0.0), s.index))
    used_terms: set[str] = set()
    # A definition already makes a term card; a cloze of the same sentence would ask the same thing twice.
    defining = {t.definition_sentence.index for t in analysis.terms.values() if t.definition_sentence is not None}
    cards: list[Flashcard] = []
    for sentence in ranked:
        if len(cards) >= MAX_CLOZE:
            break
        if sentence.index in defining or not _informative(sentence):
            continue
        text = " ".join(sentence.words)
        for term in prominent:
            if term.key in used_terms or not re.search(rf"\b{re.escape(term.key)}", text):
                continue
            if writer is not None and not writer.fair_blank(term, sentence.text):
                continue
            front = _blank_out(sentence.text, term.text)
            # The rest of the sentence must still say something: at least five words besides the blank.
            if front is None or len(front.replace(BLANK, " ").split()) < 5:
                continue
            if not _fair_front(front, term.text, analysis):
                continue
            # "An _____ includes ..." would give away a vowel-initial answer.
            front = re.sub(rf"\b([Aa])n? {BLANK}", rf"\1(n) {BLANK}", front)
            used_terms.add(term.key)
            cards.append(
                make_flashcard(
                    session_id, "cloze", front, _capital(term.text), _source(analysis, sentence), [analysis.subject]
                )
            )
            break
    return cards


def number_cards(analysis: Analysis, session_id: str) -> list[Flashcard]:
    cards: list[Flashcard] = []
    seen: set[str] = set()
    for fact in analysis.numbers:
        if len(cards) >= MAX_NUMBERS:
            break
        if fact.value in seen or not _informative(fact.sentence):
            continue
        front = fact.sentence.text.replace(fact.value, BLANK, 1)
        if front.count(BLANK) != 1 or re.search(r"[-−–\d.]" + BLANK, front):
            continue
        if _FRONT_LEANS.search(front):
            continue
        seen.add(fact.value)
        cards.append(
            make_flashcard(
                session_id, "number", front, fact.value, _source(analysis, fact.sentence), [analysis.subject, "numbers"]
            )
        )
    return cards


def write_flashcards(
    analysis: Analysis, session_id: str, mnemonics: list[Mnemonic], writer: QuestionWriter | None = None
) -> list[Flashcard]:
    """Every kind of card the material supports, through the same gate as every engine's."""
    cards = (
        term_cards(analysis, session_id)
        + cloze_cards(analysis, session_id, writer)
        + number_cards(analysis, session_id)
        + mnemonic_cards(mnemonics, session_id)
    )
    return gate_flashcards(cards, SourceText(analysis.document.full_text))
