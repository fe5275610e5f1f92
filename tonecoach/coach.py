"""The coach: loads the rules once and checks drafts against them."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Collection
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
from tonecoach.errors import TextTooLongError
from tonecoach.fixes import MAX_ROUNDS, fix_until_stable
from tonecoach.models import CATEGORIES, Config, Context, FixResult, Report, Suggestion
from tonecoach.rulebook.book import builtin_rulebook, builtin_signals
from tonecoach.rulebook.company import load_company_rules
from tonecoach.rulebook.matcher import Anchored
from tonecoach.rulebook.schema import RuleSpec

# what the coach's scan knows of a word form: the patterns it may anchor, each scanning
# family's fact (category, fact), its syllables
_Word = tuple[Anchored | None, tuple[tuple[str, Any], ...], int]


class Coach:
    """Checks drafts. Create one and reuse it: rule data is loaded and compiled once.

    A ``Coach`` holds no per-check state, so one instance may be shared between threads.
    """

    def __init__(self, config: Config | None = None) -> None:
        """Build the rules; ``config.rule_files`` (the company's own rules) are read here,
        and a bad file raises :class:`~tonecoach.RuleDataError`."""
        self.config = config if config is not None else Config()
        self.book = builtin_rulebook()
        self.rules: dict[str, RuleSpec] = dict(self.book.rules)
        families = [cls(self.book) for cls in family_classes()]
        self._steps: list[Step] = plan(self.book, families)
        self._scanning = [f for f in families if f.scans]
        # per spelling: the patterns it may anchor, each scanning family's fact, syllables
        self._words: BoundedCache[str, _Word] = BoundedCache()
        if self.config.rule_files:
            company = CompanyRules(
                [(f, load_company_rules(f)) for f in self.config.rule_files], self.book)
            self.rules.update(company.specs)
            self._steps.append(Step(company.codes, company))
        self._known_config: tuple[object, ...] | None = None
        self._check_codes(self.config)
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
        overrides the same field of ``context``. ``config`` overrides the coach's config.
        """
        if not isinstance(text, str):
            raise TypeError(f"tonecoach expects the draft as str, got {type(text).__name__}")
        config = config if config is not None else self.config
        if config is not self.config:
            self._check_codes(config)
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
        run = CheckRun(draft=draft, context=context, config=config, rules=self.rules,
                       signals=signals, matches=matches, marked=marked,
                       acknowledgement=self._acknowledgement.read(draft, matches))
        everything = not config.select and not config.ignore
        for step in self._steps:
            if everything or any(config.is_enabled(code) for code in step.codes):
                step.run_it(run)
        suggestions = sorted(run.suggestions, key=lambda s: (s.start, s.end, s.code))
        # validated construction: pydantic-core makes it cheaper than model_construct
        return Report(text=text, suggestions=suggestions, signals=signals,
                      metrics=measure(draft))

    def _check_codes(self, config: Config) -> None:
        """Every code or prefix in ``select``, ``ignore`` and ``severity`` names a rule this
        coach has: a typo («TC999», «TC11O») would switch nothing on or off, silently."""
        key = (tuple(config.select), tuple(config.ignore), tuple(config.severity))
        if key == self._known_config:
            return
        codes = sorted(self.rules)
        for field, prefixes in (("select", config.select), ("ignore", config.ignore),
                                ("severity", list(config.severity))):
            for prefix in prefixes:
                if not any(code.startswith(prefix.upper()) for code in codes):
                    close = difflib.get_close_matches(prefix.upper(), codes, n=3)
                    hint = f"; did you mean {', '.join(close)}?" if close else \
                        f"; the rules are {codes[0]}…{codes[-1]} (tonecoach rules lists them)"
                    raise ValueError(f"{field}: no rule has the code {prefix!r}{hint}")
        self._known_config = key

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
        ``advice``, what the last check says of the fixed text."""
        wanted = set(CATEGORIES if categories is None else categories)
        unknown = wanted - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(sorted(unknown))}")
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
