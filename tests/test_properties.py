"""Property tests on the public API: any string gives valid offsets that respect graphemes,
fixes that apply in any order and converge, and a report that matches the exported schema."""

from __future__ import annotations

import functools
import json

import jsonschema
import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tonecoach
from tonecoach.rulebook.book import builtin_rules


@functools.cache
def rule_words() -> list[str]:
    """Words of the rules' own examples: the Russian the rules are about."""
    words: set[str] = set()
    for rule in builtin_rules().values():
        for text in [c.text for c in rule.examples.fail] + [p.text for p in rule.examples.pass_]:
            words.update(regex.findall(r"\p{Cyrillic}+", text.replace("[[", "").replace("]]", "")))
    return sorted(words)


ODD = [
    "тeбe", "Тыı", "ВЫ", "«", "»", '"', "'", "„", "“", "‹", ",", ".", "!", "?", "…", "—", "-",
    " ", "\n", "\r\n", "\t", "\u00a0", "\u00ad", "\u200b", "\u200d", "\u2028", "\ufeff",
    "👍🏽", "👨‍👩‍👧", "🇷🇺", "1️⃣", ":)", "<3", "<b>", "</b>", "<script>", "&amp;", "https://x.ru/a?b=1",
    "a@b.ru", "@bot", "+7 999 123-45-67", "1 250 ₽", "\x00", "\x1b", "\x7f", "e\u0301",
    "и\u0306", "\U0001d54f", "Спасибо, что", "Вы должна", "Никита", "Любовь", "Вера",
]
PIECES = st.one_of(st.sampled_from(ODD), st.builds(lambda: None).flatmap(
    lambda _: st.sampled_from(rule_words())))
TEXTS = st.one_of(
    st.lists(PIECES, max_size=30).map("".join),
    st.lists(PIECES, max_size=20).map(" ".join),
    st.text(max_size=80),
)
NAMES = st.one_of(st.none(), st.sampled_from(["Ольга", "Никита", "Любовь Петровна", "Вера", "x"]))
SCHEMA = tonecoach.Report.model_json_schema()
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def grapheme_bounds(text: str) -> set[int]:
    bounds = {0}
    for m in regex.finditer(r"\X", text):
        bounds.add(m.end())
    return bounds


@PROFILE
@given(TEXTS, TEXTS, NAMES)
@example("тебе\u200d👍 ок", "", None)  # a zero-width joiner glues «е» to the emoji's grapheme
@example("Ты\u0301 можешь, Ольга\u0306!", "Где заказ?!", "Ольга")
def test_any_text_gives_valid_offsets_and_fixes(text: str, message: str, name: str | None) -> None:
    report = tonecoach.check(text, client_name=name, client_message=message)
    bounds = grapheme_bounds(text)
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.start in bounds and s.end in bounds, (s.code, text[s.start:s.end])
    fixed = tonecoach.apply_fixes(text, report.suggestions)
    assert isinstance(fixed, str)
    assert tonecoach.apply_fixes(text, list(reversed(report.suggestions))) == fixed
    data = json.loads(report.model_dump_json())
    jsonschema.validate(data, SCHEMA)
    assert tonecoach.Report.model_validate(data) == report


@PROFILE
@given(TEXTS, NAMES)
def test_fixes_converge(text: str, name: str | None) -> None:
    """Fixing, checking the result and fixing again (the same codes) settles in a few rounds:
    a fix never brings back what another fix removed."""
    codes = {s.code for s in tonecoach.check(text, client_name=name).suggestions
             if s.replacements}
    seen = [text]
    for _ in range(4):
        report = tonecoach.check(seen[-1], client_name=name)
        nxt = tonecoach.apply_fixes(seen[-1], [s for s in report.suggestions if s.code in codes])
        if nxt == seen[-1]:
            return
        assert nxt not in seen, f"fixes go round in circles: {[*seen, nxt]}"
        seen.append(nxt)
    pytest.fail(f"fixes did not settle in 4 rounds: {seen}")


@pytest.mark.parametrize("text", ["\ud83d", "a\udc00b ты", "\ud800\udc00", "тебе\udfff"])
def test_lone_surrogates_are_handled(text: str) -> None:
    report = tonecoach.check(text)
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
    assert isinstance(tonecoach.apply_fixes(text, report.suggestions), str)
