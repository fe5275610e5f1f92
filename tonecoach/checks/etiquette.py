"""Etiquette (TC6xx): shouting, emoji, personal contacts, flirting, greetings and closings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token
from tonecoach.analysis.phrase_inflection import inflect_planned, phrase_plan
from tonecoach.checks import Family, handles
from tonecoach.checks.edits import GREETINGS
from tonecoach.checks.run import CheckRun
from tonecoach.context.client_name import parse_client_name
from tonecoach.models import Severity
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
_SPACES = " \u00a0\t"
_CASE_NAMES = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent", "loc1": "loct"}
_MIN_SHOUT_LETTERS = 7
_PERSONAL, _MESSENGER, _PRIVATE, _CAPS = 1, 2, 4, 8
_VOWELS = frozenset("аеёиоуыэюя")
# readings of abbreviations and names («ФНС», «ОЛЬГА»): a word in capitals that reads so (a
# quarter of its readings' weight or more) is not a raised voice
_NOT_SHOUTED = frozenset({"Abbr", "Orgn", "Geox", "Name", "Surn", "Patr"})
_NOT_SHOUTED_SHARE = 0.25
_ASCII_SMILEY = regex.compile(r"[:;=8][\-o^']?([)(])\1+")  # «:)))»: the mouth repeated
_CLOSING_SENTENCES = 2

CapsKind = Literal["word", "abbr", "letter", "name"]
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})
_PROPER_SCORE = 0.5  # a name must be the most likely reading to get its capital back


class Etiquette(Family):
    """The etiquette family; TC605 (flirting) is data only."""

    category = "etiquette"
    scans = True

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
        self._caps_kinds: BoundedCache[str, CapsKind] = BoundedCache()

    def word_fact(self, tok: Token) -> int | None:
        """What a word may tell (bits): capitals, or a part of a contact offer."""
        norm = tok.norm
        # Latin look-alikes («ОПЛAТИТE») read through the word's normal form
        role = ((_CAPS if tok.text.isupper() and _CYRILLIC_CAPS.fullmatch(norm.upper()) else 0)
                | (_PERSONAL if norm in self.personal else 0)
                | (_MESSENGER if norm in self.messengers else 0)
                | (_PRIVATE if norm.startswith(("личн", "личк")) else 0))
        return role or None

    @handles("TC601", "TC602", "TC603", "TC604", "TC606", "TC607", "TC608")
    def check(self, run: CheckRun) -> None:
        """Every etiquette rule but flirting: the words come from the coach's scan, the
        marks, emoji and contacts from the draft's other tokens."""
        seen = _Seen()
        for tok, role in run.marked.get(self.category, ()):
            if role & _CAPS:
                seen.caps.append(tok)
            if role & _PERSONAL:
                seen.personal.add(tok.sent)
            if role & _MESSENGER:
                seen.messengers.append(tok)
            if role & _PRIVATE:
                seen.private.append(tok)
        draft = run.draft
        for tok in draft.others:
            if tok.quoted:
                continue
            kind = tok.kind
            if kind == "punct":
                if tok.text in "!?":
                    seen.marks.append(tok)
                elif tok.text in "()":
                    seen.brackets.append(tok)
            elif kind == "emoji" and not _markdown_star(draft.text, tok):
                seen.emoji.append(tok)
            elif kind in ("email", "handle", "url"):
                seen.contacts.append(tok)
        self._report_caps(run, seen.caps)
        self._report_punctuation(run, seen.marks)
        self._report_emoji(run, seen.emoji, seen.brackets)
        self._report_contacts(run, seen)
        self._report_greetings(run)
        self._report_closing(run)

    # -- TC601: capitals ------------------------------------------------------------------------

    def _report_caps(self, run: CheckRun, caps: list[Token]) -> None:
        """Runs of words in capitals: two words or more (and enough letters) are a warning, a
        single word («ТОЛЬКО», «НЕ», «ВАЖНО:») is advice. Abbreviations keep their capitals."""
        if not any(self._form_kind(t) == "word" for t in caps):
            return  # single letters and abbreviations only
        allowed = {w.upper() for w in run.config.caps_allowed}
        client = _client_name_caps(run)
        draft = run.draft
        for words in _caps_runs(draft, caps):
            if _is_heading(draft, words[0].start, words[-1].end) or _is_label(draft, words):
                continue
            kinds = [self._caps_kind(t, allowed, client) for t in words]
            lo, hi = 0, len(words)
            while lo < hi and kinds[lo] == "abbr":
                lo += 1
            while hi > lo and kinds[hi - 1] == "abbr":
                hi -= 1
            words, kinds = words[lo:hi], kinds[lo:hi]
            shouted = [t for t, k in zip(words, kinds, strict=True) if k == "word"]
            if not shouted:
                continue
            loud = len(shouted) >= 2 and sum(len(t.text) for t in shouted) >= _MIN_SHOUT_LETTERS
            if not loud and len(words) == 1 and _names_something(draft, words[0]):
                continue
            self._report_shout(run, words, kinds, loud)

    def _caps_kind(self, tok: Token, allowed: set[str], client: set[str]) -> CapsKind:
        """A word in capitals: a shouted ``word``, an ``abbr`` (an abbreviation, a word the
        company allows), a ``name`` (the client's, a person's, a place's: it gets its capital
        back, «ЗВОНИТЕ ИВАНУ» → «Звоните Ивану») or a single ``letter`` («В ТЕЧЕНИЕ ЧАСА»:
        lower-cased with its run, never a shout alone)."""
        upper = tok.norm.upper()
        if allowed and upper in allowed:
            return "abbr"
        if client and upper in client:
            return "name"
        return self._form_kind(tok)

    def _form_kind(self, tok: Token) -> CapsKind:
        """What a word in capitals is by its form alone (cached per form)."""
        kind = self._caps_kinds.get(tok.norm)
        if kind is None:
            kind = self._caps_kinds.put(tok.norm, _caps_kind(tok, self.abbreviations))
        return kind

    @staticmethod
    def _report_shout(run: CheckRun, words: list[Token], kinds: list[CapsKind],
                      loud: bool) -> None:
        draft = run.draft
        start, end = words[0].start, words[-1].end
        if _after_address(draft, words[0]):
            return
        text = draft.text
        parts: list[str] = []
        pos = start
        for tok, kind in zip(words, kinds, strict=True):
            parts.append(text[pos:tok.start])
            if kind == "abbr":
                parts.append(tok.text)
            elif kind == "name":
                parts.append(tok.norm[:1].upper() + tok.norm[1:])
            else:
                parts.append(tok.norm)
            pos = tok.end
        fix = "".join(parts)
        if draft.sentence_start(words[0]):
            fix = fix[:1].upper() + fix[1:]
        fragment = text[start:end]
        if loud:
            run.report("TC601", start, end, [fix], word=fragment)
        else:
            run.report("TC601", start, end, [fix], variant="single", severity="info",
                       word=fragment)

    # -- TC602: «!!!» ---------------------------------------------------------------------------

    @staticmethod
    def _report_punctuation(run: CheckRun, marks: list[Token]) -> None:
        source = run.draft.text
        for group in _touching(marks):
            text = "".join(t.text for t in group)
            if len(text) >= 2 and text not in ("?!", "!?"):
                fix = "?" if "?" in text else "!"
                end = group[-1].end
                if end < len(source) and source[end].isalpha() and source[end].isupper():
                    fix += " "  # «готов!!!Ждём» → «готов! Ждём»
                run.report("TC602", group[0].start, end, [fix], word=text)

    # -- TC603: emoji ---------------------------------------------------------------------------

    def _report_emoji(self, run: CheckRun, emoji: list[Token], brackets: list[Token]) -> None:
        """Emoji and text smileys, the chat brackets «)))» and «(((» among them: one friendly
        one per reply (a repeated smiley keeps one), none next to bad news, no flirting.

        Each flagged smiley's fix removes it alone, and all of them together remove a run
        cleanly: the first of smileys that touch («😔😔») takes the space before it, the others
        only themselves; where the run ended a sentence, the last one leaves a full stop.
        """
        policy = run.config.emoji
        if policy == "any" or not (emoji or brackets):
            return
        draft = run.draft
        smileys = [_Smiley(t, t.start, t.end, _units(t.text), _bare_emoji(t.text) in self.flirty)
                   for t in emoji]
        if brackets:
            smileys = sorted([*smileys, *_bracket_smileys(draft, brackets)],
                             key=lambda m: m.start)
        bad_news = {m.first.sent for m in run.matches.get(_BAD_NEWS, ())}
        friendly = 0
        flagged: list[tuple[_Smiley, str | None, Severity | None, dict[str, str]]] = []
        removed: set[int] = set()  # starts of the smileys that go whole
        for smiley in smileys:
            tok = smiley.first
            word = draft.text[smiley.start:smiley.end]
            if smiley.flirty:
                flagged.append((smiley, "flirty", "warning", {"word": word}))
            elif policy == "none":
                flagged.append((smiley, "none", None, {}))
            elif tok.sent in bad_news or (draft.sentences[tok.sent].first == tok.i
                                          and tok.sent - 1 in bad_news):
                flagged.append((smiley, "bad_news", None, {}))
            else:
                friendly += 1
                if friendly > 1:
                    flagged.append((smiley, None, None, {}))
                elif smiley.units > 1:  # «)))», «:)))»: keep one
                    run.report("TC603", smiley.end - smiley.units + 1, smiley.end, [""],
                               variant="repeated", word=word)
                continue
            removed.add(smiley.start)
        starts = {m.start for m in smileys}
        runs = _runs(draft.text, smileys, removed)
        for smiley, variant, severity, fmt in flagged:
            start, end = smiley.start, smiley.end
            touching, bare = runs[start]
            fix = _removal(draft, start, end, glued_before=touching, glued_after=end in starts,
                           bare=bare)
            if fix is None:
                run.report("TC603", start, end, [], variant=variant, severity=severity, **fmt)
            else:
                run.report("TC603", fix[0], fix[1], [fix[2]], variant=variant,
                           severity=severity, **fmt)

    # -- TC604: personal contacts ------------------------------------------------------------------

    @staticmethod
    def _report_contacts(run: CheckRun, seen: _Seen) -> None:
        draft = run.draft
        company = [_contact_key(c) for c in run.config.company_contacts]
        for tok in seen.private:
            if _is_dm(draft, tok):
                run.report("TC604", *_dm_span(draft, tok), [], word=_dm_text(draft, tok))
        if not seen.personal and not company:
            return  # a contact is personal only said so («мой номер»), or not the company's
        concrete = [(t.start, t.end, t.sent) for t in seen.contacts
                    if t.kind != "url" or _messenger_link(t.text)]
        if _TEN_DIGITS.search(draft.text):
            for m in _PHONE.finditer(draft.text):
                at = draft.token_at(m.start())
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
            # «Приветствую вас!» → «Здравствуйте!»; not «Приветствую вас в нашем магазине»,
            # where «Здравствуйте» would not fit the words after it
            run.report_match(m, None if _stands_apart(draft, m) else [])
        openings = [m for m in run.matches.get(_OPENINGS, []) if _opens_sentence(draft, m)]
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
                head = draft.tokens[0]
                greeting = self._greeting_for(run) or "Здравствуйте"
                if head.kind == "word" and head.text[:1].islower() \
                        and regex.match(r"[а-яё]", head.text) and not head.quoted:
                    # «спасибо за ожидание» → «Здравствуйте! Спасибо за ожидание»
                    word = head.text[:1].upper() + head.text[1:]
                    run.report("TC606", head.start, head.end, [f"{greeting}! {word}"],
                               variant="first_reply", greeting=greeting)
                else:
                    # before a heading line («ВАЖНО\n…») the greeting takes a line of its own
                    line = draft.text.split("\n", 1)[0]
                    sep = "\n" if "\n" in draft.text and line.isupper() else " "
                    run.report("TC606", head.start, head.start, [f"{greeting}!{sep}"],
                               variant="first_reply", greeting=greeting)

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
            if end == len(text) or text[end] in "\r\n":
                # the greeting ends its line or the text: the line goes, or the space before
                line_start = start == 0 or text[start - 1] == "\n"
                if line_start and end < len(text):
                    end += 2 if text.startswith("\r\n", end) else 1
                else:
                    while start > 0 and text[start - 1] in " \t":
                        start -= 1
                    if line_start and start > 0:
                        start -= 1  # the last line: the line break before it goes
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
                fix = _greeting_like(run.draft, m, right)
                run.report("TC606", m.start, m.end, [] if fix is None else [fix],
                           variant="time_of_day", word=fragment,
                           time=f"{hour:02d}:{sent_at.minute:02d}", greeting=right)

    # -- TC607: closing ---------------------------------------------------------------------------

    def _report_closing(self, run: CheckRun) -> None:
        draft = run.draft
        if not run.context.first_reply or not draft.sentences or not draft.tokens:
            return
        tail = {s.index for s in draft.sentences[-_CLOSING_SENTENCES:]}
        if any(m.first.sent in tail for m in run.matches.get(_CLOSINGS, ())):
            return
        closing = self.default_closing
        start, end, fix = _closing_edit(draft, closing)
        run.report("TC607", start, end, [] if fix is None else [fix], fix=closing)


