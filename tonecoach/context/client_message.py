"""Reading the client's message: is the client upset, in trouble, wronged by the company,
and what is the trouble about. Phrases come from ``rules/signals.yaml``, matched by lemma."""

from __future__ import annotations

import threading
from collections import OrderedDict

import regex

from tonecoach.analysis.draft import Draft, analyze
from tonecoach.models import ClientSignals
from tonecoach.rulebook.lexicons import SignalData
from tonecoach.rulebook.matcher import Matcher

_EXCITED = regex.compile(r"!{3,}|\?{3,}|[?!]*(?:\?!|!\?)[?!]*")
_CAPS_WORD = regex.compile(r"\b[А-ЯЁ]{3,}\b")
CACHE_SIZE = 256


class SignalReader:
    """Derives :class:`ClientSignals` from a message; built once per Coach, results cached
    per message (an editor re-checks the draft many times against one client message)."""

    def __init__(self, data: SignalData) -> None:
        self.matcher = Matcher()
        for kind in ("upset", "trouble", "fault"):
            self.matcher.add(kind, getattr(data, kind))
        self.situations = [s.name for s in data.situations]
        for situation in data.situations:
            self.matcher.add(f"situation:{situation.name}", situation.words)
        self._cache: OrderedDict[str, ClientSignals] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, message: str) -> ClientSignals:
        """The signals of one client message."""
        with self._lock:
            cached = self._cache.get(message)
            if cached is not None:
                self._cache.move_to_end(message)
                return cached
        signals = self._read(analyze(message))
        with self._lock:
            self._cache[message] = signals
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return signals

    def _read(self, draft: Draft) -> ClientSignals:
        found: dict[str, list[str]] = {"upset": [], "trouble": [], "fault": []}
        situation_hits: list[tuple[int, str]] = []  # (sentence, situation)
        signal_sentences: set[int] = set()
        matches = self.matcher.find(draft, skip_quoted=False)
        for m in sorted((m for ms in matches.values() for m in ms), key=lambda m: m.start):
            fragment = draft.text[m.start:m.end]
            if m.key.startswith("situation:"):
                situation_hits.append((m.first.sent, m.key.partition(":")[2]))
                continue
            signal_sentences.add(m.first.sent)
            if fragment not in found[m.key]:
                found[m.key].append(fragment)
        # the situation is read only where the client complains: «Ужасный сервис» in a
        # review that also mentions the price is not about money
        hits = {name for sent, name in situation_hits if sent in signal_sentences}
        text = draft.text
        for marks in _EXCITED.findall(text):
            if marks not in found["upset"]:
                found["upset"].append(marks)
        # shouting: two different long words in capitals («ВЕРНИТЕ ДЕНЬГИ»), not «СПА СПА»
        caps = list(dict.fromkeys(w for w in _CAPS_WORD.findall(text) if len(w) >= 4))
        if len(caps) >= 2 or any(len(w) >= 7 for w in caps):
            found["upset"].append(" ".join(caps[:3]))
        situation = next((name for name in self.situations if name in hits),
                         self.situations[-1])
        return ClientSignals(upset=found["upset"], trouble=found["trouble"],
                             fault=found["fault"], situation=situation)
