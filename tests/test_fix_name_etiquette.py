"""Name (TC5xx) and etiquette (TC6xx) fixes never break a sentence.

Each case is a draft an operator fixed with one quick fix (``max_rounds=1``, as an editor
applies it) or with all of a family's fixes at once: the broken output the fix used to give is
gone, and what comes out instead is named. Where a fix cannot be sure, the suggestion stays as
advice with no replacement."""

from __future__ import annotations

from datetime import datetime

import pytest

import tonecoach
from tonecoach import Config, Context
from tonecoach.models import Suggestion

EVENING = datetime(2026, 1, 5, 21, 0)


def suggestions(coach: tonecoach.Coach, text: str, code: str, *,
                config: Config | None = None, context: Context | None = None,
                ) -> list[Suggestion]:
    report = coach.check(text, config=config, context=context)
    return [s for s in report.suggestions if s.code == code]


def alone(text: str, s: Suggestion) -> str:
    return tonecoach.apply_fixes(text, [s], max_rounds=1)


def fixed_alone(coach: tonecoach.Coach, text: str, code: str, **kw: object) -> list[str]:
    """The text after each ``code`` suggestion's fix applied by itself."""
    return [alone(text, s) for s in suggestions(coach, text, code, **kw)  # type: ignore[arg-type]
            if s.replacements]


# -- TC505: dropping an address keeps the commas the sentence needs ---------------------------

GREETED = "Дарья, здравствуйте!\n"
ONE_MENTION = Config(name_mentions=1)
DARYA = Context(client_name="Дарья")


@pytest.mark.parametrize(("draft", "expected", "broken"), [
    # between two clauses one comma stays
    ("Если будут вопросы, Дарья, пишите.", "Если будут вопросы, пишите.",
     "Если будут вопросы пишите."),
    ("Заказ собран, Дарья, курьер привезёт его завтра.",
     "Заказ собран, курьер привезёт его завтра.", "Заказ собран курьер привезёт его завтра."),
    ("Спасибо, Дарья, что подождали!", "Спасибо, что подождали!", "Спасибо что подождали!"),
    ("Заказ собран, Дарья, но курьер задерживается.", "Заказ собран, но курьер задерживается.",
     "Заказ собран но курьер задерживается."),
    ("К сожалению, Дарья, заказ задерживается.", "К сожалению, заказ задерживается.",
     "К сожалению заказ задерживается."),
    ("Напишите, Дарья, пожалуйста, номер заказа.", "Напишите, пожалуйста, номер заказа.",
     "Напишите пожалуйста, номер заказа."),
    ("Когда заказ придёт, Дарья, мы напишем.", "Когда заказ придёт, мы напишем.",
     "Когда заказ придёт мы напишем."),
    ("Деньги вернули, Дарья, номер операции 55812.", "Деньги вернули, номер операции 55812.",
     "Деньги вернули номер операции 55812."),
    # inside one clause both go
    ("Спасибо, Дарья, за ожидание.", "Спасибо за ожидание.", "Спасибо, за ожидание."),
    ("Ваш заказ, Дарья, уже в пути.", "Ваш заказ уже в пути.", "Ваш заказ, уже в пути."),
    ("Мы, Дарья, всё проверили.", "Мы всё проверили.", "Мы, всё проверили."),
    ("Курьер позвонит, Дарья, заранее.", "Курьер позвонит заранее.",
     "Курьер позвонит, заранее."),
    # at a sentence start and end
    ("Дарья, добрый день!", "Добрый день!", "добрый день!"),
    ("Курьер позвонит заранее, Дарья.", "Курьер позвонит заранее.",
     "Курьер позвонит заранее ."),
    ("Спасибо Дарья!", "Спасибо!", "Спасибо !"),
    ("Уважаемая Дарья, заказ готов.", "Заказ готов.", "Уважаемая, заказ готов."),
    # an address on a line of its own
    ("Дарья,\nваш заказ готов.", "Ваш заказ готов.", "\nваш заказ готов."),
    ("Дарья!\nВаш заказ готов.", "Ваш заказ готов.", "!\nВаш заказ готов."),
    ("Дарья! Ваш заказ готов.", "Ваш заказ готов.", "! Ваш заказ готов."),
])
def test_dropping_an_address_keeps_the_clause_commas(
        coach: tonecoach.Coach, draft: str, expected: str, broken: str) -> None:
    text = GREETED + draft
    [s] = suggestions(coach, text, "TC505", config=ONE_MENTION, context=DARYA)
    out = alone(text, s)
    assert out != GREETED + broken
    assert out == GREETED + expected


