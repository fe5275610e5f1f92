"""Property tests: any string gives valid offsets, applicable fixes and a schema-valid report."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tonecoach

PIECES = st.sampled_from([
    "ты", "тебе", "Твой", "напиши", "пришли", "вы", "Вас", "прав", "привет", "ок", "скинь",
    "тeбe", "«", "»", '"', "'", "„", "“", ",", ".", "!", "?", "—", "-", " ", "\n", "\u00a0",
    "\u00ad", "\u200b", "\u200d", "👍🏽", "👨‍👩‍👧", "🇷🇺", ":)", "<b>", "</b>", "https://x.ru/a",
    "a@b.ru", "@bot", "1 250", "\x00", "\x1b", "e\u0301", "Спасибо, что", "Вы должна",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=30).map("".join),
    st.lists(PIECES, max_size=15).map(" ".join),
    st.text(max_size=80),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_valid_offsets_and_fixes(text: str) -> None:
    report = tonecoach.check(text)
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
        # never split a surrogate pair's worth of code point: Python str offsets are code points
        assert text[s.start:s.end] or s.start == s.end
    fixed = tonecoach.apply_fixes(text, report.suggestions)
    assert isinstance(fixed, str)
    assert tonecoach.apply_fixes(text, list(reversed(report.suggestions))) == fixed
    assert tonecoach.Report.model_validate_json(report.model_dump_json()) == report
