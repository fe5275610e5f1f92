"""Brevity (TC4xx): канцелярит, verbal-noun phrases and chains, long sentences and replies,
filler words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token
from tonecoach.analysis.inflection import inflect_like, match_case
from tonecoach.analysis.metrics import sentence_words
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import drop_span
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

_SKIP_BETWEEN = frozenset({"ADVB", "PRCL"})
_VOWELS_AFTER_OB = frozenset("аоуэи")  # «о» becomes «об» before them
_MAX_BETWEEN = 2
_CHAIN_MIN = 3
_CHAIN_VERBAL_MIN = 2


@dataclass(frozen=True, slots=True)
class _VerbalNoun:
    """A verbal noun and its verbs: «проверка» → проверить / проверять, governing ``case``."""

    perfective: str
    imperfective: str
    case: str | None  # the case the verb governs; None: no object


@dataclass(frozen=True, slots=True)
class _ChainFacts:
    """What a word form can be in a chain of nouns."""

    noun: bool
    genitive_noun: bool
    genitive_adjective: bool
    verbal: bool


class Brevity(Family):
    """The brevity family."""

    category = "brevity"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        lexicons = book.lexicons.brevity
        self.light_verbs = frozenset(lexicons.light_verbs)
        self.light_passive = frozenset(v + "ся" for v in self.light_verbs)
        self.not_verbal = frozenset(lexicons.not_verbal_nouns)
        self._chain_facts: BoundedCache[str, _ChainFacts] = BoundedCache()
        self.nouns = {v.noun: _VerbalNoun(v.perfective, v.imperfective, v.case)
                      for v in lexicons.verbal_nouns}

    @handles("TC401", "TC402", "TC403", "TC404", "TC405", "TC406")
    def check(self, run: CheckRun) -> None:
        """Every brevity rule."""
        self._report_dictionary(run)
        self._report_fillers(run)
        self._report_verbal_phrases(run)
        self._report_chains(run)
        self._report_lengths(run)

    # -- TC401: the dictionary ------------------------------------------------------------------

    def _report_dictionary(self, run: CheckRun) -> None:
        draft = run.draft
        matches = [m for m in run.matches.get("TC401", ())
                   if not m.entry.attributive or _followed_by_agreeing(draft, m.last)]
        starting_at = {m.first.i: m for m in matches if m.entry.replacements != [""]}
        merged: set[int] = set()
        for m in matches:
            if m.first.i in merged:
                continue
            word = draft.text[m.start:m.end]
            note = m.entry.note or ""
            if m.entry.replacements != [""]:
                start, end, fixes = self._dictionary_fixes(draft, m)
                run.report("TC401", start, end, fixes, word=word, note=note)
                continue
            # an empty opening («Сообщаем, что …»): dropped only where it opens a sentence
            if not draft.sentence_start(m.first):
                run.report("TC401", m.start, m.end, [], word=word, note=note)
                continue
            start, end, fix = drop_span(draft, m.first, m.last)
            following = draft.next(m.last, words_only=True)
            inner = starting_at.get(following.i) if following is not None else None
            if inner is not None:  # «Сообщаем, что в данный момент» → «Сейчас»
                _, inner_end, inner_fixes = self._dictionary_fixes(draft, inner)
                if inner_fixes:
                    merged.add(inner.first.i)
                    end, fix = inner_end, inner_fixes[0][:1].upper() + inner_fixes[0][1:]
            run.report("TC401", start, end, [fix], word=word, note=note)

    def _dictionary_fixes(self, draft: Draft, m: Match) -> tuple[int, int, list[str]]:
        """Span and replacements of a dictionary match; «о данном» → «об этом» takes the
        preposition in."""
        start = m.start
        fixes = [f for f in (self._dictionary_fix(draft, m, r) for r in m.entry.replacements)
                 if f is not None]
        prev = draft.prev(m.first)
        if fixes and prev is not None and prev.norm == "о" and prev.end + 1 == m.start \
                and fixes[0][:1].lower() in _VOWELS_AFTER_OB:
            start = prev.start
            fixes = [match_case("об", prev.text) + " " + f[:1].lower() + f[1:] for f in fixes]
        return start, m.end, fixes

    @staticmethod
    def _dictionary_fix(draft: Draft, m: Match, replacement: str) -> str | None:
        if not m.entry.inflect:
            return match_case(replacement, m.first.text)
        words = [t for t in draft.tokens[m.first.i:m.last.i + 1] if t.kind == "word"]
        head = words[min(m.entry.head, len(words) - 1)]
        first, _, rest = replacement.partition(" ")
        inflected = inflect_like(first, head, polite=False)
        if inflected is None:
            return None
        return match_case(f"{inflected} {rest}".strip(), m.first.text)

    # -- TC406: fillers -------------------------------------------------------------------------

    def _report_fillers(self, run: CheckRun) -> None:
        draft = run.draft
        for m in run.matches.get("TC406", ()):
            if m.entry.next_not:
                nxt = draft.next(m.last, words_only=True)
                if nxt is not None and nxt.sent == m.last.sent and nxt.tag is not None \
                        and str(nxt.tag.POS) in m.entry.next_not:
                    continue
            start, end, fix = drop_span(draft, m.first, m.last)
            run.report("TC406", start, end, [fix], word=draft.text[m.start:m.end])

    # -- TC402: verbal-noun phrases ---------------------------------------------------------------

    def _report_verbal_phrases(self, run: CheckRun) -> None:
        draft = run.draft
        for tok in draft.tokens:
            if tok.kind != "word" or tok.quoted or not tok.parses:
                continue
            lemma = str(tok.parses[0].normal_form)
            if lemma in self.light_verbs:
                self._light_verb(run, tok)
            elif lemma in self.light_passive:
                self._passive(run, tok, tok)
            elif lemma == "находиться":
                self._in_process(run, tok)
            elif lemma == "являться":
                self._is(run, tok)

    def _object_noun(self, draft: Draft, verb: Token, case: str) -> tuple[Token, list[Token]]:
        """The verbal noun in ``case`` after ``verb`` (adverbs may stand between), if any."""
        between: list[Token] = []
        tok = draft.next(verb, words_only=True)
        while tok is not None and tok.sent == verb.sent and tok.parses:
            parse = _noun_parse(tok, case)
            if parse is not None and str(parse.normal_form) in self.nouns:
                return tok, between
            if tok.parses[0].tag.POS not in _SKIP_BETWEEN or len(between) >= _MAX_BETWEEN:
                break
            between.append(tok)
            tok = draft.next(tok, words_only=True)
        raise LookupError

    def _light_verb(self, run: CheckRun, verb: Token) -> None:
        """«осуществляем проверку платежа» → «проверяем платёж»."""
        tag = verb.parses[0].tag
        if tag.POS in ("PRTS", "PRTF"):
            self._passive(run, verb, verb)
            return
        if tag.POS not in ("VERB", "INFN"):
            return
        draft = run.draft
        try:
            noun, between = self._object_noun(draft, verb, "accs")
        except LookupError:
            return
        info = self.nouns[str(_noun_parse(noun, "accs").normal_form)]
        target = info.perfective if "perf" in tag else info.imperfective
        new_verb = inflect_like(target, verb, polite=False)
        start, end = verb.start, noun.end
        fix = None
        if new_verb is not None:
            tail, end = _object_to_case(draft, noun, info.case)
            words = [match_case(new_verb, verb.text)] + [t.text for t in between]
            fix = " ".join(words + ([tail] if tail else []))
        run.report("TC402", start, end, [fix] if fix else [], word=draft.text[start:end],
                   note=f"проще глаголом: «{fix}»." if fix else "проще глаголом.")

    def _passive(self, run: CheckRun, verb: Token, first: Token) -> None:
        """«осуществляется проверка», «была осуществлена блокировка»: flagged without a fix."""
        draft = run.draft
        try:
            noun, _ = self._object_noun(draft, verb, "nomn")
        except LookupError:
            return
        prev = draft.prev(first, words_only=True)
        start = first.start
        if prev is not None and prev.sent == first.sent and prev.parses \
                and str(prev.parses[0].normal_form) == "быть":
            start = prev.start
        info = self.nouns[str(_noun_parse(noun, "nomn").normal_form)]
        run.report("TC402", start, noun.end, [], word=draft.text[start:noun.end],
                   note=f"безличный оборот прячет, кто действует; лучше «мы {_we(info)}»."
                   if _we(info) else "безличный оборот прячет, кто действует.")

    def _in_process(self, run: CheckRun, verb: Token) -> None:
        """«находится в процессе сборки» → «собирается»; «на рассмотрении» → «рассматривается»."""
        draft = run.draft
        words = _following_words(draft, verb, 3)
        noun: Token | None = None
        if len(words) >= 3 and words[0].norm == "в" and words[1].norm == "процессе":
            noun = words[2] if _noun_parse(words[2], "gent") is not None else None
        elif len(words) >= 2 and words[0].norm in ("в", "на"):
            noun = words[1] if _noun_parse(words[1], "loct") is not None else None
        if noun is None:
            return
        parse = _noun_parse(noun, "gent") or _noun_parse(noun, "loct")
        info = self.nouns.get(str(parse.normal_form)) if parse is not None else None
        if info is None:
            return
        reflexive = _reflexive(info.imperfective)
        new_verb = inflect_like(reflexive, verb, polite=False) if reflexive else None
        fix = match_case(new_verb, verb.text) if new_verb else None
        run.report("TC402", verb.start, noun.end, [fix] if fix else [],
                   word=draft.text[verb.start:noun.end],
                   note=f"проще глаголом: «{fix}»." if fix else "проще глаголом.")

    def _is(self, run: CheckRun, verb: Token) -> None:
        """«является подтверждением» → «— подтверждение» (present tense only)."""
        draft = run.draft
        tag = verb.parses[0].tag
        if tag.POS != "VERB":
            return
        group: list[Token] = []
        tok = draft.next(verb, words_only=True)
        while tok is not None and tok.sent == verb.sent and len(group) < 4:
            top = tok.parses[0].tag if tok.parses else None
            parse = next((p for p in tok.parses if "ablt" in p.tag
                          and p.tag.POS in ("NOUN", "ADJF", "PRTF")), None)
            if parse is None or top is None or top.POS not in ("NOUN", "ADJF", "PRTF") \
                    or "Abbr" in top:
                break
            group.append(tok)
            if parse.tag.POS == "NOUN":
                break
            tok = draft.next(tok, words_only=True)
        if not group:
            return
        start, end = verb.start, group[-1].end
        fix = None
        ends_in_noun = _noun_parse(group[-1], "ablt") is not None
        # only «является»: «что вы являетесь гостем» has no subject left to keep
        if ends_in_noun and "pres" in tag and "3per" in tag:
            nominative = [_to_case(t, "ablt", "nomn") for t in group]
            if all(nominative):
                fix = "— " + " ".join(n for n in nominative if n)
        run.report("TC402", start, end, [fix] if fix else [], word=draft.text[start:end],
                   note=f"«являться» — канцелярит; хватит тире: «{fix}»." if fix
                   else "«являться» — канцелярит; лучше «это» или тире.")

    # -- TC403: chains of verbal nouns -----------------------------------------------------------

    def _report_chains(self, run: CheckRun) -> None:
        draft = run.draft
        for sent in draft.sentences:
            words = sent.words
            i = 0
            while i < len(words):
                chain = self._chain_from(words, i)
                if len(chain) >= _CHAIN_MIN and sum(self._facts(t).verbal for t in chain) \
                        >= _CHAIN_VERBAL_MIN:
                    start, end = chain[0].start, chain[-1].end
                    run.report("TC403", start, end, [], word=draft.text[start:end],
                               count=str(len(chain)))
                    i = words.index(chain[-1]) + 1
                else:
                    i += 1

    def _chain_from(self, words: list[Token], i: int) -> list[Token]:
        """Nouns from ``words[i]`` on, each next one in the genitive (adjectives between),
        with nothing but spaces between the words."""
        first = words[i]
        if first.quoted or not self._facts(first).noun:
            return []
        chain = [first]
        j = i + 1
        while j < len(words) and words[j].i == words[j - 1].i + 1:
            facts = self._facts(words[j])
            if facts.genitive_noun:
                chain.append(words[j])
            elif not facts.genitive_adjective:
                break
            j += 1
        return chain

    def _facts(self, tok: Token) -> _ChainFacts:
        """What a word form can be in a genitive chain (cached per form)."""
        facts = self._chain_facts.get(tok.norm)
        if facts is None:
            top = tok.parses[0].tag if tok.parses else None
            noun = top is not None and top.POS == "NOUN" and "Abbr" not in top
            genitive = top is not None and "Abbr" not in top and any(
                "gent" in p.tag for p in tok.parses)
            lemma = str(tok.parses[0].normal_form) if tok.parses else ""
            facts = _ChainFacts(
                noun=noun,
                genitive_noun=noun and genitive,
                genitive_adjective=genitive and top is not None and top.POS in ("ADJF", "PRTF"),
                verbal=noun and lemma not in self.not_verbal
                and (lemma in self.nouns or lemma.endswith(("ние", "тие"))),
            )
            self._chain_facts.put(tok.norm, facts)
        return facts

    # -- TC404, TC405: lengths --------------------------------------------------------------------

    @staticmethod
    def _report_lengths(run: CheckRun) -> None:
        draft, config = run.draft, run.config
        total = 0
        for sent in draft.sentences:
            count = sentence_words(draft, sent.index)
            total += count
            if count > config.long_sentence_words:
                start, end = draft.tokens[sent.first].start, draft.tokens[sent.last].end
                very_long = count > config.very_long_sentence_words
                run.report("TC404", start, end, [], count=str(count),
                           severity="error" if very_long else None)
        channel = run.context.channel or config.channel
        limit = config.long_reply_words.get(channel, 120)
        if total > limit and draft.tokens:
            run.report("TC405", draft.tokens[0].start, draft.tokens[-1].end, [],
                       count=str(total), limit=str(limit),
                       channel="чата" if channel == "chat" else "письма")


# -- helpers -----------------------------------------------------------------------------------

def _noun_parse(tok: Token, case: str) -> Any:
    return next((p for p in tok.parses if p.tag.POS == "NOUN" and case in p.tag), None)


def _followed_by_agreeing(draft: Draft, adj: Token) -> bool:
    """An adjective followed by a noun or adjective in the same case and number."""
    nxt = draft.next(adj)
    if nxt is None or nxt.kind != "word" or not nxt.parses:
        return False
    forms = {(p.tag.case, p.tag.number) for p in adj.parses if p.tag.POS in ("ADJF", "PRTF")}
    top = nxt.parses[0].tag  # the likeliest reading: «данные паспорта» is no «данный паспорт»
    return top.POS in ("NOUN", "ADJF", "PRTF") and (top.case, top.number) in forms


def _following_words(draft: Draft, tok: Token, n: int) -> list[Token]:
    words: list[Token] = []
    cur = draft.next(tok, words_only=True)
    while cur is not None and cur.sent == tok.sent and len(words) < n:
        words.append(cur)
        cur = draft.next(cur, words_only=True)
    return words


def _to_case(tok: Token, old: str, new: str, animacy: Any = None) -> str | None:
    """``tok`` (in case ``old``) put into case ``new``, keeping number and gender; in the
    accusative an adjective takes ``animacy`` (its noun's)."""
    parse = next((p for p in tok.parses if old in p.tag), None)
    if parse is None:
        return None
    grammemes = {new}
    animacy = animacy or parse.tag.animacy
    if new == "accs" and animacy:
        grammemes.add(str(animacy))
    result = morph.inflect_parse(parse, grammemes)
    if result is None:
        result = morph.inflect_parse(parse, {new})
    return match_case(result, tok.text) if result else None


def _object_to_case(draft: Draft, noun: Token, case: str | None) -> tuple[str, int]:
    """The genitive words after a verbal noun, put into the case its verb governs:
    «проверку [данного платежа]» → «[данный платёж]». Returns the text and where it ends."""
    if case is None or case == "gent":
        return "", noun.end
    words: list[Token] = []
    tok = draft.next(noun)
    while tok is not None and tok.kind == "word" and tok.sent == noun.sent and tok.parses:
        top = tok.parses[0].tag
        if "gent" not in top or top.POS not in ("NOUN", "ADJF", "PRTF", "NPRO"):
            break
        words.append(tok)
        if top.POS in ("NOUN", "NPRO"):
            break
        tok = draft.next(tok)
    if not words or words[-1].parses[0].tag.POS not in ("NOUN", "NPRO"):
        return "", noun.end
    animacy = words[-1].parses[0].tag.animacy  # adjectives take the noun's animacy
    converted = [_to_case(t, "gent", case, animacy) for t in words]
    if not all(converted):
        return "", noun.end
    return " ".join(c for c in converted if c), words[-1].end


def _reflexive(infinitive: str) -> str | None:
    """«собирать» → «собираться»."""
    if infinitive.endswith("ть"):
        return infinitive + "ся"
    if infinitive.endswith("ти"):
        return infinitive + "сь"
    return None


def _we(info: _VerbalNoun) -> str | None:
    """«проверяем»: the imperfective verb in the 1st person plural, present."""
    for p in morph.parse(info.imperfective):
        if p.tag.POS == "INFN":
            return morph.inflect_parse(p, {"1per", "plur", "pres", "indc"})
    return None
