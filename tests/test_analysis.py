"""The analyzer: offsets, token kinds, sentences, quotes, normalisation, bounded growth."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecoach.analysis import analyze
from tonecoach.analysis import tokenize as tokenize_module
from tonecoach.analysis.draft import normalize_word
from tonecoach.analysis.tokenize import tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], kind) for start, end, kind in tokenize(text) if kind != "space"]


def test_offsets_point_into_the_original_text() -> None:
    text = "Привет,\u00a0тебе  код\n\nзаказ №5 — «ок»!"
    draft = analyze(text)
    for tok in draft.tokens:
        assert text[tok.start:tok.end] == tok.text
    assert [t.text for t in draft.tokens if t.kind == "word"] == [
        "Привет", "тебе", "код", "заказ", "ок"]


def test_token_kinds() -> None:
    got = kinds("Пишите на help@shop.ru или https://shop.ru/help, @shop_bot 😀 :) 1 250 ₽")
    assert ("help@shop.ru", "email") in got
    assert ("https://shop.ru/help", "url") in got
    assert ("@shop_bot", "handle") in got
    assert ("😀", "emoji") in got
    assert (":)", "emoji") in got
    assert ("250", "number") in got
    assert ("Пишите", "word") in got


@pytest.mark.parametrize("emoji", ["👍🏽", "👨‍👩‍👧", "🇷🇺", "❤️", "1️⃣"])
def test_emoji_clusters_are_one_token(emoji: str) -> None:
    text = f"Спасибо {emoji} ждём"
    got = kinds(text)
    assert (emoji, "emoji") in got
    assert [k for _, k in got].count("emoji") == 1


def test_markup_is_split_from_words() -> None:
    assert ("ты", "word") in kinds("<b>ты</b>")


def test_invisible_characters_stay_out_of_word_spans() -> None:
    text = "тебе\u200b\u00ad и"
    assert kinds(text)[0] == ("тебе", "word")


def test_normalisation_of_lookalikes_and_invisibles() -> None:
    assert normalize_word("тeбe") == "тебе"  # Latin e
    assert normalize_word("те\u00adбе") == "тебе"
    assert normalize_word("Hello") == "hello"  # pure Latin stays Latin


def test_sentences() -> None:
    draft = analyze("Здравствуйте! Заказ, т. е. посылка, в пути. Ждите 5 мая\nСпасибо")
    firsts = [s.words[0].text for s in draft.sentences]
    assert firsts == ["Здравствуйте", "Заказ", "Ждите", "Спасибо"]


def test_an_emoji_ends_a_sentence_only_before_a_capital() -> None:
    firsts = [[w.text for w in s.words][:1] for s in analyze(
        "Спасибо 😀 Напиши нам. Отлично 😊, пишите 🙂 когда удобно").sentences]
    assert firsts == [["Спасибо"], ["Напиши"], ["Отлично"]]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Кнопка «Напиши нам» внизу", ["Напиши", "нам"]),
        ('Кнопка "Напиши нам" внизу', ["Напиши", "нам"]),
        ("Кнопка „Напиши нам“ внизу", ["Напиши", "нам"]),
        ("Кнопка 'Напиши нам' внизу", ["Напиши", "нам"]),
        ("Кнопка «Напиши «нам» сейчас» внизу", ["Напиши", "нам", "сейчас"]),
        ("Кнопка «Напиши нам\nвнизу", ["Напиши", "нам"]),  # unclosed: to the line end
    ],
)
def test_quotes(text: str, quoted: list[str]) -> None:
    draft = analyze(text)
    assert [t.text for t in draft.tokens if t.quoted and t.kind == "word"] == quoted


def test_long_chunks_tokenize_linearly() -> None:
    draft = analyze("!" * 50_000 + " ты")
    assert draft.tokens[-1].text == "ты"
    assert len(draft.tokens) == 50_001


def test_vocabulary_is_renewed_when_it_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokenize_module, "MAX_VOCAB_STRINGS", 2_000)
    tok = tokenize_module._Tokenizer()
    for i in range(3_000):
        tok(f"слово{i} другое{i}")
    assert tok.vocab_size() <= 2_000 + 10


def test_html_tags_are_markup_not_words() -> None:
    draft = analyze('Нажмите <a href="https://x.ru/help" class="btn big">ссылку</a> ниже.')
    words = [t.text for t in draft.tokens if t.kind == "word" and not t.markup]
    assert words == ["Нажмите", "ссылку", "ниже"]


def test_inflect_like_a_word_without_part_of_speech_gives_nothing() -> None:
    """Found by the fuzzer: a Latin word (tag LATN, no POS) as the model crashed pymorphy3's
    grammeme comparison."""
    from tonecoach.analysis.inflection import inflect_like

    for model in ("LOL", "123"):
        token = analyze(model).tokens[0]
        assert inflect_like("прислать", token, polite=True) is None
    assert inflect_like("прислать", analyze("скинь").tokens[0], polite=True) == "пришлите"


@given(st.text(alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
                                             "АБВГДЕЁЖЗabcXYZ0123456789 \n\t.,!?;:—-«»\"()"
                                             "\u00a0\u2026\u20bd")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_the_plain_fast_path_equals_the_general_one(text: str) -> None:
    from tonecoach.analysis.draft import _plain_tokens, _tokens
    from tonecoach.analysis.tokenize import plain, tokenize

    assert plain(text)
    fast, fast_lines, fast_sents, fast_others, fast_numbers = _plain_tokens(text)
    slow, slow_lines, slow_sents, slow_others, slow_numbers = _tokens(text, tokenize(text))
    assert [(t.text, t.start, t.end, t.kind, t.sent, t.norm) for t in fast] == \
        [(t.text, t.start, t.end, t.kind, t.sent, t.norm) for t in slow]
    assert fast_lines == slow_lines
    assert [(s.first, s.last, [w.i for w in s.words]) for s in fast_sents] == \
        [(s.first, s.last, [w.i for w in s.words]) for s in slow_sents]
    assert [t.i for t in fast_others] == [t.i for t in slow_others] == \
        [t.i for t in slow if t.kind not in ("word", "number")]
    assert [t.i for t in fast_numbers] == [t.i for t in slow_numbers] == \
        [t.i for t in slow if t.kind == "number"]


@given(st.text(alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
                                             "АБВГДЕЖЗabcXYZ0123456789 \n.,!?«»<>/b\u00a0")),
               max_size=120))
@settings(max_examples=200, deadline=None)
def test_the_coach_counts_words_as_metrics_do(text: str) -> None:
    """The coach counts words and syllables during its scan; the counts must be those that
    metrics.Counts.of makes on its own (numbers in, markup out)."""
    from tonecoach.analysis.metrics import Counts
    from tonecoach.coach import default_coach

    if not text.strip():
        return
    coach = default_coach()
    draft = analyze(text)
    coach._scan(draft)
    scanned, alone = draft.counts, Counts.of(draft)
    assert (scanned.per_sentence, scanned.words, scanned.syllables) == \
        (alone.per_sentence, alone.words, alone.syllables)
