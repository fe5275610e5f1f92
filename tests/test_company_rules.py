"""A company's own rules: data loaded through pydantic, clear errors, patterns with a time
limit, safe YAML only."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import tonecoach
from tonecoach.errors import RuleDataError, RulePatternTimeout
from tonecoach.rulebook.company import load_company_rules

from .conftest import run_cli

GOOD = """\
pattern_timeout_ms: 200
rules:
  - code: ACME101
    name: competitor-name
    category: etiquette
    message: "Не упоминаем конкурентов в ответах клиентам."
    phrases: ["Сбербанк", "=Тинькофф"]
    patterns: ['\\bозон\\w*']
  - code: ACME102
    name: old-product-name
    category: brevity
    severity: info
    message: "Продукт теперь называется «Плюс»."
    phrases: ["премиум-подписка"]
    replacement: "подписка «Плюс»"
"""


def write(tmp_path: Path, text: str, name: str = "company.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def coach_with(*paths: Path, **config: object) -> tonecoach.Coach:
    return tonecoach.Coach(tonecoach.Config(rule_files=[str(p) for p in paths], **config))


def test_phrases_patterns_and_fixes(tmp_path: Path) -> None:
    coach = coach_with(write(tmp_path, GOOD))
    text = ("В Сбербанке так не делают, а на Озоне дешевле. Ваша премиум-подписка активна. "
            "«Сбербанк» в кавычках не трогаем, тинькофф с маленькой тоже.")
    report = coach.check(text)
    found = [(s.code, text[s.start:s.end]) for s in report.suggestions if s.code[:4] == "ACME"]
    assert ("ACME101", "Сбербанке") in found  # by lemma, any case form
    assert ("ACME101", "Озоне") in found  # by pattern, case-insensitive
    assert ("ACME101", "Сбербанк") not in found  # quoted
    assert ("ACME101", "тинькофф") in found  # «=» matches the spelling in any case
    fix = next(s for s in report.suggestions if s.code == "ACME102")
    assert fix.severity == "info" and fix.category == "brevity"
    assert "Ваша подписка «Плюс» активна" in report.fixed_text
    assert coach.rules["ACME101"].name == "competitor-name"


def test_select_ignore_and_severity_apply_to_company_codes(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    text = "Ваша премиум-подписка активна, как в Сбербанке."
    quiet = coach_with(path, ignore=["ACME1"]).check(text)
    assert not [s for s in quiet.suggestions if s.code.startswith("ACME")]
    loud = coach_with(path, select=["ACME101"], severity={"ACME101": "error"}).check(text)
    assert [(s.code, s.severity) for s in loud.suggestions] == [("ACME101", "error")]


@pytest.mark.parametrize(("text", "where"), [
    (GOOD.replace("    replacement:", "    replacment:"),
     "rules[1] (ACME102).replacment: Extra inputs are not permitted"),
    (GOOD.replace("code: ACME102", "code: ACME101"), "ACME101"),
    (GOOD.replace("name: old-product-name", "name: ty-address"), "'ty-address' is already used"),
    (GOOD.replace("code: ACME102", "code: TC999"), "rules[1] (TC999).code"),
    (GOOD.replace("'\\bозон\\w*'", "'(озон'"),
     "rules[0] (ACME101): patterns[0] is not a valid regular expression"),
    (GOOD.replace("    phrases: [\"премиум-подписка\"]\n", ""),
     "needs phrases, tokens or patterns"),
    (GOOD.replace("category: brevity", "category: spelling"), "rules[1] (ACME102).category"),
    ("rules: []\n", "rules: List should have at least 1 item"),
    ("rules: [\n", "not valid YAML"),
    (GOOD + "colour: red\n", "colour: Extra inputs are not permitted"),
])
def test_bad_files_name_the_file_the_rule_and_the_field(tmp_path: Path, text: str,
                                                         where: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleDataError) as err:
        coach_with(path)
    assert str(path) in str(err.value) and where in str(err.value)


def test_duplicate_codes_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD.replace("code: ACME102", "code: ACME103")
                   .replace("name: old-product-name", "name: other"), "b.yaml")
    with pytest.raises(RuleDataError, match=r"ACME101.*already used by .*a\.yaml"):
        coach_with(first, second)


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(RuleDataError, match="not valid YAML"):
        load_company_rules(path)
    assert not marker.exists()


def test_catastrophic_pattern_ends_in_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("'\\bозон\\w*'", "'(а|аа)+я'")
                 .replace("pattern_timeout_ms: 200", "pattern_timeout_ms: 50"))
    coach = coach_with(path)
    started = time.perf_counter()
    with pytest.raises(RulePatternTimeout, match=r"ACME101: patterns\[0\] ran longer than 50 ms"):
        coach.check("а" * 40 + "б")
    assert time.perf_counter() - started < 5
    assert coach.check("Добрый день!").suggestions == []  # the coach still works


def test_config_file_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    write(tmp_path / "rules", GOOD)
    config_file = write(tmp_path, 'rule_files = ["rules/company.yaml"]\n', "tonecoach.toml")
    config = tonecoach.Config.from_file(config_file)
    assert Path(config.rule_files[0]).is_file()
    assert tonecoach.Coach(config).check("Как в Сбербанке").suggestions


def test_cli_takes_rule_files_and_reports_bad_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, draft = write(tmp_path, GOOD), write(tmp_path, "Как в Сбербанке.", "draft.txt")
    code, out, _ = run_cli(capsys, "check", str(draft), "--rules", str(good))
    assert code == 1 and "ACME101" in out
    code, out, _ = run_cli(capsys, "rules", "--rules", str(good))
    assert code == 0 and "competitor-name" in out and "ty-address" in out
    bad = write(tmp_path, GOOD.replace("category: brevity", "category: x"), "bad.yaml")
    code, _, err = run_cli(capsys, "check", str(draft), "--rules", str(bad))
    assert code == 2 and "bad.yaml" in err and "ACME102" in err


def test_verify_runs_the_company_rules_own_examples(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = """
    examples:
      fail:
        - text: "Как в [[Сбербанке]], только лучше."
        - text: "Ваша [[премиум-подписка]]."
      pass: ["«Сбербанк» в кавычках."]
