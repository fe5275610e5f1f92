"""Token patterns in rule data: the notation (modelled on spaCy's Matcher), its validation, and
the compiled :class:`Slot` the matcher tests tokens with.

A pattern is a list of slots; a slot describes one word::

    - {LOWER: {IN: [вам, вы]}}                          # the spelling, any case, ё as е
    - {LOWER: {IN: [же, ведь, уже, ясно]}, OP: "*"}      # particles, any number of them
    - {LEMMA: {IN: [сказать, написать]}, MORPH: past}   # any inflection, past tense only

Keys: ``ORTH``/``TEXT`` (exact spelling), ``LOWER``, ``LEMMA`` (a pymorphy3 normal form),
``POS`` (pymorphy3 part of speech: VERB, NOUN, ADJF, …), ``MORPH`` (pymorphy3 grammemes: a
string «past plur» = all of them, or ``{IS_SUPERSET: […], IN: […], NOT_IN: […]}`` = all / any /
none of them), each a value or ``{IN: […]}`` / ``{NOT_IN: […]}``; ``NEG`` (true: «не» stands
right before the word, false: it does not); ``IS_PUNCT``, ``IS_SENT_START``, ``IS_TITLE``,
``IS_UPPER``, ``LIKE_NUM``; ``OP``: ``?`` ``*`` ``+`` ``!`` (one word that does *not* match,
as in spaCy) or a count ``{2}``, ``{0,3}``, ``{,3}``, ``{1,}``.

``LEMMA``, ``POS`` and ``MORPH`` are tested on one reading (parse) of the word together: some
reading must satisfy all three. A slot with nothing but a bounded ``OP`` is a gap of words
(``{OP: "{0,3}"}``). Between two word slots commas and dashes are stepped over; a match never
crosses the end of a sentence, a colon, a semicolon, a bracket or a quote mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tonecoach.analysis import morph
from tonecoach.analysis.draft import fold

_OP = regex.compile(r"^(?:[?*+!]|\{(\d*)(,?)(\d*)\})$")
UNBOUNDED = 10_000  # «*» and «+»: as many as the clause holds


def _known() -> tuple[frozenset[str], frozenset[str]]:
    tag_class = morph.analyzer().TagClass
    return frozenset(tag_class.PARTS_OF_SPEECH), frozenset(tag_class.KNOWN_GRAMMEMES)


class SetTest(BaseModel):
    """``{IN: […]}`` or ``{NOT_IN: […]}`` (or both)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    IN: list[str] | None = Field(default=None, min_length=1)
    NOT_IN: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _not_empty(self) -> SetTest:
        if self.IN is None and self.NOT_IN is None:
            raise ValueError("give IN or NOT_IN")
        return self


class MorphTest(BaseModel):
    """Grammemes a reading must have: all of ``IS_SUPERSET``, one of ``IN``, none of ``NOT_IN``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    IS_SUPERSET: list[str] | None = Field(default=None, min_length=1)
    IN: list[str] | None = Field(default=None, min_length=1)
    INTERSECTS: list[str] | None = Field(default=None, min_length=1)
    NOT_IN: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _not_empty(self) -> MorphTest:
        if not (self.IS_SUPERSET or self.IN or self.INTERSECTS or self.NOT_IN):
            raise ValueError("give IS_SUPERSET, IN or NOT_IN")
        return self


Value = str | SetTest


class TokenSlot(BaseModel):
    """One slot of a token pattern, as written in the rule data."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ORTH: Value | None = None
    TEXT: Value | None = None
    LOWER: Value | None = None
    LEMMA: Value | None = None
    POS: Value | None = None
    MORPH: str | MorphTest | None = None
    NEG: bool | None = None
    IS_PUNCT: bool | None = None
    IS_SENT_START: bool | None = None
    IS_TITLE: bool | None = None
    IS_UPPER: bool | None = None
    LIKE_NUM: bool | None = None
    OP: str | None = None

    @field_validator("OP")
    @classmethod
    def _op(cls, op: str | None) -> str | None:
        if op is not None:
            m = _OP.match(op)
            if m is None or (op.startswith("{") and not (m.group(1) or m.group(3))):
                raise ValueError(f"OP {op!r}: use ?, *, +, ! or a count such as {{2}}, {{0,3}}")
            if m.group(1) and m.group(3) and int(m.group(1)) > int(m.group(3)):
                raise ValueError(f"OP {op!r}: the minimum is above the maximum")
        return op

    @field_validator("POS")
    @classmethod
    def _pos(cls, value: Value | None) -> Value | None:
        pos, _ = _known()
        for v in _values(value):
            if v not in pos:
                raise ValueError(f"POS {v!r} is not a pymorphy3 part of speech "
                                 f"({', '.join(sorted(pos))})")
        return value

    @field_validator("MORPH")
    @classmethod
    def _morph(cls, value: str | MorphTest | None) -> str | MorphTest | None:
        _, grammemes = _known()
        names = _grammemes(value) if isinstance(value, str) else [
            g for part in (value.IS_SUPERSET, value.IN, value.INTERSECTS, value.NOT_IN)
            for g in part or ()] if value is not None else []
        for g in names:
            if g not in grammemes:
                raise ValueError(f"MORPH {g!r} is not a pymorphy3 grammeme "
                                 "(e.g. past, plur, 2per, impr, accs, femn)")
        return value

    @field_validator("LEMMA")
    @classmethod
    def _lemmas(cls, value: Value | None) -> Value | None:
        for v in _values(value):
            parses = morph.parse(v.lower())
            if parses and not any(fold(str(p.normal_form)) == fold(v) for p in parses):
                raise ValueError(f"LEMMA {v!r} is not a dictionary form; pymorphy3 reads it as "
                                 f"{str(parses[0].normal_form)!r}")
        return value

    @model_validator(mode="after")
    def _something_to_test(self) -> TokenSlot:
        tests = self.model_dump(exclude_none=True, exclude={"OP"})
        if not tests and self.OP is None:
            raise ValueError("an empty slot matches anything; for a gap of words write "
                             "{OP: \"{0,3}\"}")
        if (not tests and self.OP in ("*", "+", "!")) or (
                not tests and self.OP is not None and self.OP.endswith(",}")):
            raise ValueError(f"a gap must be bounded: OP {self.OP!r} → {{0,3}}")
        if self.ORTH is not None and self.TEXT is not None:
            raise ValueError("give ORTH or TEXT, not both")
        return self


