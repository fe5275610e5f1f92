"""Formality (TC1xx): «ты» and «вы», their agreement and spelling, and colloquial register."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from tonecoach.analysis import morph
from tonecoach.analysis.agreement import (
    agreeing_words,
    imperative_complements,
    predicate_unreached,
)
from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.analysis.inflection import (
    has_grammemes,
    inflect_like,
    match_case,
    rewrite_span,
)
from tonecoach.checks import Family, handles
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

_has = has_grammemes
_CLAUSE_BREAK = frozenset(",;:—–-()[]«»\"„“”!?.…")
_SKIP_POS = frozenset({"ADVB", "PRCL", "CONJ", "INTJ"})

AddrKind = Literal["pron", "poss", "verb", "impr", "interj"]
# (person, kind, parse, needs context): what a word form is, as far as its spelling tells
_Lexical = tuple[Literal["ty", "vy"], AddrKind, Any, bool]
_IDIOM = "formality:idioms"
_FROZEN = "formality:frozen_imperatives"  # idioms only where they close the clause
_DISCOURSE = "formality:discourse_imperatives"
_COLLOQUIAL = ("TC106", "TC107", "TC108")
_FOR_NOW = frozenset({"пока"})  # a goodbye, or «for now» when its sentence goes on


@dataclass(frozen=True, slots=True)
class _Facts:
    """What this family needs to know of a word form, whatever its context."""

    address: _Lexical | None = None
    thanks: bool = False  # «спасибо, что …»
    vy_subject: bool = False  # «вы» that a short adjective may follow


_NOTHING = _Facts()


class _Form(NamedTuple):
    """A word of address: which person (ty/vy) and what kind of word it is."""

    token: Token
    person: Literal["ty", "vy"]
    kind: AddrKind
    parse: Any


def _pairs(table: dict[str, str]) -> dict[str, str]:
    """A swap table looked up by folded spelling («твоем» too)."""
    return {fold(a): b for a, b in table.items()}



class Formality(Family):
    """The formality family."""

    category = "formality"
    scans = True

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        lexicons = book.lexicons.formality
        self.ty_to_vy = _pairs(lexicons.ty_to_vy)
        self.ty_interjections = _pairs(lexicons.ty_interjections)
        self.vy_to_ty = _pairs(lexicons.vy_to_ty)
        self.locative = frozenset(lexicons.locative_prepositions)
        self.imperative_lead = frozenset(lexicons.imperative_lead)
        self.thanks = frozenset(lexicons.thanks_words)
        self.same_subject = frozenset(lexicons.same_subject_links)
        self.ty_greetings = frozenset(lexicons.ty_brand_greetings)

    # -- entry point -------------------------------------------------------------------------

    @handles("TC101", "TC102", "TC103", "TC104", "TC105", "TC106", "TC107", "TC108")
    def check(self, run: CheckRun) -> None:
        """Every formality rule in one pass over the words of address."""
        draft = run.draft
        matches = run.matches
        # the few words any rule here cares about, found in the coach's one pass
        marked: list[tuple[Token, _Facts]] = run.marked.get(self.category, [])
        colloquial = [m for code in _COLLOQUIAL for m in matches.get(code, ())]
        if not marked and not colloquial and _DISCOURSE not in matches:
            return
        skip: set[int] = set()
        for m in matches.get(_IDIOM, ()):
            skip.update(range(m.first.i, m.last.i + 1))
        for m in matches.get(_FROZEN, ()):
            if _closes_clause(draft, m.last):  # «хоть отбавляй», not «хоть позвони мне»
                skip.update(range(m.first.i, m.last.i + 1))
        discourse: set[int] = set()
        own_fixes: dict[int, str] = {}
        if _DISCOURSE in matches:
            discourse = {m.first.i for m in matches[_DISCOURSE]} - skip
            own_fixes = {m.first.i: m.entry.replacements[0] for m in matches[_DISCOURSE]
                         if m.entry.replacements}  # «слышь» has no «вы» form of its own
            if discourse:
                marked = _with_discourse(draft, marked, discourse)
        slang_tokens = {t for m in colloquial if m.entry.inflect
                        for t in range(m.first.i, m.last.i + 1)}

        ty_forms, vy_forms, thanks, subjects = self._address_forms(draft, marked, skip,
                                                                   discourse)
        policy = run.config.address
        if policy == "вы":
            if ty_forms:
                cap_mid = self._capital_midsentence(run, vy_forms)
                self._report_ty(run, ty_forms, cap_mid, skip | slang_tokens, own_fixes)
            if thanks:
                self._report_implied_ty(run, thanks, skip)
        else:
            self._report_vy(run, vy_forms)
        self._report_mixed(run, ty_forms, vy_forms)
        if subjects:
            self._report_vy_agreement(run, subjects, skip)
        if policy == "вы" and vy_forms:
            self._report_capitals(run, vy_forms)
        if colloquial:
            self._report_colloquial(run, colloquial)

    # -- finding forms of address -------------------------------------------------------------

    def _address_forms(self, draft: Draft, marked: list[tuple[Token, _Facts]],
                       skip: set[int], discourse: set[int],
                       ) -> tuple[list[_Form], list[_Form], list[Token], list[Token]]:
        """The words of address (ty, vy), and the words «спасибо» and «вы» that other rules
        start from; a discourse imperative standing apart («Слушай, …», «…, смотри, …»)
        addresses the reader whatever else its form could be."""
        ty: list[_Form] = []
        vy: list[_Form] = []
        thanks: list[Token] = []
        subjects: list[Token] = []
        for tok, fact in marked:
            if fact.thanks:
                thanks.append(tok)
            if fact.vy_subject:
                subjects.append(tok)
            if fact.address is None or tok.i in skip:
                continue
            person, kind, parse, needs_context = fact.address
            if needs_context and tok.i not in discourse \
                    and not self._context_ok(draft, tok, person):
                continue
            form = _Form(tok, person, kind, parse)
            if person == "vy":
                vy.append(form)
            # a capitalised «Твой …»/«Напиши …» mid-sentence is a product or button name
            elif kind == "pron" or not tok.is_title or draft.sentence_start(tok):
                ty.append(form)
        return ty, vy, thanks, subjects

    def word_fact(self, tok: Token) -> _Facts | None:
        """What the rules here need to know of a word form (the coach caches it)."""
        address = (self._ty_lexical(tok) or self._vy_lexical(tok)) if tok.parses else None
        fact: _Facts | None = _Facts(
            address=address,
            thanks=tok.norm in self.thanks,
            vy_subject=tok.norm == "вы",
        )
        return None if fact == _NOTHING else fact

    def _context_ok(self, draft: Draft, tok: Token, person: str) -> bool:
        if person == "ty":
            return self._imperative_context(draft, tok)
        nxt = draft.next(tok, words_only=True)  # «давайте проверим» includes the speaker
        return not (nxt is not None and nxt.tag is not None and _has(nxt.tag, "1per", "plur"))

    def _ty_lexical(self, tok: Token) -> _Lexical | None:
        top = tok.parses[0]
        tag = top.tag
        if "Abbr" in tag:
            return None  # «см» after a number is centimetres, not «смотри»
        if top.normal_form == "ты" and tag.POS == "NPRO":
            return ("ty", "pron", top, False)
        if top.normal_form == "твой":
            return ("ty", "poss", top, False)
        if fold(tok.norm) in self.ty_interjections:
            return ("ty", "interj", top, False)
        for p in tok.parses:
            t = p.tag
            if t.POS == "VERB" and _has(t, "2per", "sing") and "impr" not in t and p.score >= 0.1:
                return ("ty", "verb", p, False)
        impr = [p for p in tok.parses if p.tag.POS == "VERB" and _has(p.tag, "impr", "sing")]
        if not impr:
            return None
        score = sum(p.score for p in impr)
        if not morph.analyzer().word_is_known(tok.norm):
            # a guess for a word pymorphy3 does not know («капчи» → «каптать»): only where an
            # imperative stands, as for «пришли»
            return ("ty", "impr", impr[0], True)
        if score >= 0.9:
            return ("ty", "impr", impr[0], False)
        if score >= 0.3:
            return ("ty", "impr", impr[0], True)  # «пришли», «вышли»: imperative or past
        return None

    def _imperative_context(self, draft: Draft, tok: Token) -> bool:
        """An ambiguous form («пришли», «вышли») reads as an imperative only at the start of a
        clause, outside questions, and next to «пожалуйста» or «мне/нам»."""
        sent = draft.sentences[tok.sent]
        last = draft.tokens[sent.last]
        if last.kind == "punct" and last.text == "?":
            return False
        prev = draft.prev(tok)
        near_please = prev is not None and prev.norm == "пожалуйста"
        while (prev is not None and prev.kind == "word" and prev.sent == tok.sent
               and prev.norm in self.imperative_lead):
            near_please = near_please or prev.norm == "пожалуйста"
            prev = draft.prev(prev)
        if not (prev is None or prev.sent != tok.sent
                or (prev.kind == "punct" and prev.text in _CLAUSE_BREAK)):
            return False
        nxt = draft.next(tok, words_only=True)
        return near_please or (nxt is not None and nxt.sent == tok.sent
                               and nxt.norm in ("пожалуйста", "мне", "нам"))

    @staticmethod
    def _vy_lexical(tok: Token) -> _Lexical | None:
        top = tok.parses[0]
        tag = top.tag
        if top.normal_form == "вы" and tag.POS == "NPRO":
            return ("vy", "pron", top, False)
        if top.normal_form == "ваш":
            return ("vy", "poss", top, False)
        if tag.POS == "VERB" and _has(tag, "2per", "plur") and "impr" not in tag:
            return ("vy", "verb", top, False)
        if tag.POS == "VERB" and _has(tag, "impr", "plur") and "incl" not in tag:
            return ("vy", "impr", top, top.normal_form == "давать")
        return None

    # -- «ты» → «вы» ---------------------------------------------------------------------------

    def _report_ty(self, run: CheckRun, forms: list[_Form], cap_mid: bool,
                   skip: set[int], own_fixes: dict[int, str]) -> None:
        draft = run.draft
        absorbed: set[int] = set()
        for form in forms:
            tok = form.token
            if tok.i in absorbed or tok.i in skip:
                continue
            own = own_fixes.get(tok.i)
            fix = match_case(own, tok.text) if own else self._to_vy(draft, form, cap_mid)
            start, end = tok.start, tok.end
            tail: list[tuple[Token, str | None]] = []
            if form.kind == "pron" and "nomn" in form.parse.tag:
                tail = agreeing_words(draft, tok, self.same_subject, second_singular=True)
                if predicate_unreached(draft, tok, tail):
                    fix = None  # «Ты, как я понимаю, сделал»: «Вы» alone breaks agreement
            elif form.kind == "impr":
                tail = imperative_complements(draft, tok)  # «будь внимателен», «сделай сам»
            if tail:
                end, fix = _one_edit(draft, tok, fix, tail, forms, absorbed,
                                     lambda f: self._to_vy(draft, f, cap_mid))
            run.report("TC101", start, end, [fix] if fix else [],
                       word=draft.text[start:end])

    def _to_vy(self, draft: Draft, form: _Form, cap_mid: bool) -> str | None:
        tok = form.token
        if form.kind in ("pron", "poss"):
            fix = self.ty_to_vy.get(fold(tok.norm))
            if fix is None:
                return None
            prev = draft.prev(tok, words_only=True)
            if tok.norm == "тебе" and prev is not None and prev.norm in self.locative \
                    and prev.end + 1 >= tok.start:
                fix = "вас"
            fix = match_case(fix, tok.text)
            if not draft.sentence_start(tok) and cap_mid:
                fix = fix[:1].upper() + fix[1:]
            return fix
        if form.kind == "interj":
            return match_case(self.ty_interjections[fold(tok.norm)], tok.text)
        grammemes = {"plur", "2per"} if form.kind == "verb" else {"plur", "impr"}
        fix = morph.inflect_parse(form.parse, grammemes)
        return None if fix is None else match_case(fix, tok.text)

    def _report_implied_ty(self, run: CheckRun, thanks: list[Token], skip: set[int]) -> None:
        """«Спасибо, что написал» — a past-tense verb addressed to the reader with no subject."""
        draft = run.draft
        for tok in thanks:
            comma = draft.next(tok)
            what = draft.next(comma) if comma is not None else None
            if comma is None or comma.text != "," or what is None or what.norm != "что":
                continue
            verb = draft.next(what, words_only=True)
            while verb is not None and verb.tag is not None and verb.tag.POS in _SKIP_POS:
                verb = draft.next(verb, words_only=True)
            if verb is None or verb.sent != tok.sent or verb.i in skip or not verb.parses:
                continue
            top = verb.parses[0]
            if top.tag.POS == "VERB" and _has(top.tag, "past", "sing") \
                    and "neut" not in top.tag:
                fix = morph.inflect_parse(top, {"plur"})
                run.report("TC101", verb.start, verb.end,
                           [match_case(fix, verb.text)] if fix else [], word=verb.text)

    # -- «вы» → «ты» (brands that say «ты») -------------------------------------------------

    def _report_vy(self, run: CheckRun, forms: list[_Form]) -> None:
        draft = run.draft
        absorbed: set[int] = set()
        for form in forms:
            tok = form.token
            if tok.i in absorbed:
                continue
            if tok.is_title and not draft.sentence_start(tok) and form.kind in ("verb", "impr"):
                continue
            fix = self._to_ty(draft, form)
            start, end = tok.start, tok.end
            if form.kind == "pron" and "nomn" in form.parse.tag:
                # «Вы можете … и увидите» → «Ты можешь … и увидишь» as one edit
                tail = agreeing_words(draft, tok, self.same_subject, to_singular=True)
                if tail:
                    end, fix = _one_edit(draft, tok, fix, tail, forms, absorbed,
                                         lambda f: self._to_ty(draft, f))
            run.report("TC103", start, end, [fix] if fix else [],
                       word=draft.text[start:end])

    def _to_ty(self, draft: Draft, form: _Form) -> str | None:
        tok = form.token
        fix: str | None
        if form.kind in ("pron", "poss"):
            fix = self.vy_to_ty.get(fold(tok.norm))
            prev = draft.prev(tok, words_only=True)
            if tok.norm == "вас" and prev is not None and prev.norm in self.locative:
                fix = "тебе"
        else:
            grammemes = {"sing", "2per"} if form.kind == "verb" else {"sing", "impr"}
            fix = morph.inflect_parse(form.parse, grammemes)
        return match_case(fix, tok.text) if fix else None

    # -- mixing, agreement, capitals ------------------------------------------------------------

    def _report_mixed(self, run: CheckRun, ty: list[_Form], vy: list[_Form]) -> None:
        if not ty or not vy:
            return
        odd = ty[0] if run.config.address == "вы" else vy[0]
        run.report("TC102", odd.token.start, odd.token.end, [],
                   vy=vy[0].token.text, ty=ty[0].token.text, policy=run.config.address)

    def _report_vy_agreement(self, run: CheckRun, subjects: list[Token],
                             skip: set[int]) -> None:
        """«Вы прав», «Вы должна», «Вы написал» → the plural."""
        draft = run.draft
        for tok in subjects:
            if tok.i in skip:
                continue
            parts = agreeing_words(draft, tok, self.same_subject)
            if parts:
                start, end = parts[0][0].start, parts[-1][0].end
                fix = rewrite_span(draft.text, start, end, parts)
                run.report("TC104", start, end, [fix] if fix else [],
                           word=draft.text[start:end], fix=fix or "")

    def _capital_midsentence(self, run: CheckRun, vy: list[_Form]) -> bool:
        policy = run.config.capital_vy
        if policy != "any":
            return policy == "capital"
        mid = [f.token for f in vy if f.kind in ("pron", "poss")
               and not run.draft.sentence_start(f.token)]
        caps = sum(1 for t in mid if t.is_title)
        return caps * 2 > len(mid)

    def _report_capitals(self, run: CheckRun, vy: list[_Form]) -> None:
        draft = run.draft
        mid = [f.token for f in vy if f.kind in ("pron", "poss")
               and not draft.sentence_start(f.token) and not f.token.text.isupper()]
        if not mid:
            return
        policy = run.config.capital_vy
        caps = sum(1 for t in mid if t.is_title)
        if policy == "any":
            if caps == 0 or caps == len(mid):
                return
            # the majority decides; on a tie, the first mid-sentence form
            want_capital = mid[0].is_title if caps * 2 == len(mid) else caps * 2 > len(mid)
        else:
            want_capital = policy == "capital"
        for t in mid:
            if t.is_title != want_capital:
                fix = t.text.capitalize() if want_capital else t.text.lower()
                run.report("TC105", t.start, t.end, [fix], word=t.text, fix=fix)

    # -- colloquial register ------------------------------------------------------------------

    def _report_colloquial(self, run: CheckRun, matches: list[Match]) -> None:
        draft = run.draft
        ty_brand = run.config.address == "ты"
        for m in matches:
            fragment = draft.text[m.start:m.end]
            if ty_brand and m.key == "TC106" and fold(fragment.lower()) in self.ty_greetings:
                continue  # «Привет» is the brand's own voice
            if m.key == "TC106" and m.first.norm in _FOR_NOW and _clause_goes_on(draft, m.last):
                continue  # «Пока, к сожалению, другого способа нет»: «for now»
            fixes = [self._colloquial_fix(run, m, r) for r in m.entry.replacements]
            good = [f for f in fixes if f]
            run.report(m.key, m.start, m.end, good, word=fragment,
                       fix=good[0] if good else "")

    def _colloquial_fix(self, run: CheckRun, m: Match, replacement: str) -> str | None:
        first = m.first.text
        if first.isupper() and len(first) <= 3 and not run.draft.sentence_start(m.first):
            return None  # «нажмите ОК», «-> ОК»: mid-sentence capitals name a button
        if not m.entry.inflect:
            return _case_like(replacement, m.first.text)
        head, _, rest = replacement.partition(" ")
        word = inflect_like(head, m.first, polite=run.config.address == "вы")
        if word is None:
            return None
        return _case_like(f"{word} {rest}".strip(), m.first.text)


# -- helpers -----------------------------------------------------------------------------------

def _with_discourse(draft: Draft, marked: list[tuple[Token, _Facts]],
                    discourse: set[int]) -> list[tuple[Token, _Facts]]:
    """``marked`` with the discourse imperatives its readings missed («Слышь, …»: mostly an
    interjection to pymorphy3) added as imperatives, in text order."""
    known = {tok.i for tok, fact in marked if fact.address is not None}
    extra: list[tuple[Token, _Facts]] = []
    for i in sorted(discourse - known):
        tok = draft.tokens[i]
        parse = next((p for p in tok.parses
                      if p.tag.POS == "VERB" and _has(p.tag, "impr", "sing")), None)
        if parse is not None:
            extra.append((tok, _Facts(address=("ty", "impr", parse, False))))
    if not extra:
        return marked
    return sorted([*marked, *extra], key=lambda pair: pair[0].i)


def _one_edit(draft: Draft, subject: Token, fix: str | None,
              tail: list[tuple[Token, str | None]], forms: list[_Form], absorbed: set[int],
              convert: Callable[[_Form], str | None]) -> tuple[int, str | None]:
    """One edit from ``subject`` to the last word that agrees with it: the end of its span
    and its fix (``None`` when a word has none). Another word of address inside the span
    goes with it, changed by ``convert`` («ты сказал, что тебе»); every word taken is added
    to ``absorbed`` so that it is not reported again."""
    start, end = subject.start, tail[-1][0].end
    parts = [(subject, fix), *tail]
    taken = {t.i for t, _ in parts}
    parts += [(f.token, convert(f)) for f in forms
              if start < f.token.start < end and f.token.i not in taken]
    absorbed.update(t.i for t, _ in parts)
    whole = rewrite_span(draft.text, start, end, parts) if all(
        f is not None for _, f in parts) else None
    return end, whole


def _clause_goes_on(draft: Draft, tok: Token) -> bool:
    """After a comma, the sentence goes on to a predicate («Пока, увы, не получится»)."""
    nxt = draft.next(tok)
    if nxt is None or nxt.text != ",":
        return False
    rest = draft.next(nxt)
    while rest is not None and rest.sent == tok.sent:
        if rest.kind == "word" and rest.parses and (
                rest.norm in ("не", "нет") or rest.parses[0].tag.POS == "VERB"):
            return True
        rest = draft.next(rest)
    return False


def _closes_clause(draft: Draft, tok: Token) -> bool:
    """Nothing but punctuation (or the end of the sentence) after ``tok``."""
    nxt = draft.next(tok)
    return nxt is None or nxt.sent != tok.sent or nxt.kind == "punct"


def _case_like(replacement: str, original: str) -> str:
    """Capitalise like the original; short all-caps words (ОК, СПС) only get a capital."""
    if original.isupper() and len(original) <= 3:
        return replacement[:1].upper() + replacement[1:]
    return match_case(replacement, original)
