"""The rule data is the single source: codes, handlers and lexicons are checked against it."""

from __future__ import annotations

import dataclasses

import pytest

import tonecoach
from tonecoach.checks import family_classes, plan
from tonecoach.errors import RuleDataError
from tonecoach.rulebook.book import builtin_rulebook, load_rule_file

BOOK = builtin_rulebook()


def families() -> list:  # type: ignore[type-arg]
    return [cls(BOOK) for cls in family_classes()]


def test_every_rule_has_one_check_and_every_check_a_rule() -> None:
    covered = [code for step in plan(BOOK, families()) for code in step.codes]
    assert sorted(covered) == sorted(BOOK.rules)


def test_a_rule_nobody_checks_is_refused() -> None:
    orphan = BOOK.rules["TC201"].model_copy(update={"code": "TC209", "name": "orphan"})
    book = dataclasses.replace(BOOK, rules={**BOOK.rules, "TC209": orphan})
    with pytest.raises(RuleDataError, match=r"empathy.yaml: TC209 \(orphan\) has no check"):
        plan(book, families())


def test_a_check_whose_rule_left_the_data_is_refused() -> None:
    book = dataclasses.replace(BOOK, rules={c: r for c, r in BOOK.rules.items() if c != "TC108"})
    with pytest.raises(RuleDataError, match=r"Formality\.check checks TC108, but formality\.yaml "
                                            r"has no such rule"):
        plan(book, families())


def test_a_single_rule_can_be_selected() -> None:
    coach = tonecoach.Coach(tonecoach.Config(select=["TC108"]))
    codes = [s.code for s in coach.check("Дружище, заказ уже в пути.").suggestions]
    assert codes == ["TC108"]


LEXICON_ERRORS = [
    ("ty_to_vy: [\"ты вы\", \"твой\"]", "lexicons.ty_to_vy[1]: expected two words («твой ваш»)"),
    ("thanks_words: [спасибо]\n  colour: red", "lexicons.colour: Extra inputs are not permitted"),
]


@pytest.mark.parametrize("change, message", LEXICON_ERRORS)
def test_lexicon_errors_name_the_file_and_the_entry(change: str, message: str) -> None:
    from importlib import resources

    text = resources.files("tonecoach.rules").joinpath("formality.yaml").read_text("utf-8")
    key = change.split(":")[0]
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}:"))
    end = at + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    broken = "\n".join([*lines[:at], f"  {change}", *lines[end:]])
    with pytest.raises(RuleDataError) as err:
        load_rule_file("formality.yaml", broken)
    assert str(err.value).startswith("formality.yaml: ") and message in str(err.value)


def test_verbal_noun_lines_are_typed() -> None:
    nouns = {v.noun: v for v in BOOK.lexicons.brevity.verbal_nouns}
    assert nouns["проверка"].perfective == "проверить"
    assert nouns["проверка"].case == "accs"
    with pytest.raises(RuleDataError, match=r"lexicons.verbal_nouns\[0\].*expected «noun"):
        from importlib import resources

        text = resources.files("tonecoach.rules").joinpath("brevity.yaml").read_text("utf-8")
        load_rule_file("brevity.yaml", text.replace("    - оплата оплатить оплачивать",
                                                    "    - оплата", 1))


def test_unless_must_name_a_phrase_lexicon() -> None:
    from importlib import resources

    from tonecoach.rulebook.book import check_unless, phrase_lexicons

    text = resources.files("tonecoach.rules").joinpath("empathy.yaml").read_text("utf-8")
    assert "unless: explanation_markers" in text
    broken = text.replace("unless: explanation_markers", "unless: explanations", 1)
    rule_file, lexicons = load_rule_file("empathy.yaml", broken)
    rule = next(r for r in rule_file.rules if r.code == "TC203")
    with pytest.raises(RuleDataError, match=r"empathy\.yaml: TC203: unless 'explanations' names "
                                            r"no phrase lexicon of the empathy family"):
        check_unless("empathy.yaml", rule, set(phrase_lexicons(lexicons)))
