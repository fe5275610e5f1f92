"""Runs a company's own rules (see :mod:`tonecoach.rulebook.company`) as one more family.

A company's replacement is inflected like the words it replaces, as the built-in rules with
``inflect`` are: «премиум-подписки активны» → «подписки «Плюс» активны». The replacement's head
noun takes the case and number, the adjectives before it agree with it, the rest (a quoted
name, a genitive after the head) stays as written. The case and number are read from the
replaced noun, narrowed by the words around it (a preposition, an agreeing adjective, a
predicate after it); where the readings left give different fixes, or the new noun's gender
would break agreement with words outside the match, the suggestion has no fix."""

from __future__ import annotations

from typing import Any

import regex

from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.analysis.inflection import inflect_like, keeps_capital, match_case
from tonecoach.analysis.phrase_inflection import (
    PREPOSITION_CASES,
    inflect_planned,
    phrase_plan,
)
from tonecoach.checks.generic import applies
from tonecoach.checks.run import CheckRun
from tonecoach.errors import RuleDataError, RulePatternTimeout
from tonecoach.rulebook.book import Rulebook, check_unless, phrase_lexicons
from tonecoach.rulebook.company import CompanyRule, CompanyRuleFile
from tonecoach.rulebook.matcher import Match, Matcher
from tonecoach.rulebook.schema import RuleSpec

_CASE_ALIASES = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct",
                 "acc2": "accs", "voct": "nomn"}
_MIN_READING = 0.05  # readings rarer than this do not count

class CompanyRules:
    """Runs the rules of one or more company files as one more family."""

    def __init__(self, files: list[tuple[str, CompanyRuleFile]], book: Rulebook) -> None:
        self.specs: dict[str, RuleSpec] = {}
        self._rules: list[tuple[CompanyRule, list[regex.Pattern[str]], float]] = []
        self._matcher = Matcher(book.frequent)
        self._in_quotes = Matcher(book.frequent)  # the rules with ``in_quotes: true``
        seen = dict.fromkeys({*book.rules, *(r.name for r in book.rules.values())},
                             "tonecoach")
        for name, f in files:
            for rule in f.rules:
                for key in (rule.code, rule.name):
                    if key in seen:
                        raise RuleDataError(f"{name}: {rule.code}: {key!r} is already used "
                                            f"by {seen[key]}")
                    seen[key] = name
                spec = rule.spec()
                check_unless(name, spec, set(phrase_lexicons(getattr(book.lexicons,
                                                                     rule.category))))
                if spec.entries:
                    try:
                        matcher = self._in_quotes if rule.in_quotes else self._matcher
                        matcher.add(rule.code, spec.entries, spec.antipatterns)
                    except ValueError as exc:
                        raise RuleDataError(f"{name}: {rule.code}: {exc}") from None
                patterns = [regex.compile(p, rule.flags) for p in rule.patterns]
                self._rules.append((rule, patterns, f.pattern_timeout_ms / 1000))
                self.specs[rule.code] = spec
        self.codes = tuple(self.specs)

    def __call__(self, run: CheckRun) -> None:
        draft = run.draft
        wanted = [r for r in self._rules if run.enabled(r[0].code)]
        if not wanted:
            return
        matches = self._matcher.find(draft)
        if any(r[0].in_quotes for r in wanted):
            for code, found in self._in_quotes.find(draft, skip_quoted=False).items():
                matches[code] = [m for m in found if not any(
                    t.markup for t in draft.tokens[m.first.i:m.last.i + 1])]
        for rule, patterns, timeout in wanted:
            spec = self.specs[rule.code]
            for m in matches.get(rule.code, ()):
                if applies(run, spec, m):
                    run.report_match(m, _match_fixes(draft, rule, m))
            for i, pattern in enumerate(patterns):
                for start, end in _pattern_spans(pattern, draft.text, timeout, rule.code, i):
                    if not _skipped(run, start, rule.in_quotes):
                        fixes = [] if rule.replacement is None else \
                            _fixes(draft, _words_in(draft, start, end), start, end,
                                   [rule.replacement], rule.inflect)
                        run.report(rule.code, start, end, fixes)