# -- helpers -----------------------------------------------------------------------------------

def _closing_edit(draft: Draft, closing: str) -> tuple[int, int, str | None]:
    """Where and how the closing goes: after the last sentence, with a full stop where that
    sentence had none («…в пути» → «…в пути. Если…»), in place of a trailing comma or
    semicolon, after a code block that ends the reply; no fix after a colon or a dash, where
    something was meant to follow."""
    text = draft.text
    last = draft.tokens[-1]
    blocks = [h for h in draft.hidden if h.kind == "code" and h.start >= last.end]
    if blocks and not text[blocks[-1].end:].strip():
        at = blocks[-1].end
        return at, at, f"\n{closing}"
    body = text[:last.end]
    i = last.i
    while i >= 0 and draft.tokens[i].kind == "emoji":  # «…работает... :)»: look past smileys
        body = text[:draft.tokens[i].start]
        i -= 1
    body = body.rstrip("»\"”)]' \n\t")
    if body.endswith(tuple(".!?…")):  # «…завтра.», «…и т. п.», «(…готово!)»
        return last.end, last.end, f" {closing}"
    if last.text in (",", ";"):
        return last.start, last.end, f". {closing}"
    if last.text in (":", "—", "–", "-"):
        return last.end, last.end, None
    # after a word, and after a smiley too: should the smiley go (TC603), its word keeps the
    # full stop («Пробуйте :)» → «Пробуйте. Если…»)
    return last.end, last.end, f". {closing}"


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
    brackets: list[Token] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Smiley:
    """An emoji or a text smiley: ``units`` counts a repeated one («)))» is three)."""

    first: Token
    start: int
    end: int
    units: int = 1
    flirty: bool = False


