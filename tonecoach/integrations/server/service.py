"""What every endpoint shares: one coach, the pool its checks run in, the limits and the
API key; a check's failures become refusals with a status (no draft in any log above
DEBUG)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError
from starlette.requests import Request

from tonecoach import Coach, Config, Context, Report, RulePatternTimeout, TextTooLongError
from tonecoach.integrations.server.errors import RETRY_AFTER, RequestError, too_long
from tonecoach.integrations.server.limits import Limits
from tonecoach.integrations.server.pool import CheckPool
from tonecoach.models import FixResult, known_codes

log = logging.getLogger("tonecoach.server")
FORBIDDEN_OVERRIDES = frozenset({"rule_files", "max_text_length"})
WARM_UP_TEXT = "Привет! Ты где? 👍 Напиши мне, пожалуйста."


@dataclass
class Service:
    """The coach and what guards it; one per app (per worker process)."""

    coach: Coach
    pool: CheckPool
    limits: Limits
    api_key: str | None = None

    def fits(self, what: str, text: str | None) -> None:
        """413 when ``text`` is longer than the limit."""
        if text is not None and len(text) > self.limits.max_text_chars:
            raise too_long(what, len(text), self.limits.max_text_chars)

    def config_with(self, overrides: dict[str, Any] | None) -> Config | None:
        """The coach's config with ``overrides`` laid over it (None without any); 422 for
        a bad one. Rule files and the text limit stay the server's."""
        if not overrides:
            return None
        refused = sorted(FORBIDDEN_OVERRIDES & set(overrides))
        if refused:
            raise RequestError(422, f"config: {', '.join(refused)} задаёт только сервер")
        try:  # the coach lays it over its own config (per-channel limits channel by channel)
            with known_codes(self.coach.rules):
                return Config.model_validate(overrides)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(part) for part in err["loc"])
            raise RequestError(422, f"config: {where}: {err['msg']}") from None

    async def check(self, text: str, context: Context,
                    config: Config | None = None) -> Report:
        """``Coach.check`` in the pool, within the limits."""
        self.fits("Текст", text)
        self.fits("Сообщение клиента", context.client_message)
        report = await self.run(self.coach.check, text, config=config, context=context)
        return cast(Report, report)

    async def fix(self, text: str, context: Context, config: Config | None = None,
                  categories: Collection[str] | None = None) -> FixResult:
        """``Coach.fix`` in the pool, within the limits."""
        self.fits("Текст", text)
        self.fits("Сообщение клиента", context.client_message)
        result = await self.run(self.coach.fix, text, config=config, context=context,
                                categories=categories)
        return cast(FixResult, result)

    async def run(self, fn: Any, text: str, **kwargs: Any) -> Any:
        """``fn(text, **kwargs)`` in the pool, within the limits; its failures as refusals
        (``text`` is the draft ``fn`` reads: logged at DEBUG only)."""
        try:
            return await self.pool.run(fn, text, **kwargs)
        except RequestError:
            raise
        except TextTooLongError:
            raise too_long("Текст", len(text), self.coach.config.max_text_length) from None
        except RulePatternTimeout:
            raise RequestError(503, "Правило компании не уложилось во время проверки.",
                               RETRY_AFTER) from None
        except ValueError as exc:
            if kwargs.get("config") is not None:  # an unknown code in a config override
                raise RequestError(422, f"config: {exc}") from None
            raise _failed(exc, text) from None
        except Exception as exc:
            raise _failed(exc, text) from None

    def warm_up(self) -> None:
        """Load spaCy, pymorphy3 and the rule data in the background (about 1 s), so the
        first client does not wait for it; the port is open meanwhile."""
        with contextlib.suppress(RequestError):  # the pool is never full at start
            self.pool.submit(self.coach.check, WARM_UP_TEXT)


def _failed(exc: Exception, text: str) -> RequestError:
    """A bug met on a draft: the error's type above DEBUG, the draft and trace at DEBUG."""
    log.error("check failed: %s (details at DEBUG)", type(exc).__name__)
    log.debug("check failed on %r", text, exc_info=exc)
    return RequestError(500, "Внутренняя ошибка сервера при проверке.")


def service_of(request: Request) -> Service:
    """The app's :class:`Service`."""
    return cast(Service, request.app.state.tonecoach)
