"""Context repair: turning a section's raw text into sentences that can stand alone, before anything is written.

Extracted text is not prose yet. OCR and PDF layout break lines mid-sentence ("mediasti-\\nnum"); bullets lose the
lead-in that gives them a subject; sentences lean on the one before ("It", "This region", "However, …"); figure
names are stripped and leave stubs ("shows the position of the heart", "as seen in ."); reference lists look
like sentences; and a naive splitter cuts "type O. People…" wrongly or merges "angiotensin I. Angiotensin I…".
Everything the offline engine writes (questions, cheat sheets, notes) reads these repaired sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Headings of back matter: nothing under them is study material.
BACK_MATTER = re.compile(
    r"^\s*(?:references?|bibliography|works cited|further reading|suggested reading|sources|citations|"
    r"acknowledg(?:e)?ments?|image credits?|credits|notes and references)\s*:?\s*$",
    re.IGNORECASE,
)
# Abbreviations a sentence does not end at. Single capital letters are deliberately absent: "type O." and
# "angiotensin I." end sentences far more often in a textbook than a person's initial does.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc fig figs vs dr approx ca no nos st al cf viz mr mrs ms prof resp approx. ref refs vol pp ed eds"
    " jr sr inc ltd dept univ".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]?\s+(?=[\"“(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-•*▪●◦‣–—]|\(?\d{1,2}[.)]|\(?[a-hA-H][.)])\s+")
# Words that open a sentence and only link it to the one before: dropped, the rest stands alone.
_CONNECTIVE = re.compile(
    r"^(?:However|In addition|Additionally|Also|Thus|Therefore|Furthermore|Moreover|Similarly|Likewise|"
    r"Consequently|As a result|In contrast|By contrast|Instead|Hence|In turn|Finally|Again|Still|Nevertheless|"
    r"Indeed|Of course|For this reason|In other words|That is|Overall|In fact|Specifically|In particular|"
    r"First|Second|Third|Fourth|Fifth|Firstly|Secondly|Thirdly|Lastly|Next|Then|For example|For instance|"
    r"As mentioned(?: earlier| above| before| previously)?|As noted(?: earlier| above| before| previously)?|"
    r"As discussed(?: earlier| above| before| previously)?|"
    r"For (?:the )?reasons? (?:mentioned|given|described|noted|discussed) (?:earlier|above|before|previously)|"
    r"Interestingly|Importantly|Notably|Fortunately|Unfortunately|In summary|In short),\s+",
)
# "funnel-shaped", "pulley-like", "finger-like": a shape the book compares a structure to.
_LIKENESS = re.compile(r"\b([A-Za-z]{3,})-(?:shaped|like)\b")
# A sentence whose subject is a word pointing back: alone, it cannot be understood.
_LEANS = re.compile(
    r"^(?:It|Its|They|Their|Them|This|These|That|Those|Such|Here|There|Both of|Either of|Neither of|The latter|"
    r"The former|The same|The other|The remaining|Another|One of these|Some of these|All of these|Each of these|"
    r"Both of these|In this way|In this case|To do this|He|She|His|Her)\b"
    # "Both enable the oxidation of iron …" (both of what?), unlike "Both the greater and lesser tubercles …";
    # "Then the channel closes …", "So another way …": a step or a conclusion of the passage before.
    r"|^Both\s+(?!(?:the\s+)?[\w-]+\s+and\b)|^(?:Then|So)\s+(?!that\b|far\b|much\b)"
    # "Because of this, depolarization spreading back …": a consequence of what the sentence before said.
    r"|^(?:Because of|Due to|As a result of|In spite of|Despite|Unlike|Like)\s+(?:this|that|these|those|it|them)\b"
    # "Having an internal body temperature around 98.6° F thus aids in diffusion": "thus" before the main verb
    # concludes from the sentence before.
    r"|^[A-Z][^,;]{3,80}?\s(?:thus|therefore|hence)\s+(?:also\s+)?[a-z]+s\b"
)
# "A concentration gradient acts on K+, as well.": the same is said of something in the sentence before.
_AS_WELL = re.compile(r",?\s+(?:as well|too)\s*[.!]?$")
# "About 76 percent dissolves in the plasma …": a share with no whole; the whole is in the sentence before.
_BARE_SHARE = re.compile(
    r"^(?:About|Approximately|Nearly|Roughly|Only|Almost|Over|Under)?\s*\d[\d.,]*\s*(?:percent|%)\s+(?!of\b)[a-z]+"
)
# "The machine calibrates …", "The device works by …": a general noun standing for a thing the sentence before
# named; alone, the reader cannot tell which machine. "The process of X …" names its own referent.
_SHELL_SUBJECT = re.compile(
    r"^The\s+(?:machine|device|instrument|apparatus|process|procedure|condition|disorder|result|effect|change|"
    r"method|technique|mechanism|response|reaction|event|finding|situation|problem|phenomenon|latter|former)"
    r"(?=\s+(?:[a-z]+s|is|are|was|were|can|may|will|would|must|has|have|had|does|did)\b)"
)
# "As its name indicates, it is the site …": the pointing word comes after an opening clause.
_LEANS_AFTER_CLAUSE = re.compile(r"^[^,]{2,60},\s+(?:it|they|this|these|those|such|that)\b(?!\s+(?:is|are)\s+called)")
# "Just below this on the anterior ulna …", "Inferior to this point …": a place given by pointing back.
_POINTING_PLACE = re.compile(
    r"^(?:Just\s+|Immediately\s+|Directly\s+)?(?:below|above|beneath|behind|inferior to|superior to|lateral to|"
    r"medial to|distal to|proximal to|next to|near|along|within|from|on|in|at)\s+(?:this|these|that|those|it|them)\b",
    re.IGNORECASE,
)
# "There are …" and "It is important to …" are ordinary openings, not pointers back.
_EXISTENTIAL = re.compile(
    r"^(?:There\s+(?:is|are|was|were|will|can|may|might|must)\b|It\s+(?:is|was)\s+(?:\w+\s+){1,2}(?:to|that)\b)"
)
# A figure's name was stripped from the sentence's start ("shows the position of the heart …").
_FIGURE_OPENING = re.compile(
    r"^(?:shows?|illustrates?|depicts?|compares?|summari[sz]es|lists|presents|displays|diagrams?)\b"
)
_FIGURE_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Image|Photo|Chart|Diagram)\s*[\dA-Z]", re.IGNORECASE)
# What is left of a cross-reference once the figure's name was stripped.
_FIGURE_STUB = re.compile(
    r"\s*\(\s*(?:see|refer to|as shown in|shown in)?\s*(?:[a-f]\b)?\s*(?:(?:and|,)\s*(?:[a-f]\b)?\s*)?\)"
    r"|\s*\(\s*see\s+(?:figure|fig\.?|table)\s*[\d.]*[a-z]?\s*\)"
    r"|,?\s*(?:as\s+)?(?:seen|shown|illustrated|depicted|summari[sz]ed|visible)\s+in\s*(?=[.;])"
    r"|,?\s*\(?(?:see|refer to)\s+(?:figure|fig\.?|table)\s*[\d.]+[a-z]?\)?"
    r"|,?\s*(?:as\s+)?(?:seen|shown|illustrated|depicted)\s+in\s+(?:figure|fig\.?|table)\s*[\d.]+[a-z]?",
    re.IGNORECASE,
)
# A sentence that only points at a figure that is not there: "The septum is visible in ." "… are illustrated in ."
_FIGURE_ONLY = re.compile(r"\b(?:is|are)\s+(?:visible|shown|illustrated|depicted|summari[sz]ed|seen)\s+in\s*\.?$")
# A reference-list entry: "Kumar V, Ramzi S, Robbins SL. Robbins Basic Pathology. 7th ed. …", "Smith, J. (2005).",
# DOIs and URLs, "[Internet]", "et al." with a year.
_CITATION = re.compile(
    r"^(?:\[\d+\]\s*)?[A-Z][A-Za-z'’\-]+,?\s+[A-Z]{1,3}[,.]\s+[A-Z][A-Za-z'’\-]+,?\s+[A-Z]{1,3}\b"
    r"|^[A-Z][A-Za-z'’\-]+,\s+(?:[A-Z]\.\s?){1,3}(?:,|&|and|\()"
    r"|\bdoi:|\bhttps?://|\[Internet\]|\bAvailable from:|\bRetrieved from\b|\bet al\.?,?\s*\(?(?:19|20)\d\d"
    r"|\b(?:19|20)\d\d;\s*\d+\(\d+\):\d+"
)
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|may|must|will|would|should|could)\b"
)
# Second halves of hyphenated compounds, which keep their hyphen across a line break ("pulley-\nshaped").
_COMPOUND_TAILS = frozenset(
    "shaped like based related dependent specific mediated induced bound free rich containing forming producing "
    "sensitive gated linked coupled soluble filled lined walled type".split()
)


@dataclass(frozen=True)
class ReadSentence:
    text: str  # repaired: connective dropped, figure stubs removed
    excerpt: str  # as the material wrote it (stubs removed), for quoting as the source
    paragraph: int
    leans: bool = False  # needs the sentence before it to be understood
    lead: str | None = None  # that sentence, when it stands alone itself
    bullet: bool = False
    label: str | None = None  # "Iron" for the bullet "- Iron. We have said that …"


def is_back_matter(heading: str | None) -> bool:
    return bool(heading) and bool(BACK_MATTER.match(heading or ""))


def is_citation(text: str) -> bool:
    return bool(_CITATION.search(text))


# Whole sentences that are only a stub: "… attachment. shows the position of the heart." "The septum is visible in ."
_STUB_SENTENCE = re.compile(
    r"(?:(?<=[.!?])\s+|^)(?:(?:shows?|illustrates?|depicts?|compares?|summari[sz]es|diagrams?)\b[^.!?]*[.!?]"
    r"|[A-Z][^.!?]*?\b(?:is|are)\s+(?:visible|shown|illustrated|depicted|summari[sz]ed|seen)\s+in\s*\.)",
    re.MULTILINE,
)


def remove_figure_stubs(text: str) -> str:
    text = _STUB_SENTENCE.sub("", text)
    text = _FIGURE_STUB.sub("", text)
    return re.sub(r"[ \t]+", " ", text).replace(" .", ".").replace(" ,", ",").replace(",.", ".")


def split_sentences(text: str) -> list[str]:
    """Sentences of one block of prose; abbreviations ("e.g.", "Fig.") do not end one, "type O." does."""
    pieces = _SENTENCE_END.split(text.replace("\n", " "))
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences:
            last = sentences[-1].rstrip(".").rsplit(" ", 1)[-1].lstrip("(")
            # "Sr." (senior) is an abbreviation; "the SR." (sarcoplasmic reticulum) is an acronym ending a sentence.
            # "… re-cock, etc. This repeated movement is …": a sentence opener after "etc." starts a new sentence.
            opens = last.lower() == "etc" and re.match(r"(?:This|These|The|It|They|Such)\b", piece)
            if last.lower() in _ABBREVIATIONS and not (len(last) > 1 and last.isupper()) and not opens:
                sentences[-1] += " " + piece
                continue
        sentences.append(piece)
    return sentences


def _join_lines(text: str) -> list[tuple[bool, str]]:
    """Blocks of (is_bullet, text): lines broken by layout re-joined, hyphenated words mended, bullets apart."""
    blocks: list[tuple[bool, str]] = []
    current: list[str] = []
    current_bullet = False

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append((current_bullet, " ".join(current)))
        current = []

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            current_bullet = True
            current = [line[bullet.end() :].strip()]
            continue
        if current:
            previous = current[-1]
            if previous.endswith("-") and line[:1].islower():
                current[-1] = _mend_hyphen(previous, line)
                continue
            if current_bullet and not line[:1].islower():
                flush()  # the prose after a list, not the last bullet's continuation
                current_bullet = False
                current = [line]
                continue
            ends_sentence = previous.endswith((".", "!", "?", ":", "”", '"')) and not line[:1].islower()
            if not ends_sentence:
                current.append(line)  # a line broken by the page's layout
                continue
            flush()
        current_bullet = False
        current = [line]
    flush()
    return blocks


def _mend_hyphen(previous: str, line: str) -> str:
    """ "mediasti-" + "num is …" -> "mediastinum is …"; "pulley-" + "shaped" keeps its hyphen."""
    head = previous[:-1]
    first, _, rest = line.partition(" ")
    last_word = re.findall(r"[A-Za-z]+$", head)
    from wordfreq import zipf_frequency

    second = re.sub(r"\W", "", first)

    def known(word: str) -> bool:
        return zipf_frequency(word, "en", wordlist="small") > 0

    # A compound keeps its hyphen ("pulley-shaped"); a word the layout cut in two does not ("mediasti-num").
    keep = bool(last_word) and (
        second.lower() in _COMPOUND_TAILS
        or (known(last_word[0]) and known(second) and not known(last_word[0] + second))
    )
    joined = f"{head}-{first}" if keep else f"{head}{first}"
    return f"{joined} {rest}".rstrip()


def _strip_connective(text: str) -> str:
    stripped = _CONNECTIVE.sub("", text, count=1)
    if stripped != text and stripped:
        return stripped[:1].upper() + stripped[1:]
    return text


# "Parietal cells—Located primarily in the middle region …, produce both HCl and intrinsic factor": a name, a dash
# and what the name does or is (the book's glossary-like bullets).
_DASH_NAMED = re.compile(r"^(?P<name>[A-Z][A-Za-z0-9\-]*(?: [A-Za-z0-9\-]+){0,3})\s*[—–]\s*(?P<rest>[A-Za-z].{12,})$")
_NAME_VERBS = re.compile(r"\b(?:is|are|was|were|has|have|can|may|will)\b")


def named_by_dash(text: str) -> str:
    """The dash between a name and its description made into a sentence: "X—A glycoprotein …" → "X is a
    glycoprotein …"; "X—Located in …, produce Y" → "X, located in …, produce Y"; "X—Secrete Y" → "X secrete Y"."""
    match = _DASH_NAMED.match(text)
    if not match or _NAME_VERBS.search(match.group("name")):
        return text
    name, rest = match.group("name"), match.group("rest")
    if re.search(rf"\b{re.escape(name)}\b", rest, re.IGNORECASE):
        # "Enteroendocrine cells—Finally, enteroendocrine cells found in …": the description names it itself (and
        # may open with a connective); "Parietal cells—Located primarily in … are parietal cells, which …" names it
        # last, so it is turned round to open with its subject, as what follows ("These … cells") expects.
        inverted = re.match(
            rf"^(?P<place>(?:Located|Found|Situated)\b.*?)\s+(?P<verb>is|are)\s+(?:the\s+)?{re.escape(name)}\b"
            r"(?:,\s+which\s+(?P<more>.+))?(?P<end>[.!?]?)$",
            rest,
            re.IGNORECASE,
        )
        if inverted:
            place, more = inverted.group("place"), inverted.group("more")
            place = place[:1].lower() + place[1:]
            if more:  # "Chief cells, located in …, secrete pepsinogen": the relation keeps its subject
                return f"{name}, {place}, {more}{inverted.group('end')}"
            return f"{name} {inverted.group('verb')} {place}{inverted.group('end')}"
        return _strip_connective(rest)
    first = rest.split()[0]
    lowered = rest if first.isupper() and len(first) > 1 else rest[:1].lower() + rest[1:]
    if first.lower() in ("a", "an", "the", "one"):
        verb = "are" if name.endswith("s") and not name.endswith(("ss", "us", "is")) else "is"
        return f"{name} {verb} {lowered}"
    if (first.lower().endswith(("ed", "ing")) or first.lower() in ("found", "seen")) and "," in rest:
        return f"{name}, {lowered}"
    if first[:1].isupper() and first.lower().endswith(("e", "s")) and first.lower() not in ("these", "those"):
        return f"{name} {lowered}"  # "Secrete pepsinogen", "Produces mucus"
    return text


