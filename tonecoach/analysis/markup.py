"""What in a draft is not the operator's own prose: Markdown syntax and code, quoted e-mail.

:func:`find_regions` returns the parts of a text that the analyzer must not read as prose,
as sorted, disjoint :class:`Region` spans of the caller's string:

- ``syntax``: the brackets of a Markdown link («[», «](», «)») and the «!» of an image. No
  token at all; the link text between them stays ordinary words.
- ``url``: a link's target. One ``url`` token, as a bare address is; never split into words.
- ``code``: inline code («`POST`», «``a ` b``»). One ``code`` token in the sentence: not a
  word, not counted, not checked.
- ``fence``: a fenced code block («```» on a line of its own, a language tag allowed, up to a
  closing «```» line or the end of the text). No token: code lines are not sentences, and
  since a fence stands on its own lines no sentence runs across it.
- ``history``: e-mail history under the reply — lines quoted with «>», and everything below a
  separator («-----Original Message-----», «-----Исходное сообщение-----», a «____» rule or a
  «From:»/«От:» header block) or below a header line that ends in «пишет:» / «wrote:» /
  «написал(а):» or in «<e-mail>:» after a date. The client's words: no token, never counted.

A header only counts as one when it looks like one: it ends its own line with the colon, and
what stands before the verb is a name (capitalised words, initials, an e-mail), optionally after
a date and time — «12 мая 2025 г., 09:41, Олег К. пишет:», «Павел Громов пишет:», «On Mon,
3 Mar 2025 at 10:14, Ann <a@b.c> wrote:». «Клиент пишет: …» inside a sentence, «Вот что
клиент пишет:» or «сумма > 1000 ₽» hide nothing. A single word counts when it is a first name
or a surname («Олег пишет:», not «Склад пишет:»), or when «>»-quoted lines follow it. When
quoted lines follow a header, the quote marks say what is history: the header line and the «>»
lines are hidden, and the operator's answers between them (an interleaved reply) stay.

Everything runs in linear time, and a text with neither «`», «[» nor a line break costs three
one-character tests: the analyzer runs on every keystroke. (History needs a line break: a
one-line draft is never quoted e-mail.)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Literal, NamedTuple

from tonecoach.analysis import morph

RegionKind = Literal["syntax", "url", "code", "fence", "history"]


class Region(NamedTuple):
    """A span of the text that is not prose: ``text[start:end]``, of ``kind``."""

    start: int
    end: int
    kind: RegionKind


# HTML tags (shared with the analyzer's HTML handling): a «>» that closes one is not a quote.
TAG = re.compile(r"</?[A-Za-z][^<>]{0,2000}>")

_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,})[^`\n]*$", re.M)
_FENCE_CLOSE = re.compile(r"^[ \t]*(`{3,})[ \t\r]*$", re.M)
_LINK = re.compile(
    r"!?\[([^\[\]\n]{0,1000})\]\("
    r"(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"
)
# «> text», «>text», «>> text», a bare «>»; not «>= 5», «>1000», «>: faster» (a key in a list)
_QUOTE_LINE = re.compile(r"^[ \t]*>(?=[\s>«\"„“]|[^\W\d_]|$)[^\n]*", re.M)
_HEADER_VERB = re.compile(
    r"(?<!\w)(?:пишет|написала?|написал\(а\)|wrote)[ \t]*:[ \t\r]*$", re.M | re.I)
_HEADER_EMAIL = re.compile(r"<[^<>\s@]+@[^<>\s]+>[ \t]*:[ \t\r]*$", re.M)
_SEPARATOR = re.compile(
    r"^[ \t]*-{3,}[ \t]*(?:original message|forwarded message|исходное сообщение|"
    r"пересылаемое сообщение|пересланное сообщение|оригинальное сообщение)[ \t]*-{3,}[ \t\r]*$",
    re.M | re.I)
_FROM_BLOCK = re.compile(
    r"^[ \t]*(?:from|от)[ \t]*:[^\n]*\n[ \t]*"
    r"(?:sent|date|to|subject|отправлено|дата|кому|тема)[ \t]*:", re.M | re.I)
_RULE_THEN_FROM = re.compile(r"^[ \t]*_{8,}[ \t\r]*\n(?:[ \t\r]*\n)*[ \t]*(?:from|от)[ \t]*:",
                             re.M | re.I)
_QUOTE_BELOW = re.compile(r"\n(?:[ \t\r]*\n)*[ \t]*>")
# what starts e-mail history below it, and the strings without which it cannot be there
_Hinted = tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
_CUTS: _Hinted = ((_SEPARATOR, ("---",)), (_FROM_BLOCK, ("From:", "От:")),
                  (_RULE_THEN_FROM, ("___",)))
_HEADERS: _Hinted = ((_HEADER_VERB, ("пишет", "wrote", "написал")), (_HEADER_EMAIL, (">",)))
_MAIL_HINTS = (">", "пишет", "wrote", "написал", "---", "From:", "От:")
_NAME_PUNCT = "\"'«»“”„()<>[]"
# lower-case words a header's date may hold between the digits and the name
_DATE_WORDS = frozenset({
    "в", "at", "on", "am", "pm", "г", "г.", "гг.", "года", "января", "февраля", "марта",
    "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
    "янв", "фев", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "дек",
})
_MAX_HEADER = 300
_FAR = 1 << 62  # beyond any offset


def find_regions(text: str) -> list[Region]:
    """The regions of ``text`` that are not the operator's prose, sorted and disjoint."""
    # single characters first: «>» is slow to find in Russian text (its code is the low byte
    # of «о»), and e-mail history needs a line break anyway
    tick = "`" in text
    link = "[" in text and "](" in text
    mail = "\n" in text and any(hint in text for hint in _MAIL_HINTS)
    if not (tick or link or mail):
        return []
    fences = _fences(text) if tick else []
    history = _history(text, fences) if mail else []
    if history:
        fences = [f for f in fences if not _inside(f, history)]
    hidden = sorted(fences + history)
    regions = [Region(s, e, "fence") for s, e in fences]
    regions += [Region(s, e, "history") for s, e in history]
    if tick or link:
        blanks = [m.start() for m in _BLANK_LINE.finditer(text)] if tick else []
        pos = 0
        for start, end in [*hidden, (len(text), len(text))]:
            if start > pos:
                code = _inline_code(text, pos, start, blanks) if tick else []
                regions += code
                if link:
                    regions += _links(text, pos, start, code)
            pos = max(pos, end)
    regions.sort()
    return regions


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies within one of ``spans`` (sorted, disjoint)."""
    i = bisect_right(spans, (span[0], _FAR)) - 1
    return i >= 0 and spans[i][0] <= span[0] and span[1] <= spans[i][1]


def _overlaps(starts: list[int], spans: list[Region], lo: int, hi: int) -> bool:
    """Whether ``[lo, hi)`` overlaps one of ``spans`` (sorted, disjoint; ``starts`` theirs)."""
    i = bisect_left(starts, hi) - 1
    return i >= 0 and spans[i].end > lo


# -- code ------------------------------------------------------------------------------------

def _fences(text: str) -> list[tuple[int, int]]:
    """Fenced blocks: an opening «```» line (a language tag allowed) to a closing line of at
    least as many backticks, or to the end of the text."""
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := _FENCE_OPEN.search(text, pos)) is not None:
        width = len(m.group(1))
        close = _FENCE_CLOSE.search(text, m.end())
        while close is not None and len(close.group(1)) < width:
            close = _FENCE_CLOSE.search(text, close.end())
        end = close.end(1) if close is not None else len(text)
        out.append((m.start(1), end))
        pos = end
    return out


def _inline_code(text: str, lo: int, hi: int, blanks: list[int]) -> list[Region]:
    """Code spans in ``text[lo:hi]``: a run of backticks up to the next run of the same length
    (CommonMark). A span of one or two backticks does not run across a blank line."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text, lo, hi)]
    if len(runs) < 2:
        return []
    by_length: dict[int, list[int]] = {}
    for idx, (s, e) in enumerate(runs):
        by_length.setdefault(e - s, []).append(idx)
    out: list[Region] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        k = bisect_right(same, i)
        if k < len(same):
            j = same[k]
            close_start, close_end = runs[j]
            b = bisect_left(blanks, end)
            if end - start >= 3 or b == len(blanks) or blanks[b] >= close_start:
                out.append(Region(start, close_end, "code"))
                i = j + 1
                continue
        i += 1
    return out


# -- links -----------------------------------------------------------------------------------

def _links(text: str, lo: int, hi: int, code: list[Region]) -> list[Region]:
    """Markdown links and images in ``text[lo:hi]``, outside code: their syntax and target."""
    out: list[Region] = []
    starts = [c.start for c in code]
    for m in _LINK.finditer(text, lo, hi):
        start, end = m.span()
        text_start, text_end = m.span(1)
        if code and (_overlaps(starts, code, start, text_start)
                     or _overlaps(starts, code, text_end, end)):
            continue  # «`[a](b)`»: the brackets belong to code
        group = 2 if m.start(2) >= 0 else 3
        target_start, target_end = m.span(group)
        out.append(Region(start, text_start, "syntax"))
        if target_end > target_start:
            out.append(Region(text_end, target_start, "syntax"))
            out.append(Region(target_start, target_end, "url"))
            out.append(Region(target_end, end, "syntax"))
        else:
            out.append(Region(text_end, end, "syntax"))
    return out


# -- e-mail history --------------------------------------------------------------------------

def _history(text: str, fences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quoted lines and the history below a separator or a header, outside code blocks."""
    spans: list[tuple[int, int]] = []
    fence_starts = [s for s, _ in fences]

    def in_fence(pos: int) -> bool:
        i = bisect_right(fence_starts, pos) - 1
        return i >= 0 and pos < fences[i][1]

    if ">" in text:
        tags: list[tuple[int, int]] | None = [] if "<" not in text else None
        for m in _QUOTE_LINE.finditer(text):
            start, end = m.span()
            if in_fence(start):
                continue
            if tags is None:  # «<a href="…"\n>» : the «>» closes a tag
                tags = [t.span() for t in TAG.finditer(text)]
            if tags:
                mark = text.index(">", start)
                t = bisect_right(tags, (mark, len(text))) - 1
                if t >= 0 and tags[t][0] < mark < tags[t][1]:
                    continue
            spans.append((start, end))
    cut = len(text)
    for pattern, hints in _CUTS:
        if any(hint in text for hint in hints):
            for m in pattern.finditer(text, 0, cut):
                if not in_fence(m.start()):
                    cut = min(cut, m.start())
                    break
    for pattern, hints in _HEADERS:
        if not any(hint in text for hint in hints):
            continue
        for m in pattern.finditer(text, 0, cut):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = m.end()
            if (in_fence(line_start) or line_end - line_start > _MAX_HEADER
                    or _QUOTE_LINE.match(text, line_start)):
                continue
            quoted_below = _QUOTE_BELOW.match(text, line_end) is not None
            if not _is_header(text[line_start:m.start()], quoted_below,
                              by_email=pattern is _HEADER_EMAIL):
                continue
            if quoted_below:
                spans.append((line_start, line_end))
            else:
                cut = min(cut, line_start)
                break
    if cut < len(text):
        spans = [s for s in spans if s[1] <= cut]
        spans.append((cut, len(text)))
    return _merge(text, sorted(spans))


def _is_header(who: str, quoted_below: bool, *, by_email: bool) -> bool:
    """Whether ``who`` (the line before «пишет:» or before «<e-mail>:») names a sender:
    optional date parts, then a name of capitalised words, initials or an e-mail."""
    who = who.strip().rstrip(",").strip()
    if not who:
        return False
    *before, name = who.split(",")
    dated = any(ch.isdigit() for ch in who)
    if before and not dated:
        return False  # «Вот, Иван пишет:»
    names: list[str] = []
    email = by_email
    words = name.split()
    if not words or len(words) > 10:
        return False
    for word in words:
        core = word.strip(_NAME_PUNCT)
        if not core:
            continue
        if "@" in core:
            email = True
        elif core[0].isupper():
            names.append(core)
        elif core[0].isdigit() or core.lower() in _DATE_WORDS:
            continue
        else:
            return False  # «Вот что клиент пишет:»: prose, not a sender
    if by_email:
        return dated
    if quoted_below:
        return bool(names) or email
    return dated or email or len(names) >= 2 or (len(names) == 1 and _personal_name(names[0]))


def _personal_name(word: str) -> bool:
    """«Олег», «Ann»: a first name or a surname, not «Склад» or «Система»."""
    if word.isascii():
        return word.isalpha()
    return any("Name" in p.tag or "Surn" in p.tag for p in morph.parse(word.lower()))


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans that touch or are separated only by white space."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and (start <= out[-1][1] or text[out[-1][1]:start].isspace()):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
