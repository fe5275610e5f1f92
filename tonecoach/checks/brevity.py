"""Brevity (TC4xx): канцелярит, verbal-noun phrases and chains, long sentences and replies,
filler words."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

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
        # a promise of time («в ближайшее время» → «скоро») in a negated clause is a plain
        # time, not a promise: «новых функций в ближайшее время мы не планируем»
        matches = [m for m in matches if not (_PROMISES.intersection(m.entry.replacements)
                                              and _negated_clause(draft, m.first, m.last))]
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
            if inner is not None and inner.entry.next_not \
                    and not _next_fits(draft, inner.last, inner.entry.next_not):
                inner = None
            if inner is not None:  # «Сообщаем, что в данный момент» → «Сейчас»
                inner_start, inner_end, inner_fixes = self._dictionary_fixes(draft, inner,
                                                                             opens=True)
                if inner_fixes and inner_start == inner.start:
                    merged.add(inner.first.i)
                    end, fix = inner_end, _capitalised(inner_fixes[0])
            run.report("TC401", start, end, [fix], word=word, note=note)

    def _dictionary_fixes(self, draft: Draft, m: Match,
                          opens: bool = False) -> tuple[int, int, list[str]]:
        """Span and replacements of a dictionary match, each fitted to its place (see
        :meth:`_fitted`) and cased for it; none where a replacement would not read right.
        «о данном» → «об этом» takes the preposition in. ``opens``: the match will open the
        sentence (the opening before it is dropped)."""
        span: tuple[int, int] | None = None
        fixes: list[str] = []
        for replacement in m.entry.replacements:
            raw = self._dictionary_fix(draft, m, replacement)
            fitted = self._fitted(draft, m, replacement, raw, opens) if raw is not None \
                else None
            if fitted is None or (span is not None and fitted[:2] != span):
                continue
            span = fitted[:2]
            fixes.append(fitted[2])
        if span is None:
            return m.start, m.end, []
        start, end = span
        prev = draft.prev(m.first)
        if start == m.start and prev is not None and prev.norm == "о" \
                and prev.end + 1 == m.start and fixes[0][:1].lower() in _VOWELS_AFTER_OB:
            start = prev.start  # «о данном» → «об этом»
            fixes = ["об " + f for f in fixes]
        first = draft.token_at(start)
        at_start = opens or (first is not None and draft.sentence_start(first))
        fragment = draft.text[start:end]
        return start, end, [_cased(f, fragment, at_start) for f in fixes]

    def _dictionary_fix(self, draft: Draft, m: Match, replacement: str) -> str | None:
        """The replacement in lower case, inflected where the entry says so, or ``None``
        where the form the sentence needs does not exist or would not read right."""
        replacement = replacement[:1].lower() + replacement[1:] \
            if not replacement[:2].isupper() else replacement
        if not m.entry.inflect:
            return replacement
        words = [t for t in draft.tokens[m.first.i:m.last.i + 1] if t.kind == "word"]
        head = words[min(m.entry.head, len(words) - 1)]
        first, _, rest = replacement.partition(" ")
        inflected = inflect_like(first, head, polite=False)
        if inflected is None or not _inflection_fits(draft, m, head, first, inflected) \
                or _ambiguous_form(first, head, inflected):
            return None
        return f"{inflected} {rest}".strip()

    def _fitted(self, draft: Draft, m: Match, replacement: str, raw: str,
                opens: bool) -> tuple[int, int, str] | None:
        """``raw`` (a replacement of ``m`` in lower case) fitted to its place: the span it
        replaces and its text, or ``None`` where it would not read right there. By what the
        replacement is: a preposition needs the words after it in the case it governs; a
        conjunction a comma before it; a manner adverb a predicate to lean on; «поэтому» the
        start of its clause; an opening in the imperative no subject before it; «когда сможем»
        the person of the predicate; «не можем» the tense of the verb it replaces."""
        key = replacement.lower()
        start, end = m.start, m.end
        prev = None if opens else draft.prev(m.first)
        if prev is not None and prev.sent != m.first.sent:
            prev = None
        governs = _GOVERNS.get(key)
        if governs is not None:
            fits, head = _complement(draft, m.last, governs, key in _TIME_PREPOSITIONS)
            if not fits:
                if key != "для" or not _infinitive_follows(draft, m.last):
                    return None
                key = raw = "чтобы"  # «с целью уточнить адрес» → «чтобы уточнить адрес»
            elif head is not None and not self._complement_fits(m, key, head):
                return None
            else:
                construction = _what_about(draft, m, raw, prev)
                if construction is False:
                    return None
                return construction or (start, end, raw)
        if key in _SUBORDINATORS:
            if prev is not None and prev.norm in ("не", "ни"):
                return None  # «не в связи с тем, что …, а …»
            if prev is not None and prev.norm in _COORDINATORS and not _clause_head(draft, prev):
                return None  # «вернём и в случае, если …»: «и» is «also», a comma may be due
            at_start = prev is None or _clause_head(draft, prev)
            if key == "потому что" and at_start:
                raw = "так как"  # «Так как сервер перегружен, ответ задержится»
            comma = None if prev is None else _comma_goes_after(draft, prev)
            if comma is not None:  # «задерживается, потому что …», «деньги, только если …»
                return comma.end, end, "," + draft.text[comma.end:start] + raw
            return start, end, raw
        if key in _CLAUSE_LINKS:  # «поэтому»: opens its clause, takes no comma after it
            nxt = draft.next(m.last)
            comma_after = nxt is not None and nxt.sent == m.last.sent and nxt.text == ","
            if prev is None:
                return (start, nxt.end, raw) if comma_after and nxt is not None \
                    else (start, end, raw)
            if prev.text == "," and not comma_after:  # «сбой, в связи с чем ответ …»
                return start, end, raw
            return None
        if key.endswith(":"):  # «Обратите внимание:» — an imperative: no subject before it
            if prev is not None and not _only_adverbs_before(draft, m.first):
                return None
            return start, end, raw
        if key.startswith("когда "):
            return _when_able(draft, m, raw, prev)
        if key.startswith("не ") and key.split()[-1] == "можем":
            return _cannot(draft, m, raw)
        adverb = _manner_adverb(key)
        if adverb and not _leans_on_predicate(draft, m):
            return None
        if (adverb or key.rsplit(" ", 1)[-1] in _ANYWHERE_ADVERBS) \
                and _dependent_genitive(draft, m):
            return None  # «в данный момент времени» is no «сейчас времени»
        return start, end, raw

    def _complement_fits(self, m: Match, key: str, head: Token) -> bool:
        """«по поводу» is about a thing, not a person («меры в отношении сотрудника» are taken
        against him); «в результате» reads as a cause only before an event, not an action
        («в результате проверки» is no «из-за проверки»)."""
        parse = head.parses[0]
        if key == "по поводу" and (parse.tag.POS == "NPRO" or "anim" in parse.tag):
            return False
        return not (key == "из-за" and self._facts(head).verbal
                    and any(t.lemma in _RESULT_NOUNS for t in (m.first, m.last)))

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
        if target.endswith(("ся", "сь")) and _said_of_us(draft, verb):
            new_verb = None  # «мы проведём регистрацию» is no «мы зарегистрируемся»
        start = verb.start
        converted = _object_to_case(draft, noun, info.case)
        tail, end = converted if converted is not None else ("", noun.end)
        after = _word_after_offset(draft, noun, end)
        fix = None
        if new_verb is not None and converted is not None \
                and not (after is not None and after.norm in info.not_before) \
                and (dative is None or info.case == "datv" or tail):
            new_verb = match_case(new_verb, verb.text)
            if draft.sentence_start(verb):
                new_verb = _capitalised(new_verb)
            words = [new_verb] + [t.text for t in between]
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
        «комплектуется»; «на рассмотрении» → «рассматривается»: a passive of a thing in the
        third person, with no object of the noun left over."""
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
        after = next(_words_after(draft, noun), None)
        if verb.parses[0].tag.person in ("1per", "2per") \
                or (after is not None and _genitive(after) is not None) \
                or _animate_subject(draft, verb):
            # «мы находимся в процессе проверки» is no «мы проверяемся», «в процессе
            # оформления документов» no «оформляется документов», «врач находится на
            # приёме» no «врач принимается»
            new_verb = None
        fix = match_case(new_verb, verb.text) if new_verb else None
        word = draft.text[verb.start:noun.end]
        if fix:
            run.report("TC402", verb.start, noun.end, [fix], variant="verb", word=word, fix=fix)
        else:
            run.report("TC402", verb.start, noun.end, [], variant="verb_advice", word=word,
                       verb=info.imperfective)

    def _is(self, run: CheckRun, verb: Token) -> None:
        """«является подтверждением» → «— подтверждение» (present tense only); «также
        является» → «— также», «не является» → «не» and a personal pronoun («он является»)
        without a dash; after «который», «что» or with no subject before it, no fix."""
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
            noun_parse = _noun_parse(group[-1], "ablt")
            nominative = [_to_case(t, "ablt", "nomn", head=noun_parse) for t in group]
            placed = _copula_place(draft, verb)
            if all(nominative) and placed is not None:
                lead, dash = placed  # «также», «не» between the subject and the verb
                words = [t.text for t in lead] + [n for n in nominative if n]
                fix = ("— " if dash else "") + " ".join(words)
                start = lead[0].start if lead else start
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
        limit = config.long_reply_words[channel]  # every channel: Config fills the defaults in
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