def _opens_sentence(draft: Draft, m: Match) -> bool:
    """A greeting that opens its sentence, or follows only an address («Ольга, добрый
    день!»); not «я не очень приветствую такие подходы»."""
    prev = draft.prev(m.first)
    if prev is None or prev.sent != m.first.sent:
        return True
    if prev.text != ",":
        return prev.kind == "punct" and prev.text in "«\"(—–-"
    lead = draft.prev(prev)
    return lead is not None and lead.kind == "word" and lead.is_title \
        and draft.sentence_start(lead)


def _markdown_star(text: str, tok: Token) -> bool:
    """«**Причина:**»: a «:*» that is half of Markdown's bold marker is no kiss."""
    return "*" in tok.text and ((tok.end < len(text) and text[tok.end] == "*")
                                or (tok.start > 0 and text[tok.start - 1] == "*"))


def _stands_apart(draft: Draft, m: Match) -> bool:
    """A greeting that is a sentence or an address of its own: a mark, the end, or the
    client's name and a mark after it («Приветствую вас, Ольга!», «Здрасьте Ольга!»)."""
    nxt = draft.next(m.last)
    if nxt is not None and nxt.kind == "word" and nxt.is_title and nxt.sent == m.last.sent:
        nxt = draft.next(nxt)
    return nxt is None or nxt.sent != m.last.sent or (
        nxt.kind == "punct" and nxt.text in ",.!?…;:—–") or nxt.kind == "emoji"


