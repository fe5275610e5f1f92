"""Grammar helpers the rule families share: agreement, inflecting like a model word,
rewriting a span token by token."""

from __future__ import annotations

from functools import lru_cache

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Token

_SHORT: BoundedCache[str, bool] = BoundedCache()
_PLURAL: BoundedCache[str, str | None] = BoundedCache()


@lru_cache(maxsize=256)
def plural(count: int, noun: str) -> str:
    """``count`` with ``noun`` (nominative singular) agreeing with it: «1 замечание»,
    «4 замечания», «5 замечаний» (pymorphy3's ``make_agree_with_number``)."""
    for p in morph.parse(noun):
        if {"NOUN", "nomn", "sing"} <= p.tag.grammemes:
            agreed = p.make_agree_with_number(count)
            if agreed is not None:
                return f"{count} {agreed.word}"
    return f"{count} {noun}"


def has_grammemes(tag: object, *grammemes: str) -> bool:
    """Whether a pymorphy3 tag has every one of ``grammemes`` (read from the tag's set, which
    spares pymorphy3's check of each name: the names here are known)."""
    return bool(tag.grammemes.issuperset(grammemes))  # type: ignore[attr-defined]


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def match_case(replacement: str, original: str) -> str:
    """Give ``replacement`` the capitalisation of ``original``: UPPER, Title, or lower — a
    stored capital («До свидания») goes where the original was lowercase, unless the word
    keeps its capital anywhere (a name, an acronym)."""
    if not replacement or not original:
        return replacement
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    if original[0].islower() and replacement[0].isupper() and not keeps_capital(replacement):
        return replacement[0].lower() + replacement[1:]
    return replacement


def keeps_capital(phrase: str) -> bool:
    """Whether the first word of ``phrase`` is written with a capital mid-sentence too: an
    acronym («СМС»), a Latin brand, a name in any reading (Вера, Любовь: pymorphy3's
    Name/Surn/Patr/Geox/Orgn/Trad)."""
    word = phrase.split(maxsplit=1)[0].strip("«»\"„“”()[].,!?:;")
    if not word:
        return False
    if (len(word) > 1 and word.isupper()) or not word[0].isalpha() or word[0] < "\u0400":
        return True
    return any(_PROPER & p.tag.grammemes for p in morph.parse(word.lower()))


def short_adjective(tok: Token) -> bool:
    """Has a short-adjective/participle reading that can agree with a person (not neuter:
    «самостоятельно» is an adverb)."""
    found = _SHORT.get(tok.norm)
    if found is None:
        found = _SHORT.put(tok.norm, any(p.tag.POS in ("ADJS", "PRTS") and "neut" not in p.tag
                                         for p in tok.parses))
    return found


def is_plural_link(tok: Token) -> bool:
    tag = tok.parses[0].tag
    return tok.parses[0].normal_form == "быть" and "plur" in tag


def plural_of_agreeing(tok: Token) -> str | None:
    """The plural of a singular short adjective/participle or past verb; ``None`` otherwise
    (cached per form).

    For short forms the participle reading wins: «уверен» → «уверены», not «уверенны».
    """
    if tok.norm in _PLURAL:
        return _PLURAL[tok.norm]
    return _PLURAL.put(tok.norm, _plural_of_agreeing(tok))


def _plural_of_agreeing(tok: Token) -> str | None:
    short = [p for p in tok.parses if p.tag.POS in ("ADJS", "PRTS") and "neut" not in p.tag]
    if short:
        if all("sing" not in p.tag for p in short):
            return None
        short.sort(key=lambda p: p.tag.POS != "PRTS")
        for p in short:
            if "sing" in p.tag:
                form = morph.inflect_parse(p, {"plur"})
                if form:
                    return form
        return None
    top = tok.parses[0]
    if top.tag.POS == "VERB" and has_grammemes(top.tag, "past", "sing"):
        return morph.inflect_parse(top, {"plur"})
    return None


def inflect_like(word: str, model: Token, *, polite: bool) -> str | None:
    """Put ``word`` (a dictionary form) into the grammatical form of ``model``: its case and
    number (and gender for adjectives), or its person, tense, mood and number for verbs.
    2nd person singular becomes plural when ``polite`` («скинь» → «пришлите»)."""
    tag = model.parses[0].tag if model.parses else None
    if tag is None or tag.POS is None:  # numbers, Latin words, punctuation: no form to copy
        return None
    pos = str(tag.POS)
    target_pos = {"VERB": "INFN", "INFN": "INFN", "PRTF": "ADJF"}.get(pos, pos)
    attrs = {
        "NOUN": ("case", "number"),
        "ADJF": ("case", "number", "gender", "animacy"),
    }.get(target_pos, ("number", "gender", "person", "tense", "mood", "involvement"))
    grammemes: set[str] = set()
    for attr in attrs:
        value = getattr(tag, attr, None)
        if value:
            grammemes.add(str(value))
    if polite and "sing" in grammemes and ("2per" in grammemes or "impr" in grammemes):
        grammemes = (grammemes - {"sing", "masc", "femn", "neut"}) | {"plur"}
    if "plur" in grammemes:
        grammemes -= {"masc", "femn", "neut"}
    for p in morph.parse(word):
        if str(p.tag.POS) != target_pos:
            continue
        if pos == "INFN":
            return str(p.word)
        result = morph.inflect_parse(p, grammemes)
        if result is None and "animacy" in attrs:
            result = morph.inflect_parse(p, grammemes - {"anim", "inan"})
        if result:
            return result
    return None


def rewrite_span(text: str, start: int, end: int,
             parts: list[tuple[Token, str | None]]) -> str | None:
    """``text[start:end]`` with each part's token replaced by its fix."""
    out: list[str] = []
    pos = start
    for tok, fix in sorted(parts, key=lambda p: p[0].start):
        if fix is None:
            return None
        out.append(text[pos:tok.start])
        out.append(fix)
        pos = tok.end
    out.append(text[pos:end])
    return "".join(out)
