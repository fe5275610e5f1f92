"""The analyzed draft every rule reads: tokens with morphology, sentences and quoted spans.

What is not the operator's prose (:mod:`tonecoach.analysis.markup`: Markdown link syntax,
code, quoted e-mail history) is never split into words: a link is its text plus one ``url``
token, inline code one ``code`` token flagged ``markup``, and a fenced code block or the quoted
history no token at all — only a stand-in in ``Draft.hidden``, so that an offset inside it is
still known as markup."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.markup import TAG, Region, find_regions
from tonecoach.analysis.tokenize import INVISIBLE, Kind, Span, chunk_pieces, plain, tokenize

# Latin letters that look like Cyrillic ones; applied only inside words that mix both scripts.
_LOOKALIKES = str.maketrans("aeopcxyAEOPCXKMTBHky", "аеорсхуАЕОРСХКМТВНку")
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("»\"”)")
MAX_WORD = 40  # longer "words" (hashes, garbage) get no morphology
_OPEN_CLOSE = {"«": "»", "„": "“”", "“": "”"}


@lru_cache(maxsize=morph.PARSE_CACHE_SIZE)
def word_info(text: str) -> tuple[str, tuple[Any, ...]]:
    """Normalised form and pymorphy3 parses of a word as written (cached)."""
    norm = normalize_word(text)
    return norm, (morph.parse(norm) if len(norm) <= MAX_WORD else ())


def fold(word: str) -> str:
    """A word for comparison: lower case, «ё» as «е» (people often write «твоем» for «твоём»)."""
    return word.lower().replace("ё", "е")


def normalize_word(word: str) -> str:
    """Lower-case a word form for lookup: invisible characters dropped, NBSP kept out,
    Latin look-alike letters mapped to Cyrillic when the word is mixed-script."""
    word = word.translate(_DROP_INVISIBLE)
    has_cyr = any("а" <= ch <= "я" or ch in "ёЁ" or "А" <= ch <= "Я" for ch in word)
    if has_cyr and any("a" <= ch.lower() <= "z" for ch in word):
        word = word.translate(_LOOKALIKES)
    return word.lower()


class Token:
    """One token of the draft. ``start``/``end`` index the caller's original string."""

    parses: tuple[Any, ...]

    __slots__ = ("end", "i", "kind", "markup", "norm", "parses", "quoted", "sent", "start",
                 "text")

    def __init__(self, i: int, text: str, start: int, end: int, kind: Kind,
                 sent: int = 0, info: tuple[str, tuple[Any, ...]] | None = None) -> None:
        self.i = i
        self.text = text
        self.start = start
        self.end = end
        self.kind: Kind = kind
        if info is not None:
            self.norm, self.parses = info
        elif kind == "word":
            self.norm, self.parses = word_info(text)
        else:
            self.norm, self.parses = text, ()
        self.quoted = False  # inside quotes or markup: not the operator's own words
        self.markup = False  # inside an HTML tag, or code: not read at all, not counted
        self.sent = sent

    @property
    def lemma(self) -> str:
        """Most likely normal form (the lower-case text for non-words)."""
        return str(self.parses[0].normal_form) if self.parses else self.norm.lower()

    @property
    def tag(self) -> Any:
        """pymorphy3 tag of the most likely parse, or ``None`` for non-words."""
        return self.parses[0].tag if self.parses else None

    @property
    def is_title(self) -> bool:
        """Starts with a capital letter."""
        return bool(self.text) and self.text[0].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.kind})"


@dataclass(slots=True)
class Sentence:
    """A sentence: tokens ``first..last`` (inclusive) of the draft; ``words`` are word tokens."""

    index: int
    first: int
    last: int
    words: list[Token] = field(default_factory=list)


