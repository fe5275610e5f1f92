"""Fix safety: mechanical checks that a fix leaves grammatical Russian.

An operator presses «Исправить всё» and sends what comes out; an editor applies one quick fix
at a time. DESIGN.md promises that a fix keeps every word it does not target, sentence ends and
clause commas, the right capital for its position — this module checks the promise on real
drafts, without knowing any rule:

- **alone**: each suggestion's first replacement applied by itself
  (``apply_fixes(text, [s], max_rounds=1)``), as an editor's quick fix;
- **together**: ``Coach.fix`` run to its fixed point, every round replayed from
  ``FixResult.applied`` (so each edit is checked in the text it was made in).

Every result is read again and must pass six checks (each a small function below, usable on
its own on any :class:`Change`):

=================  ====================================================================
``glued``          (a) no letter or digit pressed against another where an edit ends
``capital``        (b) no capital mid-sentence, no lower-case start of a capitalised
                   sentence, no name the edit wrote in lower case
``sentence-end``   (c) every sentence boundary outside removed text survives, and what
                   followed an edit at a sentence start still starts one (none fused)
``new-suggestion`` (d) re-checking finds nothing new of the fixed family (alone) / at all
                   (together); a problem only named anew is not new, a split agreement is
``words``          (e) every word outside the edits unchanged (and the result is the draft
                   with exactly the listed edits)
``punctuation``    (f) no doubled spaces or marks, no space before a comma or stop, no mark
                   glued to a word, no empty or unbalanced brackets, quotes, ``**``
``governed``       (g) a word an edit wrote right after a preposition can stand there (it
                   has a case a preposition governs: not «о немы»)
=================  ====================================================================

A problem is reported as a :class:`Violation` that names the check, the rule code, the draft,
the fix and the result; a draft on which the coach raises is a ``crash``.
``benchmarks/fix_safety.py`` runs all sources and prints the same as a report.

What the checks do not see: a word the edit itself mangled inside its span where grammar
allows it, agreement beyond «ты/вы» and its predicate, meaning («Пока, к сожалению» →
«До свидания, к сожалению»). Chat conventions are respected: a sentence may end
with a smiley or an emoji, a writer who starts sentences in lower case may go on doing so, a
space left at the very end of a line is not counted (it is invisible).
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path

import regex

from tonecoach.analysis.draft import Token, analyze
from tonecoach.coach import Coach
from tonecoach.examples import unmark
from tonecoach.fixes import apply_fixes
from tonecoach.models import Config, Context, FixResult, Suggestion
from tonecoach.rulebook.book import builtin_rulebook

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"  # the repo's ../shared

CHECKS = ("glued", "capital", "sentence-end", "new-suggestion", "words", "punctuation", "governed",
          "crash")

# ---------------------------------------------------------------------------------------------
# Sources of drafts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One draft to fix, with the conversation it belongs to and (for rule examples) the
    rule's config; ``source`` says where it comes from (``TC101 fail#0``, ``file.jsonl#id``)."""

    source: str
    text: str
    context: Context = field(default_factory=Context)
    config: Config | None = None


def rule_example_cases() -> list[Case]:
    """Every ``fail`` and ``pass`` example of every built-in rule, marks stripped, with the
    example's context (or the rule's shared one) and the rule's example config."""
    cases: list[Case] = []
    for code, rule in builtin_rulebook().rules.items():
        config = Config.model_validate(rule.examples.config) if rule.examples.config else None
        shared = rule.examples.context
        for i, fail in enumerate(rule.examples.fail):
            ctx = Context.model_validate(shared if fail.context is None else fail.context)
            cases.append(Case(f"{code} fail#{i}", unmark(fail.text)[0], ctx, config))
        for i, ok in enumerate(rule.examples.pass_):
            ctx = Context.model_validate(shared if ok.context is None else ok.context)
            cases.append(Case(f"{code} pass#{i}", ok.text, ctx, config))
    return cases


def jsonl_cases(path: Path, root: Path | None = None) -> list[Case]:
    """Drafts of a ``.jsonl`` corpus: the draft in ``text`` (or ``reply``), the client's
    message in ``client_message`` (or ``client``), the name in ``client_name``."""
    label = str(path.relative_to(root)) if root is not None else path.name
    cases: list[Case] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row.get("text") or row.get("reply") or ""
        ctx = Context(client_name=row.get("client_name") or None,
                      client_message=row.get("client_message") or row.get("client") or None)
        cases.append(Case(f"{label}#{row.get('id', n)}", text, ctx))
    return cases


def in_repo_corpus_files() -> list[Path]:
    """The corpora shipped in the repository: real replies and the blind sets."""
    return sorted((REPO / "benchmarks" / "real").glob("*.jsonl")) + sorted(
        (REPO / "benchmarks" / "blind").glob("cases_*.jsonl"))


SHARED_SOURCES = ("dev.jsonl", "dev2.jsonl", "real")


def shared_files(source: str) -> list[Path]:
    """The shared evaluation files of one source (``dev.jsonl``, ``dev2.jsonl`` or ``real``:
    every ``real/*.jsonl``); empty when ../shared/eval is not there (a user's clone)."""
    if source == "real":
        return sorted((SHARED_EVAL / "real").glob("*.jsonl"))
    path = SHARED_EVAL / source
    return [path] if path.is_file() else []


