"""Rule families, one module each, for what rule data cannot say; rules that are nothing but
phrases and patterns run through :mod:`tonecoach.checks.generic` with no Python of their own.

A family marks each method that checks rules with :func:`handles`. The codes come from the
data: :func:`plan` binds every rule to its handler and refuses a rule without one or a handler
without its rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from tonecoach.errors import RuleDataError
from tonecoach.models import CATEGORIES, Category

if TYPE_CHECKING:
    from tonecoach.analysis.draft import Token
    from tonecoach.checks.run import CheckRun
    from tonecoach.rulebook.book import Rulebook
    from tonecoach.rulebook.schema import RuleSpec

_F = TypeVar("_F", bound=Callable[..., None])


def handles(*codes: str) -> Callable[[_F], _F]:
    """Mark a family method as the check of rules ``codes``."""
    def mark(method: _F) -> _F:
        method.__tonecoach_codes__ = codes  # type: ignore[attr-defined]
        return method
    return mark


class Family:
    """A rule family: built once per :class:`~tonecoach.Coach` from the rule book.

    A family that reads particular words sets ``scans`` and gives :meth:`word_fact`: the
    coach then looks at each word of a draft once for every family and hands each its words
    in ``CheckRun.marked``, so that no family loops over the whole draft itself."""

    category: ClassVar[Category]
    scans: ClassVar[bool] = False

    def __init__(self, book: Rulebook) -> None:
        self.book = book

    def word_fact(self, tok: Token) -> Any:
        """What this family needs to know of a word (``None``: nothing): a function of the
        token's text alone, as the coach calls it once per spelling and caches it."""
        return None

    @classmethod
    def handlers(cls) -> dict[str, str]:
        """Rule code → the name of the method that checks it."""
        out: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, member in vars(klass).items():
                for code in getattr(member, "__tonecoach_codes__", ()):
                    out[code] = name
        return out


@dataclass(frozen=True)
class Step:
    """One call per check: ``run_it(run)`` covers rules ``codes`` (skipped when all are off)."""

    codes: tuple[str, ...]
    run_it: Callable[[CheckRun], None]


def family_classes() -> list[type[Family]]:
    """Every family, in the order of the categories; imported on first use."""
    from tonecoach.checks.apology import Apology
    from tonecoach.checks.brevity import Brevity
    from tonecoach.checks.client_name import ClientNames
    from tonecoach.checks.empathy import Empathy
    from tonecoach.checks.etiquette import Etiquette
    from tonecoach.checks.formality import Formality

    by_category = {cls.category: cls for cls in
                   (Formality, Empathy, Apology, Brevity, ClientNames, Etiquette)}
    return [by_category[c] for c in CATEGORIES]


def plan(book: Rulebook, families: list[Family]) -> list[Step]:
    """Bind every rule of the book to its handler; rules that are only phrases and patterns
    go to the generic runner. Raises :class:`RuleDataError` for a rule nobody checks and for a
    handler whose rule is not in the data."""
    from tonecoach.checks.generic import GenericRules

    steps: list[Step] = []
    generic: list[RuleSpec] = []
    for family in families:
        handlers = family.handlers()
        in_data = {code for code, r in book.rules.items() if r.category == family.category}
        for code, method in sorted(handlers.items()):
            if code not in in_data:
                raise RuleDataError(
                    f"{type(family).__name__}.{method} checks {code}, but {family.category}.yaml "
                    "has no such rule")
        for code in sorted(in_data - set(handlers)):
            rule = book.rules[code]
            if not rule.entries:
                raise RuleDataError(
                    f"{family.category}.yaml: {code} ({rule.name}) has no check: give it "
                    f"phrases or tokens, or a method marked @handles({code!r}) in "
                    f"{type(family).__module__}")
            generic.append(rule)
        by_method: dict[str, list[str]] = {}
        for code, method in handlers.items():
            by_method.setdefault(method, []).append(code)
        for method, codes in by_method.items():
            steps.append(Step(tuple(sorted(codes)), getattr(family, method)))
    if generic:
        steps.append(Step(tuple(r.code for r in generic), GenericRules(generic)))
    return steps