def _to_case(tok: Token, old: str, new: str, animacy: Any = None,
             head: Any = None) -> str | None:
    """``tok`` (in case ``old``) put into case ``new``, keeping number and gender; in the
    accusative an adjective takes ``animacy`` (its noun's); an adjective read in the number
    and gender of its noun's parse ``head`` («самым популярным тарифом» is masculine, not
    neuter)."""
    readings = [p for p in tok.parses if old in p.tag]
    if head is not None and tok.parses and tok.parses[0].tag.POS != "NOUN":
        agreeing = [p for p in readings if p.tag.number == head.tag.number
                    and (head.tag.number != "sing" or p.tag.gender == head.tag.gender)]
        readings = agreeing or readings
    parse = readings[0] if readings else None
    if parse is None:
        return None
    grammemes = {new}
    animacy = animacy or parse.tag.animacy
    # animacy tells the accusative only in the masculine singular and the plural («вашей
    # посылки» → «вашу посылку», not «ваш»)
    if new == "accs" and animacy and (parse.tag.number == "plur" or parse.tag.gender == "masc"
                                      or parse.tag.POS == "NOUN"):
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
    converted = [_to_case(t, "gent", case, animacy, head) for t in words]
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
    if info.imperfective.endswith(("ся", "сь")):
        return None  # «запись ведётся»: «мы записываемся» would say another thing
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


