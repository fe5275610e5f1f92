"""Apology and empathy fixes never break a reply: each applied alone (one quick fix in an
editor) and all together (one pass of «Исправить всё») keeps every word it does not target,
the punctuation, the capital of its place, the answer the reply opens with, and does not
contradict the draft."""

from __future__ import annotations

import re

import pytest

import tonecoach
from tonecoach.fixes import compatible_fixes
from tonecoach.models import Suggestion

from .conftest import codes

DOUBLE_CHARGE = "Вы опять дважды списали деньги!!! Сколько можно?"
OUTAGE = "Сервис не работает с утра, мы не можем принимать оплату!"
LATE = "Заказ опоздал на неделю, это издевательство!"
FAMILIES = ("empathy", "apology")


def _fixable(report: tonecoach.Report, *wanted: str) -> list[Suggestion]:
    return [s for s in report.suggestions if s.replacements
            and (s.code in wanted or (not wanted and s.category in FAMILIES))]


def _alone(text: str, s: Suggestion) -> str:
    """What one quick fix in an editor makes of ``text``."""
    return text[:s.start] + s.replacements[0] + text[s.end:]


def _together(text: str, suggestions: list[Suggestion]) -> str:
    """One pass of every compatible fix."""
    out, pos = [], 0
    for s in compatible_fixes(text, suggestions):
        out += [text[pos:s.start], s.replacements[0]]
        pos = s.end
    return "".join([*out, text[pos:]])


def _results(coach: tonecoach.Coach, text: str, message: str | None = None) -> list[str]:
    """The text after each empathy and apology fix alone, and after all of them together."""
    fixable = _fixable(coach.check(text, client_message=message))
    return [_alone(text, s) for s in fixable] + ([_together(text, fixable)] if fixable else [])


_BROKEN = [
    ("double space", re.compile(r"\S  +\S")),
    ("space before punctuation", re.compile(r" [,.!?:;]")),
    ("lower case after a sentence end", re.compile(r"[.!?…] +[а-яё]")),
    ("punctuation clash", re.compile(r"[,;:—]\s*[.!?]|[.!?]\s*[,;]|,\s*,")),
    ("sentence opening with punctuation", re.compile(r"(^|[.!?] +)[,;:—]")),
    ("trailing space", re.compile(r"[ \t]+$")),
    ("capital in mid-sentence", re.compile(r"[а-яё,] +(Извините|Простите|Приносим|Просим)\b")),
]


def _assert_whole(original: str, fixed: str) -> None:
    for name, pattern in _BROKEN:
        assert len(pattern.findall(fixed)) <= len(pattern.findall(original)), (name, fixed)
    assert not (original[:1].isupper() and fixed[:1].islower()), fixed


# -- TC302: the apology that names its reason stays, and no news goes -------------------------

def test_over_apology_keeps_the_apology_that_names_the_reason(coach: tonecoach.Coach) -> None:
    # broken before: the fix deleted «Извините за задержку доставки» and kept the generic ones
    text = ("Извините! Извините за задержку доставки. Приносим свои извинения. "
            "Заказ привезут завтра до 18:00.")
    report = coach.check(text)
    flagged = [text[s.start:s.end] for s in report.suggestions if s.code == "TC302"]
    assert flagged and not any("задержку" in f for f in flagged)
    for fixed in _results(coach, text):
        assert "Извините за задержку доставки." in fixed
    assert _together(text, _fixable(report)) == (
        "Извините за задержку доставки. Заказ привезут завтра до 18:00.")


def test_over_apology_message_names_the_kept_one(coach: tonecoach.Coach) -> None:
    text = "Извините! Простите за долгое ожидание. Заявка уже в работе."
    [first] = [s for s in coach.check(text).suggestions if s.code == "TC302"]
    assert text[first.start:first.end] == "Извините! "
    assert "«Простите за долгое ожидание»" in first.message and "1-е" not in first.message


