"""The token-pattern engine: notation, validation errors, matching semantics."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tonecoach.analysis.draft import analyze
from tonecoach.errors import RuleDataError
from tonecoach.rulebook.matcher import Matcher
from tonecoach.rulebook.schema import PhraseEntry, RuleSpec, TokenEntry, validate_yaml


def spans(patterns: Any, text: str, *, skip_quoted: bool = True) -> list[str]:
    """What ``patterns`` (YAML) find in ``text``."""
    matcher = Matcher()
    raw = yaml.safe_load(patterns) if isinstance(patterns, str) else patterns
    matcher.add("K", [TokenEntry(tokens=raw)])
    found = matcher.find(analyze(text), skip_quoted=skip_quoted).get("K", [])
    return [text[m.start:m.end] for m in found]


REPROACH = """
- {LOWER: {IN: [вам, вы]}}
- {LOWER: {IN: [же, ведь, уже, ясно]}, OP: "*"}
- {LEMMA: {IN: [сказать, написать, объяснить]}}
"""


@pytest.mark.parametrize("text, found", [
    ("Вам же ясно написали в условиях.", ["Вам же ясно написали"]),
    ("Вам уже объясняли, что так нельзя.", []),  # «объяснять» is another lemma
    ("Вам сказали правду.", ["Вам сказали"]),
    ("Вам, ведь, сказали.", ["Вам, ведь, сказали"]),  # commas are stepped over
    ("Вам. Сказали.", []),  # never across a sentence end
    ("Вам: сказали.", []),  # nor a colon
    ("Клиент ответил: «Вам же сказали».", []),  # quoted text is not the operator's
])
def test_particles_repeat_and_clauses_bound_a_match(text: str, found: list[str]) -> None:
    assert spans(REPROACH, text) == found


def test_lemma_pos_and_morph_are_tested_on_one_reading() -> None:
    past_plural = "[{LEMMA: сказать, MORPH: \"past plur\"}]"
    assert spans(past_plural, "Мы сказали. Я сказал. Скажите.") == ["сказали"]
    adjective = "[{LOWER: целую, POS: ADJF}, {POS: NOUN, MORPH: {IS_SUPERSET: [femn, accs]}}]"
    assert spans(adjective, "Посылка шла целую неделю. Целую, ваш Игорь.") == ["целую неделю"]
    not_impr = "[{LEMMA: слушать, MORPH: {NOT_IN: [impr]}}]"
    assert spans(not_impr, "Слушай, мы слушаем.") == ["слушаем"]


def test_op_counts_gaps_and_negated_slots() -> None:
    gap = "[{LEMMA: извинить}, {OP: \"{0,3}\"}, {LOWER: если}]"
    assert spans(gap, "Извините нас, пожалуйста, если что.") == ["Извините нас, пожалуйста, если"]
    assert spans(gap, "Извините за это долгое ожидание, если можно.") == []  # four words
    negated = "[{LOWER: такого}, {LOWER: быть, OP: \"!\"}, {LOWER: может}]"
    assert spans(negated, "Такого не может быть. Такого быть может.") == ["Такого не может"]
    twice = "[{LOWER: очень, OP: \"{2}\"}, {LEMMA: жаль}]"
    assert spans(twice, "Очень очень жаль. Очень жаль.") == ["Очень очень жаль"]


def test_neg_tells_negated_words() -> None:
    works = "[{LEMMA: работать, NEG: true}]"
    assert spans(works, "Сайт не работает. Ничего не сразу работает. Всё работает.") == [
        "работает", "работает"]
    assert spans("[{LEMMA: работать, NEG: false}]", "Сайт не работает, а касса работает.") \
        == ["работает"]


def test_punctuation_slots_and_flags() -> None:
    question = "[{LOWER: зачем}, {OP: \"{0,4}\"}, {LEMMA: нужный}, {OP: \"{0,3}\"}, {ORTH: \"?\"}]"
    assert spans(question, "Зачем тогда вообще нужен ваш сервис?") == [
        "Зачем тогда вообще нужен ваш сервис?"]
    assert spans(question, "Зачем тогда вообще нужен ваш сервис.") == []
    start = "[{LEMMA: успокоиться, IS_SENT_START: true}]"
    assert spans(start, "Успокойтесь. Мы не просим вас успокоиться.") == ["Успокойтесь"]


def test_quoted_text_is_read_in_client_messages() -> None:
    sarcasm = "[{LEMMA: спасибо}, {LOWER: за}, {ORTH: «}, {POS: ADJF}, {ORTH: »}]"
    text = "Спасибо за «быструю» доставку."
    assert spans(sarcasm, text, skip_quoted=False) == ["Спасибо за «быструю»"]


def test_phrases_and_patterns_share_one_matcher_and_antipatterns_cancel() -> None:
    matcher = Matcher()
    matcher.add("TC", [PhraseEntry(phrase="ничего страшного")],
                antipatterns=[tuple(TokenEntry(tokens=yaml.safe_load(
                    "[{LOWER: ничего}, {LOWER: страшного}, {LOWER: нет}]")).patterns[0])])
    text = "Ничего страшного нет. Ничего страшного!"
    found = matcher.find(analyze(text))["TC"]
    assert [text[m.start:m.end] for m in found] == ["Ничего страшного"]
    assert found[0].start == text.rindex("Ничего")


BAD_SLOTS = [
    ("[{LEMMA: сказали}]", "tokens[0].LEMMA: LEMMA 'сказали' is not a dictionary form"),
    ("[{POS: VRB}]", "tokens[0].POS: POS 'VRB' is not a pymorphy3 part of speech"),
    ("[{LEMMA: сказать, MORPH: \"past plural\"}]",
     "tokens[0].MORPH: MORPH 'plural' is not a pymorphy3 grammeme"),
    ("[{LEMMA: сказать}, {}]", "tokens[1]: an empty slot matches anything"),
    ("[{LEMMA: сказать}, {LOWER: да, COLOR: red}]", "tokens[1].COLOR: Extra inputs"),
    ("[{LEMMA: сказать}, {OP: \"*\"}, {LOWER: да}]", "tokens[1]: a gap must be bounded"),
    ("[{LEMMA: сказать, OP: \"{3,1}\"}]", "the minimum is above the maximum"),
    ("[{POS: VERB}]", "needs one slot with LEMMA, LOWER or ORTH/TEXT words and no OP"),
    ("[[{LEMMA: сказать}], [{LOWER: да}, {OP: \"?\"}]]", "tokens[1]: a pattern cannot start "
     "or end with a gap"),
]


@pytest.mark.parametrize("tokens, message", BAD_SLOTS)
def test_bad_patterns_name_the_file_the_rule_and_the_slot(tokens: str, message: str) -> None:
    text = f"""
code: ACME101
name: acme
category: empathy
severity: warning
summary: x
message: x
tokens: {tokens}
"""
    with pytest.raises(RuleDataError) as err:
        validate_yaml(RuleSpec, "acme.yaml", text)
    assert str(err.value).startswith("acme.yaml: tokens")
    assert message in str(err.value), str(err.value)


def test_entries_with_notes_and_single_patterns_read_alike() -> None:
    one = validate_yaml(RuleSpec, "a.yaml", """
code: ACME101
name: acme
category: empathy
severity: warning
summary: x
message: x
tokens: [{LOWER: вам}, {LEMMA: сказать}]
""")
    entries = validate_yaml(RuleSpec, "b.yaml", """
code: ACME101
name: acme
category: empathy
severity: warning
summary: x
message: x
tokens:
  - tokens: [[{LOWER: вам}, {LEMMA: сказать}]]
    note: упрёк
""")
    assert one.tokens[0].patterns == entries.tokens[0].patterns
    assert entries.tokens[0].note == "упрёк"
