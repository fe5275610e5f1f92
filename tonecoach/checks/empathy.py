"""Empathy (TC2xx): acknowledging what the client feels; never arguing, blaming or brushing off."""

from __future__ import annotations

from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.engines import PhraseMatcher
from tonecoach.registry import CheckRun
from tonecoach.ruledata import PhraseEntry, RuleSpec


class Empathy:
    """The empathy family; built once per :class:`~tonecoach.Coach`."""

    codes = ("TC201", "TC202", "TC203")

    def __init__(self, rules: dict[str, RuleSpec],
                 lexicons_by_family: dict[str, dict[str, list[str]]]) -> None:
        lexicons = lexicons_by_family.get("empathy", {})
        self.phrases = PhraseMatcher()
        for code in ("TC202", "TC203"):
            self.phrases.add(code, rules[code].phrases)
        # entries that apply only when the draft has none of a lexicon's phrases
        self.unless: dict[str, PhraseMatcher] = {}
        for code in ("TC202", "TC203"):
            for entry in rules[code].phrases:
                if entry.unless and entry.unless not in self.unless:
                    matcher = PhraseMatcher()
                    matcher.add(entry.unless, [PhraseEntry(phrase=p)
                                               for p in lexicons.get(entry.unless, [])])
                    self.unless[entry.unless] = matcher
        self.acknowledgement = AcknowledgementReader(rules, lexicons_by_family)

    def __call__(self, run: CheckRun) -> None:
        self._report_phrases(run)
        self._report_missing(run)

    def _report_phrases(self, run: CheckRun) -> None:
        draft = run.draft
        present: dict[str, bool] = {}
        for m in self.phrases.finditer(draft):
            unless = m.entry.unless
            if unless:
                if unless not in present:
                    present[unless] = next(self.unless[unless].finditer(draft), None) is not None
                if present[unless]:
                    continue
            run.report(m.key, m.start, m.end, m.entry.replacements,
                       word=draft.text[m.start:m.end], note=m.entry.note or "")

    def _report_missing(self, run: CheckRun) -> None:
        """TC201: the client is upset or in trouble and nothing in the draft shows it was heard."""
        signals = run.signals
        if signals is None or not run.enabled("TC201"):
            return
        ack = self.acknowledgement.of(run)
        if not ack.needs_empathy(signals):
            return
        phrases = self.acknowledgement.situation(signals).empathy
        # with an apology missing too, the apology rule offers one combined insertion
        combined = run.enabled("TC304") and ack.needs_apology(signals)
        fixes = [] if combined else [ack.insertion(p) for p in phrases]
        evidence = signals.upset or signals.trouble or signals.fault
        why = ", ".join(f"«{e}»" for e in evidence[:3])
        run.report("TC201", ack.insert_at, ack.insert_at, fixes, why=why, fix=phrases[0])
