"""Brevity in context: light verbs in every tense, voice and word order (TC402), light-verb
idioms, «находится на стадии …», and the канцелярит phrases that depend on their clause (TC401:
«в ближайшее время» in a negative clause, «имеется возможность», «таковые», …)."""

from __future__ import annotations

from importlib import resources

import pytest

import tonecoach
from tonecoach.errors import RuleDataError
from tonecoach.rulebook.book import builtin_rulebook, load_rule_file


def brevity(coach: tonecoach.Coach, text: str) -> list[tonecoach.Suggestion]:
    return coach.check(text).by_category("brevity")


def flagged(coach: tonecoach.Coach, text: str, code: str) -> list[str]:
    return [text[s.start:s.end] for s in brevity(coach, text) if s.code == code]


def fixed(coach: tonecoach.Coach, text: str) -> str:
    return tonecoach.apply_fixes(text, brevity(coach, text))


# -- TC402: the active light verb, any tense, mood and aspect -------------------------------------

@pytest.mark.parametrize(("draft", "expected"), [
    # generic light verbs with every verbal noun of the lexicon
    ("Вчера он произвёл оплату.", "Вчера он оплатил."),
    ("Она произвела оплату заказа.", "Она оплатила заказ."),
    ("Мы будем осуществлять доставку по выходным.", "Мы будем доставлять по выходным."),
    ("Выполните перезагрузку роутера.", "Перезагрузите роутер."),
    ("Совершите покупку в приложении.", "Купите в приложении."),
    ("Врач ведёт приём по вторникам.", "Врач принимает по вторникам."),
    ("Склад не осуществляет выдачу посылок ночью.", "Склад не выдаёт посылки ночью."),
    # «осуществите» is an imperative or a future: the imperative opens a sentence …
    ("Осуществите вход в личный кабинет.", "Войдите в личный кабинет."),
    ("Пожалуйста, осуществите вход.", "Пожалуйста, войдите."),
    # … the future follows «вы»
    ("Если вы осуществите вход, появится меню.", "Если вы войдёте, появится меню."),
    # idioms: the verb is light with this noun only
    ("Мы дадим ответ по вашей заявке завтра.", "Мы ответим по вашей заявке завтра."),
    ("Дайте ответ до пятницы.", "Ответьте до пятницы."),
    ("Мы приняли решение вернуть деньги.", "Мы решили вернуть деньги."),
    ("Вы дали согласие на рассылку.", "Вы согласились на рассылку."),
    ("Выражаем благодарность за отзыв.", "Благодарим за отзыв."),
    # a negated verb takes its noun in the genitive
    ("Мы не дали ответа вовремя.", "Мы не ответили вовремя."),
    ("Банк не несёт ответственности за задержку.", "Банк не отвечает за задержку."),
    # a dative pronoun between stays where it is, when the verb takes it
    ("Мы окажем вам помощь в решении вопроса.", "Мы поможем вам в решении вопроса."),
    ("Мы произведём вам возврат средств.", "Мы вернём вам средства."),
    # «работа над / по» + a verbal noun: the verbal noun carries the meaning
    ("Мы ведём работу над устранением сбоя.", "Мы устраняем сбой."),
    ("Завтра проведём работы по замене счётчиков.", "Завтра заменим счётчики."),
    # «находится на стадии / в процессе / на этапе»
    ("Ваш заказ находится на стадии комплектации.", "Ваш заказ комплектуется."),
    ("Заявка находилась на этапе проверки.", "Заявка проверялась."),
    ("Заявка будет находиться на рассмотрении.", "Заявка будет рассматриваться."),
])
def test_light_verb_fixes(coach: tonecoach.Coach, draft: str, expected: str) -> None:
    assert fixed(coach, draft) == expected


@pytest.mark.parametrize(("draft", "span"), [
    # the verb cannot take what follows the noun: flagged, no fix
    ("Можно произвести оплату за две поездки.", "произвести оплату"),
    ("Совершите оплату по своему заказу.", "Совершите оплату"),
    ("Комиссия примет решение о кредите.", "примет решение"),
    ("Направим ответ на вашу почту.", "Направим ответ"),
    # a dative between, and a verb that governs the accusative
    ("Выражаем вам благодарность.", "Выражаем вам благодарность"),
    # «осуществите» after «когда»: imperative or future? no fix
    ("Когда осуществите вход, нажмите «Далее».", "осуществите вход"),
])
def test_light_verb_without_a_fix(coach: tonecoach.Coach, draft: str, span: str) -> None:
    [s] = [s for s in brevity(coach, draft) if s.code == "TC402"]
    assert (draft[s.start:s.end], s.replacements) == (span, [])


def test_an_idiom_without_a_fix_is_a_hint(coach: tonecoach.Coach) -> None:
    [s] = brevity(coach, "Как только примем решение о рассрочке, напишем.")
    assert s.severity == "info" and "решить" in s.message
    [s] = brevity(coach, "Можно произвести оплату за две поездки.")
    assert s.severity == "warning"


