"""Tokenization: spaCy's Russian tokenizer, refined into typed spans of the original text.

spaCy's ``blank("ru")`` tokenizer gives the base split. On top of it we
- merge emoji grapheme clusters (ZWJ sequences, skin tones, flags, VS16) into one token;
- split tokens that glue words to markup («ты</b») into words and punctuation;
- give every token a kind: word, number, punct, space, url, email, handle, emoji.

spaCy's vocabulary keeps every new string it sees; the tokenizer is rebuilt once it holds
``MAX_VOCAB_STRINGS`` strings, so a long-running process does not grow without bound.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

import regex

Kind = Literal["word", "number", "punct", "space", "url", "email", "handle", "emoji"]

MAX_VOCAB_STRINGS = 60_000

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_WORD = regex.compile(
    rf"[\p{{L}}\p{{M}}\d{INVISIBLE}]+(?:[-‐'’][\p{{L}}\p{{M}}\d{INVISIBLE}]+)*"
)
_ABBR = regex.compile(r"(?:\p{L}{1,4}\.)+\p{L}{0,4}")
_NUMBER = regex.compile(r"[+\-]?\d[\d.,:/\-]*%?")
_PIECES = regex.compile(
    rf"\p{{L}}[\p{{L}}\p{{M}}{INVISIBLE}]*(?:[-‐][\p{{L}}\p{{M}}]+)*|\d[\d.,:]*|\X", regex.V1
)
_HANDLE = regex.compile(r"@[\w.]*\w")
_EMOTICON = regex.compile(r"[:;=8][\-o^']?[)(DPpрР\]\[*3|/\\]+|<3|\){2,}|\({2,}")
_EMOJI_CLUSTER = regex.compile(r"(?=[\p{Extended_Pictographic}\p{Regional_Indicator}])\X")
_HAS_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
_PUNCT_ONLY = regex.compile(r"[\p{P}\p{S}]+")


@dataclass(frozen=True, slots=True)
class Span:
    """A typed piece of the original text: ``text[start:end]``."""

    start: int
    end: int
    kind: Kind


class _Tokenizer:
    """spaCy's tokenizer, created lazily and renewed when its vocabulary gets too big."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._nlp: Any = None

    def _fresh(self) -> Any:
        import spacy

        return spacy.blank("ru")

    def __call__(self, text: str) -> Any:
        nlp = self._nlp
        if nlp is None or len(nlp.vocab.strings) > MAX_VOCAB_STRINGS:
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
    """Split ``text`` into typed spans with offsets into ``text`` itself."""
    doc = TOKENIZER(text)
    spans: list[Span] = []
    for tok in doc:
        start = tok.idx
        end = start + len(tok.text)
        if tok.is_space:
            spans.append(Span(start, end, "space"))
        elif tok.like_email:
            spans.append(Span(start, end, "email"))
        elif tok.like_url and "/" in tok.text or tok.like_url and _looks_like_domain(tok.text):
            spans.append(Span(start, end, "url"))
        else:
            _classify(text, start, end, spans)
    if _HAS_EMOJI.search(text):
        spans = _merge_emoji(text, spans)
    return spans


def _looks_like_domain(token: str) -> bool:
    head, _, tail = token.rpartition(".")
    return bool(head) and tail.isascii() and tail.isalpha() and len(tail) >= 2


def _classify(text: str, start: int, end: int, out: list[Span]) -> None:
    """Give a non-space spaCy token its kind, splitting it when it mixes words and symbols."""
    piece = text[start:end]
    if _WORD.fullmatch(piece) or _ABBR.fullmatch(piece):
        has_letter = any(ch.isalpha() for ch in piece)
        out.append(Span(start, end, "word" if has_letter else "number"))
    elif _NUMBER.fullmatch(piece):
        out.append(Span(start, end, "number"))
    elif _HANDLE.fullmatch(piece):
        out.append(Span(start, end, "handle"))
    elif _EMOTICON.fullmatch(piece):
        out.append(Span(start, end, "emoji"))
    elif _PUNCT_ONLY.fullmatch(piece) and not _HAS_EMOJI.search(piece):
        for i, _ch in enumerate(piece):
            out.append(Span(start + i, start + i + 1, "punct"))
    else:
        for m in _PIECES.finditer(piece):
            sub = m.group()
            s, e = start + m.start(), start + m.end()
            if sub[0].isalpha():
                out.append(Span(s, e, "word"))
            elif sub[0].isdigit():
                out.append(Span(s, e, "number"))
            elif sub.isspace():
                out.append(Span(s, e, "space"))
            else:
                out.append(Span(s, e, "punct"))


def _merge_emoji(text: str, spans: list[Span]) -> list[Span]:
    """Cut spans at emoji grapheme clusters; each cluster becomes one ``emoji`` span."""
    clusters = [(m.start(), m.end()) for m in _EMOJI_CLUSTER.finditer(text)]
    if not clusters:
        return spans
    merged: list[Span] = []
    ci = 0
    for span in spans:
        while ci < len(clusters) and clusters[ci][1] <= span.start:
            ci += 1
        pos, k = span.start, ci
        while k < len(clusters) and clusters[k][0] < span.end:
            c_start, c_end = clusters[k]
            if pos < c_start:
                merged.append(Span(pos, c_start, span.kind))
            if not merged or merged[-1].end <= c_start:
                merged.append(Span(c_start, c_end, "emoji"))
            pos = max(pos, c_end)
            k += 1
        if pos < span.end:
            merged.append(Span(pos, span.end, span.kind))
    return merged
