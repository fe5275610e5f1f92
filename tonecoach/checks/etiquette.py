"""Etiquette (TC6xx): shouting, emoji, personal contacts, flirting, greetings and closings."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from tonecoach.analysis.draft import Draft, Token
from tonecoach.analysis.inflection import match_case
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import GREETINGS
from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.book import Rulebook
from tonecoach.rulebook.matcher import Match

_BAD_NEWS = "etiquette:bad_news"
_CLOSINGS = "etiquette:closings"
_OPENINGS = "etiquette:opening_greetings"
_DAY = "etiquette:day:"  # + the greeting: registered by EtiquetteLexicons.extra_phrases
_PHONE = regex.compile(
    r"(?<![\d+])(?:\+7|8)[\s\-\u00a0]*\(?(\d{3})\)?[\s\-\u00a0]*\d{3}[\s\-\u00a0]*\d{2}"
    r"[\s\-\u00a0]*\d{2}(?!\d)"
)
_TEN_DIGITS = regex.compile(r"\d(?:\D{0,3}\d){9}")  # cheap test before the phone pattern
_HOTLINE_CODES = frozenset({"800", "804"})
_CYRILLIC_CAPS = regex.compile(r"[А-ЯЁ]+(?:-[А-ЯЁ]+)*")  # «В» joins «В ТЕЧЕНИЕ ЧАСА»
_JOINS_PREVIOUS = regex.compile(r"[\p{Grapheme_Extend}\u200d]")
_EMOJI_MODIFIERS = regex.compile(r"[\uFE0F\U0001F3FB-\U0001F3FF]")
_MIN_SHOUT_LETTERS = 7
_CLOSING_SENTENCES = 2


class Etiquette(Family):
    """The etiquette family; TC605 (flirting) is data only."""

    category = "etiquette"

    def __init__(self, book: Rulebook) -> None:
        super().__init__(book)
        lex = book.lexicons.etiquette
        self.day_windows = {g.phrase: (g.start, g.end) for g in lex.day_greetings}
        self.by_hour = [(g.start, g.end, g.phrase) for g in lex.greetings_by_hour]
        self.default_closing = lex.default_closing
        self.abbreviations = frozenset(lex.abbreviations)
        self.flirty = frozenset(_bare_emoji(e) for e in lex.flirty_emoji)
        self.personal = frozenset(lex.personal)
        self.messengers = frozenset(lex.messengers)

    @handles("TC601", "TC602", "TC603", "TC604", "TC606", "TC607", "TC608")
    def check(self, run: CheckRun) -> None:
        """Every etiquette rule but flirting, in one pass over the tokens."""
        seen = _Seen()
        for tok in run.draft.tokens:  # one pass sorts out the few tokens the rules need
            if tok.quoted:
                continue
            kind = tok.kind
            if kind == "word":
                text, norm = tok.text, tok.norm
                if text.isupper() and _CYRILLIC_CAPS.fullmatch(text):
                    seen.caps.append(tok)
                if norm in self.personal:
                    seen.personal.add(tok.sent)
                if norm in self.messengers:
                    seen.messengers.append(tok)
                if norm.startswith(("личн", "личк")):
                    seen.private.append(tok)
            elif kind == "punct":
                if tok.text in "!?":
                    seen.marks.append(tok)
            elif kind == "emoji":
                seen.emoji.append(tok)
            elif kind in ("email", "handle", "url"):
                seen.contacts.append(tok)
        self._report_caps(run, seen.caps)
        self._report_punctuation(run, seen.marks)
        self._report_emoji(run, seen.emoji)
        self._report_contacts(run, seen)
        self._report_greetings(run)
        self._report_closing(run)

    # -- TC601: capitals ------------------------------------------------------------------------

    def _report_caps(self, run: CheckRun, caps: list[Token]) -> None:
        allowed = self.abbreviations | {w.upper() for w in run.config.caps_allowed}
        for words in _runs([t for t in caps if t.text not in allowed], adjacent_words=True):
            if len(words) >= 2 and sum(len(t.text) for t in words) >= _MIN_SHOUT_LETTERS:
                self._report_shout(run, words)

    @staticmethod
    def _report_shout(run: CheckRun, words: list[Token]) -> None:
        draft = run.draft
        start, end = words[0].start, words[-1].end
        if _is_heading(draft, start, end) or _after_address(draft, words[0]):
            return
        fragment = draft.text[start:end]
        fix = fragment.lower()
        if draft.sentence_start(words[0]):
            fix = fix[:1].upper() + fix[1:]
        run.report("TC601", start, end, [fix], word=fragment)

    # -- TC602: «!!!» ---------------------------------------------------------------------------

    @staticmethod
    def _report_punctuation(run: CheckRun, marks: list[Token]) -> None:
        for group in _runs(marks, adjacent_words=False):
            text = "".join(t.text for t in group)
            if len(text) >= 2 and text not in ("?!", "!?"):
                fix = "?" if "?" in text else "!"
                run.report("TC602", group[0].start, group[-1].end, [fix], word=text)

    # -- TC603: emoji ---------------------------------------------------------------------------

    def _report_emoji(self, run: CheckRun, emoji: list[Token]) -> None:
        policy = run.config.emoji
        if policy == "any" or not emoji:
            return
        draft = run.draft
        bad_news = {m.first.sent for m in run.matches.get(_BAD_NEWS, ())}
        friendly = 0
        for tok in emoji:
            start, end = _emoji_span(draft, tok)
            if _bare_emoji(tok.text) in self.flirty:
                run.report("TC603", start, end, [""], variant="flirty", severity="warning",
                           word=tok.text)
            elif policy == "none":
                run.report("TC603", start, end, [""], variant="none")
            elif tok.sent in bad_news or (draft.sentences[tok.sent].first == tok.i
                                          and tok.sent - 1 in bad_news):
                run.report("TC603", start, end, [""], variant="bad_news")
            else:
                friendly += 1
                if friendly > 1:
                    run.report("TC603", start, end, [""])

    # -- TC604: personal contacts ------------------------------------------------------------------

    @staticmethod
    def _report_contacts(run: CheckRun, seen: _Seen) -> None:
        draft = run.draft
        company = [_contact_key(c) for c in run.config.company_contacts]
        for tok in seen.private:
            if _is_dm(draft, tok):
                run.report("TC604", *_dm_span(draft, tok), [], word=_dm_text(draft, tok))
        concrete = [(t.start, t.end, t.sent) for t in seen.contacts
                    if t.kind != "url" or _messenger_link(t.text)]
        if _TEN_DIGITS.search(draft.text):
            for m in _PHONE.finditer(draft.text):
                at = _token_at(draft, m.start())
                if m.group(1) not in _HOTLINE_CODES and at is not None and not at.quoted:
                    concrete.append((m.start(), m.end(), at.sent))
        for start, end, sent in concrete:
            key = _contact_key(draft.text[start:end])
            if company and any(_same_contact(key, c) for c in company):
                continue
            if sent in seen.personal or company:
                run.report("TC604", start, end, [], word=draft.text[start:end])
        concrete_sents = {sent for _, _, sent in concrete}
        for tok in seen.messengers:
            if tok.sent in seen.personal and tok.sent not in concrete_sents:
                run.report("TC604", tok.start, tok.end, [], word=tok.text)

    # -- TC606, TC608: greetings ------------------------------------------------------------------

    def _report_greetings(self, run: CheckRun) -> None:
        draft = run.draft
        for m in run.matches.get("TC606", ()):
            run.report_match(m)
        openings = run.matches.get(_OPENINGS, [])
        if len(openings) > 1:
            for m in openings[1:]:
                if m.first.sent != openings[0].first.sent:
                    self._report_duplicate(run, m)
        if run.context.sent_at is not None:
            self._report_time_of_day(run)
        if run.context.first_reply and draft.sentences:
            first = draft.sentences[0]
            greeted = any(m.first.sent == first.index for m in run.matches.get(GREETINGS, ()))
            greeted = greeted or any(m.first.sent == first.index
                                     for m in run.matches.get("TC606", ()))
            if not greeted and draft.tokens:
                at = draft.tokens[0].start
                greeting = self._greeting_for(run) or "Здравствуйте"
                run.report("TC606", at, at, [f"{greeting}! "], variant="first_reply",
                           greeting=greeting)

    @staticmethod
    def _report_duplicate(run: CheckRun, m: Match) -> None:
        draft = run.draft
        sent = draft.sentences[m.first.sent]
        word = draft.text[m.start:m.end]
        only_greeting = all(m.start <= w.start < m.end for w in sent.words) or (
            sent.words and sent.words[-1].is_title and len(sent.words) <= 3)
        if only_greeting:
            start = draft.tokens[sent.first].start
            end = draft.tokens[sent.last].end
            text = draft.text
            while end < len(text) and text[end] in " \t":
                end += 1
            run.report("TC608", start, end, [""], word=word)
        else:
            run.report("TC608", m.start, m.end, [], word=word)

    def _greeting_for(self, run: CheckRun) -> str | None:
        sent_at = run.context.sent_at
        if sent_at is None:
            return None
        return next((g for lo, hi, g in self.by_hour if lo <= sent_at.hour < hi), None)

    def _report_time_of_day(self, run: CheckRun) -> None:
        """«Доброе утро» sent in the evening → the greeting for the hour."""
        sent_at = run.context.sent_at
        assert sent_at is not None
        hour = sent_at.hour
        for phrase, (lo, hi) in self.day_windows.items():
            fits = lo <= hour < hi if lo < hi else (hour >= lo or hour < hi)
            if fits:
                continue
            for m in run.matches.get(_DAY + phrase, ()):
                right = self._greeting_for(run) or "Здравствуйте"
                fragment = run.draft.text[m.start:m.end]
                fix = match_case(right if fragment[:1].isupper() else right.lower(), fragment)
                run.report("TC606", m.start, m.end, [fix], variant="time_of_day",
                           word=fragment, time=f"{hour:02d}:{sent_at.minute:02d}",
                           greeting=right)

    # -- TC607: closing ---------------------------------------------------------------------------

    def _report_closing(self, run: CheckRun) -> None:
        draft = run.draft
        if not run.context.first_reply or not draft.sentences or not draft.tokens:
            return
        tail = {s.index for s in draft.sentences[-_CLOSING_SENTENCES:]}
        if any(m.first.sent in tail for m in run.matches.get(_CLOSINGS, ())):
            return
        last = draft.tokens[-1]
        closing = self.default_closing
        fix = f" {closing}" if last.text in ".!?…" else f". {closing}"
        run.report("TC607", last.end, last.end, [fix], fix=closing)


# -- helpers -----------------------------------------------------------------------------------

@dataclass
class _Seen:
    """The tokens of a draft the etiquette rules look at, gathered in one pass."""

    caps: list[Token] = field(default_factory=list)
    marks: list[Token] = field(default_factory=list)
    emoji: list[Token] = field(default_factory=list)
    contacts: list[Token] = field(default_factory=list)
    messengers: list[Token] = field(default_factory=list)
    private: list[Token] = field(default_factory=list)
    personal: set[int] = field(default_factory=set)  # sentences with «мне», «мой», «лично»


def _runs(tokens: list[Token], *, adjacent_words: bool) -> list[list[Token]]:
    """Group tokens that follow each other: next token in the draft and the same sentence
    (words), or touching (marks)."""
    runs: list[list[Token]] = []
    for tok in tokens:
        last = runs[-1][-1] if runs else None
        joined = last is not None and (
            (tok.i == last.i + 1 and tok.sent == last.sent) if adjacent_words
            else tok.start == last.end)
        if joined:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _is_heading(draft: Draft, start: int, end: int) -> bool:
    """A line of its own in capitals, numbering aside and no mark after it: «2.3 ЗАХВАТ ОКНА»."""
    text = draft.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start].strip()
    after = text[end:line_end].strip()
    return not after and all(ch.isdigit() or ch in ".)- " for ch in before) and "\n" in text


def _after_address(draft: Draft, tok: Token) -> bool:
    """«Уважаемая СИЛА ОЛИ!»: a name as the client typed it."""
    prev = draft.prev(tok)
    return prev is not None and prev.kind == "word" and prev.lemma in ("уважаемый", "дорогой")


def _bare_emoji(text: str) -> str:
    """An emoji without its variation selector and skin tone («❤️» → «❤»)."""
    return _EMOJI_MODIFIERS.sub("", text)


def _emoji_span(draft: Draft, tok: Token) -> tuple[int, int]:
    """An emoji with the space before it, so that removing it leaves clean text."""
    text = draft.text
    start = tok.start
    while start > 0 and text[start - 1] in " \u00a0\t":
        start -= 1
    if start == 0 or text[start - 1] == "\n":
        end = tok.end
        while end < len(text) and text[end] in " \u00a0\t":
            end += 1
        if end > tok.end and end < len(text) and _JOINS_PREVIOUS.match(text, end):
            end -= 1  # a space a joiner hangs on is one grapheme with it
        return tok.start, end
    return start, tok.end


def _token_at(draft: Draft, offset: int) -> Token | None:
    return next((t for t in draft.tokens if t.start <= offset < t.end), None)


def _contact_key(contact: str) -> str:
    """A comparable form: e-mails and handles in lower case, phones as their digits."""
    contact = contact.strip().lower()
    digits = "".join(ch for ch in contact if ch.isdigit())
    if len(digits) >= 10 and not regex.search(r"[a-zа-я@]", contact):
        return digits[-10:]
    return contact


def _same_contact(found: str, company: str) -> bool:
    """A configured contact matches itself, and a domain («@shop.ru», «shop.ru») matches
    every address in it."""
    if found == company:
        return True
    domain = company.lstrip("@")
    return "@" in found and found.endswith("@" + domain)


def _messenger_link(url: str) -> bool:
    return bool(regex.search(r"(?:t\.me|wa\.me|vk\.com|instagram\.com|viber)", url.lower()))


def _is_dm(draft: Draft, tok: Token) -> bool:
    """«в личку», «в личные сообщения»: a private channel offered."""
    if tok.lemma == "личка":
        return True
    nxt = draft.next(tok, words_only=True)
    return nxt is not None and nxt.lemma in ("сообщение", "переписка") and nxt.sent == tok.sent


def _dm_span(draft: Draft, tok: Token) -> tuple[int, int]:
    prev = draft.prev(tok, words_only=True)
    start = prev.start if prev is not None and prev.norm == "в" and prev.sent == tok.sent \
        else tok.start
    if tok.lemma == "личка":
        return start, tok.end
    nxt = draft.next(tok, words_only=True)
    return start, nxt.end if nxt is not None else tok.end


def _dm_text(draft: Draft, tok: Token) -> str:
    start, end = _dm_span(draft, tok)
    return draft.text[start:end]
