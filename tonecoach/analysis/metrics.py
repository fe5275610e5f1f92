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


def sentence_words(draft: Draft, index: int) -> int:
    """Words and numbers in sentence ``index``."""
    sent = draft.sentences[index]
    return sum(1 for t in draft.tokens[sent.first:sent.last + 1]
               if t.kind in ("word", "number") and not t.markup)


def measure(draft: Draft) -> Metrics:
    """Words, sentences, mean sentence length, syllables per word and readability."""
    words = 0
    syl = 0
    for tok in draft.tokens:
        if tok.markup:
            continue
        if tok.kind == "word":
            words += 1
            syl += syllables(tok.norm)
        elif tok.kind == "number":
            words += 1
            syl += 1
    sentences = sum(1 for s in draft.sentences if s.words)
    if not words or not sentences:
        return Metrics()
    asl = words / sentences
    asw = syl / words
    return Metrics(
        words=words,
        sentences=sentences,
        mean_sentence_length=round(asl, 2),
        syllables_per_word=round(asw, 2),
        readability=round(206.835 - 1.3 * asl - 60.1 * asw, 1),
    )
