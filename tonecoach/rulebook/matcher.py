"""The pattern engine: finds every rule's phrases and token patterns in one pass over a draft.

Phrases and patterns compile to the same slots (:mod:`tonecoach.rulebook.patterns`). Each
pattern is indexed by one *anchor*: a required slot with known spellings or lemmas, the rarest
one where there is a choice (a content word rather than «вы» or «не»). A draft costs one
dictionary lookup per word (cached per word form); only the few words that anchor something
are matched outward, slot by slot, with greedy backtracking over optional and repeated slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tonecoach.analysis import morph
from tonecoach.analysis.caching import BoundedCache
from tonecoach.analysis.draft import Draft, Token, fold, normalize_word
from tonecoach.analysis.tokenize import tokenize
from tonecoach.rulebook.patterns import UNBOUNDED, Slot, compile_slot
from tonecoach.rulebook.schema import Entry, Pattern, PhraseEntry, TokenEntry

GAP = "…"  # in a phrase: up to GAP_WORDS words of the same clause
GAP_WORDS = 3
SOFT_PUNCT = frozenset(",—–-‐")  # stepped over between words; other marks end a match
_WORDISH = frozenset({"word", "number"})
_GAPPABLE = frozenset({"word", "number", "url", "email", "handle"})
_NEGATIONS = frozenset({"не", "ни"})
_BETWEEN_NEGATION = frozenset({"уже", "ещё", "еще", "вообще", "совсем", "очень", "всегда",
                               "так", "сразу", "же", "ведь", "и", "даже", "никак", "вовсе"})
_WEAK_ANCHOR_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED"})


class Match(NamedTuple):
    """A phrase or pattern found in the draft: tokens ``first..last`` (inclusive). (A named
    tuple: made several times per draft, and much cheaper so than a frozen dataclass.)"""

    first: Token
    last: Token
    entry: Entry
    key: str  # which rule (code) or lexicon («family:name») it belongs to

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.last.end


_FAR = 64  # an entry's antipatterns longer than this are tried over the whole sentence

@dataclass(eq=False, slots=True)
class _Compiled:
    slots: tuple[Slot, ...]
    anchor: int
    entry: Entry
    key: str
    guarded: bool = False  # the entry has antipatterns of its own
    # keys the word right after / before the anchor must have (a cheap first test), if known
    next_keys: frozenset[str] | None = None
    prev_keys: frozenset[str] | None = None

    def __post_init__(self) -> None:
        self.next_keys = _neighbour_filter(self.slots, self.anchor + 1, 1)
        self.prev_keys = _neighbour_filter(self.slots, self.anchor - 1, -1)


def _neighbour_filter(slots: tuple[Slot, ...], i: int, step: int) -> frozenset[str] | None:
    """The spellings or lemmas one of which the word next to the anchor (towards ``step``)
    must have: the keys of the optional slots there and of the first required one, when they
    all have keys (``None``: no such shortcut; the pattern may also end before any of them)."""
    keys: set[str] = set()
    while 0 <= i < len(slots):
        slot = slots[i]
        if slot.punct or slot.gap or slot.negate:
            return None
        found = _slot_keys(slot)
        if not found or (slot.texts is not None
                         and not (slot.forms or slot.lemmas or slot.either)):
            return None
        keys |= found
        if slot.lo >= 1:
            return frozenset(keys)
        i += step
    return None


class Matcher:
    """Finds phrases and token patterns, every inflection of each word, in one pass."""

    def __init__(self, frequent: Sequence[str] = ()) -> None:
        """``frequent``: lemmas most frequent first; patterns are anchored on rarer words."""
        self._rank = {fold(w): i for i, w in enumerate(frequent)}
        self._index: dict[str, list[_Compiled]] = {}
        self._by_norm: BoundedCache[str, Anchored | None] = BoundedCache()
        # (anchor, word before, word after) → the anchored patterns the neighbours allow
        self._in_context: BoundedCache[tuple[str, str, str], tuple[_Compiled, ...]] = \
            BoundedCache()
        self._keys: set[str] = set()
        self._anti: dict[str, str] = {}  # key → the key of its antipatterns
        # an entry's own antipatterns, tried only around that entry's matches
        self._entry_anti: dict[int, Matcher] = {}  # id(entry) → a matcher of its antipatterns
        self._entries: list[Entry] = []  # keeps the ids above alive
        self.patterns = 0
        self.reach = UNBOUNDED  # as an entry's antipatterns: the most tokens one spans

    def add(self, key: str, entries: Iterable[Entry],
            antipatterns: Sequence[Pattern] = ()) -> None:
        """Register ``entries`` under ``key`` (a rule code, or «family:name» for a lexicon);
        a match overlapping one of ``antipatterns`` is dropped."""
        self._keys.add(key)
        for entry in entries:
            guarded = False
            if isinstance(entry, TokenEntry) and entry.antipatterns:
                guarded = True
                sub = Matcher()
                sub._rank = self._rank
                own = TokenEntry(tokens=list(entry.antipatterns))
                sub.add("anti", [own])
                sub.reach = max(sum(slot.hi for slot in slots)
                                for slots in _compile_entry(own))
                self._entries.append(entry)
                self._entry_anti[id(entry)] = sub
            for slots in _compile_entry(entry):
                self._index_pattern(_Compiled(slots, _choose_anchor(slots, self._rank),
                                              entry, key, guarded=guarded))
        if antipatterns:
            anti = f"{key}!anti"
            self._anti[key] = anti
            self.add(anti, [TokenEntry(tokens=list(antipatterns))])
        self._by_norm.clear()
        self._in_context.clear()

    def has(self, key: str) -> bool:
        """Whether anything was registered under ``key``."""
        return key in self._keys

    def _index_pattern(self, compiled: _Compiled) -> None:
        self.patterns += 1
        for k in _slot_keys(compiled.slots[compiled.anchor]):
            self._index.setdefault(k, []).append(compiled)

    # -- finding ---------------------------------------------------------------------------------

    def find(self, draft: Draft, *, skip_quoted: bool = True,
             anchors: Sequence[tuple[Token, Anchored]] | None = None,
             ) -> dict[str, list[Match]]:
        """Every match by key, in text order. Of the matches of one key, one that lies inside
        another is left out («вы сами виноваты», not also «сами виноваты»); a match that an
        antipattern of its key or of its entry overlaps is dropped. ``anchors`` (each word
        with its :meth:`candidates`), when given, spare the look-up of every word."""
        if anchors is None:
            found = self._scan(draft, draft.tokens, skip_quoted)
        else:
            found = self._walk_anchors(draft, anchors, skip_quoted)
        grouped: dict[str, list[Match]] = {}
        for m in found:
            if m.key in grouped:
                grouped[m.key].append(m)
            else:
                grouped[m.key] = [m]
        for key, matches in grouped.items():
            if len(matches) > 1:
                grouped[key] = _outermost(matches)
        for key, anti in self._anti.items():
            blockers = grouped.pop(anti, None)
            if blockers is not None and key in grouped:
                grouped[key] = [m for m in grouped[key] if not _blocked(m, blockers, anti)]
                if not grouped[key]:
                    del grouped[key]
        return grouped

    def _entry_blocked(self, draft: Draft, m: Match, skip_quoted: bool) -> bool:
        """Whether an antipattern of ``m``'s entry overlaps it (tried in its sentence only)."""
        sub = self._entry_anti.get(id(m.entry))
        if sub is None:
            return False
        sentence = draft.sentences[m.first.sent]
        lo, hi = sentence.first, sentence.last
        if sub.reach < _FAR:  # bounded antipatterns: only around the match, so that a long
            margin = 2 * sub.reach + 4  # sentence of many matches stays linear
            lo, hi = max(lo, m.first.i - margin), min(hi, m.last.i + margin)
        anti = sub._scan(draft, draft.tokens[lo:hi + 1], skip_quoted)
        return _blocked(m, anti, "anti")

    def _scan(self, draft: Draft, scope: Sequence[Token], skip_quoted: bool) -> list[Match]:
        """Every match anchored in ``scope`` (tokens of ``draft``), before any filtering."""
        anchors: list[tuple[Token, Anchored]] = []
        for tok in scope:
            if tok.kind not in _WORDISH or (skip_quoted and tok.quoted):
                continue
            anchored = self.candidates(tok)
            if anchored is not None:
                anchors.append((tok, anchored))
        return self._walk_anchors(draft, anchors, skip_quoted)

    def candidates(self, tok: Token) -> Anchored | None:
        """The patterns a word may anchor (``None`` for most words; cached per form)."""
        if tok.norm in self._by_norm:
            return self._by_norm[tok.norm]
        return self._by_norm.put(tok.norm, self._candidates(tok))

    def _walk_anchors(self, draft: Draft, anchors: Sequence[tuple[Token, Anchored]],
                      skip_quoted: bool) -> list[Match]:
        found: list[Match] = []
        tokens = draft.tokens
        in_context = self._in_context
        for tok, anchored in anchors:
            chosen = anchored.patterns
            if anchored.near:  # keep those the words before and after allow (cached)
                before = _neighbour(draft, tok.i, -1, skip_quoted) if anchored.before else None
                after = _neighbour(draft, tok.i, 1, skip_quoted) if anchored.after else None
                key = (tok.norm, before.norm if before else "", after.norm if after else "")
                known = in_context.get(key)
                if known is None:
                    known = in_context.put(key, anchored.allowed(before, after))
                chosen = known
            for c in chosen:
                slot = c.slots[c.anchor]
                if slot.contextual and not _context_ok(slot, tok, draft):
                    continue
                last = _walk(draft, c.slots, c.anchor + 1, tok.i, skip_quoted, 1)
                if last is None:
                    continue
                first = _walk(draft, c.slots, c.anchor - 1, tok.i, skip_quoted, -1)
                if first is None:
                    continue
                m = Match(tokens[first], tokens[last], c.entry, c.key)
                if _in_compound(draft, m.first, m.last):
                    continue
                if isinstance(c.entry, PhraseEntry) and c.entry.alone and \
                        not _stands_alone(draft, m.first, m.last):
                    continue
                if c.guarded and self._entry_blocked(draft, m, skip_quoted):
                    continue
                found.append(m)
        return found

    def _candidates(self, tok: Token) -> Anchored | None:
        """Patterns anchored on this word form whose anchor slot it passes."""
        out: list[_Compiled] = []
        form, lemmas = word_keys(tok)
        for k in (form, *lemmas):
            for c in self._index.get(k, ()):
                if c not in out and _form_ok(c.slots[c.anchor], tok):
                    out.append(c)
        return Anchored(tuple(out)) if out else None


