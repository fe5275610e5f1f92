"""What the draft already does to acknowledge the client — understanding, apologies, regret —
and where a missing acknowledgement goes: the start of the reply's body, after a greeting.

Shared by the empathy and apology families, so that the two never insert twice at one place:
when both are missing, the apology suggestion carries one combined insertion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tonecoach.analysis.draft import Draft
from tonecoach.checks.edits import GREETINGS, body_start, register_greetings
from tonecoach.checks.run import CheckRun
from tonecoach.models import ClientSignals
from tonecoach.rulebook.matcher import PhraseMatch, PhraseMatcher
from tonecoach.rulebook.schema import RuleSpec, Situation, builtin_signals, lexicon_entry

_SHARED_KEY = "acknowledgement"
_EMPATHY = "empathy:markers"
_APOLOGY = "apology:apologies"
_REGRET = "apology:regrets"


@dataclass
class Acknowledgement:
    """The draft's acknowledgements and the insertion point for a missing one."""

    empathy: list[PhraseMatch] = field(default_factory=list)
    apologies: list[PhraseMatch] = field(default_factory=list)  # attention-getters left out
    regrets: list[PhraseMatch] = field(default_factory=list)
    non_apologies: list[PhraseMatch] = field(default_factory=list)
    insert_at: int = 0
    before: str = ""  # what goes before an inserted phrase
    after: str = " "  # and after it

    @property
    def has_apology(self) -> bool:
        """Any apology or regret, sincere or not (a non-apology has its own rule)."""
        return bool(self.apologies or self.regrets or self.non_apologies)

    def needs_empathy(self, signals: ClientSignals | None) -> bool:
        return (signals is not None and signals.needs_care and not self.empathy
                and not self.has_apology)

    def needs_apology(self, signals: ClientSignals | None) -> bool:
        return signals is not None and bool(signals.fault) and not self.has_apology

    def insertion(self, phrase: str) -> str:
        """``phrase`` with the spacing its insertion point needs."""
        return f"{self.before}{phrase}{self.after}"


class AcknowledgementReader:
    """Finds acknowledgements in a draft; built once per family, read once per check."""

    def __init__(self, rules: dict[str, RuleSpec],
                 lexicons: dict[str, dict[str, list[str]]], phrases: PhraseMatcher) -> None:
        empathy = lexicons.get("empathy", {})
        apology = lexicons.get("apology", {})
        for key, words in ((_EMPATHY, empathy.get("empathy_markers", [])),
                           (_APOLOGY, apology.get("apologies", [])),
                           (_REGRET, apology.get("regrets", []))):
            if not phrases.has(key):
                phrases.add(key, [lexicon_entry(p) for p in words])
        register_greetings(phrases, lexicons)
        self.attention_verbs = frozenset(apology.get("attention_verbs", []))
        self.situations = {s.name: s for s in builtin_signals().situations}

    def situation(self, signals: ClientSignals) -> Situation:
        """The phrases that fit the client's situation (the generic ones as a fallback)."""
        return self.situations.get(signals.situation) or list(self.situations.values())[-1]

    def of(self, run: CheckRun) -> Acknowledgement:
        """The acknowledgement facts of this run's draft (computed once per run)."""
        found = run.shared.get(_SHARED_KEY)
        if isinstance(found, Acknowledgement):
            return found
        ack = self._read(run.draft, run.matches)
        run.shared[_SHARED_KEY] = ack
        return ack

    def _read(self, draft: Draft, matches: dict[str, list[PhraseMatch]]) -> Acknowledgement:
        ack = Acknowledgement(
            empathy=matches.get(_EMPATHY, []),
            apologies=[m for m in matches.get(_APOLOGY, ())
                       if not self._asks_attention(draft, m)],
            regrets=matches.get(_REGRET, []),
            non_apologies=matches.get("TC303", []),
        )
        greetings = matches.get(GREETINGS, [])
        ack.apologies = [a for a in ack.apologies
                         if not any(n.start <= a.start < n.end for n in ack.non_apologies)]
        ack.insert_at, ack.before, ack.after = body_start(draft, greetings)
        return ack

    def _asks_attention(self, draft: Draft, m: PhraseMatch) -> bool:
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
