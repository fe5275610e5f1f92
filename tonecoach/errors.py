"""The errors tonecoach raises on purpose, each with a message that says what to change."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError


class RuleDataError(ValueError):
    """A rule file is malformed; the message names the file, the entry and the field."""


class TextTooLongError(ValueError):
    """The draft is longer than ``Config.max_text_length``."""


class RulePatternTimeout(RuntimeError):
    """A company rule's regular expression took longer than its file allows on one draft."""


Problem = tuple[tuple[str | int, ...], str, str]  # where (loc), what (message), error type


class ConfigError(ValidationError):
    """Settings that cannot be taken: ``str()`` is one line naming where they came from (the
    file, or ``config``) and every problem, with a close match where one is near —
    ``tonecoach.toml: capitalvy: unknown key; did you mean capital_vy?; emoji: …``.

    A pydantic ``ValidationError`` (so a ``ValueError``): ``errors()`` lists the problems
    with their ``loc`` and ``msg``, and code that catches ``ValidationError`` keeps working.
    """

    @classmethod
    def of(cls, source: str, problems: Iterable[Problem]) -> ConfigError:
        """An error from ``source`` (a path or ``config``) listing ``problems``."""
        details: list[InitErrorDetails] = [
            {"type": PydanticCustomError(kind, "{problem}", {"problem": message}),
             "loc": loc, "input": None}
            for loc, message, kind in problems]
        return cls.from_exception_data(source, details)

    @classmethod
    def of_validation(cls, source: str, exc: ValidationError) -> ConfigError:
        """The problems of a validation error (their messages as they are) from ``source``."""
        return cls.of(source, [(tuple(e["loc"]), e["msg"], e["type"]) for e in exc.errors()])

    @property
    def source(self) -> str:
        """Where the settings came from: a file's path, or ``config``."""
        return self.title

    @property
    def problems(self) -> list[str]:
        """Each problem as ``key: what is wrong``."""
        out = []
        for err in self.errors():
            key = ".".join(str(part) for part in err["loc"])
            out.append(f"{key}: {err['msg']}" if key else err["msg"])
        return out

    def __str__(self) -> str:
        return f"{self.source}: {'; '.join(self.problems)}"
