"""Which ``tonecoach.toml`` a document is checked with: the nearest one from the document's
own folder upwards (``tonecoach.toml``, or a ``pyproject.toml`` with ``[tool.tonecoach]``),
as ``tonecoach check`` and ruff's server find theirs.

So several projects open in one editor each keep their own settings, with a workspace root or
without one. A file is read once, and again only after it changes (its mtime).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from tonecoach.errors import ConfigError
from tonecoach.integrations.lsp.messages import describe, toml_problem
from tonecoach.models import Config, holds_settings, nearest_config_file, read_toml

_T = TypeVar("_T")


@dataclass(frozen=True)
class Found:
    """The config file for a folder (``path`` None: there is none) and what it says."""

    path: Path | None = None
    stamp: int = 0  # the file's mtime in ns, so a changed file is a new key
    config: Config = field(default_factory=Config)
    problem: str | None = None  # why the file was not taken (Russian); ``config`` is default


def _has_section(path: Path) -> bool:
    """Whether a pyproject.toml holds tonecoach settings: a ``tool`` table with a
    ``tonecoach`` key; one that is not TOML only when it mentions tonecoach (then its error is
    shown), as ``tonecoach check`` finds it (:func:`~tonecoach.models.holds_settings`)."""
    try:
        return holds_settings(path)
    except OSError:
        return False


def _section_at(path: Path, stamp: int) -> bool:
    del stamp  # part of the cache key only
    return _has_section(path)


def _table(path: Path) -> Any:
    """The tonecoach settings in a file as written (for messages; {} if unreadable)."""
    try:
        data = read_toml(path)
    except (OSError, ValueError):
        return {}
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        return tool.get("tonecoach", {}) if isinstance(tool, dict) else {}
    table = data.get("tonecoach")
    return table if isinstance(table, dict) else data


def _encoding_problem(exc: ConfigError) -> str | None:
    """A file that is not UTF-8, in Russian: where, and what to do."""
    for err in exc.errors():
        if err["type"] == "encoding":
            found = _WHERE.search(str(err["msg"]))
            where = f" (байт {found.group(1)}, строка {found.group(2)})" if found else ""
            return f"файл не в кодировке UTF-8{where} — сохраните его в UTF-8"
    return None


_WHERE = re.compile(r"byte (\d+) \(line (\d+)\)")


class ConfigFiles:
    """Finds and reads config files; ``codes`` (the rule codes) make hints for typos."""

    def __init__(self, codes: Mapping[str, Any] | None = None) -> None:
        self.codes = codes
        self._sections: dict[Path, tuple[int, bool]] = {}  # pyproject.toml: has the table?
        self._configs: dict[Path, tuple[int, Found]] = {}

    @staticmethod
    def _cached(cache: dict[Path, tuple[int, _T]], path: Path,
                read: Callable[[Path, int], _T]) -> _T | None:
        """``read(path, mtime)``, again only when the file changed; None if it is gone."""
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return None
        hit = cache.get(path)
        if hit is None or hit[0] != stamp:
            hit = cache[path] = (stamp, read(path, stamp))
        return hit[1]

    def find(self, folder: Path) -> Path | None:
        """The nearest config file from ``folder`` upwards."""
        return nearest_config_file(folder, self._holds)

    def _holds(self, project: Path) -> bool:
        """Whether a pyproject.toml holds settings, read again only when it changed."""
        holds = self._cached(self._sections, project, _section_at)
        return holds is True

    def near(self, folder: Path | None) -> Found:
        """The config for documents in ``folder`` (defaults without a folder or a file)."""
        path = self.find(folder) if folder is not None else None
        if path is None:
            return Found()
        return self._cached(self._configs, path, self._load) or Found()

    def _load(self, path: Path, stamp: int) -> Found:
        try:
            return Found(path, stamp, Config.from_file(path, self.codes))  # all at once
        except ValidationError as exc:
            encoding = _encoding_problem(exc) if isinstance(exc, ConfigError) else None
            problem = encoding or "; ".join(describe(exc, _table(path), Config.model_fields,
                                                     self.codes))
        except OSError as exc:
            problem = f"файл не читается ({exc.strerror or type(exc).__name__})"
        except ValueError as exc:  # not expected: from_file says it as a ConfigError
            problem = toml_problem(str(exc))
        return Found(path, stamp, problem=problem)
