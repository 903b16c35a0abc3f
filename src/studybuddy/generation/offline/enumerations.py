"""The lists a text states, found the ways textbooks state them: inline ("the cardia, fundus, body, and pylorus"),
after a count and a colon ("three major regions: A, B and C"), after "consists of", "is divided into", "include",
"called", in bullets or numbered lines under a lead-in, and the classic mnemonics a text quotes ("A helpful
mnemonic ... is “So Long To Pinky, Here Comes The Thumb.”").

Only what the material states exactly: a list whose stated count disagrees with its items, or whose items read
like clauses rather than names, is left out — a mnemonic built on a misread list teaches the wrong thing.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studybuddy.extract.document import Section

from .context import split_sentences

if TYPE_CHECKING:
    from .analysis import Analysis
from .vocabulary import STOPWORDS

MIN_ITEMS, MAX_ITEMS = 3, 12
_COUNTS = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "two": 2,
}  # fmt: skip
_COUNT_WORDS = "|".join([*_COUNTS, r"\d{1,2}"])
# Words that grade or qualify a count ("three major regions") and say nothing about what is counted.
_QUALIFIERS = {"main", "major", "basic", "distinct", "different", "principal", "primary", "small", "large", "smaller"}
_POSITIONS = {
    "superior", "middle", "inferior", "anterior", "posterior", "proximal", "distal", "medial", "lateral", "left",
    "right", "upper", "lower", "first", "second", "third", "fourth", "fifth", "outer", "inner", "external",
    "internal", "deep", "superficial", "greater", "lesser", "ascending", "descending", "transverse", "septal",
}  # fmt: skip
_PRONOUN_SUBJECTS = {"these", "they", "those", "it", "this", "which", "there"}
_ITEM_STOPWORDS = STOPWORDS - {"of", "i"}  # "type I alveolar cells"
# What may stand right before a list: the verbs and phrases textbooks introduce lists with.
_INTRO = re.compile(
    r"(?:\b(?:include|includes|including|consist of|consists of|consisting of|composed of|comprise|comprises|"
    r"comprising|divided into|divide it into|grouped into|classified into|contains|contain|containing|are|is|"
    r"called|named|known as|termed|namely)\b|:|—|–|,)",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)|\s*[“\"][^”\"]{0,40}[”\"](?=\s*[,)]|\s+and\b|\s+or\b|\s*$)")
_WORD = r"[A-Za-z][A-Za-z0-9\-’']*"
_ITEM = rf"(?:(?:the|an?)\s+)?{_WORD}(?:\s+{_WORD}){{0,4}}"
_SERIES = re.compile(rf"(?P<items>{_ITEM}(?:\s*,\s*{_ITEM}){{1,11}}\s*,?\s+(?:and|or)\s+{_ITEM})")
_BULLET = re.compile(r"^\s*(?:[•\-*–·▪◦]|\d{1,2}[.)]|[a-z][.)])\s+(?P<text>.+)$", re.DOTALL)
_QUOTED = re.compile(r"[“\"](?P<phrase>[^”\"]{8,120})(?:[”\"]|$)")  # a sentence split may take the closing quote


@dataclass(frozen=True)
class Enumeration:
    topic: str  # what the items are, in the material's words ("regions of the pharynx")
    items: tuple[str, ...]  # exactly as stated, in order
    excerpt: str  # the passage stating it
    section: int  # index of the section it is in
    quoted_mnemonic: str | None = None  # a mnemonic the material itself gives for these items


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z\-’']*", text)


def _clean_item(item: str) -> str:
    return re.sub(r"^(?:the|an?)\s+", "", item.strip(" ,.;:"), flags=re.IGNORECASE).strip()


def _is_name(item: str) -> bool:
    words = item.lower().split()
    return (
        0 < len(words) <= 4
        and item[:1].isalpha()
        and not any(w in _ITEM_STOPWORDS for w in words)
        and words[0] not in _PRONOUN_SUBJECTS
        and words[-1] != "of"
        and item[-1:].isalnum()
    )


def _count_phrase(text: str) -> tuple[int, str] | None:
    """The last "<count> <noun phrase>" in ``text``: (3, "regions") for "divided into three major regions",
    (4, "regions in the stomach") for "four main regions in the stomach"."""
    found = None
    # "three cuneiform (“wedge-shaped”) bones": the gloss in brackets is not part of what is counted.
    text = re.sub(r"\s*\([^()]*\)", "", text)
    for match in re.finditer(rf"\b({_COUNT_WORDS})\s+", text, re.IGNORECASE):
        count_text = match.group(1).lower()
        count = int(count_text) if count_text.isdigit() else _COUNTS[count_text]
        tokens = re.findall(rf"{_WORD}|,", text[match.end() :])[:9]
        words: list[str] = []
        for position, token in enumerate(tokens):
            lower = token.lower()
            if token == ",":
                if words and words[-1] in _QUALIFIERS | {"smaller", "paired"}:
                    continue  # "three smaller, paired cartilages"
                break
            if lower in ("in", "of") and words and tokens[position + 1 : position + 2] == ["the"]:
                place = [t for t in tokens[position + 2 : position + 4] if t != "," and t.lower() not in STOPWORDS]
                if place:
                    words += [lower, "the", *place[:2]]
                break
            if (
                lower == "of"
                and words
                and tokens[position + 1 : position + 2] not in (["unequal"], ["equal"], ["varying"])
            ):
                rest = tokens[position + 1 : position + 4] + ["", "", ""]
                if rest[0] not in ("", ",") and rest[0].lower() not in STOPWORDS:
                    words += ["of", rest[0]]
                    # "phases of gastric secretion are": a second word only where the phrase visibly ends
                    if (
                        rest[1] not in ("", ",")
                        and rest[1].lower() not in STOPWORDS
                        and (rest[2] in ("", ",") or rest[2].lower() in STOPWORDS)
                    ):
                        words.append(rest[1])
                break
            if lower == "by" and words and [t.lower() for t in tokens[position + 1 : position + 2]] == ["which"]:
                # "three mechanisms by which ATP can be regenerated": mechanisms of what the clause says
                clause = []
                for later in tokens[position : position + 7]:
                    if later == ",":
                        break
                    clause.append(later)
                    if later.lower().endswith("ed"):
                        words += clause
                        break
                break
            if lower in STOPWORDS:
                break
            words.append(lower if lower in _QUALIFIERS else token)
        if words:
            found = (count, " ".join(words))
    return found


def _subject(intro: str) -> str | None:
    """The noun phrase a list-introducing verb has as subject: "The wall of the heart" in "The wall of the heart
    is composed of"."""
    intro = re.sub(r",\s*(?:running|from|located|lying|which|that|as)\b[^,]*,", "", intro)
    match = re.match(
        r"^\s*(?:(?:In|Within)\s[^,]{1,40},\s*)?(?P<subject>(?:The|An?|Each)\s+[^,;:]{2,60}?)\s+(?:is|are|consists?|"
        r"has|have|contains?|comprises?|includes?)\b",
        intro,
    )
    if not match:
        return None
    subject = re.sub(r"^(?:The|An?|Each)\s+", "", match.group("subject"))
    if match.group("subject").startswith("Each "):
        # "Each paranasal sinus is named for its bone: frontal sinus, ...": the list is of the sinuses
        subject += "es" if subject.endswith(("s", "x", "ch", "sh")) else "s"
    return None if subject.lower().split()[0] in _PRONOUN_SUBJECTS else subject


