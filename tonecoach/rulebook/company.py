"""A company's own rules: data in YAML files, never code.

A file holds ``rules``; each rule has a code of the company's own (``ACME101``: capitals, then
three digits, never ``TC…``), a name, a category, a severity, a message and what to look for —
``phrases`` in natural form, matched in every inflection (``=слово`` for the spelling only),
and/or ``patterns``, regular expressions of the ``regex`` module. ``replacement`` gives a fix,
inflected like the words it replaces (``inflect: false`` puts it in as written); where the form
cannot be made sure, the suggestion has no fix.
Files are read with ``yaml.safe_load``; unknown keys, duplicate codes, bad patterns are errors
that name the file, the rule and the field. Patterns run with a time limit
(``pattern_timeout_ms``): a pattern that backtracks without end raises
:class:`RulePatternTimeout` instead of hanging.

Example::

    pattern_timeout_ms: 200
    rules:
      - code: ACME101
        name: competitor-name
        category: etiquette
        severity: warning
        message: "Не упоминаем конкурентов в ответах клиентам."
        phrases: ["Сбербанк", "=Тинькофф"]
        patterns: ['\\bозон\\w*']
      - code: ACME102
        name: old-product-name
        category: brevity
        message: "Продукт теперь называется «Плюс»."
        phrases: ["Премиум-подписка"]
        replacement: "подписка «Плюс»"

Like the built-in rules, a company rule skips text in quotes («…», "…") — a citation is not
the operator's words; ``in_quotes: true`` on a rule makes it look there too (a competitor's
name in quotes is still named). Markup (HTML, code, quoted e-mail history) is never read.
"""

from __future__ import annotations

from pathlib import Path

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tonecoach.errors import RuleDataError
from tonecoach.models import CATEGORIES, Category, Severity, close_match
from tonecoach.rulebook.schema import (
    Examples,
    Patterns,
    PhraseEntry,
    Phrases,
    RuleSpec,
    TokenEntries,
    validate_yaml,
)


class CompanyRule(BaseModel):
    """One rule of a company's file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z]{2,8}[0-9]{3}$",
                      description="The company's own code: capitals, then three digits.")
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    category: Category
    severity: Severity = "warning"
    message: str = Field(min_length=1)
    explanation: str = ""
    phrases: Phrases = Field(default_factory=list)
    tokens: TokenEntries = Field(default_factory=list)
    antipatterns: Patterns = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    ignore_case: bool = True
    replacement: str | None = None
    in_quotes: bool = Field(
        default=False,
        description="Also look inside quotes («…», \"…\"), which rules skip by default.")
    inflect: bool = Field(
        default=True,
        description="Inflect the replacement like the words it replaces: its head noun takes "
        "their case and number, adjectives before it agree, a quoted name stays as written "
        "(«премиум-подписки» → «подписки «Плюс»»); false: put it in as written.")
    examples: Examples = Field(default_factory=Examples)

    @field_validator("category", mode="before")
    @classmethod
    def _a_category(cls, value: object) -> object:
        if isinstance(value, str) and value not in CATEGORIES:
            raise ValueError(f"{value!r} is not a category"
                             f"{close_match(value, CATEGORIES, 'categories')}")
        return value

    @field_validator("code")
    @classmethod
    def _not_builtin(cls, code: str) -> str:
        if code.startswith("TC"):
            raise ValueError("codes starting with TC belong to tonecoach's own rules")
        return code

    @field_validator("phrases")
    @classmethod
    def _phrases_have_words(cls, phrases: Phrases) -> Phrases:
        for i, entry in enumerate(phrases):
            if isinstance(entry, PhraseEntry) and not regex.search(r"\w", entry.phrase):
                raise ValueError(f"phrase {i} ({entry.phrase!r}) has no word")
        return phrases

    @model_validator(mode="after")
    def _patterns_compile(self) -> CompanyRule:
        if not self.phrases and not self.tokens and not self.patterns:
            raise ValueError("a rule needs phrases, tokens or patterns")
        for i, pattern in enumerate(self.patterns):
            try:
                regex.compile(pattern, self.flags)
            except regex.error as exc:
                raise ValueError(f"patterns[{i}] is not a valid regular expression: {exc}") \
                    from None
        return self

    @property
    def flags(self) -> int:
        return int(regex.V1 | (regex.IGNORECASE if self.ignore_case else 0))

    def spec(self) -> RuleSpec:
        """The rule as the coach's rule table holds it."""
        return RuleSpec(code=self.code, name=self.name, category=self.category,
                        severity=self.severity, summary=self.message, message=self.message,
                        explanation=self.explanation, phrases=self.phrases,
                        tokens=self.tokens, antipatterns=self.antipatterns,
                        examples=self.examples)


class CompanyRuleFile(BaseModel):
    """One company rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    pattern_timeout_ms: int = Field(default=200, ge=1, le=10_000)
    rules: list[CompanyRule] = Field(min_length=1)


def load_company_rules(path: str | Path) -> CompanyRuleFile:
    """Read and validate one file; a :class:`RuleDataError` names the file, rule and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleDataError(f"{path}: cannot read: {exc.strerror}") from exc
    return validate_yaml(CompanyRuleFile, str(path), text)