def leans_on_previous(text: str) -> bool:
    """Whether a sentence points back at the one before it ("It …", "This region …", "As its name indicates,
    it …")."""
    if _EXISTENTIAL.match(text):
        return False
    return bool(
        _LEANS.match(text)
        or _LEANS_AFTER_CLAUSE.match(text)
        or _POINTING_PLACE.match(text)
        or _SHELL_SUBJECT.match(text)
        or _AS_WELL.search(text)
        or _BARE_SHARE.match(text)
    )


def names_a_likeness_before(text: str, before: str) -> bool:
    """ "The funnel-shaped pylorus connects … The wider end of the funnel, the pyloric antrum, …": "the funnel"
    is the likeness the sentence before drew, so the sentence means nothing without it."""
    likenesses = {m.group(1).lower() for m in _LIKENESS.finditer(before)}
    return any(re.search(rf"\bthe\s+(?:\w+\s+)?{re.escape(word)}\b", text, re.IGNORECASE) for word in likenesses)


def _is_fragment(text: str) -> bool:
    """A list item or a label rather than a sentence: a few words, no auxiliary verb ("zona glomerulosa",
    "Iron.", "B vitamins.")."""
    words = text.rstrip(".;,").split()
    short = len(words) <= (3 if text.endswith(".") else 5)
    return short and not _AUXILIARY.search(text.lower())


