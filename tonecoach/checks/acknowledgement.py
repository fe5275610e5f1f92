"""What the draft already does to acknowledge the client — understanding, apologies, regret —
what it admits or disputes, and where a missing acknowledgement goes: the start of the reply's
body, after a greeting. Canned formulas (TC203: «понимаем ваше негодование», «приносим
извинения за доставленные неудобства») are apologies, but no understanding.

Shared by the empathy and apology families, so that the two never insert twice at one place:
when both are missing, the apology suggestion carries one combined insertion.

An insertion must leave the reply readable as sent:

- a reply that answers first keeps its answer first: after «Да, …», «Нет.», «Конечно, …»,
  «Есть, …», «Спасибо, что сообщили.» or «Ой.» the phrase goes after that sentence; where the
  answer is glued to the rest («Да просто поменяйте…») or ends the reply unpunctuated, there is
  no place for it, and the suggestion stays as advice;
- it does not go in front of an @mention, markup, or a sentence the operator began in lower
  case (it would end with a full stop before a lower-case word);
- a reply that disputes the fault — denies it («с нашей стороны всё работает», «ошибки нет»,
  TC304's own patterns) or argues, blames and brushes off (TC202) — gets no apology inserted in
  front of it: the apology would contradict it. Understanding (TC201) still fits, in its neutral
  wording, without the situation's presupposition («…когда сервис не работает»).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Sentence, Token
from tonecoach.checks.edits import GREETINGS, body_start
from tonecoach.checks.generic import applies
from tonecoach.models import ClientSignals
from tonecoach.rulebook.book import Rulebook, builtin_signals
from tonecoach.rulebook.lexicons import Situation
from tonecoach.rulebook.matcher import Match

_EMPATHY = "empathy:empathy_markers"
_APOLOGY = "apology:apologies"
_REGRET = "apology:regrets"
_NON_APOLOGY = "TC303"
_CANNED = "TC203"
_ATTENTION = "apology:attention_getters"
_ADMISSION = "apology:admissions"
_OUTSIDE = "apology:outside_causes"
_DENIAL = "TC304"  # TC304's own patterns: the draft denies the fault
_DISMISSIVE = "TC202"  # arguing, blaming, brushing off

if TYPE_CHECKING:
    from tonecoach.checks.run import CheckRun

_THANKS = frozenset({"спасибо", "благодарю", "благодарим", "спасибочки", "спс"})
_ANSWER_MARKS = frozenset({",", ".", "!", "…", "—", "–", "-", ":", ";", "?"})
_TERMINAL = frozenset(".!?…")
_APOLOGY_WORDS = frozenset({"простите", "извините", "прости", "извини", "извените"})
_OPENING_MARKS = frozenset("«\"„“(")
_MAX_OPENERS = 3
_HEDGE_REACH = 5  # tokens: «Мб это баг», «Возможно, это сбой у нас»


@dataclass(frozen=True)
class Openers:
    """Words a reply answers the client with (rules/empathy.yaml) and hedges that turn an
    admission into a guess (rules/apology.yaml)."""

    particles: frozenset[str] = frozenset()  # «Да», «Конечно»: answer wherever they stand
    confirmations: frozenset[str] = frozenset()  # «Есть,», «Хорошо.»: only before a mark
    hedges: frozenset[str] = frozenset()


@dataclass
class Acknowledgement:
    """The draft's acknowledgements and the insertion point for a missing one."""

    empathy: list[Match] = field(default_factory=list)  # canned formulas left out
    apologies: list[Match] = field(default_factory=list)  # attention-getters left out
    regrets: list[Match] = field(default_factory=list)
    non_apologies: list[Match] = field(default_factory=list)
    canned: list[Match] = field(default_factory=list)
    admissions: list[Match] = field(default_factory=list)  # the draft admits a fault
    outside: list[Match] = field(default_factory=list)  # the draft names an outside cause
    denials: list[Match] = field(default_factory=list)  # the draft denies the fault
    draft: Draft | None = None
    greetings: list[Match] = field(default_factory=list)
    openers: Openers = field(default_factory=Openers)

    _disputed: bool | None = field(default=None, init=False, repr=False)
    _inserts: bool | None = field(default=None, init=False, repr=False)

    @cached_property
    def _where(self) -> tuple[tuple[int, str, str], Token | None] | None:
        """The insertion point with its spacing, and the word it stands before."""
        if self.draft is None:
            return (0, "", " "), None
        return _answer_first(self.draft, body_start(self.draft, self.greetings), self.openers)

    @cached_property
    def _place(self) -> tuple[int, str, str] | None:
        where = self._where
        return where[0] if where is not None else None

    @property
    def can_insert(self) -> bool:
        """Whether the reply has a place where a phrase reads right (see the module doc)."""
        return self._place is not None

    @property
    def insert_at(self) -> int:
        """Where a missing acknowledgement goes: the start of the body, after a greeting and
        after a sentence that answers the client; where there is no such place, the start of
        the body (the suggestion then carries no insertion)."""
        place = self._place
        if place is not None:
            return place[0]
        return body_start(self.draft, self.greetings)[0] if self.draft is not None else 0

    @property
    def before(self) -> str:
        """What goes before an inserted phrase."""
        return self._place[1] if self._place is not None else ""

    @property
    def after(self) -> str:
        """What goes after an inserted phrase."""
        return self._place[2] if self._place is not None else " "

    @property
    def opens_with_apology_word(self) -> bool:
        """The body opens with «Простите, а …?» or «Извините, уточните …»: an apology
        inserted right before it would say the same word twice."""
        where = self._where
        word = where[1] if where is not None else None
        return word is not None and word.norm in _APOLOGY_WORDS

    @property
    def has_apology(self) -> bool:
        """Any apology or regret, sincere or not (a non-apology has its own rule)."""
        return bool(self.apologies or self.regrets or self.non_apologies)

    @property
    def has_sincere_apology(self) -> bool:
        """An apology or regret that is neither a canned formula nor a non-apology."""
        return any(not _inside(m, self.canned) and not _inside(m, self.non_apologies)
                   for m in (*self.apologies, *self.regrets))

    def needs_empathy(self, signals: ClientSignals | None) -> bool:
        """The client is upset or in trouble and the draft shows no understanding (a canned
        formula or a non-apology is none)."""
        return (signals is not None and signals.needs_care and not self.empathy
                and not self.has_sincere_apology)

    def needs_apology(self, signals: ClientSignals | None) -> bool:
        """The client reports a fault of the company, the draft has no apology and does not
        explain the trouble by an outside cause («задержку объявила авиакомпания»)."""
        return (signals is not None and bool(signals.fault) and not self.has_apology
                and not self.outside)

    @property
    def admits_without_apology(self) -> bool:
        """The draft admits a fault of the company and apologises for nothing."""
        return bool(self.admissions) and not self.has_apology

    def disputes(self, run: CheckRun) -> bool:
        """The draft denies the fault (and admits none) or argues with, blames or brushes off
        the client (TC202, its conditions met): an apology inserted in front of it would
        contradict it."""
        if self._disputed is None:
            spec = run.rules.get(_DISMISSIVE)
            self._disputed = bool(self.denials and not self.admissions) or (
                spec is not None and any(applies(run, spec, m)
                                         for m in run.matches.get(_DISMISSIVE, ())))
        return self._disputed

    def inserts_apology(self, run: CheckRun) -> bool:
        """Whether TC304 carries an insertion (and so the combined one, TC201's too): not in
        front of a reply that disputes the fault, nor where the only admission is hedged or an
        outside cause («Мб это баг в прошивке», «У них был временный сбой»)."""
        if self._inserts is None:
            owed = self.needs_apology(run.signals) or (
                self.admits_without_apology and bool(self.firm_admissions))
            self._inserts = (owed and self._place is not None and run.enabled("TC304")
                             and not self.opens_with_apology_word and not self.disputes(run))
        return self._inserts

    @property
    def firm_admissions(self) -> list[Match]:
        """Admissions neither hedged («мб это баг», «возможно, сбой у нас») nor part of an
        outside cause («у них был временный сбой»)."""
        draft = self.draft
        return [m for m in self.admissions
                if not _inside(m, self.outside)
                and (draft is None or not _hedged(draft, m, self.openers.hedges))]

    def insertion(self, phrase: str) -> str:
        """``phrase`` with the spacing its insertion point needs."""
        place = self._place
        if place is None:
            return f"{phrase} "
        return f"{place[1]}{phrase}{place[2]}"