@dataclass
class Draft:
    """The analyzed text: what the rules read. Built once per check by :func:`analyze`.

    ``hidden`` holds one stand-in token (``i == -1``, flagged ``markup``) per fenced code
    block (kind ``code``) and per stretch of quoted e-mail history (kind ``history``): text
    that has no tokens, so no rule reads it, but that :meth:`token_at` still knows as markup.
    """

    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    quotes: list[tuple[int, int]]
    hidden: list[Token] = field(default_factory=list)
    others: list[Token] = field(default_factory=list)  # tokens neither words nor numbers
    numbers: list[Token] = field(default_factory=list)
    counts: Any = None  # words and syllables, computed once by analysis.metrics

    def sentence_start(self, token: Token) -> bool:
        """Whether ``token`` is the first word of its sentence (opening punctuation aside)."""
        sent = self.sentences[token.sent]
        return bool(sent.words) and sent.words[0] is token

    def prev(self, token: Token, *, words_only: bool = False) -> Token | None:
        """The token before ``token`` (the previous word with ``words_only``)."""
        for j in range(token.i - 1, -1, -1):
            t = self.tokens[j]
            if not words_only or t.kind == "word":
                return t
        return None

    def token_at(self, offset: int) -> Token | None:
        """The token that covers ``offset`` (None in spaces between tokens); inside a code
        block or quoted history, its stand-in from ``hidden``."""
        for tokens in (self.tokens, self.hidden):
            i = bisect_right(tokens, offset, key=lambda t: t.start) - 1
            if i >= 0 and offset < tokens[i].end:
                return tokens[i]
        return None

    def next(self, token: Token, *, words_only: bool = False) -> Token | None:
        """The token after ``token`` (the next word with ``words_only``)."""
        for j in range(token.i + 1, len(self.tokens)):
            t = self.tokens[j]
            if not words_only or t.kind == "word":
                return t
        return None


def analyze(text: str) -> Draft:
    """Tokenize and parse ``text`` once; mark sentences and quoted spans.

    Sentences end at . ! ? … (before a token that can open one) and at line breaks; they
    are found in the same pass that builds the tokens. Fenced code and quoted history stand
    on lines of their own, so a sentence never runs across them.
    """
    regions = find_regions(text)
    if not regions and plain(text):
        tokens, breaks, sentences, others, numbers = _plain_tokens(text)
    else:
        spans = tokenize(text) if not regions else _spans(text, regions)
        tokens, breaks, sentences, others, numbers = _tokens(text, spans)
    quotes = _mark_quotes(tokens, others, breaks) if _may_quote(text) else []
    if "<" in text:
        _mark_markup(text, tokens)
        for sent in sentences:  # «<b>Напиши» starts its sentence with «Напиши», not «b»
            sent.words = [w for w in sent.words if not w.markup]
    draft = Draft(text=text, tokens=tokens, sentences=sentences, quotes=quotes, others=others,
                  numbers=numbers)
    if regions:
        draft.hidden = _stand_ins(text, regions)
    return draft


# what a tokenizing pass gives: tokens, the tokens after a line break, sentences, the tokens
# that are neither words nor numbers, the numbers
_Built = tuple[list[Token], set[int], list[Sentence], list[Token], list[Token]]

def _tokens(text: str, spans: list[Span]) -> _Built:
    """Tokens, line breaks before them, sentences and the tokens that are neither words nor
    numbers, from typed spans (any text)."""
    tokens: list[Token] = []
    others: list[Token] = []
    numbers: list[Token] = []
    breaks: set[int] = set()
    sentences: list[Sentence] = []
    current = Sentence(0, 0, -1)
    pending_newline = False
    ended = False  # the previous token closed a sentence
    after_emoji = False  # «Спасибо 😀 Напишите»: an emoji, then a capital, is a sentence end
    for start, end, kind in spans:
        if kind == "space":
            if "\n" in text[start:end]:
                pending_newline = True
            continue
        i = len(tokens)
        piece = text[start:end]
        if i > current.first and (pending_newline or (ended and _opens_sentence(kind, piece))
                                  or (after_emoji and kind == "word" and piece[:1].isupper())):
            current.last = i - 1
            sentences.append(current)
            current = Sentence(len(sentences), i, -1)
        tok = Token(i, piece, start, end, kind, current.index)
        tokens.append(tok)
        if pending_newline:
            breaks.add(i)
        pending_newline = False
        after_emoji = kind == "emoji"
        if kind == "word":
            current.words.append(tok)
            ended = len(piece) > 1 and piece[-1] == "."  # «т.д.» may end a sentence
        elif kind == "punct":
            others.append(tok)
            ended = piece in _SENTENCE_END or (ended and piece in _CLOSERS)
        else:
            (numbers if kind == "number" else others).append(tok)
            ended = False
            if kind == "code":
                tok.markup = tok.quoted = True
    if tokens:
        current.last = len(tokens) - 1
        sentences.append(current)
    return tokens, breaks, sentences, others, numbers


