"""Generic data-driven engines the checks share: phrase matching by lemma or by form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token, normalize_word
from tonecoach.ruledata import PhraseEntry

_SKIPPABLE = frozenset(",—–-")


def _e(word: str) -> str:
    return word.replace("ё", "е")


@dataclass(frozen=True, slots=True)
class _Word:
    form: str
    lemma: str | None  # None: match the spelling only


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase found in the draft: tokens ``first..last`` (inclusive)."""

    first: Token
    last: Token
    entry: PhraseEntry
    key: str  # which rule the phrase belongs to

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.last.end


class PhraseMatcher:
    """Finds phrases written in natural form, matching every inflection of each word.

    Phrases are indexed by their first word, so a check costs one dict lookup per token.
    """

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[_Word, ...], PhraseEntry, str]]] = {}

    def add(self, key: str, entries: Sequence[PhraseEntry]) -> None:
        """Register ``entries`` under ``key`` (usually the rule code)."""
        for entry in entries:
            words = tuple(
                _Word(_e(normalize_word(w)),
                      None if entry.match == "form" else _e(morph.lemma(w)))
                for w in entry.phrase.split()
            )
            first = words[0]
            for index_key in {first.form, first.lemma} - {None}:
                assert index_key is not None
                self._by_first.setdefault(index_key, []).append((words, entry, key))

    def __len__(self) -> int:
        return len(self._by_first)

    def finditer(self, draft: Draft, *, skip_quoted: bool = True) -> Iterator[PhraseMatch]:
        """Every match in text order; overlapping matches of one phrase are all reported."""
        tokens = draft.tokens
        for tok in tokens:
            if tok.kind != "word" or (skip_quoted and tok.quoted):
                continue
            candidates: list[tuple[tuple[_Word, ...], PhraseEntry, str]] = []
            seen: set[int] = set()
            for k in _keys(tok):
                for cand in self._by_first.get(k, ()):
                    if id(cand) not in seen:
                        seen.add(id(cand))
                        candidates.append(cand)
            for words, entry, key in candidates:
                last = _match_from(draft, tok, words)
                if last is not None and (not entry.alone or _stands_alone(draft, tok, last)):
                    yield PhraseMatch(tok, last, entry, key)


def _keys(tok: Token) -> set[str]:
    keys = {_e(tok.norm)}
    keys.update(_e(str(p.normal_form)) for p in tok.parses)
    return keys


def _word_matches(tok: Token, word: _Word) -> bool:
    if _e(tok.norm) == word.form:
        return True
    if word.lemma is None:
        return False
    return any(_e(str(p.normal_form)) == word.lemma for p in tok.parses)


def _match_from(draft: Draft, first: Token, words: tuple[_Word, ...]) -> Token | None:
    """The last token of ``words`` matched from ``first`` on, or ``None``."""
    if not _word_matches(first, words[0]):
        return None
    tokens = draft.tokens
    j = first.i
    for word in words[1:]:
        j += 1
        while j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text in _SKIPPABLE:
            j += 1
        if j >= len(tokens):
            return None
        tok = tokens[j]
        if tok.kind != "word" or tok.sent != first.sent or not _word_matches(tok, word):
            return None
    return tokens[j]


def _stands_alone(draft: Draft, first: Token, last: Token) -> bool:
    """Nothing but punctuation (or the text edge) directly before and after the phrase."""
    before = draft.prev(first)
    after = draft.next(last)
    ok_before = before is None or before.kind != "word" or before.sent != first.sent
    ok_after = after is None or after.kind in ("punct", "emoji") or after.sent != last.sent
    return ok_before and ok_after