def in_sample(case: Case, one_in: int = 11) -> bool:
    """A deterministic sample that stays stable as corpora grow: about one case in
    ``one_in``, chosen by a hash of the case's source label."""
    digest = hashlib.sha1(case.source.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % one_in == 0


# ---------------------------------------------------------------------------------------------
# Edits and how they move offsets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """One replacement: ``before[start:end]`` of its change's text becomes ``after``;
    ``code`` and ``name`` say which rule made it."""

    start: int
    end: int
    after: str
    code: str
    name: str = ""


def splice(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (in text order, not overlapping) applied."""
    out, pos = [], 0
    for e in edits:
        out += [text[pos:e.start], e.after]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Change:
    """One pass of edits: ``before`` with ``edits`` (in text order, not overlapping) should
    give ``after``. The checks read a change; :meth:`spans`, :meth:`map` and :meth:`unmap`
    move offsets between the two texts."""

    before: str
    edits: tuple[Edit, ...]
    after: str

    def spans(self) -> list[tuple[int, int]]:
        """Where each edit's replacement lies in ``after``."""
        out, delta = [], 0
        for e in self.edits:
            out.append((e.start + delta, e.start + delta + len(e.after)))
            delta += len(e.after) - (e.end - e.start)
        return out

    def map(self, pos: int, *, right: bool = False) -> int:
        """An offset of ``before`` in ``after``. At an insertion point, before the inserted
        text; inside a replaced span, at the replacement's start (its end with ``right``)."""
        delta = 0
        for e in self.edits:
            if pos < e.start or (pos == e.start and not (right and pos == e.end)):
                break
            if pos < e.end:
                return e.start + delta + (len(e.after) if right else 0)
            delta += len(e.after) - (e.end - e.start)
        return pos + delta

    def unmap(self, pos: int) -> int | None:
        """The offset of ``before`` that ``pos`` of ``after`` comes from (None inside a
        replacement)."""
        delta = 0
        for (a, b), e in zip(self.spans(), self.edits, strict=True):
            if pos < a:
                break
            if pos < b:
                return None
            delta = e.end - b
        return pos + delta

    def describe(self, e: Edit) -> str:
        """«before» → «after» at an offset, for reports."""
        return f"{e.code} at {e.start}: «{self.before[e.start:e.end]}» → «{e.after}»"


class Trace:
    """Several changes one after another (the rounds of «Исправить всё»), followed from the
    original draft to the final text: per character of the output, the offset of the
    original it comes from (-1 for inserted text), and each edit's region in the output."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.output = original
        self.origin: list[int] = list(range(len(original)))
        self.regions: list[tuple[int, int, Edit]] = []
        self._kept: list[tuple[int, int]] | None = None  # (original offset, output offset)

    def add(self, change: Change) -> None:
        """Follow one more change (its ``before`` must be the current output)."""
        origin: list[int] = []
        pos = 0
        for e in change.edits:
            origin += self.origin[pos:e.start] + [-1] * len(e.after)
            pos = e.end
        origin += self.origin[pos:]
        self.regions = [(change.map(a), change.map(b, right=True), e)
                        for a, b, e in self.regions]
        self.regions += [(a, b, e) for (a, b), e in zip(change.spans(), change.edits,
                                                         strict=True)]
        self.origin = origin
        self.output = change.after
        self._kept = None

    @property
    def kept(self) -> list[tuple[int, int]]:
        """(offset in the original, offset in the output) of every character no edit
        touched, in order."""
        if self._kept is None:
            self._kept = [(o, j) for j, o in enumerate(self.origin) if o >= 0]
        return self._kept

    def survives(self, start: int, end: int) -> int | None:
        """Where ``original[start:end]`` stands in the output when no edit touched it (no
        character removed or replaced, nothing inserted inside); None otherwise."""
        kept = self.kept
        i = bisect_left(kept, (start, -1))
        if i + (end - start) > len(kept) or end <= start:
            return None
        o0, j0 = kept[i]
        o1, j1 = kept[i + end - start - 1]
        if o0 != start or o1 != end - 1 or j1 - j0 != end - start - 1:
            return None
        return j0

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``original[start:end]`` went in the output, widened over inserted text
        that touches it (an insertion has a point as its span)."""
        kept = self.kept
        i = bisect_left(kept, (start, -1))
        a = kept[i][1] if i < len(kept) else len(self.origin)
        k = bisect_left(kept, (end, -1)) - 1
        b = kept[k][1] + 1 if k >= 0 and kept[k][1] + 1 > a else a
        while a > 0 and self.origin[a - 1] == -1:
            a -= 1
        while b < len(self.origin) and self.origin[b] == -1:
            b += 1
        return a, b


# ---------------------------------------------------------------------------------------------
# Reading positions: sentence starts, names
# ---------------------------------------------------------------------------------------------

_SPACES = " \t\u00a0"
_ENDERS = ".!?…"
_OPENERS = "«\"„“'([{—–-*_#>•·"
_CLOSERS = "»\"”’')]}*_"
_LIST_PREFIX = re.compile(r"[\W_]*(?:(?:\d{1,3}|[a-zа-я])[.)][\W_]*)?", re.IGNORECASE)
# a smiley that ends a sentence: an emoticon with eyes, «))», an emoji, or a «)» that closes
# no bracket of its line
_SMILEY_END = regex.compile(
    r"(?:[:;=8][\-o^']?[)(DPpрР3*]+|\){2,}|\({2,}|\p{Extended_Pictographic}\uFE0F?"
    r"|(?<=^[^(]*)\))$")
_PROPER = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")
_VY_FORMS = frozenset(("вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "вашего",
                       "вашей", "вашему", "вашим", "вашими", "ваших", "вашу", "вашем"))
_WORDISH = ("word", "number", "url", "email", "handle")


def sentence_initial(text: str, pos: int) -> bool:
    """Whether a word at ``pos`` starts a sentence: between it and the text's start, a line
    break, a sentence-final mark (.!?…) or a smiley that ends a chat sentence («:)», «))»,
    an emoji) stand only spaces, opening quotes, brackets, dashes and list or Markdown marks
    («1) », «- », «**»), closing quotes after the mark."""
    line_start = text.rfind("\n", 0, pos) + 1
    if _LIST_PREFIX.fullmatch(text[line_start:pos]):
        return True
    i = pos - 1
    while i >= 0 and (text[i] in _SPACES or text[i] in _OPENERS):
        i -= 1
    if i >= line_start and _SMILEY_END.search(text[line_start:i + 1]):
        return True
    while i >= 0 and text[i] in _CLOSERS:
        i -= 1
    return i < 0 or text[i] in _ENDERS or text[i] == "\n"



def is_proper(tok: Token) -> bool:
    """A name, surname, patronymic, place, organisation or trade mark by its morphology:
    such parses of the dictionary weigh at least 0.3 («Вера», «Надежда», «Москве»; not «По»,
    the river Po, nor «Полы», nor a guess for an unknown word such as «Бэкапы»)."""
    weight: float = sum(p.score for p in tok.parses
                        if p.is_known and any(g in p.tag for g in _PROPER))
    return weight >= 0.3


def is_acronym(word: str) -> bool:
    """«API», «СМС», «ЛК» — or any word with a Latin letter (brands: «GitHub», «iOS»)."""
    letters = [c for c in word if c.isalpha()]
    return (len(letters) > 1 and all(c.isupper() for c in letters)) or any(
        "a" <= c.lower() <= "z" for c in letters)


def capitalised_mid_sentence(text: str) -> set[str]:
    """Words ``text`` itself writes with a capital in mid-sentence (its conventions:
    «Вы», «Личный кабинет», names the morphology does not know)."""
    return {t.text for t in analyze(text).tokens
            if t.kind == "word" and t.is_title and not sentence_initial(text, t.start)}


def capitalises_sentences(text: str) -> bool:
    """Whether the writer starts sentences with a capital (more often than not)."""
    starts = [t.text[0].isupper() for t in analyze(text).tokens
              if t.kind == "word" and t.text[0].isalpha() and sentence_initial(text, t.start)]
    return sum(starts) * 2 >= len(starts) if starts else True


def _first_word_from(tokens: Sequence[Token], pos: int) -> Token | None:
    return next((t for t in tokens if t.kind == "word" and t.start >= pos), None)


# ---------------------------------------------------------------------------------------------
# The checks: each takes a change (or a trace) and returns the problems it finds
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What one check found wrong with one edit."""

    check: str
    edit: Edit
    detail: str


def _excerpt(text: str, a: int, b: int, width: int = 40) -> str:
    left, right = max(0, a - width), min(len(text), b + width)
    s = ("…" if left else "") + text[left:a] + "⟦" + text[a:b] + "⟧" + text[b:right] + (
        "…" if right < len(text) else "")
    return s.replace("\n", "⏎")


def glued_words(change: Change) -> list[Problem]:
    """(a) At every edge of an edit in the result, a letter or digit directly against a
    letter or digit only where the original was joined there too (an edit inside a word)."""
    before, after = change.before, change.after

    def joined(s: str, i: int) -> bool:
        return 0 < i < len(s) and s[i - 1].isalnum() and s[i].isalnum()

    problems = []
    for (a, b), e in zip(change.spans(), change.edits, strict=True):
        was_left, was_right = joined(before, e.start), joined(before, e.end)
        edges = {a: was_left or (a == b and was_right), b: was_right or (a == b and was_left)}
        for q, allowed in edges.items():
            if joined(after, q) and not allowed:
                problems.append(Problem("glued", e, f"words glued: {_excerpt(after, q, q)}"))
    return problems


def misplaced_capitals(change: Change, *, draft: str | None = None,
                       names: Iterable[str] = ()) -> list[Problem]:
    """(b) The words an edit wrote, and the first word after it, keep the right capital.

    A capital in mid-sentence must be a proper name (by morphology, or a word of the
    client's ``names``), an acronym or Latin brand, a quoted title, «Вы/Ваш…» where the
    ``draft`` itself writes «Вы» mid-sentence, or a word the text already capitalised
    mid-sentence. A word that now starts a sentence the original started with a capital
    (or, for a new sentence, in a text that capitalises its sentences) must be capitalised,
    and so must a name the edit wrote (the client's, or a name by its likeliest parse).
    """
    before, after = change.before, change.after
    draft = before if draft is None else draft
    out = analyze(after).tokens
    own_caps = capitalised_mid_sentence(before) | capitalised_mid_sentence(draft)
    polite_vy = any(w.lower() in _VY_FORMS for w in own_caps)
    name_words = {w.lower() for n in names for w in re.findall(r"\w+", n)}
    before_tokens = analyze(before).tokens
    problems = []
    for (a, b), e in zip(change.spans(), change.edits, strict=True):
        nxt = _first_word_from(out, b)
        touched = [t for t in out if t.kind == "word" and t.start < b and t.end > a]
        if nxt is not None and nxt not in touched:
            touched.append(nxt)
        for t in touched:
            if not t.text[:1].isalpha():
                continue
            initial = sentence_initial(after, t.start)
            src = change.unmap(t.start) if t.start >= b else None  # a word the edit kept
            if t.text[0].isupper() and not initial:
                if src is not None and not sentence_initial(before, src):
                    continue  # capitalised mid-sentence in the original as well
                if is_proper(t) or t.norm in name_words or (polite_vy and t.norm in _VY_FORMS):
                    continue
                if src is None and (is_acronym(t.text) or t.quoted or t.text in own_caps):
                    continue  # written by the edit the way the text writes it elsewhere
                problems.append(Problem("capital", e, f"«{t.text}» is capitalised "
                                        f"mid-sentence: {_excerpt(after, t.start, t.end)}"))
            elif t.text[0].islower() and src is None and (t.norm in name_words or (
                    t.parses and t.parses[0].is_known
                    and any(g in t.parses[0].tag for g in ("Name", "Surn", "Patr")))):
                problems.append(Problem("capital", e, f"the name «{t.text}» is written in "
                                        f"lower case: {_excerpt(after, t.start, t.end)}"))
            elif t.text[0].islower() and initial:
                if src is not None and sentence_initial(before, src):
                    continue  # the writer started this sentence in lower case
                ref = next((r for r in before_tokens if r.start >= e.start
                            and r.kind in _WORDISH), None)
                if sentence_initial(before, e.start) and ref is not None and ref.kind == "word":
                    capital = ref.text[:1].isupper()
                else:
                    capital = capitalises_sentences(before)
                if capital:
                    problems.append(Problem("capital", e, f"sentence starts with lower-case "
                                            f"«{t.text}»: {_excerpt(after, t.start, t.end)}"))
    return problems


def lost_sentence_ends(change: Change, *, names: Iterable[str] = ()) -> list[Problem]:
    """(c) Every sentence boundary of the original outside removed text is still a
    boundary of the result, and no two sentences are fused.

    A boundary strictly inside an edit may go only with a sentence wholly inside it (the
    sentence before or after the boundary); otherwise the replacement must end a sentence
    too. The sentences are the analyzer's (.!?… before a token that can open a sentence,
    and line breaks), so a lost boundary whose next word still has its capital is reported
    as fused sentences.

    Apart from the analyzer's boundaries, the text that follows an edit and started a
    sentence (at the text's or a line's start, after a full stop) must still start one:
    an inserted sentence without its full stop («Понимаю, как это неприятно По данным…»)
    fuses with it. A name that follows may join the sentence before («Спасибо, Ольга»).
    """
    before, after = change.before, change.after
    if not change.edits:
        return []
    old, new = analyze(before), analyze(after)
    new_starts = {new.tokens[s.first].start for s in new.sentences}
    new_token_starts = [t.start for t in new.tokens]
    problems = []
    reported: set[int] = set()  # output offsets already reported
    for prev, sent in pairwise(old.sentences):
        b = old.tokens[sent.first].start
        prev_last = old.tokens[sent.first - 1] if sent.first > 0 else old.tokens[prev.last]
        # only an edit that touches the tokens on either side can move this boundary
        near = [e for e in change.edits
                if e.start <= old.tokens[sent.first].end and e.end >= prev_last.start]
        if not near:
            continue
        inside = next((e for e in near if e.start < b < e.end), None)
        if inside is not None:
            prev_start = old.tokens[prev.first].start
            if prev_start >= inside.start or old.tokens[sent.last].end <= inside.end:
                continue  # a sentence wholly inside the replaced text
            lo, hi = change.map(inside.start), change.map(inside.end, right=True)
            if not any(lo < x <= hi for x in new_starts):
                problems.append(Problem("sentence-end", inside, "sentence boundary lost "
                                        f"inside the edit: {_excerpt(after, lo, hi)}"))
            continue
        q = change.map(b)
        k = bisect_left(new_token_starts, q)
        if k >= len(new.tokens) or new.tokens[k].start in new_starts:
            continue
        first = new.tokens[k]
        e = min(near, key=lambda e: min(abs(e.start - b), abs(e.end - b)))
        what = ("sentences fused" if first.kind == "word" and first.text[:1].isupper()
                else "sentence end lost")
        problems.append(Problem("sentence-end", e,
                                f"{what}: {_excerpt(after, first.start, first.end)}"))
        reported.add(first.start)
    name_words = {w.lower() for n in names for w in re.findall(r"\w+", n)}
    old_starts = [t.start for t in old.tokens]
    for e in change.edits:
        k = bisect_left(old_starts, e.end)
        if k >= len(old.tokens) or not sentence_initial(before, old.tokens[k].start):
            continue
        tok = old.tokens[k]
        if tok.kind not in _WORDISH and tok.text not in "«\"„“([—–-":
            continue  # only what can open a sentence
        if tok.kind == "word" and (is_proper(tok) or tok.norm in name_words):
            continue
        q = change.map(tok.start, right=True)
        if q in reported or sentence_initial(after, q):
            continue
        problems.append(Problem("sentence-end", e, "the sentence after the edit lost its "
                                f"start: {_excerpt(after, q, q + len(tok.text))}"))
        reported.add(q)
    return problems


_BAD_PAIRS = re.compile(
    r"[ \t\u00a0]{2}"  # doubled space
    r"|[ \t\u00a0][,.;:!?…)»]"  # space before a comma, stop or closing bracket
    r"|[,;:][,.;:!?…]|[.!?…][,;:]|\.\.|!!"  # doubled marks
    r"|,[^\s\d\"»”’)\]*_]|[;!?…][^\s\d.!?…\"»”’)\]*_]|\.[A-ZА-ЯЁ«\"„(]"  # a mark glued
    r"|:[А-Яа-яЁё]|\)[^\W\d_]|\w«|\w[—–]|[^\W\d_]-\s"  # … to the word after it (or before)
    r"|^[ \t\u00a0,.;:!?]|\n[ \t\u00a0,.;:!?]"  # a line that starts with a space or a mark
)
_EMPTY = re.compile(r"\(\s*\)|«\s*»|„\s*“|“\s*”|\[\s*\]|\"\s*\"")
_PAIRS = (("(", ")"), ("«", "»"), ("„", "“"), ("[", "]"))
_EMOTICON = re.compile(r"[:;=8][\-o^']?[)(DPpрР\]\[3*]+")  # «:)», «;-(», «:P»


def _debris(text: str, lo: int, hi: int) -> Counter[str]:
    """The bad pairs of :data:`_BAD_PAIRS` that lie within ``text[lo:hi]``."""
    return Counter(m.group() for m in _BAD_PAIRS.finditer(text)
                   if m.start() >= lo and m.end() <= hi)


def _brackets(text: str) -> str:
    """``text`` without smileys: emoticons («:)») and a bare run of «)» or «(» («)))»)."""
    text = _EMOTICON.sub("", text)
    return "" if re.fullmatch(r"\s*(?:\)+|\(+)\s*", text) else text


def _unpaired(removed: str, added: str) -> list[str]:
    """The bracket and quote pairs that an edit of ``removed`` into ``added`` leaves
    unbalanced: it takes away or brings in one half of a pair and not the other (an edit
    of a smiley such as «:)» or «)))» aside)."""
    removed, added = _brackets(removed), _brackets(added)
    return [o + c for o, c in _PAIRS
            if removed.count(o) - added.count(o) != removed.count(c) - added.count(c)]


def punctuation_debris(change: Change) -> list[Problem]:
    """(f) An edit leaves no doubled spaces or marks («,,», «..», «, .»), no space before a
    comma or stop, no mark glued to the next word («,Ваш», «.Ваш»), no line that starts
    with a space or a mark — none that the original did not have at that place (two
    characters around the edit, before and after; a space left at the very end of a line
    is invisible and not counted) — no new empty brackets or quotes, and no bracket, quote,
    ``**`` or backtick left without its pair."""
    before, after = change.before, change.after
    problems = []
    for (a, b), e in zip(change.spans(), change.edits, strict=True):
        had = _debris(before, max(0, e.start - 2), min(len(before), e.end + 2))
        has = _debris(after, max(0, a - 2), min(len(after), b + 2))
        for pair in has - had:
            m = next(m for m in _BAD_PAIRS.finditer(after, max(0, a - 2))
                     if m.group() == pair)
            shown = pair.replace(" ", "␣").replace("\n", "⏎").replace("\u00a0", "⍽")
            problems.append(Problem("punctuation", e, f"«{shown}» left by the edit: "
                                    f"{_excerpt(after, m.start(), m.end())}"))
        for pair in _unpaired(before[e.start:e.end], e.after):
            problems.append(Problem("punctuation", e, f"«{pair}» left unpaired: "
                                    f"{_excerpt(after, a, b)}"))
    if not change.edits:
        return problems
    old_empty = _EMPTY.findall(before)
    new_empty = [m for m in _EMPTY.finditer(after) if m.group() not in old_empty]
    if len(_EMPTY.findall(after)) > len(old_empty) and new_empty:
        m = new_empty[0]
        culprit = min(change.edits, key=lambda e: abs(change.map(e.start) - m.start()))
        problems.append(Problem("punctuation", culprit, "empty brackets or quotes: "
                                f"{_excerpt(after, m.start(), m.end())}"))
    for mark in ("**", "`"):
        if before.count(mark) % 2 == 0 and after.count(mark) % 2 == 1:
            culprit = next((e for e in change.edits
                            if mark[0] in before[e.start:e.end] + e.after), change.edits[0])
            problems.append(Problem("punctuation", culprit, f"«{mark}» left unpaired by "
                                    f"{change.describe(culprit)}"))
    return problems


def changed_words(trace: Trace, output: str) -> list[Problem]:
    """(e) Every word (and number, link, address) of the original that no edit touched
    stands in ``output`` where the edits put it, unchanged.

    ``trace`` says what the edits were; ``output`` is what the fixing code really returned,
    so this also catches a result that is not the draft with exactly the listed edits. The
    changed words are then shown by aligning the two word sequences.
    """
    original = trace.original
    old = [t for t in analyze(original).tokens if t.kind in _WORDISH]
    blame = trace.regions[0][2] if trace.regions else Edit(0, 0, "", "?")
    wrong = []
    for t in old:
        j = trace.survives(t.start, t.end)
        if j is not None and output[j:j + len(t.text)] != t.text:
            wrong.append(t.text)
    if not wrong and output == trace.output:
        return []
    new = [t.text for t in analyze(output).tokens if t.kind in _WORDISH]
    matcher = SequenceMatcher(a=[t.text for t in old], b=new, autojunk=False)
    diffs = [f"{' '.join(t.text for t in old[i1:i2])!r} → {' '.join(new[j1:j2])!r}"
             for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return [Problem("words", blame, f"{len(wrong)} words outside the edits differ; the "
                    f"result is not the draft with the listed edits ({'; '.join(diffs[:5])})")]


_UNINFLECTED = frozenset(("ADVB", "NUMR", "PREP", "CONJ", "PRCL", "INTJ", "COMP", "PRED"))


def ungoverned_words(change: Change) -> list[Problem]:
    """(g) A word an edit wrote directly after a preposition must be able to stand there:
    some parse of it has a case other than the nominative, or it does not inflect («до
    завтра»). A short adjective or a verb after a preposition («о немы», «с помогите») is
    an inflection gone wrong."""
    out = analyze(change.after).tokens
    problems = []
    for (a, b), e in zip(change.spans(), change.edits, strict=True):
        for prev, t in pairwise(out):
            if not (a <= t.start < b) or t.kind != "word" or prev.kind != "word":
                continue
            if prev.tag is None or prev.tag.POS != "PREP" or not t.parses:
                continue
            if any(p.tag.POS in _UNINFLECTED or (p.tag.case not in (None, "nomn"))
                   for p in t.parses):
                continue
            problems.append(Problem("governed", e, f"«{t.text}» cannot follow «{prev.text}»: "
                                    f"{_excerpt(change.after, prev.start, t.end)}"))
    return problems


def check_change(change: Change, *, draft: str | None = None,
                 names: Iterable[str] = ()) -> list[Problem]:
    """The checks of one pass of edits that read only the texts: (a), (b), (c), (f), (g)."""
    names = list(names)
    return (glued_words(change) + misplaced_capitals(change, draft=draft, names=names)
            + lost_sentence_ends(change, names=names) + punctuation_debris(change)
            + ungoverned_words(change))


def _key(text: str, s: Suggestion) -> tuple[str, str]:
    return s.code, text[s.start:s.end]


def new_suggestions(trace: Trace, before: Sequence[Suggestion], after: Sequence[Suggestion],
                    *, fixed: Sequence[Suggestion] = (),
                    categories: Iterable[str] | None = None) -> list[Suggestion]:
    """(d) The suggestions of ``after`` (a check of the result) that were not in ``before``
    (a check of the draft), in the given categories (all by default).

    ``fixed`` are the suggestions whose fixes were applied: they are gone from ``before``, so
    a fix flagged again by its own rule counts as new. A suggestion counts as already there
    when ``before`` had one of the same code with the same fragment, or with a fragment that
    lies, after the edits, where the new one is (a long sentence that a fix shortened).

    A problem the draft had that is only named anew is not new either: «твою» flagged as
    mixed address after «Проверь» alone was fixed was flagged as «ты» before — one of the
    same category that lay there. Except when an edit of the rule that flagged it stands in
    the same clause and the two are a subject «ты/вы» and its predicate: words that agree
    were split, one fixed and one not («Вы можете» → «Ты можете», «что ты от меня
    хотите»), and that is new. (Mixed «вы» and «твой» in one sentence after one fix of
    several is left to the fixes still to come.)
    """
    wanted = None if categories is None else set(categories)
    pool = [s for s in before if wanted is None or s.category in wanted]
    for s in fixed:
        if s in pool:
            pool.remove(s)
    unfixed = list(pool)
    counts = Counter(_key(trace.original, s) for s in pool)
    left: list[Suggestion] = []
    for s in after:
        if wanted is not None and s.category not in wanted:
            continue
        k = _key(trace.output, s)
        if counts[k] > 0:
            counts[k] -= 1
            pool.remove(next(p for p in pool if _key(trace.original, p) == k))
        else:
            left.append(s)
    new: list[Suggestion] = []
    for s in left:
        here = [p for p in pool if _touch(trace.map_span(p.start, p.end), (s.start, s.end))]
        match = next((p for p in here if p.code == s.code), None)
        if match is not None:
            pool.remove(match)
            continue
        # named anew: any problem of the family the draft had there (matched or not)
        if not any(p.category == s.category and not _split_agreement(trace, p.code, s)
                   and _touch(trace.map_span(p.start, p.end), (s.start, s.end))
                   for p in unfixed):
            new.append(s)
    return new


# what ends a clause between two words: punctuation, a line break, a conjunction that opens
# a clause of its own (the comma before «что» is often left out in chats)
_CLAUSE_BREAK = re.compile(r"[,.;:!?…—–()«»\"\n]|\s-\s|(?<!\w)(?:что|чтобы|если|когда|где|"
                           r"куда|откуда|котор\w*|но|а|или)(?!\w)", re.IGNORECASE)


_PREDICATE = frozenset(("VERB", "ADJS", "PRTS"))


def _subject_and_predicate(x: str, y: str) -> bool:
    """Whether one of two fragments holds the pronoun «ты»/«вы» and the other a verb or a
    short adjective or participle (what agrees with it)."""
    def pronoun(t: str) -> bool:
        return any(w.norm in ("ты", "вы") for w in analyze(t).tokens)

    def predicate(t: str) -> bool:
        return any(w.tag is not None and w.tag.POS in _PREDICATE for w in analyze(t).tokens)

    return (pronoun(x) and predicate(y)) or (pronoun(y) and predicate(x))


def _split_agreement(trace: Trace, code: str, s: Suggestion) -> bool:
    """Whether an edit of rule ``code`` and ``s`` are a subject and its predicate in one
    clause (nothing between them that breaks a clause: a comma, a stop, a dash, a bracket,
    a quote, a line break, «что», «если», «который»…)."""
    out = trace.output
    for a, b, e in trace.regions:
        if e.code != code:
            continue
        gap = out[b:s.start] if b <= s.start else out[s.end:a] if s.end <= a else ""
        if not _CLAUSE_BREAK.search(gap) and _subject_and_predicate(out[a:b],
                                                                     out[s.start:s.end]):
            return True
    return False


def _touch(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


# ---------------------------------------------------------------------------------------------
# Running fixes and collecting violations
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One broken promise: which check, which rule, on which draft, with what fix and
    result."""

    check: str
    code: str
    name: str  # the rule's name ('' when several rules are blamed)
    mode: str  # "alone" | "together"
    source: str
    draft: str
    fix: str
    result: str
    detail: str

    def __str__(self) -> str:
        draft = self.draft if len(self.draft) <= 300 else self.draft[:300] + "…"
        result = self.result if len(self.result) <= 300 else self.result[:300] + "…"
        rule = f"{self.code} {self.name}".strip()
        return (f"[{self.check}] {rule} ({self.mode}) — {self.source}\n"
                f"    draft:  {draft!r}\n    fix:    {self.fix}\n"
                f"    result: {result!r}\n    why:    {self.detail}")