# A chunk's pieces, ready to become tokens: offsets in the chunk, kind, text, word info
# (norm and parses), where the token goes besides ``tokens`` (_WORDS, _OTHERS, _NUMBERS),
# and what it does to sentences: opens one after an end, ends one, or keeps one
# ended (a closing quote or bracket after the full stop).
_Piece = tuple[int, int, Kind, str, "tuple[str, tuple[Any, ...]]", int, bool, bool, bool]
_TEMPLATES: BoundedCache[str, tuple[_Piece, ...]] = BoundedCache()
_WORDS, _OTHERS, _NUMBERS = 0, 1, 2


def _template(chunk: str) -> tuple[_Piece, ...]:
    out: list[_Piece] = []
    for a, b, kind in chunk_pieces(chunk):
        piece = chunk[a:b]
        if kind == "word":
            info, goes = word_info(piece), _WORDS
            ends = len(piece) > 1 and piece[-1] == "."
        else:
            info, goes = (piece, ()), _NUMBERS if kind == "number" else _OTHERS
            ends = kind == "punct" and piece in _SENTENCE_END
        out.append((a, b, kind, piece, info, goes, _opens_sentence(kind, piece), ends,
                    kind == "punct" and piece in _CLOSERS))
    return _TEMPLATES.put(chunk, tuple(out))


def _plain_tokens(text: str) -> _Built:
    """As :func:`_tokens`, for a text without emoji, combining marks or markup: each chunk's
    pieces come from a memoized template, in one pass."""
    tokens: list[Token] = []
    others: list[Token] = []
    numbers: list[Token] = []
    breaks: set[int] = set()
    sentences: list[Sentence] = []
    add_token = tokens.append
    current = Sentence(0, 0, -1)
    add = (current.words.append, others.append, numbers.append)
    sent_index = 0
    n = 0
    pending_newline = False
    ended = False
    newlines = "\n" in text
    templates = _TEMPLATES
    pos = 0
    find = text.find
    new = object.__new__
    for chunk in text.split():
        start = find(chunk, pos)
        if newlines and start > pos and "\n" in text[pos:start]:
            pending_newline = True
        template = templates.get(chunk)
        if template is None:
            template = _template(chunk)
        if pending_newline and template:  # a line break ends the sentence before the chunk
            breaks.add(n)
            pending_newline = False
            if n > current.first:
                current.last = n - 1
                sentences.append(current)
                sent_index += 1
                current = Sentence(sent_index, n, -1)
                add = (current.words.append, others.append, numbers.append)
        for a, b, kind, piece, info, goes, opens, ends, closes in template:
            if ended and opens and n > current.first:
                current.last = n - 1
                sentences.append(current)
                sent_index += 1
                current = Sentence(sent_index, n, -1)
                add = (current.words.append, others.append, numbers.append)
            # Token(n, piece, start + a, start + b, kind, sent_index, info), inlined: this
            # loop makes every token of every draft, and the call is half its cost
            tok = new(Token)
            tok.i = n
            tok.text = piece
            tok.start = start + a
            tok.end = start + b
            tok.kind = kind
            tok.norm, tok.parses = info
            tok.quoted = tok.markup = False
            tok.sent = sent_index
            add_token(tok)
            add[goes](tok)
            ended = ends or (ended and closes)
            n += 1
        pos = start + len(chunk)
    if tokens:
        current.last = n - 1
        sentences.append(current)
    return tokens, breaks, sentences, others, numbers


