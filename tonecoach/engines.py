"""Generic data-driven engines the checks share: phrase matching by lemma or by form."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tonecoach.analysis import morph
from tonecoach.analysis.draft import Draft, Token, normalize_word
from tonecoach.ruledata import PhraseEntry

_SKIPPABLE = frozenset(",—–-")
GAP = "…"  # in a phrase: up to GAP_WORDS words of any kind
GAP_WORDS = 3


def _e(word: str) -> str:
    return word.replace("ё", "е")


@dataclass(frozen=True, slots=True)
class _Word:
    form: str
    lemma: str | None  # None: match the spelling only
    exact: str | None = None  # match this spelling case-sensitively (first letter may be upper)


_Candidate = tuple[tuple[_Word, ...], PhraseEntry, str]
_CACHE_SIZE = 20_000


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
        self._by_first: dict[str, list[_Candidate]] = {}
        self._by_norm: dict[str, tuple[_Candidate, ...]] = {}  # cache: word form → candidates

    def add(self, key: str, entries: Sequence[PhraseEntry]) -> None:
        """Register ``entries`` under ``key`` (usually the rule code)."""
        for entry in entries:
            words = tuple(
                _Word(GAP, None) if w == GAP else
                _Word(_e(normalize_word(w)),
                      None if entry.match != "lemma" else _e(morph.lemma(w)),
                      w if entry.match == "exact" else None)
                for w in entry.phrase.split()
            )
            if words[0].form == GAP or words[-1].form == GAP:
                raise ValueError(f"phrase {entry.phrase!r}: a gap (…) must stand between words")
            first = words[0]
            for index_key in {first.form, first.lemma} - {None}:
                assert index_key is not None
                self._by_first.setdefault(index_key, []).append((words, entry, key))
        self._by_norm.clear()

    def __len__(self) -> int:
        return len(self._by_first)

    def can_start(self, tok: Token) -> bool:
        """Whether some phrase may start at this word (by its form or lemmas)."""
        candidates = self._by_norm.get(tok.norm)
        if candidates is None:
            candidates = self._candidates(tok)
        return bool(candidates)

    def finditer(
        self, draft: Draft, *, skip_quoted: bool = True, starts: Iterable[Token] | None = None
    ) -> Iterator[PhraseMatch]:
        """Every match in text order. Of the matches of one key, one that lies inside
        another (or repeats its span) is left out: «вы сами виноваты», not «сами виноваты».

        ``starts`` limits the tokens a match may start at (default: every word).
        """
        found: list[PhraseMatch] = []
        for tok in draft.tokens if starts is None else starts:
            if tok.kind != "word" or (skip_quoted and tok.quoted):
                continue
            candidates = self._by_norm.get(tok.norm)
            if candidates is None:
                candidates = self._candidates(tok)
            for words, entry, key in candidates:
                last = _match_from(draft, tok, words)
                if last is None or _in_compound(draft, tok, last):
                    continue
                if not entry.alone or _stands_alone(draft, tok, last):
                    found.append(PhraseMatch(tok, last, entry, key))
        yield from _outermost(found)

    def _candidates(self, tok: Token) -> tuple[_Candidate, ...]:
        """Phrases that may start at a word form (its spelling or any of its lemmas)."""
        found: list[_Candidate] = []
        for k in _keys(tok):
            for cand in self._by_first.get(k, ()):
                if not any(cand is f for f in found):
                    found.append(cand)
        if len(self._by_norm) >= _CACHE_SIZE:
            self._by_norm.clear()
        self._by_norm[tok.norm] = result = tuple(found)
        return result


def _outermost(matches: list[PhraseMatch]) -> list[PhraseMatch]:
    """Drop each match lying within another match of the same key (the first entry wins
    a tie), keeping text order."""
    if len(matches) < 2:
        return matches
    ordered = sorted(matches, key=lambda m: (m.start, -m.end))
    kept: list[PhraseMatch] = []
    reach: dict[str, int] = {}  # per key: the end of the widest match kept so far
    for m in ordered:
        if reach.get(m.key, -1) >= m.end:
            continue
        kept.append(m)
        reach[m.key] = max(reach.get(m.key, -1), m.end)
    return kept


def _keys(tok: Token) -> set[str]:
    keys = {_e(tok.norm)}
    keys.update(_e(str(p.normal_form)) for p in tok.parses)
    return keys


def _word_matches(tok: Token, word: _Word) -> bool:
    if word.exact is not None:
        return tok.text in (word.exact, word.exact[:1].upper() + word.exact[1:])
    if _e(tok.norm) == word.form:
        return True
    if word.lemma is None:
        return False
    return any(_e(str(p.normal_form)) == word.lemma for p in tok.parses)


def _match_from(draft: Draft, first: Token, words: tuple[_Word, ...]) -> Token | None:
    """The last token of ``words`` matched from ``first`` on, or ``None``.

    Commas and dashes between words are stepped over; a gap word (``…``) matches up to
    ``GAP_WORDS`` words of the same sentence.
    """
    if not _word_matches(first, words[0]):
        return None
    return _match_rest(draft, first, first.i, words, 1)


def _match_rest(draft: Draft, first: Token, j: int, words: tuple[_Word, ...],
                w: int) -> Token | None:
    tokens = draft.tokens
    if w == len(words):
        return tokens[j]
    word = words[w]
    if word.form == GAP:
        for skip in range(GAP_WORDS + 1):
            end = _advance(tokens, j, skip, first.sent)
            if end is None:
                return None
            found = _match_rest(draft, first, end, words, w + 1)
            if found is not None:
                return found
        return None
    nxt = _advance(tokens, j, 1, first.sent)
    if nxt is None or not _word_matches(tokens[nxt], word):
        return None
    return _match_rest(draft, first, nxt, words, w + 1)


def _advance(tokens: list[Token], j: int, count: int, sent: int) -> int | None:
    """The index ``count`` words after ``j`` in the same sentence (skippable punctuation
    stepped over), or ``None``."""
    for _ in range(count):
        j += 1
        while j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text in _SKIPPABLE:
            j += 1
        if j >= len(tokens) or tokens[j].kind != "word" or tokens[j].sent != sent:
            return None
    return j


def _in_compound(draft: Draft, first: Token, last: Token) -> bool:
    """The phrase is glued by a hyphen to a neighbouring word: «ок-код», «тв-приставка»."""
    tokens = draft.tokens
    before = tokens[first.i - 1] if first.i > 0 else None
    if before is not None and before.text in "-‐" and before.end == first.start and \
            first.i > 1 and tokens[first.i - 2].kind == "word" \
            and tokens[first.i - 2].end == before.start:
        return True
    after = tokens[last.i + 1] if last.i + 1 < len(tokens) else None
    return (after is not None and after.text in "-‐" and after.start == last.end
            and last.i + 2 < len(tokens) and tokens[last.i + 2].kind == "word"
            and tokens[last.i + 2].start == after.end)


def _stands_alone(draft: Draft, first: Token, last: Token) -> bool:
    """Nothing but punctuation (or the text edge) directly before and after the phrase."""
    before = draft.prev(first)
    after = draft.next(last)
    ok_before = before is None or before.kind != "word" or before.sent != first.sent
    ok_after = after is None or after.kind in ("punct", "emoji") or after.sent != last.sent
    return ok_before and ok_after