# -- TC401: where a replacement reads right -----------------------------------------------------

# the case a prepositional replacement governs: the words after the phrase must be in it
# («в период с высокой нагрузкой» is no «с высокой нагрузкой»; «согласно договора» no «по»)
_GOVERNS = {"из-за": "gent", "для": "gent", "насчёт": "gent", "кроме": "gent",
            "с помощью": "gent", "после": "gent", "во время": "gent", "по поводу": "gent",
            "до": "gent", "с": "gent", "по": "datv", "на": "accs"}
_TIME_PREPOSITIONS = frozenset({"до", "с", "на", "после"})  # «до завтра», «на сегодня»
_RESULT_NOUNS = frozenset({"результат"})
# replacements that open a subordinate clause: a comma goes before them
_SUBORDINATORS = frozenset({"если", "потому что", "так как", "чтобы"})
_CLAUSE_LINKS = frozenset({"поэтому"})  # link a clause to the one before: at its head only
_COORDINATORS = frozenset({"и", "а", "но", "или", "либо", "да"})
# time adverbs stand in a clause with no verb too («Сейчас заказ на складе»); a manner adverb
# needs a predicate («Все системы в штатном режиме» is no «Все системы нормально»)
_ANYWHERE_ADVERBS = frozenset({"сейчас", "сегодня", "скоро"})
_PROMISES = frozenset({"скоро"})  # a promise of time: none in a negated clause
_SEGMENT_STOPS = frozenset(",;:—–-()[]")
_PREDICATES = frozenset({"VERB", "INFN", "PRTS", "ADJS", "PRED"})
_NOMINALS = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})
_QUOTES_OPEN = frozenset("«\"„“'")
_MAX_COMPLEMENT = 6
# how far the context of a replacement is read, in tokens and clause stretches: a clause is
# shorter, and a draft of one endless sentence costs no more than linear time
_MAX_REACH = 40
_MAX_STRETCHES = 3
_ADVERB_POS = frozenset({"ADVB", "COMP"})
_NOT_ADVERB_POS = frozenset({"NOUN", "ADJF", "NPRO", "VERB", "INFN", "PREP"})


