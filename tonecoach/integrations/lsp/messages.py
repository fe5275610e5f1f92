"""What the language server tells the operator, in Russian: refused settings (each problem
named, with a close-match hint), unknown rule codes, TOML errors, drafts it does not check.

pydantic and the core speak English; nothing of theirs reaches the editor untranslated.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

import regex
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from tonecoach.integrations.wording import number
from tonecoach.models import CATEGORY_INFO, Config, near_category, near_codes

SEVERITY_TITLES = {"error": "ошибка", "warning": "предупреждение", "info": "совет"}
CODE_FIELDS = ("select", "ignore", "severity")
_TOML_WHERE = regex.compile(r"\(at line (\d+), column (\d+)\)")
_QUOTE_LIMIT = 60
_MISSING = object()
_TYPES = {  # pydantic error type → what the value should be
    "int_type": "целым числом", "int_parsing": "целым числом", "int_from_float": "целым числом",
    "string_type": "строкой", "list_type": "списком", "dict_type": "объектом",
    "model_type": "объектом", "bool_type": "true или false", "bool_parsing": "true или false",
    "datetime_type": "датой и временем (ISO 8601)",
    "datetime_parsing": "датой и временем (ISO 8601)",
    "datetime_from_date_parsing": "датой и временем (ISO 8601)",
}
_BOUNDS = {"gt": "больше", "ge": "не меньше", "lt": "меньше", "le": "не больше"}
_BOUND_TYPES = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt",
                "less_than_equal": "le"}


def shown(value: Any) -> str:
    """A value as the operator wrote it: strings in «», the rest as JSON."""
    if value is _MISSING:
        return "(нет значения)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > _QUOTE_LIMIT:
        text = text[:_QUOTE_LIMIT - 1] + "…"
    return f"«{text}»" if isinstance(value, str) else text


def sentence(text: str) -> str:
    """``text`` ending as a sentence does (a full stop unless it has a mark already)."""
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _category_hint(word: str) -> str | None:
    """When a «code» is (nearly) a category's name: which codes that category's rules have."""
    category = near_category(word)
    if category is None:
        return None
    if word.casefold() == category:  # «BREVITY»: Config has upper-cased it already
        word, what = category, "это категория"
    else:
        what = f"похоже на категорию {category}"
    return (f"«{word}» — {what}, а не код; коды её правил начинаются с "
            f"{CATEGORY_INFO[category].codes}")


def unknown_code(field: str, code: Any, rules: Mapping[str, Any]) -> str | None:
    """The problem with one code or prefix of ``select``/``ignore``/``severity``, if any;
    ``rules`` maps the codes to their rules (for a category named instead of its codes)."""
    prefix = str(code).strip().upper()
    if prefix and any(c.startswith(prefix) for c in rules):
        return None
    category = _category_hint(str(code).strip())
    if category is not None:
        return f"{field}: {category}"
    known = sorted(rules)
    close = near_codes(prefix, known)
    if close:
        hint = f" — может быть, {', '.join(close)}?"
    elif known:
        hint = f" — коды правил: {known[0]}…{known[-1]} (список: tonecoach rules)"
    else:
        hint = ""
    return f"{field}: нет правила с кодом {shown(code)}{hint}"


def code_problems(config: Config, codes: Mapping[str, Any]) -> list[str]:
    """Every code in ``select``, ``ignore`` and ``severity`` that names no rule: a typo there
    would switch nothing on or off, silently."""
    values = {"select": config.select, "ignore": config.ignore,
              "severity": list(config.severity)}
    return [p for field in CODE_FIELDS for code in values[field]
            if (p := unknown_code(field, code, codes)) is not None]


def _lookup(data: Any, loc: tuple[str | int, ...]) -> Any:
    """The value at ``loc`` in what the user gave (``_MISSING`` when it is not there)."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _literals(annotation: Any) -> tuple[str, ...]:
    """The values a ``Literal`` (possibly inside ``Annotated``) allows; () for other types."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    return ()


def _allowed(field: FieldInfo | None, depth: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(allowed keys, allowed values) at ``depth`` (0: the field itself, 1: in its dict)."""
    if field is None:
        return (), ()
    annotation = field.annotation
    if depth == 0:
        return (), _literals(annotation)
    if get_origin(annotation) is dict:
        key, value = get_args(annotation)
        return _literals(key), _literals(value)
    return (), ()


def _bound(field: FieldInfo | None, depth: int, kind: str) -> str:
    """« 0» for «больше 0»: the field's constraint (or that of its dict's values)."""
    if field is None:
        return ""
    metadata = list(field.metadata)
    if depth == 1 and get_origin(field.annotation) is dict:
        value = get_args(field.annotation)[1]
        metadata = list(get_args(value)[1:]) if get_origin(value) is Annotated else []
    bound = _BOUND_TYPES[kind]
    found = [getattr(m, bound) for m in metadata if hasattr(m, bound)]
    return f" {found[0]}" if found else ""


