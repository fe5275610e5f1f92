"""The errors tonecoach raises on purpose, each with a message that says what to change."""

from __future__ import annotations


class RuleDataError(ValueError):
    """A rule file is malformed; the message names the file, the entry and the field."""


class TextTooLongError(ValueError):
    """The draft is longer than ``Config.max_text_length``."""


class RulePatternTimeout(RuntimeError):
    """A company rule's regular expression took longer than its file allows on one draft."""
