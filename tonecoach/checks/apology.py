"""Apology (TC3xx): once, sincerely, owning the problem, and where the company is at fault.

Fixes keep the reply whole (DESIGN.md, «Suggestions»):

- TC301 picks the form that fits the words around «извиняюсь»: «Извините» alone, «приношу
  извинения» after «я/мы», «прошу прощения» after «очень», «искренне» («очень извините» is
  no Russian), in the case of its place; «извиняюсь перед вами» gets advice only;
- TC302 keeps the apology that names its reason («за задержку», «, что так вышло», one with a
  regret beside it) and flags the generic and repeated ones; its fix removes only the apology
  (with its «ещё раз», «пожалуйста», its own «за …» and its punctuation), never a word of the
  rest of the sentence, and gives the next word the sentence's capital; where that cannot be
  done cleanly («Заказ, извините, задерживается», «…, что заказ задержался»), advice only;
- TC304 inserts no apology in front of a reply that disputes the fault (see
  :mod:`tonecoach.checks.acknowledgement`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tonecoach.analysis.draft import Draft, Token
from tonecoach.checks import Family, handles
from tonecoach.checks.acknowledgement import Acknowledgement, AcknowledgementReader
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

_SUBJECTS = frozenset({"я", "мы"})
# degree words that cannot modify «извините»: «очень извиняюсь» → «очень прошу прощения»
_INTENSIFIERS = frozenset({"очень", "искренне", "сильно", "глубоко", "крайне", "ужасно",
                           "безмерно", "страшно", "жутко", "так", "нижайше", "покорно"})
# words that go with an apology: «Ещё раз простите», «И снова извините», «Мы приносим …»
_APOLOGY_LEAD = frozenset({"ещё", "еще", "раз", "и", "также", "тоже", "снова", "вновь",
                           "искренне", "очень", "я", "мы"})
# words after it that belong to it: «простите нас», «извините меня ещё раз», «пожалуйста»
_APOLOGY_TRAIL = frozenset({"нас", "меня", "пожалуйста", "ещё", "еще", "раз", "снова", "вновь",
                            "уж", "великодушно", "искренне", "тоже", "также"})
# reasons that name nothing: «извините за неудобства» is as generic as a bare «извините»
_GENERIC_REASONS = frozenset({"неудобство", "беспокойство"})
# «…, что так вышло» names nothing either
_VAGUE_CLAUSE = frozenset({"так", "вышло", "получилось", "случилось", "произошло", "это", "всё",
                           "все"})
_THANKS = frozenset({"спасибо", "благодарю", "благодарим"})
_CLAUSE_MARKS = frozenset({",", "—", "–", ":", ";"})
_TERMINAL = ".!?…"
_PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "PRED", "INFN"})
# after «Простите, …» these lean on the apology: removing it would leave them hanging
_LEANING = frozenset({"но", "а", "и", "если", "что", "чтобы", "когда", "потому", "так",
                      "который", "какой", "чей", "поэтому", "ведь"})


@dataclass(frozen=True)
class _Apology:
    """One apology of the draft, read for TC302."""

    match: Match
    first: Token  # the apology with its lead and trail («Ещё раз простите нас»)
    last: Token
    reason: str | None  # "for" («за задержку»), "that" («, что так вышло»), "regret" or None
    reason_last: Token | None  # the last word of «за …» or «, что …»
    key: str  # the lemma the reason names («задержка»)
    generic: bool  # «за неудобства», a canned formula

    @property
    def specific(self) -> bool:
        return self.reason is not None and not self.generic


class Apology(Family):
    """The apology family; TC303 (non-apologies) is data only."""

    category = "apology"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        self.acknowledgement = AcknowledgementReader(book)

    @handles("TC301")
    def izvinyayus(self, run: CheckRun) -> None:
        """TC301: «извиняюсь» → «извините» (or «приношу извинения» after «я», «прошу
        прощения» after «очень»)."""
        draft = run.draft
        for m in run.matches.get("TC301", ()):
            fitting = self._izvinyayus_forms(draft, m)
            fixes = [] if _governs_pered(draft, m) else fitting
            if _canned_reason_after(draft, m.last):
                # «приносим извинения / просим прощения за неудобства» is a canned formula
                fixes = [f for f in fixes if f.lower().startswith("извин")]
            run.report("TC301", m.start, m.end, fixes, word=draft.text[m.start:m.end],
                       fix=fitting[0] if fitting else m.entry.replacements[0],
                       note=m.entry.note or "")

    @staticmethod
    def _izvinyayus_forms(draft: Draft, m: Match) -> list[str]:
        """The forms that fit the place of «извиняюсь», cased for it."""
        options = list(m.entry.replacements)
        sent = draft.sentences[m.first.sent]
        before = draft.prev(m.first)
        if before is not None and before.sent == m.first.sent and before.norm in _INTENSIFIERS:
            options = [o for o in options if "прощени" in o.lower()]
        elif any(w.norm in _SUBJECTS for w in sent.words if w.end <= m.start):
            options = [o for o in options[1:] if not o.lower().startswith("извин")]
        at_start = draft.sentence_start(m.first)
        original = draft.text[m.start:m.end]
        return [_case_for_place(o, original, at_start) for o in options]

    @handles("TC302")
    def over_apology(self, run: CheckRun) -> None:
        """TC302: one apology per reply (one per three sentences in a long one). The ones that
        name their reason stay (the first of them when there are more), the generic and
        repeated ones are flagged, each with a fix that removes just the apology."""
        ack = run.acknowledgement
        if ack is None or len(ack.apologies) < 2:
            return
        draft = run.draft
        apologies, kept = over_apology(draft, ack)
        if not kept:
            return
        first_kept = apologies[min(kept)]
        named = draft.text[first_kept.first.start:_end(first_kept).end]
        for n, a in enumerate(apologies, start=1):
            if n - 1 in kept:
                continue
            fix = _removal(draft, a)
            run.report("TC302", *(fix[:2] if fix else (a.match.start, a.match.end)),
                       [fix[2]] if fix else [], variant="first" if n == 1 else None,
                       count=str(n), kept=named)

    @handles("TC304")
    def missing(self, run: CheckRun) -> None:
        """TC304: the client reports a fault of the company, or the draft admits one, and the
        draft neither apologises nor regrets. No insertion where the draft disputes the fault
        or has no place where a phrase reads right: the suggestion stays as advice."""
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
        if not ack.inserts_apology(run):
            if variant is None and ack.disputes(run):
                variant = "disputed"
            run.report("TC304", ack.insert_at, ack.insert_at, [], variant=variant, why=why,
                       fix=apologies[0])
            return
        if signals is not None and run.enabled("TC201") and ack.needs_empathy(signals):
            phrases = [f"{e} {a}" for e in situation.empathy[:1] for a in apologies]
            phrases += apologies
        else:
            phrases = list(apologies)
        run.report("TC304", ack.insert_at, ack.insert_at,
                   [ack.insertion(p) for p in phrases], variant=variant, why=why,
                   fix=apologies[0])


def over_apology(draft: Draft, ack: Acknowledgement) -> tuple[list[_Apology], set[int]]:
    """The draft's apologies in text order and the indexes of those that stay (empty when
    there are not more than one per three sentences): the ones that name their reason
    first, then the earliest."""
    allowed = max(1, len(draft.sentences) // 3)
    if len(ack.apologies) <= allowed:
        return [], set()
    apologies = [_read(draft, m, ack) for m in sorted(ack.apologies, key=lambda a: a.start)]
    ranked = sorted(range(len(apologies)), key=lambda i: (not apologies[i].specific, i))
    return apologies, set(ranked[:allowed])


def removed_by_over_apology(draft: Draft, ack: Acknowledgement, m: Match) -> bool:
    """Whether ``m`` overlaps an apology that TC302 flags as one too many (its fix then
    removes it: a replacement of its own would only put another apology in its place)."""
    apologies, kept = over_apology(draft, ack)
    return any(i not in kept and a.match.start < m.end and m.start < a.match.end
               for i, a in enumerate(apologies))


def _governs_pered(draft: Draft, m: Match) -> bool:
    """«извиняюсь перед вами»: «извините перед вами» is no Russian."""
    after = draft.next(m.last)
    return after is not None and after.sent == m.last.sent and after.norm == "перед"


def _canned_reason_after(draft: Draft, last: Token) -> bool:
    """«… за (доставленные) неудобства» follows ``last``."""
    za = draft.next(last, words_only=True)
    if za is None or za.sent != last.sent or za.norm != "за":
        return False
    tok = draft.next(za, words_only=True)
    for _ in range(2):
        if tok is None or tok.sent != last.sent:
            return False
        if tok.lemma == "неудобство":
            return True
        tok = draft.next(tok, words_only=True)
    return False


def _case_for_place(option: str, original: str, at_start: bool) -> str:
    """``option`` with the capital its place needs: the sentence's first word takes one, a
    word inside a sentence none; a word written in capitals stays in capitals."""
    if not option:
        return option
    if len(original) > 1 and original.isupper():
        return option.upper()
    return (option[:1].upper() if at_start else option[:1].lower()) + option[1:]


def _read(draft: Draft, m: Match, ack: Acknowledgement) -> _Apology:
    """An apology with its lead («Ещё раз», «Ой,»), its trail («нас, пожалуйста») and what it
    apologises for."""
    tokens = draft.tokens
    first = m.first
    i = first.i - 1
    while i >= 0 and tokens[i].sent == m.first.sent:
        tok = tokens[i]
        if tok.kind == "word" and (tok.norm in _APOLOGY_LEAD or _interjection(tok)):
            first, i = tok, i - 1
        elif tok.text == "-" and i > 0 and tokens[i - 1].end == tok.start \
                and tokens[i + 1].start == tok.end and tokens[i - 1].norm in _APOLOGY_LEAD:
            i -= 1  # «Очень-очень извиняемся»
        elif tok.text == "," and i > 0 and _interjection(tokens[i - 1]):
            first, i = tokens[i - 1], i - 2  # «Ой, простите»
        else:
            break
    last = m.last
    j = last.i + 1
    while j < len(tokens) and tokens[j].sent == m.last.sent:
        tok = tokens[j]
        if tok.kind == "word" and tok.norm in _APOLOGY_TRAIL:
            last, j = tok, j + 1
        elif tok.text == "," and j + 1 < len(tokens) and tokens[j + 1].norm == "пожалуйста" \
                and tokens[j + 1].sent == tok.sent:
            last, j = tokens[j + 1], j + 2  # «Простите, пожалуйста»
        else:
            break
    canned = any(c.start < m.end and m.start < c.end for c in ack.canned)
    nxt = draft.next(last)
    if nxt is not None and nxt.text == "," and nxt.sent == last.sent:
        nxt = draft.next(nxt)
    if nxt is not None and nxt.sent == last.sent and nxt.norm == "за":
        reason_last, key = _reason_phrase(draft, nxt)
        return _Apology(m, first, last, "for", reason_last, key,
                        canned or key in _GENERIC_REASONS)
    if nxt is not None and nxt.sent == last.sent and nxt.norm == "что":
        reason_last, _ = _reason_phrase(draft, nxt)
        said = draft.tokens[nxt.i + 1:reason_last.i + 1]
        vague = all(t.norm in _VAGUE_CLAUSE for t in said if t.kind == "word")
        return _Apology(m, first, last, "that", reason_last, "", canned or vague)
    if any(r.first.sent == m.first.sent for r in ack.regrets):
        return _Apology(m, first, last, "regret", None, "", canned)
    return _Apology(m, first, last, None, None, "", True)


def _reason_phrase(draft: Draft, za: Token) -> tuple[Token, str]:
    """The last word of «за …» (up to a clause mark) and the lemma of its first noun."""
    last, key = za, ""
    tok = draft.next(za)
    while tok is not None and tok.sent == za.sent:
        if tok.kind == "punct" and (tok.text in _CLAUSE_MARKS or tok.text[:1] in _TERMINAL):
            break
        if tok.kind in ("word", "number"):
            last = tok
            if not key and tok.parses and tok.parses[0].tag.POS == "NOUN":
                key = str(tok.parses[0].normal_form)
        tok = draft.next(tok)
    return last, key


def _end(a: _Apology) -> Token:
    """The last token of the apology with its reason."""
    return a.reason_last if a.reason_last is not None else a.last


def _removal(draft: Draft, a: _Apology) -> tuple[int, int, str] | None:
    """Span and replacement that remove the apology ``a`` and nothing else; ``None`` where
    the sentence would not stay whole."""
    text, tokens = draft.text, draft.tokens
    first, last = a.first, _end(a)
    sent = draft.sentences[first.sent]
    prev = draft.prev(first)
    prev = prev if prev is not None and prev.sent == first.sent else None
    nxt = draft.next(last)
    nxt = nxt if nxt is not None and nxt.sent == last.sent else None
    if prev is not None and prev.text == "-" and first is a.match.first \
            and prev.end == first.start and prev.i > 0 \
            and tokens[prev.i - 1].end == prev.start \
            and tokens[prev.i - 1].norm == first.norm:
        return prev.start, last.end, ""  # «простите-простите» → «простите»
    if prev is None and tokens[sent.first] is first:
        rest = tokens[last.i + 1:sent.last + 1]
        if all(t.kind == "punct" and t.text[:1] in _TERMINAL for t in rest):
            return _whole_sentence(text, first.start, tokens[sent.last].end)
        if a.reason == "that":
            return None  # where «что …» ends, and what it tells, is not sure
        if nxt is None or nxt.text not in _CLAUSE_MARKS:
            return None
        word = draft.next(nxt)
        if word is None or word.sent != first.sent or word.kind not in ("word", "number") \
                or word.start != _after_spaces(text, nxt.end):
            return None
        if word.kind == "number":
            return first.start, word.start, ""
        top = word.parses[0] if word.parses else None
        if word.norm in _LEANING or (top is not None and (
                str(top.normal_form) in _LEANING or top.tag.POS == "PRTF")):
            return None  # «Простите, но …», «…за задержку, вызванную сбоем»
        capital = first.text[:1].isupper()
        return first.start, word.end, (word.text[:1].upper() if capital else
                                       word.text[:1]) + word.text[1:]
    if a.reason != "that" and prev is not None and prev.text in _CLAUSE_MARKS and (
            nxt is None or (nxt.kind == "punct" and nxt.text[:1] in _TERMINAL)):
        if not _clause_has_predicate(draft, prev):
            return None  # «Мы, конечно, приносим извинения.»: nothing left to stand alone
        start = prev.start
        while start > 0 and text[start - 1] in " \t\u00a0":
            start -= 1
        return start, last.end, ""  # «Курьер будет через 10 минут, ещё раз извините.»
    return None


def _clause_has_predicate(draft: Draft, mark: Token) -> bool:
    """Whether the words before ``mark`` in its sentence, back to the previous clause mark,
    hold a predicate: what is left once the apology after ``mark`` goes is a clause."""
    tok = draft.prev(mark)
    while tok is not None and tok.sent == mark.sent:
        if tok.kind == "punct" and tok.text in _CLAUSE_MARKS:
            break
        if tok.kind == "word" and tok.parses and tok.parses[0].tag.POS in _PREDICATE_POS:
            return True
        tok = draft.prev(tok)
    return False


def _whole_sentence(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Remove a sentence with the spaces that separated it: the ones after it when the line
    goes on, else the ones before it; a sentence alone on its line goes with its line."""
    after = _after_spaces(text, end)
    if after < len(text) and text[after] not in "\r\n":
        return start, after, ""
    begin = start
    while begin > 0 and text[begin - 1] in " \t\u00a0":
        begin -= 1
    if begin == 0 or text[begin - 1] == "\n":  # alone on its line
        stop = after
        while stop < len(text) and text[stop] in " \t\u00a0\r\n":
            stop += 1
        if stop < len(text):
            return begin, stop, ""
        while begin > 0 and text[begin - 1] in " \t\u00a0\r\n":
            begin -= 1
    return begin, after, ""


def _after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    return pos


def _interjection(tok: Token) -> bool:
    return bool(tok.parses) and tok.parses[0].tag.POS == "INTJ" and tok.norm not in _THANKS
