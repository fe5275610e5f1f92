"""The playground page (``/``) driven in headless Chromium through Selenium and Debian's
chromium-driver, against the real app under uvicorn: a pasted draft gets its underlines
(every suggestion's words, in its category's colour, an emoji before them or not); the
keyboard reaches an underline and reads its message; one fix, then all fixes, give the texts
the Python API gives; nothing a person types runs as markup. Screenshots go to ``tmp_path``
(and to ``$TONECOACH_SCREENSHOTS`` when set, for a human to look at).

The first tests need no browser: the page's colours, category titles and situation labels
are the library's own.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

import tonecoach
from tonecoach.models import CATEGORY_INFO

STATIC = Path(tonecoach.__file__).parent / "integrations" / "server" / "static"
RULES = Path(__file__).parent.parent / "rules"
T = TypeVar("T")

CLIENT_NAME = "Ольга"
CLIENT_MESSAGE = "Где мой заказ?!! Сколько можно ждать!!!"
DRAFT = ("Привет! 🙂 Ты где? Напиши мне, ты же обещал. "
         "В данный момент осуществляется проверка заказа.")


# ---- the page's fixed data is the library's (no browser needed) ------------------------------

class _Items(HTMLParser):
    """``data-category`` / ``data-situation`` items of index.html and their text."""

    def __init__(self, attribute: str, inner_class: str | None) -> None:
        super().__init__()
        self.attribute, self.inner_class = attribute, inner_class
        self.items: dict[str, str] = {}
        self._key: str | None = None
        self._capture = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.attribute in found:
            self._key = found[self.attribute]
            self._capture = self.inner_class is None
        elif self._key and self.inner_class and self.inner_class in (found.get("class") or ""):
            self._capture = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._key = None
        self._capture = False

    def handle_data(self, data: str) -> None:
        if self._key and self._capture:
            self.items[self._key] = self.items.get(self._key, "") + data


def page_items(attribute: str, inner_class: str | None = None) -> dict[str, str]:
    parser = _Items(attribute, inner_class)
    parser.feed((STATIC / "index.html").read_text("utf-8"))
    return parser.items


def test_legend_and_colours_are_the_librarys() -> None:
    css = (STATIC / "playground.css").read_text("utf-8")
    colours = dict(re.findall(r"--tc-([a-z]+):\s*(#[0-9a-f]{6})", css))
    for category, info in CATEGORY_INFO.items():
        assert colours[category] == info.colour, category
    assert page_items("data-category", "tc-legend-title") == {
        category: info.title for category, info in CATEGORY_INFO.items()}


def test_situation_labels_are_the_rule_datas() -> None:
    data = yaml.safe_load((RULES / "signals.yaml").read_text("utf-8"))
    assert page_items("data-situation") == {s["name"]: s["label"] for s in data["situations"]}


def test_page_needs_nothing_from_elsewhere_and_builds_text_safely() -> None:
    for name in ("index.html", "playground.js", "playground.css"):
        source = (STATIC / name).read_text("utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", source), name
        assert "@import" not in source and "url(" not in source, name
    script = (STATIC / "playground.js").read_text("utf-8")
    sinks = re.findall(r"\.\s*(innerHTML|outerHTML|insertAdjacentHTML|write|writeln)\b"
                       r"|\b(eval|Function)\s*\(", script)
    assert sinks == []


# ---- the page in Chromium ---------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if (CHROMIUM is None or CHROMEDRIVER is None) and os.environ.get("CI"):
    pytest.fail("CI needs Debian's chromium and chromium-driver for the playground test "
                "(.ci/run installs them)", pytrace=False)
browser = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                             reason="needs apt-get install chromium chromium-driver")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    pytest.importorskip("fastapi", reason="the server extra: pip install 'tonecoach[server]'")
    from tonecoach.integrations.server.app import create_app

    from .http_server import running

    with running(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium is in the test extra")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-sync",
                     "--disable-component-update", "--force-device-scale-factor=1",
                     "--window-size=1400,1100", "--lang=ru-RU",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    chrome = webdriver.Chrome(options=options, service=service)
    try:
        yield chrome
    finally:
        chrome.quit()


def wait(what: Callable[[], T | None], message: str, timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {message}")
        time.sleep(0.05)


def shots_dir(tmp_path: Path) -> Path:
    if os.environ.get("TONECOACH_SCREENSHOTS"):
        folder = Path(os.environ["TONECOACH_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def screenshot(driver: Any, path: Path) -> None:
    """The whole page, not only the window: the window grows to the page for the shot."""
    size = driver.get_window_size()
    height, chrome = driver.execute_script(
        "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];")
    driver.set_window_size(size["width"], max(size["height"], height + chrome))
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(size["width"], size["height"])


def paste(driver: Any, element_id: str, text: str) -> None:
    """What a paste does: the field's value changes and an input event fires (chromedriver
    cannot type characters outside the BMP, such as emoji)."""
    driver.execute_script(
        "const f = document.getElementById(arguments[0]); f.focus(); f.value = arguments[1];"
        "f.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
        element_id, text)


def open_page(driver: Any, base_url: str) -> None:
    driver.get(base_url + "/")
    assert driver.title.startswith("tonecoach")


def page_state(driver: Any) -> dict[str, Any]:
    """The underlines and insertion marks as the page shows them."""
    return dict(driver.execute_script("""
        const marks = Array.from(document.querySelectorAll('#tc-marked [data-suggestions]'));
        return {
          draft: document.getElementById('tc-draft').value,
          marked: document.getElementById('tc-marked').textContent,
          stale: document.getElementById('tc-marked').classList.contains('tc-stale'),
          status: document.getElementById('tc-status').textContent,
          marks: marks.map(m => ({
            text: m.textContent, insert: m.classList.contains('tc-insert'),
            indices: m.dataset.suggestions.split(' ').map(Number),
            category: m.dataset.category,
            colour: getComputedStyle(m)[m.classList.contains('tc-insert')
                                        ? 'color' : 'textDecorationColor'],
            style: getComputedStyle(m).textDecorationStyle,
            described: document.getElementById(m.getAttribute('aria-describedby')).textContent,
            tabIndex: m.tabIndex,
          })),
          cards: Array.from(document.querySelectorAll('#tc-list > li')).map(li => li.dataset.code),
        };"""))


def checked(driver: Any, text: str) -> dict[str, Any]:
    """Wait until the page shows the check of ``text``."""
    def ready() -> dict[str, Any] | None:
        state = page_state(driver)
        done = (state["draft"] == text and not state["stale"] and state["marked"] == text
                and "Проверяю" not in state["status"])
        return state if done else None
    return wait(ready, f"the page shows the check of {text!r}")


def rgb(colour: str) -> str:
    return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"


def assert_underlines(state: dict[str, Any], report: tonecoach.Report) -> None:
    """Every suggestion of ``report`` is on the page: a span's words underlined in its
    category's colour, an insertion as a mark of its own."""
    text = report.text
    assert state["cards"] == [s.code for s in report.suggestions]
    for i, s in enumerate(report.suggestions):
        mine = [m for m in state["marks"] if i in m["indices"]]
        assert mine, f"{s.code} {text[s.start:s.end]!r} is not on the page"
        if s.start == s.end:
            assert len(mine) == 1 and mine[0]["insert"] and mine[0]["text"] == ""
        else:
            # the marks of one suggestion put together are exactly its words
            assert "".join(m["text"] for m in mine) == text[s.start:s.end], s.code
        assert s.message in " ".join(m["described"] for m in mine)
        first = mine[0]
        if first["indices"][0] == i:
            assert first["category"] == s.category
            assert first["colour"] == rgb(CATEGORY_INFO[s.category].colour), s.code
    for m in state["marks"]:
        assert m["tabIndex"] == 0
        if not m["insert"]:
            assert m["style"] == "wavy"


