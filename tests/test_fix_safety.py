"""Every fix leaves grammatical Russian: each quick fix alone, and «Исправить всё» to the
fixed point, on every rule example, the in-repo corpora and the shared evaluation sets.

The checks live in :mod:`tests.fix_safety` (``python benchmarks/fix_safety.py`` prints the
same as a report). One test per source collects every violation and fails listing them all;
the fast run takes the rule examples and a fixed sample of the corpora, ``-m slow`` the rest.
The last tests feed the harness hand-made bad fixes, so that it cannot pass silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tonecoach
from tonecoach.models import AppliedFix, Category, FixResult, Suggestion

from .fix_safety import (
    REPO,
    SHARED_EVAL,
    SHARED_SOURCES,
    Case,
    Change,
    Edit,
    Outcome,
    Trace,
    audit,
    audit_alone,
    audit_together,
    changed_words,
    check_change,
    in_repo_corpus_files,
    in_sample,
    jsonl_cases,
    new_suggestions,
    rule_example_cases,
    sentence_initial,
    shared_files,
    splice,
    summary,
)


def _assert_safe(outcome: Outcome, what: str) -> None:
    """Fail listing every violation, grouped by rule code and check."""
    assert outcome.drafts, f"{what}: no drafts were read"
    if outcome.violations:
        pytest.fail(f"{what}: {len(outcome.violations)} unsafe fixes\n"
                    + summary(outcome, examples=len(outcome.violations)), pytrace=False)


# --- the sources ------------------------------------------------------------------------------


def test_rule_example_fixes_are_safe(coach: tonecoach.Coach) -> None:
    _assert_safe(audit(coach, rule_example_cases()), "rule examples")


def test_corpus_sample_fixes_are_safe(coach: tonecoach.Coach) -> None:
    cases = [c for path in in_repo_corpus_files() for c in jsonl_cases(path, REPO)
             if in_sample(c)]
    assert 100 <= len(cases) <= 250, f"the fast sample has {len(cases)} drafts"
    _assert_safe(audit(coach, cases), "in-repo corpora, fast sample")


@pytest.mark.slow
@pytest.mark.parametrize("path", in_repo_corpus_files(), ids=lambda p: p.name)
def test_corpus_fixes_are_safe(coach: tonecoach.Coach, path: Path) -> None:
    _assert_safe(audit(coach, jsonl_cases(path, REPO)), str(path.relative_to(REPO)))


@pytest.mark.slow
@pytest.mark.parametrize("source", SHARED_SOURCES)
def test_shared_set_fixes_are_safe(coach: tonecoach.Coach, source: str) -> None:
    files = shared_files(source)
    if not files:
        pytest.skip(f"{SHARED_EVAL / source} is not there (the shared evaluation data "
                    "sits beside the repository, not in it)")
    cases = [c for f in files for c in jsonl_cases(f, SHARED_EVAL)]
    _assert_safe(audit(coach, cases), f"shared {source}")


# --- the harness catches each kind of breakage -------------------------------------------------


def _fake(text: str, fragment: str, replacement: str, *, nth: int = 0,
          category: Category = "brevity", code: str = "TC999") -> Suggestion:
    """A hand-made suggestion replacing the ``nth`` occurrence of ``fragment``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return Suggestion(code=code, name="fake", category=category, severity="warning",
                      message="test", start=start, end=start + len(fragment),
                      replacements=[replacement])


def _caught(coach: tonecoach.Coach, text: str, fragment: str, replacement: str,
            **kw: object) -> set[str]:
    """The checks that the harness fails for one fake fix applied alone."""
    s = _fake(text, fragment, replacement, **kw)  # type: ignore[arg-type]
    return {v.check for v in audit_alone(coach, Case("fake", text), s)}


