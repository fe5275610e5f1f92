"""Reading the client's message: is the client upset or glad, in trouble, wronged by the
company (a fault asserted, not asked about, not the client's own or an outsider's), and what
the trouble is about. Phrases and patterns come from ``rules/signals.yaml``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import regex

from tonecoach.analysis.draft import Draft, analyze
from tonecoach.models import ClientSignals
from tonecoach.rulebook.lexicons import SignalData
from tonecoach.rulebook.matcher import Match, Matcher

_EXCITED = regex.compile(r"!{3,}|\?{2,}|[?!]*(?:\?!|!\?)[?!]*")
_DOUBLED = regex.compile(r"\?\?")
_PLAYFUL = regex.compile(r"[:;]-?[)D]|\){2,}|∀|[😀😁😂🤣😃😄😅😆😉😊😋😎😍🙂🤗👍]")
_CAPS_WORD = regex.compile(r"[А-ЯЁ]{3,}")
CACHE_SIZE = 256
_CLAUSE = frozenset(",;:—–")


class SignalReader:
    """Derives :class:`ClientSignals` from a message; built once per Coach, results cached
    per message (an editor re-checks the draft many times against one client message)."""

    def __init__(self, data: SignalData, frequent: Sequence[str] = ()) -> None:
        self.matcher = Matcher(frequent)
        for kind in ("upset", "joy", "trouble", "fault", "malfunction", "responsibility",
                     "no_fault", "not_company", "insist"):
            self.matcher.add(kind, getattr(data, kind))
        self.hypothetical = frozenset(data.hypothetical)
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
        matches = self.matcher.find(draft, skip_quoted=False)
        # a title or an error message in quotes is not the client's mood («Зачем нужны …»)
        felt = [m for m in matches.get("upset", ()) if not m.first.quoted]
        # what a plain question asks is not asserted («Почему начислили пени?»), but a
        # rhetorical one asserts («С утра не открывается кабинет, сколько можно?») and so does
        # a clause before the question («Заказ не пришёл, что делать?»)
        questions = _asking_clauses(draft)
        for sent in _sentences([*felt, *matches.get("insist", ())]):
            questions.pop(sent, None)

        def asked(m: Match) -> bool:
            return m.first.i >= questions.get(m.first.sent, len(draft.tokens))

        not_company = _sentences(matches.get("not_company", ()))
        text = draft.text
        upset = _fragments(text, felt)
        trouble = _fragments(text, [m for m in matches.get("trouble", ()) if not asked(m)])
        joy = _fragments(text, matches.get("joy", ()))
        # «!!!» and capitals are anger only when nothing is glad or playful («:)», «(・∀・)»)
        angry = bool(upset) or not (joy or _PLAYFUL.search(text))
        marks = _marks(draft) if angry else []
        shouted = _shouted(draft) if angry else ""
        candidates = list(matches.get("fault", ()))
        loud = any(not _DOUBLED.fullmatch(m) for m in marks) or shouted
        if upset or loud or trouble or matches.get("responsibility"):
            candidates += matches.get("malfunction", ())
        faults: list[Match] = []
        if not matches.get("no_fault"):
            faults = [m for m in candidates if m.first.sent not in not_company
                      and not asked(m) and not self._supposed(draft, m)]
        # «??» is eagerness in a request («можно восстановить??»), anger in a complaint
        upset += [m for m in marks if m not in upset
                  and (not _DOUBLED.fullmatch(m) or faults or trouble)]
        if shouted:
            upset.append(shouted)
        # a fault exclaimed: «пришли не те кроссовки!»
        exclaimed = [m for m in faults if _exclaimed(draft, m.first.sent)]
        if angry and exclaimed and not upset:
            upset.append(text[exclaimed[0].start:exclaimed[0].end] + "!")
        # the situation is read only where the client complains: «Ужасный сервис» in a
        # review that also mentions the price is not about money
        complaint = _sentences([*faults, *felt, *matches.get("trouble", ())])
        hits = {key.partition(":")[2] for key, ms in matches.items()
                if key.startswith("situation:") and any(m.first.sent in complaint for m in ms)}
        situation = next((name for name in self.situations if name in hits),
                         self.situations[-1])
        return ClientSignals(upset=upset, trouble=trouble, fault=_fragments(text, faults),
                             joy=joy, situation=situation)

    def _supposed(self, draft: Draft, m: Match) -> bool:
        """«если одно решение не работает»: a hypothetical word earlier in the clause."""
        j = m.first.i - 1
        words = 0
        while j >= 0 and words < 6:
            tok = draft.tokens[j]
            if tok.sent != m.first.sent or (tok.kind == "punct" and tok.text in ",;:—()"):
                return False
            if tok.kind == "word":
                if tok.norm in self.hypothetical:
                    return True
                words += 1
            j -= 1
        return False


def _fragments(text: str, matches: Iterable[Match]) -> list[str]:
    """The matched fragments in text order, each once."""
    out: list[str] = []
    for m in sorted(matches, key=lambda m: m.start):
        fragment = text[m.start:m.end]
        if fragment not in out:
            out.append(fragment)
    return out


def _sentences(matches: Iterable[Match]) -> set[int]:
    return {m.first.sent for m in matches}


def _asking_clauses(draft: Draft) -> dict[int, int]:
    """Sentences that end in a question mark («?!» accuses: not a question), each with the index
    of the first token of its last clause: the part that asks."""
    out: dict[int, int] = {}
    tokens = draft.tokens
    for sent in draft.sentences:
        marks = ""
        j = sent.last
        while j >= sent.first and tokens[j].kind == "punct":
            marks = tokens[j].text + marks
            j -= 1
        if "?" not in marks or "!" in marks:
            continue  # «?!» accuses: it asserts
        while j >= sent.first and not (tokens[j].kind == "punct" and tokens[j].text in _CLAUSE):
            j -= 1
        out[sent.index] = j + 1
    return out


def _marks(draft: Draft) -> list[str]:
    """«!!!», «??», «?!» written by the client: not a masked value («client_id=????») and not
    inside quotes or code."""
    text = draft.text
    out: list[str] = []
    for m in _EXCITED.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if before in "=:/&*" or before.isdigit() or "a" <= before.lower() <= "z":
            continue  # a masked value («client_id=2943d1????»), not a feeling
        tok = draft.token_at(m.start())
        if tok is not None and (tok.quoted or tok.markup):
            continue
        if m.group() not in out:
            out.append(m.group())
    return out


def _shouted(draft: Draft) -> str:
    """Two different long words in capitals («ВЕРНИТЕ ДЕНЬГИ»); not one word of emphasis
    («ПОД АДМИНОМ»), not «СПА СПА» and not a name in quotes («"РОЖДЕСТВЕНСКАЯ ЁЛКА"»)."""
    text = draft.text
    caps = list(dict.fromkeys(t.text for t in draft.tokens if t.kind == "word"
                              and not t.quoted and len(t.text) >= 4
                              and _CAPS_WORD.fullmatch(t.text)
                              and text[t.start - 1:t.start] not in ("\\", "/")
                              and text[t.end:t.end + 1] not in ("\\", "/")))  # not a path
    return " ".join(caps[:3]) if len(caps) >= 2 else ""


def _exclaimed(draft: Draft, sent: int) -> bool:
    last = draft.tokens[draft.sentences[sent].last]
    return last.kind == "punct" and last.text == "!"
