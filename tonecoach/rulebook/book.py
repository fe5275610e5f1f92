"""The built-in rule book: every shipped rule file read, validated and cross-checked once, and
the matcher that finds all their phrases and patterns in one pass over a draft."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex
from pydantic import BaseModel, ConfigDict, Field

from tonecoach.errors import RuleDataError
from tonecoach.models import CATEGORIES
from tonecoach.rulebook.lexicons import FirstNames, Lexicons, SignalData
from tonecoach.rulebook.matcher import Matcher
from tonecoach.rulebook.schema import (
    Entry,
    RuleFile,
    RuleSpec,
    parse_yaml,
    validate_data,
    validate_yaml,
)

RULE_FILES: tuple[str, ...] = tuple(f"{category}.yaml" for category in CATEGORIES)
SIGNALS_FILE = "signals.yaml"
FIRST_NAMES_FILE = "first_names.yaml"
FREQUENT_FILE = "frequent_lemmas.yaml"
DATA_FILES: tuple[str, ...] = (SIGNALS_FILE, FIRST_NAMES_FILE, FREQUENT_FILE)


@dataclass(frozen=True)
class Rulebook:
    """Rules by code, typed lexicons by family, and the draft matcher built from both: each
    rule's entries under its code, each phrase lexicon under «family:name»."""

    rules: dict[str, RuleSpec]
    lexicons: Lexicons
    matcher: Matcher
    frequent: tuple[str, ...] = ()  # lemmas most frequent first: matchers anchor elsewhere


def _read(name: str) -> str:
    """A built-in rule file: the package data ``tonecoach.rules`` of a wheel or an editable
    install, else the repository's ``rules/`` beside the source tree (``import tonecoach``
    run from a clone's root after a plain ``pip install .`` imports the tree itself)."""
    try:
        return resources.files("tonecoach.rules").joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        tree = Path(__file__).resolve().parents[2] / "rules" / name
        if not tree.is_file():
            raise RuleDataError(
                f"the built-in rule data ({name}) is missing: tonecoach.rules is not installed "
                f"and {tree.parent} does not hold it; reinstall tonecoach") from None
        return tree.read_text(encoding="utf-8")


def load_rule_file(name: str, text: str) -> tuple[RuleFile, BaseModel]:
    """One family's file, validated, with its lexicons typed by the family's model."""
    raw = parse_yaml(name, text)  # parsed once, validated twice (rules, then lexicons)
    rule_file = validate_data(RuleFile, name, raw)
    model = Lexicons.model_fields[rule_file.family].annotation
    assert isinstance(model, type) and issubclass(model, BaseModel)
    lexicons = (raw or {}).get("lexicons", {}) if isinstance(raw, dict) else {}
    return rule_file, validate_data(model, name, lexicons, prefix=("lexicons",))


def phrase_lexicons(lexicons: BaseModel) -> dict[str, list[Entry]]:
    """The lexicons of one family that are phrase lists (matched in drafts)."""
    out: dict[str, list[Entry]] = {}
    for name, info in type(lexicons).model_fields.items():
        if info.annotation == list[Entry]:
            out[name] = getattr(lexicons, name)
    return out


def check_unless(name: str, rule: RuleSpec, lexicons: set[str]) -> None:
    """Every ``unless:`` of a rule names a phrase lexicon of its family."""
    for entry in rule.entries:
        if entry.unless is not None and entry.unless not in lexicons:
            raise RuleDataError(
                f"{name}: {rule.code}: unless {entry.unless!r} names no phrase lexicon of the "
                f"{rule.category} family ({', '.join(sorted(lexicons))})")


@lru_cache(maxsize=1)
def builtin_rulebook() -> Rulebook:
    """The rule book shipped with the package (read and compiled once per process)."""
    rules: dict[str, RuleSpec] = {}
    typed: dict[str, BaseModel] = {}
    seen: dict[str, str] = {}
    for digit, name in enumerate(RULE_FILES, start=1):
        rule_file, lexicons = load_rule_file(name, _read(name))
        typed[rule_file.family] = lexicons
        phrase_lists = set(phrase_lexicons(lexicons))
        for rule in rule_file.rules:
            for key in (rule.code, rule.name):
                if key in seen:
                    raise RuleDataError(f"{name}: {rule.code}: {key!r} is used twice")
                seen[key] = name
            if not regex.fullmatch(rf"TC{digit}\d\d", rule.code):
                raise RuleDataError(f"{name}: {rule.code} is not a TC{digit}xx code")
            check_unless(name, rule, phrase_lists)
            rules[rule.code] = rule
    lexicons_all = Lexicons.model_validate(typed)
    frequent = builtin_frequent_lemmas()
    matcher = Matcher(frequent)
    for code, rule in sorted(rules.items()):
        if rule.entries:
            matcher.add(code, rule.entries, rule.antipatterns)
    for category in CATEGORIES:
        family_lexicons = getattr(lexicons_all, category)
        extra: dict[str, list[Entry]] = getattr(family_lexicons, "extra_phrases", dict)()
        for lexicon, entries in {**phrase_lexicons(family_lexicons), **extra}.items():
            matcher.add(f"{category}:{lexicon}", entries)
    return Rulebook(rules=dict(sorted(rules.items())), lexicons=lexicons_all, matcher=matcher,
                    frequent=frequent)


def builtin_rules() -> dict[str, RuleSpec]:
    """Every shipped rule by code, in code order."""
    return builtin_rulebook().rules


@lru_cache(maxsize=1)
def builtin_signals() -> SignalData:
    """The shipped lexicons for reading the client's message."""
    return validate_yaml(SignalData, SIGNALS_FILE, _read(SIGNALS_FILE))


@lru_cache(maxsize=1)
def builtin_first_names() -> FirstNames:
    """The shipped table of first names and their familiar forms."""
    return validate_yaml(FirstNames, FIRST_NAMES_FILE, _read(FIRST_NAMES_FILE))


class FrequentLemmas(BaseModel):
    """Lemmas most frequent in support replies (``rules/frequent_lemmas.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lemmas: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def builtin_frequent_lemmas() -> tuple[str, ...]:
    """The shipped list of frequent lemmas, most frequent first."""
    return tuple(validate_yaml(FrequentLemmas, FREQUENT_FILE, _read(FREQUENT_FILE)).lemmas)