def _opening_noun(sentence: str) -> str | None:
    """ "The great cardiac vein initially parallels the ..." -> "great cardiac vein": the words after the article,
    up to a function word, an adverb, or the verb before an object."""
    words = sentence.split()
    if not words or words[0].lower() not in ("the", "a", "an"):
        return None
    noun: list[str] = []
    for position, word in enumerate(words[1:6], start=1):
        following = words[position + 1].lower() if position + 1 < len(words) else ""
        if word.lower() in STOPWORDS or word.endswith(("ly", ",")) or following in ("the", "a", "an"):
            break
        noun.append(word)
    return " ".join(noun) or None


def _included(intro: str, previous: str) -> str | None:
    """ "It receives several major branches, including": branches of what "It" is, named in the sentence before
    ("The coronary sinus is a large, thin-walled vein ...") -> "branches of the coronary sinus"."""
    match = re.search(rf"(?P<noun>{_WORD})\s*,?\s+including\s*$", intro)
    if match is None or match.group("noun").lower() in STOPWORDS:
        return None
    owner = _subject(intro)
    if owner is None and re.match(r"^\s*(?:It|They|This)\b", intro):
        owner = _subject(previous) or _opening_noun(previous)
    return f"{match.group('noun')} of the {owner}" if owner else None


def _topic(intro: str, previous: str, items: list[str]) -> str | None:
    included = _included(intro, previous)
    if included:
        return included
    counted = _count_phrase(intro)
    if counted is None and re.match(r"^\s*(?:From [^,]+,\s*)?(?:these|they|those)\b", intro, re.IGNORECASE):
        counted = _count_phrase(previous)  # "The wall is composed of three layers. ... these are the A, B and C."
        intro = previous
    subject = _subject(intro)
    if counted is not None:
        count, noun = counted
        if count != len(items):
            return None  # "has two phalanges, a proximal phalanx, and a distal phalanx": not a list of three
        noun_words = [w for w in noun.split() if w.lower() not in _QUALIFIERS]
        noun = " ".join(noun_words) or noun
        if subject and " in " not in noun and " of " not in noun and subject.lower() not in noun.lower():
            return f"{noun} of the {subject}"
        return noun
    if subject:
        return subject
    leading = re.match(rf"^\s*(?P<phrase>(?:{_WORD}\s+){{0,5}}{_WORD})\s+(?:include|includes|are|consist)\b", intro)
    if leading and leading.group("phrase").split()[0].lower() not in _PRONOUN_SUBJECTS | {"the", "a", "an"}:
        return leading.group("phrase")
    return None


