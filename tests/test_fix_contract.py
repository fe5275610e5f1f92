"""The fix contract: capitals for the position, agreement that follows the subject, the fixed
point, and the faces that apply fixes (CLI, editor, eval) saying what they did."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tonecoach
from tonecoach.analysis.inflection import keeps_capital, match_case
from tonecoach.fixes import apply_fixes, fix_until_stable
from tonecoach.models import Suggestion


@pytest.fixture(scope="module")
def coach() -> tonecoach.Coach:
    return tonecoach.Coach()


def fixed(coach: tonecoach.Coach, text: str, category: str | None = None,
          **context: str) -> str:
    return coach.fix(text, categories=None if category is None else [category],
                     **context).text  # type: ignore[arg-type]


# -- a stored capital mid-sentence ---------------------------------------------------------

@pytest.mark.parametrize(("draft", "broken", "expected"), [
    ("Деньги придут до пятницы. Хорошего вечера, пока!", "вечера, До свидания",
     "Деньги придут до пятницы. Хорошего вечера, до свидания!"),
    ("Добрый день, извиняюсь за задержку, заказ уже в пути.", "день, Извините",
     "Добрый день, извините за задержку, заказ уже в пути."),
    ("Пока!", None, "До свидания!"),
])
def test_a_stored_capital_takes_the_case_of_its_place(coach: tonecoach.Coach, draft: str,
                                                      broken: str | None,
                                                      expected: str) -> None:
    out = fixed(coach, draft)
    if broken:
        assert broken not in out
    assert out == expected


@pytest.mark.parametrize(("replacement", "original", "expected"), [
    ("До свидания", "пока", "до свидания"),
    ("До свидания", "Пока", "До свидания"),
    ("до свидания", "ПОКА", "ДО СВИДАНИЯ"),
    ("СМС", "смс-ка", "СМС"),  # an acronym keeps its capitals
    ("Вера", "вера", "Вера"),  # a name that is also a noun stays a name
    ("Москва", "москва", "Москва"),
    ("Telegram", "телега", "Telegram"),
])
def test_match_case_lowers_a_stored_capital_but_not_a_name(replacement: str, original: str,
                                                           expected: str) -> None:
    assert match_case(replacement, original) == expected


def test_keeps_capital_reads_names_acronyms_and_latin() -> None:
    assert keeps_capital("Анна Сергеевна")
    assert keeps_capital("«Плюс»") is False  # a quoted word is not a name by itself
    assert not keeps_capital("Здравствуйте")


# -- agreement follows the subject ----------------------------------------------------------

@pytest.mark.parametrize(("draft", "expected"), [
    # a что-clause without its own subject keeps «вы»
    ("Ты правильно сделал, что заблокировал карту.",
     "Вы правильно сделали, что заблокировали карту."),
    ("Вы правильно сделала, что позвонила сразу: карта заблокирована.",
     "Вы правильно сделали, что позвонили сразу: карта заблокирована."),
    ("Ты молодец, что написал нам.", "Вы молодец, что написали нам."),
    # coordinated predicates, with and without «и»
    ("Ты зашёл в приложение, нажал кнопку и получил ошибку?",
     "Вы зашли в приложение, нажали кнопку и получили ошибку?"),
    ("Вы сказали, что оплатила заказ и получила чек.",
     "Вы сказали, что оплатили заказ и получили чек."),
    # short adjectives and «сам»
    ("Будь внимателен: никому не сообщай код из СМС.",
     "Будьте внимательны: никому не сообщайте код из СМС."),
    ("Ты можешь сам выбрать пункт выдачи — просто нажми «Изменить».",
     "Вы можете сами выбрать пункт выдачи — просто нажмите «Изменить»."),
    ("Ты был прав, и мы всё исправили.", "Вы были правы, и мы всё исправили."),
    # asides between the subject and its verb
    ("Ты, наверное, видел новость.", "Вы, наверное, видели новость."),
    ("Ты, Анна, сделала всё верно.", "Вы, Анна, сделали всё верно."),
])
def test_agreement_follows_the_subject(coach: tonecoach.Coach, draft: str,
                                       expected: str) -> None:
    assert fixed(coach, draft, "formality") == expected


@pytest.mark.parametrize(("draft", "expected"), [
    # a clause with its own subject, before or after its verb, keeps its verb
    ("Ты сказал, что приехал курьер.", "Вы сказали, что приехал курьер."),
    ("Ты сказал, что курьер опоздал.", "Вы сказали, что курьер опоздал."),
    ("Когда ты позвонил, ответил оператор.", "Когда вы позвонили, ответил оператор."),
    ("Ты получил письмо, которое пришло вчера?", "Вы получили письмо, которое пришло вчера?"),
    ("Если ты оплатил заказ, деньги придут завтра.",
     "Если вы оплатили заказ, деньги придут завтра."),
    ("Вы сказали, что курьер опоздал.", "Вы сказали, что курьер опоздал."),
])
def test_agreement_stops_at_a_clause_with_its_own_subject(coach: tonecoach.Coach, draft: str,
                                                         expected: str) -> None:
    assert fixed(coach, draft, "formality") == expected


def test_no_fix_where_the_predicate_is_out_of_reach(coach: tonecoach.Coach) -> None:
    draft = "Ты, как я понимаю, сделал заказ."
    flags = [s for s in coach.check(draft).suggestions if s.code == "TC101"]
    assert flags and not flags[0].replacements  # «Вы, …, сделал» would be broken: advice only
    assert "Вы, как я понимаю, сделал" not in fixed(coach, draft)


# -- a brand that says «ты» ------------------------------------------------------------------

def test_a_ty_brand_keeps_its_own_greeting() -> None:
    coach = tonecoach.Coach(tonecoach.Config(address="ты"))
    assert coach.fix("Привет! Заказ уже в пути. Пока!").text == "Привет! Заказ уже в пути. Пока!"
    assert [s.code for s in coach.check("Здарова! Заказ в пути.").suggestions] == ["TC106"]
    assert [s.code for s in tonecoach.Coach().check("Привет! Заказ в пути.").suggestions
            if s.code == "TC106"] == ["TC106"]


# -- the fixed point --------------------------------------------------------------------------

def test_apply_fixes_reaches_the_fixed_point_in_one_call(coach: tonecoach.Coach) -> None:
    draft = "Мы произведём возврат денежных средств."
    brevity = coach.check(draft).by_category("brevity")
    assert apply_fixes(draft, brevity, max_rounds=1) == "Мы вернём денежные средства."
    assert apply_fixes(draft, brevity) == "Мы вернём деньги."


def test_the_patronymic_comes_after_the_name_is_right(coach: tonecoach.Coach) -> None:
    draft = "Письмо уже отправили, Аня, проверьте почту."
    report = coach.check(draft, client_name="Анна Сергеевна")
    once = apply_fixes(draft, report.suggestions, max_rounds=1)
    assert once == "Письмо уже отправили, Анна, проверьте почту."
    whole = apply_fixes(draft, report.suggestions, client_name="Анна Сергеевна")
    assert whole == "Письмо уже отправили, Анна Сергеевна, проверьте почту."
    result = coach.fix(draft, client_name="Анна Сергеевна")
    assert result.text == whole
    assert [(a.code, a.round) for a in result.applied] == [("TC503", 1), ("TC504", 2)]


def test_apply_fixes_rechecks_with_the_coach_it_is_given() -> None:
    brand = tonecoach.Coach(tonecoach.Config(address="ты"))
    draft = "Вы можете оформить возврат, напишите нам."
    report = brand.check(draft)
    assert apply_fixes(draft, report.suggestions, coach=brand) == \
        "Ты можешь оформить возврат, напиши нам."


def test_later_rounds_stay_within_the_categories_passed(coach: tonecoach.Coach) -> None:
    draft = "Ты можешь в данный момент оформить возврат."
    formality = coach.check(draft).by_category("formality")
    out = apply_fixes(draft, formality)
    assert out.startswith("Вы можете") and "в данный момент" in out


def test_fixes_that_undo_each_other_stop() -> None:
    def flip(text: str) -> list[Suggestion]:
        new = "б" if text == "а" else "а"
        return [Suggestion(code="TC999", name="flip", category="formality", severity="info",
                           message="m", start=0, end=1, replacements=[new])]

    result = fix_until_stable("а", flip("а"), flip, max_rounds=10)
    assert result.text == "б" and result.rounds == 1


def test_coach_fix_reports_what_is_left_as_advice(coach: tonecoach.Coach) -> None:
    result = coach.fix("Ты пойми, в данный момент осуществляется проверка платежа.")
    assert result.text.startswith("Вы поймите, сейчас")
    assert {a.code for a in result.applied} >= {"TC101", "TC401"}
    advice = {s.code for s in result.advice}
    assert "TC402" in advice  # «осуществляется проверка»: advice, no safe rewrite
    for s in result.advice:
        assert 0 <= s.start <= s.end <= len(result.text)
    with pytest.raises(ValueError, match="unknown categories"):
        coach.fix("Привет", categories=["tone"])


# -- the faces --------------------------------------------------------------------------------

def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tonecoach", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_fix_says_what_it_applied_and_what_is_left() -> None:
    done = _cli("check", "--fix", "-", stdin="Ты правильно сделал, что позвонил. "
                "В данный момент осуществляется проверка платежа.")
    assert done.stdout == ("Вы правильно сделали, что позвонили. "
                           "Сейчас осуществляется проверка платежа.")
    assert "исправлено TC101" in done.stderr and "исправлено TC401" in done.stderr
    assert "TC402" in done.stderr  # left as advice, with its place in the fixed text
    assert done.returncode == 1


def test_eval_scores_fixes_over_every_category_by_default(tmp_path: Path) -> None:
    case = {"text": "Хорошего вечера, пока! Ты правильно сделал.", "expect": {},
            "fix": "Хорошего вечера, до свидания! Вы правильно сделали."}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    everything = json.loads(_cli("eval", str(path), "--format", "json").stdout)
    assert everything["fixes"] == {"total": 1, "exact": 1}
    narrowed = json.loads(_cli("eval", str(path), "--format", "json",
                               "--fix-categories", "etiquette").stdout)
    assert narrowed["fixes"] == {"total": 1, "exact": 0}
    assert "(по умолчанию: все)" in " ".join(_cli("eval", "--help").stdout.split())


def test_the_editors_fix_all_goes_to_the_fixed_point(coach: tonecoach.Coach) -> None:
    from tonecoach.integrations.lsp.convert import Checked, code_actions

    text = "Мы произведём возврат денежных средств. Ты не волнуйся."
    checked = Checked.build("file:///a.txt", 1, coach.check(text), "utf-16")
    actions = code_actions(checked, 0, 0, ["source.fixAll"],
                           lambda t, cats: coach.fix(t, categories=cats))
    assert len(actions) == 1
    edit = actions[0].edit
    assert edit is not None and edit.changes is not None
    (change,) = edit.changes["file:///a.txt"]
    start = checked.positions.offset(change.range.start.line, change.range.start.character)
    end = checked.positions.offset(change.range.end.line, change.range.end.character)
    assert text[:start] + change.new_text + text[end:] == coach.fix(text).text
    assert "Мы вернём деньги." in coach.fix(text).text


def test_a_ty_brand_turns_the_subject_and_its_verbs_together() -> None:
    brand = tonecoach.Coach(tonecoach.Config(address="ты"))
    draft = "Вы зайдёте в приложение и увидите кнопку."
    (flag,) = brand.check(draft).suggestions
    assert flag.replacements == ["Ты зайдёшь в приложение и увидишь"]
    # applied alone, never «Ты можете»
    one = apply_fixes("Вы можете подключить пакет.", brand.check(
        "Вы можете подключить пакет.").suggestions, max_rounds=1)
    assert one == "Ты можешь подключить пакет."


def test_a_short_capitalised_word_mid_sentence_gets_no_capitalised_fix(
        coach: tonecoach.Coach) -> None:
    draft = "Откройте настройки -> применить -> ОК и перезапустите."
    flags = [s for s in coach.check(draft).suggestions if s.code == "TC107"]
    assert all(not s.replacements for s in flags)
    assert "Хорошо" not in fixed(coach, draft)


@pytest.mark.parametrize(("draft", "expected"), [
    # an impersonal verb after a comma agrees with nobody
    ("Ты сделал всё правильно, осталось подождать.",
     "Вы сделали всё правильно, осталось подождать."),
    ("Ты молодец, что написал, стало понятнее.", "Вы молодец, что написали, стало понятнее."),
    # an imperative after «ты» goes with it
    ("Ты не волнуйся, мы всё исправим.", "Вы не волнуйтесь, мы всё исправим."),
    ("Ты, пожалуйста, не волнуйся.", "Вы, пожалуйста, не волнуйтесь."),
    ("Ты сам решай, что лучше.", "Вы сами решайте, что лучше."),
])
def test_agreement_leaves_impersonal_verbs_and_takes_imperatives(
        coach: tonecoach.Coach, draft: str, expected: str) -> None:
    flags = [s for s in coach.check(draft).suggestions if s.code == "TC101"]
    assert apply_fixes(draft, flags[:1], max_rounds=1) == expected  # one quick fix does it
    assert fixed(coach, draft) == expected


def test_a_configured_coachs_fixes_are_not_undone_by_the_recheck() -> None:
    brand = tonecoach.Coach(tonecoach.Config(address="ты"))
    draft = "Привет! Вы можете отменить заказ в кабинете, если ты передумал."
    expected = "Привет! Ты можешь отменить заказ в кабинете, если ты передумал."
    assert brand.check(draft).fixed_text == expected  # re-checked by the default coach
    assert brand.fix(draft).text == expected


def test_an_inserted_name_lowers_the_next_word_but_not_a_one_letter_capital(
        coach: tonecoach.Coach) -> None:
    out = coach.fix("Добрый день! Я проверила заказ. Он в пути.", client_name="Анна").text
    assert "Анна, Я" not in out and "Анна, я проверила" in out
