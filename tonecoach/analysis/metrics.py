"""Size and readability of a draft (Flesch reading ease with Oborneva's Russian coefficients)."""

from __future__ import annotations

from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft
from tonecoach.models import Metrics

VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SYLLABLES: BoundedCache[str, int] = BoundedCache(50_000)


def syllables(word: str) -> int:
    """Vowels in a Russian word: one syllable each («в» has none)."""
    n = _SYLLABLES.get(word)
    if n is None:
        n = _SYLLABLES.put(word, sum(1 for ch in word if ch in VOWELS))
    return n


class Counts:
    """Words (and numbers) per sentence and syllables in all. Markup is not counted; quoted
    words are."""

    __slots__ = ("per_sentence", "syllables", "words")

    def __init__(self, per_sentence: list[int], words: int, syllables: int) -> None:
        self.per_sentence = per_sentence
        self.words = words
        self.syllables = syllables

    @classmethod
    def of(cls, draft: Draft) -> Counts:
        """Count in one pass (the coach counts during its own scan of the words instead)."""
        per_sentence = [0] * len(draft.sentences)
        words = syl = 0
        get = _SYLLABLES.get
        for tok in draft.tokens:
            kind = tok.kind
            if kind == "word":
                if tok.markup:
                    continue
                n = get(tok.norm)
                syl += syllables(tok.norm) if n is None else n
            elif kind == "number":
                if tok.markup:
                    continue
                syl += 1
            else:
                continue
            words += 1
            per_sentence[tok.sent] += 1
        return cls(per_sentence, words, syl)


def counts(draft: Draft) -> Counts:
    """The draft's word counts (made once, kept on the draft)."""
    found = draft.counts
    if found is None:
        found = draft.counts = Counts.of(draft)
    return found  # type: ignore[no-any-return]


def measure(draft: Draft) -> Metrics:
    """Words, sentences, mean sentence length, syllables per word and readability."""
    c = counts(draft)
    words = c.words
    sentences = sum(1 for s in draft.sentences if s.words)
    if not words or not sentences:
        return Metrics()
    asl = words / sentences
    asw = c.syllables / words
    return Metrics(
        words=words,
        sentences=sentences,
        mean_sentence_length=round(asl, 2),
        syllables_per_word=round(asw, 2),
        readability=round(206.835 - 1.3 * asl - 60.1 * asw, 1),
    )