def read_sentences(text: str) -> list[ReadSentence]:
    """The section's sentences, repaired; stubs, captions and reference entries left out."""
    result: list[ReadSentence] = []
    lead_in: str | None = None  # the last prose sentence, for the bullets that follow it
    previous: ReadSentence | None = None
    items: list[str] = []

    def close_list() -> None:
        """Bullets that were only names become one sentence with their lead-in: "… three zones: A, B and C." """
        nonlocal items, previous
        if len(items) >= 2 and lead_in:
            joined = ", ".join(items[:-1]) + f" and {items[-1]}"
            sentence = f"{lead_in.rstrip(':.')}: {joined}."
            previous = ReadSentence(sentence, sentence, paragraph, bullet=True)
            result.append(previous)
        items = []

    for paragraph, (bullet, block) in enumerate(_join_lines(text)):
        if not bullet:
            close_list()
        if is_citation(block):
            continue  # a reference-list entry, whatever its punctuation
        block = remove_figure_stubs(block)
        sentences = split_sentences(block)
        label = None
        if bullet and sentences and _is_fragment(sentences[0]):
            if len(sentences) == 1:
                items.append(sentences[0].rstrip(".;,"))
                continue
            label = sentences[0].rstrip(".:")  # "- Iron. We have said that …"
            sentences = sentences[1:]
        for raw in sentences:
            if _FIGURE_CAPTION.match(raw) or _FIGURE_OPENING.match(raw) or _FIGURE_ONLY.search(raw):
                continue
            if is_citation(raw):
                continue
            text_ = named_by_dash(_strip_connective(raw))
            # "- secretes aldosterone": a bullet whose subject is in its lead-in.
            leans = (
                leans_on_previous(text_)
                or (bullet and not label and raw[:1].islower())
                or (previous is not None and names_a_likeness_before(text_, previous.text))
            )
            lead = None
            if bullet and not label and raw[:1].islower():
                lead = lead_in
            elif leans and previous is not None and not previous.leans:
                lead = previous.text
            sentence = ReadSentence(text_, raw, paragraph, leans=leans, lead=lead, bullet=bullet, label=label)
            result.append(sentence)
            previous = sentence
            if not bullet:
                lead_in = text_
    close_list()
    return result
