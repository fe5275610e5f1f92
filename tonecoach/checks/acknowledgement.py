"""What the draft already does to acknowledge the client — understanding, apologies, regret —
what it admits, and where a missing acknowledgement goes: the start of the reply's body, after
a greeting. Canned formulas (TC203: «понимаем ваше негодование», «приносим извинения за
доставленные неудобства») are apologies, but no understanding.

Shared by the empathy and apology families, so that the two never insert twice at one place:
when both are missing, the apology suggestion carries one combined insertion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from tonecoach.analysis.draft import Draft
from tonecoach.checks.edits import GREETINGS, body_start
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
    draft: Draft | None = None
    greetings: list[Match] = field(default_factory=list)

    @cached_property
    def _place(self) -> tuple[int, str, str]:
        return body_start(self.draft, self.greetings) if self.draft is not None else (0, "", " ")

    @property
    def insert_at(self) -> int:
        """Where a missing acknowledgement goes: the start of the body, after a greeting."""
        return self._place[0]

    @property
    def before(self) -> str:
        """What goes before an inserted phrase."""
        return self._place[1]

    @property
    def after(self) -> str:
        """What goes after an inserted phrase."""
        return self._place[2]

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

    def insertion(self, phrase: str) -> str:
        """``phrase`` with the spacing its insertion point needs."""
        return f"{self.before}{phrase}{self.after}"


class AcknowledgementReader:
    """Finds acknowledgements in a draft; built once per Coach, read once per check."""

    def __init__(self, book: Rulebook) -> None:
        self.attention_verbs = frozenset(book.lexicons.apology.attention_verbs)
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
            draft=draft,
            greetings=matches.get(GREETINGS, []),
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


def _inside(m: Match, spans: list[Match]) -> bool:
    """Whether ``m`` overlaps one of ``spans``."""
    return any(s.start < m.end and m.start < s.end for s in spans)