def _cased(fix: str, fragment: str, at_start: bool) -> str:
    """``fix`` cased for its place: in capitals where the fragment is, with a capital at a
    sentence start, else in lower case (an acronym stays)."""
    if not fix or not fix[0].isalpha():
        return fix
    if sum(c.isalpha() for c in fragment) > 1 and fragment.isupper():
        return fix.upper()
    if at_start:
        return _capitalised(fix)
    return fix if fix[:2].isupper() else fix[:1].lower() + fix[1:]


def _capitalised(fix: str) -> str:
    return fix[:1].upper() + fix[1:]


def _complement(draft: Draft, last: Token, case: str,
                adverb_ok: bool) -> tuple[bool, Token | None]:
    """Whether the words after ``last`` can be governed in ``case``, and the noun that is
    (``None`` for a number, an abbreviation, a foreign word, a substantivised adjective such
    as «этого»). ``adverb_ok``: a time adverb may follow («на сегодня»)."""
    tokens = draft.tokens
    j = last.i + 1
    while j < len(tokens) and tokens[j].sent == last.sent and tokens[j].text in _QUOTES_OPEN:
        j += 1
    adjective = False
    for t in tokens[j:j + _MAX_COMPLEMENT]:
        if t.sent != last.sent or t.kind not in ("word", "number"):
            break
        if t.kind == "number" or not t.parses:
            return True, None  # «до 5 мая», «с 1 по 5»
        top = t.parses[0].tag
        if top.POS is None or "Abbr" in top or "LATN" in top or "Fixd" in top:
            return True, None  # «посредством СБП», «согласно п. 3»
        if any(p.tag.POS in ("NOUN", "NPRO") and case in p.tag for p in t.parses):
            return True, t
        if any(p.tag.POS in ("ADJF", "PRTF", "NUMR") and case in p.tag for p in t.parses):
            if t.lemma == "который":
                return True, None  # «согласно которому возврат …»: the pronoun is the head
            adjective = True
            continue
        if top.POS in ("NOUN", "NPRO"):
            return False, None  # «с высокой нагрузкой»
        return (True, None) if adjective or (adverb_ok and top.POS == "ADVB") \
            else (False, None)
    return adjective, None


def _infinitive_follows(draft: Draft, last: Token) -> bool:
    nxt = draft.next(last)
    return nxt is not None and nxt.kind == "word" and nxt.sent == last.sent \
        and nxt.tag is not None and nxt.tag.POS == "INFN"


def _what_about(draft: Draft, m: Match, raw: str,
                prev: Token | None) -> tuple[int, int, str] | Literal[False] | None:
    """«Что касательно возврата, то деньги придут завтра» → «Насчёт возврата, деньги придут
    завтра»: the whole construction, «что» and «то» with it. ``None`` where «что» does not
    open it («Уточните, что касательно возврата вам непонятно»: «что» is the verb's own);
    ``False`` where it does but cannot be rewritten surely."""
    if prev is None or prev.kind != "word" or prev.norm != "что":
        return None
    before = draft.prev(prev)
    if not (draft.sentence_start(prev) or before is None or before.kind == "punct"
            or before.norm in _COORDINATORS):
        return None
    tokens = draft.tokens
    for t in tokens[m.last.i + 1:m.last.i + 1 + _MAX_REACH]:
        if t.sent != m.last.sent:
            return None
        if t.kind == "punct":
            if t.text in "—–:":  # «Что касательно сроков — всё по договору»
                return prev.start, m.end, raw
            if t.text != ",":
                return None if t.text in ".!?…" else False
            comma = t
            break
        if t.kind == "word" and t.tag is not None and t.tag.POS in _PREDICATES:
            return None  # «что» has a verb of its own: a question, not the construction
    else:
        return False  # no end in sight
    then = draft.next(comma)
    if then is None or then.kind != "word" or then.norm != "то" or then.sent != comma.sent:
        return prev.start, m.end, raw  # «Что касательно возврата, деньги придут завтра»
    after = draft.next(then)
    if after is None or after.kind != "word" or after.norm == "есть":
        return False  # «то есть», «то.»: no sure rewrite — and no fix
    return prev.start, then.end, raw + draft.text[m.end:comma.end]


