"""Traps of the etiquette, name and formality families: words that look like a rule's target
and are not («целую неделю», «мастер Дима», «хоть отбавляй»), and the shapes a phrase list
misses (any case, any order, Latin look-alikes, chat brackets)."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach import Config

from .conftest import codes


def flagged(coach: tonecoach.Coach, text: str, code: str, **kw: object) -> list[str]:
    report = coach.check(text, **kw)  # type: ignore[arg-type]
    return [text[s.start:s.end] for s in report.suggestions if s.code == code]


def fixed(coach: tonecoach.Coach, text: str, category: str, **kw: object) -> str:
    report = coach.check(text, **kw)  # type: ignore[arg-type]
    return tonecoach.apply_fixes(text, report.by_category(category))


# -- TC601: capitals ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "word", "fix"), [
    ("Посылку выдадут ТОЛЬКО по паспорту.", "ТОЛЬКО", "Посылку выдадут только по паспорту."),
    ("ВНИМАНИЕ: тариф меняется с понедельника.", "ВНИМАНИЕ",
     "Внимание: тариф меняется с понедельника."),
    ("Прошу, НЕ перезагружайте роутер до конца проверки.", "НЕ",
     "Прошу, не перезагружайте роутер до конца проверки."),
    ("Код действует НИКОГДА не больше пяти минут.", "НИКОГДА",
     "Код действует никогда не больше пяти минут."),
])
def test_a_single_shouted_word_is_advice_with_a_lower_case_fix(
        coach: tonecoach.Coach, text: str, word: str, fix: str) -> None:
    report = coach.check(text)
    [s] = [s for s in report.suggestions if s.code == "TC601"]
    assert (text[s.start:s.end], s.severity) == (word, "info")
    assert fixed(coach, text, "etiquette") == fix


def test_latin_look_alikes_do_not_hide_shouting(coach: tonecoach.Coach) -> None:
    text = "ЗAБEРИTE ПOCЫЛКУ ДO 5 MAPTА, потом она уедет обратно."  # Latin A, E, T, O, C, M, P
    report = coach.check(text)
    [s] = [s for s in report.suggestions if s.code == "TC601"]
    assert s.severity == "warning"
    assert s.replacements == ["Заберите посылку до 5 марта"]  # Cyrillic letters in the fix
    assert flagged(coach, "Оплата прошла НE полностью.", "TC601") == ["НE"]  # Latin E


def test_abbreviations_inside_a_shout_keep_their_capitals(coach: tonecoach.Coach) -> None:
    assert fixed(coach, "ВВЕДИТЕ КОД ИЗ СМС прямо сейчас.", "etiquette") == \
        "Введите код из СМС прямо сейчас."
    assert fixed(coach, "ОПЛАТИТЕ НДС СЕГОДНЯ, пожалуйста.", "etiquette") == \
        "Оплатите НДС сегодня, пожалуйста."


@pytest.mark.parametrize("text", [
    "Для сдачи отчёта понадобится КЭП, выписка из ЕГРЮЛ и справка из ФНС.",
    "В пакете осталось 2 ГБ, а 300 МБ уйдут на обновление.",
    "Подайте заявление в МФЦ, приложите СНИЛС и копию ИНН.",
    "Программа «ЗАБОТА» уже подключена.",
    "Платёж прошёл через карту МИР, чек пришлём на почту.",
    "Нажмите кнопку ОТПРАВИТЬ внизу формы.",
    "Код ответа 404 NOT FOUND значит, что страницы нет; проверьте URL и API-токен.",
    "Здравствуйте, МАРИНА! Заказ собран.",
    "Уважаемый ИГОРЬ ПЕТРОВИЧ, спасибо за отзыв.",
    "ВАЖНО\nДоступ к кабинету восстановят за час.",
    "## ОБНОВЛЕНИЕ\nПриложение теперь работает быстрее.",
    "Порядок такой:\nЭТАП 1 Загрузите файл.\nЭТАП 2 Дождитесь проверки.",
    "Программу (ПО) установите с диска из комплекта.",
    "Вход со стороны двора, корпус В.",
])
def test_not_shouting(coach: tonecoach.Coach, text: str) -> None:
    assert flagged(coach, text, "TC601") == []


def test_the_clients_name_in_capitals_is_no_shout(coach: tonecoach.Coach) -> None:
    text = "Здравствуйте, РОМАН! Заявка принята."
    assert flagged(coach, text, "TC601", client_name="Роман") == []


def test_caps_allowed_covers_a_single_word(coach: tonecoach.Coach) -> None:
    text = "Тариф СВОБОДА подключён."  # a product name after a noun: not a shout
    assert flagged(coach, text, "TC601") == []
    text = "Скидка действует ВСЕГДА."
    assert flagged(coach, text, "TC601") == ["ВСЕГДА"]
    assert flagged(coach, text, "TC601", config=Config(caps_allowed=["всегда"])) == []


# -- TC603: chat brackets -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "spans", "fix"), [
    ("Курьер уже выехал)))", ["))"], "Курьер уже выехал)"),
    ("Спасибо, что выбрали нас))", [")"], "Спасибо, что выбрали нас)"),
    ("Увы, этой модели больше нет(((", ["((("], "Увы, этой модели больше нет"),
    ("К сожалению, скидка сгорела ))) Попробуйте другую.", [" )))"],
     "К сожалению, скидка сгорела. Попробуйте другую."),
    ("Готово) Ждём вас снова)", [")"], "Готово) Ждём вас снова"),
])
def test_chat_brackets_count_as_smileys(coach: tonecoach.Coach, text: str, spans: list[str],
                                        fix: str) -> None:
    assert flagged(coach, text, "TC603") == spans
    assert fixed(coach, text, "etiquette") == fix


@pytest.mark.parametrize("text", [
    "Порядок: 1) войдите в кабинет; 2) откройте «Заказы»; 3) нажмите «Вернуть».",
    "Есть два пути: а) забрать самому; б) заказать доставку.",
    "Сумма вернётся на карту (обычно за 3 дня).",
    "Посылку привезут завтра (если не будет снегопада (как вчера)).",
    "Инструкция — в справке (https://example.com/help_(ru)).",
    "Колесо спустило( совсем пустое) , вызвали эвакуатор.",
    "Сервис ( по отзывам клиентов) лучший в городе.",
    "Рады, что всё получилось) Хорошего дня!",
])
def test_brackets_that_are_not_smileys_or_are_within_the_policy(
        coach: tonecoach.Coach, text: str) -> None:
    assert flagged(coach, text, "TC603") == []


def test_chat_brackets_follow_the_policy(coach: tonecoach.Coach) -> None:
    assert flagged(coach, "Всё готово)", "TC603", config=Config(emoji="none")) == [")"]
    assert flagged(coach, "Всё готово)))", "TC603", config=Config(emoji="any")) == []


# -- TC605: flirting ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span"), [
    ("Такой красотке, как вы, подарим десерт.", "красотке"),
    ("Для красавиц вроде вас у нас отдельная скидка.", "красавиц"),
    ("Голубушку мы не заставим ждать.", "Голубушку"),
    ("Не волнуйтесь, голубчик, всё вернём.", "голубчик"),
    ("Лапочка, документы уже готовы.", "Лапочка"),
    ("Зайка, ваш заказ собран!", "Зайка"),
    ("Для такого солнышка, как вы, всё сделаем.", "солнышка, как вы"),
    ("Спасибо, моя рыбка!", "моя рыбка"),
    ("Вы прямо ласточка!", "Вы прямо ласточка"),
    ("До встречи в пятницу. Целую!", "Целую"),
    ("Может, встретимся вечером в баре?", "Может, встретимся"),
])
def test_flirting_in_any_case_and_order(coach: tonecoach.Coach, text: str, span: str) -> None:
    assert flagged(coach, text, "TC605") == [span]


@pytest.mark.parametrize("text", [
    "Ремонт занял целую неделю, простите за ожидание.",
    "Ответа от склада мы ждали целую вечность, но посылка нашлась.",
    "Мы перебрали целую гору коробок и нашли ваш заказ.",
    "Сдачу с целой купюры курьер привезёт.",
    "Хостел «Ласточка» подтвердил бронь.",
    "Набор для детского сада «Солнышко» собран.",
    "Студия Красотка работает до восьми.",
    "Такие футболки быстро выгорают на солнышке.",
    "Мягкая игрушка котик есть в двух цветах.",
    "Это дорогая модель, поэтому доставим со страховкой.",
    "Давайте встретимся в филиале на Ленина и оформим заявление.",
    "В понедельник давайте встретимся у стойки регистрации.",
    "Давайте встретимся в 15:30, менеджер принесёт договор.",
    "Для подписания контракта предлагаем встретиться в нашем шоуруме.",
])
def test_not_flirting(coach: tonecoach.Coach, text: str) -> None:
    assert flagged(coach, text, "TC605") == []


# -- names: another person, a name that is also a word ------------------------------------------

@pytest.mark.parametrize("text", [
    "Мастер Дима приедет к вам в четверг.",
    "Передадим курьеру Диме, чтобы он позвонил за час.",
    "С вами свяжется менеджер Дмитрий.",
    "Спасибо! Обязательно расскажем инженеру Дмитрию, что всё заработало.",
    "Ваш заказ привезёт курьер дмитрий.",
])
def test_a_name_after_a_role_is_another_person(coach: tonecoach.Coach, text: str) -> None:
    report = coach.check(text, client_name="Дмитрий")
    assert codes(report, "TC5") == []
    assert fixed(coach, text, "name", client_name="Дмитрий") == text


def test_a_namesake_in_a_role_is_not_counted_as_a_mention(coach: tonecoach.Coach) -> None:
    text = ("Дмитрий, добрый день! Дмитрий, заказ собран. "
            "Привезёт его курьер Дмитрий, а чек пришлёт менеджер Дмитрий.")
    assert codes(coach.check(text, client_name="Дмитрий"), "TC5") == []
    text = "Дмитрий, добрый день! Дмитрий, заказ собран. Курьер позвонит, Дмитрий."
    assert codes(coach.check(text, client_name="Дмитрий"), "TC5") == ["TC505"]


def test_a_familiar_name_in_address_is_still_the_client(coach: tonecoach.Coach) -> None:
    text = "Дима, курьер приедет к вам в четверг."
    assert codes(coach.check(text, client_name="Дмитрий"), "TC5") == ["TC503"]


@pytest.mark.parametrize(("text", "name", "fix"), [
    ("Спасибо, вера, что написали!", "Вера", "Спасибо, Вера, что написали!"),
    ("Здравствуйте, надежда! Заказ в пути.", "Надежда", "Здравствуйте, Надежда! Заказ в пути."),
    ("Добрый день, любовь! Бронь готова.", "Любовь", "Добрый день, Любовь! Бронь готова."),
    ("надежда, вы всё сделали правильно.", "Надежда", "Надежда, вы всё сделали правильно."),
])
def test_a_name_that_is_a_word_in_lower_case_as_an_address(
        coach: tonecoach.Coach, text: str, name: str, fix: str) -> None:
    assert codes(coach.check(text, client_name=name), "TC5") == ["TC506"]
    assert fixed(coach, text, "name", client_name=name) == fix


@pytest.mark.parametrize(("text", "name"), [
    ("Есть надежда, что склад отгрузит товар сегодня.", "Надежда"),
    ("Спасибо за веру в нашу команду, мы справимся!", "Вера"),
    ("Вера в лучшее помогает, но мы уже всё исправили.", "Вера"),
    ("Терпение, вера и надежда — и ремонт закончится.", "Надежда"),
    ("Спасибо, любовь к котам у нас взаимная.", "Любовь"),
    ("надежда, что посылка найдётся, ещё есть.", "Надежда"),
])
def test_a_name_that_is_a_word_stays_a_word(coach: tonecoach.Coach, text: str,
                                             name: str) -> None:
    report = coach.check(text, client_name=name)
    assert not [s for s in report.suggestions if s.code in ("TC502", "TC505", "TC506")]


# -- formality: idioms, discourse words -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Свободных слотов на следующей неделе — хоть отбавляй.",
    "Вечером на складе хоть шаром покати, а утром всё привозят.",
    "Таких запросов у нас хоть пруд пруди, так что не переживайте.",
    "В подвале без фонаря хоть глаз выколи, возьмите его с собой.",
    "В сезон очереди были хоть караул кричи, сейчас свободно.",
    "Хоть убей, не найду этот заказ в базе.",
    "Смотря какой у вас договор: в старом пункта про возврат нет.",
    "Подробности — см. условия акции на сайте.",
    "Откройте вкладку «Смотри также» под видео.",
])
def test_address_to_nobody(coach: tonecoach.Coach, text: str) -> None:
    assert flagged(coach, text, "TC101") == []


@pytest.mark.parametrize(("text", "fix"), [
    ("Слушай, а чек от покупки остался?", "Слушайте, а чек от покупки остался?"),
    ("Смотри, вот где кнопка возврата.", "Смотрите, вот где кнопка возврата."),
    ("Мы, понимаешь, всё проверили.", "Мы, понимаете, всё проверили."),
    ("Послушай, это точно решится сегодня.", "Послушайте, это точно решится сегодня."),
    ("Слышь, номер заказа подскажете?", "Послушайте, номер заказа подскажете?"),
    ("Если что — хоть позвони нам в любое время.",
     "Если что — хоть позвоните нам в любое время."),
])
def test_discourse_imperatives_address_the_reader(coach: tonecoach.Coach, text: str,
                                                  fix: str) -> None:
    assert codes(coach.check(text), "TC101")
    assert fixed(coach, text, "formality") == fix


def test_a_guessed_imperative_needs_the_place_of_one(coach: tonecoach.Coach) -> None:
    """«капчи» (an unknown word pymorphy3 guesses as an imperative) mid-clause is a noun."""
    assert flagged(coach, "Ошибка бывает после трёх неверных вводов капчи.", "TC101") == []
