"""Empathy and apology: client signals, insertions, combined fixes and precision traps."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach import Config

from .conftest import codes

ANGRY_LATE = "Где мой заказ?! Это издевательство, я же жду!!!"  # upset, no fault asserted
DOUBLE_CHARGE = "С карты дважды списали 2 490 ₽ за один заказ."


def test_signals_are_on_the_report(coach: tonecoach.Coach) -> None:
    report = coach.check("Заказ в пути.", client_message=ANGRY_LATE)
    assert report.signals is not None
    assert {"?!", "издевательство", "!!!"} <= set(report.signals.upset)
    assert report.signals.situation == "waiting"
    assert coach.check("Заказ в пути.").signals is None


def test_signals_see_faults_and_caps(coach: tonecoach.Coach) -> None:
    signals = coach.check("Ок.", client_message=DOUBLE_CHARGE).signals
    assert signals is not None and signals.fault == ["дважды списали"]
    assert signals.situation == "money" and not signals.upset
    caps = coach.check("Ок.", client_message="ВЕРНИТЕ МОИ ДЕНЬГИ").signals
    assert caps is not None and caps.upset == ["ВЕРНИТЕ ДЕНЬГИ"]
    brand = coach.check("Ок.", client_message="Был в СПА СПА комплексе").signals
    assert brand is not None and brand.upset == []


@pytest.mark.parametrize("message", [
    "Подскажите, можно ли оплатить заказ частями?",
    "Хочу сменить пароль. Что делать?",
    "Появляется ошибка перед запуском видео",
    "Как авторизоваться в телевизоре??",
    "Спасибо, всё получил!",
])
def test_calm_questions_give_no_signals(coach: tonecoach.Coach, message: str) -> None:
    report = coach.check("Откройте раздел «Профиль».", client_message=message)
    assert report.signals is not None and not report.signals.needs_care
    assert codes(report, "TC2") == codes(report, "TC3") == []


def test_insertion_goes_after_the_greeting(coach: tonecoach.Coach) -> None:
    text = "Ольга, здравствуйте! Заказ передан курьеру."
    report = coach.check(text, client_message=ANGRY_LATE)
    [missing] = [s for s in report.suggestions if s.code == "TC201"]
    assert missing.start == missing.end == text.index("Заказ")
    assert tonecoach.apply_fixes(text, report.suggestions) == (
        "Ольга, здравствуйте! Понимаю, как неприятно столько ждать. Заказ передан курьеру.")


def test_insertion_after_a_lone_greeting(coach: tonecoach.Coach) -> None:
    report = coach.check("Здравствуйте!", client_message=ANGRY_LATE)
    assert tonecoach.apply_fixes("Здравствуйте!", report.suggestions) == (
        "Здравствуйте! Понимаю, как неприятно столько ждать.")


def test_empathy_and_apology_are_one_insertion(coach: tonecoach.Coach) -> None:
    text = "Заказ передан курьеру."
    message = "Заказ опоздал на неделю, это издевательство!"
    report = coach.check(text, client_message=message)
    assert codes(report) == ["TC201", "TC304"]
    empathy, apology = report.suggestions
    assert empathy.replacements == []  # the apology carries the combined phrase
    assert apology.replacements[0] == (
        "Понимаю, как неприятно столько ждать. Простите за задержку. ")
    assert tonecoach.apply_fixes(text, report.suggestions).count("Понимаю") == 1


def test_empathy_keeps_its_fix_when_the_apology_rule_is_off(coach: tonecoach.Coach) -> None:
    report = coach.check("Заказ передан курьеру.", config=Config(ignore=["TC304"]),
                         client_message="Заказ опоздал на неделю, это издевательство!")
    [empathy] = report.suggestions
    assert empathy.replacements[0] == "Понимаю, как неприятно столько ждать. "


def test_fault_alone_asks_for_an_apology_only(coach: tonecoach.Coach) -> None:
    report = coach.check("Второе списание отменено.", client_message=DOUBLE_CHARGE)
    assert codes(report) == ["TC304"]
    assert report.suggestions[0].replacements[0] == "Простите за эту ошибку. "


@pytest.mark.parametrize("draft", [
    "Простите за двойное списание, второе уже отменено.",
    "Нам очень жаль, что так вышло. Второе списание отменено.",
    "Приносим Вам наши искренние извинения: второе списание отменено.",
])
def test_any_apology_or_regret_is_enough(coach: tonecoach.Coach, draft: str) -> None:
    assert codes(coach.check(draft, client_message=DOUBLE_CHARGE)) == []


def test_no_client_message_no_missing_rules(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Заказ передан курьеру.")) == []


def test_attention_getting_apology_is_no_apology(coach: tonecoach.Coach) -> None:
    draft = "Извините, уточните, пожалуйста, номер заказа. Простите за ожидание."
    assert codes(coach.check(draft)) == []


def test_quoted_apology_is_not_counted(coach: tonecoach.Coach) -> None:
    draft = "Простите за ожидание. В шаблоне было «Извините за неудобства», мы его убрали."
    assert codes(coach.check(draft), "TC302") == []


def test_long_reply_allows_one_apology_per_three_sentences(coach: tonecoach.Coach) -> None:
    sentences = ["Простите за задержку.", "Заказ собран.", "Курьер выехал.",
                 "Простите за неудобства с СМС.", "Код придёт позже.", "Мы на связи."]
    assert codes(coach.check(" ".join(sentences)), "TC302") == []
    assert codes(coach.check(" ".join(sentences[:3] + sentences[3:4])), "TC302") == ["TC302"]


def test_over_apology_fix_removes_whole_apology_sentences(coach: tonecoach.Coach) -> None:
    text = "Простите за задержку. Простите за ожидание. Заказ уже в пути."
    report = coach.check(text)
    assert tonecoach.apply_fixes(text, report.suggestions) == (
        "Простите за задержку. Заказ уже в пути.")


@pytest.mark.parametrize(("draft", "fixed"), [
    ("Извиняюсь за задержку.", "Извините за задержку."),
    ("Я извиняюсь за задержку.", "Я приношу извинения за задержку."),
    ("Мы извиняемся за задержку.", "Мы приносим извинения за задержку."),
])
def test_izvinyayus(coach: tonecoach.Coach, draft: str, fixed: str) -> None:
    report = coach.check(draft)
    assert tonecoach.apply_fixes(draft, report.by_category("apology")) == fixed


@pytest.mark.parametrize("draft", [
    "Не волнуйтесь, деньги вернутся на карту за три дня.",
    "Рекомендуем внимательно читать условия лицензии.",
    "Понимаю ваше беспокойство: проверим заказ сегодня.",
    "Если вы не согласны с решением, напишите нам — разберёмся.",
    "Правила возврата есть на сайте, в разделе «Помощь».",
    "Повторите, пожалуйста, запрос через минуту.",
    "Сделаем всё, чтобы вы не нервничали из-за доставки.",
    "Если вы ошиблись в адресе, напишите нам.",
    "Вы не виноваты: сбой был на нашей стороне.",
])
def test_no_false_dismissive_alarm(coach: tonecoach.Coach, draft: str) -> None:
    assert codes(coach.check(draft), "TC2") == []


def test_thanks_for_understanding_only_without_explanation(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Доставка задерживается. Спасибо за понимание!")) == ["TC203"]
    explained = "Доставка задерживается из-за снегопада. Спасибо за понимание!"
    assert codes(coach.check(explained)) == []