def _clause_head(draft: Draft, prev: Token) -> bool:
    """The phrase after ``prev`` heads its clause: ``prev`` is a mark, or «и»/«а»/«но»
    opening the sentence or following a comma."""
    if prev.kind == "punct":
        return prev.text not in (",",)
    if prev.norm not in _COORDINATORS:
        return False
    before = draft.prev(prev)
    return draft.sentence_start(prev) or (before is not None and before.kind == "punct")


def _comma_goes_after(draft: Draft, prev: Token) -> Token | None:
    """The word after which a comma must go before a subordinate clause that starts after
    ``prev``: ``prev`` itself, or the word before the particles that lead the clause
    («деньги, только если …»); ``None`` where a mark or a coordinating conjunction is there
    already («…, если», «и если»)."""
    tok: Token | None = prev
    for _ in range(_MAX_BETWEEN + 1):
        if tok is None or tok.kind != "word" or tok.sent != prev.sent \
                or tok.norm in ("не", "ни") or tok.norm in _COORDINATORS \
                or not any(p.tag.POS == "PRCL" for p in tok.parses):
            break
        tok = draft.prev(tok)
    if tok is None or tok.sent != prev.sent or tok.kind == "punct" \
            or tok.norm in _COORDINATORS:
        return None
    return tok


def _only_adverbs_before(draft: Draft, first: Token) -> bool:
    """Only adverbs, conjunctions and particles stand between the last mark and ``first``
    («Также обращаем внимание»; not «Мы обращаем внимание»)."""
    tok = draft.prev(first)
    for _ in range(_MAX_BETWEEN + 1):
        if tok is None or tok.sent != first.sent or tok.kind == "punct":
            return True
        if tok.kind != "word" or tok.tag is None \
                or tok.tag.POS not in ("ADVB", "CONJ", "PRCL", "INTJ"):
            return False
        tok = draft.prev(tok)
    return False


def _segment(draft: Draft, lo: int, hi: int) -> tuple[int, int]:
    """Token indexes of the stretch around ``lo..hi`` between commas, dashes, colons and
    brackets of one sentence."""
    tokens = draft.tokens
    sent = tokens[lo].sent
    floor, ceiling = lo - _MAX_REACH, hi + _MAX_REACH
    while lo > 0 and lo > floor and tokens[lo - 1].sent == sent \
            and tokens[lo - 1].text not in _SEGMENT_STOPS:
        lo -= 1
    while hi + 1 < len(tokens) and hi < ceiling and tokens[hi + 1].sent == sent \
            and tokens[hi + 1].text not in _SEGMENT_STOPS and tokens[hi + 1].text not in ".!?…":
        hi += 1
    return lo, hi


def _predicate_word(tok: Token) -> bool:
    return tok.kind == "word" and tok.tag is not None and tok.tag.POS in _PREDICATES


def _predicate_segment(draft: Draft, first: Token, last: Token) -> tuple[int, int] | None:
    """The clause stretch that holds the predicate a phrase belongs to: the phrase's own
    stretch if it has one, else the nearest stretch after it, or before it, that has one
    («В ближайшее время мы, к сожалению, не сможем»); ``None`` where none has."""
    tokens = draft.tokens
    lo, hi = _segment(draft, first.i, last.i)
    if any(_predicate_word(t) for t in tokens[lo:hi + 1] if not first.i <= t.i <= last.i):
        return lo, hi
    for step in (1, -1):
        a, b = lo, hi
        for _ in range(_MAX_STRETCHES):
            j = b + 1 if step == 1 else a - 1
            while 0 <= j < len(tokens) and tokens[j].sent == first.sent \
                    and tokens[j].text in _SEGMENT_STOPS:
                j += step  # the marks between two stretches
            if not 0 <= j < len(tokens) or tokens[j].sent != first.sent \
                    or tokens[j].text in ".!?…":
                break
            a, b = _segment(draft, j, j)
            if any(_predicate_word(t) for t in tokens[a:b + 1]):
                return a, b
    return None


