"""Empathy (TC2xx): acknowledging what the client feels; never arguing, blaming or brushing off.

TC202 (dismissive phrases) is data only (``rules/empathy.yaml``); TC201 needs the client's
message and the draft's acknowledgements; TC203 (canned empathy) is data whose fix — «Простите,
что так вышло» for «приносим извинения за доставленные неудобства» — is offered only where the
sentence stays whole around it."""

from __future__ import annotations

from tonecoach.analysis.draft import Draft
from tonecoach.checks import Family, handles
from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.checks.apology import removed_by_over_apology
from tonecoach.checks.generic import applies
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

# a canned formula replaced by a clause of its own keeps the sentence whole only where it
# stands apart: at a sentence start or after punctuation, or after these adverbs of repetition
_LEAD_OK = frozenset({"ещё", "еще", "раз", "снова", "вновь", "также", "тоже"})
_CLAUSE_MARKS = frozenset({",", "—", "–", ":", ";"})
_SENTENCE_END = ".!?…"
# words after the comma that lean on the replaced noun («…неудобства, которые…»,
# «…, если таковые возникли», «…, связанные с задержкой»)
_LEANING = frozenset({"который", "таковой", "какой", "если", "чей"})


class Empathy(Family):
    """The empathy family."""

    category = "empathy"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        self.acknowledgement = AcknowledgementReader(book)

    @handles("TC201")
    def missing(self, run: CheckRun) -> None:
        """TC201: the client is upset or in trouble and nothing in the draft shows it was heard."""
        signals = run.signals
        ack = run.acknowledgement
        if signals is None or ack is None or not ack.needs_empathy(signals):
            return
        situation = self.acknowledgement.situation(signals)
        # a draft that disputes the fault or names an outside cause gets the neutral wording:
        # «…когда сервис не работает» would contradict «с нашей стороны всё работает»
        if ack.outside or ack.disputes(run):
            situation = self.acknowledgement.situations.get("other", situation)
        phrases = situation.empathy
        # with an apology missing too, the apology rule offers one combined insertion
        if ack.inserts_apology(run) or not ack.can_insert:
            fixes = []
        else:
            fixes = [ack.insertion(p) for p in phrases]
        evidence = signals.upset or signals.trouble or signals.fault
        why = ", ".join(f"«{e}»" for e in evidence[:3])
        run.report("TC201", ack.insert_at, ack.insert_at, fixes, why=why, fix=phrases[0])

    @handles("TC203")
    def canned(self, run: CheckRun) -> None:
        """TC203: canned formulas, with the data's replacement where it keeps the sentence
        whole — and not on an apology that TC302 removes as one too many."""
        found = run.matches.get("TC203")
        if not found:
            return
        rule = run.rules["TC203"]
        ack = run.acknowledgement
        for m in found:
            if not applies(run, rule, m):
                continue
            if m.entry.replacements and (
                    not _stands_apart(run.draft, m, run)
                    or (ack is not None and run.enabled("TC302")
                        and removed_by_over_apology(run.draft, ack, m))):
                run.report_match(m, replacements=[])
            else:
                run.report_match(m)


def _stands_apart(draft: Draft, m: Match, run: CheckRun) -> bool:
    """Whether a clause put in place of ``m`` reads right: nothing before it that governs it
    («Мы приносим…», «и приносим…»), nothing after it that leans on its words («…, если
    таковые возникли», «…неудобства, связанные с …»), and no non-apology around it (TC303:
    that one needs rewriting as a whole)."""
    if any(n.start < m.end and m.start < n.end for n in run.matches.get("TC303", ())):
        return False
    prev = draft.prev(m.first)
    if prev is not None and prev.sent == m.first.sent and prev.kind == "word" \
            and prev.norm not in _LEAD_OK:
        return False
    nxt = draft.next(m.last)
    if nxt is None or nxt.sent != m.last.sent or nxt.text[:1] in _SENTENCE_END:
        return True
    if nxt.text not in _CLAUSE_MARKS:
        return False
    word = draft.next(nxt, words_only=True)
    if word is None or word.sent != m.last.sent:
        return True
    top = word.parses[0] if word.parses else None
    if top is None:
        return True
    return str(top.normal_form) not in _LEANING and top.tag.POS not in ("PRTF", "ADJF")
