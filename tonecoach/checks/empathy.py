"""Empathy (TC2xx): acknowledging what the client feels; never arguing, blaming or brushing off.

TC202 (dismissive phrases) and TC203 (canned empathy) are data only (``rules/empathy.yaml``);
TC201 needs the client's message and the draft's acknowledgements."""

from __future__ import annotations

from tonecoach.checks import Family, handles
from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook


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
        phrases = self.acknowledgement.situation(signals).empathy
        # with an apology missing too, the apology rule offers one combined insertion
        combined = run.enabled("TC304") and ack.needs_apology(signals)
        fixes = [] if combined else [ack.insertion(p) for p in phrases]
        evidence = signals.upset or signals.trouble or signals.fault
        why = ", ".join(f"«{e}»" for e in evidence[:3])
        run.report("TC201", ack.insert_at, ack.insert_at, fixes, why=why, fix=phrases[0])