"""
    good = write(tmp_path, GOOD.replace("\n  - code: ACME102",
                                        examples.rstrip() + "\n  - code: ACME102"), "good.yaml")
    code, out, _ = run_cli(capsys, "rules", "--rules", str(good), "--verify")
    assert code == 1  # the second fail example belongs to ACME102, not ACME101
    assert "ACME101 on 'Ваша премиум-подписка.': expected ['премиум-подписка'], got []" in out
    fixed = write(tmp_path, good.read_text("utf-8").replace("Ваша [[премиум-подписка]].",
                                                            "У [[Тинькофф]] иначе."), "ok.yaml")
    code, out, _ = run_cli(capsys, "rules", "--rules", str(fixed), "--verify")
    assert code == 1  # ACME102 has no examples: nothing shows it works
    assert f"{fixed}: ACME102 (old-product-name): no examples" in out
    proven = write(tmp_path, fixed.read_text("utf-8") + """\
    examples:
      fail:
        - text: "Ваша [[премиум-подписка]] активна."
          fix: "Ваша подписка «Плюс» активна."
      pass: ["Ваша подписка «Плюс» активна."]
""", "proven.yaml")
    code, out, _ = run_cli(capsys, "rules", "--rules", str(proven), "--verify")
    assert code == 0 and out.endswith(": все сходятся\n"), out


def readme_company_file() -> str:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Company rules"):]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start:section.index("```", start)]


def test_the_readme_company_file_loads_and_its_examples_hold(tmp_path: Path) -> None:
    from tonecoach.examples import verify

    coach = coach_with(write(tmp_path, readme_company_file()))
    company = [r for r in coach.rules.values() if not r.code.startswith("TC")]
    assert any(r.tokens for r in company)
    for rule in company:
        assert verify(coach, rule) == [], rule.code


def test_company_token_patterns_match_every_inflection(tmp_path: Path) -> None:
    coach = coach_with(write(tmp_path, readme_company_file()))
    for draft, found in [
        ("Мы компенсируем стоимость доставки.", ["Мы компенсируем стоимость"]),
        ("Я возмещу весь ущерб, обещаю.", ["Я возмещу весь ущерб"]),
        ("Возместим расходы на такси.", ["Возместим расходы"]),
        ("Мы не компенсируем стоимость доставки.", []),
        ("Мы компенсируем: стоимость доставки вернём.", []),  # a colon ends the clause
    ]:
        report = coach.check(draft)
        assert [draft[s.start:s.end] for s in report.suggestions
                if s.code == "ACME103"] == found, draft


@pytest.mark.parametrize("tokens, where", [
    ("[{LEMMA: вернём}]", "rules[0] (ACME103).tokens[0].LEMMA: LEMMA 'вернём' is not a "
                          "dictionary form; pymorphy3 reads it as 'вернуть'"),
    ("[{LEMMA: вернуть, POS: VRB}]", "rules[0] (ACME103).tokens[0].POS: POS 'VRB'"),
    ("[{LEMMA: вернуть}, {}]", "rules[0] (ACME103).tokens[1]: an empty slot"),
    ("[{LEMMA: вернуть, COLOUR: red}]", "rules[0] (ACME103).tokens[0].COLOUR: Extra inputs"),
])
def test_company_token_errors_name_the_file_rule_and_slot(tmp_path: Path, tokens: str,
                                                         where: str) -> None:
    text = f"""rules:
  - code: ACME103
    name: promise
    category: etiquette
    message: "Не обещаем компенсаций."
    tokens: {tokens}