def _negated_clause(draft: Draft, first: Token, last: Token, *, lexical: bool = True) -> bool:
    """The predicate of the clause ``first..last`` stands in is negated: «не» before a verb,
    a short form or a predicative (not an imperative: «…, не переживайте»), «нет»; with
    ``lexical`` also a negative word («нельзя», «будет невозможна», «недоступен»)."""
    found = _predicate_segment(draft, first, last)
    if found is None:
        return False
    tokens = draft.tokens
    lo, hi = found
    for t in tokens[lo:hi + 1]:
        if t.kind != "word":
            continue
        if lexical and (t.norm in ("нельзя", "невозможно") or (
                t.lemma.startswith("не") and t.tag is not None and t.tag.POS in ("ADJS", "PRED"))):
            return True  # «нельзя», «будет невозможна», «недоступен»
        if t.norm == "нет":
            nxt = draft.next(t)
            if not (draft.sentence_start(t) and nxt is not None and nxt.kind == "punct"
                    and nxt.text in ",!."):
                return True  # not the answer «Нет, …»
        if t.norm != "не":
            continue
        nxt = draft.next(t, words_only=True)
        skipped = 0
        while nxt is not None and nxt.i <= hi and skipped < _MAX_BETWEEN \
                and nxt.tag is not None and nxt.tag.POS in _SKIP_BETWEEN:
            nxt = draft.next(nxt, words_only=True)
            skipped += 1
        if nxt is not None and nxt.i <= hi and _predicate_word(nxt) \
                and "impr" not in nxt.tag:
            return True
    return False


def _manner_adverb(key: str) -> bool:
    """A replacement that is an adverb of manner («полностью», «как обычно», «так»): a
    word that can be an adverb and nothing a noun could take («онлайн» is also an
    adjective: «консультация онлайн»)."""
    last = key.rsplit(" ", 1)[-1]
    if last in _ANYWHERE_ADVERBS:
        return False
    parses = morph.parse(last)
    return any(p.tag.POS in _ADVERB_POS for p in parses) \
        and not any(p.tag.POS in _NOT_ADVERB_POS for p in parses)


def _leans_on_predicate(draft: Draft, m: Match) -> bool:
    """A manner adverb put for ``m`` has a predicate to modify: there is one in its clause,
    and the phrase does not follow a noun it could belong to instead — unless a predicate
    comes before that noun («Направьте претензию в письменном виде»; not «Ответ в письменном
    виде придёт завтра», «Работа в штатном режиме возобновлена»)."""
    found = _predicate_segment(draft, m.first, m.last)
    if found is None:
        return False
    tok = draft.prev(m.first)
    if tok is None or tok.kind != "word" or tok.sent != m.first.sent or tok.tag is None \
            or tok.tag.POS not in _NOMINALS:
        return True  # after a verb, an adverb, a pronoun, a mark
    for _ in range(_MAX_COMPLEMENT):
        if tok is None or tok.kind != "word" or tok.sent != m.first.sent \
                or tok.tag is None or tok.tag.POS not in _NOMINALS | {"NPRO"}:
            break
        tok = draft.prev(tok)
    return tok is not None and tok.sent == m.first.sent and _predicate_word(tok)


def _dependent_genitive(draft: Draft, m: Match) -> bool:
    """A genitive right after the phrase's last noun may depend on it («в штатном режиме
    работы», «в данный момент времени»): an adverb put instead would leave it hanging. Not
    in a negated clause, where it is the negation's («В данный момент заказа нет»)."""
    if m.last.tag is None or m.last.tag.POS != "NOUN":
        return False
    nxt = draft.next(m.last)
    if nxt is None or nxt.kind != "word" or nxt.sent != m.last.sent or not nxt.parses \
            or _genitive(nxt) is None or nxt.tag.POS == "NPRO":
        return False  # «в данный момент его собирают»: a pronoun is the verb's
    return not _negated_clause(draft, m.first, m.last, lexical=False)


def _finite_verb(draft: Draft, first: Token, last: Token) -> Token | None:
    """The finite verb of the clause ``first..last`` stands in."""
    found = _predicate_segment(draft, first, last)
    if found is None:
        return None
    lo, hi = found
    for t in draft.tokens[lo:hi + 1]:
        if t.kind == "word" and t.tag is not None and t.tag.POS == "VERB" \
                and not first.i <= t.i <= last.i:
            return t
    return None