# -- TC402: passives, every tense and word order ---------------------------------------------------

@pytest.mark.parametrize(("draft", "span", "we"), [
    ("Будет произведён возврат денег.", "Будет произведён возврат", "мы вернём"),
    ("Возврат будет произведён на карту.", "Возврат будет произведён", "мы вернём"),
    ("Возврат денежных средств был произведён вчера.",
     "Возврат денежных средств был произведён", "мы вернули"),
    ("Доставка осуществляется курьером.", "Доставка осуществляется", "мы доставляем"),
    ("Доставка заказов по Москве осуществляется бесплатно.",
     "Доставка заказов по Москве осуществляется", "мы доставляем"),
    ("Доставка будет осуществляться по новым правилам.", "Доставка будет осуществляться",
     "мы будем доставлять"),
    ("Проверка проводилась дважды.", "Проверка проводилась", "мы проверяли"),
    ("Выдача карт производится только при предъявлении паспорта.",
     "Выдача карт производится", "мы выдаём"),
    ("Выдача справок не производится по субботам.", "Выдача справок не производится",
     "мы выдаём"),
    ("Решение о выдаче карты будет принято завтра.",
     "Решение о выдаче карты будет принято", "мы решим"),
    ("Ответ будет направлен вам на почту.", "Ответ будет направлен", "мы ответим"),
    ("Вчера вам был дан ответ.", "был дан ответ", "мы ответили"),
    ("Ведётся работа над устранением неполадки.", "Ведётся работа над устранением",
     "мы устраняем"),
    ("Работы по восстановлению связи ведутся круглосуточно.",
     "Работы по восстановлению связи ведутся", "мы восстанавливаем"),
    ("Запись ведётся по телефону.", "Запись ведётся", "мы записываем"),
])
def test_passives_are_flagged_without_a_fix(coach: tonecoach.Coach, draft: str, span: str,
                                            we: str) -> None:
    [s] = [s for s in brevity(coach, draft) if s.code == "TC402"]
    assert (draft[s.start:s.end], s.replacements) == (span, [])
    assert f"«{we}»" in s.message


def test_a_bare_done_deed_is_a_hint(coach: tonecoach.Coach) -> None:
    """«Перевод выполнен» reports a result briefly: info, while «будет выполнен» warns."""
    [s] = brevity(coach, "Перевод выполнен успешно.")
    assert (s.code, s.severity) == ("TC402", "info")
    [s] = brevity(coach, "Перевод будет выполнен завтра.")
    assert (s.code, s.severity) == ("TC402", "warning")


@pytest.mark.parametrize("draft", [
    # a verbal noun as the subject of an ordinary verb
    "Проверка займёт около 10 минут.",
    "Решение проблемы займёт один день.",
    "Доставка бесплатная.",
    "Оплата прошла.",
    "Ответ придёт на почту.",
    # the verb is light only with some nouns
    "Дадим скидку на следующий заказ.",
    "Мы приняли ваш платёж.",
    "Примите наши извинения.",
    "Дайте знать, если что-то не так.",
    # a participle as an adjective («данный» is also a participle of «дать»)
    "Принятое решение можно обжаловать.",
    "Данный ответ пришёл по ошибке.",
    # the subject is another noun
    "Заявка на возврат будет рассмотрена завтра.",
    "Работа выполнена.",
    "Ведём работу с клиентами.",
    "Ссылка ведёт на страницу оплаты.",
    # «оказывается» — «it turns out»; a perfective «-ся» is no passive
    "Оказывается, оплата не прошла из-за лимита.",
    "Оплата оказывается недоступной без подписки.",
    "Проверка оказалась долгой.",
    "Проведите картой по терминалу.",
])
def test_no_light_verb_false_alarm(coach: tonecoach.Coach, draft: str) -> None:
    assert flagged(coach, draft, "TC402") == []


def test_a_passive_never_reaches_across_a_comma(coach: tonecoach.Coach) -> None:
    draft = ("Если оплата не прошла, проверка проводится вручную, а возврат, как правило, "
             "производится за три дня.")
    assert flagged(coach, draft, "TC402") == ["проверка проводится"]


# -- TC401: «в ближайшее время» — a vague promise, or a plain time ---------------------------------

@pytest.mark.parametrize("draft", [
    "Специалист свяжется с вами в ближайшее время.",
    "В ближайшее время пришлём трек-номер.",
    "Не волнуйтесь, мы свяжемся в ближайшее время.",
    "Если не получится, свяжемся в ближайшее время.",
    "Если не получится, в ближайшее время позвоним.",
    "Свяжемся в ближайшее время, не выключайте телефон.",
])
def test_soon_as_a_promise_is_flagged(coach: tonecoach.Coach, draft: str) -> None:
    assert flagged(coach, draft, "TC401") == [
        draft[draft.lower().index("в ближайшее время"):][:17]]