"""
    path = write(tmp_path, text)
    with pytest.raises(RuleDataError) as err:
        coach_with(path)
    assert str(err.value).startswith(f"{path}: ") and where in str(err.value), str(err.value)


# -- a company's replacement is inflected like the words it replaces ---------------------------

INFLECTING = """\
rules:
  - code: ACME102
    name: old-product-name
    category: brevity
    message: "Продукт теперь называется «Плюс»."
    phrases: ["премиум-подписка"]
    replacement: "подписка «Плюс»"
  - code: ACME104
    name: card-name
    category: brevity
    message: "Говорим «кредитная карта»."
    phrases: ["кредитка"]
    replacement: "кредитная карта"
  - code: ACME105
    name: office-name
    category: brevity
    message: "У нас отделения."
    phrases: ["офис"]
    replacement: "отделение"
  - code: ACME106
    name: cabinet-name
    category: brevity
    message: "Теперь это профиль."
    patterns: ['\\bличн\\w* кабинет\\w*']
    replacement: "профиль"
  - code: ACME107
    name: as-written
    category: brevity
    message: "Пишем латиницей."
    phrases: ["плюс-подписка"]
    replacement: "Plus"
    inflect: false
  - code: ACME108
    name: entry-replacements
    category: brevity
    message: "Тариф переименован."
    phrases:
      - {phrase: "старый тариф", replacements: ["тариф «Базовый»"], head: 1}
"""


def company_fixes(tmp_path: Path, text: str) -> list[tuple[str, list[str], str]]:
    coach = coach_with(write(tmp_path, INFLECTING), select=["ACME"])
    return [(text[s.start:s.end], s.replacements,
             tonecoach.apply_fixes(text, [s], max_rounds=1))
            for s in coach.check(text).suggestions]


@pytest.mark.parametrize(("text", "expected"), [
    # the broken output «подписка «Плюс» активны» is gone: the head noun takes the number
    ("Ваши премиум-подписки активны.", "Ваши подписки «Плюс» активны."),
    ("Премиум-подписка активна.", "Подписка «Плюс» активна."),
    ("Оформите премиум-подписку в приложении.", "Оформите подписку «Плюс» в приложении."),
    ("С премиум-подпиской вы получите больше.", "С подпиской «Плюс» вы получите больше."),
    ("Для премиум-подписки нужен аккаунт.", "Для подписки «Плюс» нужен аккаунт."),
    ("Стоимость премиум-подписок снизилась.", "Стоимость подписок «Плюс» снизилась."),
    # an adjective before the head agrees with it
    ("Закажите кредитку онлайн.", "Закажите кредитную карту онлайн."),
    ("Ваша кредитка готова.", "Ваша кредитная карта готова."),
    # another gender where nothing outside agrees with the old one
    ("Приходите в офис.", "Приходите в отделение."),
    ("В офисах банка очереди.", "В отделениях банка очереди."),
    # a pattern's match is inflected too
    ("В личном кабинете всё видно.", "В профиле всё видно."),
    # «inflect: false»: as written
    ("Ваша плюс-подписка активна.", "Ваша Plus активна."),
    # an entry's own replacements, agreeing with the word ``head`` names
    ("На старом тарифе нет роуминга.", "На тарифе «Базовый» нет роуминга."),
])
def test_company_replacements_are_inflected(tmp_path: Path, text: str, expected: str) -> None:
    [(_, fixes, out)] = company_fixes(tmp_path, text)
    assert fixes and out == expected


@pytest.mark.parametrize("text", [
    "Наш офис закрыт.",  # «Наш отделение закрыт»: the words around agree with the old gender
    "Кредитки доставим завтра.",  # genitive singular or accusative plural: the fixes differ
])
def test_an_unsure_company_replacement_stays_advice(tmp_path: Path, text: str) -> None:
    [(_, fixes, _)] = company_fixes(tmp_path, text)
    assert fixes == []
