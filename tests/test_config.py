"""Config never passes silently: errors name the file and list every problem with a close
match; per-channel limits keep their own defaults; ``check(config=…)`` merges onto the coach's
config (and honours its rule files); the CLI finds the config from the checked file and
``tonecoach rules`` uses its rule files; company rules may look inside quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import tonecoach
from tonecoach import Config, ConfigError, Context
from tonecoach.errors import RuleDataError

from .conftest import run_cli
from .test_company_rules import GOOD, write

LONG = " ".join(["Мы проверили заказ и отправили его сегодня."] * 29)  # 203 words
EMOJI = "Напиши нам, посылка уже в пути 🙂"
EXAMPLES = """
    examples:
      fail: ["Как в [[Сбербанке]], только лучше."]
      pass: ["Как в банке."]
"""


def codes_of(report: tonecoach.Report) -> list[str]:
    return [s.code for s in report.suggestions]


def one_line_exit_2(code: int, out: str, err: str) -> str:
    assert code == 2, err
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# -- errors that name the file and list every problem ----------------------------------------

def test_a_config_file_error_names_the_file_and_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, 'capitalvy = "lower"\nemoji = "nonee"\nname_mentions = 0\n'
                 'address = "он"\n', "tonecoach.toml")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "capitalvy: unknown key; did you mean capital_vy?" in message
    assert "emoji: 'nonee' is not allowed; did you mean none?" in message
    assert "name_mentions: " in message and "address: 'он' is not allowed" in message
    assert caught.value.source == str(path) and len(caught.value.errors()) == 4
    assert isinstance(caught.value, ValidationError) and isinstance(caught.value, ValueError)


def test_a_key_far_from_any_lists_the_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"zzz: unknown key; the keys are select, ignore, "):
        Config.from_file(write(tmp_path, "zzz = 1\n", "tonecoach.toml"))


@pytest.mark.parametrize(("text", "problem"), [
    ("address = \n", "not valid TOML: Invalid value (at line 1, column 11)"),
    ('address = "ты"\n[tonecoach]\nemoji = "none"\n',
     "address: outside the [tonecoach] table; move it in, or drop the table"),
    ("tonecoach = 3\n", "tonecoach: must be a table"),
])
def test_toml_and_table_mistakes_name_the_file(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text, "tonecoach.toml")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_pyproject_errors_name_it(tmp_path: Path) -> None:
    write(tmp_path, '[tool.tonecoach]\nemojis = "none"\n', "pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: emojis: unknown key; did you "
                                          r"mean emoji\?"):
        Config.discover(tmp_path)


def test_config_in_python_raises_the_same_clear_error() -> None:
    with pytest.raises(ConfigError) as caught:
        Config(capitalvy="lower", ignore=["TC1O1"])  # type: ignore[call-arg]
    assert str(caught.value) == (
        "config: ignore: not a rule code or prefix: TC1O1 (codes look like TC101, prefixes "
        "like TC1 or TC); capitalvy: unknown key; did you mean capital_vy?")
    with pytest.raises(ConfigError, match="channel: 'mail' is not allowed; did you mean email"):
        Config.model_validate({"channel": "mail"})
    with pytest.raises(ConfigError, match="emoji"):
        Config.model_validate_json('{"emoji": 1}')


def test_severity_keys_are_normalised_checked_and_applied(coach: tonecoach.Coach) -> None:
    config = Config(severity={" tc101 ": "info", "TC4": "info"})
    assert config.severity == {"TC101": "info", "TC4": "info"}
    configured = tonecoach.Coach(config)
    [s] = configured.check("Напиши нам.").suggestions
    assert (s.code, s.severity) == ("TC101", "info")
    assert {s.severity for s in configured.check(LONG).suggestions} == {"info"}
    per_call = coach.check("Напиши нам.", config=Config(severity={"tc1": "error"}))
    assert [s.severity for s in per_call.suggestions] == ["error"]  # a prefix applies
    with pytest.raises(ConfigError, match="TC101 is given twice"):
        Config(severity={"tc101": "info", "TC101 ": "error"})
    with pytest.raises(ConfigError, match="not a rule code or prefix: TC1O1"):
        Config(severity={"TC1O1": "info"})
    with pytest.raises(ConfigError, match=r"severity: no rule has the code 'TC999'"):
        tonecoach.Coach(Config(severity={"tc999": "info"}))


def test_every_unknown_code_is_listed_at_once(coach: tonecoach.Coach) -> None:
    with pytest.raises(ConfigError) as caught:
        coach.check("Привет", config=Config(select=["TC999"], ignore=["TC11"]))
    assert len(caught.value.errors()) == 2
    assert "select: no rule has the code 'TC999'" in str(caught.value)
    assert "ignore: no rule has the code 'TC11'; did you mean TC101" in str(caught.value)


def test_a_bad_code_in_a_config_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[severity]\nTC999 = "info"\n', "tonecoach.toml")
    with pytest.raises(ConfigError, match=rf"^{path}: severity: no rule has the code"):
        tonecoach.Coach(Config.from_file(path))


def test_categories_named_for_codes_say_which_codes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'brevity' is a category, not a rule code; its "
                                          "rules' codes start with TC4"):
        tonecoach.Coach(Config(ignore=["brevity"]))
    with pytest.raises(ConfigError, match=r"'brevty' \(the category brevity\?\)"):
        tonecoach.Coach(Config(select=["brevty"]))
    with pytest.raises(ConfigError, match=r"'etiquette' is a category.*TC6"):
        Config(ignore=["etiquette"])  # too long to be a code: refused by Config itself
    bad = write(tmp_path, GOOD.replace("category: brevity", "category: brevty"))
    with pytest.raises(RuleDataError, match=r"\(ACME102\)\.category: 'brevty' is not a "
                                            r"category; did you mean brevity\?"):
        tonecoach.Coach(Config(rule_files=[str(bad)]))
    with pytest.raises(ValueError, match=r"unknown categories: 'brevty'; did you mean brevity"):
        tonecoach.Coach().fix("Напиши нам.", categories=["brevty"])


def test_a_nested_config_keeps_the_hints() -> None:
    from pydantic import BaseModel

    class Settings(BaseModel):
        config: Config

    with pytest.raises(ValidationError, match="did you mean capital_vy"):
        Settings.model_validate({"config": {"capitalvy": "lower"}})


def test_the_cli_prints_a_config_error_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, 'capitalvy = "lower"\nemoji = "nonee"\n', "tonecoach.toml")
    draft = write(tmp_path, "Напиши нам.", "draft.txt")
    err = one_line_exit_2(*run_cli(capsys, "check", str(draft)))  # found from the file
    assert str(tmp_path / "tonecoach.toml") in err
    assert "did you mean capital_vy?" in err and "did you mean none?" in err
    (tmp_path / "other").mkdir()
    good = write(tmp_path / "other", '[severity]\nTC999 = "info"\n', "tonecoach.toml")
    err = one_line_exit_2(*run_cli(capsys, "check", str(draft), "--config", str(good)))
    assert err.startswith(f"tonecoach: {good}: severity: no rule has the code 'TC999'")
    err = one_line_exit_2(*run_cli(capsys, "check", str(draft), "--config", str(good),
                                   "--select", "TC1O1,brevity"))
    assert "--select: " in err and "TC1O1" in err


# -- per-channel limits ------------------------------------------------------------------------

def test_a_channel_not_given_keeps_its_own_limit(coach: tonecoach.Coach, tmp_path: Path) -> None:
    config = Config(long_reply_words={"chat": 100})
    assert config.long_reply_words == {"chat": 100, "email": 250}
    from_file = Config.from_file(write(tmp_path, "long_reply_words = {chat = 100}\n",
                                       "tonecoach.toml"))
    assert from_file.long_reply_words == config.long_reply_words
    email = coach.check(LONG, config=config, context=Context(channel="email"))
    assert "TC405" not in codes_of(email)  # 203 words: within the e-mail default of 250
    chat = coach.check(LONG, config=config, context=Context(channel="chat"))
    assert "TC405" in codes_of(chat) and "(до 100)" in chat.suggestions[0].message
    with pytest.raises(ConfigError, match=r"long_reply_words\.chat: Input should be greater "
                                          r"than 0, got 0"):
        Config(long_reply_words={"chat": 0})
    with pytest.raises(ConfigError, match=r"long_reply_words\.emial: unknown key; did you mean "
                                          r"email"):
        Config.model_validate({"long_reply_words": {"emial": 300}})


# -- check(config=…) merges onto the coach's config ----------------------------------------

def test_a_per_call_config_merges_onto_the_coachs() -> None:
    coach = tonecoach.Coach(Config(emoji="none"))
    assert codes_of(coach.check(EMOJI)) == ["TC101", "TC603"]
    merged = coach.check(EMOJI, config=Config(ignore=["TC1"]))
    assert codes_of(merged) == ["TC603"]  # emoji stays "none": it was not set in the call
    assert codes_of(coach.check(EMOJI, config=Config(emoji="moderate"))) == ["TC101"]
    assert codes_of(coach.check(EMOJI, config=Config())) == ["TC101", "TC603"]
    fixed = coach.fix(EMOJI, config=Config(ignore=["TC6"]))
    assert fixed.text.startswith("Напишите") and not fixed.advice


def test_a_per_call_config_from_a_file_sets_only_its_keys(tmp_path: Path) -> None:
    coach = tonecoach.Coach(Config(emoji="none"))
    own = Config.from_file(write(tmp_path, 'ignore = ["TC1"]\n', "tonecoach.toml"))
    assert codes_of(coach.check(EMOJI, config=own)) == ["TC603"]


def test_per_call_rule_files_are_honoured_and_read_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tonecoach.coach as coach_module

    reads: list[str] = []
    real = coach_module.load_company_rules

    def counting(path: str) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(coach_module, "load_company_rules", counting)
    path = str(write(tmp_path, GOOD))
    coach = tonecoach.Coach(Config(emoji="none"))
    for _ in range(3):  # a new Config object each time, as a caller would make it
        report = coach.check(EMOJI + " Как в Сбербанке.", config=Config(rule_files=[path]))
        assert codes_of(report) == ["TC101", "TC603", "ACME101"]
    assert reads == [path]
    assert "ACME101" not in codes_of(coach.check("Как в Сбербанке."))  # the coach's own
    with pytest.raises(ConfigError, match="ignore: no rule has the code 'ACME1'"):
        coach.check("Привет", config=Config(ignore=["ACME1"]))
    assert codes_of(coach.check("Как в Сбербанке.",
                                config=Config(rule_files=[path], ignore=["ACME1"]))) == []


def test_a_bad_per_call_rule_file_is_a_rule_data_error(tmp_path: Path) -> None:
    bad = write(tmp_path, GOOD.replace("category: brevity", "category: x"))
    with pytest.raises(RuleDataError, match="ACME102"):
        tonecoach.Coach().check("Привет", config=Config(rule_files=[str(bad)]))


def test_a_config_that_is_not_a_config_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"config must be a tonecoach\.Config, got dict"):
        tonecoach.Coach().check("Привет", config={"emoji": "none"})  # type: ignore[arg-type]


def test_configs_are_equal_wherever_they_were_read_from(tmp_path: Path) -> None:
    read = Config.from_file(write(tmp_path, 'address = "ты"\n', "tonecoach.toml"))
    assert read == Config(address="ты") and read.source is not None
    assert Config().source is None


# -- discovery ---------------------------------------------------------------------------------

def test_discover_takes_a_file_and_rule_files_are_relative_to_the_config(
        tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    write(tmp_path / "rules", GOOD)
    write(tmp_path, 'address = "ты"\nrule_files = ["rules/company.yaml"]\n', "tonecoach.toml")
    (tmp_path / "drafts" / "may").mkdir(parents=True)
    draft = write(tmp_path / "drafts" / "may", "Как в Сбербанке.", "draft.txt")
    config = Config.discover(draft)
    assert config.address == "ты"
    assert config.rule_files == [str(tmp_path / "rules" / "company.yaml")]
    assert "ACME101" in codes_of(tonecoach.Coach(config).check(draft.read_text("utf-8")))


# -- tonecoach rules and --verify with the config's rule files --------------------------------

def company_project(tmp_path: Path, rules: str) -> Path:
    write(tmp_path, rules, "acme.yaml")
    return write(tmp_path, 'rule_files = ["acme.yaml"]\n', "tonecoach.toml")


def test_rules_lists_and_verifies_the_configs_rule_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with_examples = GOOD.replace("\n  - code: ACME102", EXAMPLES.rstrip() + "\n  - code: ACME102")
    config = company_project(tmp_path, with_examples.replace(
        '    replacement: "подписка «Плюс»"\n',
        '    replacement: "подписка «Плюс»"\n    examples:\n'
        '      fail: ["Ваша [[премиум-подписка]]."]\n'))
    code, out, _ = run_cli(capsys, "rules", "--config", str(config))
    assert code == 0 and "ACME101  competitor-name" in out and "TC101" in out
    monkeypatch.chdir(tmp_path)  # found from the working directory, no flag at all
    code, out, _ = run_cli(capsys, "rules", "--select", "ACME")
    assert code == 0 and out.splitlines()[0].startswith("ACME101") and "TC101" not in out
    code, out, _ = run_cli(capsys, "rules", "--verify", "--select", "ACME")
    assert (code, out) == (0, "2 правила, 3 примера: все сходятся\n")


def test_verify_fails_a_rule_without_examples_naming_file_and_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = company_project(tmp_path, GOOD.replace("\n  - code: ACME102",
                                                    EXAMPLES.rstrip() + "\n  - code: ACME102"))
    code, out, _ = run_cli(capsys, "rules", "--verify", "--config", str(config))
    assert code == 1
    [problem] = out.splitlines()[:-1]
    assert problem.startswith(f"{tmp_path / 'acme.yaml'}: ACME102 (old-product-name): "
                              "no examples")
    assert out.splitlines()[-1].endswith(": 1 расхождение")


def test_verify_fails_a_fail_example_that_marks_nothing(tmp_path: Path) -> None:
    from tonecoach.examples import verify

    path = write(tmp_path, GOOD.replace("\n  - code: ACME102", EXAMPLES.replace(
        "[[Сбербанке]]", "Сбербанке").rstrip() + "\n  - code: ACME102"))
    coach = tonecoach.Coach(Config(rule_files=[str(path)]))
    assert verify(coach, coach.rules["ACME101"]) == [
        "ACME101 (competitor-name): fail[0] marks nothing with [[…]]",
        "ACME101 on 'Как в Сбербанке, только лучше.': expected [], got ['Сбербанке']"]


def test_examples_run_with_the_defaults_whatever_the_coachs_config(tmp_path: Path) -> None:
    from tonecoach.examples import verify

    path = write(tmp_path, GOOD.replace("\n  - code: ACME102",
                                        EXAMPLES.rstrip() + "\n  - code: ACME102"))
    coach = tonecoach.Coach(Config(rule_files=[str(path)], ignore=["ACME101", "TC101"]))
    assert verify(coach, coach.rules["ACME101"]) == []
    assert verify(coach, coach.rules["TC101"]) == []


def test_an_examples_config_is_checked_when_the_file_is_read(tmp_path: Path) -> None:
    bad = write(tmp_path, GOOD.replace("\n  - code: ACME102", """
    examples:
      config: {emoji: nonee}
      fail: ["Как в [[Сбербанке]]."]
  - code: ACME102"""))
    with pytest.raises(RuleDataError, match=r"rules\[0\] \(ACME101\)\.examples\.config: emoji: "
                                            r"'nonee' is not allowed; did you mean none\?"):
        tonecoach.Coach(Config(rule_files=[str(bad)]))


def test_rules_and_schema_help_say_what_they_do(capsys: pytest.CaptureFixture[str]) -> None:
    for command, expected in (("rules", "tonecoach rules --verify"),
                              ("schema", "tonecoach schema config")):
        code, out, _ = run_cli(capsys, command, "--help")
        assert code == 0 and "примеры:\n" in out and expected in out
    code, out, _ = run_cli(capsys, "rules", "--help")
    assert "(по умолчанию: text)" in " ".join(out.split()) and "rule_files" in out


# -- company phrases inside quotes -------------------------------------------------------------

IN_QUOTES = """\
rules:
  - code: ACME201
    name: competitor-quoted
    category: etiquette
    message: "Не упоминаем конкурентов, даже в кавычках."
    in_quotes: true
    phrases: ["Сбербанк"]
    patterns: ['\\bозон\\w*']
    examples:
      fail:
        - "Это не «[[Сбербанк]]», а мы."
        - 'Заказ пришёл из "[[Озона]]".'
        - "Как в [[Сбербанке]]."
      pass: ["<a title=\\"Сбербанк\\">ссылка</a>"]