def test_the_dev_case_keeps_the_clause_comma(coach: tonecoach.Coach) -> None:
    text = ("Дарья, добрый день! Букет уже собран и через час уедет к вам. Курьер позвонит вам "
            "заранее, Дарья. Если будут вопросы, Дарья, пишите.")
    fixed = coach.fix(text, context=DARYA, categories=["name"]).text
    assert fixed == ("Дарья, добрый день! Букет уже собран и через час уедет к вам. Курьер "
                     "позвонит вам заранее, Дарья. Если будут вопросы, пишите.")


@pytest.mark.parametrize("draft", [
    "Заказ уже у курьера, Дарья, привезём сегодня.",  # a clause without a verb, or not?
    "Деньги вернули, Дарья, срок зачисления — до трёх дней.",  # «срок» subject or object?
    "Передадим Дарье документы завтра.",  # not an address: the sentence needs the word
    "Чек отправим Дарье на почту.",
])
def test_an_unsure_or_governed_mention_stays_advice(coach: tonecoach.Coach,
                                                    draft: str) -> None:
    text = GREETED + draft
    [s] = suggestions(coach, text, "TC505", config=ONE_MENTION, context=DARYA)
    assert s.replacements == []


@pytest.mark.parametrize(("draft", "expected"), [
    ("Это, в принципе, возможно.", "Это возможно."),
    ("В принципе, это возможно.", "Это возможно."),
    ("Заказ пришёл, в общем, всё хорошо.", "Заказ пришёл, всё хорошо."),
    ("Мы проверили заказ, короче, он в пути.", "Мы проверили заказ, он в пути."),
    ("Заказ задерживается, если честно.", "Заказ задерживается."),
])
def test_fillers_share_the_comma_logic(coach: tonecoach.Coach, draft: str,
                                       expected: str) -> None:
    assert fixed_alone(coach, draft, "TC406") == [expected]


# -- TC501–TC504, TC506, TC507: the right case, the whole name ---------------------------------

@pytest.mark.parametrize(("draft", "name", "code", "expected", "broken"), [
    # the patronymic changes with the name
    ("Добрый день, Ивану Петровичу! Договор готов.", "Иван Петрович", "TC502",
     "Добрый день, Иван Петрович! Договор готов.", "Добрый день, Иван Петровичу! Договор готов."),
    ("Здравствуйте, иван петрович! Договор готов.", "Иван Петрович", "TC506",
     "Здравствуйте, Иван Петрович! Договор готов.", "Здравствуйте, Иван петрович! Договор готов."),
    # a familiar form becomes the full name in the case its context gives
    ("Мы напишем о Саше менеджеру.", "Александр", "TC503",
     "Мы напишем об Александре менеджеру.", "Мы напишем о Александру менеджеру."),
    ("Для Саши всё готово.", "Александр", "TC503", "Для Александра всё готово.",
     "Для Александр всё готово."),
    ("Саши нет в списке.", "Александр", "TC503", "Александра нет в списке.",
     "Александр нет в списке."),
    ("Мы отправили Саше чек.", "Александр", "TC503", "Мы отправили Александру чек.",
     "Мы отправили Александре чек."),
    ("Саш, заказ уже собран.", "Александр", "TC503", "Александр, заказ уже собран.",
     "Саши, заказ уже собран."),
    # a misspelling keeps the case and takes the capital
    ("Здравствуйте, екатирина! Заказ готов.", "Екатерина", "TC501",
     "Здравствуйте, Екатерина! Заказ готов.", "Здравствуйте, екатерина! Заказ готов."),
    ("Мы перезвоним Екатирине завтра.", "Екатерина", "TC501",
     "Мы перезвоним Екатерине завтра.", "Мы перезвоним Екатерина завтра."),
    # the patronymic added in an address; the adjective agreeing in case
    ("Уважаемый Иван, договор готов.", "Иван Петрович", "TC504",
     "Уважаемый Иван Петрович, договор готов.", "Уважаемый Иван, договор готов."),
    ("Уважаемому Ольге отправили письмо.", "Ольга", "TC507",
     "Уважаемой Ольге отправили письмо.", "Уважаемая Ольге отправили письмо."),
])
def test_name_fixes_keep_the_case_and_the_whole_name(
        coach: tonecoach.Coach, draft: str, name: str, code: str, expected: str,
        broken: str) -> None:
    out = fixed_alone(coach, draft, code, context=Context(client_name=name))
    assert broken not in out
    assert out == [expected]


