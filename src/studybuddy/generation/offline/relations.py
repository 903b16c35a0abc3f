"""What a sentence is about, named even when the text says "These cells" or "This mesothelium", and the relations
a textbook states about it: cell → what it secretes, vessel → what it supplies or drains, structure → what it
produces.

The cheat sheet lists the relations as "Parietal cells → produce hydrochloric acid (HCl) and intrinsic factor"
and the notes keep sentences whose demonstrative subject is replaced by the thing it points at, so that no
pronoun points at a sentence the notes left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import Analysis, Sentence, singular
from .vocabulary import STOPWORDS

_WORD = r"[A-Za-z][A-Za-z0-9\-/]*"
# A noun phrase opening a sentence, up to an apposition or the verb: "Parietal cells", "The great cardiac vein",
# "Serous and mucus-producing cells".
_OPENING = re.compile(rf"^(?:(?:The|A|An|Each)\s+)?(?P<np>{_WORD}(?:\s+(?:and\s+)?{_WORD}){{0,4}}?)(?=\s*[—–(,]|\s+)")
_DEMONSTRATIVE = re.compile(r"^(?P<det>This|These|Those)\s+(?P<rest>.+)$", re.DOTALL)
# Relations worth a line: what something secretes or makes, what a vessel supplies or drains.
_SECRETES = r"secretes?|produces?|releases?|synthesizes?|synthesises?|stores?"
_SUPPLIES = r"supplies|supply|drains?|innervates?|pumps?|carries|carry|transports?|converts?|stimulates?|inhibits?"
_VERB = re.compile(
    rf"\b(?:(?:also|primarily|mainly|only|then|normally|continuously|directly)\s+)?(?P<verb>{_SECRETES}|{_SUPPLIES})\s+"
    rf"(?P<object>.+)$"
)
# Between the subject and the verb: nothing, an apposition, or "is interspersed among the type I cells and".
_BRIDGE = re.compile(
    r"^(?:\s*[—–][^—–]{3,80}[—–]\s*|\s*,[^,]{3,60},\s*|\s+(?:is|are)\s+[^,;]{3,60}?\s+(?:and|that)\s+|\s+)$"
)
_OBJECT_END = re.compile(
    r"\s*(?:[,;:]|\s[—–]\s|—)|\s+(?:which|who|when|because|while|during|as|so|in order|thereby|allowing|to trap|"
    r"to protect|to help|that (?!is\b|are\b))\b"
)
_LATER_OBJECT_END = re.compile(
    r"\s+to\s+(?!the\b|a\b|an\b)"
)  # "produce mucus to trap debris": not "supply blood to the"
_ENDS_SUBJECT = re.compile(
    rf"(?:also|primarily|mainly|only|then|normally|continuously|directly|{_SECRETES}|{_SUPPLIES}|\w+ly)"
)
_VERBS_AFTER_SUBJECT = frozenset(
    "is are was were has have lies lie forms form consists consist contains contain becomes become can may will".split()
)


@dataclass(frozen=True)
class Relation:
    subject: str
    verb: str
    object: str
    sentence: Sentence

    @property
    def line(self) -> str:
        return f"{self.subject[:1].upper()}{self.subject[1:]} → {self.verb} {self.object}"


def opening_subject(text: str) -> str | None:
    """ "Parietal cells—located primarily in ...—are among ..." -> "Parietal cells"; None when the sentence opens
    with a pronoun, a demonstrative or a clause."""
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9\-/’']*|[—–(,;:.]", text)
    if tokens and tokens[0].lower() in ("the", "a", "an", "each"):
        tokens = tokens[1:]
    words: list[str] = []
    for token in tokens[:7]:
        lower = token.lower()
        if not token[0].isalpha() or lower in _VERBS_AFTER_SUBJECT or _ENDS_SUBJECT.fullmatch(lower):
            break
        if lower in STOPWORDS and lower != "and":
            break
        words.append(token)
    else:
        return None
    if not words or len(words) > 5 or words[-1].lower() == "and":
        return None
    if words[0].lower() in {"this", "these", "those", "it", "they", "there", "here", "such", "both", "all"}:
        return None
    at = text.find(words[0])
    end = text.find(words[-1], at) + len(words[-1])
    return text[at:end]


def stands_with_subject(text: str, previous: str | None) -> str | None:
    """The sentence with a demonstrative subject replaced by what it points at, when the sentence before names it:
    "These relatively large cells produce ..." after "Parietal cells—...—are among ..." -> "Parietal cells
    produce ..."; "This mesothelium secretes ..." after a sentence naming the mesothelium -> "The mesothelium
    secretes ...". None when it cannot be resolved that surely."""
    match = _DEMONSTRATIVE.match(text)
    if match is None or not previous:
        return None
    words = match.group("rest").split(" ")
    subject = opening_subject(previous)
    # The shortest phrase after the demonstrative that the sentence before names, or whose head noun is the
    # head of that sentence's subject ("These relatively large cells" -> "Parietal cells").
    for size in range(1, min(4, len(words) - 1) + 1):
        named, rest = " ".join(words[:size]), " " + " ".join(words[size:])
        if named[-1:] in ",;:" or any(w.lower() in STOPWORDS for w in words[:size]):
            return None
        if re.search(rf"\b{re.escape(named)}\b", previous, re.IGNORECASE):
            return f"The {named}{rest}"
        head = words[size - 1]
        if subject and singular(subject.split()[-1]) == singular(head):
            if (match.group("det") == "This") != (singular(head) == head.lower()):
                return None  # "This" with a plural head, or "These" with a singular one: not the same thing
            return f"{subject[:1].upper()}{subject[1:]}{rest}"
    return None


def _relation_in(text: str, sentence: Sentence) -> Relation | None:
    subject = opening_subject(text)
    if subject is None:
        return None
    start = text.find(subject) + len(subject)
    verb = _VERB.search(text, start)
    if verb is None or not _BRIDGE.match(text[start : verb.start()] or " "):
        return None
    if text[start : verb.start()].strip().split()[:1] and text[start : verb.start()].split()[0] in ("is", "are"):
        pass  # "is interspersed among ... and secretes": the bridge already checked it holds no comma
    obj = _OBJECT_END.split(verb.group("object"), maxsplit=1)[0]
    if verb.group("verb").startswith(("secret", "produc", "releas", "synthes", "stor")):
        obj = _LATER_OBJECT_END.split(obj, maxsplit=1)[0]
    obj = obj.strip(" .")
    words = obj.split()
    if not 1 <= len(words) <= 14 or words[-1].lower() in STOPWORDS or words[0].lower() in ("it", "them", "this"):
        return None
    if obj.count("(") != obj.count(")"):
        return None
    return Relation(subject=subject, verb=verb.group("verb"), object=obj, sentence=sentence)


def relations(analysis: Analysis, standing: list[tuple[Sentence, str]]) -> list[Relation]:
    """Each relation once, from sentences that stand alone (``standing``: the sentence and its text, demonstrative
    subjects already resolved)."""
    found: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for sentence, text in standing:
        relation = _relation_in(text, sentence)
        if relation is None:
            continue
        key = (relation.subject.lower(), relation.object.lower())
        if key in seen:
            continue
        seen.add(key)
        found.append(relation)
    return found
