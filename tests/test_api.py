"""The public API: names, models, context, config files, fixes and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import tonecoach
from tonecoach import Config, Context, Report, Suggestion, apply_fixes


def test_public_names() -> None:
    for name in tonecoach.__all__:
        assert getattr(tonecoach, name) is not None
    with pytest.raises(AttributeError):
        _ = tonecoach.no_such_name  # type: ignore[attr-defined]


def test_import_is_light() -> None:
    code = "import sys, tonecoach; print('spacy' in sys.modules, 'pymorphy3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_check_returns_a_report_of_suggestions() -> None:
    report = tonecoach.check("Напиши нам.")
    assert isinstance(report, Report)
    [s] = report.suggestions
    assert isinstance(s, Suggestion)
    assert (s.code, s.name, s.category, s.severity) == ("TC101", "ty-address", "formality",
                                                        "warning")
    assert report.text[s.start:s.end] == "Напиши"
    assert s.replacements == ["Напишите"]
    assert report.fixed_text == "Напишите нам."
    assert report  # truthy when it has suggestions
    assert not tonecoach.check("Напишите нам.")


def test_report_json_roundtrip_and_schema(tmp_path: Path) -> None:
    report = tonecoach.check("Привет! Напиши нам.")
    data = json.loads(report.model_dump_json())
    assert Report.model_validate(data) == report
    schema = Report.model_json_schema()
    assert set(schema["$defs"]["Suggestion"]["required"]) >= {"code", "start", "end"}


def test_context_and_keywords_are_equivalent(coach: tonecoach.Coach) -> None:
    text = "Ольга, напиши нам."
    a = coach.check(text, client_name="Ольга", client_message="Где заказ?")
    b = coach.check(text, context=Context(client_name="Ольга", client_message="Где заказ?"))
    assert a == b


def test_keywords_override_context(coach: tonecoach.Coach) -> None:
    from tonecoach.coach import _merge_context

    merged = _merge_context(Context(client_name="Анна", client_message="?"), "Ольга", None)
    assert merged == Context(client_name="Ольга", client_message="?")


def test_models_are_frozen_and_strict() -> None:
    with pytest.raises(ValidationError):
        Config(adress="ты")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Config(address="он")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Suggestion(code="TC101", name="x", category="formality", severity="info",
                   message="m", start=5, end=2)
    config = Config()
    with pytest.raises(ValidationError):
        config.address = "ты"  # type: ignore[misc]


def test_config_from_files(tmp_path: Path) -> None:
    own = tmp_path / "tonecoach.toml"
    own.write_text('address = "ты"\nignore = ["tc105"]\n', encoding="utf-8")
    assert Config.from_file(own) == Config(address="ты", ignore=["TC105"])
    project = tmp_path / "pyproject.toml"
    project.write_text('[tool.tonecoach]\ncapital_vy = "lower"\n', encoding="utf-8")
    assert Config.from_file(project).capital_vy == "lower"
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert Config.discover(sub).address == "ты"  # tonecoach.toml wins over pyproject.toml


@pytest.mark.parametrize("text", ["", " ", "\n\t  \u00a0"])
def test_empty_text_gives_an_empty_report(text: str) -> None:
    assert tonecoach.check(text).suggestions == []


@pytest.mark.parametrize("bad", [None, 42, b"\xd1\x82\xd1\x8b", ["ты"]])
def test_non_str_is_a_clear_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        tonecoach.check(bad)  # type: ignore[arg-type]


def test_too_long_text_is_a_clear_error() -> None:
    with pytest.raises(tonecoach.TextTooLongError, match="limit"):
        tonecoach.check("ты " * 10, config=Config(max_text_length=10))


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01ты\x1b[31m тебе\u200b\u00ad\ufeff <b>тебе</b>&nbsp;напиши",
        "<p>Привет, <b>ты</b> можешь</p>",
        "Мы отправили те\u00adбе код \U0001F468\u200d\U0001F469\u200d\U0001F467 и тебе\u00a0тоже",
        "«" * 300 + "ты" + "»" * 3,
        "ты" * 5_000,
    ],
)
def test_odd_input_keeps_offsets_valid(text: str) -> None:
    report = tonecoach.check(text)
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]
    assert isinstance(apply_fixes(text, report.suggestions), str)


def _sugg(start: int, end: int, fix: str, code: str = "TC101") -> Suggestion:
    return Suggestion(code=code, name="n", category="formality", severity="info",
                      message="m", start=start, end=end, replacements=[fix])


def test_apply_fixes_is_order_independent_and_skips_overlaps() -> None:
    text = "abcdef"
    fixes = [_sugg(0, 2, "X"), _sugg(1, 3, "Y"), _sugg(4, 4, "+"), _sugg(4, 4, "-", "TC102"),
             _sugg(5, 6, "Z")]
    want = "Xcd+eZ"
    assert apply_fixes(text, fixes) == want
    assert apply_fixes(text, list(reversed(fixes))) == want


def test_apply_fixes_rejects_foreign_suggestions() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        apply_fixes("ab", [_sugg(0, 5, "x")])


def test_fixes_applied_in_any_order_give_the_same_text() -> None:
    text = "Привет! Ты можешь скинуть твой номер, напиши нам щас."
    report = tonecoach.check(text)
    forward = apply_fixes(text, report.suggestions)
    assert apply_fixes(text, report.suggestions[::-1]) == forward
    assert forward == "Здравствуйте! Вы можете прислать ваш номер, напишите нам сейчас."
    assert tonecoach.check(forward).suggestions == []


def test_one_coach_shared_by_threads_gives_sequential_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    drafts = [f"Привет! Напиши нам, заказ №{i} уже в пути, твой курьер {i}." for i in range(300)]
    coach = tonecoach.Coach()
    sequential = [coach.check(d) for d in drafts]
    fresh = tonecoach.Coach()
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(fresh.check, drafts))
    assert parallel == sequential
