"""The language server's pure parts: positions in each encoding, settings, code actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("lsprotocol", reason="the lsp extra is part of the test install")
from tonecoach import Config, check
from tonecoach.coach import default_coach
from tonecoach.integrations.lsp.convert import Checked, code_actions, hover
from tonecoach.integrations.lsp.messages import code_problems
from tonecoach.integrations.lsp.positions import PositionMap
from tonecoach.integrations.lsp.settings import (
    Settings,
    SettingsError,
    merge,
    normalize,
    parse_settings,
)
from tonecoach.integrations.offsets import ENCODINGS, code_units, unit_offsets

from .lsp_wire import english_words


@pytest.mark.parametrize(("encoding", "column"), [("utf-16", 4), ("utf-8", 8), ("utf-32", 3)])
def test_columns_count_the_clients_units(encoding: str, column: int) -> None:
    text = "первая\n🙂аб"  # 🙂: 2 UTF-16 units, 4 UTF-8 bytes; «а»: 2 UTF-8 bytes
    pos = PositionMap(text, encoding)
    assert pos.position(len(text)) == (1, column)
    assert pos.offset(1, column) == len(text)


def test_lines_end_only_at_lsp_line_breaks() -> None:
    text = "а\r\nб\rв\u2028г\nд"  # U+2028 is not a line break for LSP
    pos = PositionMap(text)
    assert pos.position(text.index("б")) == (1, 0)
    assert pos.position(text.index("в")) == (2, 0)
    assert pos.position(text.index("г")) == (2, 2)
    assert pos.position(text.index("д")) == (3, 0)
    assert pos.offset(0, 99) == 1  # past the end of a line: its end, before «\r\n»
    assert pos.offset(9, 0) == len(text)


@given(st.text(alphabet=st.sampled_from(list("аб \n\r🙂👍🏽\u0301é\u2028")), max_size=40))
def test_offsets_round_trip(text: str) -> None:
    for encoding in ("utf-16", "utf-8", "utf-32"):
        pos = PositionMap(text, encoding)
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] == "\r\n":
                continue  # between «\r» and «\n» is no position
            assert pos.offset(*pos.position(offset)) == offset


# the code units the language server and the HTTP server share (tonecoach.integrations.offsets)

def _reference_units(text: str, encoding: str) -> int:
    """Counted character by character, as the LSP specification defines each unit."""
    per_char = {"utf-16": lambda c: 2 if ord(c) > 0xFFFF else 1,
                "utf-8": lambda c: len(c.encode("utf-8", "surrogatepass")),
                "utf-32": lambda c: 1}[encoding]
    return sum(per_char(c) for c in text)


@given(st.text(alphabet=st.sampled_from(list("аaб \n🙂👍🏽\u0301é\ud83d\ude00\U0010ffff")),
               max_size=40),
       st.lists(st.integers(0, 45), max_size=8))
def test_code_units_and_one_pass_offsets(text: str, offsets: list[int]) -> None:
    for encoding in ENCODINGS:
        assert code_units(text, encoding) == _reference_units(text, encoding)
        converted = unit_offsets(text, offsets, encoding)
        assert converted == {o: _reference_units(text[:o], encoding) for o in offsets}


def test_code_units_of_an_emoji_and_unknown_encodings() -> None:
    assert [code_units("ты 👍", e) for e in ENCODINGS] == [5, 9, 4]
    assert code_units("ты 👍") == 5  # UTF-16 unless told
    with pytest.raises(ValueError, match="utf-7"):
        code_units("ты", "utf-7")
    with pytest.raises(ValueError, match="unknown position encoding"):
        PositionMap("ты", "utf-7")


def test_settings_take_config_keys_camel_case_and_context() -> None:
    s = parse_settings({"tonecoach": {"clientName": "Ольга", "ignore": ["tc6"],
                                      "emoji": "none", "debounceMs": 10}},
                       base=Config(channel="email"))
    assert s.context.client_name == "Ольга"
    assert s.config.ignore == ["TC6"] and s.config.emoji == "none"
    assert s.config.channel == "email"  # the workspace file's value is kept
    assert s.debounce_ms == 10


@pytest.mark.parametrize(("raw", "message"), [
    ({"emoji": "sometimes"}, "emoji: «sometimes» — допустимо: «none», «moderate», «any»"),
    ({"address": "Вы"}, "address: «Вы» — допустимо: «вы», «ты»; может быть, «вы»?"),
    ({"colour": "red"}, "неизвестная настройка «colour»"),
    ({"clientNme": "Ольга"}, "неизвестная настройка «clientNme» — может быть, clientName?"),
    ({"client_nam": "Ольга"}, "неизвестная настройка «client_nam» — может быть, client_name?"),
    (["select"], "настройки: нужен объект {…}, а пришло: список"),
    ({"tonecoach": "x"}, "раздел tonecoach: нужен объект {…}, а пришло: строка"),
    ({"select": ["TC1O1"]}, "select: нет правила с кодом «TC1O1» — может быть, TC101"),
    ({"ignore": "TC1"}, "ignore: «TC1» — должно быть списком"),
    ({"debounceMs": -1}, "debounceMs: -1 — должно быть не меньше 0"),
    ({"longSentenceWords": 0}, "longSentenceWords: 0 — должно быть больше 0"),
    ({"first_reply": "maybe"}, "first_reply: «maybe» — должно быть true или false"),
    ({"long_reply_words": {"fax": 3}},
     "long_reply_words: неизвестный ключ «fax» — допустимо: «chat», «email»"),
])
def test_bad_settings_are_refused_in_russian(raw: object, message: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_settings(raw, codes=default_coach().rules)
    assert message in str(info.value)
    assert not english_words(str(info.value)), str(info.value)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as info:
        parse_settings({"emoji": "sometimes", "colour": "red", "debounceMs": -1})
    assert len(info.value.problems) == 3


@pytest.mark.parametrize("raw", [None, {}, [], {"tonecoach": []}, {"tonecoach": None}])
def test_empty_settings_in_any_shape_give_the_defaults(raw: object) -> None:
    assert parse_settings(raw) == Settings()


def test_a_change_merges_and_null_resets() -> None:
    first = normalize({"clientName": "Ольга", "emoji": "none", "ignore": ["TC4"]})
    merged = merge(first, normalize({"tonecoach": {"ignore": ["TC1"], "emoji": None}}))
    assert merged == {"client_name": "Ольга", "ignore": ["TC1"]}
    s = parse_settings(merged, base=Config(emoji="any"))
    assert s.config.emoji == "any"  # back to the default: here the toml's


def test_unknown_codes_and_categories_get_hints() -> None:
    rules = default_coach().rules
    config = Config(select=["TC999"], ignore=["brevity"], severity={"TC1": "info"})
    problems = code_problems(config, rules)
    assert code_problems(Config(ignore=["brevty"]), rules) == [
        "ignore: «BREVTY» — похоже на категорию brevity, а не код; коды её правил начинаются "
        "с TC4"]
    assert problems[0].startswith("select: нет правила с кодом «TC999» — коды правил: TC101…")
    assert problems[1] == ("ignore: «brevity» — это категория, а не код; "
                           "коды её правил начинаются с TC4")
    assert len(problems) == 2  # TC1 is a family: fine


def test_code_actions_fix_one_or_a_whole_category() -> None:
    text = "Ты можешь написать. Проверь почту, пожалуйста."
    checked = Checked.build("file:///d.txt", 1, check(text), "utf-16")
    start = text.index("Проверь")
    actions = code_actions(checked, start, start)
    titles = [a.title for a in actions]
    assert titles[0] == "TC101: «Проверь» → «Проверьте»"
    fix_all = next(a for a in actions if a.title.startswith("Исправить всё: обращение"))
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert len(fix_all.edit.changes["file:///d.txt"]) == 2
    only_source = code_actions(checked, start, start, only=["source.fixAll"])
    assert [a.kind for a in only_source] == ["source.fixAll"]
    assert code_actions(checked, 0, 0, only=["refactor"]) == []


def test_hover_explains_the_rule_under_the_cursor() -> None:
    text = "Мы уже отправили тебе письмо."
    checked = Checked.build("file:///d.txt", 1, check(text), "utf-16")
    result = hover(checked, text.index("тебе") + 1, default_coach().rules)
    assert result is not None
    assert "TC101" in result.contents.value and "«вам»" in result.contents.value  # type: ignore[union-attr]
    assert hover(checked, 0, default_coach().rules) is None


def test_relative_rule_files_are_taken_from_the_workspace() -> None:
    from tonecoach.integrations.lsp.server import _rooted

    s = parse_settings({"ruleFiles": ["rules/acme.yaml", "/etc/abs.yaml"]})
    rooted = _rooted(s, Path("/work/space"))
    assert rooted.config.rule_files == ["/work/space/rules/acme.yaml", "/etc/abs.yaml"]
    assert _rooted(s, None) is s


def test_with_a_root_each_project_keeps_its_own_config(tmp_path: Path) -> None:
    """Several projects under one workspace root: the nearest file wins, as in ruff."""
    from tonecoach.integrations.lsp.server import ToneServer

    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "tonecoach.toml").write_text('channel = "email"\n', "utf-8")
    (tmp_path / "a" / "tonecoach.toml").write_text('emoji = "none"\n', "utf-8")
    ls = ToneServer()
    ls.root = tmp_path
    assert ls.apply_settings({"clientName": "Ольга"})
    a, _ = ls.resolve((tmp_path / "a" / "deep" / "reply.txt").as_uri())
    b, _ = ls.resolve((tmp_path / "b" / "reply.txt").as_uri())
    untitled, _ = ls.resolve("untitled:Untitled-1")
    assert (a.config.emoji, a.config.channel) == ("none", "chat")  # not merged with the root's
    assert (b.config.emoji, b.config.channel) == ("moderate", "email")  # the root's
    assert untitled.config.channel == "email"  # an unsaved buffer: the root's
    assert a.context.client_name == b.context.client_name == "Ольга"


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("tonecoach.toml", "emoji = \n", "ошибка в синтаксисе TOML (строка 1, столбец 9)"),
    ("tonecoach.toml", 'emoji = "none"\n[tonecoach]\nignore = ["TC1"]\n',
     "«emoji» стоит вне таблицы [tonecoach]"),
    ("pyproject.toml", '[tool.tonecoach]\nemojis = "none"\n',
     "неизвестная настройка «emojis» — может быть, emoji?"),
    ("tonecoach.toml", 'channel = "fax"\n', "channel: «fax» — допустимо: «chat», «email»"),
    ("tonecoach.toml", "long_reply_words = { emial = 300 }\n",
     "long_reply_words: неизвестный ключ «emial» — допустимо: «chat», «email»; может быть, "
     "«email»?"),
])
def test_a_broken_config_file_is_explained_in_russian(tmp_path: Path, name: str, text: str,
                                                       problem: str) -> None:
    from tonecoach.integrations.lsp.configs import ConfigFiles

    (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "drafts").mkdir()
    found = ConfigFiles(default_coach().rules).near(tmp_path / "drafts")
    assert found.path == tmp_path / name and found.config == Config()
    assert found.problem is not None and problem in found.problem, found.problem
    assert not english_words(found.problem), found.problem