def _pattern_spans(pattern: regex.Pattern[str], text: str, timeout: float, code: str,
                   index: int) -> list[tuple[int, int]]:
    try:
        return [m.span() for m in pattern.finditer(text, timeout=timeout) if m.end() > m.start()]
    except TimeoutError:
        raise RulePatternTimeout(
            f"{code}: patterns[{index}] ran longer than {timeout * 1000:.0f} ms on a draft of "
            f"{len(text):,} characters; simplify it (nested repeats backtrack without end)"
        ) from None


def _skipped(run: CheckRun, offset: int, in_quotes: bool) -> bool:
    """Whether a pattern's match at ``offset`` is in markup, or in quotes its rule skips."""
    tok = run.draft.token_at(offset)
    return tok is not None and (tok.markup or (tok.quoted and not in_quotes))


# -- fixes inflected like the words they replace ---------------------------------------------

def _match_fixes(draft: Draft, rule: CompanyRule, m: Match) -> list[str]:
    """The fixes of a phrase or token match: the rule's ``replacement`` or the entry's own
    ``replacements``, inflected unless ``inflect: false`` says otherwise (an entry's own
    ``inflect`` and ``head`` win over the rule's)."""
    entry = m.entry
    replacements = [rule.replacement] if rule.replacement is not None else entry.replacements
    if not replacements:
        return []
    given = entry.model_fields_set
    inflect = entry.inflect if "inflect" in given else rule.inflect
    words = [t for t in draft.tokens[m.first.i:m.last.i + 1] if t.kind == "word"]
    head = entry.head if "head" in given and entry.head < len(words) else None
    return _fixes(draft, words, m.start, m.end, replacements, inflect, head)


def _words_in(draft: Draft, start: int, end: int) -> list[Token] | None:
    """The words a pattern's match covers, or ``None`` when it cuts a word."""
    words = [t for t in draft.tokens if start <= t.start and t.end <= end and t.kind == "word"]
    first, last = draft.token_at(start), draft.token_at(end - 1)
    if first is None or last is None or first.start != start or last.end != end:
        return None
    return words


def _fixes(draft: Draft, words: list[Token] | None, start: int, end: int,
           replacements: list[str], inflect: bool, head: int | None = None) -> list[str]:
    """Each replacement inflected like ``words`` (when ``inflect``) and cased for its place;
    the ones that cannot be made sure are left out."""
    fragment = draft.text[start:end]
    at_start = bool(words) and words is not None and draft.sentence_start(words[0])
    out: list[str] = []
    for replacement in replacements:
        fixed: str | None = replacement
        if inflect and replacement:
            fixed = _inflected(draft, words, replacement, head) if words else None
        if fixed is not None:
            out.append(_case_for_place(fixed, fragment, at_start))
    return out


def _case_for_place(replacement: str, fragment: str, at_start: bool) -> str:
    """A capital at a sentence start; mid-sentence the replacement's own case (a stored
    capital goes lowercase where the fragment was, unless the word keeps it anywhere)."""
    if not replacement:
        return replacement
    if at_start:
        return replacement[:1].upper() + replacement[1:]
    if fragment.isupper() and len(fragment) > 1:
        return replacement.upper()
    if fragment[:1].islower() or not keeps_capital(replacement):
        return match_case(replacement, fragment[:1].lower() + fragment[1:])
    return replacement