@dataclass
class Outcome:
    """What running the harness over some drafts found."""

    drafts: int = 0
    alone: int = 0  # fixes tried one at a time
    together: int = 0  # drafts fixed with «Исправить всё» (at least one fix applied)
    together_fixes: int = 0  # fixes applied in those runs, all rounds
    violations: list[Violation] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.drafts += other.drafts
        self.alone += other.alone
        self.together += other.together
        self.together_fixes += other.together_fixes
        self.violations += other.violations


def _names(case: Case) -> list[str]:
    return [case.context.client_name] if case.context.client_name else []


def audit_alone(coach: Coach, case: Case, s: Suggestion,
                report: Sequence[Suggestion] | None = None) -> list[Violation]:
    """Apply ``s``'s first replacement by itself to ``case.text`` (as an editor's quick fix)
    and run every check on the result; ``report`` is the draft's check (made when None)."""
    text = case.text
    if report is None:
        report = coach.check(text, config=case.config, context=case.context).suggestions
    result = apply_fixes(text, [s], max_rounds=1)
    edit = Edit(s.start, s.end, s.replacements[0], s.code, s.name)
    change = Change(text, (edit,), splice(text, [edit]))
    trace = Trace(text)
    trace.add(change)
    problems = changed_words(trace, result)
    if result == change.after:
        problems += check_change(change, names=_names(case))
        after = coach.check(result, config=case.config, context=case.context).suggestions
        for n in new_suggestions(trace, report, after, fixed=[s], categories=[s.category]):
            problems.append(Problem("new-suggestion", edit, f"{n.code} ({n.name}) now flags "
                                    f"{_excerpt(result, n.start, n.end)}"))
    fix = change.describe(edit)
    return [Violation(p.check, s.code, s.name, "alone", case.source, text, fix, result,
                      p.detail) for p in problems]


