"""Brevity: every kind of substitution gives grammatical Russian; lengths; metrics."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach import Config, Context

from .conftest import codes


def fixed(coach: tonecoach.Coach, text: str) -> str:
    return tonecoach.apply_fixes(text, coach.check(text).by_category("brevity"))


@pytest.mark.parametrize(("draft", "expected"), [
    # fixed phrase → fixed word
    ("В настоящее время заказ на складе.", "Сейчас заказ на складе."),
    ("Заявка закрыта в связи с тем, что оплата не поступила.",
     "Заявка закрыта, потому что оплата не поступила."),
    ("Проверим в кратчайшие сроки.", "Проверим как можно скорее."),
    # a word inflected to agree with the sentence
    ("Данная услуга платная.", "Эта услуга платная."),
    ("Мы проверили данную заявку.", "Мы проверили эту заявку."),
    ("О данном тарифе расскажем завтра.", "Об этом тарифе расскажем завтра."),
    ("Вы приобрели подписку.", "Вы купили подписку."),
    ("Приобретите подписку в приложении.", "Купите подписку в приложении."),
    ("Вернём денежные средства завтра.", "Вернём деньги завтра."),
    ("Не хватает денежных средств.", "Не хватает денег."),
    ("Вы имеете возможность отменить заказ.", "Вы можете отменить заказ."),
    ("Роутер не функционирует.", "Роутер не работает."),
    # light verb + verbal noun → the verb (person, tense, aspect kept; object to accusative)
    ("Мы осуществляем проверку платежа.", "Мы проверяем платёж."),
    ("Мы произведём возврат денежных средств.", "Мы вернём деньги."),
    ("Нужно произвести оплату заказа.", "Нужно оплатить заказ."),
    ("Специалист проведёт диагностику оборудования.",
     "Специалист продиагностирует оборудование."),
    ("Оператор окажет помощь клиенту.", "Оператор поможет клиенту."),
    # «находится в процессе …» → a reflexive verb
    ("Заказ находится в процессе сборки.", "Заказ собирается."),
    ("Заявки находятся на рассмотрении.", "Заявки рассматриваются."),
    ("Платёж находился в обработке.", "Платёж обрабатывался."),
    # «является …» → a dash
    ("Чек является подтверждением оплаты.", "Чек — подтверждение оплаты."),
    ("Эти пункты являются обязательными условиями.", "Эти пункты — обязательные условия."),
    # empty openings and fillers dropped
    ("Сообщаем вам о том, что заявка принята.", "Заявка принята."),
    ("Уведомляем, что доставка переносится.", "Доставка переносится."),
    ("Это, в принципе, возможно.", "Это возможно."),
    ("В принципе, это возможно.", "Это возможно."),
    ("Заказ как бы уже в пути.", "Заказ уже в пути."),
])
def test_substitutions_give_grammatical_russian(coach: tonecoach.Coach, draft: str,
                                                expected: str) -> None:
    assert fixed(coach, draft) == expected


def test_kantselyarit_heavy_reply(coach: tonecoach.Coach) -> None:
    draft = ("Сообщаем, что в данный момент мы осуществляем проверку данного платежа. "
             "Заказ находится в процессе сборки, денежные средства вернём в полном объёме.")
    one_pass = tonecoach.apply_fixes(draft, coach.check(draft).by_category("brevity"),
                                     max_rounds=1)
    # overlapping fixes: the first in the text wins, the other waits for the next round
    assert one_pass == ("Сейчас мы проверяем данный платёж. "
                        "Заказ собирается, деньги вернём полностью.")
    assert fixed(coach, draft) == (
        "Сейчас мы проверяем этот платёж. Заказ собирается, деньги вернём полностью.")


@pytest.mark.parametrize("draft", [
    "Мы сохранили ваши данные.",
    "Данные паспорта нужны для полиса.",
    "Как бы вы хотели получить деньги?",
    "Выберите тип доставки.",
    "Сделайте текст короче.",
    "Трансляции идут в качестве до 60 fps.",
    "Видео появится в результатах поиска.",
    "Скачайте приложение для записи видео.",
    "Проверим оплату заказа сегодня.",
    "Откройте раздел «Профиль» и нажмите «Сохранить».",
])
def test_no_false_alarm(coach: tonecoach.Coach, draft: str) -> None:
    assert codes(coach.check(draft), "TC4") == []


def test_passive_light_verbs_are_flagged_without_a_fix(coach: tonecoach.Coach) -> None:
    report = coach.check("Вчера была произведена блокировка карты.")
    [s] = report.suggestions
    assert (s.code, report.text[s.start:s.end], s.replacements) == (
        "TC402", "была произведена блокировка", [])


def test_chain_of_verbal_nouns(coach: tonecoach.Coach) -> None:
    text = "Для проведения проверки начисления платы пришлите квитанцию."
    [s] = [s for s in coach.check(text).suggestions if s.code == "TC403"]
    assert text[s.start:s.end] == "проведения проверки начисления платы"


def test_sentence_length_thresholds(coach: tonecoach.Coach) -> None:
    def sentence(n: int) -> str:
        return " ".join(["слово"] * n) + "."

    assert codes(coach.check(sentence(25))) == []
    [warning] = coach.check(sentence(26)).suggestions
    assert (warning.code, warning.severity) == ("TC404", "warning")
    [error] = coach.check(sentence(41)).suggestions
    assert (error.code, error.severity) == ("TC404", "error")
    strict = Config(long_sentence_words=5, very_long_sentence_words=8)
    assert [s.severity for s in coach.check(sentence(7), config=strict).suggestions] == [
        "warning"]


def test_reply_length_by_channel(coach: tonecoach.Coach) -> None:
    reply = " ".join(["Всё готово."] * 70)  # 140 words
    assert codes(coach.check(reply)) == ["TC405"]
    assert codes(coach.check(reply, context=Context(channel="email"))) == []
    assert codes(coach.check(reply, config=Config(channel="email"))) == []
    [info] = coach.check(reply).suggestions
    assert info.severity == "info" and "140" in info.message


def test_metrics_on_every_report(coach: tonecoach.Coach) -> None:
    m = coach.check("Заказ в пути. Курьер приедет завтра утром.").metrics
    assert (m.words, m.sentences, m.mean_sentence_length) == (7, 2, 3.5)
    assert m.syllables_per_word == pytest.approx(13 / 7, abs=0.01)  # «в» has no vowel
    assert m.readability == pytest.approx(206.835 - 1.3 * 3.5 - 60.1 * 13 / 7, abs=0.1)
    assert coach.check("").metrics.words == 0


@pytest.mark.parametrize(("words", "said"), [(26, "26 слов"), (32, "32 слова"), (41, "41 слово")])
def test_counts_in_messages_agree_with_their_noun(words: int, said: str) -> None:
    text = " ".join(["слово"] * words) + "."
    [message] = [s.message for s in tonecoach.check(text).suggestions if s.code == "TC404"]
    assert message.startswith(f"В предложении {said}.")


def test_fill_agrees_a_number_and_keeps_other_specs() -> None:
    from tonecoach.checks.run import fill

    assert fill("{n:ответ} и {x:>3}", {"n": "4", "x": "a"}) == "4 ответа и   a"
    assert fill("{n:ответ}", {"n": "много"}) == "{n:ответ}"  # not a number: left as written