BAD_FIXES = [
    # (draft, fragment, replacement, the check that must fail)
    ("Проверьте, у тебя есть доступ?", "тебя ", "вас", "glued"),
    ("Оплата прошла.Спасибо!", "прошла.", "прошла", "glued"),
    ("Мы пока не знаем, когда придёт ответ.", "пока", "До свидания", "capital"),
    ("Спасибо, что написали.", "что", "Что", "capital"),
    ("Заказ отправлен. Собственно, курьер приедет завтра.", "Собственно, ", "", "capital"),
    ("Заказ отправлен. Курьер приедет завтра.", ".", "", "sentence-end"),
    ("Заказ отправлен. Курьер приедет завтра.", "отправлен. Курьер", "отправлен, курьер",
     "sentence-end"),
    ("Заказ отправлен\nКурьер приедет завтра.", "\n", " ", "sentence-end"),
    ("Это в принципе работает.", "в принципе", "", "punctuation"),
    ("Спасибо, в принципе, всё готово.", "в принципе", "", "punctuation"),
    ("Готово. Курьер приедет завтра.", "Готово", "Готово.", "punctuation"),
    ("Оплата (в данный момент) прошла.", "в данный момент", "", "punctuation"),
    ("Нажмите «Оплатить» внизу.", "«", "", "punctuation"),
    ("**Причина:** сбой на сервере.", ":*", "", "punctuation"),
    ("Заказ в пути. Курьер приедет завтра.", "Курьер", ", курьер", "punctuation"),
    ("Мы проверили, вы правы. Деньги вернут вам завтра.", "вам", "Вам", "capital"),
    ("Что ты можешь о нем сказать?", "ты можешь о нем", "вы можете о немы", "governed"),
]


@pytest.mark.parametrize(("text", "fragment", "replacement", "check"), BAD_FIXES,
                         ids=[f"{c}:{r or '∅'}" for _, _, r, c in BAD_FIXES])
def test_harness_catches_a_bad_fix(coach: tonecoach.Coach, text: str, fragment: str,
                                   replacement: str, check: str) -> None:
    assert check in _caught(coach, text, fragment, replacement)


GOOD_FIXES = [
    ("Проверьте, у тебя есть доступ?", "тебя", "вас"),
    ("Это в принципе работает.", "в принципе ", ""),
    ("Спасибо, в принципе, всё готово.", ", в принципе,", ","),
    ("Собственно, фикс уже в ветке.", "Собственно, ф", "Ф"),
    ("Извините! Простите за задержку. Заказ в пути.", "Простите за задержку. ", ""),
    ("Заказ в пути.", "", "Простите за ожидание. "),
    ("Всё готово, забирайте)))", "))", ""),
    ("Мы проверили, Вы правы. Деньги вернут вам завтра.", "вам", "Вам"),
    ("Здравствуйте! Спасибо, что дождались.", "Здравствуйте!", "Здравствуйте, Ольга!"),
    ("Спасибо, что написали! Уже проверяем.", "Уже", "Мы уже"),
]


@pytest.mark.parametrize(("text", "fragment", "replacement"), GOOD_FIXES)
def test_harness_passes_a_clean_fix(text: str, fragment: str, replacement: str) -> None:
    """The text-reading checks raise no false alarm on fixes that are right."""
    s = _fake(text, fragment, replacement)
    edit = Edit(s.start, s.end, replacement, s.code)
    change = Change(text, (edit,), splice(text, [edit]))
    assert check_change(change) == []
    trace = Trace(text)
    trace.add(change)
    assert changed_words(trace, change.after) == []


def test_harness_catches_a_new_suggestion(coach: tonecoach.Coach) -> None:
    """A fix that brings in «ты» is flagged by the formality rules: something new."""
    text = "Вы можете проверить статус заказа в приложении."
    assert "new-suggestion" in _caught(coach, text, "Вы можете", "Ты можешь",
                                       category="formality")


def _sugg(text: str, fragment: str, code: str, *, category: Category = "formality",
          fix: str | None = None) -> Suggestion:
    start = text.index(fragment)
    return Suggestion(code=code, name="x", category=category, severity="warning",
                      message="m", start=start, end=start + len(fragment),
                      replacements=[fix] if fix is not None else [])


