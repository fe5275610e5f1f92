"""Tokenization: spaCy's Russian tokenizer, refined into typed spans of the original text.

spaCy's ``blank("ru")`` tokenizer gives the base split of each whitespace-free chunk (memoized
per chunk, bounded). On top of it we
- merge emoji grapheme clusters (ZWJ sequences, skin tones, flags, VS16) into one token;
- split tokens that glue words to markup («ты</b») into words and punctuation;
- give every token a kind: word, number, punct, space, url, email, handle, emoji;
- keep a web address one ``url`` token wherever it stands: glued to a word or a colon
  («здесь:https://…»), in brackets or quotes, or longer than spaCy is asked to split.

The analyzer adds two kinds of its own (see :mod:`tonecoach.analysis.markup`): ``code`` (inline
code) and ``history`` (quoted e-mail history, kept apart from the tokens).

spaCy's vocabulary keeps every new string it sees; the tokenizer is rebuilt once it holds
``MAX_VOCAB_STRINGS`` strings, so a long-running process does not grow without bound.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from typing import Any, Literal

import regex

from tonecoach.analysis.caching import BoundedCache

Kind = Literal["word", "number", "punct", "space", "url", "email", "handle", "emoji", "code",
               "history"]

MAX_VOCAB_STRINGS = 30_000
LONG_CHUNK = 200

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_WORD = regex.compile(
    rf"[\p{{L}}\p{{M}}\d{INVISIBLE}]+(?:[-‐'’][\p{{L}}\p{{M}}\d{INVISIBLE}]+)*"
)
_ABBR = regex.compile(r"(?:\p{L}{1,4}\.)+\p{L}{0,4}")
_NUMBER = regex.compile(r"[+\-]?\d[\d.,:/\-]*%?")
_PIECES = regex.compile(
    rf"\p{{L}}[\p{{L}}\p{{M}}{INVISIBLE}]*(?:[-‐][\p{{L}}\p{{M}}]+)*|\d[\d.,:]*|\X", regex.V1
)
_CHUNK = re.compile(r"\S+")
# a web address: a scheme or «www.», then anything but spaces, quotes and what HTML or Markdown
# put around it («href="…">», «<…>», «[…]»)
_URL_IN = regex.compile(
    r"(?<![\w@\-])(?:(?:https?|ftp)://|www\.)[\w\-][^\s\"'<>`«»“”„{}|\\^\[\]]*", regex.I)
_URL_TAIL = ".,;:!?…»\"'”’)]}>*_"  # trailing marks that end a sentence, not the address
_HANDLE = regex.compile(r"@[\w.]*\w")
_EMOTICON = regex.compile(r"[:;=8][\-o^']?[)(DPpрР\]\[*3|/\\]+|<3|\){2,}|\({2,}")
_EMOJI_CLUSTER = regex.compile(
    r"(?=[\p{Extended_Pictographic}\p{Regional_Indicator}])\X|[0-9#*]\uFE0F?\u20E3"
)
_HAS_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
_PUNCT_ONLY = regex.compile(r"[\p{P}\p{S}]+")
_EXTENDERS = regex.compile(r"[\p{M}\u200d\uFE0F\u20E3\p{Grapheme_Extend}]")
_NEEDS_FIXUPS = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3\p{M}\u200d\uFE0F\p{Grapheme_Extend}]"
)


Span = tuple[int, int, Kind]  # (start, end, kind): a typed piece of the original text
_IDX_LENGTH = ["IDX", "LENGTH"]
_Pieces = tuple[tuple[int, int, Kind], ...]  # (start, end, kind) relative to a spaCy token
CHUNK_CACHE_SIZE = 20_000
_CHUNK_CACHE: BoundedCache[str, _Pieces] = BoundedCache(CHUNK_CACHE_SIZE)


class _Tokenizer:
    """spaCy's tokenizer, created lazily and renewed when its vocabulary gets too big."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._nlp: Any = None

    def _fresh(self) -> Any:
        import spacy

        return spacy.blank("ru")

    def __call__(self, text: str) -> Any:
        """spaCy's ``Doc`` for ``text``. Calls are serialised: spaCy's tokenizer cache is not
        meant for concurrent writers, and chunk memoization makes calls rare."""
        with self._lock:
            nlp = self._nlp
            if nlp is None or len(nlp.vocab.strings) > MAX_VOCAB_STRINGS:
                nlp = self._nlp = self._fresh()
            return nlp.tokenizer(text)

    def vocab_size(self) -> int:
        """Strings held by the current vocabulary (0 before first use)."""
        return 0 if self._nlp is None else len(self._nlp.vocab.strings)


