"""Typed lexicons: the named word lists and tables each family keeps next to its rules.

Three kinds: phrase lexicons (``Phrases``: matched in the draft like rule phrases, found under
``"<family>:<name>"``), word sets (``Words``: compared by spelling or lemma in the checks) and
tables written compactly in the YAML («твой ваш», «проверка проверить проверять accs»), parsed
here so that a malformed line is an error naming the file and the entry.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from tonecoach.models import CATEGORIES
from tonecoach.rulebook.schema import Entry, PhraseEntry, Phrases

Words = list[str]
Case = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]


def _pairs(value: object) -> object:
    """«твой ваш» lines (or a mapping) → {"твой": "ваш"}."""
    if not isinstance(value, list):
        return value
    table: dict[str, str] = {}
    for i, line in enumerate(value):
        words = line.split() if isinstance(line, str) else []
        if len(words) != 2:
            raise ValueError(f"[{i}]: expected two words («твой ваш»), got {line!r}")
        table[words[0]] = words[1]
    return table


WordPairs = Annotated[dict[str, str], BeforeValidator(_pairs)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VerbalNoun(_Strict):
    """A verbal noun and its verbs: «проверка проверить проверять [case] [-за …]»; ``case`` is
    what the verb governs (accusative by default; ``none`` for no object); a preposition
    written «-за» after the noun leaves no fix («оплата за заказ» is no «оплатить за заказ»)."""

    noun: str
    perfective: str
    imperfective: str
    case: Case | None = "accs"
    not_before: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return _verbal_noun_line(value, "noun perfective imperfective [case] [-preposition …]")


class LightVerbIdiom(VerbalNoun):
    """A verb that is light with one noun only: «дать ответ ответить отвечать datv» —
    «дадим ответ» → «ответим» (while «дать скидку» stays)."""

    verb: str

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        verb, _, rest = value.strip().partition(" ")
        shape = "verb noun perfective imperfective [case] [-preposition …]"
        return {"verb": verb, **_verbal_noun_line(rest, shape, value)}


def _verbal_noun_line(line: str, shape: str, whole: str | None = None) -> dict[str, object]:
    """«проверка проверить проверять [case] [-за …]» as fields."""
    words = [w for w in line.split() if not w.startswith("-")]
    not_before = [w[1:] for w in line.split() if w.startswith("-") and len(w) > 1]
    if len(words) not in (3, 4):
        raise ValueError(f"expected «{shape}», got {whole or line!r}")
    case: str | None = words[3] if len(words) == 4 else "accs"
    return {"noun": words[0], "perfective": words[1], "imperfective": words[2],
            "case": None if case == "none" else case, "not_before": not_before}


class DayGreeting(_Strict):
    """«доброе утро 4 12»: a greeting and the hours (client's local time) when it fits."""

    phrase: str
    start: int = Field(ge=0, le=24)
    end: int = Field(ge=0, le=24)

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        *words, start, end = value.split() if len(value.split()) >= 3 else ("", "x", "x")
        if not words or not start.isdigit() or not end.isdigit():
            raise ValueError(f"expected «greeting from-hour to-hour», got {value!r}")
        return {"phrase": " ".join(words), "start": int(start), "end": int(end)}


class FormalityLexicons(_Strict):
    idioms: Phrases = Field(description="Fixed phrases with a generic «ты» that address nobody.")
    ty_to_vy: WordPairs = Field(description="Pronoun and possessive swaps «ты» → «вы».")
    ty_interjections: WordPairs = Field(description="Interjections pymorphy3 does not see as "
                                        "imperatives («здравствуй»).")
    vy_to_ty: WordPairs = Field(description="Reverse swaps, for brands that say «ты».")
    locative_prepositions: Words = Field(description="After these «тебе»/«вас» is locative.")
    imperative_lead: Words = Field(description="May stand between a clause start and an "
                                   "imperative.")
    thanks_words: Words = Field(description="«спасибо, что …» words.")
    discourse_imperatives: Phrases = Field(
        default_factory=list,
        description="Imperatives that address the reader even as a discourse word («слушай»).")
    frozen_imperatives: Phrases = Field(
        default_factory=list,
        description="Idioms on a 2sg imperative that address nobody where they close the "
        "clause («хоть отбавляй», «хоть шаром покати»; not «хоть позвони мне»).")
    ty_brand_greetings: Words = Field(
        default_factory=list,
        description="Greetings and goodbyes that are a «ты» brand's own voice: TC106 leaves "
        "them be when Config.address is «ты».")
    same_subject_links: Words = Field(
        default_factory=list,
        description="Words that open a clause or a coordinated predicate which, without a "
        "subject of its own, keeps the subject before it («ты сделал, [что] заблокировал», "
        "«вы зашли [и] нажал»): agreement follows the subject there.")


class EmpathyLexicons(_Strict):
    empathy_markers: Phrases = Field(description="The draft already shows understanding.")
    explanation_markers: Phrases = Field(description="Words that explain something.")
    greetings: Phrases = Field(description="Greetings that open a reply.")
    answer_particles: Words = Field(
        default_factory=list,
        description="A reply that opens with one answers the client («Да», «Конечно»): an "
        "inserted phrase goes after that answer, or nowhere when the particle runs into the "
        "next word («Да просто …»).")
    answer_confirmations: Words = Field(
        default_factory=list,
        description="Answers only before a punctuation mark («Есть, …», «Хорошо.»); before a "
        "word they are content («Есть несколько способов»).")
    repeated_answer: Phrases = Field(
        default_factory=list, description="The draft repeats an earlier answer in full.")


class ApologyLexicons(_Strict):
    apologies: Phrases = Field(description="Apologies: each match counts once.")
    regrets: Phrases = Field(description="Regret: counts as an apology being present.")
    attention_verbs: Words = Field(description="«Извините, уточните…» asks for attention.")
    hedges: Words = Field(
        default_factory=list,
        description="An admission after one of these is a guess («Мб это баг в прошивке»): "
        "no apology is inserted for it.")
    attention_getters: Phrases = Field(
        default_factory=list, description="«Простите, а …?»: an apology that asks, not owns.")
    admissions: Phrases = Field(
        default_factory=list, description="The draft admits the company's fault.")
    outside_causes: Phrases = Field(
        default_factory=list, description="The draft names a cause outside the company, or "
        "the client's own step: no apology for a fault is owed.")


class BrevityLexicons(_Strict):
    light_verbs: Words = Field(description="Verbs that only carry a verbal noun: «осуществлять "
                               "проверку» = «проверять».")
    verbal_nouns: list[VerbalNoun]
    light_verb_idioms: list[LightVerbIdiom] = Field(
        default_factory=list, description="A verb light with one noun only: «принять решение».")
    work_nouns: Words = Field(
        default_factory=list, description="«вести работу над устранением» = «устранять»: the "
        "verbal noun after «над»/«по» carries the meaning.")
    stage_phrases: Words = Field(
        default_factory=list, description="«находится в процессе / на стадии сборки» = "
        "«собирается»: two words between «находиться» and the verbal noun (genitive).")
    not_passive: Words = Field(
        default_factory=list, description="«-ся» forms of light verbs with a meaning of their "
        "own, never a passive: «оказывается» (it turns out).")
    not_verbal_nouns: Words


class NameLexicons(_Strict):
    address_openers: Words = Field(description="A name after these stands as an address.")
    role_nouns: Words = Field(
        default_factory=list,
        description="«мастер Дима», «менеджер Катя»: a name after these is another person.")


class EtiquetteLexicons(_Strict):
    abbreviations: Words
    flirty_emoji: Words
    bad_news: Phrases
    closings: Phrases
    personal: Words
    messengers: Words
    opening_greetings: Phrases
    day_greetings: list[DayGreeting]
    greetings_by_hour: list[DayGreeting] = Field(description="The greeting for each hour.")
    default_closing: str = Field(min_length=1)

    def extra_phrases(self) -> dict[str, list[Entry]]:
        """Each day greeting is matched on its own, to compare it with the hour."""
        return {f"day:{g.phrase}": [PhraseEntry(phrase=g.phrase)] for g in self.day_greetings}


class Lexicons(_Strict):
    """Every family's lexicons, typed."""

    formality: FormalityLexicons
    empathy: EmpathyLexicons
    apology: ApologyLexicons
    brevity: BrevityLexicons
    name: NameLexicons
    etiquette: EtiquetteLexicons


assert tuple(Lexicons.model_fields) == CATEGORIES, "one lexicon model per category, in order"


class Situation(_Strict):
    """A kind of trouble (waiting, money, …): the words that tell it and the phrases that
    fit it, best first."""

    name: str
    label: str = Field(min_length=1, description="How it is named to people: «деньги и оплата».")
    words: Phrases
    empathy: list[str] = Field(min_length=1)
    apology: list[str] = Field(min_length=1)


class SignalData(_Strict):
    """What to look for in the client's message (``rules/signals.yaml``)."""

    upset: Phrases = Field(description="Signs of distress: words, accusing questions, sarcasm.")
    joy: Phrases = Field(description="Gratitude and joy.")
    trouble: Phrases = Field(description="Signs the client is in trouble.")
    fault: Phrases = Field(description="A fault of the company, asserted.")
    malfunction: Phrases = Field(description="Something does not work: a fault only with a "
                                 "sign of responsibility or an upset client.")
    responsibility: Phrases = Field(description="It broke after an update, lasts, recurs, "
                                    "was paid for.")
    hypothetical: Words = Field(description="A fault after these in its clause is supposed.")
    no_fault: Phrases = Field(description="Nothing is wrong after all: cancels every fault.")
    not_company: Phrases = Field(description="An outside cause or the client's own step: the "
                                 "sentence holds no fault of the company.")
    insist: Phrases = Field(description="In a question these still assert the fault.")
    situations: list[Situation] = Field(min_length=1)


class FirstNames(_Strict):
    """Full first names and their familiar forms (``rules/first_names.yaml``)."""

    names: dict[str, list[str]] = Field(min_length=1)