"""


def test_in_quotes_is_validated_and_off_by_default(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match=r"rules\[0\] \(ACME201\)\.in_quotes"):
        tonecoach.Coach(Config(rule_files=[str(write(tmp_path, IN_QUOTES.replace(
            "in_quotes: true", "in_quotes: sometimes")))]))
    off = tonecoach.Coach(Config(rule_files=[str(write(tmp_path, GOOD, "off.yaml"))]))
    assert codes_of(off.check("Это не «Сбербанк», а мы.")) == []


def test_in_quotes_finds_a_competitor_in_quotes(tmp_path: Path) -> None:
    from tonecoach.examples import verify

    coach = tonecoach.Coach(Config(rule_files=[str(write(tmp_path, IN_QUOTES))]))
    assert verify(coach, coach.rules["ACME201"]) == []


# -- the public names --------------------------------------------------------------------------

def test_the_errors_and_models_are_exported() -> None:
    from tonecoach.errors import RulePatternTimeout
    from tonecoach.models import ClientSignals, Metrics

    for name, value in (("ConfigError", ConfigError), ("RuleDataError", RuleDataError),
                        ("RulePatternTimeout", RulePatternTimeout), ("Metrics", Metrics),
                        ("ClientSignals", ClientSignals)):
        assert name in tonecoach.__all__ and getattr(tonecoach, name) is value
    assert isinstance(tonecoach.check("Привет").metrics, tonecoach.Metrics)


def test_the_readme_config_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration"):]
    start = section.index("```toml\n") + len("```toml\n")
    config = Config.from_file(write(tmp_path, section[start:section.index("```", start)],
                                    "tonecoach.toml"))
    assert config.severity == {"TC108": "error", "TC4": "info"}
    assert config.long_reply_words == {"chat": 120, "email": 250}


# -- a config file in another encoding ---------------------------------------------------------

CAPS = 'caps_allowed = ["СБЕР"]\n'


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_bom_says_the_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "tonecoach.toml"
    data = CAPS.encode(encoding)
    if encoding == "utf-16-be":  # Python's utf-16-be writes no BOM: put one
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert Config.from_file(path).caps_allowed == ["СБЕР"]
    assert Config.discover(tmp_path).caps_allowed == ["СБЕР"]


@pytest.mark.parametrize(("encoding", "why"), [
    ("cp1251", "byte 17 (line 1) is 0xd1"),  # PowerShell 5's «ANSI», Notepad's old default
    ("utf-16-le", "byte 1 (line 1) is 0x00, as in UTF-16 or UTF-32 without a BOM"),
])
def test_a_file_not_in_utf8_is_a_config_error_saying_where_and_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, why: str) -> None:
    path = tmp_path / "tonecoach.toml"
    path.write_bytes(CAPS.encode(encoding))
    with pytest.raises(ConfigError) as caught:
        Config.from_file(path)
    assert str(caught.value) == f"{path}: not UTF-8: {why}; save the file as UTF-8"
    draft = write(tmp_path, "Напиши нам.", "draft.txt")
    err = one_line_exit_2(*run_cli(capsys, "check", str(draft)))
    assert err == f"tonecoach: {path}: not UTF-8: {why}; save the file as UTF-8\n"


def test_the_byte_and_line_are_those_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "tonecoach.toml"
    path.write_bytes(b'emoji = "none"\n' + CAPS.encode("cp1251"))
    with pytest.raises(ConfigError, match=r"byte 32 \(line 2\) is 0xd1"):
        Config.from_file(path)


def test_a_utf16_config_works_from_the_cli(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tonecoach.toml").write_bytes('ignore = ["TC1"]\n'.encode("utf-16"))
    draft = write(tmp_path, "Напиши нам.", "draft.txt")
    assert run_cli(capsys, "check", str(draft))[:2] == (0, "")


# -- a per-call config changes only the channels it names --------------------------------------

CHAT = " ".join(["Мы проверили заказ и отправили его сегодня."] * 2)  # 14 words


def test_a_per_call_limit_keeps_the_coachs_other_channels(tmp_path: Path) -> None:
    coach = tonecoach.Coach(Config(long_reply_words={"chat": 10}))
    chat, email = Context(channel="chat"), Context(channel="email")
    assert "TC405" in codes_of(coach.check(CHAT, context=chat))
    call = Config(long_reply_words={"email": 300})
    report = coach.check(CHAT, config=call, context=chat)
    assert "TC405" in codes_of(report)  # chat is still 10, not reset to 120
    assert "(до 10)" in next(s.message for s in report.suggestions if s.code == "TC405")
    assert "TC405" not in codes_of(coach.check(LONG, config=call, context=email))  # 203 < 300
    from_file = Config.from_file(write(tmp_path, "long_reply_words = {email = 300}\n",
                                       "tonecoach.toml"))
    assert "TC405" in codes_of(coach.check(CHAT, config=from_file, context=chat))
    # channels nobody gave keep their defaults; a channel given wins over the coach's
    assert Config(long_reply_words={"chat": 10}).overlay(call).long_reply_words == \
        {"chat": 10, "email": 300}
    assert Config().overlay(call).long_reply_words == {"chat": 120, "email": 300}
    assert call.overlay(Config(long_reply_words={"email": 99})).long_reply_words == \
        {"chat": 120, "email": 99}
    assert Config(emoji="none").overlay(Config()) == Config(emoji="none")


# -- a pyproject.toml that is not TOML on the way up -------------------------------------------

def test_a_broken_pyproject_without_tonecoach_is_passed_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, 'ignore = ["TC1"]\n', "tonecoach.toml")
    (tmp_path / "app").mkdir()
    write(tmp_path / "app", '[project\nname = "app"\n', "pyproject.toml")  # half-edited
    draft = write(tmp_path / "app", "Напиши нам.", "draft.txt")
    assert Config.discover(draft).ignore == ["TC1"]  # found above it
    assert run_cli(capsys, "check", str(draft))[:2] == (0, "")
    # a `tool` that is not a table cannot hold the settings either
    write(tmp_path / "app", 'tool = "tonecoach"\n', "pyproject.toml")
    assert Config.discover(draft).ignore == ["TC1"]
    write(tmp_path / "app", "tool = 1\n", "pyproject.toml")
    assert Config.discover(draft).ignore == ["TC1"]


def test_a_broken_pyproject_that_mentions_tonecoach_is_an_error_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, 'ignore = ["TC1"]\n', "tonecoach.toml")
    (tmp_path / "app").mkdir()
    project = write(tmp_path / "app", '[tool.tonecoach]\nignore = ["TC1"\n', "pyproject.toml")
    draft = write(tmp_path / "app", "Напиши нам.", "draft.txt")
    with pytest.raises(ConfigError, match=rf"^{project}: not valid TOML"):
        Config.discover(draft)
    err = one_line_exit_2(*run_cli(capsys, "check", str(draft)))
    assert err.startswith(f"tonecoach: {project}: not valid TOML")
    project.write_bytes("[tool.tonecoach]\nemoji = \"никогда\"\n".encode("cp1251"))
    with pytest.raises(ConfigError, match=rf"^{project}: not UTF-8"):
        Config.discover(draft)


def test_a_config_read_back_from_its_dump_still_names_only_its_channels() -> None:
    """A worker's or a server's config comes from JSON: laid over another, it must still
    change only the channels it was given."""
    given = Config(long_reply_words={"chat": 10})
    for back in (Config.model_validate(given.model_dump()),
                 Config.model_validate_json(given.model_dump_json())):
        assert back.long_reply_words == {"chat": 10, "email": 250}
        assert Config(long_reply_words={"email": 50}).overlay(back).long_reply_words == \
            {"chat": 10, "email": 50}
    assert Config().model_dump()["long_reply_words"] == {}  # defaults stay defaults


def test_a_per_call_severity_is_laid_code_by_code() -> None:
    coach = tonecoach.Coach(Config(severity={"TC4": "error"}))
    text = " ".join(["слово"] * 130) + "."
    got = {s.code: s.severity for s in
           coach.check(text, config=Config(severity={"TC1": "info"})).suggestions}
    assert got["TC405"] == "error"  # the coach's TC4 stays