def replay(text: str, result: FixResult) -> tuple[list[Change], list[str]]:
    """The rounds of a :class:`FixResult`, rebuilt from ``applied`` (each round's offsets
    are in that round's text), and what does not add up (a ``before`` that is not in the
    text, a final text other than ``result.text``)."""
    changes: list[Change] = []
    errors: list[str] = []
    current = text
    for rnd in sorted({a.round for a in result.applied}):
        fixes = sorted((a for a in result.applied if a.round == rnd),
                       key=lambda a: (a.start, a.end))
        for a in fixes:
            if current[a.start:a.end] != a.before:
                errors.append(f"round {rnd}: {a.code} says it replaced «{a.before}» at "
                              f"{a.start}, the text there is «{current[a.start:a.end]}»")
        edits = tuple(Edit(a.start, a.end, a.after, a.code, a.name) for a in fixes)
        change = Change(current, edits, splice(current, edits))
        changes.append(change)
        current = change.after
    if current != result.text:
        errors.append("the applied fixes do not give the result's text")
    return changes, errors


def audit_together(coach: Coach, case: Case, result: FixResult | None = None,
                   report: Sequence[Suggestion] | None = None) -> list[Violation]:
    """Run «Исправить всё» (``Coach.fix``) on ``case`` (or take its ``result``), replay it
    round by round and run every check: (a)(b)(c)(f) on each round, (e) and (d) from the
    draft to the final text."""
    text = case.text
    if report is None:
        report = coach.check(text, config=case.config, context=case.context).suggestions
    if result is None:
        result = coach.fix(text, config=case.config, context=case.context)
    if not result.applied:
        return []
    changes, errors = replay(text, result)
    trace = Trace(text)
    violations: list[Violation] = []

    def add(p: Problem, change: Change | None, rnd: int | None) -> None:
        fix = (f"round {rnd}: {change.describe(p.edit)}" if change is not None and rnd
               else _applied_summary(result))
        violations.append(Violation(p.check, p.edit.code, p.edit.name, "together",
                                    case.source, text, fix, result.text, p.detail))

    for rnd, change in enumerate(changes, 1):
        for p in check_change(change, draft=text, names=_names(case)):
            add(p, change, rnd)
        trace.add(change)
    for err in errors:
        add(Problem("words", Edit(0, 0, "", "+".join(sorted({a.code for a in result.applied}))),
                    err), None, None)
    for p in changed_words(trace, result.text):
        add(p, None, None)
    if not errors:
        after = coach.check(result.text, config=case.config, context=case.context).suggestions
        round_one = [s for s in report if any(
            a.round == 1 and a.code == s.code and a.start == s.start and a.end == s.end
            for a in result.applied)]
        for n in new_suggestions(trace, report, after, fixed=round_one):
            # blamed: the applied fixes of the new suggestion's family, else those whose
            # edits touch it, else all of them
            kin = {a.code for a in result.applied if a.category == n.category}
            near = {e.code for a, b, e in trace.regions if _touch((a, b), (n.start, n.end))}
            code = "+".join(sorted(kin or near or {a.code for a in result.applied}))
            add(Problem("new-suggestion", Edit(n.start, n.end, "", code),
                        f"{n.code} ({n.name}) now flags "
                        f"{_excerpt(result.text, n.start, n.end)}"), None, None)
    return violations


