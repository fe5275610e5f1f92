"""Agreement with a subject «ты»/«вы»: the words that must go plural with it — its own
predicate, coordinated predicates and clauses without a subject of their own («Ты правильно
сделал, что заблокировал карту и позвонил нам»), short adjectives and «сам».

A clause with its own subject («…, что курьер приехал», «…, что приехал курьер») stops the
walk; so does anything it cannot read. What it returns is safe to pluralise together.
"""

from __future__ import annotations

from collections.abc import Collection

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token
from tonecoach.analysis.inflection import (
    has_grammemes,
    is_plural_link,
    match_case,
    plural_of_agreeing,
    short_adjective,
)

_SKIP_POS = frozenset({"ADVB", "PRCL", "CONJ", "INTJ"})
_BOUNDARY = frozenset({",", ";", "—", "–", "-"})
_GENDERS = ("masc", "femn")
_SELF = frozenset({"сам", "сама"})  # «ты сам», «вы сама» → «сами»
_RELATIVE = frozenset({"который", "кто", "чей", "какой"})
_NAMES = frozenset({"Name", "Surn", "Patr"})
_FRONTED = frozenset({"PREP", "NOUN", "NPRO", "ADJF", "NUMR", "PRED", "COMP"})  # before the verb
_MAX_FRONTED = 4
_REACH = 30  # tokens a predicate is looked for after a subject the walk could not pass

Part = tuple[Token, str | None]


def agreeing_words(draft: Draft, subject: Token, links: Collection[str], *,
                   second_singular: bool = False, to_singular: bool = False) -> list[Part]:
    """The words after ``subject`` that agree with it, each with its plural form.

    ``links`` open a clause or a coordinated predicate that keeps the subject («что», «и»).
    A 2nd-person singular verb joins only with ``second_singular`` (after «ты»; after «вы»
    it is a «ты» form reported on its own). With ``to_singular`` the walk goes the other
    way, for a brand that says «ты»: «вы можете» → «можешь»; a past or short form
    («сделали», «правы») joins with no fix, since the singular needs a gender the text
    does not give.
    """
    walk = _Walk(draft, subject, links, second_singular, to_singular)
    walk.run()
    return walk.parts


def predicate_unreached(draft: Draft, subject: Token, parts: list[Part]) -> bool:
    """Whether the walk from ``subject`` found no predicate though a singular word that may
    agree with it stands later in the sentence («Ты, как я понимаю, сделал»): changing the
    subject alone would break agreement there."""
    if parts:
        return False
    tok = draft.next(subject)
    for _ in range(_REACH):
        if tok is None or tok.sent != subject.sent:
            break
        if tok.kind == "word" and tok.parses:
            tag = tok.parses[0].tag
            if plural_of_agreeing(tok) is not None or (
                    tag.POS == "VERB" and has_grammemes(tag, "2per", "sing")):
                return True
        tok = draft.next(tok)
    return False


def imperative_complements(draft: Draft, verb: Token) -> list[Part]:
    """Short adjectives and «сам» that agree with a 2sg imperative: «будь [внимателен]»,
    «сделай [сам]»; adverbs and particles in between are stepped over."""
    parts: list[Part] = []
    linking = verb.parses[0].normal_form == "быть" if verb.parses else False
    tok = draft.next(verb)
    while tok is not None and tok.kind == "word" and tok.sent == verb.sent and tok.parses:
        if tok.norm in _SELF:
            parts.append((tok, match_case("сами", tok.text)))
            break
        if linking and short_adjective(tok):
            plural = plural_of_agreeing(tok)
            if plural is not None:
                parts.append((tok, match_case(plural, tok.text)))
            break
        if tok.parses[0].tag.POS not in _SKIP_POS:
            break
        tok = draft.next(tok)
    return parts


