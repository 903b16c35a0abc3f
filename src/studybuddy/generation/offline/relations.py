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

from .analysis import Sentence, singular
from .vocabulary import STOPWORDS

_DEMONSTRATIVE = re.compile(r"^(?P<det>This|These|Those)\s+(?P<rest>.+)$", re.DOTALL)
# Relations worth a line: what something secretes or makes, what a vessel supplies or drains.
_SECRETES = r"secretes?|produces?|releases?|synthesizes?|synthesises?|stores?"
_SUPPLIES = r"supplies|supply|drains?|innervates?|pumps?|carries|carry|transports?|converts?|stimulates?|inhibits?"
_VERB = re.compile(
    rf"\b(?:(?:also|primarily|mainly|only|then|normally|continuously|directly)\s+)?"
    rf"(?P<verb>(?:(?:{_SECRETES})\s+and\s+)?(?:{_SECRETES}|{_SUPPLIES}))\s+"
    rf"(?P<object>.+)$"
)
# Between the subject and the verb: nothing, an apposition, or "is interspersed among the type I cells and".
_BRIDGE = re.compile(
    r"^(?:\s*[—–][^—–]{3,80}[—–]\s*|\s*,[^,]{3,60},\s*|\s+(?:is|are)\s+[^,;]{3,60}?\s+(?:and|that)\s+|\s+)$"
)
# "Interstitial fibroblasts within the kidney secrete EPO": where the subject is belongs to its name.
_WHERE = re.compile(
    r"^\s+(?:in|within|of|on|along|lining|found in|located in)\s+(?:the\s+)?[A-Za-z\-]+(?:\s+[A-Za-z\-]+){0,3}\s+$"
)
_NOT_NAMES = frozenset("contain contains include includes including are is has have called form forms".split())
_OBJECT_END = re.compile(
    r"\s*(?:[,;:]|\s[—–]\s|—)|\s+(?:which|who|when|because|while|during|as|so|in order|thereby|allowing|to trap|"
    r"to protect|to help|that|is|are|was|were)\b"  # "that produce sweat are another example": the clause ended
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
            last = subject.split()[-1]
            plural = singular(last) != last.lower()
            if (match.group("det") == "This") == plural or (singular(head) == head.lower()) == plural:
                return None  # "These cells" after "The stem cell lies ...": not the same thing
            article = re.match(r"^(?:The|An?)\s+", previous)
            named = f"{article.group(0)}{subject}" if article else subject
            return f"{named[:1].upper()}{named[1:]}{rest}"
    return None


# Kinds of thing that secrete, produce or release: "... are chief cells, which secrete pepsinogen", "gastrin,
# which is released mainly by enteroendocrine G cells".
_MAKERS = r"(?:cells?|glands?|[a-z]+cytes?|epithelium|epithelia|mucosa|organs?|tissues?|kidneys?|liver|pancreas)"
_MAKER = rf"(?P<maker>(?:[A-Za-z][\w\-]*\s+){{0,3}}{_MAKERS})"
_WHICH_MAKES = re.compile(
    rf"{_MAKER},?\s+(?:which|that)\s+(?:(?:also|mainly|primarily)\s+)?(?P<verb>{_SECRETES})\s+(?P<object>.+)$"
)
_MADE_BY = re.compile(
    rf"(?P<made>\b[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){{0,2}}),\s+which\s+is\s+(?P<verb>secreted|released|produced)\s+"
    rf"(?:(?:mainly|primarily|only|mostly)\s+)?by\s+{_MAKER}\b"
)
_ACTIVE = {"secreted": "secrete", "released": "release", "produced": "produce"}


def _name(phrase: str) -> str | None:
    """The name at the end of a phrase, after its last small word: "basal regions of gastric glands are chief
    cells" -> "chief cells"."""
    words = phrase.split()
    while words and any(w.lower() in STOPWORDS | _NOT_NAMES for w in words):
        words = words[next(i for i, w in enumerate(words) if w.lower() in STOPWORDS | _NOT_NAMES) + 1 :]
    return " ".join(words) or None


def _agrees(subject: str, verb: str) -> bool:
    """ "Oxygen release depends ...": "release" with a singular subject is a noun, not the verb."""
    head = subject.split()[-1]
    plural = " and " in subject or singular(head) != head.lower()
    first = verb.split()[0]
    return plural != (first.endswith("s") and not first.endswith("ss"))


def _object(verb: str, text: str) -> str | None:
    text = re.sub(r"\s*\([^()]*=[^()]*\)", "", text)  # "(endo- = “inside”)": an etymology, not the object
    obj = _OBJECT_END.split(text, maxsplit=1)[0]
    that = re.match(r"(?:an?)\s+\w+\s+that\s+", text)
    if that and len(obj.split()) == 2:
        # "secrete a fluid that lubricates the mesothelium": "a fluid" alone says nothing
        obj = text[: that.end()] + _OBJECT_END.split(text[that.end() :], maxsplit=1)[0]
    after = text[len(obj) + 2 :]
    if (
        len(obj.split()) == 1
        and obj.islower()
        and text[len(obj) :].startswith(", ")
        and re.match(r"[a-z]", after)
        and not re.match(r"(?:the|an?|which|thereby|and|or|but|its|their)\b", after)
    ):
        # "secrete thin, acidic mucus": a comma between adjectives does not end the object
        obj = obj + ", " + _OBJECT_END.split(text[len(obj) + 2 :], maxsplit=1)[0]
    if verb.startswith(("secret", "produc", "releas", "synthes", "stor")):
        obj = _LATER_OBJECT_END.split(obj, maxsplit=1)[0]
    obj = obj.strip(" .")
    words = obj.split()
    if not 1 <= len(words) <= 14 or words[-1].lower() in STOPWORDS or words[0].lower() in ("it", "them", "this"):
        return None
    return obj if obj.count("(") == obj.count(")") else None


def _relations_in(text: str, sentence: Sentence, *, stands: bool = True) -> list[Relation]:
    found = []
    opening = _relation_in(text, sentence) if stands else None
    if opening:
        found.append(opening)
    for match in _WHICH_MAKES.finditer(text):
        maker, obj = _name(match.group("maker")), _object(match.group("verb"), match.group("object"))
        # "goblet cells, one of the specialized, columnar epithelial cells that produce mucus": the goblet cells
        named = re.search(
            r"(?P<name>\b[\w\-]+(?:\s+[\w\-]+){0,2}),\s+one of the\s+[^;]*$", text[: match.start("maker")]
        )
        if named and _name(named.group("name")):
            maker = _name(named.group("name"))
        if any(r.object == obj for r in found):
            continue  # "Mesothelial cells are squamous epithelial cells that secrete ...": one relation, told once
        if maker and obj and _agrees(maker, match.group("verb")):
            found.append(Relation(subject=maker, verb=match.group("verb"), object=obj, sentence=sentence))
    for match in _MADE_BY.finditer(text):
        maker, made = _name(match.group("maker")), _name(match.group("made"))
        if maker and made:
            verb = _ACTIVE[match.group("verb")]
            verb = verb if singular(maker.split()[-1]) != maker.split()[-1].lower() else verb + "s"
            found.append(Relation(subject=maker, verb=verb, object=made, sentence=sentence))
    return found


def _relation_in(text: str, sentence: Sentence) -> Relation | None:
    subject = opening_subject(text)
    if subject is None:
        return None
    start = text.find(subject) + len(subject)
    verb = _VERB.search(text, start)
    if verb is None:
        return None
    between = text[start : verb.start()] or " "
    where = _WHERE.match(between)
    if not where and not _BRIDGE.match(between):
        return None
    if not _agrees(subject, verb.group("verb")):
        return None
    obj = _object(verb.group("verb"), verb.group("object"))
    if obj is None:
        return None
    named = f"{subject} {between.strip()}" if where else subject
    return Relation(subject=named, verb=verb.group("verb"), object=obj, sentence=sentence)


def relations(standing: list[tuple[Sentence, str]], leaning: list[Sentence] | None = None) -> list[Relation]:
    """Each relation once, in reading order, from sentences that stand alone (``standing``: the sentence and its
    text, demonstrative subjects already resolved); from the ``leaning`` ones only relations that name both ends
    ("These include gastrin, which is released mainly by enteroendocrine G cells")."""
    found: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    texts = [(s, t, True) for s, t in standing] + [(s, s.text, False) for s in leaning or []]
    for sentence, text, stands in sorted(texts, key=lambda entry: entry[0].index):
        for relation in _relations_in(text, sentence, stands=stands):
            key = (relation.subject.lower(), relation.object.lower())
            if key in seen:
                continue
            seen.add(key)
            found.append(relation)
    return found