def active(driver: Any) -> dict[str, Any]:
    return dict(driver.execute_script("""
        const a = document.activeElement;
        const tip = document.getElementById('tc-tip');
        return {tag: a.tagName, id: a.id, cls: a.className, text: a.textContent,
                tip: tip.hidden ? null : tip.textContent,
                tipVisible: !tip.hidden && tip.getBoundingClientRect().height > 0,
                details: document.getElementById('tc-details').textContent};"""))


@pytest.mark.slow
@browser
def test_paste_see_underlines_fix_one_then_all(driver: Any, base_url: str,
                                               tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    coach = tonecoach.Coach()
    shots = shots_dir(tmp_path)
    open_page(driver, base_url)
    paste(driver, "tc-client-message", CLIENT_MESSAGE)
    driver.find_element(By.ID, "tc-client-name").send_keys(CLIENT_NAME)  # typed: debounced
    paste(driver, "tc-draft", DRAFT)

    report = coach.check(DRAFT, client_name=CLIENT_NAME, client_message=CLIENT_MESSAGE)
    assert {s.category for s in report.suggestions} >= {"formality", "empathy", "apology",
                                                        "brevity"}
    state = checked(driver, DRAFT)
    assert_underlines(state, report)
    assert [m["text"] for m in state["marks"] if not m["insert"]][:3] == ["Привет", "Ты",
                                                                          "Напиши"]
    legend = driver.find_element(By.CSS_SELECTOR, '#tc-legend [data-category="formality"]')
    assert f"({len(report.by_category('formality'))})" in legend.text
    signals = driver.find_element(By.ID, "tc-signals").text
    assert "Сколько можно" in signals and "ожидание" in signals
    metrics = driver.find_element(By.ID, "tc-metrics").text
    assert f"Слов\n{report.metrics.words}" in metrics and "Читаемость" in metrics

    # the keyboard: Tab from the draft until an underline has focus, on to «Ты»
    driver.find_element(By.ID, "tc-draft").click()
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        now = active(driver)
        if "tc-mark" in now["cls"] and now["text"] == "Ты":
            break
    else:
        raise AssertionError("Tab never reached the underline under «Ты»")
    ty = next(s for s in report.suggestions if DRAFT[s.start:s.end] == "Ты")
    assert now["tipVisible"] and ty.message in now["tip"] and "Заменить на «Вы»" in now["tip"]
    assert ty.message in now["details"]
    driver.save_screenshot(str(shots / "playground-focus.png"))  # the tip stays open

    # Enter opens the fix, Enter applies it; the page checks the new text again
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    button = active(driver)
    assert button["tag"] == "BUTTON" and button["text"] == "Заменить на «Вы»"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    one_fixed = DRAFT[:ty.start] + "Вы" + DRAFT[ty.end:]
    state = checked(driver, one_fixed)
    assert_underlines(state, coach.check(one_fixed, client_name=CLIENT_NAME,
                                         client_message=CLIENT_MESSAGE))
    assert "tc-mark" in active(driver)["cls"] or "tc-insert" in active(driver)["cls"]

    # «Исправить всё» gives the text Coach.fix gives, and says what it did
    driver.find_element(By.ID, "tc-fix-all").click()
    fixed = coach.fix(one_fixed, client_name=CLIENT_NAME, client_message=CLIENT_MESSAGE)
    state = checked(driver, fixed.text)
    assert fixed.text.startswith("Здравствуйте! Ольга, понимаю")
    applied = driver.find_elements(By.CSS_SELECTOR, "#tc-applied-list > li")
    assert len(applied) == len(fixed.applied) and driver.find_element(By.ID, "tc-applied")
    replaced = next(a for a in fixed.applied if a.before and a.after)
    assert f"«{replaced.before}» → «{replaced.after}»" in driver.find_element(
        By.ID, "tc-applied").text
    assert_underlines(state, coach.check(fixed.text, client_name=CLIENT_NAME,
                                         client_message=CLIENT_MESSAGE))
    assert [m["text"] for m in state["marks"]] == [fixed.text[s.start:s.end]
                                                   for s in fixed.advice]
    screenshot(driver, shots / "playground-fixed.png")

    # typing re-checks after a pause
    driver.find_element(By.ID, "tc-draft").send_keys(Keys.END, " Напиши, если что.")
    typed = fixed.text + " Напиши, если что."
    state = checked(driver, typed)
    assert "Напиши" in [m["text"] for m in state["marks"]]

    # «Копировать текст» puts the text on the clipboard: paste it into an empty field
    driver.find_element(By.ID, "tc-copy").click()
    wait(lambda: "скопирован" in page_state(driver)["status"], "the copy is confirmed")
    pasted_into = driver.find_element(By.ID, "tc-client-message")
    pasted_into.clear()
    pasted_into.send_keys(Keys.CONTROL, "v")
    assert pasted_into.get_attribute("value") == typed


@pytest.mark.slow
@browser
def test_markup_in_draft_name_and_message_stays_text(driver: Any, base_url: str,
                                                     tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    evil = '<img src=x onerror="window.tcPwned=1"><script>window.tcPwned=2</script>'
    draft = f"Привет! {evil} Ты получишь заказ завтра. <b>жирный</b>"
    open_page(driver, base_url)
    driver.execute_script("window.tcPwned = 0;")
    paste(driver, "tc-client-name", 'Ольга <img src=x onerror="window.tcPwned=3">')
    paste(driver, "tc-client-message", f"{evil} Где заказ?!! Сколько можно!!!")
    paste(driver, "tc-draft", draft)
    state = checked(driver, draft)
    assert len(state["marks"]) >= 2  # «Привет», «Ты получишь»: still checked
    driver.find_element(By.ID, "tc-fix-all").click()
    wait(lambda: not driver.find_element(By.ID, "tc-applied").get_attribute("hidden"),
         "the fixes are listed")
    fixed = driver.find_element(By.ID, "tc-draft").get_attribute("value")
    checked(driver, fixed)
    assert "<script>" in fixed  # the draft's markup is text, kept as typed
    assert driver.execute_script("return window.tcPwned;") == 0
    assert driver.find_elements(By.CSS_SELECTOR, "body img, body b") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1  # playground.js alone
    screenshot(driver, shots_dir(tmp_path) / "playground-escaped.png")


@pytest.mark.slow
@browser
def test_emoji_and_astral_letters_do_not_shift_underlines(driver: Any, base_url: str) -> None:
    draft = "Привет! 👨‍👩‍👧 Ты где? 😀 В данный момент проверяем 𝔸 заказ, напиши нам. 👍🏽"
    report = tonecoach.check(draft)
    open_page(driver, base_url)
    paste(driver, "tc-draft", draft)
    state = checked(driver, draft)
    assert_underlines(state, report)
    words = [m["text"] for m in state["marks"] if not m["insert"]]
    assert {"Привет", "Ты", "В данный момент", "напиши", " 😀", " 👍🏽"} <= set(words)


@pytest.mark.slow
@browser
def test_key_asked_for_at_401_and_hover_shows_the_tip(driver: Any) -> None:
    pytest.importorskip("fastapi", reason="the server extra: pip install 'tonecoach[server]'")
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from tonecoach.integrations.server.app import create_app

    from .http_server import running

    draft = "Привет! Ты где?"
    with running(create_app(api_key="page-key")) as url:
        open_page(driver, url)
        paste(driver, "tc-draft", draft)
        key_row = driver.find_element(By.ID, "tc-key-row")
        wait(key_row.is_displayed, "the key field is shown after a 401")
        assert "ключ API" in page_state(driver)["status"]
        assert page_state(driver)["marks"] == []
        driver.find_element(By.ID, "tc-api-key").send_keys("page-key")  # re-checks
        state = checked(driver, draft)
        assert_underlines(state, tonecoach.check(draft))
        mark = driver.find_element(By.CSS_SELECTOR, "#tc-marked .tc-mark")
        ActionChains(driver).move_to_element(mark).perform()
        wait(lambda: driver.find_element(By.ID, "tc-tip").is_displayed(), "the tip on hover")
        assert "Здравствуйте" in driver.find_element(By.ID, "tc-tip").text
