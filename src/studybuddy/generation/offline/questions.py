"""Writing MCQs from an Analysis: cloze, definition, "which describes" and numeric-fact questions.

Every question quotes the sentence it came from as its source. Distractors are other terms of the same kind from
the same material (other bones for a bone, other members of the same stated list, terms with the same head noun
or genus), never a word of the answer in disguise; numeric distractors are nearby, plausible numbers.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass

from studybuddy.generation.quality import near_duplicate
from studybuddy.generation.schemas import LABELS, Question, QuestionOption, QuestionSource

from .analysis import Analysis, NumberFact, Sentence, Term, singular, words_of
from .vocabulary import STOPWORDS

BLANK = "_____"
_MIN_WORDS, _MAX_WORDS = 7, 45
# A sentence opening with a pronoun leans on the one before it: alone, it cannot be answered.
_NO_CONTEXT = re.compile(r"^(?:This|These|That|Those|It|Its|They|Their|Such|Here|There|Both|Each of these)\b")


@dataclass
class Candidate:
    question: Question
    score: float
    answer_key: str
    sentence: int
    section: int


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _content_words(text: str) -> set[str]:
    return {singular(w) for w in words_of(text) if w not in STOPWORDS}


def _difficulty(prominence: float, sentence: Sentence, harder: int = 0) -> str:
    level = 0 if prominence > 0.66 else 1 if prominence > 0.33 else 2
    level += harder + (1 if sentence.word_count > 30 else 0)
    return ("easy", "medium", "hard")[max(0, min(2, level))]


class QuestionWriter:
    def __init__(self, analysis: Analysis, session_id: str = "") -> None:
        self.analysis = analysis
        self.session_id = session_id
        heads = [t.head for t in analysis.terms.values() if " " in t.key]
        # Class words ("bone" with 5 kinds of bone): poor answers, since every distractor is also one.
        self.class_words = {h for h in set(heads) if heads.count(h) >= 3}
        self.answerable = [
            t
            for t in analysis.ranked_terms
            if t.key not in self.class_words and singular(t.key) not in self.class_words
        ]

    # --- distractors --------------------------------------------------------------------------------

    @staticmethod
    def _overlaps(a: Term, b: Term) -> bool:
        words_a, words_b = set(a.key.split()), set(b.key.split())
        return bool(words_a & words_b - STOPWORDS) or a.key in b.key or b.key in a.key

    def _kinship(self, term: Term, other: Term) -> float:
        score = 0.0
        if term.lists & other.lists:
            score += 6
        if term.genus and (other.genus == term.genus or other.head == term.genus):
            score += 4
        score += min(3.0, 0.75 * self.analysis.together(term.key, other.key))
        if " " in term.key and " " in other.key and other.head == term.head:
            score += 4
        if term.key[-4:] == other.key[-4:]:
            score += 1.5
        if len(term.key.split()) == len(other.key.split()):
            score += 1
        if bool(term.definition) == bool(other.definition):
            score += 0.5
        return score + self.analysis.prominence.get(other.key, 0)

    def distractors(self, term: Term, stem: str, count: int = 3) -> list[Term] | None:
        stem_words = _content_words(stem)
        chosen: list[Term] = []
        pool = sorted(
            (t for t in self.answerable if not self._overlaps(t, term)),
            key=lambda t: (-self._kinship(term, t), t.key),
        )
        for other in pool:
            if _content_words(other.key) & stem_words:
                continue  # a distractor the stem itself names is no distractor
            if any(self._overlaps(other, picked) for picked in chosen):
                continue
            chosen.append(other)
            if len(chosen) == count:
                return chosen
        return None

    def _inflect(self, term: str, like: str) -> str:
        """Match a distractor's number to the answer's (so grammar gives nothing away), but only into a form the
        material itself uses: no invented plurals ("stomaches") or plurals of mass nouns ("mucuss")."""
        words = term.split()
        last = words[-1]
        answer_plural = singular(like.split()[-1]) != like.split()[-1].lower()
        term_plural = singular(last) != last.lower()
        if answer_plural == term_plural:
            return term
        if answer_plural:
            candidates = [last + "s", last + "es", last[:-1] + "ies" if last.endswith("y") else ""]
        else:
            candidates = [singular(last)]
        for form in candidates:
            if form and self.analysis.word_counts.get(form.lower(), 0) > 0:
                return " ".join(words[:-1] + [form])
        return term

    # --- question builders --------------------------------------------------------------------------

    def _question(
        self,
        stem: str,
        answer: str,
        wrong: list[str],
        explanation: str,
        sentence: Sentence,
        difficulty: str,
        tags: list[str],
    ) -> Question:
        texts = [answer] + wrong
        rng = random.Random(_stable_id(stem))
        order = list(range(4))
        rng.shuffle(order)
        options = [QuestionOption(label=LABELS[i], text=_display(texts[j])) for i, j in enumerate(order)]
        correct = LABELS[order.index(0)]
        section = self.analysis.sections[sentence.section]
        return Question(
            id=_stable_id(self.session_id, stem),
            session_id=self.session_id,
            question_text=stem,
            options=options,
            correct_answer=correct,  # type: ignore[arg-type]
            explanation=explanation,
            difficulty=difficulty,  # type: ignore[arg-type]
            subject=self.analysis.subject,
            tags=tags,
            source=QuestionSource(file=section.source.file, page=section.source.page, excerpt=sentence.text),
        )

    def _tags(self, sentence: Sentence, *extra: str) -> list[str]:
        heading = self.analysis.sections[sentence.section].heading
        return [t for t in (heading, *extra) if t]

    def cloze(self, sentence: Sentence) -> list[Candidate]:
        if not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS or _NO_CONTEXT.match(sentence.text):
            return []
        found = []
        for term in self.answerable[:80]:
            matches = list(re.finditer(rf"\b{re.escape(term.key)}(?:s|es)?\b", sentence.text, re.IGNORECASE))
            if len(matches) == 1:
                found.append((term, matches[0]))
        candidates = []
        for term, match in found[:2]:
            stem_sentence = sentence.text[: match.start()] + BLANK + sentence.text[match.end() :]
            if _content_words(term.key) & _content_words(stem_sentence):
                continue  # the stem would give the answer away
            if len(_content_words(stem_sentence)) < 5:
                continue
            wrong = self.distractors(term, stem_sentence)
            if wrong is None:
                continue
            answer_text = match.group(0)
            stem = f"Fill in the blank: {stem_sentence}"
            explanation = f"The material states: “{sentence.text}” The answer is {_display(answer_text)}."
            if term.definition:
                explanation += f" {_display(term.text)} is {term.definition}."
            question = self._question(
                stem,
                answer_text,
                [self._inflect(w.text, answer_text) for w in wrong],
                explanation,
                sentence,
                _difficulty(self.analysis.prominence[term.key], sentence),
                self._tags(sentence, term.text),
            )
            score = self.analysis.sentence_scores[sentence.index] + self.analysis.prominence[term.key]
            candidates.append(Candidate(question, score, term.key, sentence.index, sentence.section))
        return candidates

    def definition(self, term: Term) -> list[Candidate]:
        sentence = term.definition_sentence
        if not term.definition or sentence is None or term.key in self.class_words:
            return []
        candidates = []
        definition = term.definition.rstrip(". ")
        if _content_words(term.key) & _content_words(definition):
            return []
        stem = f"Which of the following is {definition}?"
        wrong = self.distractors(term, stem)
        if wrong is not None:
            explanation = f"{_display(term.text)} is {definition}: “{sentence.text}”"
            question = self._question(
                stem,
                term.text,
                [w.text for w in wrong],
                explanation,
                sentence,
                _difficulty(self.analysis.prominence[term.key], sentence),
                self._tags(sentence, term.text),
            )
            score = 1.5 + self.analysis.prominence[term.key]
            candidates.append(Candidate(question, score, term.key, sentence.index, sentence.section))
        others = [
            t
            for t in self.analysis.ranked_terms
            if t.definition
            and t.key != term.key
            and not self._overlaps(t, term)
            and not _content_words(t.definition) & _content_words(term.key)
        ]
        others.sort(key=lambda t: (-self._kinship(term, t), t.key))
        if len(others) >= 3:
            reverse_stem = f"Which of the following best describes the {term.text}?"
            wrong_definitions = [_capital(t.definition.rstrip(". ")) for t in others[:3]]
            explanation = f"The {term.text} is {definition}: “{sentence.text}”"
            question = self._question(
                reverse_stem,
                _capital(definition),
                wrong_definitions,
                explanation,
                sentence,
                _difficulty(self.analysis.prominence[term.key], sentence, harder=-1),
                self._tags(sentence, term.text),
            )
            score = 1.0 + self.analysis.prominence[term.key]
            candidates.append(Candidate(question, score, term.key + "#describe", sentence.index, sentence.section))
        return candidates

    def numeric(self, fact: NumberFact) -> list[Candidate]:
        sentence = fact.sentence
        if not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS:
            return []
        raw_number = fact.value[: len(fact.value) - len(fact.unit)].strip() if fact.unit else fact.value
        if sentence.text.count(raw_number) != 1:
            return []
        options = _nearby_numbers(fact, [f for f in self.analysis.numbers if f.unit == fact.unit])
        if options is None:
            return []
        stem_sentence = sentence.text.replace(raw_number, BLANK, 1)
        stem = f"Fill in the blank: {stem_sentence}"
        explanation = f"The material states: “{sentence.text}” The figure is {fact.value}."
        question = self._question(
            stem,
            raw_number,
            options,
            explanation,
            sentence,
            "medium" if fact.number < 1000 else "hard",
            self._tags(sentence, "numbers"),
        )
        score = self.analysis.sentence_scores[sentence.index] + 0.4
        return [Candidate(question, score, f"#{fact.number}{fact.unit}", sentence.index, sentence.section)]

    # --- the bank ---------------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        for term in self.analysis.ranked_terms:
            found.extend(self.definition(term))
        for fact in self.analysis.numbers:
            found.extend(self.numeric(fact))
        for sentence in self.analysis.sentences:
            found.extend(self.cloze(sentence))
        return found


def select(candidates: list[Candidate], limit: int) -> list[Question]:
    """The best candidates, spread over the sections, one question per sentence, no answer more than twice and
    no two stems alike."""
    by_section: dict[int, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: (-c.score, c.question.id)):
        by_section.setdefault(candidate.section, []).append(candidate)
    queues = [by_section[s] for s in sorted(by_section)]
    chosen: list[Candidate] = []
    used_sentences: set[int] = set()
    answers: dict[str, int] = {}
    stems: list[str] = []
    while len(chosen) < limit and any(queues):
        for queue in queues:
            while queue:
                candidate = queue.pop(0)
                stem = candidate.question.question_text
                if candidate.sentence in used_sentences or answers.get(candidate.answer_key, 0) >= 2:
                    continue
                if any(near_duplicate(stem, other) for other in stems):
                    continue
                chosen.append(candidate)
                used_sentences.add(candidate.sentence)
                answers[candidate.answer_key] = answers.get(candidate.answer_key, 0) + 1
                stems.append(stem)
                break
            if len(chosen) >= limit:
                break
    chosen.sort(key=lambda c: (c.sentence, c.question.id))
    return [c.question for c in chosen]


def _display(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _format_like(value: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals:
        return f"{value:.{decimals}f}"
    text = str(int(round(value)))
    return f"{int(round(value)):,}" if "," in like else text


def _nearby_numbers(fact: NumberFact, same_unit: list[NumberFact]) -> list[str] | None:
    """Three plausible wrong figures: other figures with the same unit from the material first, then multiples."""
    like = fact.value.split()[0] if fact.unit else fact.value
    n = fact.number
    pool: list[float] = [f.number for f in same_unit if f.number != n and 0.2 <= f.number / n <= 5]
    for factor in (0.5, 2.0, 0.75, 1.5, 1.25, 3.0, 0.25):
        value = n * factor
        if "." not in like:
            step = 10 ** max(0, int(math.log10(max(1, n))) - 1)
            value = round(value / step) * step
        pool.append(value)
    seen = {_format_like(n, like)}
    options = []
    for value in pool:
        if value <= 0:
            continue
        text = _format_like(value, like)
        if text not in seen:
            seen.add(text)
            options.append(text)
        if len(options) == 3:
            return options
    return None