class Anchored:
    """The patterns one word form anchors, and whether the words beside it narrow them."""

    __slots__ = ("after", "before", "near", "patterns")

    def __init__(self, patterns: tuple[_Compiled, ...]) -> None:
        self.patterns = patterns
        self.before = any(c.prev_keys is not None for c in patterns)
        self.after = any(c.next_keys is not None for c in patterns)
        self.near = self.before or self.after

    def allowed(self, before: Token | None, after: Token | None) -> tuple[_Compiled, ...]:
        """The patterns whose slots next to the anchor the neighbouring words (``None`` at a
        clause edge) may fill."""
        keys_before = _all_keys(before)
        keys_after = _all_keys(after)
        return tuple(c for c in self.patterns
                     if (c.next_keys is None or c.next_keys & keys_after)
                     and (c.prev_keys is None or c.prev_keys & keys_before))


# -- compiling ------------------------------------------------------------------------------------

def _compile_entry(entry: Entry) -> list[tuple[Slot, ...]]:
    if isinstance(entry, TokenEntry):
        return [tuple(compile_slot(s) for s in pattern) for pattern in entry.patterns]
    return [_phrase_slots(entry)]


def _phrase_slots(entry: PhraseEntry) -> tuple[Slot, ...]:
    """A phrase as slots: each word by its spelling or lemma, «…» a gap of up to three words."""
    slots: list[Slot] = []
    for w in phrase_words(entry.phrase):
        if w == GAP:
            slots.append(Slot(lo=0, hi=GAP_WORDS, gap=True))
            continue
        form = fold(normalize_word(w))
        if entry.match == "exact":
            slots.append(Slot(exact=w, forms=frozenset({form})))
        elif entry.match == "form":
            slots.append(Slot(forms=frozenset({form})))
        else:
            slots.append(Slot(either=frozenset({form}),
                              lemmas=frozenset({fold(morph.lemma(w))})))
    if slots[0].gap or slots[-1].gap:
        raise ValueError(f"phrase {entry.phrase!r}: a gap (…) must stand between words")
    return tuple(slots)


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as the analyzer splits them («из-за» → «из», «за»), with gaps."""
    words: list[str] = []
    for chunk in phrase.split():
        if chunk == GAP:
            words.append(GAP)
        else:
            words.extend(chunk[s:e] for s, e, kind in tokenize(chunk) if kind in _WORDISH)
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    return words


def _slot_keys(slot: Slot) -> frozenset[str]:
    keys: set[str] = set()
    for part in (slot.either, slot.forms, slot.lemmas, slot.texts):
        if part:
            keys.update(fold(k) for k in part)
    return frozenset(keys)


def _choose_anchor(slots: tuple[Slot, ...], rank: Mapping[str, int]) -> int:
    """The slot (exactly one word, known spellings or lemmas) expected to occur least: each
    key weighs by its lemma's rank among frequent words (``rank``; a word missing there is
    rare). Without a table, content words go before function words."""
    best: tuple[float, int] | None = None
    for i, slot in enumerate(slots):
        if slot.lo != 1 or slot.hi != 1 or slot.negate or slot.gap or slot.punct:
            continue
        keys = _slot_keys(slot)
        if not keys:
            continue
        cost = sum(_weight(k, rank) for k in keys)
        if slot.texts and not slot.lemmas and not slot.forms and not slot.either:
            cost *= 2  # an exact spelling is found through its lower case
        if best is None or cost < best[0]:
            best = (cost, i)
    if best is None:
        raise ValueError("a pattern needs a required slot with LEMMA, LOWER or ORTH values")
    return best[1]


_RARE = 5_000


def _weight(key: str, rank: Mapping[str, int]) -> float:
    """How often a key is expected to occur, roughly 1/rank by Zipf's law."""
    if not rank:
        return 1.0 if _is_function_word(key) else 0.01
    found = rank.get(key)
    if found is None:
        found = rank.get(fold(morph.lemma(key)), _RARE)
    return 1.0 / (found + 10)


