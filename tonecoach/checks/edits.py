"""Edits several families share: removing a phrase cleanly, and finding where the reply's
body starts (after a greeting or an address line)."""

from __future__ import annotations

from tonecoach.analysis.draft import Draft, Token
from tonecoach.rulebook.matcher import Match

GREETINGS = "empathy:greetings"  # the empathy lexicon of greetings
_MAX_OPENING_WORDS = 6
_SENTENCE_END = frozenset(".!?…")


def drop_span(draft: Draft, first: Token, last: Token) -> tuple[int, int, str]:
    """Span and replacement that remove ``first..last`` cleanly: «, в принципе,» with its
    commas; at a sentence start with the comma after it, the next word capitalised."""
    text = draft.text
    prev, nxt = draft.prev(first), draft.next(last)
    if prev is not None and prev.text == "," and nxt is not None and nxt.text == ",":
        return prev.start, nxt.end, ""
    if prev is not None and prev.text == "," and (nxt is None or nxt.text in _SENTENCE_END):
        return prev.start, last.end, ""  # «…, Анна.» → «….»
    end = nxt.end if nxt is not None and nxt.text == "," else last.end
    while end < len(text) and text[end] in " \t\u00a0":
        end += 1
    if draft.sentence_start(first):
        following = draft.next(last, words_only=True)
        if following is not None and following.start == end and following.sent == first.sent:
            return first.start, following.end, following.text[:1].upper() + following.text[1:]
    return first.start, end, ""



def body_start(draft: Draft, greetings: list[Match]) -> tuple[int, str, str]:
    """Where the reply's body starts: after an opening sentence that greets or addresses the
    client («Здравствуйте, Ольга!», «Уважаемый Алексей!»), else at the first word."""
    sentences = draft.sentences
    if not sentences:
        return 0, "", " "
    first = sentences[0]
    if not _is_opening(draft, first.first, first.last, first.words, greetings):
        return draft.tokens[first.first].start, "", " "
    if len(sentences) > 1:
        return draft.tokens[sentences[1].first].start, "", " "
    return draft.tokens[first.last].end, " ", ""


def _is_opening(draft: Draft, first: int, last: int, words: list[Token],
                greetings: list[Match]) -> bool:
    if not words or len(words) > _MAX_OPENING_WORDS:
        return False
    start, end = draft.tokens[first].start, draft.tokens[last].end
    if any(start <= g.start < end for g in greetings):
        return True
    # «Алексей!» — an address line of names only
    return len(words) <= 3 and draft.tokens[last].text == "!" and all(w.is_title for w in words)