TOKENIZER = _Tokenizer()


def tokenize(text: str) -> list[Span]:
    """Split ``text`` into typed spans with offsets into ``text`` itself.

    spaCy's tokenizer splits on whitespace first and tokenizes each chunk on its own, so we
    do the same: each whitespace-free chunk goes through spaCy once and its pieces are
    memoized (bounded), as spaCy's own cache does. Chunks of ``LONG_CHUNK`` characters or
    more skip spaCy, whose affix splitting is quadratic in the chunk length (4,000 «!» take
    1.5 s), and are split by our own linear rules.
    """
    spans: list[Span] = []
    append = spans.append
    cache = _CHUNK_CACHE
    pos = 0
    for m in _CHUNK.finditer(text):
        start, end = m.span()
        if start > pos:
            append((pos, start, "space"))
        chunk = m.group()
        pieces = cache.get(chunk)
        if pieces is None:
            pieces = cache.put(chunk, _chunk_pieces(chunk))
        for rel_start, rel_end, kind in pieces:
            append((start + rel_start, start + rel_end, kind))
        pos = end
    if pos < len(text):
        append((pos, len(text), "space"))
    if _HAS_EMOJI.search(text):
        spans = _merge_emoji(text, spans)
    if _EXTENDERS.search(text):
        spans = _snap_to_graphemes(text, spans)
    return spans


# Letters, digits and punctuation that are never emoji or combining marks (Latin, Cyrillic,
# general punctuation, currency): a text of these alone needs no emoji or grapheme fix-ups.
_SAFE = re.compile("[^\x00-\u02ff\u0400-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20bf"
                   "\u2116\u2122]")


def plain(text: str) -> bool:
    """No emoji and no combining marks: the spans of each chunk are final. A quick test of
    the usual characters first; the Unicode-property test only for a text with others."""
    return _SAFE.search(text) is None or _NEEDS_FIXUPS.search(text) is None


def chunk_pieces(chunk: str) -> _Pieces:
    """The typed pieces of one whitespace-free chunk, offsets relative to it (memoized)."""
    pieces = _CHUNK_CACHE.get(chunk)
    if pieces is None:
        pieces = _CHUNK_CACHE.put(chunk, _chunk_pieces(chunk))
    return pieces


def _snap_to_graphemes(text: str, spans: list[Span]) -> list[Span]:
    """Widen spans to whole grapheme clusters (a ZWJ or a combining mark after «)» belongs to
    it); a span swallowed by its neighbour merges into it."""
    bounds = [m.end() for m in regex.finditer(r"\X", text)]
    bound_set = {0, *bounds}
    out: list[Span] = []
    for start, end, kind in spans:
        while start not in bound_set:
            start -= 1
        if end not in bound_set:
            end = bounds[bisect_left(bounds, end)]
        if out and start < out[-1][1]:
            prev_start, prev_end, prev_kind = out[-1]
            out[-1] = (prev_start, max(prev_end, end), prev_kind)
            continue
        out.append((start, end, kind))
    return out


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _chunk_pieces(chunk: str) -> _Pieces:
    """Typed pieces of one whitespace-free chunk, offsets relative to it. Long chunks and
    chunks with a lone surrogate (spaCy cannot encode them) are split by our own rules."""
    if ("://" in chunk or "ww." in chunk) and (url := _find_url(chunk)) is not None:
        start, end = url
        around: list[Span] = [*_chunk_pieces(chunk[:start])] if start else []
        around.append((start, end, "url"))
        if end < len(chunk):
            around.extend((end + s, end + e, k) for s, e, k in _chunk_pieces(chunk[end:]))
        return tuple(around)
    if len(chunk) >= LONG_CHUNK or _SURROGATE.search(chunk):
        out: list[Span] = []
        _classify(chunk, 0, len(chunk), out)
        return tuple(out)
    doc = TOKENIZER(chunk)
    pieces: list[Span] = []
    for idx, length in doc.to_array(_IDX_LENGTH).tolist():
        for rel_start, rel_end, kind in _pieces_of(chunk[idx:idx + length]):
            pieces.append((idx + rel_start, idx + rel_end, kind))
    return tuple(pieces)


