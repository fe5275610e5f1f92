"""Edits several families share: removing a phrase cleanly, and finding where the reply's
body starts (after a greeting or an address line).

Removing words set off by commas («, Дарья,», «, в принципе,») must keep the commas the
sentence needs without them: one comma stays where the words stood between two clauses
(«Если будут вопросы, Дарья, пишите» → «Если будут вопросы, пишите»), both go where they stood
inside one clause («Спасибо, Дарья, за ожидание» → «Спасибо за ожидание»). The clauses are read
from the words on each side up to the nearest clause mark: a subordinate clause or a gerund
before, a conjunction, a subordinator or a predicate of its own after."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token, fold
from tonecoach.rulebook.matcher import Match

GREETINGS = "empathy:greetings"  # the empathy lexicon of greetings
_MAX_OPENING_WORDS = 6
_SENTENCE_END = frozenset(".!?…")
_SPACES = " \t\u00a0"
_CLAUSE_MARKS = frozenset(",;:—–-()")
_OPENERS = frozenset("«\"„“([")
# words that open a subordinate clause (by normal form; «который» in every form)
_SUBORDINATORS = frozenset({
    "если", "когда", "что", "чтобы", "пока", "как", "хотя", "хоть", "поскольку", "ибо",
    "будто", "словно", "где", "куда", "откуда", "чем", "кто", "который", "чей", "сколько",
    "зачем", "почему", "отчего", "насколько", "едва", "коли", "нежели", "ежели", "какой",
    "каков",
})
_RELATIVES = frozenset({"кто", "что", "который", "какой", "чей", "сколько"})
# after the removed words these keep the comma before them: «…, но», «…, а», «…, что»
_CLAUSE_OPENERS = _SUBORDINATORS | {"но", "а", "однако", "зато", "причём", "притом", "ведь",
                                    "это", "вот", "поэтому", "потому", "иначе", "тогда", "то"}
_AND = frozenset({"и", "или", "либо"})
# words that end a sentence standing apart: «…, пожалуйста.», «…, спасибо!»
_CLOSING_WORDS = frozenset({"спасибо", "пожалуйста", "конечно", "кстати", "например", "правда",
                            "наверное", "пожалуй", "впрочем", "кажется"})
_PERSONAL = frozenset({"я", "мы", "вы", "ты", "он", "она", "оно", "они"})
# an adverbial phrase these open stands apart: «Несмотря на ошибку, …», «Судя по логам, …»
_ADVERBIAL_HEADS = frozenset({"несмотря", "вопреки", "судя", "помимо", "кроме", "согласно"})
# these open a clause of their own even with no predicate in sight («…, что вы с нами»)
_ALWAYS_OPENS = frozenset({"что", "чтобы", "но", "а", "однако", "зато", "причём", "притом",
                           "ведь", "поэтому", "потому", "иначе", "тогда", "то", "это", "вот",
                           "если", "когда", "хотя", "т.к.", "т.к"})
# words that stand apart at the head of a sentence: «Пожалуйста, …», «Конечно, …»
_INTRO_WORDS = frozenset({
    "пожалуйста", "ну", "хорошо", "ок", "окей", "понятно", "отлично", "ясно",
    "конечно", "увы", "здравствуйте", "здравствуй", "привет", "приветствую", "итак",
    "кстати", "впрочем", "например", "возможно", "наверное", "разумеется", "безусловно",
    "во-первых", "во-вторых", "в-третьих", "во-четвёртых", "значит", "следовательно",
    "простите", "извините",
})
_INTRO_PHRASES = frozenset({
    "к сожалению", "к счастью", "к слову", "кроме того", "более того", "тем не менее",
    "таким образом", "в общем", "в целом", "в итоге", "в частности", "по сути", "в любом случае",
    "в таком случае", "в этом случае", "по крайней мере", "с одной стороны", "с другой стороны",
    "если что", "по-моему", "честно говоря", "на самом деле", "в принципе", "как правило",
    "добрый день", "добрый вечер", "доброе утро", "доброй ночи", "доброго дня",
    "доброго времени суток", "в свою очередь", "прежде всего", "в первую очередь", "кроме этого",
    "вероятнее всего", "скорее всего", "мне кажется", "как мне кажется", "кроме прочего",
    "в дополнение", "в том числе", "по возможности", "по вашему желанию", "по правде говоря",
    "как видите", "без сомнения", "само собой", "так или иначе", "в отличие от",
    "в отличии от",
})
# these stand apart only at the head of a sentence: «Странно, …», «Всё верно, …»
_OPENING_WORDS = frozenset({"странно", "ладно", "минутку", "секунду", "всё верно", "все верно",
                            "да", "нет"})
_PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "PRED"})
_PREDICATE_WORDS = frozenset({"есть", "нет", "спасибо", "благодарю", "благодарим", "рады",
                              "рад", "рада", "жаль", "пора"})
_PREDICATE_SCORE = 0.28



def drop_span(draft: Draft, first: Token, last: Token) -> tuple[int, int, str]:
    """Span and replacement that remove ``first..last`` cleanly (see :func:`removal`). Where
    the sentence cannot be sure to stay whole, the replacement is the fragment itself, which
    :meth:`CheckRun.report` drops: the suggestion stays as advice."""
    found = removal(draft, first, last)
    if found is None:
        return first.start, last.end, draft.text[first.start:last.end]
    return found


def removal(draft: Draft, first: Token, last: Token) -> tuple[int, int, str] | None:
    """Span and replacement that remove ``first..last`` and keep the sentence whole; ``None``
    when that cannot be guaranteed.

    - inside a sentence, «, в принципе,» goes with both commas where the words sat inside one
      clause, with one where they stood between two («Если будут вопросы, Дарья, пишите»
      → «Если будут вопросы, пишите»);
    - at a sentence end «…, Анна.» → «….», «Спасибо Анна!» → «Спасибо!»;
    - at a sentence start with the comma after it, the next word is capitalised, even on the
      next line («Анна,\\nваш заказ» → «Ваш заказ»); a sentence of the words alone («Анна!»)
      goes whole.
    """
    text = draft.text
    prev, nxt = draft.prev(first), draft.next(last)
    if nxt is not None and nxt.sent != last.sent:
        nxt = None
    if draft.sentence_start(first) and (prev is None or prev.text not in ",;:—–-"
                                        or "\n" in text[prev.end:first.start]):
        return _drop_at_start(draft, first, last, nxt)  # not after «т.к.,»: no sentence end
    if prev is None:
        return None
    if nxt is None or nxt.text in _SENTENCE_END:  # «…, Анна.», «Спасибо Анна!»
        if prev.text == ",":
            return prev.start, last.end, ""
        if prev.kind in ("word", "number") or prev.text in "»\")":
            return prev.end, last.end, ""
        return None
    left_comma, right_comma = prev.text == ",", nxt.text == ","
    if not left_comma and not right_comma:
        if prev.text in _OPENERS:
            return None
        if nxt.kind == "punct" and nxt.text not in "»\")":
            return prev.end, last.end, ""  # «Готово в общем — ждём» → «Готово — ждём»
        return first.start, _after_spaces(text, last.end), ""  # «Заказ как бы уже в пути»
    if not left_comma and prev.kind != "word" and prev.text not in "»\")":
        if prev.text in _OPENERS:
            return None
        return first.start, _after_spaces(text, nxt.end), ""  # «— Анна, пишите» → «— пишите»
    if not right_comma and nxt.kind != "word" and nxt.text not in _OPENERS:
        return None  # «, Анна — …»
    keep = keeps_comma(draft, prev if left_comma else None, first, last,
                       nxt if right_comma else None)
    if keep is None:
        return None
    if left_comma and right_comma:
        return (prev.start, last.end, "") if keep else (prev.start, nxt.end, "")
    if left_comma:  # «Спасибо, Анна за ожидание»
        return (first.start, nxt.start, "") if keep else (prev.start, last.end, "")
    # «Спасибо Анна, за ожидание», «Это в принципе, возможно»
    return (prev.end, last.end, "") if keep else (first.start, _after_spaces(text, nxt.end), "")


def _after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def _drop_at_start(draft: Draft, first: Token, last: Token,
                   nxt: Token | None) -> tuple[int, int, str] | None:
    """Remove words that open a sentence: with the comma after them, the next word takes the
    capital; a sentence of these words alone goes whole, with the space after it."""
    text = draft.text
    tokens = draft.tokens
    if nxt is None or nxt.text in _SENTENCE_END:
        # «Анна!» on its own: the sentence goes, and the space up to the next one
        stop = last if nxt is None else nxt
        while stop.i + 1 < len(tokens) and tokens[stop.i + 1].sent == stop.sent:
            stop = tokens[stop.i + 1]  # «Анна!!», «Анна?!»
            if stop.kind != "punct":
                return None
        end = stop.end
        while end < len(text) and text[end].isspace():
            end += 1
            if text[end - 1] == "\n":
                break  # the next line keeps its indent, and what is not a token («[», «>»)
        if end < len(text):
            return first.start, end, ""
        start = first.start
        while start > 0 and text[start - 1].isspace():
            start -= 1
        return start, stop.end, ""
    if nxt.text == ",":
        end = nxt.end
        while end < len(text) and text[end].isspace():  # «Анна,\nваш заказ» too
            end += 1
        following = tokens[nxt.i + 1] if nxt.i + 1 < len(tokens) else None
    elif nxt.kind == "punct":
        return None  # «Анна — …», «Анна: …»
    else:
        end = _after_spaces(text, last.end)
        following = nxt
    if following is None or following.kind != "word":
        return first.start, end, ""
    if following.start != end:
        return None
    return first.start, following.end, following.text[:1].upper() + following.text[1:]


def keeps_comma(draft: Draft, left_comma: Token | None, first: Token, last: Token,
                right_comma: Token | None) -> bool | None:
    """Whether one comma must stay once ``first..last`` (set off by commas) is removed:
    ``True`` between two clauses, ``False`` inside one, ``None`` when unsure."""
    before = draft.prev(left_comma if left_comma is not None else first)
    if before is None:
        return False
    left = _clause_before(draft, left_comma if left_comma is not None else first)
    if not left.set_apart and before.kind == "word" and _continues(before):
        return False  # «и, Анна, …», «был, Анна, перестроен»: no clause ends there
    mark = right_comma if right_comma is not None else last
    right = _clause_after(draft, mark, before)
    if right in ("none", "maybe"):
        return None
    if right == "and":
        return None if left.kind == "sub" else _and_opens_clause(draft, mark)
    if right in ("sub", "intro"):
        return True
    if left.kind == "intro":
        return not (right == "frag" and _thanks(before))
    if left.kind == "pred":
        if right == "nominal" and _may_govern(before, mark, draft):
            return None  # «Так повторяется, Анна, проблема?»: the subject may be the verb's
        return right != "frag"
    if left.kind == "sub":
        return True if right in ("pred", "clause") else None  # «Если будут, Анна, вопросы»
    # a fragment before: «Ваш заказ, Анна, уже в пути» or a clause without a verb
    # («Это странно, Анна, проблема в роутере»)
    if right in ("clause", "nominal"):
        return True if left.subject else None
    if right == "pred" and left.verbless:
        return None  # «Заказ уже у курьера, Анна, привезём сегодня» / «Мы в течение дня вернём»
    if right == "frag" and left.after_comma:
        return None  # «почту, Анна, спам»: a list or an aside
    return False


@dataclass(frozen=True, slots=True)
class _Before:
    """The words before a removed phrase, back to the nearest clause mark."""

    kind: Literal["sub", "intro", "pred", "frag", "none"]
    after_comma: bool = False  # a comma opens them
    subject: bool = False  # a word in the nominative among them
    set_apart: bool = False  # an introductory word or phrase, whatever its last word is
    verbless: bool = False  # a subject with more after it: maybe a clause without a verb


def _clause_before(draft: Draft, mark: Token) -> _Before:
    """What the words between the clause mark before ``mark`` and ``mark`` are: a
    subordinate clause or gerund phrase, an introductory word, a clause with a predicate, or a
    fragment."""
    words: list[Token] = []
    after_comma = False
    for j in range(mark.i - 1, -1, -1):
        tok = draft.tokens[j]
        if tok.sent != mark.sent:
            break
        if tok.kind == "punct":
            if tok.text in _CLAUSE_MARKS or tok.text in _SENTENCE_END:
                after_comma = tok.text == ","
                break
            continue
        if tok.kind == "word" and not tok.quoted:
            words.append(tok)
    if not words:
        return _Before("none", after_comma)
    words.reverse()
    if _intro(words) or " ".join(fold(w.text) for w in words) in _OPENING_WORDS:
        return _Before("intro", after_comma, set_apart=True)  # «К сожалению, …», «Да, …»
    if fold(words[0].text) in _ADVERBIAL_HEADS and not any(
            _predicate(w) or _nominative(w) for w in words):
        return _Before("intro", after_comma)  # «Несмотря на ошибку, …»
    predicate = [i for i, w in enumerate(words) if _predicate(w, infinitive=True)]
    sub = next((i for i, w in enumerate(words) if _subordinator(w)), None)
    if sub is not None and any(i > sub for i in predicate):
        return _Before("sub", after_comma)
    if any(_gerund(w) for w in words) or (after_comma and _top(words[0]) == "PRTF"):
        return _Before("sub", after_comma)  # «Оформив заказ, …», «Заказ, оформленный вчера, …»
    if any(_predicate(w) for w in words):
        return _Before("pred", after_comma)
    subject = next((i for i, w in enumerate(words) if _nominative(w)), None)
    verbless = subject is not None and (
        any(not _nominative(w) and _top(w) != "ADJF" for w in words[subject + 1:])
        or _adjective_after(words[subject:]))
    return _Before("frag", after_comma, subject is not None, verbless=verbless)


_After = Literal["sub", "intro", "and", "clause", "nominal", "maybe", "pred", "frag", "none"]


def _clause_after(draft: Draft, mark: Token, before: Token) -> _After:
    """What the words after ``mark`` up to the next clause mark are: a clause opened by a
    subordinator or an adversative conjunction, «и …», an introductory word, a gerund or
    participle phrase, a clause with a subject and predicate of its own, a verbless clause
    with a subject («она уже в регистратуре»), a predicate, or a fragment."""
    words: list[Token] = []
    dash = number = closed = False  # «срок — до 3 дней», «номер 55812»: no verb needed
    for j in range(mark.i + 1, len(draft.tokens)):
        tok = draft.tokens[j]
        if tok.sent != mark.sent:
            break
        if tok.kind == "punct":
            if tok.text in _CLAUSE_MARKS or tok.text in _SENTENCE_END:
                dash = tok.text in "—–"
                closed = tok.text == ","
                break
            continue
        if tok.kind == "number" and words:
            number = True
        if tok.kind != "word" or tok.quoted:
            continue
        if words and fold(tok.text) in _AND | {"а", "но"}:
            break  # the next clause or predicate starts: it tells nothing of this one
        words.append(tok)
    if not words:
        return "none"
    head = fold(words[0].text)
    second = fold(words[1].text) if len(words) > 1 else ""
    if head in _AND:
        return "and"
    if (head, second) in (("так", "как"), ("прежде", "чем")) or second == "ли":
        return "sub"  # «…, так как …», «…, прежде чем …», «…, имеет ли …»
    if head == "это" and _demonstrative(words, before):
        return "frag"  # «переоткройте это обращение»: «это» is the noun's, no clause
    if head in _ALWAYS_OPENS or _subordinator(words[0]):
        return "sub"
    if head in ("всё", "все") and len(words) == 2 and any(
            p.tag.POS in ("ADVB", "ADJS", "PRED") and p.score >= 0.2 for p in words[1].parses):
        return "clause"  # «…, всё хорошо», «…, все довольны»
    if head in _CLAUSE_OPENERS:  # «…, как обещали», «…, пока не пришёл»
        if second in ("можно", "минимум", "максимум", "всегда", "обычно"):
            return "frag"  # «как можно скорее», «как минимум»
        if head == "как" or any(_predicate(w, infinitive=True) for w in words[1:]):
            return "sub"
        return "frag"
    if any(_intro(words[:n]) and (len(words) > n or closed) for n in (1, 2, 3)) \
            or (len(words) == 1 and head in _CLOSING_WORDS):
        return "intro"  # «…, к сожалению, …», «…, пожалуйста.»; not «Это, Анна, возможно.»
    first = 1 if head == "не" and len(words) > 1 else 0
    if _gerund(words[first]) or _agrees_after(words[first], before):
        return "sub"  # «…, не решив вопрос», «системы, выбранной вами»
    subject = False
    for w in words:
        if _predicate(w):
            return "clause" if subject else "pred"
        subject = subject or _nominative(w)
    if any(_nominative(w, strict=True) for w in words) or (subject and (dash or number)) \
            or (subject and _adjective_after(words)):
        return "nominal"  # «она уже в регистратуре», «номер 55812», «решение окончательное»
    if (dash or number) and any(p.tag.POS == "NOUN" and "nomn" in p.tag and p.score >= 0.2
                                for w in words for p in w.parses):
        return "maybe"  # «срок — до 3 дней» or «вернём стоимость — пришлите …»: unsure
    return "frag"


def _may_govern(before: Token, mark: Token, draft: Draft) -> bool:
    """Whether a verb of the clause before could take a nominative after ``mark`` as its
    subject («Так повторяется, Анна, проблема?»): a 3rd-person or past verb with no subject
    of its own in sight, agreeing in number with the first noun after."""
    numbers: set[str] = set()
    for j in range(mark.i + 1, len(draft.tokens)):
        tok = draft.tokens[j]
        if tok.sent != mark.sent or (tok.kind == "punct" and tok.text in _CLAUSE_MARKS):
            break
        if any(p.tag.POS in ("NOUN", "NPRO") for p in tok.parses[:1]):
            numbers.update(str(p.tag.number) for p in tok.parses
                           if p.tag.POS in ("NOUN", "NPRO") and "nomn" in p.tag
                           and p.score >= 0.2)
            break  # the head noun after the address: «срок зачисления» is «срок»
    for j in range(before.i, -1, -1):
        tok = draft.tokens[j]
        if tok.sent != mark.sent or (tok.kind == "punct" and tok.text in _CLAUSE_MARKS):
            break
        if _nominative(tok):
            return False
        top = tok.parses[0] if tok.parses else None
        if top is not None and top.tag.POS == "VERB" and ("3per" in top.tag or "past" in top.tag):
            return str(top.tag.number) in numbers
    return False


def _and_opens_clause(draft: Draft, mark: Token) -> bool | None:
    """After «, и»: a clause of its own («и курьер позвонит») keeps the comma before «и»;
    a second predicate of the same subject («и передан курьеру») does not; unsure when no
    predicate shows."""
    conj = draft.next(mark, words_only=True)
    subject = False
    tok = draft.next(conj, words_only=True) if conj is not None else None
    while tok is not None and tok.sent == mark.sent:
        nxt = draft.next(tok)
        if _predicate(tok):
            return subject
        if _subordinator(tok):
            return True  # «и чьи это проблемы?»
        top = tok.parses[0] if tok.parses else None
        if top is not None and top.tag.POS in ("NOUN", "NPRO") and "nomn" in top.tag:
            subject = True
        if nxt is None or (nxt.kind == "punct" and nxt.text in _CLAUSE_MARKS | _SENTENCE_END):
            break
        tok = draft.next(tok, words_only=True)
    return None


def _intro(words: list[Token]) -> bool:
    """An introductory word or phrase standing apart: «Пожалуйста», «К сожалению»,
    «Вероятнее всего», «Добрый день»."""
    if " ".join(fold(w.text) for w in words) in _INTRO_PHRASES:
        return True
    if len(words) != 1:
        return False
    tok = words[0]
    if fold(tok.text) in _INTRO_WORDS:
        return True
    return any(("Prnt" in p.tag and p.score >= 0.25)
               or (p.tag.POS == "INTJ" and p.score >= 0.5 and not tok.text.isupper())
               for p in tok.parses[:3])


def _agrees_after(head: Token, noun: Token) -> bool:
    """A participle or adjective opening a phrase of its own after the noun it agrees with
    («системы, выбранной вами», «версия, совместимая с 2.3», «сайты, не любящие …»)."""
    for p in head.parses[:2]:
        if p.tag.POS not in ("PRTF", "ADJF") or "Apro" in p.tag or p.score < 0.3:
            continue
        for q in noun.parses[:2]:
            if q.tag.POS == "NOUN" and q.tag.case == p.tag.case and q.tag.number == p.tag.number \
                    and (p.tag.number == "plur" or q.tag.gender == p.tag.gender):
                return True
    return False


def _adjective_after(words: list[Token]) -> bool:
    """A noun in the nominative with an adjective after it: «решение окончательное»."""
    for noun, adj in pairwise(words):
        if _nominative(noun) and any(p.tag.POS == "ADJF" and "nomn" in p.tag
                                     and "Apro" not in p.tag for p in adj.parses[:2]):
            return True
    return False


def _nominative(tok: Token, *, strict: bool = False) -> bool:
    """A noun or pronoun in the nominative — a subject; ``strict``: no other case reads so
    («проблема», «она», not «вопросы», which may be accusative)."""
    if fold(tok.text) in _PERSONAL:
        return True
    top = tok.parses[0] if tok.parses else None
    if top is None or top.tag.POS not in ("NOUN", "NPRO") or "nomn" not in top.tag \
            or top.score < 0.4:
        return False
    return not strict or not any("accs" in p.tag or "gent" in p.tag for p in tok.parses)


def _demonstrative(words: list[Token], before: Token) -> bool:
    """«это обращение» after a transitive verb: the object, not a clause «это …»."""
    if len(words) < 2 or not any(p.tag.POS in ("NOUN", "ADJF") and "neut" in p.tag
                                 and "sing" in p.tag for p in words[1].parses[:2]):
        return False
    return any(p.tag.POS in ("VERB", "INFN") and "tran" in p.tag for p in before.parses[:2])


def _top(tok: Token) -> str | None:
    return str(tok.parses[0].tag.POS) if tok.parses else None


def _predicate(tok: Token, *, infinitive: bool = False) -> bool:
    """A word that can be a clause's predicate: a finite verb, a short adjective or
    participle, a predicative («можно», «нужно»), with weight enough among its readings; a
    neuter short form that is mostly an adverb («правильно») is not."""
    if fold(tok.text) in _PREDICATE_WORDS:
        return True
    if not tok.parses or not morph.analyzer().word_is_known(tok.norm):
        return False  # a guess («ишью» as a verb) is no predicate to rely on
    for p in tok.parses:
        if p.score < _PREDICATE_SCORE:
            break
        pos = p.tag.POS
        if pos == "ADJS" and "neut" in p.tag and any(q.tag.POS == "ADVB" and q.score >= 0.3
                                                     for q in tok.parses):
            continue
        if pos in _PREDICATE_POS or (infinitive and pos == "INFN"):
            return True
    return False


def _gerund(tok: Token) -> bool:
    return bool(tok.parses) and tok.parses[0].tag.POS == "GRND" and tok.parses[0].score >= 0.5


def _subordinator(tok: Token) -> bool:
    if fold(tok.text) in _SUBORDINATORS:
        return True
    top = tok.parses[0] if tok.parses else None
    return top is not None and top.normal_form in _RELATIVES and top.score >= 0.5


def _continues(tok: Token) -> bool:
    """A word after which the clause cannot end: a preposition, a coordinating conjunction,
    a link verb or modal waiting for its word («был, Анна, перестроен»)."""
    norm = fold(tok.text)
    if norm in _AND or norm in ("а", "но", "ни", "не", "бы") or _subordinator(tok):
        return True  # «…, если, Анна, …», «как, Анна, выглядит»: the clause has just begun
    top = tok.parses[0] if tok.parses else None
    if top is None or top.score < 0.5 or "Abbr" in top.tag:
        return False
    if top.tag.POS == "ADJS" and top.normal_form == "должный":
        return True  # «должна, Анна, быть устранена»
    return top.tag.POS == "PREP" or (top.normal_form in ("быть", "стать", "мочь")
                                     and top.tag.POS in ("VERB", "INFN") and norm != "есть")


def _thanks(tok: Token) -> bool:
    """«Спасибо, Анна, за ожидание»: thanks govern the words after the address."""
    return fold(tok.text) in ("спасибо", "благодарю", "благодарим")


def body_start(draft: Draft, greetings: list[Match]) -> tuple[int, str, str]:
    """Where the reply's body starts: after an opening sentence that greets or addresses the
    client («Здравствуйте, Ольга!», «Уважаемый Алексей!»), else at the first word."""
    sentences = draft.sentences
    if not sentences:
        return 0, "", " "
    first = sentences[0]
    if not _is_opening(draft, first.first, first.last, first.words, greetings):
        return draft.tokens[first.first].start, "", " "
    if len(sentences) > 1:
        return draft.tokens[sentences[1].first].start, "", " "
    return draft.tokens[first.last].end, " ", ""


def _is_opening(draft: Draft, first: int, last: int, words: list[Token],
                greetings: list[Match]) -> bool:
    if not words or len(words) > _MAX_OPENING_WORDS:
        return False
    start, end = draft.tokens[first].start, draft.tokens[last].end
    if any(start <= g.start < end for g in greetings):
        return True
    # «Алексей!» — an address line of names only
    return len(words) <= 3 and draft.tokens[last].text == "!" and all(w.is_title for w in words)