def _greeting_like(draft: Draft, m: Match, greeting: str) -> str | None:
    """``greeting`` in the case and number of the greeting it replaces («Желаем вам доброго
    утра» → «доброго вечера»), with a capital only at a sentence start; ``None`` when the
    form is not sure («доброй ночи»: genitive, dative or locative)."""
    words = [t for t in draft.tokens[m.first.i:m.last.i + 1] if t.kind == "word"]
    readings: set[tuple[str, str]] | None = None
    for w in words:
        here = {(_CASE_NAMES.get(str(p.tag.case), str(p.tag.case)), str(p.tag.number))
                for p in w.parses if p.tag.POS in ("NOUN", "ADJF") and p.tag.case
                and p.score >= 0.05}
        readings = here if readings is None else readings & here
    if not readings:
        return None
    plan = phrase_plan(greeting)
    forms: set[str | None] = set()
    if plan is None:  # «Здравствуйте»: fits only where a greeting of its own stood
        if readings <= {("nomn", "sing"), ("accs", "sing")}:
            forms.add(greeting)
    else:
        forms = {inflect_planned(greeting, plan, case, number) for case, number in readings}
    fix = forms.pop() if len(forms) == 1 else None
    if fix is None:
        return None
    opens = draft.sentences[m.first.sent].first == m.first.i  # not «@user, добрый день»
    if opens or (draft.sentence_start(m.first) and m.first.is_title):
        return fix[:1].upper() + fix[1:]
    return fix[:1].lower() + fix[1:]