class AcknowledgementReader:
    """Finds acknowledgements in a draft; built once per Coach, read once per check."""

    def __init__(self, book: Rulebook) -> None:
        self.attention_verbs = frozenset(book.lexicons.apology.attention_verbs)
        empathy = book.lexicons.empathy
        self.openers = Openers(particles=frozenset(empathy.answer_particles),
                               confirmations=frozenset(empathy.answer_confirmations),
                               hedges=frozenset(book.lexicons.apology.hedges))
        self.situations = {s.name: s for s in builtin_signals().situations}

    def situation(self, signals: ClientSignals) -> Situation:
        """The phrases that fit the client's situation (the generic ones as a fallback)."""
        return self.situations.get(signals.situation) or list(self.situations.values())[-1]

    def read(self, draft: Draft, matches: dict[str, list[Match]]) -> Acknowledgement:
        """What the draft does to acknowledge the client, and where an insertion goes."""
        canned = matches.get(_CANNED, [])
        attention = matches.get(_ATTENTION, [])
        ack = Acknowledgement(
            empathy=[m for m in matches.get(_EMPATHY, ()) if not _inside(m, canned)],
            apologies=[m for m in matches.get(_APOLOGY, ())
                       if not self._asks_attention(draft, m) and not _inside(m, attention)],
            regrets=matches.get(_REGRET, []),
            non_apologies=matches.get(_NON_APOLOGY, []),
            canned=canned,
            admissions=matches.get(_ADMISSION, []),
            outside=matches.get(_OUTSIDE, []),
            denials=matches.get(_DENIAL, []),
            draft=draft,
            greetings=matches.get(GREETINGS, []),
            openers=self.openers,
        )
        if ack.non_apologies:
            ack.apologies = [a for a in ack.apologies
                             if not any(n.start <= a.start < n.end for n in ack.non_apologies)]
        return ack

    def _asks_attention(self, draft: Draft, m: Match) -> bool:
        """«Извините, уточните номер заказа» asks for attention; it is no apology."""
        if m.first is not m.last:
            return False
        comma = draft.next(m.last)
        if comma is None or comma.text != ",":
            return False
        verb = draft.next(comma, words_only=True)
        while verb is not None and verb.norm == "пожалуйста":
            verb = draft.next(verb, words_only=True)
        return verb is not None and any(str(p.normal_form) in self.attention_verbs
                                        for p in verb.parses)


