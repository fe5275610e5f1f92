"""The client's name, parsed once: first name, patronymic, surname, gender, every case form
and the familiar forms of the first name («Ольга» → Ольги, Ольге, …; Оля, Олечка)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from tonecoach.analysis import morph
from tonecoach.analysis.draft import fold
from tonecoach.rulebook.book import builtin_first_names

CASES: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CYRILLIC_WORD = regex.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")


@dataclass(frozen=True)
class NamePart:
    """One part of the name: its nominative and its form in every case (ё written as е in
    ``by_form``, the lookup of a lower-case form → its cases)."""

    nominative: str
    forms: dict[str, str]
    by_form: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def case_of(self, word: str) -> tuple[str, ...]:
        """The cases a written form stands for (empty when it is no form of this part)."""
        return self.by_form.get(fold(word), ())


@dataclass(frozen=True)
class ClientName:
    """The client's name as given in ``Context.client_name``."""

    raw: str
    first: NamePart | None
    patronymic: NamePart | None = None
    surname: NamePart | None = None
    gender: str | None = None  # "masc", "femn" or None when unknown
    familiar: frozenset[str] = frozenset()  # familiar forms of the first name, lower case
    common_word: bool = False  # the first name is also a common word (Вера, Надежда, Лев)

    @property
    def address(self) -> str:
        """How to address the client: «Анна Сергеевна», «Ольга»."""
        parts = [p.nominative for p in (self.first, self.patronymic) if p is not None]
        return " ".join(parts)


@lru_cache(maxsize=1024)
def parse_client_name(raw: str) -> ClientName | None:
    """Parse a client name («Ольга», «Анна Сергеевна», «Иванов Пётр Алексеевич»); ``None``
    when it holds no first name pymorphy3 knows (a nickname, a number, a surname alone)."""
    words = [w for w in raw.split() if w.strip(".,!")]
    if not words:
        return None
    first = patronymic = surname = None
    gender: str | None = None
    for word in words:
        word = word.strip(".,!")
        parses = morph.parse(word.lower()) if _CYRILLIC_WORD.fullmatch(word) else ()
        name = _best(parses, "Name")
        patr = _best(parses, "Patr")
        surn = _best(parses, "Surn")
        if first is None and name is not None and not (patr and patr.score > name.score):
            first = _part(name, word)
            gender = _gender(name) or gender
        elif patronymic is None and patr is not None:
            patronymic = _part(patr, word)
            gender = gender or _gender(patr)
        elif surname is None and surn is not None:
            surname = _part(surn, word)
    if first is None:
        # a nickname («royce1936»), a number, a surname alone: nothing to coach on
        return None
    table = _familiar_table()
    familiar = frozenset(table.get(fold(first.nominative), ()))
    lower = first.nominative.lower()
    common = any(p.tag.POS == "NOUN" and "Name" not in p.tag and p.score >= 0.2
                 for p in morph.parse(lower))
    return ClientName(raw=raw, first=first, patronymic=patronymic, surname=surname,
                      gender=gender, familiar=familiar, common_word=common)


def _best(parses: tuple[Any, ...], grammeme: str) -> Any:
    """The parse with ``grammeme`` (Name, Patr, Surn); a name is given in the nominative:
    «Александра» is Александра, not the genitive of Александр."""
    found = [p for p in parses if grammeme in p.tag and "sing" in p.tag]
    found.sort(key=lambda p: "nomn" not in p.tag)
    return found[0] if found else None


def _gender(parse: Any) -> str | None:
    gender = parse.tag.gender
    return str(gender) if gender in ("masc", "femn") else None


def _part(parse: Any, written: str) -> NamePart:
    """Every case form of a name part, capitalised."""
    forms: dict[str, str] = {}
    base = morph.inflect_parse(parse, {"nomn", "sing"}) or written.lower()
    for case in CASES:
        form = morph.inflect_parse(parse, {case, "sing"})
        if form:
            forms[case] = form[:1].upper() + form[1:]
    nominative = base[:1].upper() + base[1:]
    forms.setdefault("nomn", nominative)
    by_form: dict[str, tuple[str, ...]] = {}
    for case, form in forms.items():
        by_form[fold(form)] = (*by_form.get(fold(form), ()), case)
    return NamePart(nominative=nominative, forms=forms, by_form=by_form)


@lru_cache(maxsize=1)
def _familiar_table() -> dict[str, tuple[str, ...]]:
    """Full name (lower case, ё as е) → its familiar forms (lower case, ё as е)."""
    return {fold(full): tuple(fold(f) for f in familiar)
            for full, familiar in builtin_first_names().names.items()}


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Every full and familiar name of the table, lower case, ё as е: real names, never
    misspellings of another."""
    names: set[str] = set()
    for full, familiar in builtin_first_names().names.items():
        names.add(fold(full))
        names.update(fold(f) for f in familiar)
    return frozenset(names)
