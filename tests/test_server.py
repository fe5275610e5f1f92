"""``tonecoach serve``: LanguageTool's protocol as its clients read it (fields, UTF-16
offsets, annotated data, rule and category selection, level, languages, the ways a body
arrives), the native API, the API key and CORS — against a real uvicorn server."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from urllib.parse import quote, quote_plus, urlencode

import httpx
import pytest

import tonecoach
from tonecoach import Context
from tonecoach.integrations.server import Limits, create_app
from tonecoach.integrations.server.forms import FORM, parse_body
from tonecoach.integrations.server.lt_models import LTCheckResponse, LTLanguageInfo
from tonecoach.models import FixResult, Report

from .http_server import running

DRAFT = "Привет! Ты где? 👍 Напиши мне."
KEY = "s3cret-ключ"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture(scope="module")
def url(coach: tonecoach.Coach) -> Iterator[str]:
    with running(create_app(coach=coach)) as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as c:
        yield c


def lt(client: httpx.Client, **params: str) -> dict:
    params.setdefault("language", "ru-RU")
    response = client.post("/v2/check", data=params)
    assert response.status_code == 200, response.text
    return response.json()


def spans(answer: dict) -> list[tuple[str, int, int]]:
    return [(m["rule"]["id"], m["offset"], m["length"]) for m in answer["matches"]]


# --- LanguageTool protocol ---------------------------------------------------------------

def test_languages_list_russian_by_long_code(client: httpx.Client) -> None:
    answer = client.get("/v2/languages").json()
    assert [LTLanguageInfo.model_validate(x).longCode for x in answer] == ["ru-RU"]


def test_every_match_has_what_libreoffice_needs(client: httpx.Client) -> None:
    answer = lt(client, text=DRAFT)
    LTCheckResponse.model_validate(answer)
    assert answer["software"]["apiVersion"] == 1
    assert answer["language"]["code"] == "ru-RU"
    assert answer["language"]["detectedLanguage"]["code"] == "ru-RU"
    assert [code for code, _, _ in spans(answer)] == ["TC106", "TC101", "TC101"]
    for m in answer["matches"]:
        assert m["shortMessage"] and m["message"]
        assert isinstance(m["replacements"], list)
        assert m["rule"]["category"]["id"] == "FORMALITY"
        assert m["rule"]["category"]["name"] == "Обращение"
        assert m["type"]["typeName"] in ("Other", "Hint")
        assert m["rule"]["issueType"] == "register"


def test_offsets_are_utf16_code_units(client: httpx.Client) -> None:
    """👍 is one Python character and two UTF-16 units: «Напиши» after it is at 19, not 18;
    with a one-unit symbol in its place it is at 18."""
    after_emoji = lt(client, text=DRAFT)
    assert DRAFT.index("Напиши") == 18
    assert spans(after_emoji)[1:] == [("TC101", 8, 2), ("TC101", 19, 6)]
    plain = lt(client, text=DRAFT.replace("👍", "★"))
    assert spans(plain)[2] == ("TC101", 18, 6)
    units = DRAFT.encode("utf-16-le")
    assert [units[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le")
            for m in after_emoji["matches"]] == ["Привет", "Ты", "Напиши"]


def test_context_and_sentence(client: httpx.Client) -> None:
    text = "Здравствуйте! " + "Заказ уже едет к вам. " * 4 + "😀 Ты получишь его завтра."
    answer = lt(client, text=text)
    [match] = [m for m in answer["matches"] if m["rule"]["id"] == "TC101"]
    ctx = match["context"]
    units = ctx["text"].encode("utf-16-le")
    start, length = ctx["offset"] * 2, ctx["length"] * 2
    whole = text.encode("utf-16-le")[2 * match["offset"]:2 * (match["offset"] + match["length"])]
    assert units[start:start + length] == whole
    assert whole.decode("utf-16-le").startswith("Ты")
    assert ctx["text"].startswith("...") and len(ctx["text"]) <= 3 + 40 + 2 + 40
    assert match["sentence"] == "😀 Ты получишь его завтра."


def test_annotated_data_skips_markup_and_counts_it_in_offsets(client: httpx.Client) -> None:
    parts = [{"markup": "<p title='ты'>"}, {"text": "Привет! "}, {"markup": "<b>"},
             {"text": "Ты"}, {"markup": "</b>"}, {"text": " где? 👍 Напиши мне."},
             {"markup": "</p>", "interpretAs": "\n\n"}]
    document = "".join(p.get("text", p.get("markup", "")) for p in parts)
    answer = lt(client, data=json.dumps({"annotation": parts}, ensure_ascii=False))
    expected = [("TC106", "Привет"), ("TC101", "Ты"), ("TC101", "Напиши")]
    assert spans(answer) == [(code, utf16(document[:document.index(word)]), len(word))
                             for code, word in expected]


def test_annotated_data_errors_are_400(client: httpx.Client) -> None:
    for data in ("{not json", '{"annotation": 5}', '{"annotation": [{"text": 1}]}'):
        response = client.post("/v2/check", data={"data": data, "language": "ru-RU"})
        assert response.status_code == 400
        assert response.text.startswith("Error: ")
    assert client.post("/v2/check", data={"language": "ru"}).status_code == 400


def codes(answer: dict) -> list[str]:
    return [m["rule"]["id"] for m in answer["matches"]]


def test_enabled_and_disabled_rules_and_categories(client: httpx.Client) -> None:
    assert codes(lt(client, text=DRAFT, disabledRules="TC101,WHITESPACE_RULE")) == ["TC106"]
    assert codes(lt(client, text=DRAFT, disabledRules="TC1")) == []
    assert codes(lt(client, text=DRAFT, disabledCategories="FORMALITY")) == []
    assert codes(lt(client, text=DRAFT, enabledRules="TC106", enabledOnly="true")) == ["TC106"]
    assert codes(lt(client, text=DRAFT, enabledCategories="formality",
                    enabledOnly="true")) == ["TC106", "TC101", "TC101"]
    assert codes(lt(client, text=DRAFT, enabledCategories="EMPATHY", enabledOnly="true")) == []
    refused = client.post("/v2/check", data={"text": DRAFT, "language": "ru-RU",
                                             "enabledOnly": "true"})
    assert refused.status_code == 400 and "enabledRules" in refused.text


def test_level_picky_adds_info_suggestions(client: httpx.Client,
                                           coach: tonecoach.Coach) -> None:
    text = "Здравствуйте! Ваш заказ как бы уже в пути, в общем, ждите."
    assert {s.code for s in coach.check(text).suggestions if s.severity == "info"} == {"TC406"}
    assert "TC406" not in codes(lt(client, text=text))
    assert codes(lt(client, text=text, level="picky")).count("TC406") == 2
    assert codes(lt(client, text=text, enabledRules="TC406")).count("TC406") == 2
    assert codes(lt(client, text=text, level="picky", disabledRules="TC406")).count("TC406") == 0


@pytest.mark.parametrize("text, code", [
    ("Hi! Where are you? Write me back, please.", "und-Latn"),
    ("Dear Ольга, your order is on its way and will arrive tomorrow.", "und-Latn"),
    ("Привіт! Ти де? Напиши мені, будь ласка, що сталося.", "und-Cyrl"),
    ("Γεια σου! Πού είσαι;", "und"),
])
def test_text_that_is_not_russian_gets_no_matches(client: httpx.Client, text: str,
                                                  code: str) -> None:
    answer = lt(client, text=text)
    assert answer["matches"] == []
    assert answer["language"]["code"] == "ru-RU"
    assert answer["language"]["detectedLanguage"]["code"] == code
    assert lt(client, text=text, language="auto")["language"]["code"] == code


@pytest.mark.parametrize("text", [
    "Ты где? Вот ссылка: https://support.example.com/reset-password-instructions-for-you",
    "Нажмите Settings → Privacy → Clear cache",
    "👍👍",
])
def test_russian_with_links_or_english_buttons_stays_russian(client: httpx.Client,
                                                             text: str) -> None:
    answer = lt(client, text=text, language="auto")
    assert answer["language"]["code"] == "ru-RU"


def test_other_requested_language_gets_no_matches(client: httpx.Client) -> None:
    answer = lt(client, text=DRAFT, language="en-US")
    assert answer["matches"] == [] and answer["language"]["code"] == "en-US"
    assert codes(lt(client, text=DRAFT, language="ru"))[0] == "TC106"
    assert codes(lt(client, text=DRAFT, language="auto"))[0] == "TC106"


def test_tone_context_fields(client: httpx.Client, coach: tonecoach.Coach) -> None:
    text = "Заказ в пути."
    message = "Где мой заказ?! Сколько можно ждать!!!"
    answer = lt(client, text=text, clientName="Ольга", clientMessage=message,
                firstReply="true", channel="email", sentAt="2026-03-01T09:30:00")
    context = Context(client_name="Ольга", client_message=message, first_reply=True,
                      channel="email", sent_at="2026-03-01T09:30:00")
    expected = [s.code for s in coach.check(text, context=context).suggestions
                if s.severity != "info"]
    assert "TC201" in expected and codes(answer) == expected
    for m in answer["matches"]:  # insertions are widened to a word a client can underline
        assert m["length"] > 0
    apology = next(m for m in answer["matches"] if m["rule"]["id"] == "TC304")
    assert apology["offset"] == 0 and apology["length"] == len("Заказ")
    assert apology["replacements"][0]["value"].endswith("задержку. Заказ")
    for bad in ({"firstReply": "maybe"}, {"channel": "fax"}, {"sentAt": "вчера"}):
        response = client.post("/v2/check", data={"text": text, "language": "ru-RU", **bad})
        assert response.status_code == 400 and next(iter(bad)) in response.text


AMPERSAND = "Ты где? Цена 1+1 & скидка 5%, напиши."


def test_form_multipart_get_and_raw_libreoffice_bodies_agree(client: httpx.Client) -> None:
    form = lt(client, text=AMPERSAND)
    assert [(c, AMPERSAND[o:o + n]) for c, o, n in spans(form)] == [
        ("TC101", "Ты"), ("TC101", "напиши")]
    multipart = client.post("/v2/check", files={"text": (None, AMPERSAND),
                                                "language": (None, "ru-RU")})
    got = client.get("/v2/check", params={"text": AMPERSAND, "language": "ru-RU"})
    raw = client.post("/v2/check", content=f"text={AMPERSAND}&language=ru-RU".encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    for response in (multipart, got, raw):
        assert response.status_code == 200, response.text
        assert spans(response.json()) == spans(form)


RAW_TEXTS = [
    "Ты где? A&B, 1+1=2, 100% & ещё",  # & + % = and a space
    "Ты где?\nСтрока&language=ru-RU в тексте, напиши",  # a known key inside the text
    "Ты где? &username=x&apiKey=y, 50%20 и a=b",  # LibreOffice's own keys, and %20
    "Цена+скидка&напиши",  # no space: still raw (Cyrillic bytes)
    "",
]


@pytest.mark.parametrize("text", RAW_TEXTS)
def test_raw_body_keeps_ampersands_and_pluses(text: str) -> None:
    body = f"text={text}&language=ru-RU".encode()
    assert parse_body(body) == {"text": text, "language": "ru-RU"}


@pytest.mark.parametrize("text", RAW_TEXTS[:-1])
@pytest.mark.parametrize(("username", "key"), [
    ("Оля Петрова", "s3cret"),  # a space in the name
    ("Оля П&x", "k+y%20z&w"),  # as LibreOffice 7.4.7 sends them: nothing encoded
    ("me%40x.ru", "k3y&+"),  # an escape in the name, a trailing & and + in the key
    ("a=b&language=en", "k%20y"),  # «=» and a known key in the name; %20 stays %20
    ("оператор", "x&username=y&language=z"),  # LibreOffice's other keys in the key
])
def test_raw_username_and_key_are_read_from_the_right(text: str, username: str,
                                                      key: str) -> None:
    """LibreOffice 7.4.7 appends ``&username=…&apiKey=…`` unencoded when both are set."""
    body = f"text={text}&language=ru-RU&username={username}&apiKey={key}".encode()
    assert parse_body(body) == {"text": text, "language": "ru-RU", "username": username,
                                "apiKey": key}


def test_raw_body_other_shapes() -> None:
    # an ASCII-only body with no space, quote or stray «%» cannot be told from an encoded
    # one: it is decoded as a form
    assert parse_body(b"text=&language=ru-RU&username=me%40x.ru&apiKey=k3y&+") == {
        "text": "", "language": "ru-RU", "username": "me@x.ru", "apiKey": "k3y", " ": ""}
    # no language: the text runs to the user name
    assert parse_body("text=Ты где?&username=Оля П&apiKey=k&+".encode()) == {
        "text": "Ты где?", "username": "Оля П", "apiKey": "k&+"}
    # no key: a «&username=» is the text's (LibreOffice sends the name only with a key)
    assert parse_body("text=Ты &username=где?&language=ru-RU".encode()) == {
        "text": "Ты &username=где?", "language": "ru-RU"}
    # a hand-written body: short parameters after the language are split off, undecoded
    assert parse_body("text=Ты где?&language=ru-RU&level=picky&clientName=Оля%20П".encode()) \
        == {"text": "Ты где?", "language": "ru-RU", "level": "picky",
            "clientName": "Оля%20П"}
    # a raw body that does not start with the text: split before each known key
    assert parse_body("language=ru-RU&text=Ты & я+1&apiKey=k%20y".encode()) == {
        "language": "ru-RU", "text": "Ты & я+1", "apiKey": "k%20y"}


def test_raw_body_is_read_in_linear_time() -> None:
    """8x the body takes well under 64x (quadratic) the time, whatever it repeats (sizes
    kept under malloc's mmap threshold, where a linear reading measures ~7-10x)."""
    shapes = ["&language=", "&username=", "&apiKey=", "&level=x", "&text=", "& ы+%",
              "&language=ru&username=a b"]
    for shape in shapes:
        def best(size: int, shape: str = shape) -> float:
            repeated = shape * (size // len(shape.encode()))
            # a space ends each run of parameters just before the real ones: a reading
            # that tries the rest of the body from each «&» is quadratic (a former regex)
            body = f"text=ты{repeated} ы&language=ru-RU&username=Оля&apiKey=k".encode()
            times: list[float] = []
            while len(times) < 5 and sum(times) < 2:
                started = time.perf_counter()
                parse_body(body)
                times.append(time.perf_counter() - started)
            return min(times)

        ratio = best(8 * 12_000) / best(12_000)
        assert ratio < 24, f"{shape!r}: 8x the body took {ratio:.1f}x the time"


@pytest.mark.parametrize("params", [
    {"text": AMPERSAND, "language": "ru-RU"},
    {"text": "a+b&c", "language": "ru-RU", "username": "Оля П&x", "apiKey": "k+y%20z&w"},
    {"text": "Ты где? 1+1 & 100%", "language": "ru-RU", "username": "me@x.ru",
     "apiKey": "k3y&+%20"},
    {"text": "", "language": "ru-RU"},
])
def test_encoded_forms_are_decoded_as_forms(params: dict[str, str]) -> None:
    for quote_via in (quote_plus, quote):  # «+» or «%20» for a space
        body = urlencode(params, quote_via=quote_via).encode()
        assert parse_body(body) == params


def test_raw_key_with_separators_over_http(coach: tonecoach.Coach) -> None:
    """Raw, URL-encoded and multipart bodies each carry the same key to the server."""
    key = "k3y&+%20"
    params = {"text": DRAFT, "language": "ru-RU", "username": "Оля П&x", "apiKey": key}
    app = create_app(coach=coach, api_key=key)
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        raw = "&".join(f"{k}={v}" for k, v in params.items()).encode()
        answers = [c.post("/v2/check", content=raw, headers={"Content-Type": FORM}),
                   c.post("/v2/check", data=params),
                   c.post("/v2/check", files={k: (None, v) for k, v in params.items()})]
        assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
        assert spans(answers[0].json()) == spans(answers[1].json()) == spans(answers[2].json())
        assert spans(answers[0].json())
        decoded = raw.replace(b"%20", b" ")  # «%20» as a space: another key, refused
        assert c.post("/v2/check", content=decoded,
                      headers={"Content-Type": FORM}).status_code == 401


# --- native API ------------------------------------------------------------------------------

def test_native_check_is_the_report(client: httpx.Client, coach: tonecoach.Coach) -> None:
    body = {"text": DRAFT, "context": {"client_name": "Ольга",
                                       "client_message": "Где мой заказ?!"}}
    response = client.post("/api/check", json=body)
    assert response.status_code == 200
    report = Report.model_validate(response.json())
    assert report == coach.check(DRAFT, client_name="Ольга", client_message="Где мой заказ?!")
    first = response.json()["suggestions"][0]
    assert set(first) == {"code", "name", "category", "severity", "message", "start", "end",
                          "replacements"}
    assert set(response.json()) == {"text", "suggestions", "signals", "metrics"}


def test_native_fix_is_the_fix_result(client: httpx.Client, coach: tonecoach.Coach) -> None:
    response = client.post("/api/fix", json={"text": DRAFT})
    assert FixResult.model_validate(response.json()) == coach.fix(DRAFT)
    only = client.post("/api/fix", json={"text": DRAFT, "categories": ["etiquette"]}).json()
    assert only["text"] == coach.fix(DRAFT, categories=["etiquette"]).text
    assert client.post("/api/fix", json={"text": DRAFT,
                                         "categories": ["tone"]}).status_code == 422


def test_native_config_overrides(client: httpx.Client) -> None:
    answer = client.post("/api/check", json={"text": DRAFT, "config": {"ignore": ["TC101"]}})
    assert [s["code"] for s in answer.json()["suggestions"]] == ["TC106"]
    for bad in ({"rule_files": ["/etc/passwd"]}, {"max_text_length": 10**9},
                {"ignore": ["TC999"]}, {"emoji": "lots"}, {"no_such_key": 1}):
        response = client.post("/api/check", json={"text": DRAFT, "config": bad})
        assert response.status_code == 422, bad
        assert isinstance(response.json()["detail"], str)


def test_a_request_config_changes_only_the_channels_it_names() -> None:
    """The server's chat limit (30) stays when a request sets only the e-mail one."""
    server_coach = tonecoach.Coach(tonecoach.Config(long_reply_words={"chat": 30}))
    reply = "Заказ уже в пути и приедет завтра. " * 7  # 42 words
    with running(create_app(coach=server_coach)) as base, \
            httpx.Client(base_url=base, timeout=30) as c:
        answer = c.post("/api/check", json={"text": reply, "config": {
            "long_reply_words": {"email": 300}}}).json()
    [long_reply] = [s for s in answer["suggestions"] if s["code"] == "TC405"]
    assert "30" in long_reply["message"]


def test_native_rules_health_and_openapi(client: httpx.Client, coach: tonecoach.Coach) -> None:
    rules = client.get("/api/rules").json()
    assert [r["code"] for r in rules] == list(coach.rules)
    assert all(r["enabled"] for r in rules)
    assert client.get("/health").json() == {"status": "ok", "version": tonecoach.__version__,
                                            "checks_in_flight": 0}
    schema = client.get("/openapi.json").json()
    check = schema["paths"]["/api/check"]["post"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] \
        .endswith("/Report")
    assert "/v2/check" in schema["paths"] and "Suggestion" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


ASSET_TYPES = {".js": ("text/javascript", "application/javascript"), ".css": ("text/css",),
               ".png": ("image/png",)}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_need_no_cdn(client: httpx.Client, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert re.findall(r"(?:https?:)?//[^\s\"'<>]*", answer.text) == []  # nothing off the server
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", answer.text)
    scripts = [a for a in assets if a.endswith(".js")]
    assert scripts and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        kind = "." + asset.rpartition(".")[2]
        assert served.status_code == 200, asset
        assert served.headers["content-type"].split(";")[0] in ASSET_TYPES[kind], asset
        assert len(served.content) > 1000, asset
    if page == "/docs":
        assert any(a.endswith(".css") for a in assets)
    assert client.get("/openapi.json").status_code == 200


def test_native_wrong_content_type_and_bad_json(client: httpx.Client) -> None:
    form = client.post("/api/check", data={"text": DRAFT})
    assert form.status_code == 415 and "JSON" in form.json()["detail"]
    broken = client.post("/api/check", content=b'{"text": ',
                         headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert client.post("/api/check", json={"txt": DRAFT}).status_code == 422
    xml = client.post("/v2/check", content=b"<text/>", headers={"Content-Type": "text/xml"})
    assert xml.status_code == 415 and xml.text.startswith("Error: ")


# --- API key, CORS -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keyed(coach: tonecoach.Coach) -> Iterator[httpx.Client]:
    app = create_app(coach=coach, api_key=KEY, allow_origins=["app://obsidian.md"])
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_api_key(keyed: httpx.Client) -> None:
    form = {"text": DRAFT, "language": "ru-RU"}
    missing = keyed.post("/v2/check", data=form)
    assert missing.status_code == 401 and missing.text.startswith("Error: ")
    assert missing.headers["www-authenticate"] == "Bearer"
    assert keyed.post("/v2/check", data={**form, "apiKey": "wrong"}).status_code == 401
    assert keyed.post("/v2/check", data={**form, "apiKey": KEY}).status_code == 200
    assert keyed.post("/v2/check", data=form,
                      headers={"Authorization": f"Bearer {KEY}".encode()}).status_code == 200
    assert keyed.post("/v2/check", data=form,
                      headers={"X-API-Key": KEY.encode()}).status_code == 200
    raw = f"text={DRAFT}&language=ru-RU&username=me&apiKey={KEY}".encode()
    assert keyed.post("/v2/check", content=raw, headers={
        "Content-Type": "application/x-www-form-urlencoded"}).status_code == 200
    native = keyed.post("/api/check", json={"text": DRAFT})
    assert native.status_code == 401 and "ключ" in native.json()["detail"]
    assert keyed.post("/api/check", json={"text": DRAFT},
                      headers={"X-API-Key": KEY.encode()}).status_code == 200
    assert keyed.get("/api/rules").status_code == 401
    for open_path in ("/health", "/v2/languages", "/openapi.json", "/docs", "/redoc",
                      "/static-offline-docs/swagger-ui-bundle.js"):
        assert keyed.get(open_path).status_code == 200


def test_cors_allow_list(keyed: httpx.Client, client: httpx.Client) -> None:
    preflight = {"Origin": "app://obsidian.md", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, x-api-key"}
    allowed = keyed.options("/v2/check", headers=preflight)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "app://obsidian.md"
    other = keyed.options("/v2/check", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    refused = keyed.post("/v2/check", data={"text": DRAFT}, headers={"Origin": "app://obsidian.md"})
    assert refused.status_code == 401  # the browser can read the refusal, too
    assert refused.headers["access-control-allow-origin"] == "app://obsidian.md"
    plain = client.post("/v2/check", data={"text": DRAFT}, headers={"Origin": "app://obsidian.md"})
    assert "access-control-allow-origin" not in plain.headers


def test_text_limit_is_413_in_each_protocol(coach: tonecoach.Coach) -> None:
    app = create_app(coach=coach, limits=Limits(max_text_chars=40))
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        long = "Ты где? " * 10
        lt_answer = c.post("/v2/check", data={"text": long, "language": "ru-RU"})
        assert lt_answer.status_code == 413
        assert lt_answer.text.startswith("Error: Текст длиннее предела: 80 символов")
        native = c.post("/api/check", json={"text": long})
        assert native.status_code == 413 and "Текст длиннее" in native.json()["detail"]
        message = c.post("/api/check", json={"text": "Ты где?",
                                             "context": {"client_message": long}})
        assert message.status_code == 413
        assert c.post("/v2/check", data={"text": "Ты где?", "language": "ru"}).status_code == 200


def test_playground_page_is_served(client: httpx.Client) -> None:
    from tonecoach.integrations.server.app import STATIC

    assert {"index.html", "playground.js", "playground.css"} <= {p.name for p in STATIC.iterdir()}
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for path in sorted(STATIC.iterdir()):
        assert client.get(f"/static/{path.name}").status_code == 200, path.name
    assert client.get("/static/no-such-file.js").status_code == 404
