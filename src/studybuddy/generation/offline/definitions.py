"""What the material says a term is, as one clean line ("Chief cells: located primarily in the basal regions of
gastric glands"), or nothing where what it gives is a clause, a fragment, or a definition of some other name.
The cheat sheet's key-term table, the notes' key points and the "Define:" flashcards all read it from here."""

from __future__ import annotations

import re
from functools import lru_cache

from .analysis import Term, singular
from .sentence_choice import capital
from .vocabulary import COMMON_WORDS, STOPWORDS

# A "definition" that is really a clause ("the anterior surface demonstrates prominent ridges of muscle").
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|bears?|demonstrates?|shows?|forms?|contains?|receives?|gives?|lies|sits|"
    r"runs?|becomes?|allows?|provides?|makes?|produces?|causes?|results?|leads?|appears?|occurs?|involves?|"
    r"requires?|includes?|consists?|can|may|will|would)\b"
)
_LOCATED = re.compile(
    r"^(?:Located|Found|Situated)?\s*(?P<where>(?:on|at|in|along|near|between|within|inside|below|above|just "
    r"below|just above)\s+[^,]{4,80}?)\s+(?:is|are)\s+(?P<what>(?:an?|the)\s+[^,]{3,60}?)\s+(?:called|known as|"
    r"termed|named)\s+(?:the\s+)?(?P<term>[^,.;]+)",
    re.IGNORECASE,
)


_OWNED = re.compile(
    r"^(?:The\s+)?(?P<where>[a-z][^,]{3,60}?)\s+(?P<verb>has|have|bears|forms|is formed by)\s+(?P<what>an?\s+[^,]{3,50}?)"
    r"\s+(?:called|known as|termed|named)\s+(?:the\s+)?(?P<term>[^,.;]+)",
    re.IGNORECASE,
)

# A definition this short that says only "the narrower end" names nothing without the sentence before it.
_COMPARATIVES = frozenset(
    "narrower wider broader larger smaller thicker thinner longer shorter bigger deeper shallower higher lower "
    "other remaining".split()
)
_PART_NOUNS = frozenset("end part portion region area side surface section segment piece one half edge".split())
_SHAPE_NOUNS = frozenset(
    "groove extension projection bump ridge depression indentation elevation opening notch prominence protrusion "
    "process line border fossa hole canal".split()
)


def definition_of(term: Term) -> str | None:
    """The term's definition as one clean line, or None when what the text gave is a clause, a fragment or
    says nothing beyond the term ("a second septum" for the interventricular septum)."""
    if not term.definition or term.definition_sentence is None:
        return None
    # Asked by the cheat sheet, the notes and the flashcards of the same terms: answered once.
    return _clean_definition(term.text, term.key, term.definition, term.definition_sentence.text)