def _is_function_word(word: str) -> bool:
    parses = morph.parse(word)
    return bool(parses) and str(parses[0].tag.POS) in _WEAK_ANCHOR_POS


# -- testing one token against one slot --------------------------------------------------

_WORD_KEYS: BoundedCache[str, tuple[str, frozenset[str]]] = BoundedCache()  # (form, lemmas)


def word_keys(tok: Token) -> tuple[str, frozenset[str]]:
    """A word's spelling and all its lemmas, ё written as е (cached per spelling)."""
    keys = _WORD_KEYS.get(tok.norm)
    if keys is None:
        keys = _WORD_KEYS.put(
            tok.norm, (fold(tok.norm), frozenset(fold(str(p.normal_form)) for p in tok.parses)))
    return keys


_ALL_KEYS: BoundedCache[str, frozenset[str]] = BoundedCache()  # form → spelling and lemmas
_NONE: frozenset[str] = frozenset()


def _all_keys(tok: Token | None) -> frozenset[str]:
    """A word's spelling and all its lemmas (none for ``None``)."""
    if tok is None:
        return _NONE
    keys = _ALL_KEYS.get(tok.norm)
    if keys is None:
        form, lemmas = word_keys(tok)
        keys = _ALL_KEYS.put(tok.norm, lemmas | {form})
    return keys