def _find_url(chunk: str) -> tuple[int, int] | None:
    """The first web address in a whitespace-free chunk, less the marks after it that close a
    sentence or a bracket around it."""
    m = _URL_IN.search(chunk)
    if m is None:
        return None
    start, end = m.span()
    unclosed = chunk.count("(", start, end) - chunk.count(")", start, end)
    while end > start and chunk[end - 1] in _URL_TAIL:
        if chunk[end - 1] == ")":
            if unclosed >= 0:
                break  # «https://ru.wikipedia.org/wiki/Мир_(значения)»: its own bracket
            unclosed += 1
        end -= 1
    return (start, end) if end > start else None


def _pieces_of(piece: str) -> _Pieces:
    """Typed pieces of one spaCy token's text, offsets relative to it."""
    from spacy.lang.lex_attrs import like_email, like_url

    if piece.isspace():
        return ((0, len(piece), "space"),)
    if like_email(piece):
        return ((0, len(piece), "email"),)
    if like_url(piece) and ("/" in piece or _looks_like_domain(piece)):
        return ((0, len(piece), "url"),)
    out: list[Span] = []
    _classify(piece, 0, len(piece), out)
    return tuple(out)


def _looks_like_domain(token: str) -> bool:
    head, _, tail = token.rpartition(".")
    return bool(head) and tail.isascii() and tail.isalpha() and len(tail) >= 2


def _classify(text: str, start: int, end: int, out: list[Span]) -> None:
    """Give a non-space piece of text its kind, splitting it when it mixes words and symbols."""
    piece = text[start:end]
    if _WORD.fullmatch(piece) or _ABBR.fullmatch(piece):
        core = piece.strip(INVISIBLE)
        if not core:
            return
        start += piece.index(core)
        end = start + len(core)
        has_letter = any(ch.isalpha() for ch in core)
        out.append((start, end, "word" if has_letter else "number"))
    elif _NUMBER.fullmatch(piece):
        out.append((start, end, "number"))
    elif _HANDLE.fullmatch(piece):
        out.append((start, end, "handle"))
    elif _EMOTICON.fullmatch(piece):
        out.append((start, end, "emoji"))
    elif _PUNCT_ONLY.fullmatch(piece) and not _HAS_EMOJI.search(piece):
        for i, _ch in enumerate(piece):
            out.append((start + i, start + i + 1, "punct"))
    else:
        for m in _PIECES.finditer(piece):
            sub = m.group()
            s, e = start + m.start(), start + m.end()
            if sub[0].isalpha():
                out.append((s, e, "word"))
            elif sub[0].isdigit():
                out.append((s, e, "number"))
            elif sub.isspace():
                out.append((s, e, "space"))
            else:
                out.append((s, e, "punct"))


def _merge_emoji(text: str, spans: list[Span]) -> list[Span]:
    """Cut spans at emoji grapheme clusters; each cluster becomes one ``emoji`` span."""
    clusters = [(m.start(), m.end()) for m in _EMOJI_CLUSTER.finditer(text)]
    if not clusters:
        return spans
    merged: list[Span] = []
    ci = 0
    for start, end, kind in spans:
        while ci < len(clusters) and clusters[ci][1] <= start:
            ci += 1
        pos, k = start, ci
        while k < len(clusters) and clusters[k][0] < end:
            c_start, c_end = clusters[k]
            if pos < c_start:
                merged.append((pos, c_start, kind))
            if not merged or merged[-1][1] <= c_start:
                merged.append((c_start, c_end, "emoji"))
            pos = max(pos, c_end)
            k += 1
        if pos < end:
            merged.append((pos, end, kind))
    return merged