def _spans(text: str, regions: list[Region]) -> list[Span]:
    """Typed spans of ``text`` around its non-prose regions: the prose between them goes
    through :func:`tokenize`; a link target is one ``url`` span, inline code one ``code``
    span; link syntax, fenced code and quoted history give none."""
    spans: list[Span] = []
    pos = 0
    for start, end, kind in regions:
        if start > pos:
            spans.extend((pos + s, pos + e, k) for s, e, k in tokenize(text[pos:start]))
        if kind == "url":
            spans.append((start, end, "url"))
        elif kind == "code":
            spans.append((start, end, "code"))
        pos = end
    if pos < len(text):
        spans.extend((pos + s, pos + e, k) for s, e, k in tokenize(text[pos:]))
    return spans


def _stand_ins(text: str, regions: list[Region]) -> list[Token]:
    """One markup token per fenced code block and per stretch of quoted history."""
    out: list[Token] = []
    for start, end, kind in regions:
        if kind == "fence" or kind == "history":
            tok = Token(-1, text[start:end], start, end, "code" if kind == "fence" else kind, -1)
            tok.markup = tok.quoted = True
            out.append(tok)
    return out


def _opens_sentence(kind: str, text: str) -> bool:
    """A token that can start a new sentence after a full stop."""
    if kind == "word":
        return text[:1].isupper() or not text[:1].isalpha()
    if kind == "punct":
        return text in "«\"„“—–-([" or text not in _SENTENCE_END
    return True


def _may_quote(text: str) -> bool:
    """Whether the text has a character that can open a quote."""
    return "«" in text or "\"" in text or "„" in text or "“" in text or "'" in text


def _mark_quotes(tokens: list[Token], others: list[Token],
                 breaks: set[int]) -> list[tuple[int, int]]:
    """Find quoted spans and flag the tokens inside them. An unclosed quote ends at the line.
    Only the punctuation among ``others`` (the tokens neither words nor numbers) is read."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (opening char, token index)
    lines = sorted(breaks)  # tokens that start a line

    def line_end(opener: int) -> int:
        # the last token of the opener's line
        k = bisect_right(lines, opener)
        return lines[k] - 1 if k < len(lines) else len(tokens) - 1

    def close_all(upto: int) -> None:
        # unclosed quotes run to the end of the line; only the outermost span is recorded
        first = stack[0][1]
        _flag(tokens, first, upto)
        spans.append((tokens[first].start, tokens[upto].end))
        stack.clear()

    for tok in others:
        if tok.kind != "punct":
            continue
        i = tok.i
        if stack and line_end(stack[0][1]) < i:
            close_all(line_end(stack[0][1]))
        ch = tok.text
        if stack and ch in _OPEN_CLOSE.get(stack[-1][0], stack[-1][0]):
            _, j = stack.pop()
            if not stack:
                _flag(tokens, j, i)
                spans.append((tokens[j].start, tok.end))
        elif ch in _OPEN_CLOSE or ch in "\"'":
            if ch == "'" and not _standalone_apostrophe(tokens, i):
                continue
            stack.append((ch, i))
    if stack:
        close_all(line_end(stack[0][1]))
    return spans


def _mark_markup(text: str, tokens: list[Token]) -> None:
    """Flag the tokens inside HTML tags («<a href=…>»): no rule reads them, no count holds them."""
    spans = [(m.start(), m.end()) for m in TAG.finditer(text)]
    k = 0
    for tok in tokens:
        while k < len(spans) and spans[k][1] <= tok.start:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.start < spans[k][1]:
            tok.markup = tok.quoted = True


def _standalone_apostrophe(tokens: list[Token], i: int) -> bool:
    """An apostrophe token acts as a quote only when a word follows it directly."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.kind == "word" and nxt.start == tokens[i].end


def _flag(tokens: list[Token], first: int, last: int) -> None:
    for t in tokens[first:last + 1]:
        t.quoted = True
