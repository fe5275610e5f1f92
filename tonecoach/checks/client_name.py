"""The client's name (TC5xx): spelled, declined, addressed and used right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.analysis.inflection import match_case
from tonecoach.analysis.phrase_inflection import PREPOSITION_CASES
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import GREETINGS, body_start, drop_span
from tonecoach.checks.run import CheckRun
from tonecoach.context.client_name import ClientName, known_names, parse_client_name
from tonecoach.rulebook.book import Rulebook

_MIN_SENTENCES_FOR_NAME = 3
_ADDRESS_END = frozenset(",!?.…")
# words after which a name in any case is an address, not governed: «Добрый день, Марине!»
_GREETING_WORDS = frozenset({"здравствуйте", "здравствуй", "привет", "приветствую", "день",
                             "вечер", "утро", "ночи", "здрасьте", "здрасте", "hello", "hi"})
_CASE_ALIASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs"}
_OB_VOWELS = frozenset("аиоуэ")
_VOCATIVE_END = frozenset("!?.…")
# after «вера, …» opening a sentence these tell an address («вера, вы правы»), where «надежда,
# что …» need not be one
_ADDRESSEE_WORDS = frozenset({"вы", "вас", "вам", "ваш", "ваша", "ваше", "ваши", "вашу", "вашего",
                              "вашей", "пожалуйста", "спасибо"})


@dataclass
class _Mention:
    """A place where the draft names the client."""

    first: Token
    last: Token
    kind: str  # "name", "familiar" or "misspelled"
    cases: tuple[str, ...]
    fix: str | None = None  # for a misspelling: the right form


class ClientNames(Family):
    """The client-name family."""

    category = "name"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        self.openers = frozenset(book.lexicons.name.address_openers)
        self.roles = frozenset(fold(w) for w in book.lexicons.name.role_nouns)

    @handles("TC501", "TC502", "TC503", "TC504", "TC505", "TC506", "TC507", "TC508")
    def check(self, run: CheckRun) -> None:
        """Every name rule, when the client's name is known."""
        raw = run.context.client_name
        name = parse_client_name(raw) if raw and raw.strip() else None
        if name is None or name.first is None:
            return
        draft = run.draft
        greeted = {m.last.i for m in run.matches.get(GREETINGS, ())}
        mentions = self._mentions(draft, name, greeted)
        for m in mentions:
            self._report_mention(run, name, m, greeted)
        self._report_overuse(run, mentions)
        if not mentions:
            self._report_unused(run, name)

    # -- finding the name -----------------------------------------------------------------------

    def _mentions(self, draft: Draft, name: ClientName, greeted: set[int]) -> list[_Mention]:
        """The client's name in the draft (``greeted``: the last words of greetings)."""
        found: list[_Mention] = []
        skip_to = -1
        for tok in draft.tokens:
            if tok.i <= skip_to or tok.kind != "word" or tok.quoted:
                continue
            mention = self._mention_at(draft, name, tok, greeted)
            if mention is None or self._after_role(draft, tok):
                continue  # «мастер Дима», «курьеру Дмитрию»: another person
            # «Иван Петрович»: the patronymic right after belongs to the same mention
            nxt = draft.next(tok)
            if name.patronymic is not None and nxt is not None and nxt.kind == "word" \
                    and name.patronymic.case_of(nxt.norm):
                mention.last = nxt
                skip_to = nxt.i
            found.append(mention)
        return found

    def _mention_at(self, draft: Draft, name: ClientName, tok: Token,
                    greeted: set[int]) -> _Mention | None:
        assert name.first is not None
        cases = name.first.case_of(tok.norm)
        if cases:
            if name.common_word and not self._stands_as_name(draft, tok) \
                    and not self._lower_case_address(draft, tok, cases, greeted):
                return None  # «есть надежда», «Вера в лучшее»
            return _Mention(tok, tok, "name", cases)
        familiar = self._familiar_cases(tok, name)
        if familiar and tok.is_title and self._stands_as_name(draft, tok, strict=False):
            return _Mention(tok, tok, "familiar", familiar)
        fix = self._misspelling_of(draft, name, tok)
        if fix is not None:
            return _Mention(tok, tok, "misspelled", (), fix)
        return None

    def _after_role(self, draft: Draft, tok: Token) -> bool:
        """A name right after a role noun («мастер Дима», «менеджер Катя», «передадим курьеру
        Дмитрию») names the person in that role, not the client."""
        if not self.roles:
            return False
        prev = draft.prev(tok)
        if prev is None or prev.kind != "word" or prev.sent != tok.sent:
            return False
        return any(p.tag.POS == "NOUN" and fold(str(p.normal_form)) in self.roles
                   for p in prev.parses)

    def _lower_case_address(self, draft: Draft, tok: Token, cases: tuple[str, ...],
                            greeted: set[int]) -> bool:
        """A name that is also a word, typed in lower case where only an address can stand:
        «Спасибо, вера, что подождали», «Добрый день, надежда!», «вера, вы правы»."""
        if tok.is_title or "nomn" not in cases:
            return False
        prev, nxt = draft.prev(tok), draft.next(tok)
        closed = nxt is None or nxt.sent != tok.sent or nxt.text in _VOCATIVE_END
        if prev is not None and prev.sent == tok.sent and prev.text == ",":
            lead = draft.prev(prev)
            after_opener = lead is not None and lead.kind == "word" and (
                lead.norm in self.openers or lead.lemma in self.openers or lead.i in greeted)
            return after_opener and (closed or (nxt is not None and nxt.text == ","))
        if not draft.sentence_start(tok) or nxt is None or nxt.text != ",":
            return False
        word = draft.next(nxt)
        return word is not None and word.sent == tok.sent and word.kind == "word" and (
            word.norm in _ADDRESSEE_WORDS or any(
                p.tag.POS == "VERB" and "plur" in p.tag and ("2per" in p.tag or "impr" in p.tag)
                for p in word.parses[:1]))

    def _stands_as_name(self, draft: Draft, tok: Token, *, strict: bool = True) -> bool:
        """A name that is also a word counts as the name only capitalised and where a name
        stands: in an address, or inside a sentence (not opening it)."""
        if not tok.is_title:
            return False
        if self._in_address(draft, tok):
            return True
        return not strict or not draft.sentence_start(tok)

    @staticmethod
    def _familiar_cases(tok: Token, name: ClientName) -> tuple[str, ...]:
        if not name.familiar or (name.first and fold(tok.norm) == fold(name.first.nominative)):
            return ()
        cases = tuple(str(p.tag.case) for p in tok.parses
                      if "Name" in p.tag and fold(str(p.normal_form)) in name.familiar)
        if not cases and fold(tok.norm) in name.familiar:
            cases = ("nomn",)
        return cases

    def _misspelling_of(self, draft: Draft, name: ClientName, tok: Token) -> str | None:
        """The right form of the client's first name when ``tok`` looks like a typo of it."""
        assert name.first is not None
        norm = fold(tok.norm)
        if len(norm) < 3 or not (tok.is_title or self._in_address(draft, tok)):
            return None
        if len(name.first.forms) < 2 or norm in known_names() or _real_word(tok):
            return None
        best: tuple[int, int, str] | None = None
        for rank, form in enumerate(name.first.forms.values()):  # nominative first
            target = fold(form)
            edits = 1 if len(target) <= 5 else 2
            m = regex.fullmatch(f"(?:{regex.escape(target)}){{e<={edits}}}", norm,
                                flags=regex.BESTMATCH)
            if m is None:
                continue
            cost = sum(m.fuzzy_counts)
            if cost and (best is None or (cost, rank) < best[:2]):
                best = (cost, rank, form)
        return None if best is None else match_case(best[2], tok.text)

    def _in_address(self, draft: Draft, tok: Token) -> bool:
        """«Ольга, …», «…, Ольга!», «Уважаемая Ольга», «Здравствуйте, Ольга»."""
        prev, nxt = draft.prev(tok), draft.next(tok)
        before = (prev is None or prev.sent != tok.sent or prev.text in ",!—–-"
                  or prev.norm in self.openers or prev.lemma in self.openers)
        after = nxt is None or nxt.sent != tok.sent or nxt.text in _ADDRESS_END \
            or (nxt.kind == "word" and nxt.is_title)  # «Иван Петрович», «Ольга Викторовна»
        return before and after

    # -- reporting --------------------------------------------------------------------------------

    def _report_mention(self, run: CheckRun, name: ClientName, m: _Mention,
                        greeted: set[int]) -> None:
        """TC501, TC503, TC506, TC502, TC504, TC507 for one mention. A fix that changes the
        case does so only where the case is sure: a vocative takes the nominative, any other
        mention keeps the case its context gives it (a preposition narrows it, a locative
        needs one), and a name with its patronymic changes as a whole."""
        draft = run.draft
        tok = m.first
        word = tok.text
        assert name.first is not None
        if m.kind == "misspelled" and m.fix:
            run.report("TC501", tok.start, tok.end, [m.fix], word=word, fix=m.fix)
            return
        vocative = self._vocative(draft, m, greeted)
        if m.kind == "familiar":
            # an address takes the nominative, whatever the familiar form reads as: «Оль,»
            # (a vocative pymorphy3 takes for a genitive plural) → «Ольга,»
            start, forms = tok.start, {name.first.nominative}
            if not vocative and not ("nomn" in m.cases and self._in_address(draft, tok)):
                start, forms = self._declined(draft, tok, name.first.forms, m.cases)
            fixes = [match_case(f, word) if start == tok.start else f for f in forms]
            if len(fixes) == 1:
                run.report("TC503", start, tok.end, fixes, word=word, fix=fixes[0],
                           full=name.first.nominative)
            else:  # «Саше»: datv or loct, no preposition to tell: advice only
                run.report("TC503", tok.start, tok.end, [], word=word, fix=name.first.nominative,
                           full=name.first.nominative)
            self._report_gender(run, name, tok)
            return
        whole = draft.text[tok.start:m.last.end]
        address = self._in_address(draft, tok)
        if tok.text[:1].islower():
            # «иван петрович» → «Иван Петрович»: every word of the name takes its capital
            fix = regex.sub(r"(?<![\w-])(\w)", lambda c: c.group(1).upper(), whole)
            run.report("TC506", tok.start, m.last.end, [fix], word=whole, fix=fix)
        elif vocative and "nomn" not in m.cases:
            full = name.address if m.last is not m.first else name.first.nominative
            fix = match_case(full, word)
            run.report("TC502", tok.start, m.last.end, [fix], word=whole, fix=fix)
        if address and name.patronymic is not None and m.last is m.first:
            self._report_patronymic(run, name, m, vocative)
        self._report_gender(run, name, tok)

    def _report_patronymic(self, run: CheckRun, name: ClientName, m: _Mention,
                           vocative: bool) -> None:
        """TC504: «Иван» → «Иван Петрович» in an address; where the name is governed
        («Уважаемому Ивану»), both words in its case."""
        assert name.first is not None and name.patronymic is not None
        tok = m.first
        word = tok.text
        if vocative or "nomn" in m.cases:
            fix = name.address
            run.report("TC504", tok.start, tok.end, [match_case(fix, word)], word=word, fix=fix)
            return
        cases = self._cases_here(run.draft, tok, m.cases)
        forms = {f"{name.first.forms.get(c, '')} {name.patronymic.forms.get(c, '')}"
                 for c in cases}
        if len(forms) == 1 and all(name.first.forms.get(c) and name.patronymic.forms.get(c)
                                   for c in cases):
            fix = forms.pop()
            run.report("TC504", tok.start, tok.end, [match_case(fix, word)], word=word, fix=fix)
        else:
            run.report("TC504", tok.start, tok.end, [], word=word, fix=name.address)

    @staticmethod
    def _vocative(draft: Draft, m: _Mention, greeted: set[int]) -> bool:
        """Whether the mention is surely an address, where the nominative belongs: it opens
        its sentence before a comma or a mark («Марину, здравствуйте!»), or follows a greeting
        («Добрый день, Марине!», «Здравствуйте Марина»), or a nominative «Уважаемая»; not
        after a word that governs a case («Благодарим Марину!», «Передайте, пожалуйста,
        Ольге»)."""
        first, last = m.first, m.last
        prev, nxt = draft.prev(first), draft.next(last)
        if not (nxt is None or nxt.sent != last.sent or nxt.text in _ADDRESS_END):
            return False
        if prev is None or prev.sent != first.sent:
            return nxt is not None and nxt.sent == last.sent
        lead = draft.prev(prev) if prev.text == "," else prev
        if lead is None or lead.sent != first.sent or lead.kind != "word":
            return False
        if lead.lemma in ("уважаемый", "дорогой"):
            return prev is lead and "nomn" in lead.tag
        return fold(lead.norm) in _GREETING_WORDS or lead.i in greeted

    def _declined(self, draft: Draft, tok: Token, forms: dict[str, str],
                  cases: tuple[str, ...]) -> tuple[int, set[str]]:
        """The full name in the cases the familiar form can stand for here, and where the fix
        starts («о Саше» → «об Александре»: the preposition changes before a vowel)."""
        here = self._cases_here(draft, tok, cases)
        found = {forms[c] for c in here if c in forms} or {forms.get("nomn", "")}
        prev = draft.prev(tok)
        if len(found) == 1 and prev is not None and prev.kind == "word" \
                and fold(prev.text) in ("о", "об") and prev.end + 1 == tok.start:
            full = found.pop()
            ob = "об" if full[:1].lower() in _OB_VOWELS else "о"
            return prev.start, {f"{match_case(ob, prev.text)} {full}"}
        return tok.start, found

    @staticmethod
    def _cases_here(draft: Draft, tok: Token, cases: tuple[str, ...]) -> set[str]:
        """The cases a singular name can stand in here: a preposition before narrows them, and
        without one there is no locative."""
        found = {_CASE_ALIASES.get(c, c) for c in cases} - {"nomn"} or {"nomn"}
        prev = draft.prev(tok)
        governed = PREPOSITION_CASES.get(fold(prev.text)) \
            if prev is not None and prev.kind == "word" and prev.sent == tok.sent else None
        if governed is not None:
            return (found & governed) or found
        return (found - {"loct"}) or found

    @staticmethod
    def _report_gender(run: CheckRun, name: ClientName, tok: Token) -> None:
        """«Уважаемый Ольга» → «Уважаемая Ольга»."""
        if name.gender is None:
            return
        prev = run.draft.prev(tok)
        if prev is None or prev.kind != "word" or prev.end + 1 < tok.start or not prev.parses:
            return
        adj = next((p for p in prev.parses if p.tag.POS == "ADJF" and "sing" in p.tag), None)
        if adj is None or adj.tag.gender in (None, name.gender):
            return
        grammemes = {name.gender, "sing", str(adj.tag.case or "nomn")}
        fixed = morph.inflect_parse(adj, grammemes)
        if fixed:
            fix = match_case(fixed, prev.text)
            run.report("TC507", prev.start, prev.end, [fix], word=prev.text, fix=fix)

    def _report_overuse(self, run: CheckRun, mentions: list[_Mention]) -> None:
        """TC505: the mentions past the limit; an address set off by commas is dropped with
        the commas the sentence does not need, any other mention («передадим Анне») stays
        as advice: without it the sentence would lose a word it needs."""
        limit = run.config.name_mentions
        draft = run.draft
        for n, m in enumerate(mentions[limit:], start=limit + 1):
            first = self._vocative_start(draft, m)
            if first is None:
                run.report("TC505", m.first.start, m.last.end, [], count=str(n))
                continue
            start, end, fix = drop_span(draft, first, m.last)
            run.report("TC505", start, end, [fix], count=str(n))

    def _vocative_start(self, draft: Draft, m: _Mention) -> Token | None:
        """Where an address to drop starts («Уважаемая Анна» with its adjective), or
        ``None`` when the mention is no address standing apart."""
        if m.kind == "name" and "nomn" not in m.cases:
            return None
        first = m.first
        prev, nxt = draft.prev(first), draft.next(m.last)
        if prev is not None and prev.sent == first.sent and prev.kind == "word" \
                and prev.lemma in ("уважаемый", "дорогой"):
            first, prev = prev, draft.prev(prev)
        before = prev is None or prev.sent != first.sent or prev.text in ",—–" \
            or (prev.kind == "word" and (prev.norm in self.openers or prev.lemma in self.openers))
        after = nxt is None or nxt.sent != m.last.sent or nxt.text in _ADDRESS_END
        return first if before and after else None

    def _report_unused(self, run: CheckRun, name: ClientName) -> None:
        """TC508: three sentences or more and no name: start the body with it."""
        draft = run.draft
        if sum(1 for s in draft.sentences if s.words) < _MIN_SENTENCES_FOR_NAME:
            return
        at, _, _ = body_start(draft, run.matches.get(GREETINGS, []))
        word = next((t for t in draft.tokens if t.start >= at and t.kind == "word"), None)
        if word is None or word.start != at:
            return
        address = name.address
        run.report("TC508", word.start, word.end, [f"{address}, {_lower_first(word)}"],
                   fix=f"{address}, …")


def _lower_first(tok: Token) -> str:
    """The body's first word once an address stands before it: lower case, unless it is a
    name, an abbreviation or the like."""
    text = tok.text
    proper = any(g in tok.parses[0].tag for g in ("Name", "Surn", "Geox", "Orgn", "Abbr")) \
        if tok.parses else False
    if (len(text) > 1 and text.isupper()) or proper:  # not «Я», «В»: one letter is no acronym
        return text
    return text[:1].lower() + text[1:]


def _real_word(tok: Token) -> bool:
    """A dictionary word that is no name (so no typo of one): «Марина» vs «малина»."""
    analyzer: Any = morph.analyzer()
    if not analyzer.word_is_known(tok.norm):
        return False
    return any(("Name" not in p.tag and p.score >= 0.3) or "Surn" in p.tag or "Patr" in p.tag
               for p in tok.parses)