def _able(verb_tag: Any) -> str | None:
    """«смочь» in the person of ``verb_tag``: «ответим» → «сможем», «пришлите» → «сможете»,
    «ответил» → «смог»."""
    if "impr" in verb_tag:
        grammemes = {"futr", "2per", "plur", "indc"}
    elif "past" in verb_tag:
        grammemes = {"past", str(verb_tag.number)}
        if verb_tag.number == "sing" and verb_tag.gender:
            grammemes.add(str(verb_tag.gender))
    elif verb_tag.person and verb_tag.number:
        grammemes = {"futr", "indc", str(verb_tag.person), str(verb_tag.number)}
    else:
        return None
    return _inflect_infinitive("смочь", grammemes)


def _when_able(draft: Draft, m: Match, raw: str,
               prev: Token | None) -> tuple[int, int, str] | None:
    """«Специалист ответит по мере возможности» → «…, когда сможет»: «смочь» in the person of
    the clause's verb, the clause set off by commas."""
    verb = _finite_verb(draft, m.first, m.last)
    able = _able(verb.parses[0].tag) if verb is not None else None
    if able is None:
        return None
    fix = f"{raw.split()[0]} {able}"
    start, end = m.start, m.end
    nxt = draft.next(m.last)
    if nxt is not None and nxt.sent == m.last.sent and nxt.kind == "word":
        fix += ","  # «Когда сможем, ответим»
    if prev is not None and prev.kind != "punct":
        if prev.norm in _COORDINATORS:
            return None
        return prev.end, end, "," + draft.text[prev.end:start] + fix
    return start, end, fix


def _cannot(draft: Draft, m: Match, raw: str) -> tuple[int, int, str] | None:
    """«не представляется возможным» → «не можем», «не представилось» → «не смогли»,
    «не представится» → «не сможем»; none where a dative names who cannot («Вам не
    представится возможность»: that is no «мы»)."""
    verb = next((t for t in draft.tokens[m.first.i:m.last.i + 1]
                 if t.tag is not None and t.tag.POS == "VERB"), None)
    if verb is None:
        return None
    found = _predicate_segment(draft, m.first, m.last)
    lo, hi = found if found is not None else (m.first.i, m.last.i)
    if any(t.kind == "word" and t.tag is not None and t.tag.POS in ("NOUN", "NPRO")
           and "datv" in t.tag for t in draft.tokens[lo:hi + 1]):
        return None
    tag = verb.parses[0].tag
    if "pres" in tag:
        return m.start, m.end, raw
    perfective = "perf" in tag
    if "past" in tag:
        form = _inflect_infinitive("смочь" if perfective else "мочь", {"past", "plur"})
    else:
        form = _inflect_infinitive("смочь", {"futr", "1per", "plur", "indc"})
    return (m.start, m.end, f"{raw.split()[0]} {form}") if form else None


def _ambiguous_form(word: str, head: Token, inflected: str) -> bool:
    """``head`` reads as several cases the replacement tells apart: «оставьте транспортное
    средство» (nominative or accusative) is «машина» or «машину» — which, only the verb
    knows."""
    top = head.parses[0].tag
    if top.POS not in ("NOUN", "ADJF", "PRTF") or not top.case:
        return False
    target = next((p for p in morph.parse(word)
                   if ("ADJF" if top.POS == "PRTF" else top.POS) == p.tag.POS), None)
    if target is None:
        return False
    for p in head.parses[1:]:
        tag = p.tag
        if tag.POS != top.POS or tag.case == top.case or tag.number != top.number \
                or (tag.number == "sing" and tag.gender != top.gender):
            continue
        grammemes = {str(tag.case), str(tag.number)}
        if tag.number == "sing" and top.POS != "NOUN" and tag.gender:
            grammemes.add(str(tag.gender))
        if tag.animacy and top.POS != "NOUN":
            grammemes.add(str(tag.animacy))
        other = morph.inflect_parse(target, grammemes)
        if other is not None and other != inflected:
            return True
    return False