@pytest.mark.parametrize(("text", "fixed"), [
    # the news after the apology stays, with the sentence's capital
    ("Извините, пожалуйста! Приносим глубочайшие извинения. Простите нас ещё раз, заказ уже "
     "в пути.", "Извините, пожалуйста! Заказ уже в пути."),
    ("Извините за ожидание. Ещё раз извините — заявку уже взяли в работу.",
     "Извините за ожидание. Заявку уже взяли в работу."),
    ("Простите за задержку. Простите: курьер попал в пробку.",
     "Простите за задержку. Курьер попал в пробку."),
    # an apology at the end of a sentence goes with its comma
    ("Простите за задержку. Курьер будет через 10 минут, ещё раз извините.",
     "Простите за задержку. Курьер будет через 10 минут."),
    ("Простите за задержку! Уже исправляем, простите нас, пожалуйста!!",
     "Простите за задержку! Уже исправляем!!"),
    # a sentence of nothing but an apology goes whole, with the right spaces
    ("Простите за задержку. Посылка будет завтра. Извините ещё раз.",
     "Простите за задержку. Посылка будет завтра."),
    ("Добрый день!\n\nПростите за задержку.\n\nИзвините.\n\nЗаказ в пути.",
     "Добрый день!\n\nПростите за задержку.\n\nЗаказ в пути."),
    ("Ой, простите-простите! Сейчас пришлём правильный чек.",
     "Ой, простите! Сейчас пришлём правильный чек."),
    # a regret beside a repeated apology stays
    ("Простите за задержку. Ещё раз извините, нам очень жаль. Возврат отправлен.",
     "Простите за задержку. Нам очень жаль. Возврат отправлен."),
])
def test_over_apology_removes_only_the_apology(coach: tonecoach.Coach, text: str,
                                               fixed: str) -> None:
    report = coach.check(text)
    fixes = _fixable(report, "TC302")
    assert fixes
    assert _together(text, fixes) == fixed
    for s in fixes:
        _assert_whole(text, _alone(text, s))


@pytest.mark.parametrize("text", [
    "Извините за ожидание. Заказ, извините, задерживается до среды.",  # inside a clause
    "Простите за ожидание. Ещё раз простите, что заказ задержался: курьер попал в пробку.",
    "Приносим извинения за опоздание. Ещё раз просим прощения и надеемся на понимание.",
    "Простите за задержку. Мы, конечно, приносим извинения.",  # nothing left to stand alone
])
def test_over_apology_is_advice_where_it_cannot_go_cleanly(coach: tonecoach.Coach,
                                                           text: str) -> None:
    report = coach.check(text)
    assert "TC302" in codes(report)
    assert _fixable(report, "TC302") == []


def test_over_apology_never_deletes_a_sentence_with_news(coach: tonecoach.Coach) -> None:
    # broken before: «Простите нас ещё раз, заказ уже в пути.» went whole
    text = ("Извините, пожалуйста! Приносим глубочайшие извинения. Простите нас ещё раз, "
            "заказ уже в пути.")
    for fixed in _results(coach, text):
        assert "аказ уже в пути." in fixed


def test_canned_formula_removed_as_one_too_many_gets_no_replacement(
        coach: tonecoach.Coach) -> None:
    text = ("Приносим извинения за доставленные неудобства. Приносим извинения за ожидание. "
            "Ваш вопрос решён.")
    report = coach.check(text)
    [canned] = [s for s in report.suggestions if s.code == "TC203"]
    assert canned.replacements == []  # TC302 removes it; a new apology in its place is none
    assert _together(text, _fixable(report)) == (
        "Приносим извинения за ожидание. Ваш вопрос решён.")


# -- TC203: «Простите, что так вышло» only where the sentence stays whole -----------------------

@pytest.mark.parametrize("text", [
    "Приносим извинения за доставленные неудобства, если таковые возникли.",
    "Мы приносим извинения за доставленные неудобства.",
    "Приносим извинения за неудобства, связанные с задержкой рейса.",
    "Заказ задерживается, и приносим извинения за неудобства.",
])
def test_canned_apology_fix_only_where_it_stands_apart(coach: tonecoach.Coach,
                                                       text: str) -> None:
    [canned] = [s for s in coach.check(text).suggestions if s.code == "TC203"]
    assert canned.replacements == []


def test_canned_apology_fix_where_it_stands_apart(coach: tonecoach.Coach) -> None:
    text = "Заявка передана инженеру. Приносим извинения за доставленные неудобства."
    report = coach.check(text)
    assert _together(text, _fixable(report, "TC203")) == (
        "Заявка передана инженеру. Простите, что так вышло.")


# -- TC301: the form and the capital of its place ---------------------------------------------

@pytest.mark.parametrize(("text", "fixed"), [
    # broken before: «Добрый день, Извините за задержку»
    ("Добрый день, извиняюсь за задержку: заказ уже в пути.",
     "Добрый день, извините за задержку: заказ уже в пути."),
    ("Мы, конечно, извиняемся за ожидание.", "Мы, конечно, приносим извинения за ожидание."),
    ("Очень извиняюсь за путаницу.", "Очень прошу прощения за путаницу."),
    ("Очень-очень извиняемся за путаницу.", "Очень-очень просим прощения за путаницу."),
    ("Я искренне извиняюсь за грубость курьера.",
     "Я искренне прошу прощения за грубость курьера."),
    ("А, извиняюсь, я ошибся.", "А, извините, я ошибся."),
    ("ИЗВИНЯЮСЬ ЗА ЗАДЕРЖКУ.", "ИЗВИНИТЕ ЗА ЗАДЕРЖКУ."),
    ("Извиняйте, ошибочка вышла — исправили.", "Извините, ошибочка вышла — исправили."),
    # «приносим извинения за неудобства» would be a canned formula (TC203): advice only
    ("Мы извиняемся за неудобства.", "Мы извиняемся за неудобства."),
])
def test_izvinyayus_fits_its_place(coach: tonecoach.Coach, text: str, fixed: str) -> None:
    report = coach.check(text)
    assert _together(text, _fixable(report, "TC301")) == fixed


