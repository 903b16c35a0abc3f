"""Classification questions, the shape of many of the book's own review questions:

- which kind a thing is: "The mesothelium is an example of which type of epithelium?" (options: the kinds of
  epithelium the material names);
- which thing is of a kind: "Which of the following is an agranular leukocyte?" (key a member of that kind,
  distractors members of the sibling kinds the material names: neutrophils, eosinophils, basophils).

Membership comes only from what the material states in general textbook patterns ("A is an example of Y",
"Examples of Y include A, B and C", "Y include A and B", "There are two types of Y: A and B", "Another kind of Y is
A", "Y are classified as either A or B"). Kinds are siblings when they share a head noun ("simple squamous
epithelium", "transitional epithelium") or are listed together. A distractor is never something the material also
puts in the key's kind, and the explanation quotes the sentence that states the membership.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .analysis import Sentence, singular, words_of
from .context import is_back_matter
from .questions import Candidate, QuestionWriter, _display
from .vocabulary import STOPWORDS

_KIND_WORDS = frozenset("example examples instance instances type types kind kinds form forms variety".split())
# The kind of a thing: "an example of", "a type of", "another kind of".
_KIND = r"(?:example|examples|type|types|form|forms|kind|kinds|variety|group|groups|class|classes|category)"
_IS_KIND_OF = re.compile(
    rf"^(?P<member>.+?)\s+(?:is|are)\s+(?:(?:all|both|also|another|one)\s+)?(?:an?\s+|the\s+)?"
    rf"(?:common\s+|good\s+|typical\s+|classic\s+|important\s+)?{_KIND}\s+of\s+(?P<kind>.+)$",
    re.IGNORECASE,
)
_ANOTHER_KIND = re.compile(
    rf"^(?:Another|One|A second|A third)\s+(?:important\s+|common\s+|major\s+)?{_KIND}\s+of\s+(?P<kind>.+?)\s+"
    rf"(?:is|are)\s+(?:the\s+|an?\s+)?(?P<members>.+)$",
    re.IGNORECASE,
)
_EXAMPLES_INCLUDE = re.compile(
    r"^(?:(?:A\s+few|Some|Other|Common|Typical|An?|One|The\s+best|A\s+good|A\s+classic|A\s+common|Another)\s+)?"
    r"examples?\s+of\s+(?:an?\s+|the\s+)?(?P<kind>.+?)\s+(?:include|includes|are|is)\s+(?P<members>.+)$",
    re.IGNORECASE,
)
# "Examples are the metacarpophalangeal joints …", "Another example is the radiocarpal joint": of the heading's kind.
_EXAMPLES_ARE = re.compile(
    r"^(?:(?:Other|Another|Further|More)\s+)?examples?\s+(?:include|includes|are|is)\s+(?P<members>.+)$", re.IGNORECASE
)
# "There are three types of anchoring junctions: desmosomes, …", "The three major groups of lymphocytes include …"
_COUNTED_KINDS = re.compile(
    rf"^(?:There\s+are\s+|The\s+)?(?:two|three|four|five|six|seven|eight|several|many)\s+"
    rf"(?:(?:major|main|basic|different|principal)\s+)?{_KIND}\s+of\s+"
    rf"(?P<kind>[A-Za-z][\w\-]*(?:\s+(?!that\b|which\b|are\b|include\b)[A-Za-z][\w\-]*)?)"
    rf"(?:\s*:\s*|\s+(?:include|are)\s+|\s+that\s+[^:]*?\s+are\s+)(?P<members>.+)$",
    re.IGNORECASE,
)
_INCLUDE = re.compile(r"^(?P<kind>.+?)\s+(?:include|includes)\s+(?P<members>.+)$")
# "Exocrine glands are classified as either unicellular or multicellular", "Joints are divided into fibrous,
# cartilaginous, and synovial joints"
_CLASSIFIED_AS = re.compile(
    r"^(?P<kind>.+?)\s+(?:are|is|can\s+be)\s+(?:(?:structurally|functionally)\s+)?"
    r"(?:classified|divided|grouped|categorized|subdivided)\s+(?:as|into)\s+(?:either\s+)?"
    r"(?:(?:two|three|four|five|six)\s+(?:main\s+|major\s+)?(?:types|groups|classes|categories)\s*:?\s*)?"
    r"(?P<members>[\w\-]+(?:\s*,\s*[\w\-]+)*,?\s+(?:or|and)\s+[\w\-]+(?:\s+[\w\-]+)?)$",
    re.IGNORECASE,
)
# "Long bones, such as the femur and humerus, …": kept only for a kind the material names as a kind elsewhere
_SUCH_AS = re.compile(
    r"(?P<kind>\b[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,2}),?\s+such\s+as\s+(?P<members>[^,;()]+(?:,\s*(?:and\s+|or\s+)?[^,;()]+)*?)(?=,\s+(?!and\b|or\b)|[;.]|$)"
)
_TYPES_HEADING = re.compile(
    r"^(?:(?:The|Major|Main)\s+)?(?:Types|Kinds|Classes|Classification|Categories|Varieties)\s+of\s+(?P<whole>.+)$",
    re.IGNORECASE,
)
# "The humerus is one of the long bones": likewise
_ONE_OF = re.compile(
    r"^(?P<member>.+?)\s+(?:is|are)\s+(?:one|two|some|among)\s+of\s+the\s+(?P<kind>.+)$", re.IGNORECASE
)
# "The mesothelium is a simple squamous epithelium that …": only when the kind is one the material names elsewhere.
_IS_A = re.compile(r"^(?P<member>.+?)\s+(?:is|are)\s+(?:an?\s+)?(?P<kind>[a-z][\w\-]*(?:\s+[a-z][\w\-/]*){1,3})$")
# "… is a form of passive transport called simple diffusion"
_KIND_CALLED = re.compile(
    rf"\b(?:an?|one|another)\s+(?:common\s+)?{_KIND}\s+of\s+(?P<kind>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,2}})\s+"
    rf"(?:called|known\s+as|termed)\s+(?:the\s+|an?\s+)?(?P<member>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){{0,3}})"
)
# Where a noun phrase ends: a relative clause, a participle, a parenthesis.
_KIND_END = re.compile(
    r"\s*(?:;|\(|—|–|\b(?:that|which|who|where|whose|because|in|on|at|with|from|for|to|by|found|located|"
    r"used|formed|made|so-called|than|when|while|whereas|but)\b).*$"
)
_CLAUSE = re.compile(
    r"\s*(?:,|;|\(|—|–|\b(?:that|which|who|where|whose|because|in|on|at|with|from|for|to|by|found|located|"
    r"used|formed|made|so-called|than|when|while|whereas|but)\b).*$"
)
_WHICH_CLAUSE = re.compile(r",\s+(?:which|that|who)\b[^,]*")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_ITEMS = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# What follows a list's last item and is no item: "… joints between the phalanx bones of the fingers and toes"
_AFTER_ITEMS = re.compile(r"\s+(?:between|of|in|on|at|from|with|found|located|within|near|to)\b.*$")
_SERIES_END = re.compile(
    r"(?:,\s*|\s+)(?:found|located|situated|lying|between|where|which|that|whose|seen|formed|used)\b.*$"
)
_PLURAL_HEADS = frozenset("epithelia".split())
# "some of the skull bones": a share of a kind, not a member one can name
_QUANTIFIERS = frozenset("some many most several few other others certain various all each".split())
_PRONOUNS = frozenset("it its they them these those this that there here such both all each".split())
# Kinds of a process or tissue read "a form of active transport", not "an active transport".
_PROCESS_KINDS = frozenset("transport digestion secretion".split())
_MASS_HEADS = frozenset("transport diffusion secretion immunity respiration".split())
# Kinds of tissue: what belongs to one is made of it ("Which of the following is made of elastic cartilage?")
_TISSUE_HEADS = ("epithelium", "epithelia", "tissue", "cartilage")


@dataclass(frozen=True)
class Kind:
    key: str  # normalised: "granular leukocyte"
    text: str  # as written: "Granular leukocytes"

    @property
    def head(self) -> str:
        return singular(self.key.split()[-1])


@dataclass(frozen=True)
class Membership:
    member: str  # the name alone: "mesothelium", "neutrophils"
    written: str  # as the sentence writes it, article and all: "The mesothelium"
    kind: Kind  # the kind it belongs to: "simple squamous epithelium"
    sentence: Sentence
    under_heading: bool = False  # the material treats it under the kind's heading rather than saying so
    part: bool = False  # a structure under a region's heading (Larynx under "Conducting Zone"): part of it


def _clean(phrase: str) -> str:
    phrase = _PARENTHESES.sub("", phrase).strip(" .,:;")
    return re.sub(r"^(?:the|an?|this|these)\s+", "", phrase, flags=re.IGNORECASE).strip()


def _items(series: str) -> list[str]:
    """ "the elbow, knee, ankle, and interphalangeal joints between the phalanx bones of the fingers and toes" →
    the elbow, the knee, the ankle, interphalangeal joints; "pivot, hinge … and ball-and-socket joints" → pivot
    joints, hinge joints … (the head the last item names is every item's)."""
    series = _PARENTHESES.sub("", _WHICH_CLAUSE.sub("", series)).strip(" .")
    # "the atlantoaxial joint, found between the C1 and C2 vertebrae", "… between the trapezium and the first
    # metacarpal bone": what follows is about the last item, and its "and" joins no items.
    series = _SERIES_END.sub("", series)
    items = [i.strip() for i in _ITEMS.split(series) if i and i.strip()]
    if len(items) >= 2:
        # Each item ends at its own phrase ("the sutures of the skull" → the sutures); a bare word after an item with
        # such a phrase belongs to the phrase ("… the phalanx bones of the fingers and toes"), not to the list.
        tails = [bool(_AFTER_ITEMS.search(i)) for i in items]
        if tails[-2] and not re.match(r"^(?:the|an?)\s", items[-1], re.IGNORECASE):
            items, tails = items[:-1], tails[:-1]
        items = [_AFTER_ITEMS.sub("", i) for i in items]
    if not items:
        return []
    last = items[-1].split()
    describing = not re.match(r"^(?:the|an?)\s", items[0], re.IGNORECASE)  # "pivot, hinge …", not "the elbow, knee …"
    if describing and len(items) >= 2 and len(last) >= 2 and all(len(_clean(i).split()) == 1 for i in items[:-1]):
        head = last[-1]
        if head.lower() in _PLURAL_HEADS or singular(head) != head.lower():
            items = [f"{i} {head}" for i in items[:-1]] + [items[-1]]
    if re.match(r"^the\s", items[0], re.IGNORECASE):  # "the elbow, knee": the knee
        items = [i if re.match(r"^(?:the|an?)\s", i, re.IGNORECASE) else f"the {i}" for i in items]
    return items


class Classifier:
    """What belongs to which kind, per the material, and the questions that ask it."""

    def __init__(self, writer: QuestionWriter) -> None:
        self.writer = writer
        self.analysis = writer.analysis
        self.memberships: list[Membership] = []
        self.written: dict[str, str] = {}  # each kind and member as the material writes it
        self.parent: dict[str, Kind] = {}  # a kind's own kind: hinge joint → synovial joint
        self.listed_together: list[set[str]] = []  # kinds the material lists side by side
        for sentence in self.analysis.sentences:
            self._read(sentence)
        self._read_type_headings()
        self._read_is_a()
        self._read_headings()

    # --- reading the material ----------------------------------------------------------------------

    def _kind(self, phrase: str) -> Kind | None:
        """The kind a phrase names, whole: "this dry, keratinized, stratified squamous epithelium" → stratified
        squamous epithelium; never the tail of a longer phrase ("secretions from exocrine glands")."""
        phrase = _clean(_KIND_END.sub("", phrase).split(",")[-1])
        words = phrase.split()
        if not words or len(words) > 4 or any(w.lower() in STOPWORDS for w in words):
            return None
        if not re.fullmatch(r"[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*)*", phrase):
            return None
        kind = Kind(_key_of(phrase), phrase)
        if all(w[:1].isupper() and w[1:].islower() for w in phrase.split()):
            phrase = phrase.lower()  # a heading's Title Case: "Flat Bones" → flat bones
        self.written.setdefault(kind.key, phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase)
        return kind

    def _term(self, phrase: str) -> Kind | None:
        """A member that is a name ("natural killer cells", "thymus"), not a phrase ("the movement of glucose"); the
        name before "of the fingers" in "the metacarpophalangeal joints of the fingers"."""
        phrase = _clean(re.sub(r"\s+of\s+(?:the\s+)?[a-z]+$", "", phrase))
        words = phrase.split()
        if not words or len(words) > 4 or any(w.lower() in STOPWORDS for w in words):
            return None
        key = _key_of(phrase)
        if key not in self.analysis.terms and not self.analysis.lexicon.is_term(phrase):
            return None
        self.written.setdefault(key, phrase)
        return Kind(key, phrase)

    def _add(
        self, member: str, kind: Kind | None, sentence: Sentence, under_heading: bool = False, part: bool = False
    ) -> None:
        written = _PARENTHESES.sub("", member).strip(" .,:;")
        member = _clean(member)
        if kind is None or not member or len(member.split()) > 7:
            return
        if member.split()[0].lower() in _PRONOUNS | _QUANTIFIERS or _key_of(member) in (kind.key, kind.head):
            return  # "the cartilage (of the nose)" under hyaline cartilage: the whole class, no member
        if member.split()[-1].lower() in _KIND_WORDS:
            return  # "A good example is the elbow joint": "A good example" names no member
        if any(_key_of(m.member) == _key_of(member) and m.kind.key == kind.key for m in self.memberships):
            return  # stated once already
        self.memberships.append(Membership(member, written, kind, sentence, under_heading, part))

    def _subject_of(self, sentence: Sentence, phrase: str) -> str:
        """ "They include …" after "Granular leukocytes contain …": the kind the pronoun stands for."""
        if phrase.lower() in ("they", "these") and sentence.lead:
            from .relations import opening_subject

            return opening_subject(sentence.lead) or phrase
        return phrase

    def _read(self, sentence: Sentence) -> None:
        text = sentence.text.strip().rstrip(".")
        for called in _KIND_CALLED.finditer(text):
            self._add(called.group("member"), self._kind(called.group("kind")), sentence)
        if match := _COUNTED_KINDS.match(text):
            kind = self._kind(match.group("kind"))
            items = _items(match.group("members"))
            if kind is not None and items and all(_describing(i) for i in items):
                items = [f"{i} {kind.text}" for i in items]  # "skeletal, cardiac, and smooth" muscle tissue
            for item in items:
                self._add(item, kind, sentence)
            self._together(items, kind)
            return
        if match := _CLASSIFIED_AS.match(text):
            whole = self._kind(self._subject_of(sentence, match.group("kind")))
            if whole is not None:
                head = whole.text.split()[-1]
                items = [
                    i if singular(i.split()[-1]) == whole.head else f"{i} {head}"
                    for i in _items(match.group("members"))
                ]
                for item in items:
                    self._add(item, whole, sentence)
                self._together(items, whole)
            return
        if match := _EXAMPLES_INCLUDE.match(text):
            kind = self._kind(match.group("kind"))
            for item in _items(match.group("members")):
                self._add(item, kind, sentence)
            return
        if (match := _EXAMPLES_ARE.match(text)) and (kind := self._heading_kind(sentence)) is not None:
            for item in _items(match.group("members")):
                # a name, not an illustration ("Another example is a spoonful of sugar placed in a cup of tea")
                if self.analysis.lexicon.is_term(_clean(item)) or _key_of(item) in self.writer.keys:
                    self._add(item, kind, sentence, under_heading=True)
            return
        if match := _ANOTHER_KIND.match(text):
            kind = self._kind(match.group("kind"))
            for item in _items(_CLAUSE.sub("", match.group("members"))):
                self._add(item, kind, sentence)
            return
        if match := _IS_KIND_OF.match(text):
            kind = self._kind(match.group("kind"))
            for item in _items(match.group("member")):
                self._add(item, kind, sentence)
            return
        if match := _INCLUDE.match(text):
            subject = self._subject_of(sentence, match.group("kind"))
            kind = self._kind(subject)
            if kind is not None and kind.key in self._kinds_named_apart():
                for item in _items(match.group("members")):
                    if self._term(item) is not None:
                        self._add(item, kind, sentence)

    def _heading_kind(self, sentence: Sentence) -> Kind | None:
        """The kind a section's heading names ("Hinge Joints"), for "Examples are …" under it."""
        kind = self._kind(self.analysis.sections[sentence.section].heading or "")
        return kind if kind is not None and " " in kind.key else None

    def _together(self, items: list[str], parent: Kind | None = None) -> None:
        keys = {t.key for i in items if (t := self._kind(i)) is not None}
        if len(keys) >= 2:
            self.listed_together.append(keys)
            if parent is not None:
                for key in keys:
                    self.parent.setdefault(key, parent)

    def _kinds_named_apart(self) -> set[str]:
        """Kinds the material heads a section with beside a sibling ("Granular Leukocytes", "Agranular
        Leukocytes"): what follows "… include" under them are members."""
        found: set[str] = set()
        headed = [t for s in self.analysis.sections if s.heading and (t := self._kind(s.heading)) is not None]
        for term in headed:
            if any(o.key != term.key and o.head == term.head for o in headed):
                found.add(term.key)
        return found

    def _read_is_a(self) -> None:
        """ "The mesothelium is a simple squamous epithelium": a membership only where the kind is a term of a head
        the material names several kinds of (epithelium: stratified, transitional …)."""
        named = {m.kind.key for m in self.memberships} | self._kinds_named_apart()
        named |= {k for group in self.listed_together for k in group}
        heads = Counter(singular(k.split()[-1]) for k in named if " " in k)
        for sentence in self.analysis.sentences:
            for such in _SUCH_AS.finditer(sentence.text):
                kind = self._kind(such.group("kind"))
                if kind is not None and kind.key in named:
                    for item in _items(such.group("members")):
                        self._add(item, kind, sentence)
            if (found := _ONE_OF.match(sentence.text.strip().rstrip("."))) is not None:
                kind = self._kind(found.group("kind"))
                if kind is not None and kind.key in named:
                    self._add(found.group("member"), kind, sentence)
            text = _CLAUSE.sub("", sentence.text.strip().rstrip("."))
            match = _IS_A.match(text)
            if match is None:
                continue
            kind = self._kind(match.group("kind"))
            if kind is None or kind.key in {_key_of(match.group("member"))}:
                continue
            if re.search(rf"\b{_KIND}\s+of\b", match.group("member"), re.IGNORECASE):
                continue  # "An example of a pivot joint is the atlantoaxial joint": read the other way already
            if kind.key in named or (heads[kind.head] >= 2 and kind.key in self.analysis.terms):
                self._add(match.group("member"), kind, sentence)

    def _read_type_headings(self) -> None:
        """ "Types of Cartilage" followed by "Hyaline Cartilage", "Fibrocartilage", "Elastic Cartilage": the headings
        after it that name a kind of it are sibling kinds, up to the first that does not."""
        sections = self.analysis.sections
        for index, section in enumerate(sections):
            match = _TYPES_HEADING.match(section.heading or "")
            whole = self._kind(match.group("whole")) if match else None
            if whole is None:
                continue
            names: list[tuple[Kind, int]] = []
            for later_index in range(index + 1, len(sections)):
                named = self._kind(sections[later_index].heading or "")
                if named is None or whole.head not in named.key.split()[-1] or named.key == whole.key:
                    break  # "Lifecycle of Leukocytes", "Endocrine Glands": no longer a kind of it
                names.append((named, later_index))
            if len(names) < 2:
                continue
            for named, later_index in names:
                first = next((s for s in self.analysis.sentences if s.section == later_index and not s.leans), None)
                if first is not None:
                    self._add(named.text, whole, first, under_heading=True)
            self._together([n.text for n, _ in names], whole)

    def _read_headings(self) -> None:
        """Members the material treats under a kind's own heading: the short headings that follow "Conducting
        Zone" up to its sibling "Respiratory Zone" (Pharynx, Larynx, Trachea …), and, under a process kind
        ("Passive Transport"), the processes it defines there (osmosis, filtration)."""
        apart = self._kinds_named_apart()
        sections = self.analysis.sections
        for index, section in enumerate(sections):
            kind = self._kind(section.heading or "")
            if kind is None or kind.key not in apart:
                continue
            following = sections[index + 1 :]
            sibling_after = any(self._is_sibling_heading(later.heading, kind) for later in following)
            for later in following:
                if self._is_sibling_heading(later.heading, kind):
                    break  # the next sibling kind's own heading
                member = self._heading_name(later.heading, kind)
                if member is None:
                    if sibling_after:
                        continue  # "The Nose and its Adjacent Structures": a topic, still under the kind
                    break  # after the last sibling: "Lifecycle of Leukocytes" no longer belongs to it
                if not sibling_after and not self._other_kind_of_thing(member, kind):
                    break  # "Phalanges" after "Metatarsal Bones": a third kind of bone, not a member
                sentence = self._first_mention(member, [index, sections.index(later)])
                if sentence is not None:
                    self._add(member.text, kind, sentence, under_heading=True, part=True)
            if kind.head in _PROCESS_KINDS or kind.head.endswith(("sis", "tion")):
                for term in self.analysis.terms.values():
                    sentence = term.definition_sentence
                    if sentence is None or sentence.section != index or not _process(term.key):
                        continue
                    if term.key.split()[-1] == kind.head or _roots(term.key) & _roots(kind.key):
                        continue
                    self._add(term.text, kind, sentence, under_heading=True)

    def _is_sibling_heading(self, heading: str | None, kind: Kind) -> bool:
        named = self._kind(heading or "")
        return named is not None and named.key != kind.key and named.key in self._kinds_named_apart()

    def _other_kind_of_thing(self, member: Kind, kind: Kind) -> bool:
        """The vocabulary files the member under another kind of thing than the kind (alveoli: lung, not a zone;
        phalanges: foot bones, like tarsal bones)."""
        filed = self.analysis.lexicon.kind(member.text)
        return filed is not None and kind.head not in filed.lower() and filed != self.analysis.lexicon.kind(kind.text)

    def _heading_name(self, heading: str | None, kind: Kind) -> Kind | None:
        """A heading that is just a name ("Larynx", "Bronchial Tree"), not a topic ("Heart Valve Structure and
        Function") nor another kind of the same head."""
        if not heading or len(heading.split()) > 3 or is_back_matter(heading):
            return None
        named = self._kind(heading)
        if named is None or kind.head in named.key.split()[-1] or named.key in self._kinds_named_apart():
            return None  # "Fibrocartilage" after "Hyaline Cartilage": another kind of cartilage, not a part of it
        return named

    def _first_mention(self, member: Kind, sections: list[int]) -> Sentence | None:
        """The first sentence of those sections that names the member, to quote as the source."""
        pattern = re.compile(rf"\b{re.escape(member.key.split()[-1][:-1] or member.key)}", re.IGNORECASE)
        for sentence in self.analysis.sentences:
            if sentence.section in sections and not sentence.leans and pattern.search(sentence.text):
                return sentence
        return None

    # --- kinds and members -------------------------------------------------------------------------

    def kinds_of(self, head: str) -> set[str]:
        """Every kind the material names with this head noun: classes it puts things in, things it says are a kind
        of something, kinds it lists side by side or heads a section with."""
        named = {m.kind.key for m in self.memberships} | self._kinds_named_apart()
        named |= {t.key for m in self.memberships if (t := self._kind(m.member)) is not None}
        named |= {k for group in self.listed_together for k in group}
        return {k for k in named if singular(k.split()[-1]) == head and " " in k}

    def members(self, kind: str, seen: frozenset[str] = frozenset()) -> set[str]:
        """Everything the material puts in a kind, and in its own kinds ("B cells" are agranular leukocytes:
        lymphocytes are)."""
        direct = {_key_of(m.member) for m in self.memberships if m.kind.key == kind}
        found = set(direct)
        for member in direct - seen:
            found |= self.members(member, seen | {kind})
        return found

    def kinds_holding(self, member: str) -> set[str]:
        """Every kind the material puts this in, directly or through a kind in between; "recognition protein"
        is held where "cell recognition proteins" are (the same kind, named shorter)."""
        found: set[str] = set()
        frontier = {member}
        while frontier:
            current = frontier.pop()
            words = set(current.split())
            for m in self.memberships:
                named = _key_of(m.member)
                alias = len(words) >= 2 and words <= set(named.split()) and named.split()[-1] == current.split()[-1]
                same = named == current or alias
                if same and m.kind.key not in found:
                    found.add(m.kind.key)
                    frontier.add(m.kind.key)
        return found

    def groups(self) -> list[set[str]]:
        """Kinds the material sets side by side: listed together, or heading sections of their own."""
        apart = self._kinds_named_apart()
        by_head: dict[str, set[str]] = {}
        for key in apart:
            by_head.setdefault(singular(key.split()[-1]), set()).add(key)
        return [g for g in [*self.listed_together, *by_head.values()] if len(g) >= 2]

    def siblings(self, kind: Kind) -> list[str]:
        """Kinds beside this one, most alike first: same head noun, neither holds the other's words or members.
        When the material sets the kind beside others (endocrine or exocrine gland), only those, so no option
        sorts on another axis (a multicellular gland may be endocrine too)."""
        words = set(kind.key.split())
        groups = self.groups()
        own = [g for g in groups if kind.key in g]
        grouped = {k for g in groups for k in g}
        found = []
        for other in sorted(self.kinds_of(kind.head) | {k for g in own for k in g}):
            other_words = set(other.split())
            if other == kind.key or other_words <= words or words <= other_words:
                continue  # "simple epithelium" holds "simple squamous epithelium": both right
            holding = self.kinds_holding(other)
            if kind.key in holding or other in self.kinds_holding(kind.key):
                continue
            if own and not any(other in g for g in own):
                if other in grouped or holding & grouped:
                    continue
                if any(set(g.split()) < other_words for g in grouped):
                    continue  # "simple squamous epithelium" beside "simple epithelium": a simple one, another level
            alike = len((words & other_words) - {kind.head})
            stated = any(_key_of(m.member) == other for m in self.memberships)
            found.append((-alike, -stated, abs(len(other_words) - len(words)), other))
        return [other for *_, other in sorted(found)]


_FIGURE_STUB = re.compile(r"\s*\((?:[^()]*\b(?:in|see)\s*|\s*)\)")


def _quote(sentence: Sentence) -> str:
    """The sentence(s) that state the membership, without the stubs of dropped figures ("(see )")."""
    return _FIGURE_STUB.sub("", sentence.with_context or sentence.text)


def _describing(item: str) -> bool:
    """ "skeletal", "cartilaginous", "smooth": a describing word, not a name of its own."""
    words = _clean(item).split()
    return len(words) == 1 and (
        words[0].lower().endswith(("al", "ar", "ac", "ic", "ous", "oid", "ed", "ive", "ary", "ile"))
        or words[0] == "smooth"
    )


def _process(key: str) -> bool:
    """ "osmosis", "facilitated diffusion", "filtration": the name of a process."""
    return key.split()[-1].endswith(("sis", "tion", "sion"))


def _key_of(text: str) -> str:
    from .analysis import normalise_term

    return normalise_term(text)


def _roots(text: str) -> set[str]:
    return {w[:5] for w in words_of(text) if w not in STOPWORDS and len(w) >= 4}


def _article(text: str) -> str:
    return "an" if text[:1].lower() in "aeiou" else "a"


def _singular_phrase(text: str, analysis) -> str:
    """ "Neutrophils" → "Neutrophil" where the material writes the singular too."""
    words = text.split()
    one = singular(words[-1])
    known = analysis.word_counts.get(one, 0) > 0 or analysis.lexicon.is_term(" ".join(words[:-1] + [one]))
    if one != words[-1].lower() and known:
        return " ".join(words[:-1] + [one if words[-1].islower() else one.capitalize()])
    return text


class ClassificationQuestions:
    def __init__(self, writer: QuestionWriter) -> None:
        self.writer = writer
        self.analysis = writer.analysis
        self.classifier = Classifier(writer)

    def which_kind(self, membership: Membership) -> Candidate | None:
        """ "The mesothelium is an example of which type of epithelium?" — options the kinds the material names."""

        kind, member, sentence = membership.kind, membership.member, membership.sentence
        classifier = self.classifier
        holding = classifier.kinds_holding(_key_of(member))
        siblings = [s for s in classifier.siblings(kind) if s not in holding]
        if len(siblings) < 3 or sentence.with_context is None:
            return None
        if _roots(member) & (_roots(kind.key) - _roots(kind.head)):
            return None  # "Receptor-mediated endocytosis is endocytosis …": the stem says the key
        if any(re.search(rf"\b{re.escape(s)}", member.lower()) for s in [kind.key, *siblings]):
            return None  # a kind named in the stem
        wrong = [_singular_phrase(self._as_written(s), self.analysis) for s in siblings[:3]]
        answer = _singular_phrase(self._as_written(kind.key), self.analysis)
        head = kind.text.split()[-1].lower()
        parent = classifier.parent.get(kind.key)
        if parent is not None and all(classifier.parent.get(s, parent).key == parent.key for s in siblings[:3]):
            head = parent.key  # "which type of synovial joint", when every option is one
        verb = "are" if _plural_member(member) else "is"
        subject = _display(membership.written)
        frame = " ".join(head.split()[:-1] + [singular(head.split()[-1])]) if head != "epithelia" else head
        stem = f"{subject} {verb} an example of which type of {frame}?"
        where = f"treats it under “{kind.text}”" if membership.under_heading else "states"
        explanation = (
            f"{_display(answer)} is correct: the material {where}: “{_quote(sentence)}” "
            f"{_display(', '.join(wrong[:-1]))} and {wrong[-1]} are other kinds of {singular(head)} it names."
        )
        return self._candidate(stem, answer, wrong, explanation, sentence, kind, f"{kind.key}#kind:{member.lower()}")

    def which_member(self, kind: Kind, memberships: list[Membership]) -> Candidate | None:
        """ "Which of the following is an agranular leukocyte?" — distractors members of the sibling kinds."""

        classifier = self.classifier
        inside = classifier.members(kind.key) | {kind.key}
        keyed = [(m, t) for m in memberships if (t := classifier._term(m.member)) is not None]
        framed = _roots(kind.key) - _roots(kind.head)  # "hinge" in "… is a hinge joint?"; "joint" is every option's
        keyed = [(m, t) for m, t in keyed if not (_roots(t.key) & framed) and not m.sentence.leans]
        if not keyed:
            keyed = [(m, t) for m in memberships if (t := classifier._term(m.member)) is not None]
            keyed = [(m, t) for m, t in keyed if not (_roots(t.key) & framed) and m.sentence.with_context]
        if not keyed:
            return None
        membership, key_term = keyed[0]
        pools: list[list[str]] = []
        for sibling in classifier.siblings(kind):
            direct = [m.member for m in classifier.memberships if m.kind.key == sibling]
            nested = sorted(classifier.members(sibling) - {_key_of(m) for m in direct})
            pools.append(
                [
                    text
                    for text in direct + nested
                    if _key_of(text) not in inside
                    and kind.key not in classifier.kinds_holding(_key_of(text))
                    and classifier._term(text) is not None
                    and not _roots(text) & framed
                ]
            )
        wrong: list[str] = []
        # One member of each sibling kind first (a pivot, a condyloid, a saddle joint), then a second of each.
        for depth in range(max((len(p) for p in pools), default=0)):
            for pool in pools:
                if depth >= len(pool):
                    continue
                key = _key_of(pool[depth])
                words = set(key.split())
                # "Diffusion" beside "Simple diffusion": one point twice
                if any(words <= set(_key_of(w).split()) or set(_key_of(w).split()) <= words for w in wrong):
                    continue
                wrong.append(self._as_written(key))
        if len(wrong) < 3:
            return None
        wrong = [_singular_phrase(w, self.analysis) for w in wrong[:3]]
        answer = _singular_phrase(self._as_written(key_term.key), self.analysis)
        head = singular(kind.key.split()[-1])
        named = self._as_written(kind.key)
        named = " ".join(named.split()[:-1] + [singular(named.split()[-1])]).lower()
        if any(head.endswith(m) for m in _TISSUE_HEADS):  # "fibrocartilage" too
            stem = f"Which of the following is made of {named}?"  # the epiglottis, of elastic cartilage
        elif head in _MASS_HEADS | _PROCESS_KINDS:
            stem = f"Which of the following is a form of {named}?"
        elif membership.part:
            stem = f"Which of the following is part of the {named}?"  # Alveoli, under "Respiratory Zone"
        else:
            stem = f"Which of the following is {_article(named)} {named}?"
        sentence = membership.sentence
        explanation = f"{_display(answer)} is correct: the material states: “{_quote(sentence)}”"
        if membership.under_heading:
            explanation = (
                f"{_display(answer)} is correct: the material treats it under “{kind.text}”: “{_quote(sentence)}”"
            )
        # Why a distractor is wrong, in the fewest words the material has for it (a sentence that stands alone first).
        stated = [
            m
            for w in wrong
            for m in classifier.memberships
            if _key_of(m.member) == _key_of(w) and m.sentence.index != sentence.index
        ]
        stated.sort(key=lambda m: (m.under_heading, m.sentence.leans, len(_quote(m.sentence))))
        other = stated[0] if stated else None
        if other is not None:
            named = _display(_singular_phrase(self._as_written(_key_of(other.member)), self.analysis))
            if other.part:
                explanation += f" {named} is part of the {other.kind.text.lower()}: “{_quote(other.sentence)}”"
            elif other.under_heading:
                explanation += f" {named} is described under “{other.kind.text}”."
            else:
                explanation += f" {named} is listed under {other.kind.text.lower()}: “{_quote(other.sentence)}”"
        return self._candidate(stem, answer, wrong, explanation, sentence, kind, f"{key_term.key}#member")

    def _candidate(self, stem, answer, wrong, explanation, sentence, kind, key) -> Candidate | None:
        from studybuddy.generation.quality import question_problems

        if len({w.lower() for w in wrong} | {answer.lower()}) < 4:
            return None
        writer = self.writer
        question = writer._question(
            stem, answer, wrong, explanation, sentence, "medium", writer._tags(sentence, kind.text)
        )
        if question_problems(question, None):
            return None
        # Above a relation (1.2) and a definition (1.6): the section's core classification is what a teacher asks.
        term = self.analysis.terms.get(kind.key)
        informative = writer._informative(term) if term is not None else 0.0
        value = 2.2 + informative + self.analysis.sentence_scores[sentence.index]
        return Candidate(question, value, key, sentence.index, sentence.section, "classification")

    def _as_written(self, key: str) -> str:
        term = self.analysis.terms.get(key)
        return term.text if term is not None else self.classifier.written.get(key, key)

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        seen: set[str] = set()
        for membership in self.classifier.memberships:
            candidate = self.which_kind(membership)
            if candidate is not None and candidate.question.question_text not in seen:
                seen.add(candidate.question.question_text)
                found.append(candidate)
        by_kind: dict[str, list[Membership]] = {}
        for membership in self.classifier.memberships:
            by_kind.setdefault(membership.kind.key, []).append(membership)
        for memberships in by_kind.values():
            # Each member a key of its own, the least mentioned first: the section's other questions are more
            # likely about the prominent one (neutrophils), so asking for a basophil steals no key from them.
            order = {id(m): i for i, m in enumerate(memberships)}
            ranked = sorted(memberships, key=lambda m: (self._mentions(m.member), -order[id(m)]))  # a list's last
            for rank, membership in enumerate(ranked[:4]):
                candidate = self.which_member(membership.kind, [membership])
                if candidate is not None:
                    candidate.score -= 0.05 * rank
                    found.append(candidate)
        return found

    def _mentions(self, member: str) -> tuple[int, int]:
        """How many sentences name the member (the writer's own count), then how often the material uses it."""
        key = _key_of(member)
        term = self.analysis.terms.get(key)
        return len(self.writer._mentions.get(key, ())), term.count if term is not None else 0


def _plural_member(member: str) -> bool:
    last = member.split()[-1].lower()
    if last.endswith("ae") or (len(last) > 4 and last.endswith("i")):
        return True  # the scapulae, the menisci, the alveoli
    return singular(last) != last and not last.endswith(("is", "us", "ss"))


def classification_candidates(writer: QuestionWriter) -> list[Candidate]:
    """The classification questions the material supports (see the module's docstring)."""
    return ClassificationQuestions(writer).candidates()