def _inflection_fits(draft: Draft, m: Match, head: Token, lemma: str, inflected: str) -> bool:
    """An inflected replacement agrees with the sentence around it: «быть» has no future
    with «будет» and no negated present («не имеет места» is no «не есть»), «мочь» no
    infinitive («чтобы мочь»); a noun of another gender leaves no agreeing word of the old
    one behind («Ваше транспортное средство было …» is no «Ваше машина было …»)."""
    tag = head.parses[0].tag
    if lemma == "мочь" and tag.POS == "INFN":
        return False
    if lemma == "быть":
        nxt = draft.next(m.last, words_only=True)
        if tag.person in ("1per", "2per") or _animate_subject(draft, head) \
                or (nxt is not None and nxt.sent == m.last.sent and nxt.norm == "быть"):
            return False  # «клиент имеет место в очереди» owns it; «имеет место быть»
        if tag.POS == "INFN":
            prev = draft.prev(m.first, words_only=True)
            if prev is not None and prev.sent == m.first.sent and prev.lemma == "быть":
                return False
        if "pres" in tag and negated(draft, m.first):
            return False
    if tag.POS == "NOUN" and "sing" in tag and tag.gender:
        new = next((p for p in morph.parse(inflected) if p.tag.POS == "NOUN"), None)
        if new is not None and new.tag.gender and new.tag.gender != tag.gender:
            gender = str(tag.gender)
            window = draft.tokens[max(0, m.first.i - _MAX_REACH):m.last.i + _MAX_REACH]
            return not any(
                t.kind == "word" and t.tag is not None and not m.first.i <= t.i <= m.last.i
                and t.sent == m.first.sent
                and t.tag.POS in ("ADJF", "PRTF", "PRTS", "ADJS", "VERB", "NPRO")
                and "sing" in t.tag and gender in t.tag
                for t in window)
    return True


# -- TC402: where a verb reads right ------------------------------------------------------------

_RELATIVE_WORDS = frozenset({"что", "кто", "где", "когда", "куда", "откуда", "как", "почему",
                             "зачем", "чем", "который", "какой", "чей"})
_SUBJECT_POS = frozenset({"NOUN", "NPRO", "ADJF", "PRTF", "NUMR"})


def _copula_place(draft: Draft, verb: Token) -> tuple[list[Token], bool] | None:
    """Where «является X» can become «— X»: the adverbs, particles and «не» between the
    subject and the verb (the dash goes before them: «Оплата — также подтверждение»), and
    whether a dash goes at all (not after «не»: «Консультации не часть договора»; not after a
    personal pronoun: «Он наш партнёр»). ``None`` where no subject stands right before
    («Компания, которая является партнёром», «Это то, что является нарушением»)."""
    lead: list[Token] = []
    tok = draft.prev(verb)
    while tok is not None and tok.kind == "word" and tok.sent == verb.sent \
            and tok.tag is not None and tok.norm not in _RELATIVE_WORDS \
            and (tok.norm in ("не", "ни") or (tok.tag.POS in _SKIP_BETWEEN and not any(
                p.tag.POS in _SUBJECT_POS for p in tok.parses))) \
            and len(lead) < _MAX_BETWEEN + 1:
        lead.insert(0, tok)
        tok = draft.prev(tok)
    if tok is None or tok.sent != verb.sent:
        return None
    personal = False
    if tok.kind == "punct":
        if tok.text not in "»\")":
            return None
    elif tok.kind == "word":
        if tok.tag is None or tok.norm in _RELATIVE_WORDS or tok.lemma in _RELATIVE_WORDS \
                or (tok.tag.POS in _FUNCTION_WORDS | {"VERB", "INFN", "GRND"}
                    and tok.norm != "это") \
                or not any(p.tag.POS in _SUBJECT_POS for p in tok.parses):
            return None  # «это» is read as a particle first
        personal = any(p.tag.POS == "NPRO" and p.tag.person is not None for p in tok.parses)
    negative = any(t.norm in ("не", "ни") for t in lead)
    return lead, not negative and not personal


def _animate_subject(draft: Draft, verb: Token) -> bool:
    """The nearest noun before ``verb`` in the nominative, agreeing with it, names a person
    («Врач находится на приёме»)."""
    number = verb.parses[0].tag.number
    for tok in reversed(draft.tokens[max(0, verb.i - _MAX_REACH):verb.i]):
        if tok.kind != "word" or tok.sent != verb.sent:
            continue
        parse = next((p for p in tok.parses if p.tag.POS == "NOUN" and "nomn" in p.tag
                      and (number is None or p.tag.number == number)), None)
        if parse is not None:
            return "anim" in parse.tag
    return False


def _said_of_us(draft: Draft, verb: Token) -> bool:
    """The light verb is said of «мы» or «я»: its own person, or the pronoun before it."""
    if verb.parses[0].tag.person == "1per":
        return True
    return any(w.norm in ("мы", "я") and w.sent == verb.sent
               for w in draft.tokens[max(0, verb.i - _MAX_REACH):verb.i])