@pytest.mark.parametrize("text", [
    "Извиняйте, ошибочка вышла — счёт исправили.",
    "Извинеие за ожидание, счёт исправили.",
])
def test_colloquial_or_misspelt_apology_gets_no_second_apology(coach: tonecoach.Coach,
                                                                text: str) -> None:
    # broken before: «Простите за путаницу. Извиняйте, ошибочка вышла…»
    report = coach.check(text, client_message="Вы мне прислали чужой счёт, безобразие!")
    assert codes(report, "TC304") == [] and codes(report, "TC30") != []
    for fixed in _results(coach, text, "Вы мне прислали чужой счёт, безобразие!"):
        assert not fixed.startswith(("Простите", "Понимаю"))


def test_izvinyayus_before_pered_is_advice(coach: tonecoach.Coach) -> None:
    report = coach.check("Извиняюсь перед вами за ожидание.")
    assert codes(report, "TC301") == ["TC301"] and _fixable(report, "TC301") == []


# -- TC201/TC304: the answer stays first ------------------------------------------------------

@pytest.mark.parametrize(("answer", "rest"), [
    ("Да, это наша ошибка.", "Второй платёж уже отменили."),
    ("Да.", "Второй платёж уже отменили."),
    ("Нет, деньги не пропали.", "Второй платёж уже отменили."),
    ("Конечно, вернём.", "Второй платёж отменится завтра."),
    ("Хорошо, проверим.", "Второй платёж отменится завтра."),
    ("Верно, списание задвоилось.", "Второй платёж уже отменили."),
    ("Есть, проблема в последнем обновлении.", "Второй платёж уже отменили."),
    ("Спасибо, что сообщили!", "Второй платёж уже отменили."),
    ("Ой.", "Второй платёж уже отменили."),
    ("Добрый день! Да, это наша ошибка.", "Второй платёж уже отменили."),
])
def test_insertion_goes_after_the_answer(coach: tonecoach.Coach, answer: str,
                                         rest: str) -> None:
    # broken before: «Понимаю, как это неприятно. Есть, проблема…»
    text = f"{answer} {rest}"
    report = coach.check(text, client_message=DOUBLE_CHARGE)
    fixes = _fixable(report, "TC201", "TC304")
    assert fixes
    for s in fixes:
        assert s.start == text.index(rest)
        fixed = _alone(text, s)
        assert fixed.startswith(answer + " ") and fixed.endswith(" " + rest)
        _assert_whole(text, fixed)


def test_insertion_after_an_answer_that_is_the_whole_reply(coach: tonecoach.Coach) -> None:
    text = "Да, действительно списали дважды: второй платёж уже отменили."
    [fix] = _fixable(coach.check(text, client_message=DOUBLE_CHARGE), "TC304")
    assert _alone(text, fix).startswith(text + " Понимаю")


@pytest.mark.parametrize("text", [
    "Да просто второе списание отменится само через сутки.",  # the answer glued to the rest
    "А вы карту два раза не прикладывали?",
    "Ну что ж, второе списание отменится само.",
    "Добрый вечер, укажите номер заказа, пожалуйста",  # no sentence end to insert after
    "исправили, второе списание отменено.",  # a capital before a lower-case sentence
    "@anna второе списание отменили.",
    "Простите, а карта оформлена на ваше имя?",  # «Простите. Простите, а …»
])
def test_no_insertion_where_none_reads_right(coach: tonecoach.Coach, text: str) -> None:
    report = coach.check(text, client_message=DOUBLE_CHARGE)
    assert "TC304" in codes(report)
    assert _fixable(report, "TC304") == []
    for s in _fixable(report, "TC201"):
        fixed = _alone(text, s)
        assert not fixed.startswith(("Понимаю", "Представляю")) or text[:1].isupper()
        _assert_whole(text, fixed)


# -- TC304: no apology in front of a reply that disputes the fault ----------------------------