@pytest.mark.parametrize("draft", [
    "Нет, в ближайшее время цены на связь не вырастут.",
    "Отключений воды в ближайшее время не будет.",
    "В ближайшее время ничего не изменится.",
    "Отключений в ближайшее время не ожидается.",
    "Мы не планируем повышать тарифы в ближайшее время.",
    "Цены не изменятся в ближайшее время.",
    "В ближайшее время ремонтов нет.",
])
def test_soon_in_a_negative_clause_is_a_plain_time(coach: tonecoach.Coach, draft: str) -> None:
    assert flagged(coach, draft, "TC401") == []


def test_a_negative_clause_elsewhere_does_not_hide_a_promise(coach: tonecoach.Coach) -> None:
    draft = "Цены не изменятся в ближайшее время. Свяжемся в ближайшее время."
    [s] = [s for s in brevity(coach, draft) if s.code == "TC401"]
    assert s.start == draft.rindex("в ближайшее время")


# -- TC401: more канцелярит -----------------------------------------------------------------------

@pytest.mark.parametrize(("draft", "expected"), [
    ("Обращаем ваше внимание, что офис закрыт.", "Обратите внимание: офис закрыт."),
    ("Обращаем Ваше внимание на то, что офис закрыт.", "Обратите внимание: офис закрыт."),
    ("Также обращаем внимание, что доставка платная.",
     "Также обратите внимание: доставка платная."),
    ("Настоящим подтверждаем получение заявления.", "Подтверждаем получение заявления."),
    ("Настоящим уведомляем, что договор продлён.", "Договор продлён."),
    ("У вас имеется возможность продлить бронь.", "Вы можете продлить бронь."),
    ("Сейчас у вас имеется возможность бесплатно продлить бронь.",
     "Сейчас вы можете бесплатно продлить бронь."),
    ("У нас имеется возможность заменить товар.", "Мы можем заменить товар."),
    ("В процессе оплаты появилась ошибка.", "Во время оплаты появилась ошибка."),
])
def test_kantselyarit_fixes(coach: tonecoach.Coach, draft: str, expected: str) -> None:
    assert fixed(coach, draft) == expected


@pytest.mark.parametrize(("draft", "span"), [
    ("У вас имеется возможность оплаты картой.", "У вас имеется возможность"),
    ("В номере имеется возможность заказа ужина.", "имеется возможность"),
    ("Для подключения требуется наличие паспорта.", "требуется наличие"),
    ("Для входа потребуется наличие кода.", "потребуется наличие"),
    ("Необходимо наличие положительного баланса.", "Необходимо наличие"),
    ("Приносим извинения за неудобства, если таковые возникли.", "таковые"),
    ("Таковых у нас не бывает.", "Таковых"),
    ("Заказ в процессе сборки.", "в процессе"),  # «заказ во время сборки» says something else
])
def test_kantselyarit_without_a_fix(coach: tonecoach.Coach, draft: str, span: str) -> None:
    [s] = [s for s in brevity(coach, draft) if s.code == "TC401"]
    assert (draft[s.start:s.end], s.replacements) == (span, [])


@pytest.mark.parametrize("draft", [
    "Таковы правила акции.",
    "Скидки как таковой нет.",
    "Проверьте наличие товара на сайте.",
    "У вас есть возможность отменить заказ.",
    "Настоящий паспорт нужен только на кассе.",
    "Имеется в виду тариф «Базовый».",
    "Обратите внимание, что офис закрыт.",
    "Ваши данные мы не храним.",
])
def test_no_kantselyarit_false_alarm(coach: tonecoach.Coach, draft: str) -> None:
    assert flagged(coach, draft, "TC401") == []


# -- the lexicons ---------------------------------------------------------------------------------

def test_lexicon_lines_are_typed() -> None:
    lexicons = builtin_rulebook().lexicons.brevity
    nouns = {v.noun: v for v in lexicons.verbal_nouns}
    assert nouns["оплата"].not_before == ["за", "по"]
    assert nouns["выезд"].case is None
    idioms = {(i.verb, i.noun): i for i in lexicons.light_verb_idioms}
    answer = idioms[("дать", "ответ")]
    assert (answer.perfective, answer.imperfective, answer.case) == ("ответить", "отвечать",
                                                                      "datv")
    assert "о" in answer.not_before


def test_a_malformed_idiom_line_names_the_entry() -> None:
    text = resources.files("tonecoach.rules").joinpath("brevity.yaml").read_text("utf-8")
    broken = text.replace("    - дать ответ ответить отвечать datv", "    - дать ответ", 1)
    with pytest.raises(RuleDataError, match=r"light_verb_idioms\[0\].*expected «verb noun"):
        load_rule_file("brevity.yaml", broken)
