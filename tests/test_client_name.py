"""The client's name: the name table, parsing, and the traps (homonyms, male names in -а,
other people's names)."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach import Config
from tonecoach.context.client_name import CASES, parse_client_name
from tonecoach.rulebook.book import builtin_first_names

from .conftest import codes

NAMES = builtin_first_names().names


def test_the_table_is_big_enough() -> None:
    assert len(NAMES) >= 150


@pytest.mark.parametrize("full", sorted(NAMES))
def test_full_names_decline_in_all_six_cases(full: str) -> None:
    name = parse_client_name(full)
    assert name is not None and name.first is not None
    assert set(name.first.forms) == set(CASES), name.first.forms
    assert name.first.nominative.replace("ё", "е") == full.replace("ё", "е")


def test_every_familiar_form_maps_back_to_its_full_names() -> None:
    back: dict[str, set[str]] = {}
    for full, familiar in NAMES.items():
        for f in familiar:
            back.setdefault(f, set()).add(full)
    for full, familiar in NAMES.items():
        parsed = parse_client_name(full)
        assert parsed is not None
        for f in familiar:
            assert full in back[f]
            assert f.lower().replace("ё", "е") in parsed.familiar


def test_full_name_with_surname_and_patronymic() -> None:
    name = parse_client_name("Иванов Пётр Алексеевич")
    assert name is not None and name.first and name.patronymic and name.surname
    assert (name.first.nominative, name.patronymic.nominative, name.surname.nominative) == (
        "Пётр", "Алексеевич", "Иванов")
    assert name.address == "Пётр Алексеевич" and name.gender == "masc"
    assert parse_client_name("Анна Сергеевна").gender == "femn"  # type: ignore[union-attr]


@pytest.mark.parametrize(("client", "draft"), [
    ("Ольга", "Ольга, добрый день! Есть надежда, что рейс вылетит по расписанию."),
    ("Надежда", "Надежда, здравствуйте! Надежда на скорый ответ есть: заявку уже взяли."),
    ("Вера", "Вера, добрый день! Мы верим, что вера в лучшее поможет."),
    ("Любовь", "Любовь, добрый день! Сумма пересчитана, новая уже в личном кабинете."),
    ("Лев", "Лев, здравствуйте! Игрушечный лев уже в пути."),
    ("Роза", "Роза, здравствуйте! Букет с белой розой доставят завтра."),
    ("Никита", "Уважаемый Никита, благодарим за отзыв."),
    ("Илья", "Илья, вы правы: подписку подключили без вашего согласия."),
    ("Савва", "Добрый день, Савва! Заказ передан курьеру."),
    ("Ольга", "Ольга, добрый день! Курьер Олег позвонит вам за час."),
    ("Ольга Викторовна", "Ольга Викторовна, здравствуйте! Приём перенесён на 16:30."),
    ("Ksusha Uchiha", "Уважаемая Ksusha Uchiha! Благодарим за отзыв."),
    ("royce1936", "Уважаемый royce1936! Благодарим за отзыв. Ждём вас снова. До встречи."),
    ("110015 Пшеничный", "Уважаемый 110015! Благодарим за отзыв. Ждём вас. До встречи."),
])
def test_no_false_alarms(coach: tonecoach.Coach, client: str, draft: str) -> None:
    assert codes(coach.check(draft, client_name=client), "TC5") == []


def test_male_name_in_a_declines_as_male(coach: tonecoach.Coach) -> None:
    text = "Уважаемая Никита, благодарим за отзыв."
    report = coach.check(text, client_name="Никита")
    assert tonecoach.apply_fixes(text, report.suggestions) == (
        "Уважаемый Никита, благодарим за отзыв.")
    text = "Добрый день, Никиты!"
    report = coach.check(text, client_name="Никита")
    assert tonecoach.apply_fixes(text, report.suggestions) == "Добрый день, Никита!"


def test_familiar_form_keeps_its_case(coach: tonecoach.Coach) -> None:
    text = "Мы позвоним Диме завтра. Дима, спасибо за терпение."
    report = coach.check(text, client_name="Дмитрий")
    assert tonecoach.apply_fixes(text, report.by_category("name")) == (
        "Мы позвоним Дмитрию завтра. Дмитрий, спасибо за терпение.")


def test_client_named_by_familiar_form_is_not_corrected(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Саша, добрый вечер!", client_name="Саша"), "TC5") == []


def test_unused_name_keeps_proper_nouns_capitalised(coach: tonecoach.Coach) -> None:
    text = "Здравствуйте! Москва закрыта для доставки. Ждём открытия. Потом отправим заказ."
    report = coach.check(text, client_name="Ольга")
    [unused] = [s for s in report.suggestions if s.code == "TC508"]
    assert unused.replacements == ["Ольга, Москва"]


def test_overuse_threshold_is_configurable(coach: tonecoach.Coach) -> None:
    text = "Анна, добрый день! Анна, заказ собран."
    assert codes(coach.check(text, client_name="Анна"), "TC5") == []
    strict = Config(name_mentions=1)
    assert codes(coach.check(text, client_name="Анна", config=strict), "TC5") == ["TC505"]


def test_no_client_name_no_name_rules(coach: tonecoach.Coach) -> None:
    text = "Здравствуйте! Мы проверили заявку. Банку нужна справка. Загрузите её."
    assert codes(coach.check(text), "TC5") == []
    assert codes(coach.check(text, client_name="   "), "TC5") == []
