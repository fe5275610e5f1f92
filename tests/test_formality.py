"""The formality family: fixes for every inflection, policies and false-alarm traps."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach import Config

from .conftest import codes


def fixed(coach: tonecoach.Coach, text: str, config: Config | None = None) -> str:
    report = coach.check(text, config=config)
    return tonecoach.apply_fixes(text, report.by_category("formality"))


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("Мы отправили тебе код.", "Мы отправили вам код."),
        ("Проверьте твою почту.", "Проверьте вашу почту."),
        ("Мы помним о твоём заказе.", "Мы помним о вашем заказе."),
        ("Мы помним о твоем заказе.", "Мы помним о вашем заказе."),  # «е» for «ё»
        ("Думаю, мы говорили о тебе вчера.", "Думаю, мы говорили о вас вчера."),
        ("Курьер привезёт заказ к тебе домой.", "Курьер привезёт заказ к вам домой."),
        ("Мы ждём тебя в офисе.", "Мы ждём вас в офисе."),
        ("Менеджер свяжется с тобой.", "Менеджер свяжется с вами."),
        ("Это всё сделаешь в приложении.", "Это всё сделаете в приложении."),
        ("Если не выйдет, напиши нам.", "Если не выйдет, напишите нам."),
        ("Извини, что так вышло.", "Извините, что так вышло."),
        ("Думаю, ты сможешь войти сегодня.", "Думаю, вы сможете войти сегодня."),
        ("Ты сможешь войти сегодня.", "Вы сможете войти сегодня."),
        ("Твой заказ уже в пути.", "Ваш заказ уже в пути."),
        ("Не волнуйся, всё вернём.", "Не волнуйтесь, всё вернём."),
        ("Возьми с собой паспорт и твои документы.", "Возьмите с собой паспорт и ваши документы."),
        ("Мы заменим твоих наушников комплект.", "Мы заменим ваших наушников комплект."),
        ("Ты был прав, ошибка наша.", "Вы были правы, ошибка наша."),
        ("Ты была права, ошибка наша.", "Вы были правы, ошибка наша."),
        ("Всё сделали, как ты просила.", "Всё сделали, как вы просили."),
        ("Спасибо, что написала!", "Спасибо, что написали!"),
        ("Здравствуй! Заказ готов.", "Здравствуйте! Заказ готов."),
        ("Вы уверен, что хотите отменить?", "Вы уверены, что хотите отменить?"),
        ("Вы прав.", "Вы правы."),
        ("Вы должна подписать договор.", "Вы должны подписать договор."),
        ("Вы готов подождать?", "Вы готовы подождать?"),
        ("Вы рада?", "Вы рады?"),
    ],
)
def test_fix(coach: tonecoach.Coach, draft: str, expected: str) -> None:
    assert fixed(coach, draft) == expected


@pytest.mark.parametrize(
    "draft",
    [
        "Клиент написал: «Почему ты не отвечаешь?» Мы ответили сразу.",
        "Закажите набор «Книги для тебя» со скидкой.",
        'Нажмите кнопку "Напиши нам" внизу экрана.',
        "Нажмите кнопку „Расскажи другу“ внизу экрана.",
        "Документы пришли вам на почту.",
        "Деньги пришли? Проверьте, пожалуйста, баланс.",
        "Мы нашли вашу посылку.",
        "Курьеры вышли на линию в 9:00.",
        "Заплатите тысячу рублей.",
        "Положите тыкву в твёрдую коробку.",
        "Тут всё просто: нажмите «Оплатить».",
        "Размер кровати 180 на 90 см.",
        "Будь то карта или наличные — подойдёт всё.",
        "Как говорится, тише едешь — дальше будешь.",
        "Подключите тариф Твой безлимит в приложении.",
        "Вы самостоятельно можете распределить места.",
        "Пока идёт проверка, заказ изменить нельзя.",
        "Размер файла — не более 10 МБ.",
        "Вы, конечно, правы.",
        "Вы и ваш супруг можете прийти вместе.",
        "Ешь — не хочу: меню большое.",
        "Ок-код для теста: 1234.",
        "Подключите ТВ-приставку в разделе ТВ.",
        "Мы нашли себе нового чувака для доставки.",
        "Хорошо, что не пришёл курьер.",
        "Вы первый, кто об этом спросил.",
        "Давайте проверим вместе: откройте приложение.",
    ],
)
def test_no_false_alarm(coach: tonecoach.Coach, draft: str) -> None:
    assert codes(coach.check(draft), "TC1") == []


def test_sentence_initial_ty_becomes_capital_vy(coach: tonecoach.Coach) -> None:
    assert fixed(coach, "Тебе придёт СМС.") == "Вам придёт СМС."


def test_mid_sentence_fix_follows_capitalised_reply(coach: tonecoach.Coach) -> None:
    draft = "Благодарим Вас за ожидание. Курьер привезёт Ваш заказ, а код отправим тебе."
    assert fixed(coach, draft) == (
        "Благодарим Вас за ожидание. Курьер привезёт Ваш заказ, а код отправим Вам."
    )


def test_mid_sentence_fix_follows_capital_policy(coach: tonecoach.Coach) -> None:
    config = Config(capital_vy="capital")
    assert fixed(coach, "Мы отправили тебе код.", config) == "Мы отправили Вам код."


def test_mixed_address_is_one_suggestion_naming_both(coach: tonecoach.Coach) -> None:
    report = coach.check("Вы можете вернуть товар. Напиши, если будут вопросы, и проверь почту.")
    mixed = [s for s in report.suggestions if s.code == "TC102"]
    assert len(mixed) == 1
    assert "Вы" in mixed[0].message and "Напиши" in mixed[0].message
    assert codes(report, "TC101") == ["TC101", "TC101"]


def test_capital_policy_lower_flags_capitals(coach: tonecoach.Coach) -> None:
    report = coach.check("Благодарим Вас за ожидание.", config=Config(capital_vy="lower"))
    assert [(s.code, s.replacements) for s in report.suggestions] == [("TC105", ["вас"])]


def test_capital_any_accepts_consistent_capitals(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Благодарим Вас. Мы перезвоним Вам завтра.")) == []


def test_sentence_initial_vy_is_not_evidence(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Вы можете написать нам. Мы ответим вам сразу.")) == []


def test_lookalike_letters_do_not_hide_ty(coach: tonecoach.Coach) -> None:
    draft = "Мы отправили тeбe код."  # Latin «e» twice
    report = coach.check(draft)
    assert [(draft[s.start:s.end], s.replacements) for s in report.suggestions] == [
        ("тeбe", ["вам"])
    ]


def test_ty_policy_flags_vy_and_fixes_it(coach: tonecoach.Coach) -> None:
    config = Config(address="ты")
    assert fixed(coach, "Напишите нам, и мы вам поможем.", config) == (
        "Напиши нам, и мы тебе поможем."
    )
    assert codes(coach.check("Ты можешь написать нам.", config=config)) == []


def test_ty_policy_still_flags_mixing(coach: tonecoach.Coach) -> None:
    report = coach.check("Ты можешь вернуть товар. Напишите, если что.",
                         config=Config(address="ты"))
    assert "TC102" in codes(report)


def test_colloquial_fix_is_polite_and_inflected(coach: tonecoach.Coach) -> None:
    assert fixed(coach, "Скинь номер заказа.") == "Пришлите номер заказа."
    assert fixed(coach, "Скиньте номер заказа.") == "Пришлите номер заказа."
    assert fixed(coach, "Щас гляну.") == "Сейчас посмотрю."


def test_colloquial_in_ty_brand_keeps_ty(coach: tonecoach.Coach) -> None:
    assert fixed(coach, "Скинь номер заказа.", Config(address="ты")) == "Пришли номер заказа."


def test_greeting_needs_to_stand_alone(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Привет, Ольга! Заказ готов.")) == ["TC106"]
    assert codes(coach.check("Передаём привет от курьера и заказ.")) == []


def test_select_and_ignore(coach: tonecoach.Coach) -> None:
    draft = "Привет! Напиши нам."
    assert codes(coach.check(draft, config=Config(ignore=["TC106"]))) == ["TC101"]
    assert codes(coach.check(draft, config=Config(select=["TC106"]))) == ["TC106"]
    assert codes(coach.check(draft, config=Config(select=["TC1"], ignore=["TC10"]))) == []
    only = Config(select=["TC101"], ignore=["TC1"])  # the longer prefix wins
    assert codes(coach.check(draft, config=only)) == ["TC101"]


def test_severity_override(coach: tonecoach.Coach) -> None:
    report = coach.check("Напиши нам.", config=Config(severity={"TC101": "error"}))
    assert [s.severity for s in report.suggestions] == ["error"]
