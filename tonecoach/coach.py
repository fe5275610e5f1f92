"""The coach: loads the rules once and checks drafts against them."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from itertools import chain
from typing import Any

from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token, analyze
from tonecoach.analysis.metrics import Counts, measure, syllables
from tonecoach.checks import Step, family_classes, plan
from tonecoach.checks.acknowledgement import AcknowledgementReader
from tonecoach.checks.company import CompanyRules
from tonecoach.checks.run import CheckRun
from tonecoach.context.client_message import SignalReader
from tonecoach.errors import ConfigError, TextTooLongError
from tonecoach.fixes import MAX_ROUNDS, fix_until_stable
from tonecoach.models import (
    CATEGORIES,
    Config,
    Context,
    FixResult,
    Report,
    Suggestion,
    close_match,
    unknown_codes,
)
from tonecoach.rulebook.book import builtin_rulebook, builtin_signals
from tonecoach.rulebook.company import load_company_rules
from tonecoach.rulebook.matcher import Anchored
from tonecoach.rulebook.schema import RuleSpec

# what the coach's scan knows of a word form: the patterns it may anchor, each scanning
# family's fact (category, fact), its syllables
_Word = tuple[Anchored | None, tuple[tuple[str, Any], ...], int]
_MAX_RULE_SETS = 8  # company rule file sets a coach keeps for per-call configs


@dataclass(frozen=True)
class _Rules:
    """What one set of company rule files gives a coach: every rule by code and the steps
    that check them (the built-in ones, then the company's)."""

    specs: dict[str, RuleSpec]
    steps: tuple[Step, ...]
    files: tuple[str, ...] = ()


class Coach:
    """Checks drafts. Create one and reuse it: rule data is loaded and compiled once.

    A ``Coach`` holds no per-check state, so one instance may be shared between threads.
    """

    def __init__(self, config: Config | None = None) -> None:
        """Build the rules; ``config.rule_files`` (the company's own rules) are read here,
        and a bad file raises :class:`~tonecoach.RuleDataError`; an unknown code in
        ``select``, ``ignore`` or ``severity`` raises :class:`~tonecoach.ConfigError`."""
        self.config = _config_or_default(config)
        self.book = builtin_rulebook()
        families = [cls(self.book) for cls in family_classes()]
        self._builtin = _Rules(dict(self.book.rules), tuple(plan(self.book, families)))
        self._scanning = [f for f in families if f.scans]
        # per spelling: the patterns it may anchor, each scanning family's fact, syllables
        self._words: BoundedCache[str, _Word] = BoundedCache()
        self._lock = threading.Lock()
        self._rule_sets: dict[tuple[str, ...], _Rules] = {}
        self._own = self._builtin
        self._own = self._rules_for(self.config.rule_files)
        self.rules: dict[str, RuleSpec] = self._own.specs
        self._config = _effective(self.config, self._own, self.config.source)
        # the last per-call config: (as given, as checked with, its rules)
        self._last: tuple[Config, Config, _Rules] | None = None
        self._acknowledgement = AcknowledgementReader(self.book)
        self._signals = SignalReader(builtin_signals(), self.book.frequent)

    def check(
        self,
        text: str,
        client_name: str | None = None,
        client_message: str | None = None,
        config: Config | None = None,
        *,
        context: Context | None = None,
    ) -> Report:
        """Check one draft and return a :class:`Report` (suggestions in text order).

        ``context`` and the keyword shortcuts are equivalent; a keyword given explicitly
        overrides the same field of ``context``.

        ``config`` is laid over the coach's config: the fields it sets explicitly (given to
        ``Config(...)``, or present in its file: ``model_fields_set``) win, the others keep
        the coach's — ``Config(ignore=["TC1"])`` keeps the coach's ``emoji``; per-channel
        limits are laid channel by channel (:meth:`Config.overlay`). Its
        ``rule_files``, when set, are honoured: read on first use and kept (up to 8 sets a
        coach), so a repeated config costs a merge, not a rebuild; a bad file raises
        :class:`~tonecoach.RuleDataError`, an unknown code :class:`~tonecoach.ConfigError`.
        """
        if not isinstance(text, str):
            raise TypeError(f"tonecoach expects the draft as str, got {type(text).__name__}")
        if config is None:
            config, rules = self._config, self._own
        else:
            config, rules = self._for_call(config)
        if len(text) > config.max_text_length:
            raise TextTooLongError(
                f"draft is {len(text):,} characters long; the limit is "
                f"{config.max_text_length:,} (Config.max_text_length)"
            )
        context = _merge_context(context, client_name, client_message)
        message = context.client_message
        signals = self._signals.read(message) if message and message.strip() else None
        if not text.strip():
            return Report(text=text, suggestions=[], signals=signals)
        draft = analyze(text)
        anchors, marked = self._scan(draft)
        matches = self.book.matcher.find(draft, anchors=anchors)
        run = CheckRun(draft=draft, context=context, config=config, rules=rules.specs,
                       signals=signals, matches=matches, marked=marked,
                       acknowledgement=self._acknowledgement.read(draft, matches))
        everything = not config.select and not config.ignore
        for step in rules.steps:
            if everything or any(config.is_enabled(code) for code in step.codes):
                step.run_it(run)
        suggestions = sorted(run.suggestions, key=lambda s: (s.start, s.end, s.code))
        # validated construction: pydantic-core makes it cheaper than model_construct
        return Report(text=text, suggestions=suggestions, signals=signals,
                      metrics=measure(draft))

    def _for_call(self, given: Config) -> tuple[Config, _Rules]:
        """The config a call checks with (``given`` laid over the coach's) and its rules;
        the last one is kept, so an editor passing the same config each time merges once."""
        last = self._last
        if last is not None and last[0] is given:
            return last[1], last[2]
        given = _config_or_default(given)
        if not given.model_fields_set:
            config, rules = self._config, self._own
        else:
            merged = self.config.overlay(given)
            rules = self._rules_for(merged.rule_files)
            config = _effective(merged, rules, given.source)
        self._last = (given, config, rules)
        return config, rules

    def _rules_for(self, files: list[str]) -> _Rules:
        """The rules with the company files ``files`` (read once per set of files)."""
        key = tuple(files)
        if not key:
            return self._builtin
        if self._own.files == key:
            return self._own
        found = self._rule_sets.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._rule_sets.get(key)
            if found is None:
                company = CompanyRules([(f, load_company_rules(f)) for f in key], self.book)
                found = _Rules({**self._builtin.specs, **company.specs},
                               (*self._builtin.steps, Step(company.codes, company)), key)
                if len(self._rule_sets) >= _MAX_RULE_SETS:
                    del self._rule_sets[next(iter(self._rule_sets))]
                self._rule_sets[key] = found
        return found

    def fix(
        self,
        text: str,
        client_name: str | None = None,
        client_message: str | None = None,
        config: Config | None = None,
        *,
        context: Context | None = None,
        categories: Collection[str] | None = None,
        max_rounds: int = MAX_ROUNDS,
    ) -> FixResult:
        """Check ``text``, apply every fix, re-check and apply again until nothing changes
        (at most ``max_rounds`` passes): what «Исправить всё» sends. ``categories`` narrows
        the fixes applied (all by default); the result lists each fix applied and, as
        ``advice``, what the last check says of the fixed text. ``config`` is laid over the
        coach's as in :meth:`check`."""
        wanted = set(CATEGORIES if categories is None else categories)
        unknown = sorted(wanted - set(CATEGORIES))
        if unknown:
            raise ValueError("unknown categories: " + "; ".join(
                f"{c!r}{close_match(c, CATEGORIES, 'categories')}" for c in unknown))
        context = _merge_context(context, client_name, client_message)

        def recheck(new_text: str) -> list[Suggestion]:
            return self.check(new_text, config=config, context=context).suggestions

        return fix_until_stable(text, recheck(text), recheck,
                                keep=lambda s, _edited: s.category in wanted,
                                max_rounds=max_rounds)

    def _scan(self, draft: Draft) -> tuple[list[tuple[Token, Anchored]],
                                            dict[str, list[tuple[Token, Any]]]]:
        """One look at every word of the operator's text for the matcher and all families:
        the words that anchor a pattern, and each family's words with their facts; the words
        and syllables are counted on the way (``draft.counts``)."""
        words = self._words
        anchors: list[tuple[Token, Anchored]] = []
        marked: dict[str, list[tuple[Token, Any]]] = {f.category: [] for f in self._scanning}
        per_sentence = [len(sent.words) for sent in draft.sentences]  # markup left out
        n_syllables = 0
        for tok in chain.from_iterable(sent.words for sent in draft.sentences):
            known = words.get(tok.text)
            if known is None:
                known = words.put(tok.text, self._word(tok))
            candidates, facts, syllables = known
            n_syllables += syllables
            if tok.quoted:
                continue
            if candidates is not None:
                anchors.append((tok, candidates))
            for category, fact in facts:
                marked[category].append((tok, fact))
        for tok in draft.numbers:
            if tok.markup:
                continue
            per_sentence[tok.sent] += 1
            n_syllables += 1
            candidates = self.book.matcher.candidates(tok)
            if candidates is not None and not tok.quoted:
                anchors.append((tok, candidates))
        if draft.numbers:  # in text order, as the matcher reports
            anchors.sort(key=lambda pair: pair[0].i)
        draft.counts = Counts(per_sentence, sum(per_sentence), n_syllables)
        return anchors, marked

    def _word(self, tok: Token) -> _Word:
        facts = [(f.category, f.word_fact(tok)) for f in self._scanning]
        return (self.book.matcher.candidates(tok),
                tuple((category, fact) for category, fact in facts if fact is not None),
                syllables(tok.norm))


_EMPTY_CONTEXT = Context()


def _merge_context(
    context: Context | None, client_name: str | None, client_message: str | None
) -> Context:
    if context is not None and not isinstance(context, Context):
        raise TypeError(f"context must be a tonecoach.Context, got {type(context).__name__}")
    for name, value in (("client_name", client_name), ("client_message", client_message)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be str or None, got {type(value).__name__}")
    base = context if context is not None else _EMPTY_CONTEXT
    updates = {k: v for k, v in (("client_name", client_name),
                                 ("client_message", client_message)) if v is not None}
    return base.model_copy(update=updates) if updates else base


def _config_or_default(config: Config | None) -> Config:
    if config is None:
        return Config()
    if not isinstance(config, Config):
        raise TypeError(f"config must be a tonecoach.Config, got {type(config).__name__}")
    return config


def _effective(config: Config, rules: _Rules, source: str | None) -> Config:
    """``config`` as the checks read it, once its codes are known to name rules: a severity
    given for a prefix («TC4») spelt out for each of its rules, the longest prefix winning."""
    _check_codes(config, rules.specs, source or "config")
    given = config.severity
    if all(code in rules.specs for code in given):
        return config
    longest_first = sorted(given, key=len, reverse=True)
    severity = {}
    for code in rules.specs:
        for prefix in longest_first:
            if code.startswith(prefix):
                severity[code] = given[prefix]
                break
    return config.model_copy(update={"severity": severity})


def _check_codes(config: Config, rules: Collection[str], source: str) -> None:
    """Every code or prefix in ``select``, ``ignore`` and ``severity`` names a rule: a typo
    («TC999», «TC11O», «brevity») would switch nothing on or off, silently. One
    :class:`ConfigError` lists them all."""
    problems = unknown_codes({"select": config.select, "ignore": config.ignore,
                              "severity": config.severity}, rules)
    if problems:
        raise ConfigError.of(source, problems)


_DEFAULT: Coach | None = None
_DEFAULT_LOCK = threading.Lock()


def default_coach() -> Coach:
    """The process-wide coach behind :func:`check` (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Coach()
    return _DEFAULT


def check(
    text: str,
    client_name: str | None = None,
    client_message: str | None = None,
    config: Config | None = None,
    *,
    context: Context | None = None,
) -> Report:
    """Check one draft with the default rules; see :meth:`Coach.check`."""
    return default_coach().check(text, client_name, client_message, config, context=context)
