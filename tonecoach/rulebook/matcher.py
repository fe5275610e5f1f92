"""Generic data-driven engines the checks share: phrase matching by lemma or by form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token, fold, normalize_word
from tonecoach.analysis.tokenize import tokenize
from tonecoach.rulebook.schema import PhraseEntry

_SKIPPABLE = frozenset(",—–-")
GAP = "…"  # in a phrase: up to GAP_WORDS words of any kind
GAP_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Word:
    form: str
    lemma: str | None  # None: match the spelling only
    exact: str | None = None  # match this spelling case-sensitively (first letter may be upper)


_Candidate = tuple[tuple[_Word, ...], PhraseEntry, str]


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
        self._by_norm: BoundedCache[str, tuple[_Candidate, ...]] = BoundedCache()  # form → phrases
        self._keys: set[str] = set()

    def add(self, key: str, entries: Sequence[PhraseEntry]) -> None:
        """Register ``entries`` under ``key`` (a rule code, or «family:name» for a lexicon)."""
        self._keys.add(key)
        for entry in entries:
            words = tuple(
                _Word(GAP, None) if w == GAP else
                _Word(fold(normalize_word(w)),
                      None if entry.match != "lemma" else fold(morph.lemma(w)),
                      w if entry.match == "exact" else None)
                for w in _phrase_words(entry.phrase)
            )
            if words[0].form == GAP or words[-1].form == GAP:
                raise ValueError(f"phrase {entry.phrase!r}: a gap (…) must stand between words")
            first = words[0]
            for index_key in {first.form, first.lemma} - {None}:
                assert index_key is not None
                self._by_first.setdefault(index_key, []).append((words, entry, key))
        self._by_norm.clear()

    def has(self, key: str) -> bool:
        """Whether phrases were registered under ``key``."""
        return key in self._keys

    def find_by_key(self, draft: Draft) -> dict[str, list[PhraseMatch]]:
        """Every match outside quotes, grouped by key (one pass for all rule families)."""
        grouped: dict[str, list[PhraseMatch]] = {}
        for m in self.finditer(draft):
            grouped.setdefault(m.key, []).append(m)
        return grouped

    def finditer(self, draft: Draft, *, skip_quoted: bool = True) -> Iterator[PhraseMatch]:
        """Every match in text order. Of the matches of one key, one that lies inside
        another (or repeats its span) is left out: «вы сами виноваты», not «сами виноваты».
        """
        found: list[PhraseMatch] = []
        for tok in draft.tokens:
            if tok.kind != "word" or (skip_quoted and tok.quoted):
                continue
            candidates = self._by_norm.get(tok.norm)
            if candidates is None:
                candidates = self._candidates(tok)
            if not candidates:
                continue
            # most candidates fail on their second word: test it before anything else
            nxt = _advance(draft.tokens, tok.i, 1, tok.sent)
            next_keys = _word_keys(draft.tokens[nxt]) if nxt is not None else None
            for words, entry, key in candidates:
                if len(words) > 1 and words[1].form != GAP and words[1].exact is None:
                    second = words[1]
                    if next_keys is None or not (next_keys[0] == second.form or (
                            second.lemma is not None and second.lemma in next_keys[1])):
                        continue
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
        return self._by_norm.put(tok.norm, tuple(found))


def _phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as the analyzer splits them («из-за» → «из», «за»), with gaps."""
    words: list[str] = []
    for chunk in phrase.split():
        if chunk == GAP:
            words.append(GAP)
        else:
            words.extend(chunk[s:e] for s, e, kind in tokenize(chunk) if kind == "word")
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    return words


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


_WORD_KEYS: BoundedCache[str, tuple[str, frozenset[str]]] = BoundedCache()  # (form, lemmas)


def _word_keys(tok: Token) -> tuple[str, frozenset[str]]:
    """A word's spelling and all its lemmas, ё written as е (cached per spelling)."""
    keys = _WORD_KEYS.get(tok.norm)
    if keys is None:
        keys = _WORD_KEYS.put(
            tok.norm, (fold(tok.norm), frozenset(fold(str(p.normal_form)) for p in tok.parses)))
    return keys


def _keys(tok: Token) -> set[str]:
    form, lemmas = _word_keys(tok)
    return {form, *lemmas}


def _word_matches(tok: Token, word: _Word) -> bool:
    if word.exact is not None:
        return tok.text in (word.exact, word.exact[:1].upper() + word.exact[1:])
    form, lemmas = _word_keys(tok)
    return form == word.form or (word.lemma is not None and word.lemma in lemmas)


def _match_from(draft: Draft, first: Token, words: tuple[_Word, ...]) -> Token | None:
    """The last token of ``words`` matched from ``first`` on, or ``None``.

    Commas and dashes between words are stepped over; a gap word (``…``) matches up to
    ``GAP_WORDS`` words of the same sentence.
    """
    if not _word_matches(first, words[0]):
        return None
    if not any(w.form == GAP for w in words):
        tokens = draft.tokens
        j: int | None = first.i
        for word in words[1:]:
            j = _advance(tokens, j, 1, first.sent)  # type: ignore[arg-type]
            if j is None or not _word_matches(tokens[j], word):
                return None
        return tokens[j]  # type: ignore[index]
    return _match_rest(draft, first, first.i, words, 1)


def _match_rest(draft: Draft, first: Token, j: int, words: tuple[_Word, ...],
                w: int) -> Token | None:
    tokens = draft.tokens
    if w == len(words):
        return tokens[j]
    word = words[w]
    if word.form == GAP:
        after = words[w + 1]  # a gap always has a word after it
        for skip in range(GAP_WORDS + 1):
            end = _advance(tokens, j, skip, first.sent)
            if end is None:
                return None
            nxt = _advance(tokens, end, 1, first.sent)
            if nxt is None:
                return None
            if _word_matches(tokens[nxt], after):
                found = _match_rest(draft, first, nxt, words, w + 2)
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