def _split_items(series: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", series)
    return [_clean_item(p) for p in parts if p.strip()]


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _shared_head(items: list[str], counted_noun: str | None) -> tuple[list[str], str | None]:
    """ "the superior, middle, and inferior nasal conchae", "the cephalic, gastric, and intestinal phases": the
    items are kinds of one head noun, written once after the last."""
    *first, last = items
    last_words = last.split()
    if len(last_words) < 2 or not all(len(i.split()) == 1 for i in first):
        return items, None
    head = " ".join(last_words[1:])
    counted_head = _singular(counted_noun.split(" of ")[0].split()[-1]) if counted_noun else None
    if all(i.lower() in _POSITIONS for i in first) or counted_head == _singular(last_words[-1]):
        return [*first, last_words[0]], head
    return items, None


def _topic_from_head(items: list[str], previous: str) -> str | None:
    """ "These glands are made up of a variety of secretory cells. These include parietal cells, chief cells, ...":
    the items share a head noun ("cells") that the previous sentence names with its qualifier."""
    heads = {_singular(i.split()[-1]) for i in items}
    if len(heads) != 1:
        return None
    head = heads.pop()
    named = re.findall(rf"\b([A-Za-z\-]+\s+{re.escape(head)}s?)\b", previous, re.IGNORECASE)
    for phrase in reversed(named):
        if phrase.split()[0].lower() not in STOPWORDS:
            return phrase
    return None


def _semicolon_list(sentence: str, previous: str, section: int) -> Enumeration | None:
    """ "These consist of the arm, located between ...; the forearm, which is ...; and the hand, which is ...":
    each item is the name opening one of the semicolon-separated parts."""
    intro = re.search(
        r"\b(?:consist of|consists of|include|includes|are|is divided into|are divided into):?\s+", sentence
    )
    if intro is None or sentence.count(";") < 2:
        return None
    parts = sentence[intro.end() :].split(";")
    items = [_clean_item(re.split(r",|\s+which\b|\s+that\b", re.sub(r"^\s*and\s+", "", p))[0]) for p in parts]
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS or not all(_is_name(i) and len(i.split()) <= 3 for i in items):
        return None
    topic = _topic(sentence[: intro.end()], previous, items)
    excerpt = _with_lead(sentence[: intro.end()], previous, sentence)
    return Enumeration(_tidy_topic(topic), tuple(items), excerpt, section) if topic else None


def _with_lead(intro: str, previous: str, sentence: str) -> str:
    """The sentence, after the one it leans on when it opens with "These ..." (which names what is listed)."""
    leans = re.match(r"^\s*(?:From [^,]+,\s*)?(?:these|they|those|it)\b", intro, re.IGNORECASE)
    return f"{previous} {sentence}" if leans and previous else sentence


def _inline_lists(sentence: str, previous: str, section: int) -> list[Enumeration]:
    semicolons = _semicolon_list(sentence, previous, section)
    found: list[Enumeration] = [semicolons] if semicolons else []
    cleaned = _PARENTHETICAL.sub("", sentence)
    taken_until = 0
    for intro_match in _INTRO.finditer(cleaned):
        start = intro_match.end()
        match = _SERIES.match(cleaned, start + len(cleaned[start:]) - len(cleaned[start:].lstrip()))
        if match is None or match.start() < taken_until:
            continue
        intro = cleaned[: intro_match.end()]
        counted = _count_phrase(intro)
        if intro_match.group(0) in ("—", "–") and counted is None and cleaned[match.end() :].startswith(("—", "–")):
            # "The functions of the nervous system—sensation, integration, and response—depend on ...": the
            # dashes set the list off as an apposition of the phrase before them.
            apposed = re.sub(r"^(?:The|An?)\s+", "", intro[:-1].strip())
            counted = (len(_split_items(match.group("items"))), apposed)
        if intro_match.group(0) in (",", "—", "–") and counted is None:
            # "Only three of these bones, the scaphoid, lunate, and triquetrum, contribute": an appositive needs
            # its count, or any comma-separated clause would pass for a list.
            continue
        items, head = _shared_head(_split_items(match.group("items")), counted[1] if counted else None)
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS or not all(_is_name(i) for i in items):
            continue
        if len(items[-1].split()) > max(len(i.split()) for i in items[:-1]) + 1:
            continue  # the last "item" ran on into the rest of the sentence
        topic = head if head and " " in head else None
        topic = topic or _topic(intro, previous, items) or head or _topic_from_head(items, previous)
        if topic is None and intro_match.group(0) in ("—", "–") and counted is not None:
            topic = counted[1]
        if topic is None:
            continue
        if intro_match.group(0) in ("—", "–") and " of " not in topic and " in " not in topic:
            # "Three large cartilage pieces—the thyroid cartilage, epiglottis, and cricoid cartilage—form the major
            # structure of the larynx": they are the larynx's cartilages, which the label should say.
            whole = re.match(
                r"^[—–]\s*(?:form|forms|make up|makes up|constitute|compose)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?of\s+"
                r"the\s+(?P<owner>[A-Za-z\-]+)\b",
                cleaned[match.end() :],
            )
            if whole:
                topic = f"{topic} of the {whole.group('owner')}"
        if head is None:
            # "... are the scaphoid, lunate, triquetrum, and pisiform bones": the head noun names the kind.
            last = items[-1].split()
            firsts = {_singular(i.split()[-1]) for i in items[:-1]}
            if (
                len(last) > 1
                and _singular(last[-1]) not in firsts
                and _singular(last[-1]) in (_singular(topic.split()[-1]), "bone", "cell", "layer", "region")
            ):
                items[-1] = " ".join(last[:-1])
        taken_until = match.end()
        found.append(Enumeration(_tidy_topic(topic), tuple(items), _with_lead(intro, previous, sentence), section))
    return found


def _tidy_topic(topic: str) -> str:
    topic = re.sub(r"^(?:the|an?|these|those)\s+", "", topic.strip(" ,:;"), flags=re.IGNORECASE)
    topic = re.sub(r"^(?:a\s+)?(?:few\s+|some\s+)?examples\s+of\s+(.+)$", r"\1 (examples)", topic, flags=re.IGNORECASE)
    words = topic.split()
    if len(words) > 9:
        topic = " ".join(words[:9])
    return topic[:1].upper() + topic[1:]


_VERBS_BEFORE_LIST = {
    "requires", "require", "needs", "need", "include", "includes", "are", "is", "has", "have", "contains", "contain",
    "following", "several", "some", "many", "various", "these", "those", "as", "the", "of", "into",
}  # fmt: skip


def _trailing_noun(text: str) -> str | None:
    """ "erythrocyte production also requires several trace elements:" -> "trace elements"."""
    words = _words(text.rstrip(" :"))
    noun: list[str] = []
    for word in reversed(words[-4:]):
        if word.lower() in _VERBS_BEFORE_LIST or word.lower() in STOPWORDS:
            break
        noun.insert(0, word)
    return " ".join(noun) or None


def _needed_for(lead_in: str) -> str | None:
    """ "Erythrocyte production also requires several trace elements:" -> "Needed for erythrocyte production":
    the lead-in's noun is the book's loose word for the group (B vitamins are no trace element), while what the
    items are needed for is exactly what it states."""
    match = re.match(
        r"^(?:(?:However|In addition|Also|Finally|Similarly),\s*)?(?:the\s+)?(?P<subject>[A-Za-z][A-Za-z\- ]{2,60}?)\s+"
        r"(?:also\s+)?(?:requires?|needs?)\b",
        lead_in,
        re.IGNORECASE,
    )
    if match is None:
        return None
    subject = match.group("subject")
    words = subject.lower().split()
    if len(words) > 5 or words[0] in _PRONOUN_SUBJECTS or any(w in STOPWORDS - {"of"} for w in words):
        return None
    return f"needed for {subject[:1].lower() + subject[1:] if not subject[1:2].isupper() else subject}"


def _bullet_lists(paragraphs: list[str], section: int) -> list[Enumeration]:
    """A lead-in ending with a colon, then bullet or numbered lines, each starting with its term ("- Iron. ...")."""
    found = []
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.rstrip().endswith(":"):
            continue
        items = []
        for line in paragraphs[index + 1 :]:
            bullet = _BULLET.match(line)
            if not bullet:
                break
            text = bullet.group("text").strip()
            head = _clean_item(re.split(r"(?<=[A-Za-z0-9)])[.:]\s|\s[–—-]\s", text, maxsplit=1)[0])
            if not _is_name(head):
                break  # a bullet of prose: the named items, if any, ended before it
            items.append(head)
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            continue
        lead_in = split_sentences(paragraph)[-1]
        counted = _count_phrase(lead_in)
        topic = counted[1] if counted and counted[0] == len(items) else _needed_for(lead_in) or _trailing_noun(lead_in)
        if not topic:
            continue
        # The lead-in is what can be quoted exactly; the bullets' labels are the expansion.
        found.append(Enumeration(topic=_tidy_topic(topic), items=tuple(items), excerpt=lead_in, section=section))
    return found


def _initials(words: list[str]) -> str:
    return "".join(w[0].upper() for w in words if w[:1].isalpha())


def _quoted_mnemonics(sentences: list[str], section: int) -> list[Enumeration]:
    """The material's own mnemonic: a quoted phrase near the word "mnemonic", whose initials spell the items
    listed (in brackets or inline) in the sentences that follow it."""
    found = []
    for index, sentence in enumerate(sentences):
        if "mnemonic" not in sentence.lower():
            continue
        quoted = _QUOTED.search(sentence)
        if not quoted:
            continue
        phrase = quoted.group("phrase").strip(" .,")
        initials = _initials(_words(phrase))
        if not MIN_ITEMS <= len(initials) <= MAX_ITEMS:
            continue
        nearby = " ".join(sentences[index : index + 3])
        items: list[str] = []
        for group in re.findall(r"\(([^()]+)\)", nearby):
            parts = _split_items(group)
            if len(parts) >= 2 and all(_is_name(p) for p in parts):
                items.extend(parts)
        if _initials(items) != initials:
            continue
        topic = re.search(r"mnemonic for (?:remembering |recalling )?(?P<topic>[^“\"]{3,80}?)\s+(?:is|was)\b", sentence)
        found.append(
            Enumeration(
                topic=_tidy_topic(topic.group("topic") if topic else "the list"),
                items=tuple(items),
                excerpt=sentence,
                section=section,
                quoted_mnemonic=phrase,
            )
        )
    return found


def stated_lists(sections: list[Section]) -> list[Enumeration]:
    """Every list of 3-12 names the sections state, in reading order, each list once; a list contained in a
    longer one the text also states (three of the four carpal bones of a row) is left to the longer one."""
    found: list[Enumeration] = []
    for index, section in enumerate(sections):
        paragraphs = [p.strip() for p in section.text.split("\n\n") if p.strip()]
        sentences = [s for p in paragraphs for s in split_sentences(p)]
        found += _quoted_mnemonics(sentences, index)
        found += _bullet_lists(paragraphs, index)
        for position, sentence in enumerate(sentences):
            found += _inline_lists(sentence, sentences[position - 1] if position else "", index)
    kept: list[Enumeration] = []
    for candidate in found:
        items = [i.lower() for i in candidate.items]
        if any(_contains(other, items) for other in kept):
            continue
        kept = [k for k in kept if not _contains(items, [i.lower() for i in k.items])]
        kept.append(candidate)
    return sorted(kept, key=lambda e: (e.section, found.index(e)))


def _contains(longer: list[str] | Enumeration, shorter: list[str]) -> bool:
    items = [i.lower() for i in longer.items] if isinstance(longer, Enumeration) else longer
    return set(shorter) <= set(items)


_FOUND: weakref.WeakKeyDictionary[Analysis, list[Enumeration]] = weakref.WeakKeyDictionary()


def lists_in(analysis: Analysis) -> list[Enumeration]:
    """``stated_lists`` of the analysed document, found once and shared by mnemonics, notes and cheat sheet."""
    found = _FOUND.get(analysis)
    if found is None:
        found = _FOUND[analysis] = stated_lists(analysis.sections)
    return found


def _singular_word(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def counted_sets(analysis: Analysis) -> list[Enumeration]:
    """Sets the material counts under their own heading and then names one by one over several sentences: under
    "Tarsal Bones", "... formed by seven tarsal bones", then the talus, the calcaneus, the cuboid bone, the
    navicular bone and the three cuneiform bones it lists. A set is kept only when the names found (in the order
    the text first names them) are exactly as many as it counts: otherwise a mnemonic would teach a wrong set."""
    found = []
    headings = [s.heading or "" for s in analysis.sections]
    stated = lists_in(analysis)
    for index, section in enumerate(analysis.sections):
        heading = headings[index].strip()
        words = heading.lower().split()
        if not 2 <= len(words) <= 3:
            continue
        counted = re.search(rf"\b({_COUNT_WORDS})\s+{re.escape(heading.lower())}\b", section.text.lower())
        if counted is None:
            continue
        number = counted.group(1)
        count = int(number) if number.isdigit() else _COUNTS[number]
        kind = _singular_word(words[-1])  # "bone"
        elsewhere = {w for i, h in enumerate(headings) if i != index for w in re.findall(r"[a-z]+", h.lower())}
        text = section.text
        lowered = text.lower()
        here = [e for e in stated if e.section == index]
        names: dict[str, int] = {}
        for match in re.finditer(rf"\b([a-z]+)\s+{kind}s?\b", lowered):
            name = match.group(1)
            if (
                name in STOPWORDS
                or name in words
                or name in elsewhere
                or name in _POSITIONS
                or name in _QUALIFIERS
                or name.endswith("est")
                or (
                    name not in analysis.terms
                    and _singular_word(name) not in analysis.terms
                    and not any(name in e.topic.lower() for e in here)
                )
                or re.search(rf"\(\s*{name}\s+{kind}", lowered)  # "calcaneus (heel bone)": a second name
            ):
                continue
            if (first := re.search(rf"\b{name}\b", lowered)) is not None:
                names.setdefault(name, first.start())
        items: list[str] = []
        for name in sorted(names, key=lambda n: names[n]):
            group = next((e for e in here if name in e.topic.lower()), None)
            items += [i for i in group.items] if group else [name]
        if len(items) == count and len(set(items)) == count:
            sentence = next((s for s in split_sentences(text) if counted.group(0) in s.lower()), counted.group(0))
            topic = heading[:1].upper() + heading[1:].lower()  # "Tarsal bones", as a label reads
            found.append(Enumeration(topic=topic, items=tuple(items), excerpt=sentence, section=index))
    return found