def _neighbour(draft: Draft, i: int, direction: int, skip_quoted: bool) -> Token | None:
    """The word a single-word slot would take next to token ``i`` (``None`` when the clause
    ends there)."""
    k = _next_in_clause(draft, i, direction, skip_quoted)
    if k is None or draft.tokens[k].kind not in _WORDISH:
        return None
    return draft.tokens[k]


def _form_ok(slot: Slot, tok: Token) -> bool:
    """The part of a slot's test that depends on the word form only (cached per form)."""
    cached = slot._by_form.get(tok.norm)
    if cached is None:
        cached = _form_test(slot, tok)
        if len(slot._by_form) >= 20_000:
            slot._by_form.clear()
        slot._by_form[tok.norm] = cached
    return cached


def _form_test(slot: Slot, tok: Token) -> bool:
    if slot.punct:
        return tok.kind == "punct"
    if slot.gap:
        return tok.kind in _GAPPABLE
    if tok.kind not in _WORDISH:
        return False
    if slot.like_num is not None and slot.like_num != (tok.kind == "number"):
        return False
    form, lemmas = word_keys(tok)
    if slot.either is not None:  # a phrase word: its spelling, or any lemma of the token
        return form in slot.either or bool(slot.lemmas and slot.lemmas & lemmas)
    if slot.forms is not None and form not in slot.forms:
        return False
    if slot.not_forms is not None and form in slot.not_forms:
        return False
    if not slot.reads_parses:
        return True
    return any(_parse_ok(slot, p) for p in tok.parses)


