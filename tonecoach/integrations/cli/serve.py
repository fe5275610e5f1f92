"""``tonecoach serve``: the HTTP server (LanguageTool protocol, native API, playground);
needs the ``server`` extra."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from tonecoach.integrations.cli.common import (
    add_config_options,
    fail,
    load_config,
    make_coach,
)
from tonecoach.integrations.server.limits import Limits

ENV_KEY = "TONECOACH_API_KEY"
DESCRIPTION = """\
HTTP-сервер tonecoach: протокол LanguageTool (/v2/check, /v2/languages) для LibreOffice,
расширения LanguageTool для браузера, Obsidian, LTeX+ и language_tool_python; JSON API
(/api/check, /api/fix, /api/rules, /health, описание — /docs) и страница-песочница (/).
По умолчанию слушает только этот компьютер (127.0.0.1). Ключ API — --api-key или
переменная окружения TONECOACH_API_KEY (в ней ключ не виден в списке процессов).
Нужен дополнительный пакет: pip install 'tonecoach[server]'."""
EPILOG = """\
примеры:
  tonecoach serve
  TONECOACH_API_KEY=секрет tonecoach serve --host 0.0.0.0 --workers 2
  tonecoach serve --config tonecoach.toml --rules rules/acme.yaml --allow-origin app://obsidian.md

проверка из другого окна:
  curl -s http://127.0.0.1:8081/v2/check --data-urlencode 'text=Ты где?' -d language=ru-RU

LibreOffice: Сервис → Параметры → Настройки языка → Сервер LanguageTool,
базовый URL http://127.0.0.1:8081/v2. Остальные клиенты — в README,
раздел «As a LanguageTool server»."""


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from tonecoach.integrations.server.run import is_loopback, serve
    except ImportError as exc:
        fail(f"серверу нужны FastAPI и uvicorn: pip install 'tonecoach[server]' ({exc})")
    from pydantic import ValidationError

    api_key = args.api_key or os.environ.get(ENV_KEY) or None  # never a default: --help shows those
    config = load_config(args)
    coach = make_coach(config) if args.workers == 1 else None
    if args.workers > 1:
        make_coach(config)  # a bad rule file fails here, once, not in every worker
    try:
        limits = Limits(max_body_bytes=args.max_body_bytes, max_text_chars=args.max_text_chars,
                        timeout=args.timeout, max_pending=args.max_pending,
                        threads=args.threads, read_timeout=args.read_timeout,
                        max_connections=args.max_connections)
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"--{str(err['loc'][0]).replace('_', '-')}: {err['msg']}")
    if not is_loopback(args.host):
        print(f"tonecoach: внимание: сервер слушает {args.host} — он доступен с других "
              "машин" + ("" if api_key else "; задайте ключ (--api-key или "
                         f"{ENV_KEY})") + ".", file=sys.stderr)
    serve(config, host=args.host, port=args.port, workers=args.workers,
          api_key=api_key, allow_origins=args.allow_origin or (), limits=limits,
          coach=coach, log_level=args.log_level)
    return 0


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(value: str) -> int | float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"не число: {value}") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"должно быть больше нуля: {value}")
        return number
    return parse


def add_parsers(sub: Any) -> None:
    """``tonecoach serve``."""
    p = sub.add_parser("serve", help="HTTP-сервер: протокол LanguageTool, JSON API, песочница",
                       description=DESCRIPTION, epilog=EPILOG)
    add_options(p)
    p.set_defaults(func=cmd_serve)


def add_options(p: argparse.ArgumentParser) -> None:
    """The options of ``tonecoach serve``."""
    p.add_argument("--host", default="127.0.0.1", metavar="АДРЕС",
                   help="адрес; 0.0.0.0 — все сети, с предупреждением")
    p.add_argument("--port", type=int, default=8081, metavar="ПОРТ",
                   help="порт; 8081 — как у LanguageTool")
    p.add_argument("--workers", type=_positive(int), default=1, metavar="ЧИСЛО",
                   help="процессов; у каждого своя копия правил, около 200 МБ")
    add_config_options(p)
    p.add_argument("--api-key", metavar="КЛЮЧ",
                   help=f"ключ API (без него — из переменной {ENV_KEY}; "
                   "без обоих — открытый сервер)")
    p.add_argument("--allow-origin", action="append", metavar="ORIGIN",
                   help="origin страницы или расширения, которому разрешён CORS "
                   "(можно несколько раз; * — любой)")
    limits = p.add_argument_group("пределы")
    for name, kind, metavar, text in (
            ("max_body_bytes", int, "БАЙТ", "запрос больше — 413"),
            ("max_text_chars", int, "СИМВОЛОВ", "текст (или сообщение клиента) длиннее — 413"),
            ("timeout", float, "СЕКУНД", "на одну проверку, ожидание включено; дольше — 503"),
            ("max_pending", int, "ЧИСЛО", "проверок в работе одновременно; следующей — 503"),
            ("threads", int, "ЧИСЛО", "потоков для проверок в процессе"),
            ("read_timeout", float, "СЕКУНД", "на приём заголовков и тела запроса; дольше — 408"),
            ("max_connections", int, "ЧИСЛО", "открытых соединений на процесс; следующему — 503")):
        limits.add_argument(f"--{name.replace('_', '-')}", type=_positive(kind), metavar=metavar,
                            default=Limits.model_fields[name].default, help=text)
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"),
                   default="info", help="подробность журнала; текст черновика — только в debug")
