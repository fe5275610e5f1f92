"""The language server's pure parts: positions in each encoding, settings, code actions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("lsprotocol", reason="the lsp extra is part of the test install")
from pydantic import ValidationError

from tonecoach import Config, check
from tonecoach.integrations.lsp.convert import Checked, code_actions, hover
from tonecoach.integrations.lsp.positions import PositionMap
from tonecoach.integrations.lsp.settings import parse_settings


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


def test_settings_take_config_keys_camel_case_and_context() -> None:
    s = parse_settings({"tonecoach": {"clientName": "Ольга", "ignore": ["tc6"],
                                      "emoji": "none", "debounceMs": 10}},
                       base=Config(channel="email"))
    assert s.context.client_name == "Ольга"
    assert s.config.ignore == ["TC6"] and s.config.emoji == "none"
    assert s.config.channel == "email"  # the workspace file's value is kept
    assert s.debounce_ms == 10


@pytest.mark.parametrize("raw", [{"emoji": "sometimes"}, {"colour": "red"}, ["select"]])
def test_bad_settings_are_refused(raw: object) -> None:
    with pytest.raises((ValidationError, TypeError)):
        parse_settings(raw)


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
    from tonecoach.coach import default_coach

    text = "Мы уже отправили тебе письмо."
    checked = Checked.build("file:///d.txt", 1, check(text), "utf-16")
    result = hover(checked, text.index("тебе") + 1, default_coach().rules)
    assert result is not None
    assert "TC101" in result.contents.value and "«вам»" in result.contents.value  # type: ignore[union-attr]
    assert hover(checked, 0, default_coach().rules) is None


def test_relative_rule_files_are_taken_from_the_workspace(tmp_path: object) -> None:
    from pathlib import Path

    from tonecoach.integrations.lsp.server import _rooted

    s = parse_settings({"ruleFiles": ["rules/acme.yaml", "/etc/abs.yaml"]})
    rooted = _rooted(s, Path("/work/space"))
    assert rooted.config.rule_files == ["/work/space/rules/acme.yaml", "/etc/abs.yaml"]
    assert _rooted(s, None) is s