def _touching(tokens: list[Token]) -> list[list[Token]]:
    """Group marks that touch each other («!!!», «)))»)."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and tok.start == runs[-1][-1].end:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _caps_runs(draft: Draft, caps: list[Token]) -> list[list[Token]]:
    """Words in capitals that follow each other in a sentence, numbers allowed between them
    («ОПЛАТИТЕ ДО 25 ИЮНЯ»)."""
    runs: list[list[Token]] = []
    tokens = draft.tokens
    for tok in caps:
        last = runs[-1][-1] if runs else None
        if last is not None and tok.sent == last.sent and all(
                tokens[j].kind == "number" for j in range(last.i + 1, tok.i)):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _client_name_caps(run: CheckRun) -> set[str]:
    """The client's name in every case, in capitals: typed so, it is a name, not a shout."""
    raw = run.context.client_name
    name = parse_client_name(raw) if raw and raw.strip() else None
    if name is None:
        return set()
    return {form.upper() for part in (name.first, name.patronymic, name.surname)
            if part is not None for form in part.forms.values()}


def _caps_kind(tok: Token, abbreviations: frozenset[str]) -> CapsKind:
    """What a word in capitals is, by its form alone: an abbreviation is listed, has no vowel,
    is no dictionary word («КЭП», «ЕГРЮЛ») or reads as an abbreviation or a name
    («ГБ», «ФНС», «ОЛЬГА»)."""
    word = tok.norm
    if sum(1 for ch in word if ch.isalpha()) <= 1:
        return "letter"
    if word.upper() in abbreviations or not any(ch in _VOWELS for ch in word):
        return "abbr"
    if not morph.analyzer().word_is_known(word):
        return "abbr"
    if sum(p.score for p in tok.parses if _NOT_SHOUTED & p.tag.grammemes) >= _NOT_SHOUTED_SHARE:
        top = tok.parses[0]
        if _PROPER & top.tag.grammemes and "Abbr" not in top.tag and top.score >= _PROPER_SCORE:
            return "name"
        return "abbr"
    return "word"


def _names_something(draft: Draft, tok: Token) -> bool:
    """A single noun in capitals right after a noun names it: «карта МИР», «кнопка ОТПРАВИТЬ»,
    «ООО РОМАШКА»."""
    prev = draft.prev(tok)
    if prev is None or prev.kind != "word" or prev.sent != tok.sent \
            or draft.text[prev.end:tok.start].strip():
        return False
    if not any(p.tag.POS == "NOUN" for p in prev.parses):
        return False
    return any((p.tag.POS == "NOUN" and "nomn" in p.tag) or p.tag.POS == "INFN"
               for p in tok.parses)


