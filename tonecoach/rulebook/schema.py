"""The shape of rule data: the YAML files in ``rules/`` (shipped as ``tonecoach.rules``) and
a company's own rule files, validated by pydantic.

A rule carries its identity, severity and messages, what to look for — ``phrases`` (natural
word sequences matched in every inflection) and ``tokens`` (patterns of slots, see
:mod:`tonecoach.rulebook.patterns`) — and its own examples, which the suite runs. Files are read
with ``yaml.safe_load`` only; an error names the file, the entry (with its code) and the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tonecoach.errors import ConfigError, RuleDataError
from tonecoach.models import Category, Config, Severity
from tonecoach.rulebook.patterns import TokenSlot, parse_patterns

_M = TypeVar("_M", bound=BaseModel)

Pattern = tuple[TokenSlot, ...]
Condition = Literal["upset", "complaint"]


class FailExample(BaseModel):
    """Text that must be flagged: ``[[…]]`` marks the expected span; ``fix`` the fixed text;
    ``context`` (optional) replaces the examples' shared context for this text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    fix: str | None = None
    context: dict[str, Any] | None = None


class PassExample(BaseModel):
    """Text that must not be flagged, with its own ``context`` if it needs one."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    context: dict[str, Any] | None = None


class Examples(BaseModel):
    """A rule's own test cases; ``config`` and ``context`` apply to all of them."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    config: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)
    fail: list[FailExample] = Field(default_factory=list)
    pass_: list[PassExample] = Field(default_factory=list, alias="pass")

    @field_validator("fail", "pass_", mode="before")
    @classmethod
    def _plain_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("config")
    @classmethod
    def _a_config(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Settings the examples run with, checked now: a typo would fail every example."""
        try:
            Config.model_validate(value)
        except ConfigError as exc:
            raise ValueError("; ".join(exc.problems)) from None
        return value


class EntryBase(BaseModel):
    """What every phrase or pattern entry may say besides what it matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    replacements: list[str] = Field(default_factory=list)
    note: str | None = None
    unless: str | None = Field(
        default=None,
        description="Name of a phrase lexicon of the same family: skip the match when the "
        "draft has any phrase of it (e.g. «спасибо за понимание» unless something was "
        "explained).",
    )
    when: Condition | None = Field(
        default=None, description="upset: only when the client's message shows distress; "
        "complaint: only when it shows distress or a fault."
    )
    inflect: bool = False
    head: int = Field(default=0, ge=0, description="The word an inflected replacement agrees with.")
    attributive: bool = Field(
        default=False, description="Only when an agreeing noun or adjective follows."
    )
    next_not: list[str] = Field(
        default_factory=list, description="POS tags (pymorphy3) the next word must not have."
    )


class PhraseEntry(EntryBase):
    """A phrase written in natural form.

    ``match: lemma`` (default) matches every inflection; ``form`` matches the spelling only
    (any case); ``exact`` the spelling in lower case or with a capital (not «МБ» for «мб»).
    ``alone`` requires the phrase to stand apart (sentence start or punctuation on both sides).
    «…» between words stands for up to three words of the same clause.
    """

    phrase: str
    match: Literal["lemma", "form", "exact"] = "lemma"
    alone: bool = False


def _patterns(raw: object) -> object:
    if isinstance(raw, list) and raw and all(isinstance(p, tuple) for p in raw):
        return raw  # parsed already
    return parse_patterns(raw) if isinstance(raw, list) and raw else raw


Patterns = Annotated[list[Pattern], BeforeValidator(_patterns)]


class TokenEntry(EntryBase):
    """Token patterns (one or several) sharing a note and replacements; a match that one of
    the entry's ``antipatterns`` overlaps is dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    patterns: Patterns = Field(alias="tokens", min_length=1)
    antipatterns: Patterns = Field(default_factory=list)


Entry = PhraseEntry | TokenEntry


def _phrase_item(item: object) -> object:
    """A phrase as a plain string («=слово» for the spelling only) or a mapping."""
    if isinstance(item, str):
        if item.startswith("="):
            return PhraseEntry(phrase=item[1:], match="form")
        return PhraseEntry(phrase=item)
    if isinstance(item, dict) and "tokens" in item:
        return TokenEntry.model_validate(item)
    if isinstance(item, dict):
        return PhraseEntry.model_validate(item)
    return item


def _phrase_list(value: object) -> object:
    if not isinstance(value, list):
        return value
    out = []
    for i, item in enumerate(value):
        try:
            out.append(_phrase_item(item))
        except ValidationError as exc:
            raise ValueError(f"[{i}]{_error_text(exc)}") from None
    return out


def _token_entries(value: object) -> object:
    """``tokens:`` holds one pattern, a list of patterns, or entries ``{tokens: …, note: …}``."""
    if not isinstance(value, list) or not value or all(isinstance(v, TokenEntry) for v in value):
        return value
    if all(isinstance(v, dict) and "tokens" in v for v in value):
        out = []
        for i, item in enumerate(value):
            try:
                out.append(TokenEntry.model_validate(item))
            except ValidationError as exc:
                raise ValueError(f"[{i}]{_error_text(exc)}") from None
        return out
    return [TokenEntry(tokens=parse_patterns(value))]


def _error_text(exc: ValidationError) -> str:
    """«.tokens[1][0].LEMMA: …» for the first error of a nested validation."""
    err = exc.errors()[0]
    path = "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    if msg.startswith("["):  # a path continued by parse_patterns
        return f"{path}{msg}"
    return f"{path}: {msg}"


Phrases = Annotated[list[Entry], BeforeValidator(_phrase_list)]
TokenEntries = Annotated[list[TokenEntry], BeforeValidator(_token_entries)]


class RuleSpec(BaseModel):
    """One rule: identity, default severity, messages, what it looks for, its own examples.

    ``message`` is the default text («{word}», «{note}» and the like are filled in by the
    check); ``messages`` holds named variants a check picks by name. ``antipatterns`` are
    patterns whose match cancels an overlapping match of the rule (as LanguageTool's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z]{2,8}\d{3}$")  # TC1xx–TC6xx for tonecoach's own
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    category: Category
    severity: Severity
    summary: str
    message: str = Field(min_length=1)
    messages: dict[str, str] = Field(default_factory=dict)
    explanation: str = ""
    phrases: Phrases = Field(default_factory=list)
    tokens: TokenEntries = Field(default_factory=list)
    antipatterns: Patterns = Field(default_factory=list)
    examples: Examples = Field(default_factory=Examples)

    @property
    def entries(self) -> list[Entry]:
        """Everything the rule looks for: phrases, then token patterns."""
        return [*self.phrases, *self.tokens]

    def text(self, variant: str | None = None) -> str:
        """The message, or its named variant (a missing name is a bug in the check)."""
        if variant is None:
            return self.message
        try:
            return self.messages[variant]
        except KeyError:
            raise KeyError(f"{self.code} has no message {variant!r} in its rule data") from None


class RuleFile(BaseModel):
    """One built-in rule file: a family's rules and its lexicons (typed per family)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    family: Category
    rules: list[RuleSpec]
    lexicons: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_family(self) -> RuleFile:
        for rule in self.rules:
            if rule.category != self.family:
                raise ValueError(f"{rule.code} has category {rule.category!r} in the "
                                 f"{self.family} file")
        return self


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10× faster


def parse_yaml(name: str, text: str) -> Any:
    """``text`` parsed the safe way (libyaml's loader when PyYAML has it); a
    :class:`RuleDataError` naming the file when it is not YAML."""
    try:
        return yaml.load(text, Loader=_SafeLoader)  # a safe loader
    except yaml.YAMLError as exc:
        raise RuleDataError(f"{name}: not valid YAML: {exc}") from exc


def validate_yaml(model: type[_M], name: str, text: str) -> _M:
    """Parse ``text`` with :func:`parse_yaml` and validate it as ``model``; a
    :class:`RuleDataError` names the file, the entry (with its code) and the field."""
    return validate_data(model, name, parse_yaml(name, text))


def validate_data(model: type[_M], name: str, raw: Any, prefix: tuple[str | int, ...] = ()) -> _M:
    """Validate already parsed data; ``prefix`` is where it sits in the file."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = str(first["msg"]).removeprefix("Value error, ")
        where = where_in(raw, first["loc"], prefix)
        if msg.startswith("["):  # a nested path continued by the validator itself
            raise RuleDataError(f"{name}: {where}{msg}") from exc
        raise RuleDataError(f"{name}: {where}: {msg}") from exc


def where_in(raw: Any, loc: tuple[int | str, ...], prefix: tuple[str | int, ...] = ()) -> str:
    """«rules[2] (ACME102).patterns[0]» for a pydantic error location."""
    out = ""
    for part in prefix:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
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
