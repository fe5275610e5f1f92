"""Brevity (TC4xx): канцелярит, verbal-noun phrases and chains, long sentences and replies,
filler words."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.analysis.inflection import inflect_like, match_case
from tonecoach.analysis.metrics import counts
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import drop_span
from tonecoach.checks.run import CheckRun
from tonecoach.models import Severity
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match, negated

_SKIP_BETWEEN = frozenset({"ADVB", "PRCL"})
# between a verbal noun and the passive verb after it: its dependents in other cases, adverbs
_BEFORE_PASSIVE = frozenset({"ADVB", "PRCL", "PREP", "NOUN", "ADJF", "PRTF", "NPRO", "NUMR"})
_MAX_BEFORE = 5
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
_WORK_PREPOSITIONS = {"над": "ablt", "по": "datv"}  # «работа над устранением», «по замене»
_VOWELS_AFTER_OB = frozenset("аоуэи")  # «о» becomes «об» before them
_MAX_BETWEEN = 2
_CHAIN_MIN = 3
_CHAIN_VERBAL_MIN = 2
_VERBAL = "verbal noun"  # a word fact: a verbal noun, the stuff of TC403's chains


@dataclass(frozen=True, slots=True)
class _VerbalNoun:
    """A verbal noun and its verbs: «проверка» → проверить / проверять, governing ``case``."""

    perfective: str
    imperfective: str
    case: str | None  # the case the verb governs; None: no object
    not_before: frozenset[str] = frozenset()  # prepositions after the noun that leave no fix


@dataclass(frozen=True, slots=True)
class _Light:
    """A light verb (by lemma): the verbal nouns it carries; ``reflexive``: its passive
    «-ся» form; ``generic``: light with every verbal noun (not an idiom such as «дать ответ»)."""

    nouns: Mapping[str, _VerbalNoun]
    reflexive: bool
    generic: bool
    perfective: bool = False  # «провести»; «проводить» is also read as a perfective («see off»)


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
    scans = True

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        lexicons = book.lexicons.brevity
        self.not_verbal = frozenset(lexicons.not_verbal_nouns)
        self._chain_facts: BoundedCache[str, _ChainFacts] = BoundedCache()
        self.nouns = {v.noun: _VerbalNoun(v.perfective, v.imperfective, v.case,
                                          frozenset(v.not_before))
                      for v in lexicons.verbal_nouns}
        idioms: dict[str, dict[str, _VerbalNoun]] = {}
        for i in lexicons.light_verb_idioms:
            idioms.setdefault(i.verb, {})[i.noun] = _VerbalNoun(
                i.perfective, i.imperfective, i.case, frozenset(i.not_before))
        generic = frozenset(lexicons.light_verbs)
        not_passive = frozenset(lexicons.not_passive)
        self.light: dict[str, _Light] = {}  # verb lemma → what it carries
        for verb in generic | set(idioms):
            nouns = {**self.nouns, **idioms.get(verb, {})} if verb in generic \
                else idioms[verb]
            self.light[verb] = _Light(nouns, reflexive=False, generic=verb in generic,
                                      perfective=not _imperfective(verb))
            passive = _reflexive(verb)  # only an imperfective «-ся» is a passive
            if passive and passive not in not_passive and _imperfective(verb):
                self.light[passive] = _Light(nouns, reflexive=True, generic=verb in generic)
        self.work_nouns = frozenset(lexicons.work_nouns)
        self.stages = frozenset(tuple(fold(w) for w in p.split())[:2]
                                for p in lexicons.stage_phrases)

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
                if m.entry.next_not and not _next_fits(draft, m.last, m.entry.next_not):
                    start, end, fixes = m.start, m.end, []  # «вы можете» needs a verb after it
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
        for tok, what in run.marked.get(self.category, ()):
            if isinstance(what, _Light):
                self._light_verb(run, tok, what)
            elif what == "находиться":
                self._in_process(run, tok)
            elif what == "являться":
                self._is(run, tok)

    def word_fact(self, tok: Token) -> _Light | str | None:
        """What a word form starts, if anything: a light verb, «находиться» or «являться»;
        or ``_VERBAL`` for a verbal noun, which a chain needs (the coach caches it)."""
        if not tok.parses:
            return None
        lemma = str(tok.parses[0].normal_form)
        light = self.light.get(lemma)
        if light is not None:
            return light
        if lemma in ("находиться", "являться"):
            return lemma
        return _VERBAL if self._facts(tok).verbal else None

    def _light_verb(self, run: CheckRun, verb: Token, light: _Light) -> None:
        """«осуществляем проверку платежа» → «проверяем платёж»; «дадим ответ» → «ответим»;
        the passive forms go to :meth:`_passive`."""
        tag = verb.parses[0].tag
        if light.reflexive or tag.POS == "PRTS":
            self._passive(run, verb, light)
            return
        if tag.POS == "PRTF":  # «произведённая оплата»; not «принятое решение», «данный ответ»
            if light.generic:
                self._passive(run, verb, light, after_only=True)
            return
        if tag.POS not in ("VERB", "INFN"):
            return
        draft = run.draft
        found = self._object(draft, verb, light.nouns, negated(draft, verb))
        if found is None:
            return
        noun, info, between, dative = found
        target = info.perfective if light.perfective else info.imperfective
        new_verb = _verb_like(draft, target, verb, light.perfective)
        start = verb.start
        converted = _object_to_case(draft, noun, info.case)
        tail, end = converted if converted is not None else ("", noun.end)
        after = _word_after_offset(draft, noun, end)
        fix = None
        if new_verb is not None and converted is not None \
                and not (after is not None and after.norm in info.not_before) \
                and (dative is None or info.case == "datv" or tail):
            words = [match_case(new_verb, verb.text)] + [t.text for t in between]
            fix = " ".join(words + ([tail] if tail else []))
        else:
            end = noun.end
        word = draft.text[start:end]
        if fix:
            run.report("TC402", start, end, [fix], variant="verb", word=word, fix=fix)
        else:  # «примем решение о …»: an idiom the sentence leans on is only a hint
            run.report("TC402", start, end, [], variant="verb_advice", word=word, verb=target,
                       severity=None if light.generic else "info")

    def _object(self, draft: Draft, verb: Token, table: Mapping[str, _VerbalNoun],
                negative: bool) -> tuple[Token, _VerbalNoun, list[Token], Token | None] | None:
        """The verbal noun a light verb carries: right after it (adverbs, particles and one
        dative pronoun may stand between, no punctuation), in the accusative (or the genitive
        after «не»); «работу над устранением» gives «устранением». Returns the noun, its
        verbs, the words between and the dative among them."""
        cases = ("accs", "gent") if negative else ("accs",)
        between: list[Token] = []
        dative: Token | None = None
        for tok in _words_after(draft, verb):
            for case in cases:
                parse = _noun_parse(tok, case)
                if parse is None:
                    continue
                lemma = str(parse.normal_form)
                if lemma in table:
                    return tok, table[lemma], between, dative
                if lemma in self.work_nouns:
                    work = self._work_target(draft, tok)
                    return (work[0], work[1], between, dative) if work else None
            top = tok.parses[0].tag
            if top.POS in _SKIP_BETWEEN and len(between) < _MAX_BETWEEN:
                between.append(tok)
            elif dative is None and top.POS == "NPRO" and "datv" in top:
                between.append(tok)
                dative = tok
            else:
                return None
        return None

    def _work_target(self, draft: Draft, work: Token) -> tuple[Token, _VerbalNoun] | None:
        """«работа [над устранением]», «работы [по восстановлению]»: the verbal noun."""
        words = _words_after(draft, work)
        prep = next(words, None)
        noun = next(words, None)
        case = _WORK_PREPOSITIONS.get(prep.norm) if prep is not None else None
        if case is None or noun is None:
            return None
        parse = _noun_parse(noun, case)
        info = self.nouns.get(str(parse.normal_form)) if parse is not None else None
        return (noun, info) if info is not None else None

    def _passive(self, run: CheckRun, verb: Token, light: _Light,
                 after_only: bool = False) -> None:
        """«осуществляется проверка», «будет произведён возврат», «возврат будет произведён»,
        «доставка осуществляется», «решение будет принято»: the verbal noun before or after
        the verb, agreeing with it; flagged without a fix."""
        draft = run.draft
        agreement = _agreement(draft, verb)
        if agreement is None:
            return
        tag, aux = agreement
        first = aux if aux is not None else verb
        found = self._subject_after(draft, verb, light.nouns, tag)
        if found is not None:
            noun, info = found
            start, end = first.start, noun.end
        elif after_only:
            return
        else:
            before = self._subject_before(draft, first, light.nouns, tag)
            if before is None:
                return
            subject, noun, info = before
            start, end = subject.start, verb.end
        perfective = "perf" in verb.parses[0].tag
        we = _we(info, perfective, aux, verb)
        word = draft.text[start:end]
        severity: Severity | None = None
        if verb.parses[0].tag.POS == "PRTS" and aux is None and end == verb.end:
            severity = "info"  # «Оплата произведена»: a done deed, told briefly
        if we:
            run.report("TC402", start, end, [], variant="passive_we", severity=severity,
                       word=word, we=we)
        else:
            run.report("TC402", start, end, [], variant="passive", severity=severity,
                       word=word, verb=info.imperfective)

    def _subject_after(self, draft: Draft, verb: Token, table: Mapping[str, _VerbalNoun],
                       tag: Any) -> tuple[Token, _VerbalNoun] | None:
        """The verbal noun in the nominative right after a passive verb, agreeing with it."""
        for skipped, tok in enumerate(_words_after(draft, verb)):
            parse = _subject_parse(tok, tag)
            if parse is not None:
                lemma = str(parse.normal_form)
                if lemma in table:
                    return tok, table[lemma]
                if lemma in self.work_nouns:
                    return self._work_target(draft, tok)
                return None
            if tok.parses[0].tag.POS not in _SKIP_BETWEEN or skipped >= _MAX_BETWEEN:
                return None
        return None

    def _subject_before(self, draft: Draft, first: Token, table: Mapping[str, _VerbalNoun],
                        tag: Any) -> tuple[Token, Token, _VerbalNoun] | None:
        """The verbal noun in the nominative before a passive verb, agreeing with it: only
        adverbs, particles and words in other cases (its dependents) between, no
        punctuation: «Выдача карт [только] производится». Returns the subject (the work noun
        in «работы по замене ведутся»), the verbal noun and its verbs."""
        tokens = draft.tokens
        j = first.i - 1
        seen = 0
        while j >= 0 and seen <= _MAX_BEFORE:
            tok = tokens[j]
            if tok.kind != "word" or tok.sent != first.sent or not tok.parses:
                return None
            parse = _subject_parse(tok, tag)
            if parse is not None:
                lemma = str(parse.normal_form)
                if lemma in table:
                    return tok, tok, table[lemma]
                if lemma in self.work_nouns:
                    work = self._work_target(draft, tok)
                    return (tok, *work) if work is not None else None
                if not _oblique(tok):
                    return None  # another subject
            else:
                top = tok.parses[0].tag
                if top.POS not in _BEFORE_PASSIVE or ("nomn" in top and not _oblique(tok)):
                    return None
            seen += 1
            j -= 1
        return None

    def _in_process(self, run: CheckRun, verb: Token) -> None:
        """«находится в процессе сборки» → «собирается»; «на стадии комплектации» →
        «комплектуется»; «на рассмотрении» → «рассматривается»."""
        draft = run.draft
        words = _following_words(draft, verb, 3)
        noun: Token | None = None
        if len(words) >= 3 and (fold(words[0].norm), fold(words[1].norm)) in self.stages:
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
        word = draft.text[verb.start:noun.end]
        if fix:
            run.report("TC402", verb.start, noun.end, [fix], variant="verb", word=word, fix=fix)
        else:
            run.report("TC402", verb.start, noun.end, [], variant="verb_advice", word=word,
                       verb=info.imperfective)

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
        word = draft.text[start:end]
        if fix:
            run.report("TC402", start, end, [fix], variant="is", word=word, fix=fix)
        else:
            run.report("TC402", start, end, [], variant="is_advice", word=word)

    # -- TC403: chains of verbal nouns -----------------------------------------------------------

    def _report_chains(self, run: CheckRun) -> None:
        """TC403: in one pass per sentence, each longest run of a noun and the genitive nouns
        after it (adjectives between, nothing but spaces between the words)."""
        draft = run.draft
        cache = self._chain_facts
        verbal = [tok.sent for tok, what in run.marked.get(self.category, ()) if what == _VERBAL]
        # a chain needs two verbal nouns: only sentences with two are read
        for index in sorted({i for i in verbal if verbal.count(i) >= _CHAIN_VERBAL_MIN}):
            sent = draft.sentences[index]
            chain: list[Token] = []
            prev_i = -2
            for tok in sent.words:
                facts = cache.get(tok.norm) or self._facts(tok)
                if chain and tok.i == prev_i + 1 and (facts.genitive_noun
                                                      or facts.genitive_adjective):
                    if facts.genitive_noun:
                        chain.append(tok)
                else:
                    if len(chain) >= _CHAIN_MIN:
                        self._report_chain(run, chain)
                    chain = [tok] if facts.noun and not tok.quoted else []
                prev_i = tok.i
            if len(chain) >= _CHAIN_MIN:
                self._report_chain(run, chain)

    def _report_chain(self, run: CheckRun, chain: list[Token]) -> None:
        if sum(1 for t in chain if self._facts(t).verbal) >= _CHAIN_VERBAL_MIN:
            start, end = chain[0].start, chain[-1].end
            run.report("TC403", start, end, [], word=run.draft.text[start:end],
                       count=str(len(chain)))

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
        per_sentence = counts(draft).per_sentence
        for sent in draft.sentences:
            count = per_sentence[sent.index]
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


def _next_fits(draft: Draft, last: Token, next_not: list[str]) -> bool:
    """A word follows in the same sentence and its likeliest part of speech is not in
    ``next_not``."""
    nxt = draft.next(last, words_only=True)
    return nxt is not None and nxt.sent == last.sent and nxt.tag is not None \
        and str(nxt.tag.POS) not in next_not


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


def _object_to_case(draft: Draft, noun: Token, case: str | None) -> tuple[str, int] | None:
    """The genitive words after a verbal noun, put into the case its verb governs:
    «проверку [данного платежа]» → «[данный платёж]». Returns the text and where it ends;
    ``None`` when a genitive follows that cannot be put into that case (a fix would leave
    it dangling: «благоустроим территории»)."""
    if case == "gent":
        return "", noun.end
    if case is None:  # «выезд мастера» is no «выехать мастера»
        following = next(_words_after(draft, noun), None)
        return None if following is not None and _genitive(following) else ("", noun.end)
    words: list[Token] = []
    for tok in _words_after(draft, noun):
        parse = _genitive(tok)
        if parse is None:
            break
        words.append(tok)
        if parse.tag.POS in ("NOUN", "NPRO"):
            break
    if not words:
        return "", noun.end
    head = _genitive(words[-1])
    if head is None or head.tag.POS not in ("NOUN", "NPRO"):
        return None
    animacy = head.tag.animacy  # adjectives take the noun's animacy
    converted = [_to_case(t, "gent", case, animacy) for t in words]
    if not all(converted):
        return None
    return " ".join(c for c in converted if c), words[-1].end


def _genitive(tok: Token) -> Any:
    """A genitive reading of a noun, adjective or pronoun (the likeliest one first)."""
    if "Abbr" in tok.parses[0].tag or tok.parses[0].tag.POS in _FUNCTION_WORDS:
        return None
    return next((p for p in tok.parses if "gent" in p.tag
                 and p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO")), None)


def _words_after(draft: Draft, tok: Token) -> Iterator[Token]:
    """The words right after ``tok`` in its sentence, up to the first punctuation mark or
    non-word (a number, a link)."""
    tokens = draft.tokens
    for j in range(tok.i + 1, len(tokens)):
        t = tokens[j]
        if t.kind != "word" or t.sent != tok.sent or not t.parses:
            return
        yield t


def _word_after_offset(draft: Draft, tok: Token, end: int) -> Token | None:
    """The word right after ``end`` (which lies after ``tok``), in the same sentence."""
    for t in _words_after(draft, tok):
        if t.start >= end:
            return t
    return None


def _verb_like(draft: Draft, target: str, verb: Token, perfective: bool) -> str | None:
    """``target`` (an infinitive) in the form of ``verb`` read with the given aspect.
    «Осуществите» is an imperative or a future: where the two forms of ``target`` differ
    («войдите» / «войдёте»), the imperative at the start of a sentence, the future after «вы»,
    else none."""
    forms: dict[str, str | None] = {}
    for p in verb.parses:
        if p.tag.POS in ("VERB", "INFN") and p.normal_form == verb.parses[0].normal_form \
                and ("perf" in p.tag) == perfective:
            forms.setdefault(str(p.tag.mood), _inflect_verb(target, p.tag))
    if len(set(forms.values())) <= 1:
        return next(iter(forms.values()), None)
    if draft.sentence_start(verb) or _after_please(draft, verb):
        return forms.get("impr")
    if any(w.norm == "вы" for w in draft.sentences[verb.sent].words if w.i < verb.i):
        return forms.get("indc")
    return None


def _after_please(draft: Draft, verb: Token) -> bool:
    prev = draft.prev(verb, words_only=True)
    return prev is not None and prev.sent == verb.sent and prev.norm == "пожалуйста" \
        and draft.sentence_start(prev)


def _inflect_verb(target: str, tag: Any) -> str | None:
    """The infinitive ``target`` in the person, number, tense and mood of ``tag``."""
    grammemes = {str(v) for v in (tag.number, tag.gender, tag.person, tag.tense, tag.mood,
                                  tag.involvement) if v}
    if "plur" in grammemes:
        grammemes -= {"masc", "femn", "neut"}
    return target if tag.POS == "INFN" else _inflect_infinitive(target, grammemes)


def _agreement(draft: Draft, verb: Token) -> tuple[Any, Token | None] | None:
    """What a passive verb's subject agrees with — its own tag, or the tag of «быть» right
    before it («будет осуществляться») — and that «быть», if any."""
    prev = draft.prev(verb)
    aux = prev if prev is not None and prev.kind == "word" and prev.sent == verb.sent \
        and prev.parses and str(prev.parses[0].normal_form) == "быть" \
        and prev.parses[0].tag.POS == "VERB" else None
    tag = verb.parses[0].tag
    if tag.POS == "INFN":
        return (aux.parses[0].tag, aux) if aux is not None else None
    return tag, aux


def _subject_parse(tok: Token, tag: Any) -> Any:
    """A nominative noun reading of ``tok`` that agrees with the verb tag ``tag``."""
    if tok.parses[0].tag.POS in _FUNCTION_WORDS:  # «по» is also a noun (an abbreviation)
        return None
    for p in tok.parses:
        t = p.tag
        if t.POS != "NOUN" or "nomn" not in t or t.number != tag.number or "Abbr" in t:
            continue
        if tag.person is not None and tag.person != "3per":
            continue
        if tag.number == "sing" and tag.gender is not None and t.gender != tag.gender:
            continue
        return p
    return None


def _oblique(tok: Token) -> bool:
    """Can be a noun or adjective in a case other than the nominative («связи»: a genitive
    as well as a nominative plural)."""
    return any(p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and p.tag.case not in (None, "nomn")
               for p in tok.parses)


def _imperfective(infinitive: str) -> bool:
    """Has an imperfective reading («проводить»; pymorphy3 also reads it as a perfective)."""
    return any(p.tag.POS == "INFN" and "impf" in p.tag for p in morph.parse(infinitive))


def _reflexive(infinitive: str) -> str | None:
    """«собирать» → «собираться»."""
    if infinitive.endswith("ть"):
        return infinitive + "ся"
    if infinitive.endswith("ти"):
        return infinitive + "сь"
    return None


def _we(info: _VerbalNoun, perfective: bool, aux: Token | None, verb: Token) -> str | None:
    """What «мы» would say instead of a passive: «будет произведён» → «вернём», «произведён»
    → «вернули», «осуществляется» → «доставляем», «осуществлялась» → «доставляли»."""
    tense = str(aux.parses[0].tag.tense) if aux is not None else str(verb.parses[0].tag.tense)
    if perfective:
        infinitive = info.perfective
        grammemes = {"1per", "plur", "futr", "indc"} if tense == "futr" else {"plur", "past"}
    else:
        infinitive = info.imperfective
        if tense == "futr":
            return f"будем {infinitive}"
        grammemes = {"1per", "plur", "pres", "indc"} if tense == "pres" else {"plur", "past"}
    return _inflect_infinitive(infinitive, grammemes)


def _inflect_infinitive(infinitive: str, grammemes: set[str]) -> str | None:
    """The first reading of ``infinitive`` that has the form (pymorphy3 also reads
    «переводить» as a perfective, which has no present)."""
    for p in morph.parse(infinitive):
        if p.tag.POS == "INFN":
            result = morph.inflect_parse(p, grammemes)
            if result:
                return result
    return None
