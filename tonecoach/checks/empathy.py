"""Empathy (TC2xx): acknowledging what the client feels; never arguing, blaming or brushing off."""

from __future__ import annotations

from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.matcher import PhraseMatcher
from tonecoach.rulebook.schema import RuleSpec, lexicon_entry


class Empathy:
    """The empathy family; built once per :class:`~tonecoach.Coach`."""

    codes = ("TC201", "TC202", "TC203")

    def __init__(self, rules: dict[str, RuleSpec],
                 lexicons_by_family: dict[str, dict[str, list[str]]],
                 phrases: PhraseMatcher) -> None:
        lexicons = lexicons_by_family.get("empathy", {})
        for code in ("TC202", "TC203"):
            phrases.add(code, rules[code].phrases)
            # entries that apply only when the draft has none of a lexicon's phrases
            for entry in rules[code].phrases:
                key = _unless_key(entry.unless)
                if entry.unless and not phrases.has(key):
                    phrases.add(key, [lexicon_entry(p) for p in lexicons.get(entry.unless, [])])
        self.acknowledgement = AcknowledgementReader(rules, lexicons_by_family, phrases)

    def __call__(self, run: CheckRun) -> None:
        self._report_phrases(run)
        self._report_missing(run)

    def _report_phrases(self, run: CheckRun) -> None:
        draft = run.draft
        for code in ("TC202", "TC203"):
            for m in run.matches.get(code, ()):
                if m.entry.unless and run.matches.get(_unless_key(m.entry.unless)):
                    continue
                run.report(code, m.start, m.end, m.entry.replacements,
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


def _unless_key(lexicon: str | None) -> str:
    return f"empathy:unless:{lexicon}"