def _is_label(draft: Draft, words: list[Token]) -> bool:
    """«ШАГ 1 …», «ЭТАП 2: …»: a noun in capitals opening a line before a number labels a
    step."""
    if len(words) != 1 or not any(p.tag.POS == "NOUN" for p in words[0].parses):
        return False
    text = draft.text
    start = words[0].start
    line_start = text.rfind("\n", 0, start) + 1
    after = draft.next(words[0])
    return not text[line_start:start].strip() and after is not None and after.kind == "number" \
        and after.sent == words[0].sent


def _is_heading(draft: Draft, start: int, end: int) -> bool:
    """A line of its own in capitals, numbering aside and no mark after it but a colon:
    «2.3 ЗАХВАТ ОКНА», «## ВАЖНО», «ВНИМАНИЕ:»."""
    text = draft.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start].strip()
    after = text[end:line_end].strip()
    return after in ("", ":") and all(ch.isdigit() or ch in ".)-#* " for ch in before) \
        and "\n" in text


def _after_address(draft: Draft, tok: Token) -> bool:
    """«Уважаемая СИЛА ОЛИ!»: a name as the client typed it."""
    prev = draft.prev(tok)
    return prev is not None and prev.kind == "word" and prev.lemma in ("уважаемый", "дорогой")


def _bare_emoji(text: str) -> str:
    """An emoji without its variation selector and skin tone («❤️» → «❤»)."""
    return _EMOJI_MODIFIERS.sub("", text)


def _units(text: str) -> int:
    """How many smileys one emoji token holds: «:)))» and «)))» three, anything else one."""
    if text and all(ch == text[0] for ch in text) and text[0] in "()":
        return len(text)
    m = _ASCII_SMILEY.fullmatch(text)
    return len(text) - m.start(1) if m else 1


def _bracket_smileys(draft: Draft, brackets: list[Token]) -> list[_Smiley]:
    """Chat smileys made of brackets: «)))», «((( », «Спасибо)». A bracket that closes one
    opened before, a list marker («1)», «а)») and an opening bracket before a word are not."""
    text = draft.text
    tokens = draft.tokens
    out: list[_Smiley] = []
    depth = 0
    groups = _touching(brackets)
    for gi, group in enumerate(groups):
        chars = "".join(t.text for t in group)
        n = len(group)
        start, end = group[0].start, group[-1].end
        if chars == "(" * n:
            after = text[end:end + 1]
            opens = bool(after) and not after.isspace() and after not in ".,;:!?…"
            if not opens and n == 1:  # «нет( » is sad; «доплатить( брали … часа)» is spaced
                opens = _closed_later(groups, gi)
            if opens:
                depth += n  # opens a bracket: «(см. выше)»
                continue
            before = tokens[group[0].i - 1] if group[0].i > 0 else None
            after_word = before is not None and before.kind == "word" and before.end == start
            if n >= 2 or after_word:
                out.append(_Smiley(group[0], start, end, n))
        elif chars == ")" * n:
            closed = min(n, depth)
            depth -= closed
            rest = n - closed
            first = group[closed] if closed < n else group[-1]
            glued = text[:start].rsplit(None, 1)[-1] if start and not text[start - 1].isspace() \
                else ""  # the characters the bracket is glued to
            if "(" in glued or "/" in glued:
                continue  # the end of an address or of a bracket the tokens do not show
            if rest >= 2:
                out.append(_Smiley(first, first.start, end, rest))
            elif rest == 1 and not closed and len(glued) > 1 and glued.isalpha():
                out.append(_Smiley(first, start, end))  # «Спасибо)», not «1)» or «а)»
    return out


def _closed_later(groups: list[list[Token]], gi: int) -> bool:
    """A closing bracket follows the bracket group ``gi`` in its sentence."""
    sent = groups[gi][0].sent
    for group in groups[gi + 1:]:
        if group[0].sent != sent:
            return False
        if group[0].text == ")":
            return True
    return False


def _runs(text: str, smileys: list[_Smiley], removed: set[int]) -> dict[int, tuple[bool, bool]]:
    """For each smiley (by start): whether the smiley before it touches it, and whether every
    smiley of its run before it (smileys with only spaces between) goes whole. One pass in
    text order, so a reply of a thousand emoji stays linear."""
    out: dict[int, tuple[bool, bool]] = {}
    prev: _Smiley | None = None
    run_bare = True  # every smiley of the current run so far goes whole
    for m in sorted(smileys, key=lambda m: m.start):
        back = m.start
        while back > 0 and text[back - 1] in _SPACES:
            back -= 1
        if prev is not None and prev.end == back:
            touching, bare = prev.end == m.start, run_bare
        else:
            touching, bare = False, True
        out[m.start] = (touching, bare)
        run_bare = bare and m.start in removed
        prev = m
    return out