def _answer_first(draft: Draft, place: tuple[int, str, str], openers: Openers
                  ) -> tuple[tuple[int, str, str], Token | None] | None:
    """Move the body's start past sentences that answer the client («Да, …», «Спасибо, что
    сообщили.», «Ой.»); with the word the phrase goes before (``None`` at the reply's end).
    ``None`` where no insertion reads right (see the module doc)."""
    at, before, _ = place
    sentences = draft.sentences
    if before:  # after a lone opening sentence, at the end of the reply
        return (place, None) if _ends_sentence(draft, sentences[-1]) else None
    tokens, k = draft.tokens, 0
    while k < len(sentences) and tokens[sentences[k].first].start < at:
        k += 1
    if k == len(sentences):
        return None
    for _ in range(_MAX_OPENERS):
        kind = _opener(draft, sentences[k], openers)
        if kind is None:
            break
        if kind == "glued":
            return None
        if k + 1 == len(sentences):  # the answer is the whole body: after it, at the end
            last = sentences[k]
            if not _ends_sentence(draft, last):
                return None
            return (draft.tokens[last.last].end, " ", ""), None
        k += 1
    sent = sentences[k]
    first = draft.tokens[sent.first]
    if first.markup or first.kind in ("handle", "url", "email", "code") or (
            first.kind == "punct" and first.text not in _OPENING_MARKS):
        return None  # «@anna …», a link, «**Причина:**», «> цитата»: no sentence of prose
    if first.kind == "word" and first.text[:1].islower():
        return None  # «исправил. …»: the phrase would end with «.» before a lower-case word
    return (first.start, "", " "), first


def _opener(draft: Draft, sent: Sentence, openers: Openers) -> str | None:
    """``"answer"`` for a sentence that opens by answering or thanking the client or with an
    interjection set off by punctuation, ``"glued"`` for a response particle run into the next
    word, else ``None``."""
    words = sent.words
    if not words:
        return None
    head = words[0]
    if draft.tokens[sent.first] is not head:
        return None
    nxt = draft.next(head)
    follows = nxt.text if nxt is not None and nxt.sent == head.sent else None
    if head.norm in openers.particles:
        if follows is None or follows in _ANSWER_MARKS:
            return "answer"
        return "glued" if nxt is not None and nxt.kind == "word" else None
    if head.norm in openers.confirmations:
        return "answer" if follows is None or follows in _ANSWER_MARKS else None
    if head.norm in _THANKS:
        return "answer"
    if (follows is None or follows in _ANSWER_MARKS) and _interjection(head):
        return "answer"  # «Ой.», «Ох, детское расстройство — это серьёзно!»
    return None


def _interjection(tok: Token) -> bool:
    found = _INTERJECTIONS.get(tok.norm)
    if found is None:
        found = _INTERJECTIONS.put(tok.norm, bool(tok.parses) and tok.norm not in _THANKS
                                   and tok.parses[0].tag.POS == "INTJ")
    return found


_INTERJECTIONS: BoundedCache[str, bool] = BoundedCache()  # by spelling: its text decides


def _ends_sentence(draft: Draft, sent: Sentence) -> bool:
    last = draft.tokens[sent.last]
    return last.kind == "punct" and last.text[-1:] in _TERMINAL


def _hedged(draft: Draft, m: Match, hedges: frozenset[str]) -> bool:
    """A hedge word among the few tokens before ``m`` in its sentence."""
    start = max(draft.sentences[m.first.sent].first, m.first.i - _HEDGE_REACH)
    return any(t.norm in hedges for t in draft.tokens[start:m.first.i])


def _inside(m: Match, spans: list[Match]) -> bool:
    """Whether ``m`` overlaps one of ``spans``."""
    return any(s.start < m.end and m.start < s.end for s in spans)
