"""Rule data: the YAML files in ``rules/`` (shipped as ``tonecoach.rules``), validated by pydantic.

Each file holds one rule family: its rules (code, name, severity, message, examples, phrases)
and named lexicons the family's checks read. Files are read with ``yaml.safe_load`` only.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal, TypeVar

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tonecoach.errors import RuleDataError
from tonecoach.models import Category, Severity

_M = TypeVar("_M", bound=BaseModel)


class FailExample(BaseModel):
    """Text that must be flagged: ``[[…]]`` marks the expected span; ``fix`` the fixed text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    fix: str | None = None


class Examples(BaseModel):
    """A rule's own test cases; ``config`` and ``context`` apply to all of them."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    config: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)
    fail: list[FailExample] = Field(default_factory=list)
    pass_: list[str] = Field(default_factory=list, alias="pass")

    @field_validator("fail", mode="before")
    @classmethod
    def _plain_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class PhraseEntry(BaseModel):
    """A phrase matched in the draft, written in natural form.

    ``match: lemma`` (default) matches every inflection; ``form`` matches the spelling only
    (any case); ``exact`` the spelling in lower case or with a capital (not «МБ» for «мб»).
    ``alone`` requires the phrase to stand apart (sentence start or punctuation on both sides).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    phrase: str
    replacements: list[str] = Field(default_factory=list)
    match: Literal["lemma", "form", "exact"] = "lemma"
    alone: bool = False
    inflect: bool = False
    note: str | None = None
    head: int = Field(default=0, ge=0, description="The word an inflected replacement agrees with.")
    attributive: bool = Field(
        default=False, description="Only when an agreeing noun or adjective follows."
    )
    next_not: list[str] = Field(
        default_factory=list, description="POS tags (pymorphy3) the next word must not have."
    )
    unless: str | None = Field(
        default=None,
        description="Name of a lexicon of the same family: skip the match when the draft "
        "has any phrase of it (e.g. «спасибо за понимание» unless something was explained).",
    )


class RuleSpec(BaseModel):
    """One rule: identity, default severity, message, its phrases and its own examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z]{2,8}\d{3}$")  # TC1xx–TC6xx for tonecoach's own
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    category: Category
    severity: Severity
    summary: str
    message: str
    explanation: str = ""
    phrases: list[PhraseEntry] = Field(default_factory=list)
    examples: Examples


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    family: Category
    rules: list[RuleSpec]
    lexicons: dict[str, list[str]] = Field(default_factory=dict)


class Situation(BaseModel):
    """A kind of trouble (waiting, money, …): the words that tell it and the phrases that
    fit it, best first."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    words: list[str]
    empathy: list[str] = Field(min_length=1)
    apology: list[str] = Field(min_length=1)


class SignalData(BaseModel):
    """What to look for in the client's message (``rules/signals.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    upset: list[str]
    trouble: list[str]
    fault: list[str]
    situations: list[Situation] = Field(min_length=1)


class FirstNames(BaseModel):
    """Full first names and their familiar forms (``rules/first_names.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    names: dict[str, list[str]] = Field(min_length=1)


RULE_FILES: tuple[str, ...] = (
    "formality.yaml", "empathy.yaml", "apology.yaml", "brevity.yaml", "name.yaml",
    "etiquette.yaml",
)
SIGNALS_FILE = "signals.yaml"
FIRST_NAMES_FILE = "first_names.yaml"
DATA_FILES: tuple[str, ...] = (SIGNALS_FILE, FIRST_NAMES_FILE)


def validate_yaml(model: type[_M], name: str, text: str) -> _M:
    """Parse ``text`` with ``yaml.safe_load`` and validate it as ``model``; a
    :class:`RuleDataError` names the file, the entry (with its code) and the field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleDataError(f"{name}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RuleDataError(f"{name}: {_where(raw, first['loc'])}: {first['msg']}") from exc


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """«rules[2] (ACME102).patterns[0]» for a pydantic error location."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("code"), str):
                out += f" ({node['code']})"
        else:
            out += ("." if out else "") + part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "top level"


def load_rule_file(name: str, text: str) -> RuleFile:
    """Validate one rule file's text; errors name the file, entry and field."""
    return validate_yaml(RuleFile, name, text)


@lru_cache(maxsize=1)
def builtin_first_names() -> FirstNames:
    """The shipped table of first names and their familiar forms."""
    name = FIRST_NAMES_FILE
    text = resources.files("tonecoach.rules").joinpath(name).read_text(encoding="utf-8")
    return validate_yaml(FirstNames, name, text)


@lru_cache(maxsize=1)
def builtin_signals() -> SignalData:
    """The shipped signal lexicons for reading the client's message."""
    text = resources.files("tonecoach.rules").joinpath(SIGNALS_FILE).read_text(encoding="utf-8")
    return validate_yaml(SignalData, SIGNALS_FILE, text)


@lru_cache(maxsize=1)
def builtin_rule_files() -> tuple[RuleFile, ...]:
    """The rule files shipped with the package, validated; codes must be unique."""
    package = resources.files("tonecoach.rules")
    files = tuple(
        load_rule_file(name, package.joinpath(name).read_text(encoding="utf-8"))
        for name in RULE_FILES
    )
    seen: dict[str, str] = {}
    for f in files:
        for rule in f.rules:
            for key in (rule.code, rule.name):
                if key in seen:
                    raise RuleDataError(f"{f.family}: duplicate rule {key!r}")
                seen[key] = f.family
            if not regex.fullmatch(r"TC[1-6]\d\d", rule.code):
                raise RuleDataError(f"{f.family}: {rule.code} is not a TC1xx–TC6xx code")
            if rule.category != f.family:
                raise RuleDataError(f"{f.family}: {rule.code} has category {rule.category!r}")
    return files


def builtin_rules() -> dict[str, RuleSpec]:
    """Every shipped rule by code, in code order."""
    rules = {r.code: r for f in builtin_rule_files() for r in f.rules}
    return dict(sorted(rules.items()))


def lexicon_entry(phrase: str) -> PhraseEntry:
    """A lexicon phrase as an entry: by lemma, or by spelling when written with a leading
    «=» («=понимаю» is not «понимаете»)."""
    if phrase.startswith("="):
        return PhraseEntry(phrase=phrase[1:], match="form")
    return PhraseEntry(phrase=phrase)


def builtin_lexicons() -> dict[str, dict[str, list[str]]]:
    """Every family's named word lists: ``{family: {name: [phrases]}}``."""
    return {f.family: f.lexicons for f in builtin_rule_files()}