def _parse_ok(slot: Slot, parse: morph.Parse) -> bool:
    lemma = fold(str(parse.normal_form))
    if slot.lemmas is not None and lemma not in slot.lemmas:
        return False
    if slot.not_lemmas is not None and lemma in slot.not_lemmas:
        return False
    tag = parse.tag
    pos = str(tag.POS)
    if slot.pos is not None and pos not in slot.pos:
        return False
    if slot.not_pos is not None and pos in slot.not_pos:
        return False
    grammemes = tag.grammemes
    if slot.morph_all and not slot.morph_all <= grammemes:
        return False
    if slot.morph_any is not None and not slot.morph_any & grammemes:
        return False
    return not (slot.morph_none and slot.morph_none & grammemes)


def _context_ok(slot: Slot, tok: Token, draft: Draft) -> bool:
    """The part of a slot's test that depends on the token in its place."""
    if slot.exact is not None and tok.text not in (slot.exact,
                                                   slot.exact[:1].upper() + slot.exact[1:]):
        return False
    if slot.texts is not None and tok.text not in slot.texts:
        return False
    if slot.not_texts is not None and tok.text in slot.not_texts:
        return False
    if slot.title is not None and slot.title != (tok.text[:1].isupper()):
        return False
    if slot.upper is not None and slot.upper != (tok.text.isupper() and len(tok.text) > 1):
        return False
    if slot.sent_start is not None and slot.sent_start != draft.sentence_start(tok):
        return False
    return slot.neg is None or slot.neg == negated(draft, tok)


def negated(draft: Draft, tok: Token) -> bool:
    """«не»/«ни» right before the word, or before one particle or adverb in between
    («не пришёл», «не сразу пришёл», «ничего не работает»)."""
    prev = _prev_word(draft, tok)
    if prev is None:
        return False
    if prev.norm in _NEGATIONS:
        return True
    if prev.norm in _BETWEEN_NEGATION:
        before = _prev_word(draft, prev)
        return before is not None and before.norm in _NEGATIONS
    return False


def _prev_word(draft: Draft, tok: Token) -> Token | None:
    j = tok.i - 1
    tokens = draft.tokens
    while j >= 0:
        t = tokens[j]
        if t.sent != tok.sent:
            return None
        if t.kind in _WORDISH:
            return t
        if t.kind == "punct" and t.text not in SOFT_PUNCT:
            return None
        j -= 1
    return None


# -- walking slots outward from the anchor ------------------------------------------------

def _step(draft: Draft, j: int, direction: int, slot: Slot, skip_quoted: bool) -> int | None:
    """The next token a slot may take after (or before) token ``j``, within the clause."""
    if slot.punct:
        tokens = draft.tokens
        k = j + direction
        if 0 <= k < len(tokens) and tokens[k].sent == tokens[j].sent \
                and tokens[k].kind == "punct":
            return k
        return None
    return _next_in_clause(draft, j, direction, skip_quoted)


def _next_in_clause(draft: Draft, j: int, direction: int, skip_quoted: bool) -> int | None:
    """The next token after (or before) token ``j`` that is no punctuation, within its clause:
    commas, dashes and emoji are stepped over; other marks, the sentence edge and (with
    ``skip_quoted``) a quote end it. :func:`_walk` inlines this loop for speed."""
    tokens = draft.tokens
    sent = tokens[j].sent
    k = j + direction
    while 0 <= k < len(tokens):
        t = tokens[k]
        if t.sent != sent:
            return None
        kind = t.kind
        if kind == "punct":
            if t.text in SOFT_PUNCT:
                k += direction
                continue
            return None
        if kind == "emoji":
            k += direction
            continue
        if skip_quoted and t.quoted:
            return None
        return k
    return None