def _removal(draft: Draft, start: int, end: int, *, glued_before: bool = False,
             glued_after: bool = False, bare: bool = True) -> tuple[int, int, str] | None:
    """Span and replacement that remove the smiley at ``start..end`` cleanly, or ``None``
    when the sentence cannot be sure to stay whole.

    - with the space before it, unless another smiley touches it before (``glued_before``);
      only itself when another touches it after (``glued_after``): each fix works alone,
      and together they leave neither a smiley nor a space behind;
    - an emoji on a line of its own goes with its line;
    - where it ended a sentence and the word before is left ``bare`` (no smiley kept
      between), a full stop in its place («Готово 🙂 Ждём» → «Готово. Ждём»), also when it
      was glued to both words («отменён😔Деньги» → «отменён. Деньги»);
    - in brackets of its own («(😔)»), with the brackets.
    """
    text = draft.text
    if glued_after:  # «😔😔»: the first takes the space before, the last the full stop
        first = start
        while not glued_before and first > 0 and text[first - 1] in _SPACES:
            first -= 1
        return first, end, ""
    if start > 0 and end < len(text) and text[start - 1] == "(" and text[end] == ")":
        start, end = start - 1, end + 1  # «(😔)»
    first = start
    while not glued_before and first > 0 and text[first - 1] in _SPACES:
        first -= 1
    after = end
    while after < len(text) and text[after] in _SPACES:
        after += 1
    line_start = not glued_before and (first == 0 or text[first - 1] == "\n")
    line_end = after == len(text) or text[after] in "\r\n"
    if line_start and line_end:  # a line of its own: the line goes
        if after < len(text):
            return first, after + (2 if text.startswith("\r\n", after) else 1), ""
        newline = 2 if text.startswith("\r\n", first - 2) else 1  # a line break, whole
        return (first - newline if first > 0 else first), after, ""
    if line_start:
        if after > end and _JOINS_PREVIOUS.match(text, after):
            after -= 1  # a space a joiner hangs on is one grapheme with it
        return start, after, ""
    if line_end or (after == end and not text[end].isalnum()):
        return first, end, ""  # «Готово 🙂», «Готово 🙂!», «Готово 🙂, ждём»
    before = _char_before(draft, first)
    nxt = _next_letter(text, after)
    if nxt is None:
        return None  # «отменён 😔 2 билета»: a sentence may end there or not
    space = " " if after == end else ""  # «отменён😔Деньги» needs a space
    if bare and before.isalnum() and nxt.isupper():
        return first, end, "." + space
    return first, end, space if before not in "\n" else ""


_RUN_REACH = 32  # smileys and spaces looked back over for the word before them


def _char_before(draft: Draft, pos: int) -> str:
    """The character before ``pos``, looking back past smileys and spaces («Готово 🙂 🎉»);
    ``""`` past a run longer than any real one (a reply of emoji only stays linear)."""
    text = draft.text
    for _ in range(_RUN_REACH):
        if pos <= 0:
            break
        tok = draft.token_at(pos - 1)
        if tok is not None and tok.kind == "emoji":
            pos = tok.start
        elif text[pos - 1] in _SPACES:
            pos -= 1
        else:
            return text[pos - 1]
    else:
        return ""
    return "\n"


def _next_letter(text: str, pos: int) -> str | None:
    """The letter that opens what follows ``pos`` (past opening quotes and brackets);
    ``None`` when a number or a mixed-case word («iPhone») says nothing of a sentence start."""
    while pos < len(text) and text[pos] in "«\"„“([":
        pos += 1
    if pos >= len(text):
        return ""
    ch = text[pos]
    if ch.isdigit():
        return None
    if ch.isalpha() and ch.islower():
        word = regex.match(r"\w+", text[pos:])
        if word is not None and any(c.isupper() for c in word.group()[1:]):
            return None  # «iPhone»
    return ch


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