def _values(value: Value | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [*(value.IN or ()), *(value.NOT_IN or ())]


def _grammemes(text: str) -> list[str]:
    return [g for g in regex.split(r"[\s,|]+", text.strip()) if g]


# -- reading the notation: one pattern, a list of patterns, or entries with notes ------------

def parse_patterns(raw: Any) -> list[tuple[TokenSlot, ...]]:
    """One pattern (a list of slot objects) or several (a list of such lists), validated.

    Errors say where: «[1][2].LEMMA: …» (pattern 1, slot 2)."""
    if not isinstance(raw, list) or not raw:
        raise ValueError("give a pattern (a list of slots) or a list of patterns")
    several = all(isinstance(p, list) for p in raw)
    patterns = raw if several else [raw]
    out: list[tuple[TokenSlot, ...]] = []
    for i, pattern in enumerate(patterns):
        where = f"[{i}]" if several else ""
        if not isinstance(pattern, list) or not pattern:
            raise ValueError(f"{where}: a pattern is a non-empty list of slots")
        slots: list[TokenSlot] = []
        for j, raw_slot in enumerate(pattern):
            if not isinstance(raw_slot, dict):
                raise ValueError(f"{where}[{j}]: a slot is a mapping such as {{LEMMA: сказать}}")
            try:
                slots.append(TokenSlot.model_validate(raw_slot))
            except ValidationError as exc:
                err = exc.errors()[0]
                path = "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in err["loc"])
                msg = str(err["msg"]).removeprefix("Value error, ")
                raise ValueError(f"{where}[{j}]{path}: {msg}") from None
        _check_shape(slots, where)
        out.append(tuple(slots))
    return out


def _check_shape(slots: list[TokenSlot], where: str) -> None:
    if is_gap(slots[0]) or is_gap(slots[-1]):
        raise ValueError(f"{where}: a pattern cannot start or end with a gap")
    if not any(anchor_keys(s) for s in slots):
        raise ValueError(f"{where}: a pattern needs one slot with LEMMA, LOWER or ORTH/TEXT "
                         "words and no OP (the pattern is indexed by it)")


def is_gap(slot: TokenSlot) -> bool:
    return not slot.model_dump(exclude_none=True, exclude={"OP"})


def anchor_keys(slot: TokenSlot) -> frozenset[str] | None:
    """The folded spellings or lemmas a slot that takes exactly one word can be found by
    (``None``: it is optional, repeated, negated, punctuation or has no such values)."""
    if slot.OP is not None:
        return None
    for value in (slot.LEMMA, slot.LOWER, slot.ORTH if slot.ORTH is not None else slot.TEXT):
        values = [value] if isinstance(value, str) else (value.IN or []) if value else []
        if values and all(any(ch.isalnum() for ch in v) for v in values):
            return frozenset(fold(v) for v in values)
    return None


# -- compiled slots ------------------------------------------------------------------------------

def _quantity(op: str | None) -> tuple[int, int]:
    if op is None or op == "!":
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, UNBOUNDED
    if op == "+":
        return 1, UNBOUNDED
    m = _OP.match(op)
    assert m is not None
    low, comma, high = m.group(1), m.group(2), m.group(3)
    lo = int(low) if low else 0
    hi = int(high) if high else (UNBOUNDED if comma else lo)
    return lo, hi


def _set(value: Value | None, fold_it: bool = True) -> tuple[frozenset[str] | None,
                                                              frozenset[str] | None]:
    """(IN, NOT_IN) of a value."""
    if value is None:
        return None, None
    conv = fold if fold_it else (lambda s: s)
    if isinstance(value, str):
        return frozenset({conv(value)}), None
    return (frozenset(conv(v) for v in value.IN) if value.IN else None,
            frozenset(conv(v) for v in value.NOT_IN) if value.NOT_IN else None)


@dataclass(eq=False)
class Slot:
    """A compiled slot: what a token must be, and how many tokens it takes (``lo..hi``).

    ``either`` (phrase words) matches a token whose spelling or any lemma is in it.
    Tests that depend on the word form only are cached per form."""

    lo: int = 1
    hi: int = 1
    negate: bool = False  # OP "!"
    gap: bool = False
    punct: bool = False  # matches punctuation tokens (IS_PUNCT or a punctuation ORTH)
    either: frozenset[str] | None = None
    exact: str | None = None  # phrase word with match: exact
    texts: frozenset[str] | None = None
    not_texts: frozenset[str] | None = None
    forms: frozenset[str] | None = None
    not_forms: frozenset[str] | None = None
    lemmas: frozenset[str] | None = None
    not_lemmas: frozenset[str] | None = None
    pos: frozenset[str] | None = None
    not_pos: frozenset[str] | None = None
    morph_all: frozenset[str] = frozenset()
    morph_any: frozenset[str] | None = None
    morph_none: frozenset[str] = frozenset()
    neg: bool | None = None
    sent_start: bool | None = None
    title: bool | None = None
    upper: bool | None = None
    like_num: bool | None = None
    _by_form: dict[str, bool] = field(default_factory=dict, repr=False)
    reads_parses: bool = field(init=False, default=False)
    contextual: bool = field(init=False, default=False)  # tests the token in its place
    single: bool = field(init=False, default=True)  # exactly one word, not negated

    def __post_init__(self) -> None:
        self.reads_parses = bool(self.lemmas or self.not_lemmas or self.pos or self.not_pos
                                 or self.morph_all or self.morph_any or self.morph_none)
        self.contextual = any(v is not None for v in (
            self.exact, self.texts, self.not_texts, self.title, self.upper, self.sent_start,
            self.neg))
        self.single = self.lo == self.hi == 1 and not self.negate


def compile_slot(spec: TokenSlot) -> Slot:
    """The runtime form of one validated slot."""
    lo, hi = _quantity(spec.OP)
    orth = spec.ORTH if spec.ORTH is not None else spec.TEXT
    texts, not_texts = _set(orth, fold_it=False)
    forms, not_forms = _set(spec.LOWER)
    lemmas, not_lemmas = _set(spec.LEMMA)
    pos, not_pos = _set(spec.POS, fold_it=False)
    morph_all: frozenset[str] = frozenset()
    morph_any = None
    morph_none: frozenset[str] = frozenset()
    if isinstance(spec.MORPH, str):
        morph_all = frozenset(_grammemes(spec.MORPH))
    elif spec.MORPH is not None:
        morph_all = frozenset(spec.MORPH.IS_SUPERSET or ())
        any_of = [*(spec.MORPH.IN or ()), *(spec.MORPH.INTERSECTS or ())]
        morph_any = frozenset(any_of) if any_of else None
        morph_none = frozenset(spec.MORPH.NOT_IN or ())
    punct_text = texts is not None and all(not any(ch.isalnum() for ch in t) for t in texts)
    return Slot(
        lo=lo, hi=hi, negate=spec.OP == "!", gap=is_gap(spec),
        punct=bool(spec.IS_PUNCT) or punct_text,
        texts=texts, not_texts=not_texts, forms=forms, not_forms=not_forms,
        lemmas=lemmas, not_lemmas=not_lemmas, pos=pos, not_pos=not_pos,
        morph_all=morph_all, morph_any=morph_any, morph_none=morph_none,
        neg=spec.NEG, sent_start=spec.IS_SENT_START, title=spec.IS_TITLE,
        upper=spec.IS_UPPER, like_num=spec.LIKE_NUM,
    )
