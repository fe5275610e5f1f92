"""The client's name (TC5xx): spelled, declined, addressed and used right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.analysis.inflection import match_case
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import GREETINGS, body_start, drop_span
from tonecoach.checks.run import CheckRun
from tonecoach.context.client_name import ClientName, known_names, parse_client_name
from tonecoach.rulebook.book import Rulebook

_MIN_SENTENCES_FOR_NAME = 3
_ADDRESS_END = frozenset(",!?.…")
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
            self._report_mention(run, name, m)
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

    def _report_mention(self, run: CheckRun, name: ClientName, m: _Mention) -> None:
        draft = run.draft
        tok = m.first
        word = tok.text
        assert name.first is not None
        if m.kind == "misspelled" and m.fix:
            run.report("TC501", tok.start, tok.end, [m.fix], word=word, fix=m.fix)
            return
        if m.kind == "familiar":
            # an address takes the nominative, whatever the familiar form reads as: «Оль,»
            # (a vocative pymorphy3 takes for a genitive plural) → «Ольга,»
            case = "nomn" if "nomn" in m.cases or self._in_address(draft, tok) else m.cases[0]
            full = name.first.forms.get(case) or name.first.nominative
            fix = match_case(full, word)
            run.report("TC503", tok.start, tok.end, [fix], word=word, fix=fix,
                       full=name.first.nominative)
            self._report_gender(run, name, tok)
            return
        address = self._in_address(draft, tok)
        if tok.text[:1].islower():
            fix = tok.text[:1].upper() + tok.text[1:]
            run.report("TC506", tok.start, tok.end, [fix], word=word, fix=fix)
        elif address and "nomn" not in m.cases:
            fix = match_case(name.first.nominative, word)
            run.report("TC502", tok.start, tok.end, [fix], word=word, fix=fix)
        if address and name.patronymic is not None and m.last is m.first:
            fix = name.address
            run.report("TC504", tok.start, tok.end, [fix], word=word, fix=fix)
        self._report_gender(run, name, tok)

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

    @staticmethod
    def _report_overuse(run: CheckRun, mentions: list[_Mention]) -> None:
        limit = run.config.name_mentions
        for n, m in enumerate(mentions[limit:], start=limit + 1):
            start, end, fix = drop_span(run.draft, m.first, m.last)
            run.report("TC505", start, end, [fix], count=str(n))

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
    if text.isupper() or any(g in tok.parses[0].tag for g in ("Name", "Surn", "Geox", "Orgn",
                                                                "Abbr")) if tok.parses else False:
        return text
    return text[:1].lower() + text[1:]


def _real_word(tok: Token) -> bool:
    """A dictionary word that is no name (so no typo of one): «Марина» vs «малина»."""
    analyzer: Any = morph.analyzer()
    if not analyzer.word_is_known(tok.norm):
        return False
    return any(("Name" not in p.tag and p.score >= 0.3) or "Surn" in p.tag or "Patr" in p.tag
               for p in tok.parses)