@lru_cache(maxsize=4096)
def _clean_definition(text: str, key: str, definition: str, sentence_text: str) -> str | None:
    located = _LOCATED.match(sentence_text)
    owned = _OWNED.match(sentence_text)
    if located and located.group("term").lower().startswith(text.lower()):
        where = located.group("where")
        definition = f"{located.group('what')} {where[:1].lower() + where[1:]}"  # "an expanded bony area on ..."
    elif owned and owned.group("term").lower().startswith(text.lower()):
        # "The lateral end of the radius has a pointed projection called the styloid process" -> "a pointed
        # projection on the lateral end of the radius"; "... is formed by a lip of bone called X" -> "a lip of
        # bone forming the ..."
        where = owned.group("where")
        link = "forming the" if owned.group("verb").lower().startswith("is formed") else "on the"
        definition = f"{owned.group('what')} {link} {where}"
    else:
        # The text must say it of this term: "X is/are (the|a) ..." or "... called X", not of a longer name that
        # merely contains it ("The sodium/potassium pump is the carrier protein ...").
        name = re.escape(text)
        says = re.search(rf"\b{name}(?:s|es)?\s*(?:\([^)]*\)\s*)?(?:is|are|,)\s+", sentence_text, re.I)
        names = re.search(
            rf"\b(?:called|known as|termed|named|referred to as)\s+(?:the\s+|an?\s+)?{name}", sentence_text, re.I
        )
        if not (says or names) or re.search(rf"[/\-]{name}|{name}[/\-]", sentence_text, re.I):
            return None
        if names and not says:
            definition = _nearest_named(definition)
            # "... a depression in the medial surface of the superior lobe of the left lung, called the cardiac
            # notch": "the left lung" is the tail of a longer phrase, not what is named.
            at = sentence_text.lower().find(definition.lower())
            if at > 0 and re.search(r"\b(?:of|in|on|at|to|from|with|by)\s*$", sentence_text[:at], re.I):
                return None

    # "muscles store a small amount of excess oxygen in proteins called myoglobin": what is called myoglobin is the
    # proteins, not the oxygen in them.
    inside = re.search(r"\s(?:in|within|inside)\s+(?:the\s+)?(?:[a-z\-]+\s+)?(?P<noun>[a-z\-]+)$", definition)
    if (
        inside
        and re.search(rf"\b{re.escape(inside.group(0).strip())}\s+(?:called|known as|termed)\s", sentence_text)
        and singular(inside.group("noun")) != inside.group("noun")
        and singular(key) == key
    ):
        return None
    definition = re.split(
        r";|,\s*(?:which|and|but|whereas|while|so|including|such as)\s|\s+\(|\s+and\s+(?=(?:results|is|are|has|"
        r"causes|leads)\b)",
        definition,
    )[0]
    definition = definition.strip(" ,.")
    if len(definition.split()) > 20:
        # "an area where vessels unite to form interconnections that normally allow ...": the head is enough
        definition = re.split(r"\s+(?:that|which|who|because|so that|allowing|enabling)\s+", definition)[0]
    words = definition.split()
    if not 3 <= len(words) <= 25 or words[-1].lower() in STOPWORDS:
        return None
    if re.search(r"\b(?:because|when|if|although|unless|whereas)\b", definition, re.I):
        return None  # "an ionotropic receptor because when the ligand": a clause cut mid-way, not what X is
    if re.search(r"\bboth\b", definition, re.I) and not re.search(r"\band\b", definition, re.I):
        return None  # "Produce both hydrochloric acid": the second half was cut off
    if definition.count("(") != definition.count(")") or re.search(
        r"^(?:it|this|these|they)\b|\b(?:this|these)\b", definition, re.I
    ):
        return None
    called = re.search(
        rf"\b(?:called|known as|termed|named)\s+(?:the\s+|an?\s+)?{re.escape(text)}", sentence_text, re.I
    )
    if called and _FINITE_VERB.search(definition):
        return None  # "the interatrial septum bears an oval-shaped depression": not a definition
    # "a second septum between the two ventricles": "second" counts septa in the sentence before, not here.
    ordinal = re.match(r"^an?\s+(?:second|third|fourth|another|additional|further)\s+(?P<rest>\w.*)$", definition, re.I)
    if ordinal:
        rest = ordinal.group("rest")
        definition = f"{'an' if rest[:1].lower() in 'aeiou' else 'a'} {rest}"
    # "the kneecap and articulates with the distal femur": a name and a relation, two points, not one phrase.
    definition = re.sub(
        rf"^((?:the|an?)\s+[a-z\-]+(?:\s+[a-z\-]+)?)\s+and\s+(?=(?:{'|'.join(PLURAL_VERBS)})s\b)", r"\1; ", definition
    )
    content = [w.lower() for w in re.findall(r"[A-Za-z\-]+", definition) if w.lower() not in STOPWORDS]
    own = set(key.split()) | {w.rstrip("s") for w in key.split()}
    if all(w in own or w.rstrip("s") in own or w in COMMON_WORDS for w in content):
        return None
    return definition


def vague(definition: str) -> bool:
    """ "the narrower end", "the other one": a definition that names nothing without the sentence before it."""
    words = [w.lower() for w in re.findall(r"[A-Za-z\-]+", definition)]
    content = [w for w in words if w not in STOPWORDS]
    if any(w in _COMPARATIVES for w in words) and "than" not in words and len(content) <= 3:
        return True
    anchored = any(
        w in ("of", "in", "on", "at", "between", "that", "which", "from", "to", "with", "for", "by") for w in words
    )
    if not anchored and len(content) <= 3 and bool(content) and singular(content[-1]) in _PART_NOUNS:
        return True
    # "A wide groove", "A prominent bony extension": a shape with nothing that says where ("a simple squamous
    # epithelium" names a class and stays).
    if not anchored and len(content) <= 3 and bool(content) and singular(content[-1]) in _SHAPE_NOUNS:
        return True
    # "A variety of both B and T cells" (the clause saying which variety was cut off)
    return bool(re.match(r"^(?:an?|one)\s+(?:variety|type|kind|form|sort)\s+of\s+both\b", definition, re.I))


# Where a name ends in "... called the septum primum, ...": so "septum" is not taken for "septum primum".
_NAME_ENDS = r"(?=\s*(?:[,.;:)]|$)|\s+(?:of|that|which|and|or|in|on|at|is|are|to)\b)"
_RELATION = (
    r"(?:is|are)\s+(?:located|found|situated)|supplies|supply|drains|drain|receives|receive|pumps|pump|secretes|"
    r"secrete|produces|produce|lines|line|covers|cover|connects|connect|separates|separate|surrounds|surround|"
    r"protects|protect|articulates with|articulate with|prevents|prevent|carries|carry|transports|transport|"
    r"stores|store|forms|form|contains|contain|conducts|conduct|guards|guard|attaches|attach"
)


