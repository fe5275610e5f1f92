"""Real text formats: Markdown links and code, quoted e-mail history. Rules read and count the
operator's own prose only; offsets keep indexing the caller's string."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tonecoach
from tonecoach.analysis import analyze
from tonecoach.analysis.markup import find_regions

from .conftest import codes

LONG_URL = ("https://help.example.ru/kb/2024-11-05/kak-podklyuchit-oplatu-cherez-sbp-"
            "i-nastroit-vozvraty-dlya-internet-magazina-na-lyuboj-platforme")


def words(text: str) -> list[str]:
    return [t.text for t in analyze(text).tokens if t.kind == "word"]


def fragments(report: tonecoach.Report, text: str) -> list[tuple[str, str]]:
    return [(s.code, text[s.start:s.end]) for s in report.suggestions]


# -- Markdown links --------------------------------------------------------------------------

def test_a_link_counts_as_its_text() -> None:
    text = f"Инструкция лежит в [базе знаний]({LONG_URL}), там всё по шагам."
    draft = analyze(text)
    assert words(text) == ["Инструкция", "лежит", "в", "базе", "знаний", "там", "всё", "по",
                           "шагам"]
    assert [t.text for t in draft.tokens if t.kind == "url"] == [LONG_URL]
    assert not any(t.text in "[]()" for t in draft.tokens)  # the brackets are no tokens


def test_a_link_does_not_make_a_sentence_long(coach: tonecoach.Coach) -> None:
    prose = ("Чтобы вернуть деньги за заказ, откройте раздел с покупками, выберите нужный "
             "заказ и нажмите кнопку возврата")
    text = f"{prose} — подробнее в [статье]({LONG_URL})."
    report = coach.check(text)
    assert report.metrics.words == len(prose.split()) + 3  # «подробнее», «в», «статье»
    assert "TC404" not in codes(report)
    longer = f"{prose}, а потом дождитесь письма с номером заявки и сроками, обычно это пара " \
             f"минут, — подробнее в [статье]({LONG_URL})."
    assert "TC404" in codes(coach.check(longer))  # a long sentence is still long


@pytest.mark.parametrize("text", [
    f"Образец: [ссылка]({LONG_URL} \"Заголовок\").",
    f"Образец: [ссылка](<{LONG_URL}>).",
    f"Образец: ![ссылка]({LONG_URL}).",
])
def test_link_variants(text: str) -> None:
    draft = analyze(text)
    assert words(text) == ["Образец", "ссылка"]
    assert [t.text for t in draft.tokens if t.kind == "url"] == [LONG_URL]
    assert [t.text for t in draft.tokens if t.kind == "punct"] == [":", "."]


def test_text_in_link_brackets_is_still_checked(coach: tonecoach.Coach) -> None:
    text = "Если что, [напиши нам](https://shop.example/help) в чат."
    assert ("TC101", "напиши") in fragments(coach.check(text), text)


# -- bare addresses --------------------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("Вот ссылка: ", ""), ("Вот ссылка: ", "."), ("Вот ссылка (", ")."), ("Вот ссылка «", "»,"),
    ("Вот ссылка:", " — там всё."), ("См.", "!"),
])
@pytest.mark.parametrize("url", [
    LONG_URL,
    "https://status.example.com/incidents/2025-02-11/api-gateway-eu-west-2-partial-outage",
    "https://help.example.ru/" + "-".join(["razdel"] * 40),  # longer than spaCy is given
    "www.example.ru/dostavka/sroki-i-stoimost-po-regionam",
])
def test_a_bare_address_is_one_token(before: str, url: str, after: str) -> None:
    text = before + url + after
    draft = analyze(text)
    found = [t for t in draft.tokens if t.kind == "url"]
    assert [t.text for t in found] == [url]
    assert not any(found[0].start < t.end and t.start < found[0].end
                   for t in draft.tokens if t is not found[0])


def test_a_bracket_that_belongs_to_the_address_stays_in_it() -> None:
    url = "https://ru.wikipedia.org/wiki/Мир_(значения)"
    assert [t.text for t in analyze(f"Читайте ({url}).").tokens if t.kind == "url"] == [url]


def test_a_sentence_ends_after_an_address() -> None:
    text = f"Инструкция здесь: {LONG_URL}. Если не выйдет, напишите."
    assert [s.words[0].text for s in analyze(text).sentences] == ["Инструкция", "Если"]


# -- code ------------------------------------------------------------------------------------

def test_inline_code_is_not_read(coach: tonecoach.Coach) -> None:
    text = "Ответ `ТЫ НЕ ПРАВ` приходит, когда ключ неверный. Проверьте ключ."
    report = coach.check(text)
    assert report.suggestions == []
    assert report.metrics.words == 7
    code = [t for t in analyze(text).tokens if t.kind == "code"]
    assert [t.text for t in code] == ["`ТЫ НЕ ПРАВ`"] and code[0].markup
    plain = text.replace("`", "")
    assert {"TC101", "TC601"} <= set(codes(coach.check(plain)))  # the same words as prose


@pytest.mark.parametrize("code", ["`HTTP 409 CONFLICT`", "``a ` ПРИВЕТ ТЫ``",
                                  "```ЗАПРОС ОТКЛОНЁН```"])
def test_inline_code_forms(coach: tonecoach.Coach, code: str) -> None:
    text = f"Сервер вернул {code}, повторите запрос через минуту."
    assert codes(coach.check(text)) == []
    assert words(text) == ["Сервер", "вернул", "повторите", "запрос", "через", "минуту"]


def test_an_unclosed_backtick_is_just_a_character(coach: tonecoach.Coach) -> None:
    text = "Нажмите ` и напиши нам."
    assert ("TC101", "напиши") in fragments(coach.check(text), text)


def test_inline_code_does_not_run_across_a_blank_line() -> None:
    text = "Ключ `abc\n\nНапиши` нам."
    assert "Напиши" in words(text)


@pytest.mark.parametrize("fence", ["```", "```bash", "``` json", "````"])
def test_a_fenced_block_is_not_read(coach: tonecoach.Coach, fence: str) -> None:
    closing = "`" * fence.count("`")
    text = (f"Попробуйте такой запрос:\n\n{fence}\ncurl -X POST https://api.example.ru/v1/pay \\\n"
            f"  -d '{{\"currency\": \"RUB\", \"note\": \"ТЫ ПЛАТИШЬ СЕЙЧАС!!! напиши\"}}'\n"
            f"{closing}\n\nЕсли снова будет ошибка, пришлите ответ сервера.")
    report = coach.check(text)
    assert report.suggestions == []
    assert report.metrics.words == 10
    assert report.metrics.sentences == 2
    draft = analyze(text)
    assert [h.kind for h in draft.hidden] == ["code"]
    assert draft.hidden[0].text.startswith("```") and draft.hidden[0].text.endswith(closing)


def test_no_sentence_runs_across_a_fenced_block() -> None:
    text = "Выполните\n```\nmake install\n```\nи перезапустите сервис"
    sentences = [[w.text for w in s.words] for s in analyze(text).sentences if s.words]
    assert sentences == [["Выполните"], ["и", "перезапустите", "сервис"]]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    text = "Вот так:\n```\nНАПИШИ МНЕ"
    assert words(text) == ["Вот", "так"]


def test_quote_marks_and_headers_inside_code_are_code() -> None:
    text = "Лог:\n```\n> npm install\nОлег Петров пишет:\n```\nГотово, напишите нам."
    draft = analyze(text)
    assert [h.kind for h in draft.hidden] == ["code"]
    assert words(text) == ["Лог", "Готово", "напишите", "нам"]


# -- quoted e-mail history -------------------------------------------------------------------

REPLY = "Добрый день!\n\nВозврат оформлен, деньги придут в течение трёх дней. Напиши, если что.\n\n"
CLIENT = ("ПРИВЕТ!!! ТЫ ВООБЩЕ ЧИТАЕШЬ ПОЧТУ??? подскажи, где мои деньги, я жду уже неделю и "
          "больше ждать не собираюсь, поскольку ввиду отсутствия ответа вынужден обратиться")


@pytest.mark.parametrize("history", [
    "\n".join("> " + part for part in CLIENT.split(", ")),
    "  >" + CLIENT,  # indented, no space after the mark
    f"-----Original Message-----\nFrom: Иван Петров\nSent: Monday, 3 March 2025 10:14\n\n{CLIENT}",
    f"-----Исходное сообщение-----\nОт: Иван Петров\nТема: Возврат\n\n{CLIENT}",
    f"________________________________\nОт: Иван Петров <ivan@example.ru>\n\n{CLIENT}",
    f"From: Ivan Petrov <ivan@example.ru>\nDate: Mon, 3 Mar 2025\n\n{CLIENT}",
    f"3 марта 2025 г., 10:14, Иван П. пишет:\n{CLIENT}",
    f"Иван Петров пишет:\n\n{CLIENT}",
    f"Иван пишет:\n{CLIENT}",
    f"Иван пишет:\n> {CLIENT}",
    f"On Mon, 3 Mar 2025 at 10:14, Ivan <ivan@example.ru> wrote:\n\n> {CLIENT}",
    f"пн, 3 мар. 2025 г. в 10:14, Иван <ivan@example.ru>:\n{CLIENT}",
    f"03.03.2025 10:14, Иван Петров написал(а):\n{CLIENT}",
])
def test_quoted_history_is_neither_flagged_nor_counted(coach: tonecoach.Coach,
                                                       history: str) -> None:
    text = REPLY + history
    report = coach.check(text)
    alone = coach.check(REPLY)
    assert [(s.code, s.start, s.end) for s in report.suggestions] == \
        [(s.code, s.start, s.end) for s in alone.suggestions]
    assert ("TC101", "Напиши") in fragments(report, text)  # the operator's words still are
    assert report.metrics == alone.metrics
    assert [t.kind for t in analyze(text).hidden] == ["history"]


def test_the_operators_answers_between_quoted_lines_are_read(coach: tonecoach.Coach) -> None:
    text = ("Иван Петров пишет:\n> ГДЕ ЗАКАЗ!!!\nОн уже в пути.\n> а когда привезут?\n"
            "Завтра до обеда, напиши, если не привезут.")
    report = coach.check(text)
    assert fragments(report, text) == [("TC101", "напиши")]
    assert report.metrics.words == 11
    assert [t.text for t in analyze(text).hidden] == [
        "Иван Петров пишет:\n> ГДЕ ЗАКАЗ!!!", "> а когда привезут?"]


@pytest.mark.parametrize("text, flagged", [
    # «пишет:» inside the operator's sentence, not a header of its own
    ("Клиент пишет: ты обещал вернуть деньги. Напиши ему.", "Напиши"),
    ("Вы пишете: «не пришло». Напиши, пожалуйста, номер заказа.", "Напиши"),
    ("Я уточнила у склада, вот что он пишет:\nпосылка ушла вчера, напиши курьеру.", "напиши"),
    ("Склад пишет:\nпосылка ушла вчера, напиши курьеру.", "напиши"),
    ("Сумма заказа:\n> 1000 ₽ — доставка бесплатно,\nнапиши, если нужна курьерская.", "напиши"),
    ("Если сумма > 1000 ₽, напиши нам.", "напиши"),
    ("Скидка:\n>= 5 заказов — десять процентов, напиши, если интересно.", "напиши"),
    ("Клавиши:\n<: медленнее\n>: быстрее, напиши, если нужно ещё.", "напиши"),
    ("Пишите на <help@example.ru>:\nнапиши нам, ответим.", "напиши"),
])
def test_prose_that_looks_like_history_is_checked(coach: tonecoach.Coach, text: str,
                                                  flagged: str) -> None:
    assert ("TC101", flagged) in fragments(coach.check(text), text)


def test_a_greater_than_sign_in_prose_hides_nothing() -> None:
    text = "Сумма > 1000 ₽ и напиши"
    assert find_regions(text) == []
    assert words(text) == ["Сумма", "и", "напиши"]


def test_a_tag_closed_on_the_next_line_is_not_a_quote() -> None:
    text = 'Нажмите <a href="https://example.ru"\n>эту ссылку</a> ниже.'
    draft = analyze(text)
    assert draft.hidden == []
    assert [t.text for t in draft.tokens if t.kind == "word" and not t.markup] == [
        "Нажмите", "эту", "ссылку", "ниже"]


# -- offsets, HTML, company rules -------------------------------------------------------------

def test_offsets_after_links_and_code_index_the_original_text(coach: tonecoach.Coach) -> None:
    text = (f"Откройте [личный кабинет]({LONG_URL}), введите `ТВОЙ_КЛЮЧ` и нажми «Готово». "
            "Если что, напиши.\n\n> ТЫ ГДЕ!!!")
    report = coach.check(text)
    assert ("TC101", "нажми") in fragments(report, text)
    assert ("TC101", "напиши") in fragments(report, text)
    for tok in analyze(text).tokens:
        assert text[tok.start:tok.end] == tok.text
    fixed = report.fixed_text
    assert f"[личный кабинет]({LONG_URL})" in fixed and "`ТВОЙ_КЛЮЧ`" in fixed
    assert "нажмите «Готово»" in fixed and "напишите" in fixed
    assert fixed.endswith("> ТЫ ГДЕ!!!")


def test_html_still_works(coach: tonecoach.Coach) -> None:
    text = ('<p>Статус заказа — <a href="https://example.ru/orders/track-and-trace-help">'
            "здесь</a>. Напиши, если что.</p>")
    draft = analyze(text)
    assert [t.text for t in draft.tokens if t.kind == "word" and not t.markup] == [
        "Статус", "заказа", "здесь", "Напиши", "если", "что"]
    assert fragments(coach.check(text), text) == [("TC101", "Напиши")]


def test_an_offset_inside_hidden_text_is_known_as_markup() -> None:
    text = "Ответ ниже.\n```\nкод\n```\nГотово.\n\n> вопрос"
    draft = analyze(text)
    for inside in (text.index("код"), text.index("вопрос")):
        tok = draft.token_at(inside)
        assert tok is not None and tok.markup and tok.quoted
    assert draft.token_at(text.index("Готово")) is draft.tokens[3]


def test_company_patterns_skip_code_and_history(tmp_path: Path) -> None:
    rules = tmp_path / "company.yaml"
    rules.write_text(
        "rules:\n"
        "  - code: ACME201\n"
        "    name: competitor\n"
        "    category: etiquette\n"
        "    message: \"Не упоминаем конкурентов.\"\n"
        "    patterns: ['\\bозон\\w*']\n", encoding="utf-8")
    coach = tonecoach.Coach(tonecoach.Config(rule_files=[str(rules)]))
    text = ("На Озоне иначе. Ключ `ozon_озон`.\n```\nозон\n```\n\n"
            "Иван пишет:\n> а на озоне дешевле")
    assert fragments(coach.check(text), text) == [("ACME201", "Озоне")]


def test_code_in_the_client_message_is_not_shouting(coach: tonecoach.Coach) -> None:
    report = coach.check("Проверим и вернёмся с ответом.",
                         client_message="Метод `GET /v1/ORDERS` отдаёт `404 NOT FOUND`.")
    assert report.signals is not None and not report.signals.upset


# -- properties ------------------------------------------------------------------------------

PIECES = st.sampled_from([
    "`", "``", "```", "```js", "[", "]", "(", ")", "](", "!", ">", "> ", "\n", "\n\n", " ",
    "ссылка", "ТЫ", "напиши", "Иван Петров пишет:", "wrote:", "-----Original Message-----",
    "____________", "От: Иван", "Sent: Monday", "https://x.ru/a-b-c", "<a@b.c>:", "<b>", "</b>",
    "«", "»", "\"", "!!!", "12 мая 2025 г., 09:41,", "\r\n", "👍🏽", "e\u0301", ".",
])
MARKDOWNISH = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
@example("[a](https://x.ru/a-b)`ТЫ`\n```\n> x\nИван пишет:\n")
@example("Иван пишет:\n> x\n```")
def test_offsets_stay_valid_on_markdownish_text(text: str) -> None:
    regions = find_regions(text)
    for a, b in pairwise(regions):
        assert a.end <= b.start  # sorted, disjoint
    assert all(0 <= r.start <= r.end <= len(text) for r in regions)
    draft = analyze(text)
    last_end = 0
    for i, tok in enumerate(draft.tokens):
        assert tok.i == i and text[tok.start:tok.end] == tok.text and tok.start >= last_end
        last_end = tok.end
    for hidden in draft.hidden:
        assert text[hidden.start:hidden.end] == hidden.text and hidden.markup
        assert not any(hidden.start < t.end and t.start < hidden.end for t in draft.tokens)
    report = tonecoach.check(text)
    for s in report.suggestions:
        assert 0 <= s.start <= s.end <= len(text)
        if s.code != "TC405":  # a reply too long is marked whole, history between its parts too
            assert not any(h.start < s.end and s.start < h.end for h in draft.hidden)