@pytest.mark.parametrize("text", [
    "Вы ошиблись, ошибки у нас нет: второй платёж — это предавторизация.",
    "Проверили: с нашей стороны всё работает, списание одно.",
    "Комиссия начислена верно, второго списания не было.",
    "Двойных списаний у нас не бывает, система так не устроена.",
    "Это не баг, а фича: так работает предавторизация.",
    "Массовых сбоев не зафиксировано. Проверьте выписку ещё раз.",
    "Вы сами виноваты: оплатили заказ два раза.",
])
def test_no_apology_in_front_of_a_denial(coach: tonecoach.Coach, text: str) -> None:
    # broken before: «Простите за эту ошибку. Вы ошиблись, ошибки у нас нет…»
    report = coach.check(text, client_message=DOUBLE_CHARGE)
    [apology] = [s for s in report.suggestions if s.code == "TC304"]
    assert apology.replacements == []
    assert "оспаривает" in apology.message
    for fixed in _results(coach, text, DOUBLE_CHARGE):
        assert "Простите" not in fixed
        assert "с деньгами что-то идёт не так" not in fixed  # no presupposed fault either


def test_understanding_still_fits_a_denial(coach: tonecoach.Coach) -> None:
    text = "Проверили: с нашей стороны всё работает. Очистите кеш браузера."
    report = coach.check(text, client_message=OUTAGE)
    [empathy] = [s for s in report.suggestions if s.code == "TC201"]
    assert empathy.replacements[0] == "Понимаю, как это неприятно. "  # not «…сервис не работает»


def test_client_side_cause_gets_neutral_understanding(coach: tonecoach.Coach) -> None:
    text = "Код не пришёл, потому что вы ввели неверный номер. Исправьте его в профиле."
    report = coach.check(text, client_message="Код из СМС так и не пришёл, это издевательство!")
    assert codes(report, "TC304") == []
    [empathy] = [s for s in report.suggestions if s.code == "TC201"]
    assert "не получается войти" not in empathy.replacements[0]


@pytest.mark.parametrize("text", [
    "Тут я не знаю, чем помочь: у меня не воспроизводится. Мб это баг в прошивке.",
    "У них был временный сбой. Попробуйте ещё раз.",
])
def test_no_apology_for_a_hedged_or_outside_admission(coach: tonecoach.Coach,
                                                     text: str) -> None:
    report = coach.check(text)
    assert "TC304" in codes(report)
    assert _fixable(report, "TC304") == []


def test_a_denial_does_not_hide_an_admission(coach: tonecoach.Coach) -> None:
    text = "Релиз 2.14 сломал выгрузку, мы его откатили — всё работает как раньше."
    [fix] = _fixable(coach.check(text), "TC304")
    assert _alone(text, fix).startswith("Простите")


def test_empathy_carries_its_own_insertion_when_the_apology_cannot(
        coach: tonecoach.Coach) -> None:
    text = "Проверили: с нашей стороны всё работает, списание одно."
    report = coach.check(text, client_message=DOUBLE_CHARGE)
    assert [s.code for s in _fixable(report)] == ["TC201"]


# -- every fix of these families, alone and together, on a range of replies -------------------

REPLIES = [
    ("Здравствуйте! Второе списание отменено, деньги вернутся за три дня.", DOUBLE_CHARGE),
    ("Добрый день!\n\nДа, это наша ошибка.\n\nВторой платёж уже отменили.", DOUBLE_CHARGE),
    ("Спасибо, что сообщили! Сбой устранили в 11:20.", OUTAGE),
    ("Ольга, здравствуйте! Заказ передан курьеру.", LATE),
    ("Извиняюсь за задержку, заказ передан курьеру. Извините ещё раз!", LATE),
    ("Извините! Простите, пожалуйста, за задержку. Ещё раз приносим извинения. Посылка "
     "будет завтра. Извините ещё раз.", LATE),
    ("Ой, простите пожалуйста!!! Очень-очень извиняемся, приносим глубочайшие извинения за "
     "эту ошибку! Простите нас! Замену отправим завтра.", None),
    ("Приносим извинения за доставленные неудобства. Заказ будет завтра.", LATE),
    ("Извените, пожалуйста! Простите за ожидание, нам очень стыдно. Ещё раз извените — "
     "вопрос уже решаем.", None),
    ("Конечно! Курьер привезёт заказ завтра.", LATE),
]


@pytest.mark.parametrize(("text", "message"), REPLIES)
def test_every_fix_alone_and_together_keeps_the_reply_whole(
        coach: tonecoach.Coach, text: str, message: str | None) -> None:
    results = _results(coach, text, message)
    assert results
    for fixed in results:
        _assert_whole(text, fixed)
    if text.startswith(("Да", "Конечно", "Спасибо")):
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        assert all(fixed.startswith(first) for fixed in results)
