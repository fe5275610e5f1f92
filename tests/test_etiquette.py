"""Etiquette: caps, marks, emoji policy, contacts, flirting, greetings; property tests."""

from __future__ import annotations

from datetime import datetime

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tonecoach
from tonecoach import Config, Context

from .conftest import codes


def fixed(coach: tonecoach.Coach, text: str, **kw: object) -> str:
    report = coach.check(text, **kw)  # type: ignore[arg-type]
    return tonecoach.apply_fixes(text, report.by_category("etiquette"))


@pytest.mark.parametrize(("draft", "expected"), [
    ("ВАШ ЗАКАЗ ОТМЕНЁН.", "Ваш заказ отменён."),
    ("Код придёт В ТЕЧЕНИЕ ЧАСА.", "Код придёт в течение часа."),
    ("Готово!!! Ждём вас?!!", "Готово! Ждём вас?"),
    ("Готово 😊 🎉", "Готово 😊"),
    ("😘 Всё готово", "Всё готово"),
])
def test_fixes(coach: tonecoach.Coach, draft: str, expected: str) -> None:
    assert fixed(coach, draft) == expected


def test_caps_allowed_in_config(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Скидки в МАГАЗИНЕ ГРАДУС уже действуют.")) == ["TC601"]
    allowed = Config(caps_allowed=["магазине", "градус"])
    assert codes(coach.check("Скидки в МАГАЗИНЕ ГРАДУС уже действуют.", config=allowed)) == []


def test_emoji_policies(coach: tonecoach.Coach) -> None:
    text = "Готово! Хорошего дня 🙂"
    assert codes(coach.check(text)) == []
    assert codes(coach.check(text, config=Config(emoji="none"))) == ["TC603"]
    many = "Готово 😊🎉👍😉"
    assert codes(coach.check(many, config=Config(emoji="any"))) == []
    report = coach.check(many)
    assert [s.severity for s in report.suggestions] == ["info", "info", "warning"]


@pytest.mark.parametrize("text", [":) Готово", "Всё готово ;)", "Ждём вас <3"])
def test_text_emoticons_count(coach: tonecoach.Coach, text: str) -> None:
    assert codes(coach.check(text, config=Config(emoji="none"))) == ["TC603"]


def test_company_contacts(coach: tonecoach.Coach) -> None:
    text = "Пишите на help@shop.ru или в Telegram @shop_help."
    assert codes(coach.check(text)) == []  # no personal wording: not flagged
    config = Config(company_contacts=["@shop.ru"])
    assert codes(coach.check(text, config=config)) == ["TC604"]  # the handle is not the company's
    config = Config(company_contacts=["shop.ru", "@shop_help"])
    assert codes(coach.check(text, config=config)) == []
    phone = "Мой номер 8 (912) 345-67-89, звоните."
    assert codes(coach.check(phone)) == ["TC604"]
    assert codes(coach.check(phone, config=Config(company_contacts=["+7 912 345 67 89"]))) == []


def test_messenger_without_a_handle(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Напишите мне в вотсап, разберёмся.")) == ["TC604"]
    assert codes(coach.check("Мы есть в Telegram и ВКонтакте.")) == []


def test_greeting_on_first_reply(coach: tonecoach.Coach) -> None:
    text = "Заказ в пути. Если будут вопросы — пишите."
    first = Context(first_reply=True)
    assert fixed(coach, text, context=first) == "Здравствуйте! " + text
    evening = Context(first_reply=True, sent_at=datetime(2026, 11, 23, 20, 15))
    assert fixed(coach, text, context=evening) == "Добрый вечер! " + text
    assert codes(coach.check(text)) == []  # not the first reply: nothing to say


def test_greeting_out_of_time(coach: tonecoach.Coach) -> None:
    text = "Доброе утро! Заказ в пути."
    late = Context(sent_at=datetime(2026, 11, 23, 21, 0))
    assert fixed(coach, text, context=late) == "Добрый вечер! Заказ в пути."
    early = Context(sent_at=datetime(2026, 11, 23, 9, 30))
    assert codes(coach.check(text, context=early)) == []


def test_closing_on_first_reply(coach: tonecoach.Coach) -> None:
    text = "Здравствуйте! Заказ в пути"
    assert fixed(coach, text, context=Context(first_reply=True)) == (
        "Здравствуйте! Заказ в пути. Если появятся вопросы — пишите, поможем.")


def test_farewell_is_no_duplicate_greeting(coach: tonecoach.Coach) -> None:
    assert codes(coach.check("Здравствуйте! Заказ в пути. Доброго дня!")) == []


GRAPHEMES = regex.compile(r"\X")
PIECES = st.sampled_from([
    "👍🏽", "👨‍👩‍👧", "🇷🇺", "❤️", "😉", ";)", ":)", "<3", "1️⃣", "e\u0301", "ВНИМАНИЕ", "СРОЧНО",
    "ИНН", "СМС", "ОТМЕНЁН", "заказ", "!", "?", "!!!", " ", "\n", "\u00a0", "\u200d", "«", "»",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join))
def test_emoji_and_caps_never_split_a_grapheme(text: str) -> None:
    bounds = {0, len(text)} | {m.end() for m in GRAPHEMES.finditer(text)}
    report = tonecoach.check(text, config=Config(emoji="none"))
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
        if s.code in ("TC601", "TC603"):
            assert s.start in bounds and s.end in bounds, (s, text)