def test_new_suggestions_tells_new_from_old() -> None:
    """A relabelled leftover is old; the fixed suggestion flagged again is new; a leftover
    beside an edit of the same rule (an agreeing pair split) is new."""
    text = "Проверь, пожалуйста, твою почту."
    fixed = _sugg(text, "Проверь", "TC101", fix="Проверьте")
    left = _sugg(text, "твою", "TC101", fix="вашу")
    edit = Edit(fixed.start, fixed.end, "Проверьте", "TC101")
    trace = Trace(text)
    trace.add(Change(text, (edit,), splice(text, [edit])))
    out = trace.output
    relabelled = _sugg(out, "твою", "TC102")
    again = _sugg(out, "Проверьте", "TC101")
    assert new_suggestions(trace, [fixed, left], [left.model_copy(update={
        "start": relabelled.start, "end": relabelled.end}), relabelled],
        fixed=[fixed]) == []
    assert new_suggestions(trace, [fixed, left], [again], fixed=[fixed]) == [again]

    text = "Вы можете войти."
    fixed, partner = _sugg(text, "Вы", "TC103", fix="Ты"), _sugg(text, "можете", "TC103")
    edit = Edit(fixed.start, fixed.end, "Ты", "TC103")
    trace = Trace(text)
    trace.add(Change(text, (edit,), splice(text, [edit])))
    split = _sugg(trace.output, "можете", "TC102")
    assert new_suggestions(trace, [fixed, partner], [split], fixed=[fixed]) == [split]


def test_harness_catches_changed_words() -> None:
    """A result that is not the draft with the listed edits: a word outside them changed."""
    text = "Ваш заказ уже в пути, курьер приедет завтра."
    edit = Edit(text.index("уже"), text.index("уже") + 3, "сейчас", "TC999")
    change = Change(text, (edit,), splice(text, [edit]))
    trace = Trace(text)
    trace.add(change)
    problems = changed_words(trace, change.after.replace("завтра", "послезавтра"))
    assert [p.check for p in problems] == ["words"]


def test_harness_checks_every_round_of_fix_all(coach: tonecoach.Coach) -> None:
    """«Исправить всё» is replayed round by round: a second round that glues two words is
    caught and named by its round; applied fixes that do not give the result are caught."""
    text = "Привет! У тебя всё готово."
    first = "Здравствуйте! У тебя всё готово."
    second = "Здравствуйте! У васвсё готово."
    applied = [
        AppliedFix(code="TC106", name="greeting", category="formality", round=1, start=0,
                   end=6, before="Привет", after="Здравствуйте"),
        AppliedFix(code="TC101", name="ty-address", category="formality", round=2,
                   start=first.index("тебя"), end=first.index("тебя") + 5, before="тебя ",
                   after="вас"),
    ]
    result = FixResult(text=second, applied=applied, advice=[], rounds=2)
    found = audit_together(coach, Case("fake", text), result)
    assert any(v.check == "glued" and v.code == "TC101" and "round 2" in v.fix for v in found)

    lying = FixResult(text="Здравствуйте! У вас всё готово!", applied=applied[:1], rounds=1)
    assert any(v.check == "words" for v in audit_together(coach, Case("fake", text), lying))


@pytest.mark.parametrize(("text", "word", "initial"), [
    ("Заказ в пути. Курьер приедет.", "Курьер", True),
    ("Заказ в пути, Курьер приедет.", "Курьер", False),
    ("Готово!\n- Курьер приедет.", "Курьер", True),
    ("Он сказал: «Готово». Курьер приедет.", "Курьер", True),
    ("1) Курьер приедет.", "Курьер", True),
    ("Заказ (курьер) в пути.", "курьер", False),
])
def test_sentence_initial(text: str, word: str, initial: bool) -> None:
    assert sentence_initial(text, text.index(word)) is initial


def test_fast_sample_is_stable() -> None:
    """The fast sample is chosen by a hash of each draft's label, not by chance."""
    case = Case("benchmarks/real/replies.jsonl#leyka-1", "x")
    assert in_sample(case) == in_sample(Case(case.source, "y"))