PLURAL_VERBS = {
    "supply", "drain", "receive", "pump", "secrete", "produce", "line", "cover", "connect", "separate", "surround",
    "protect", "articulate", "prevent", "carry", "transport", "store", "form", "contain", "conduct", "guard", "attach",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _description_pattern(kind: str, term: str) -> re.Pattern[str]:
    """The pattern of one kind of description for one term, compiled once (compiling is most of the cost)."""
    name = re.escape(term)
    if kind == "opening":
        return re.compile(rf"^(?:The\s+|An?\s+)?{name}s?\s+(?P<what>(?:{_RELATION})\b[^;]+)", re.I)
    if kind == "apposed":
        # "the pyloric sphincter, a strong ring of smooth muscle, ..." (not "the ulna, the radius, and ...")
        return re.compile(
            rf"\b{name}s?,\s+(?P<what>(?:an?|one)\s+[^,;.()]{{6,90}}?)(?:,(?!\s+(?:and|or|known as|called)\b)|\.|;)",
            re.I,
        )
    if kind == "called":
        # "folds called rugae": the noun phrase right before "called"
        return re.compile(
            rf"(?P<what>\b(?:an?)\s+[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){{0,5}})\s+(?:called|known as|termed)\s+"
            rf"(?:the\s+)?{name}{_NAME_ENDS}"
        )
    # "Chief cells—Located primarily in the basal regions of gastric glands are chief cells, which ...": where
    # the text puts it, as the bullet label's description.
    return re.compile(
        rf"^(?:[^—]{{2,40}}—\s*)?(?P<what>Located\s+(?:(?:primarily|mainly|mostly)\s+)?(?:in|at|on|along|within|"
        rf"near|between)\s+[^,]{{4,80}}?)\s+(?:is|are)\s+(?:the\s+)?{name}s?{_NAME_ENDS}",
        re.I,
    )


def _description_kinds(term: str, lowered: str) -> list[str]:
    """The kinds of description a sentence could hold for the term, by cheap tests, before any pattern."""
    kinds = []
    if re.match(rf"(?:the |an? )?{re.escape(term)}", lowered):
        kinds.append("opening")
    if lowered.startswith("located", lowered.find("—") + 1 if "—" in lowered[:42] else 0):
        kinds.append("located")
    if f"{term}," in lowered or f"{term}s," in lowered:
        kinds.append("apposed")
    if any(word in lowered for word in ("called", "known as", "termed")):
        kinds.append("called")
    return kinds


def described(term: Term, sentences: list[tuple[str, str]]) -> str | None:
    """A one-line description of a term the text never defines, from a sentence that opens with it and states
    where it is or what it does: "The coronary arteries supply blood to the myocardium ..." ->
    "supply blood to the myocardium and other components of the heart"."""
    key = term.text.lower()
    for text, lowered in sentences:
        if key not in lowered:
            continue
        for kind in _description_kinds(key, lowered):
            pattern = _description_pattern(kind, term.text)
            match = pattern.search(text) if kind in ("apposed", "called") else pattern.match(text)
            if not match:
                continue
            # "drains blood from regions superior to the diaphragm: the head, neck, upper limbs, and the thoracic
            # region": after a colon, ", and" closes the list rather than starting a new clause.
            cut = (
                r",\s*(?:which|but|whereas|while)\s|;|\s+\("
                if ":" in match.group("what")
                else (r",\s*(?:which|and|but|whereas|while)\s|;|\s+\(")
            )
            what = re.split(cut, match.group("what"))[0].strip(" ,.")
            words = what.split()
            if re.search(r"\bboth\b", what, re.I) and not re.search(r"\band\b", what, re.I):
                continue  # "produce both hydrochloric acid": the second half was cut off
            if (
                3 <= len(words) <= 20
                and words[-1].lower() not in STOPWORDS
                and not _FINITE_VERB.search(" ".join(words[1:]) if kind == "opening" else what)
            ):
                return what
    return None


def _nearest_named(description: str) -> str:
    """What a "known as"/"called" names is the nearest noun phrase: in "a remnant of an opening in the fetal
    heart known as the foramen ovale" the foramen ovale is the opening, not the remnant."""
    inner = re.search(r"\bof\s+(?P<inner>(?:an?)\s+.+)$", description)
    return inner.group("inner") if inner else description


def _full_name(term: Term) -> str:
    """The name as the defining sentence gives it, owner included: "styloid process of the radius", not
    "styloid process" (the ulna has one too)."""
    sentence = term.definition_sentence
    if sentence is None:
        return term.text
    named = re.search(
        rf"\b(?:called|known as|termed|named)\s+(?:the\s+)?(?P<name>{re.escape(term.text)}\s+of\s+the\s+[a-z]+)\b",
        sentence.text,
        re.IGNORECASE,
    )
    return named.group("name") if named else term.text


def shown_name(term: Term) -> str:
    """The term as a heading of its row: "Type I alveolar cell", not "Type i alveolar cell"."""
    name = re.sub(
        r"\b(type|class|grade) (i{1,3}|iv|v)\b", lambda m: f"{m.group(1)} {m.group(2).upper()}", _full_name(term)
    )
    return capital(name)