def _inflected(draft: Draft, words: list[Token], replacement: str,
               head: int | None) -> str | None:
    """``replacement`` in the form of the words it replaces, or ``None`` when unsure."""
    model = words[head] if head is not None else _head_of(draft, words)
    nouns = [p for p in model.parses if p.tag.POS == "NOUN" and p.score >= _MIN_READING]
    if not nouns:
        if not model.parses or model.parses[0].tag.POS is None:
            return None
        # an adjective or a verb replaced: its first word copies the model's form
        first, sep, rest = replacement.partition(" ")
        word = inflect_like(first, model, polite=False)
        return None if word is None else f"{word}{sep}{rest}"
    targets = _narrow(draft, words, {(_case(p), str(p.tag.number)) for p in nouns})
    plan = phrase_plan(replacement)
    if plan is None:
        return None
    results = {inflect_planned(replacement, plan, case, number) for case, number in targets}
    if len(results) != 1 or None in results:
        return None  # the readings left disagree: unsure
    # a singular noun of another gender would break the words agreeing with the old one
    head_parse = plan[0][1]
    if any(number == "sing" for _, number in targets) and head_parse is not None:
        genders = {str(p.tag.gender) for p in nouns if "sing" in p.tag}
        if str(head_parse.tag.gender) not in genders and _agreement_outside(draft, words):
            return None
    return results.pop()


def _head_of(draft: Draft, words: list[Token]) -> Token:
    """The noun a phrase is built on: the first noun that is not the first part of a
    hyphenated word («премиум-подписка» → «подписка»); the first word if none."""
    for i, tok in enumerate(words):
        nxt = draft.next(tok)
        prefix = nxt is not None and nxt.text in "-‐" and nxt.start == tok.end \
            and i + 1 < len(words) and words[i + 1].start == nxt.end
        if not prefix and any(p.tag.POS == "NOUN" and p.score >= 0.2 for p in tok.parses):
            return tok
    return words[0]


def _case(parse: Any) -> str:
    case = str(parse.tag.case)
    return _CASE_ALIASES.get(case, case)


def _narrow(draft: Draft, words: list[Token],
            targets: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (case, number) readings the words around allow: a preposition before, an
    adjective agreeing before, a predicate agreeing after. A filter that would leave nothing
    is not applied."""
    prev = draft.prev(words[0])
    if prev is not None and prev.kind == "word" and prev.sent == words[0].sent:
        cases = PREPOSITION_CASES.get(fold(prev.text))
        if cases is not None:
            targets = _keep(targets, {t for t in targets if t[0] in cases})
        elif any(p.tag.POS in ("ADJF", "PRTF") for p in prev.parses[:1]):
            agreeing = {(_case(p), str(p.tag.number)) for p in prev.parses
                        if p.tag.POS in ("ADJF", "PRTF") and p.score >= _MIN_READING}
            targets = _keep(targets, targets & agreeing)
    nxt = draft.next(words[-1])
    if nxt is not None and nxt.kind == "word" and nxt.sent == words[-1].sent and nxt.parses:
        top = nxt.parses[0]
        if top.tag.POS in ("ADJS", "PRTS") or (top.tag.POS == "VERB" and top.score >= 0.5
                                               and ("3per" in top.tag or "past" in top.tag)):
            number = str(top.tag.number) if top.tag.number else None
            if number is not None:
                targets = _keep(targets, {t for t in targets if t == ("nomn", number)})
    return targets


def _keep(targets: set[tuple[str, str]], narrowed: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return narrowed or targets


def _agreement_outside(draft: Draft, words: list[Token]) -> bool:
    """Whether a word outside the match agrees with it in gender: an adjective right before
    («Ваша премиум-подписка»), a short adjective or past verb after it in the clause."""
    prev = draft.prev(words[0])
    if prev is not None and prev.kind == "word" and prev.sent == words[0].sent and any(
            p.tag.POS in ("ADJF", "PRTF") and "sing" in p.tag for p in prev.parses[:2]):
        return True
    tok: Token | None = words[-1]
    for _ in range(3):
        tok = draft.next(tok) if tok is not None else None
        if tok is None or tok.sent != words[-1].sent or tok.kind == "punct":
            return False
        if any(p.tag.POS in ("ADJS", "PRTS") or (p.tag.POS == "VERB" and "past" in p.tag
                                                 and "sing" in p.tag)
               for p in tok.parses[:1]):
            return True
    return False