@pytest.mark.parametrize(("draft", "name"), [
    ("Благодарим Марину!", "Марина"),  # accusative, governed: «Благодарим Марина!» was wrong
    ("Спасибо Марине!", "Марина"),
    ("Передайте, пожалуйста, Ольге.", "Ольга"),
    ("Благодарим Ивана за отзыв!", "Иван Петрович"),
])
def test_a_governed_name_is_no_misdeclined_address(coach: tonecoach.Coach, draft: str,
                                                   name: str) -> None:
    report = coach.check(draft, context=Context(client_name=name))
    assert not [s for s in report.suggestions if s.code in ("TC502", "TC504")]


# -- TC603: removing an emoji never fuses two sentences -----------------------------------------

NO_EMOJI = Config(emoji="none")


@pytest.mark.parametrize(("draft", "each", "together"), [
    ("Рейс отменён 😔 Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Рейс отменён. 😔 Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Рейс отменён! 😔 Деньги вернём.", ["Рейс отменён! Деньги вернём."],
     "Рейс отменён! Деньги вернём."),
    ("Рейс отменён 😔! Деньги вернём.", ["Рейс отменён! Деньги вернём."],
     "Рейс отменён! Деньги вернём."),
    ("Рейс отменён!😔 Деньги вернём.", ["Рейс отменён! Деньги вернём."],
     "Рейс отменён! Деньги вернём."),
    # before a line break and before a word in lower case: nothing to end
    ("Рейс отменён 😔\nДеньги вернём.", ["Рейс отменён\nДеньги вернём."],
     "Рейс отменён\nДеньги вернём."),
    ("Рейс отменён 😔 деньги вернём.", ["Рейс отменён деньги вернём."],
     "Рейс отменён деньги вернём."),
    # a line of its own goes with its line
    ("Рейс отменён.\n😔\nДеньги вернём.", ["Рейс отменён.\nДеньги вернём."],
     "Рейс отменён.\nДеньги вернём."),
    # glued to both words: a full stop and a space
    ("Рейс отменён😔Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Рейс отменён.😔Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    # several in a row: each fix alone keeps a sentence end, together they leave one
    ("Рейс отменён 😔 😔 Деньги вернём.",
     ["Рейс отменён 😔 Деньги вернём.", "Рейс отменён 😔. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Рейс отменён 😔😔 Деньги вернём.",
     ["Рейс отменён😔 Деньги вернём.", "Рейс отменён 😔. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Готово 🙂🙂🙂", ["Готово🙂🙂", "Готово 🙂🙂", "Готово 🙂🙂"], "Готово"),
    # text smileys and chat brackets
    ("Рейс отменён :( Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    ("Рейс отменён((( Деньги вернём.", ["Рейс отменён. Деньги вернём."],
     "Рейс отменён. Деньги вернём."),
    # in brackets of its own, with the brackets
    ("Рейс (😔) отменён.", ["Рейс отменён."], "Рейс отменён."),
])
def test_removing_an_emoji_keeps_sentence_ends(draft: str, each: list[str],
                                               together: str) -> None:
    coach = tonecoach.Coach(NO_EMOJI)
    found = suggestions(coach, draft, "TC603")
    assert [alone(draft, s) for s in found] == each
    assert tonecoach.apply_fixes(draft, found, max_rounds=1) == together


@pytest.mark.parametrize("draft", [
    "Рейс отменён 😔 2 билета вернём.",  # a number says nothing of a sentence start
    "Всё готово 👍 iPhone уже у курьера.",
])
def test_an_emoji_before_an_unclear_start_stays_advice(draft: str) -> None:
    [s] = suggestions(tonecoach.Coach(NO_EMOJI), draft, "TC603")
    assert s.replacements == []


def test_markdown_bold_is_no_kiss() -> None:
    text = "**Причина:** ошибка в задании cron.\n**Дальше:** задание исправлено."
    assert suggestions(tonecoach.Coach(NO_EMOJI), text, "TC603") == []


# -- TC601, TC602: capitals and marks -----------------------------------------------------------

@pytest.mark.parametrize(("draft", "expected", "broken"), [
    ("ЗВОНИТЕ ИВАНУ ПЕТРОВИЧУ ЗАВТРА, он поможет.", "Звоните Ивану Петровичу завтра, он поможет.",
     "Звоните ИВАНУ ПЕТРОВИЧУ завтра, он поможет."),
    ("Срочно ПОЗВОНИТЕ В МОСКВУ, там ждут.", "Срочно позвоните в Москву, там ждут.",
     "Срочно позвоните в МОСКВУ, там ждут."),
    ("1. ВНИМАТЕЛЬНО ПРОЧИТАЙТЕ УСЛОВИЯ.", "1. Внимательно прочитайте условия.",
     "1. внимательно прочитайте условия."),
])
def test_caps_lower_case_but_names_and_sentence_starts_keep_capitals(
        coach: tonecoach.Coach, draft: str, expected: str, broken: str) -> None:
    out = fixed_alone(coach, draft, "TC601")
    assert broken not in out
    assert out == [expected]


def test_the_clients_name_in_caps_gets_its_capital_back(coach: tonecoach.Coach) -> None:
    out = fixed_alone(coach, "ОЛЬГА ВАШ ЗАКАЗ ГОТОВ.", "TC601",
                      context=Context(client_name="Ольга"))
    assert out == ["Ольга ваш заказ готов."]


def test_repeated_marks_glued_to_the_next_sentence(coach: tonecoach.Coach) -> None:
    assert fixed_alone(coach, "Заказ готов!!!Ждём вас.", "TC602") == ["Заказ готов! Ждём вас."]


# -- TC606, TC607, TC608: greetings and closings -----------------------------------------------

@pytest.mark.parametrize(("draft", "context", "expected"), [
    ("Коллеги, доброго времени суток!", None, "Коллеги, здравствуйте!"),
    ("Ольга, здрасте! Заказ готов.", None, "Ольга, здравствуйте! Заказ готов."),
    ("Приветствую вас! Заказ готов.", None, "Здравствуйте! Заказ готов."),
    # the greeting for the hour in the case of the one it replaces
    ("Желаем вам доброго утра и хорошего настроения!", Context(sent_at=EVENING),
     "Желаем вам доброго вечера и хорошего настроения!"),
    ("Заказ в пути. Доброго утра!", Context(sent_at=EVENING), "Заказ в пути. Доброго вечера!"),
    ("Доброе утро! Заказ в пути.", Context(sent_at=EVENING), "Добрый вечер! Заказ в пути."),
    # the capital of a sentence start, not after a handle
    ("доброго дня. к сожалению, не знаю.", Context(sent_at=EVENING),
     "Доброго вечера. к сожалению, не знаю."),
    ("@user, добрый день! Поправим.", Context(sent_at=EVENING), "@user, добрый вечер! Поправим."),
    # a first reply that opens in lower case
    ("спасибо за ожидание, заказ в пути.", Context(first_reply=True),
     "Здравствуйте! Спасибо за ожидание, заказ в пути."),
])
def test_greeting_fixes_fit_their_place(coach: tonecoach.Coach, draft: str,
                                        context: Context | None, expected: str) -> None:
    assert fixed_alone(coach, draft, "TC606", context=context) == [expected]


@pytest.mark.parametrize("draft", [
    "Приветствую вас в нашем магазине!",  # «Здравствуйте в нашем магазине!» was wrong
    "Доброго времени суток всем участникам чата.",
])
def test_a_greeting_inside_a_sentence_stays_advice(coach: tonecoach.Coach, draft: str) -> None:
    [s] = suggestions(coach, draft, "TC606")
    assert s.replacements == []


CLOSING = "Если появятся вопросы — пишите, поможем."


@pytest.mark.parametrize(("draft", "expected"), [
    ("Здравствуйте! Заказ в пути", f"Здравствуйте! Заказ в пути. {CLOSING}"),
    ("Здравствуйте! Заказ в пути;", f"Здравствуйте! Заказ в пути. {CLOSING}"),
    ("Здравствуйте! Заказ в пути,", f"Здравствуйте! Заказ в пути. {CLOSING}"),
    ("Здравствуйте! Заказ в пути и т. п.", f"Здравствуйте! Заказ в пути и т. п. {CLOSING}"),
    ("Здравствуйте! Заказ в пути 🙂", f"Здравствуйте! Заказ в пути 🙂. {CLOSING}"),
    ("Здравствуйте! Смотрите:\n```\ncode\n```",
     f"Здравствуйте! Смотрите:\n```\ncode\n```\n{CLOSING}"),
])
def test_the_closing_follows_a_sentence_end(coach: tonecoach.Coach, draft: str,
                                            expected: str) -> None:
    out = fixed_alone(coach, draft, "TC607", context=Context(first_reply=True))
    assert out == [expected]


def test_the_closing_with_the_emoji_removed_keeps_its_full_stop() -> None:
    coach = tonecoach.Coach(Config(emoji="none"))
    text = "Здравствуйте! Пробуйте :)"
    fixed = coach.fix(text, context=Context(first_reply=True), categories=["etiquette"]).text
    assert fixed == f"Здравствуйте! Пробуйте. {CLOSING}"


def test_no_closing_fix_after_a_colon(coach: tonecoach.Coach) -> None:
    [s] = suggestions(coach, "Здравствуйте! Проверьте настройки:", "TC607",
                      context=Context(first_reply=True))
    assert s.replacements == []


@pytest.mark.parametrize(("draft", "expected"), [
    ("Здравствуйте!\nЗаказ собран.\nДобрый день!\nКурьер приедет завтра.",
     "Здравствуйте!\nЗаказ собран.\nКурьер приедет завтра."),
    ("Здравствуйте! Заказ собран. Добрый день!", "Здравствуйте! Заказ собран."),
    ("Здравствуйте! Заказ собран. Добрый день, Ольга! Курьер приедет.",
     "Здравствуйте! Заказ собран. Курьер приедет."),
])
def test_a_duplicate_greeting_goes_with_its_line(coach: tonecoach.Coach, draft: str,
                                                 expected: str) -> None:
    assert fixed_alone(coach, draft, "TC608") == [expected]


def test_an_address_after_an_abbreviation_is_no_sentence_start(coach: tonecoach.Coach) -> None:
    text = GREETED + "Это не ошибка, т.к., Дарья, модуль ждёт данные."
    [s] = suggestions(coach, text, "TC505", config=ONE_MENTION, context=DARYA)
    assert "Модуль" not in alone(text, s)


def test_the_closing_after_a_smiley_on_its_own_line() -> None:
    coach = tonecoach.Coach(Config(emoji="none"))
    text = "Здравствуйте! Жалобы пока не работают. Остальное работает...\n:)"
    fixed = coach.fix(text, context=Context(first_reply=True), categories=["etiquette"]).text
    assert "...." not in fixed
    assert fixed == f"Здравствуйте! Жалобы пока не работают. Остальное работает... {CLOSING}"


def test_the_first_greeting_before_a_heading_takes_its_own_line(coach: tonecoach.Coach) -> None:
    text = "ВАЖНО\nЗаказ в пути. Если будут вопросы — пишите."
    assert fixed_alone(coach, text, "TC606", context=Context(first_reply=True)) == [
        "Здравствуйте!\n" + text]


def test_a_verb_of_welcome_is_no_second_greeting(coach: tonecoach.Coach) -> None:
    text = "Здравствуйте! Что касается cookies, я не очень приветствую такие подходы."
    assert suggestions(coach, text, "TC608") == []


def test_an_emoji_on_the_last_line_goes_with_its_whole_crlf() -> None:
    """Its span starts before «\r\n», never between «\r» and «\n» (one grapheme)."""
    text = "👍🏽\r\n👍🏽"
    [s] = [s for s in tonecoach.check(text).suggestions if s.code == "TC603"]
    assert (s.start, s.end) == (2, 6)
    assert tonecoach.apply_fixes(text, [s]) == "👍🏽"