def _applied_summary(result: FixResult) -> str:
    return "; ".join(f"r{a.round} {a.code} «{a.before}» → «{a.after}»" for a in result.applied)


def audit_case(coach: Coach, case: Case) -> Outcome:
    """Every fix of ``case`` alone, then all of them together."""
    out = Outcome(drafts=1)
    report = coach.check(case.text, config=case.config, context=case.context).suggestions
    for s in report:
        if not s.replacements or case.text[s.start:s.end] == s.replacements[0]:
            continue
        out.alone += 1
        out.violations += audit_alone(coach, case, s, report)
    result = coach.fix(case.text, config=case.config, context=case.context)
    if result.applied:
        out.together += 1
        out.together_fixes += len(result.applied)
        out.violations += audit_together(coach, case, result, report)
    return out


def audit(coach: Coach, cases: Iterable[Case]) -> Outcome:
    """Run the harness over ``cases``; a draft on which checking or fixing raises is
    reported as a ``crash`` violation and the run goes on."""
    total = Outcome()
    for case in cases:
        try:
            total.add(audit_case(coach, case))
        except Exception as exc:  # the rules are edited in parallel: report, keep going
            total.drafts += 1
            total.violations.append(Violation("crash", "?", "", "check", case.source,
                                              case.text, "-", "-",
                                              f"{type(exc).__name__}: {exc}"))
    return total


def summary(outcome: Outcome, *, examples: int = 3) -> str:
    """Counts per check and per rule code, then up to ``examples`` violations per
    (code, check)."""
    lines = [f"{outcome.drafts} drafts; fixes tried alone: {outcome.alone}; drafts fixed "
             f"together: {outcome.together} ({outcome.together_fixes} fixes applied); "
             f"violations: {len(outcome.violations)}"]
    by_check = Counter(v.check for v in outcome.violations)
    lines.append("per check: " + ", ".join(f"{c} {by_check[c]}" for c in CHECKS if by_check[c]))
    by_code = Counter(v.code for v in outcome.violations)
    lines.append("per code:  " + ", ".join(f"{c} {n}" for c, n in sorted(by_code.items())))
    groups: dict[tuple[str, str], list[Violation]] = defaultdict(list)
    for v in outcome.violations:
        groups[(v.code, v.check)].append(v)
    for (code, check), vs in sorted(groups.items()):
        modes = Counter(v.mode for v in vs)
        lines.append(f"\n=== {code} / {check}: {len(vs)} "
                     f"({', '.join(f'{m} {n}' for m, n in sorted(modes.items()))})")
        lines += [str(v) for v in vs[:examples]]
    return "\n".join(lines)
