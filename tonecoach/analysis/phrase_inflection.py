"""Inflecting a multiword replacement like the words it replaces: its head noun takes the
case and number, the adjectives before it agree, quoted names stay («подписка «Плюс»» →
«подписки «Плюс»»). Company rules and greeting fixes use it."""

from __future__ import annotations

from typing import Any

import regex

from tonecoach.analysis import morph
from tonecoach.analysis.inflection import match_case

_WORD = regex.compile(r"\w+(?:-\w+)*")
_QUOTES_OPEN = "«„“\""
_QUOTES_CLOSE = "»“”\""

# the cases a preposition governs (the ones a support reply meets)
PREPOSITION_CASES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("в", "во", "на"), frozenset({"loct", "accs"})),
    **dict.fromkeys(("о", "об", "обо"), frozenset({"loct", "accs"})),
    "при": frozenset({"loct"}), "по": frozenset({"datv", "loct", "accs"}),
    **dict.fromkeys(("к", "ко", "благодаря", "согласно", "вопреки"), frozenset({"datv"})),
    **dict.fromkeys(("у", "для", "без", "от", "до", "из", "изо", "после", "около", "вместо",
                     "кроме", "среди", "против", "ради", "насчёт", "насчет", "вокруг", "возле",
                     "из-за", "из-под", "вне", "внутри", "мимо"), frozenset({"gent"})),
    **dict.fromkeys(("с", "со"), frozenset({"ablt", "gent", "accs"})),
    **dict.fromkeys(("за", "под", "подо"), frozenset({"ablt", "accs"})),
    **dict.fromkeys(("над", "перед", "между", "передо"), frozenset({"ablt"})),
    **dict.fromkeys(("через", "про", "сквозь"), frozenset({"accs"})),
}

# a replacement's plan: (head index, head parse), then the agreeing words before the head
PhrasePlan = tuple[tuple[int, Any], list[tuple[int, Any]]]


def phrase_plan(replacement: str) -> PhrasePlan | None:
    """Which words of ``replacement`` change: its head noun (the first noun in the
    nominative outside quotes) and the adjectives before it; ``None`` when the words before
    the head are not all adjectives agreeing with it, or the phrase has no head noun."""
    spans = _word_spans(replacement)
    head: tuple[int, Any] | None = None
    before: list[tuple[int, Any]] = []
    for i, (a, b, quoted) in enumerate(spans):
        if quoted:
            continue
        word = replacement[a:b].lower()
        parses = morph.parse(word.rsplit("-", 1)[-1])
        noun = next((p for p in parses if p.tag.POS == "NOUN" and "nomn" in p.tag
                     and p.score >= 0.2), None)
        if noun is not None:
            head = (i, noun)
            break
        adj = next((p for p in parses if p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag), None)
        if adj is None:
            return None
        before.append((i, adj))
    if head is None:
        return None
    return head, before


def _word_spans(text: str) -> list[tuple[int, int, bool]]:
    """The words of ``text`` with whether each stands inside quotes."""
    out: list[tuple[int, int, bool]] = []
    depth = 0
    pos = 0
    for m in _WORD.finditer(text):
        for ch in text[pos:m.start()]:
            if ch in _QUOTES_OPEN and (ch != '"' or depth == 0):
                depth += 1
            elif ch in _QUOTES_CLOSE and depth:
                depth -= 1
        out.append((m.start(), m.end(), depth > 0))
        pos = m.end()
    return out


def inflect_planned(replacement: str, plan: PhrasePlan, case: str, number: str) -> str | None:
    """``replacement`` with its head noun in ``case`` and ``number`` and the adjectives
    before it agreeing."""
    (head_i, noun), before = plan
    spans = _word_spans(replacement)
    new_noun = morph.inflect_parse(noun, {case, number})
    if new_noun is None:
        return None
    gender = str(noun.tag.gender) if noun.tag.gender else None
    animacy = str(noun.tag.animacy) if noun.tag.animacy else None
    changes: dict[int, str] = {head_i: new_noun}
    for i, adj in before:
        grammemes = {case, number}
        if number == "sing" and gender:
            grammemes.add(gender)
        if case == "accs" and animacy and (number == "plur" or gender == "masc"):
            grammemes.add(animacy)
        form = morph.inflect_parse(adj, grammemes)
        if form is None:
            return None
        changes[i] = form
    out: list[str] = []
    pos = 0
    for i, (a, b, _) in enumerate(spans):
        if i not in changes:
            continue
        written = replacement[a:b]
        prefix, dash, last = written.rpartition("-")
        start = a + len(prefix) + len(dash)  # «бизнес-подписка»: only the last part changes
        out.append(replacement[pos:start])
        out.append(match_case(changes[i], last))
        pos = b
    out.append(replacement[pos:])
    return "".join(out)


