"""Apology (TC3xx): once, sincerely, owning the problem, and where the company is at fault."""

from __future__ import annotations

from tonecoach.analysis.draft import Draft
from tonecoach.analysis.inflection import match_case
from tonecoach.checks import Family, handles
from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

_SUBJECTS = frozenset({"я", "мы"})
_APOLOGY_LEAD = frozenset({"ещё", "еще", "раз", "и", "также", "снова", "искренне", "очень"})


class Apology(Family):
    """The apology family; TC303 (non-apologies) is data only."""

    category = "apology"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        self.acknowledgement = AcknowledgementReader(book)

    @handles("TC301")
    def izvinyayus(self, run: CheckRun) -> None:
        """TC301: «извиняюсь» → «извините» (or «приношу извинения» after «я»)."""
        draft = run.draft
        for m in run.matches.get("TC301", ()):
            fixes = self._izvinyayus_fixes(draft, m)
            run.report("TC301", m.start, m.end, fixes, word=draft.text[m.start:m.end],
                       fix=fixes[0])

    @staticmethod
    def _izvinyayus_fixes(draft: Draft, m: Match) -> list[str]:
        """«Извиняюсь» → «Извините»; after «я/мы» → «приношу/приносим извинения»."""
        options = list(m.entry.replacements)
        prev = draft.prev(m.first, words_only=True)
        if prev is not None and prev.norm in _SUBJECTS and prev.sent == m.first.sent:
            options = [o.lower() for o in options[1:]] + options[:1]
            return [o for o in options if o[0].islower()] or options
        return [match_case(o, m.first.text) for o in options]

    @handles("TC302")
    def over_apology(self, run: CheckRun) -> None:
        """TC302: one apology per reply (one per three sentences in a long one); the first
        ones stay, the rest are flagged — with a fix when the apology is a sentence of its own."""
        ack = run.acknowledgement
        if ack is None:
            return
        allowed = max(1, len(run.draft.sentences) // 3)
        for n, m in enumerate(ack.apologies[allowed:], start=allowed + 1):
            span = _apology_sentence(run.draft, m)
            if span is not None:
                run.report("TC302", span[0], span[1], [""], count=str(n))
            else:
                run.report("TC302", m.start, m.end, [], count=str(n))

    @handles("TC304")
    def missing(self, run: CheckRun) -> None:
        """TC304: the client reports a fault of the company, or the draft admits one, and the
        draft neither apologises nor regrets."""
        signals = run.signals
        ack = run.acknowledgement
        if ack is None:
            return
        if signals is not None and ack.needs_apology(signals):
            situation = self.acknowledgement.situation(signals)
            why = ", ".join(f"«{e}»" for e in signals.fault[:3])
            variant = None
        elif ack.admits_without_apology:
            situation = self.acknowledgement.situation(signals) if signals is not None \
                else self.acknowledgement.situations["other"]
            why = ", ".join(f"«{run.draft.text[m.start:m.end]}»" for m in ack.admissions[:2])
            variant = "admitted"
        else:
            return
        apologies = situation.apology
        if signals is not None and run.enabled("TC201") and ack.needs_empathy(signals):
            phrases = [f"{e} {a}" for e in situation.empathy[:1] for a in apologies]
            phrases += apologies
        else:
            phrases = list(apologies)
        run.report("TC304", ack.insert_at, ack.insert_at,
                   [ack.insertion(p) for p in phrases], variant=variant, why=why,
                   fix=apologies[0])


def _apology_sentence(draft: Draft, m: Match) -> tuple[int, int] | None:
    """The span of the sentence holding the apology, with the space after it, when the
    sentence is nothing but an apology («Простите за долгое ожидание.»); else ``None``."""
    sent = draft.sentences[m.first.sent]
    words = sent.words
    lead = 0
    while lead < len(words) and words[lead].norm in _APOLOGY_LEAD:
        lead += 1
    if lead >= len(words) or words[lead] is not m.first:
        return None
    rest = [w for w in words if w.start >= m.end]
    if any(w.parses and w.parses[0].tag.POS in ("VERB", "INFN") for w in rest):
        return None
    start = draft.tokens[sent.first].start
    end = draft.tokens[sent.last].end
    text = draft.text
    while end < len(text) and text[end] in " \t":
        end += 1
    return start, end