class _Walk:
    """One walk from a subject to the end of what agrees with it."""

    def __init__(self, draft: Draft, subject: Token, links: Collection[str],
                 second_singular: bool, to_singular: bool = False) -> None:
        self.draft = draft
        self.subject = subject
        self.links = links
        self.second_singular = second_singular
        self.to_singular = to_singular
        self.parts: list[Part] = []
        self.gender: str | None = None
        self.predicate = False  # the subject's own clause has its predicate
        self.fresh = False  # in a new clause whose predicate is not seen yet
        self.before_predicate = 0  # objects and adverbials stepped over to reach it

    def run(self) -> None:
        tokens = self.draft.tokens
        j = self.subject.i + 1
        after_boundary = False
        while j < len(tokens):
            tok = tokens[j]
            if tok.sent != self.subject.sent:
                return
            if tok.kind == "punct":
                if tok.text == "," and not self.predicate:
                    j = self._past_aside(j)  # «Ты, наверное, видел»
                    if j < 0:
                        return
                    continue
                if tok.text not in _BOUNDARY or not self.predicate:
                    return
                after_boundary = True
                j += 1
                continue
            if tok.kind != "word" or not tok.parses:
                return
            if self.predicate and tok.norm in self.links:
                self.fresh, after_boundary = True, False
                j += 1
                continue
            if after_boundary:
                # «…, нажал кнопку»: a predicate straight after a comma coordinates
                if not self._agreeing(tok)[0]:
                    return
                self.fresh, after_boundary = True, False
            if not self._take(tok):
                return
            j += 1

    def _take(self, tok: Token) -> bool:
        """Read one word; ``False`` ends the walk."""
        top = tok.parses[0]
        tag = top.tag
        if self.fresh and (_could_be_subject(tok) or top.normal_form in _RELATIVE):
            return False  # the clause has a subject of its own
        prev = self.draft.prev(tok)
        if prev is not None and prev.kind == "word" and prev.parses \
                and prev.parses[0].tag.POS == "PREP":
            # «о нём»: a preposition governs it, it agrees with nothing
            return self.predicate or self._fronted()
        if not self.to_singular and "neut" in tag and tag.POS in ("VERB", "ADJS", "PRTS"):
            return False  # «…, осталось подождать»: impersonal, it agrees with nobody
        if self.second_singular and tag.POS == "VERB" and has_grammemes(tag, "impr", "sing") \
                and not self.predicate:
            verb = morph.inflect_parse(top, {"plur", "impr"})  # «Ты не волнуйся»
            self.parts.append((tok, verb and match_case(verb, tok.text)))
            self._predicate_seen()
            return False
        agrees, plural = self._agreeing(tok)
        if agrees and self.to_singular:
            self.parts.append((tok, plural))
            self._predicate_seen()
            return True
        if plural is not None:
            gender = next((g for g in _GENDERS if g in tag), None)
            if gender and self.gender and gender != self.gender:
                return False
            if self.fresh and self._subject_follows(tok):
                return False  # «…, что приехал курьер»
            self.gender = self.gender or gender
            self.parts.append((tok, match_case(plural, tok.text)))
            self._predicate_seen()
            return True
        if tag.POS == "VERB" and has_grammemes(tag, "2per", "sing") and "impr" not in tag:
            if not self.second_singular:
                return False
            verb = morph.inflect_parse(top, {"plur", "2per"})
            self.parts.append((tok, verb and match_case(verb, tok.text)))
            self._predicate_seen()
            return True
        if tok.norm in _SELF and (self.predicate or not self.parts):
            self.parts.append((tok, match_case("сами", tok.text)))
            return True
        if tag.POS == "VERB":
            if is_plural_link(tok) and not self.predicate:
                return True  # «Вы были прав»: the link, then the short adjective
            if has_grammemes(tag, "plur") and "3per" not in tag \
                    and not (self.fresh and self.second_singular):
                self._predicate_seen()  # «Вы сделали, что позвонила»: the plural agrees
                return True
            return False
        if not self.predicate:
            if short_adjective(tok) or (tag.POS == "NOUN" and "nomn" in tag and not self.parts):
                self._predicate_seen()  # «Вы правы, что …», «Ты молодец, что …»
                return True
            if tag.POS in _SKIP_POS:
                return True
            # «ты [с ним] живёшь», «ты [арфу] любишь»: a few words before the verb
            return tag.POS in _FRONTED and "nomn" not in tag and self._fronted()
        return True  # objects, adverbs, prepositions of a predicate already read

    def _agreeing(self, tok: Token) -> tuple[bool, str | None]:
        """Whether ``tok`` agrees with the subject, and its form for the other number."""
        if not self.to_singular:
            plural = plural_of_agreeing(tok)
            return plural is not None, plural
        top = tok.parses[0]
        tag = top.tag
        if tag.POS == "VERB" and has_grammemes(tag, "2per", "plur") and "impr" not in tag:
            verb = morph.inflect_parse(top, {"sing", "2per"})
            return True, verb and match_case(verb, tok.text)
        if (tag.POS == "VERB" and has_grammemes(tag, "past", "plur")) or (
                tag.POS in ("ADJS", "PRTS") and "plur" in tag):
            return True, None
        return False, None

    def _past_aside(self, comma: int) -> int:
        """The index after a parenthetical «, наверное,» that opens at ``comma`` (adverbs and
        particles only, closed by a comma); -1 when it is not one."""
        tokens = self.draft.tokens
        j = comma + 1
        while j < len(tokens) and tokens[j].kind == "word" and tokens[j].parses and (
                tokens[j].parses[0].tag.POS in _SKIP_POS
                or _NAMES & tokens[j].parses[0].tag.grammemes):  # «Ты, Анна, сделала»
            j += 1
        if j == comma + 1 or j >= len(tokens) or tokens[j].text != "," \
                or tokens[j].sent != self.subject.sent:
            return -1
        return j + 1

    def _fronted(self) -> bool:
        """One more word stepped over before the predicate; ``False`` past the limit."""
        self.before_predicate += 1
        return self.before_predicate <= _MAX_FRONTED

    def _predicate_seen(self) -> None:
        self.predicate = True
        self.fresh = False

    def _subject_follows(self, verb: Token) -> bool:
        """A noun in the nominative after ``verb`` in its clause that is its subject: always
        after an intransitive verb, after a transitive one only where it cannot be the
        object («…, что приехал курьер», not «…, что оплатил заказ»)."""
        transitive = "tran" in verb.parses[0].tag
        tok = self.draft.next(verb)
        while tok is not None and tok.sent == verb.sent and tok.kind != "punct" \
                and tok.norm not in self.links:
            if tok.kind == "word" and _could_be_subject(tok) and (
                    not transitive or not any("accs" in p.tag for p in tok.parses)):
                return True
            tok = self.draft.next(tok)
        return False


def _could_be_subject(tok: Token) -> bool:
    """A noun or pronoun with a likely nominative reading."""
    return any(p.tag.POS in ("NOUN", "NPRO") and "nomn" in p.tag and p.score >= 0.1
               for p in tok.parses)