def _walk(draft: Draft, slots: tuple[Slot, ...], si: int, j: int, skip_quoted: bool,
          step: int) -> int | None:
    """Match slots from ``si`` on in direction ``step`` (1: forward, -1: backward) after
    token ``j``; the last token matched, or ``None``."""
    tokens = draft.tokens
    count = len(tokens)
    while 0 <= si < len(slots):
        slot = slots[si]
        if not slot.single:
            break
        # _next_in_clause and _test inlined for the plain case, one word per slot: the hot loop
        if slot.punct:
            nxt = _step(draft, j, step, slot, skip_quoted)
            if nxt is None:
                return None
        else:
            sent = tokens[j].sent
            k = j + step
            while 0 <= k < count:
                t = tokens[k]
                if t.sent != sent:
                    return None
                kind = t.kind
                if kind == "punct":
                    if t.text in SOFT_PUNCT:
                        k += step
                        continue
                    return None
                if kind == "emoji":
                    k += step
                    continue
                if skip_quoted and t.quoted:
                    return None
                break
            else:
                return None
            nxt = k
        tok = tokens[nxt]
        ok = slot._by_form.get(tok.norm)
        if ok is None:
            ok = _form_ok(slot, tok)
        if not ok or (slot.contextual and not _context_ok(slot, tok, draft)):
            return None
        j = nxt
        si += step
    else:
        return j
    taken = [j]  # a slot with a count: greedy, then back off
    cur = j
    by_form = slot._by_form
    while len(taken) - 1 < slot.hi:
        nxt = _step(draft, cur, step, slot, skip_quoted)
        if nxt is None:
            break
        tok = tokens[nxt]
        ok = by_form.get(tok.norm)
        if ok is None:
            ok = _form_ok(slot, tok)
        if ok and slot.contextual:
            ok = _context_ok(slot, tok, draft)
        if ok == slot.negate:
            break
        taken.append(nxt)
        cur = nxt
    for n in range(len(taken) - 1, slot.lo - 1, -1):
        end = _walk(draft, slots, si + step, taken[n], skip_quoted, step)
        if end is not None:
            return end
    return None


# -- filters on whole matches ------------------------------------------------------------

def _blocked(m: Match, others: Iterable[Match], anti: str | None) -> bool:
    """Whether a match of key ``anti`` among ``others`` overlaps ``m``."""
    return anti is not None and any(
        a.key == anti and a.first.i <= m.last.i and m.first.i <= a.last.i for a in others)


def _outermost(matches: list[Match]) -> list[Match]:
    """Of matches of one key, drop each lying within another (the first entry wins a tie);
    the rest in text order."""
    ordered = sorted(matches, key=lambda m: (m.start, -m.end))
    kept: list[Match] = []
    reach = -1  # the end of the widest match kept so far
    for m in ordered:
        if reach >= m.end:
            continue
        kept.append(m)
        reach = max(reach, m.end)
    return kept


def _in_compound(draft: Draft, first: Token, last: Token) -> bool:
    """The match is glued by a hyphen to a neighbouring word: «ок-код», «тв-приставка» (a word
    repeated, «простите-простите», is two words, not a compound)."""
    tokens = draft.tokens
    before = tokens[first.i - 1] if first.i > 0 else None
    if before is not None and before.text in "-‐" and before.end == first.start and \
            first.i > 1 and tokens[first.i - 2].kind == "word" \
            and tokens[first.i - 2].end == before.start \
            and tokens[first.i - 2].norm != first.norm:
        return True
    after = tokens[last.i + 1] if last.i + 1 < len(tokens) else None
    return (after is not None and after.text in "-‐" and after.start == last.end
            and last.i + 2 < len(tokens) and tokens[last.i + 2].kind == "word"
            and tokens[last.i + 2].start == after.end
            and tokens[last.i + 2].norm != last.norm)


def _stands_alone(draft: Draft, first: Token, last: Token) -> bool:
    """Nothing but punctuation (or the text edge) directly before and after the phrase."""
    before = draft.prev(first)
    after = draft.next(last)
    ok_before = before is None or before.kind != "word" or before.sent != first.sent
    ok_after = after is None or after.kind in ("punct", "emoji") or after.sent != last.sent
    return ok_before and ok_after