def _one_of(values: Iterable[str], given: Any) -> str:
    values = list(values)
    listed = ", ".join(f"«{v}»" for v in values)
    close = difflib.get_close_matches(str(given).casefold(), values, n=1, cutoff=0.6)
    hint = f"; может быть, «{close[0]}»?" if close and close[0] != given else ""
    return f"допустимо: {listed}{hint}"


def _codes_in(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value)
    return list(value) if isinstance(value, list) else []


@dataclass(frozen=True)
class _Context:
    data: Any
    fields: Mapping[str, FieldInfo]
    codes: Mapping[str, Any]
    spelled: Mapping[str, str]


def _problem(kind: str, loc: tuple[str | int, ...], msg: str, ctx: _Context) -> list[str]:
    """One pydantic error as Russian lines (several for a list of bad codes)."""
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
    top = str(loc[0]) if loc else ""
    field = ctx.fields.get(top)
    where = ".".join([ctx.spelled.get(top, top), *map(str, loc[1:])])
    value = _lookup(ctx.data, loc)
    keys, values = _allowed(field, len(loc) - 1)
    if kind == "toml":
        return [toml_problem(msg)]
    if kind == "extra_forbidden" and len(loc) == 1:
        name = ctx.spelled.get(top, top)
        return [f"неизвестная настройка «{name}»{_key_hint(name, ctx.fields)}"]
    if kind == "outside_table":
        return [f"«{where}» стоит вне таблицы [tonecoach]: перенесите в неё или уберите "
                "заголовок таблицы"]
    if keys and len(loc) == 2 and str(loc[1]) not in keys:
        return [f"{ctx.spelled.get(top, top)}: неизвестный ключ «{loc[1]}» — "
                f"{_one_of(keys, loc[1])}"]
    if kind == "literal_error" and values:
        return [f"{where}: {shown(value)} — {_one_of(values, value)}"]
    if top in CODE_FIELDS and len(loc) == 1 and kind == "value_error":
        found = [p for code in _codes_in(value)
                 if (p := unknown_code(where, code, ctx.codes)) is not None]
        if found:
            return found
    if kind in _BOUND_TYPES:
        return [f"{where}: {shown(value)} — должно быть {_BOUNDS[_BOUND_TYPES[kind]]}"
                f"{_bound(field, len(loc) - 1, kind)}"]
    if kind in _TYPES:
        return [f"{where}: {shown(value)} — должно быть {_TYPES[kind]}"]
    return [f"{where}: недопустимое значение {shown(value)}"]


def _key_hint(key: str, known: Iterable[str]) -> str:
    snake = camel_to_snake(key)
    close = difflib.get_close_matches(snake, list(known), n=1)
    if not close:
        return ""
    return f" — может быть, {snake_to_camel(close[0]) if snake != key else close[0]}?"


def describe(exc: ValidationError, data: Any, fields: Mapping[str, FieldInfo],
             codes: Mapping[str, Any] | None = None, spelled: Mapping[str, str] | None = None
             ) -> list[str]:
    """Each problem of a validation error in Russian: keys as the user spelled them, the
    values as given (looked up in ``data``, what was validated), the allowed ones, and a
    close match. ``fields`` are the models' fields, ``codes`` the rule codes for hints.

    Only the error's type and place are read, not pydantic's English."""
    ctx = _Context(data, fields, codes or {}, spelled or {})
    problems = [line for err in exc.errors()
                for line in _problem(err["type"], tuple(err["loc"]), str(err["msg"]), ctx)]
    return list(dict.fromkeys(problems))


def toml_problem(error: str) -> str:
    """A TOML syntax error, with its line and column."""
    found = _TOML_WHERE.search(error)
    where = f" (строка {found.group(1)}, столбец {found.group(2)})" if found else ""
    return f"ошибка в синтаксисе TOML{where}"


def too_long(length: int, limit: int) -> str:
    """Why a draft is not checked: it is longer than ``max_text_length``."""
    return (f"в тексте {number(length)} символов, а проверяется не больше {number(limit)} "
            "(настройка max_text_length)")


def pattern_timeout(exc: Exception) -> str:
    """Why a draft is not checked: a company rule's pattern ran too long on it."""
    found = _PATTERN.match(str(exc))
    rule = f"правило {found.group(1)} (patterns[{found.group(2)}])" if found else "правило"
    return f"{rule} проверялось слишком долго — упростите его шаблон"


_PATTERN = regex.compile(r"(\S+): patterns\[(\d+)\]")
_CAMEL = regex.compile(r"(?<=[a-z0-9])([A-Z])")


def camel_to_snake(key: str) -> str:
    """``clientName`` → ``client_name``; snake_case stays."""
    return _CAMEL.sub(lambda m: "_" + m.group(1).lower(), key)


def snake_to_camel(key: str) -> str:
    """``client_name`` → ``clientName``."""
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)
