"""Public data models: what goes in (Config, Context) and what comes out (Suggestion, Report)."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Category = Literal["formality", "empathy", "apology", "brevity", "name", "etiquette"]
Severity = Literal["error", "warning", "info"]
Channel = Literal["chat", "email"]
CATEGORIES: tuple[Category, ...] = get_args(Category)


class CategoryInfo(BaseModel):
    """How a category is shown to people: a title in Russian and a colour."""

    model_config = ConfigDict(frozen=True)
    title: str
    colour: str


CATEGORY_INFO: dict[Category, CategoryInfo] = {
    "formality": CategoryInfo(title="обращение", colour="#d9480f"),
    "empathy": CategoryInfo(title="сочувствие", colour="#c2255c"),
    "apology": CategoryInfo(title="извинения", colour="#7048e8"),
    "brevity": CategoryInfo(title="краткость", colour="#1c7ed6"),
    "name": CategoryInfo(title="имя клиента", colour="#2b8a3e"),
    "etiquette": CategoryInfo(title="этикет", colour="#e67700"),
}
assert tuple(CATEGORY_INFO) == CATEGORIES, "one entry per category, in order"
DEFAULT_MAX_TEXT_LENGTH = 1_000_000
_CODE_PREFIX = re.compile(r"[A-Z]{1,8}[0-9]{0,3}")  # «TC101», «TC1», «ACME»; not «TC1O1»
_DEFAULT_REPLY_WORDS: dict[Channel, int] = {"chat": 120, "email": 250}


class Suggestion(BaseModel):
    """One thing to change in the draft; ``text[start:end]`` is the fragment it is about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Stable rule code, e.g. TC101.")
    name: str = Field(description="Kebab-case rule name, e.g. ty-address.")
    category: Category
    severity: Severity
    message: str = Field(description="Short explanation for the operator, in Russian.")
    start: int = Field(ge=0, description="Start offset (characters) in the original text.")
    end: int = Field(ge=0, description="End offset; start == end for an insertion.")
    replacements: list[str] = Field(
        default_factory=list,
        description="Replacements for text[start:end], best first; empty when no automatic fix.",
    )

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Suggestion:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class AppliedFix(BaseModel):
    """One fix that was applied: which rule, in which round, what it changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    category: Category
    round: int = Field(ge=1, description="The pass it was applied in (1: the draft itself).")
    start: int = Field(ge=0, description="Start offset in the text of that round.")
    end: int = Field(ge=0, description="End offset in the text of that round.")
    before: str = Field(description="What it replaced ('' for an insertion).")
    after: str = Field(description="What it put there ('' for a removal).")


class FixResult(BaseModel):
    """A draft with its fixes applied until stable, and what is left as advice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="The fixed text.")
    applied: list[AppliedFix] = Field(default_factory=list, description="In order applied.")
    advice: list[Suggestion] = Field(
        default_factory=list,
        description="What the last check says of the fixed text (offsets into ``text``).")
    rounds: int = Field(default=0, ge=0, description="Passes that changed the text.")


class ClientSignals(BaseModel):
    """What the client's message tells, with the fragments that tell it (so a user sees
    why a rule fired). An empty list means no such signal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    upset: list[str] = Field(
        default_factory=list, description="Signs the client is upset: «издевательство», «!!!»."
    )
    trouble: list[str] = Field(
        default_factory=list, description="Signs the client is in trouble: «помогите»."
    )
    fault: list[str] = Field(
        default_factory=list, description="Faults of the company: «не пришёл», «списали дважды»."
    )
    joy: list[str] = Field(
        default_factory=list, description="Gratitude and joy: «спасибо», «ура» (with nothing "
        "upset beside them, «!!!» and capitals are delight, not anger)."
    )
    situation: str = Field(
        default="other", description="What the trouble is about: theft, broken, wrong_item, "
        "staff, money, access, service, waiting or other."
    )

    @property
    def needs_care(self) -> bool:
        """The client is upset or in trouble (a fault alone calls for an apology)."""
        return bool(self.upset or self.trouble)


class Metrics(BaseModel):
    """Size and readability of the draft.

    ``readability`` is the Flesch reading ease with Oborneva's coefficients for Russian:
    206.835 − 1.3 × words per sentence − 60.1 × syllables per word (vowels counted as
    syllables). Higher is easier: above 80 is easy, 50–80 is plain, below 30 is hard.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    words: int = Field(default=0, description="Words and numbers.")
    sentences: int = Field(default=0, description="Sentences with at least one word.")
    mean_sentence_length: float = Field(default=0.0, description="Words per sentence.")
    syllables_per_word: float = Field(default=0.0, description="Vowels per word.")
    readability: float = Field(
        default=0.0, description="Flesch reading ease, Oborneva's Russian coefficients."
    )


class Report(BaseModel):
    """The result of checking one draft."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(description="The draft exactly as given.")
    suggestions: list[Suggestion] = Field(default_factory=list)
    signals: ClientSignals | None = Field(
        default=None, description="What the client's message tells; None without one."
    )
    metrics: Metrics = Field(default_factory=Metrics, description="Size and readability.")

    def by_category(self, category: Category) -> list[Suggestion]:
        """The suggestions of one category, in text order."""
        return [s for s in self.suggestions if s.category == category]

    @property
    def fixed_text(self) -> str:
        """The draft with every automatic fix applied, re-checked until stable by the default
        coach without client context; for a configured coach or a client's name and message,
        :meth:`Coach.fix` does it with them and says what was applied and what is left."""
        from tonecoach.fixes import apply_fixes

        return apply_fixes(self.text, self.suggestions)

    def __bool__(self) -> bool:
        """A report is truthy when it has something to say."""
        return bool(self.suggestions)

    def _repr_html_(self) -> str:
        """Notebook display: the draft with underlined suggestions and a table."""
        from tonecoach.integrations.html import render

        return render(self)


class Context(BaseModel):
    """What is known about the conversation around the draft."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client_name: str | None = Field(default=None, description="The client's name as given.")
    client_message: str | None = Field(default=None, description="What the client wrote.")
    channel: Channel | None = Field(
        default=None, description="Where the reply goes; overrides Config.channel."
    )
    first_reply: bool = Field(
        default=False, description="The first reply in the conversation: greet, then close."
    )
    sent_at: datetime | None = Field(
        default=None, description="When the reply is sent, in the client's local time."
    )


class Config(BaseModel):
    """What to check and how; read from ``tonecoach.toml`` or ``[tool.tonecoach]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    select: list[str] = Field(
        default_factory=list, description="Code prefixes to enable (empty: all rules)."
    )
    ignore: list[str] = Field(default_factory=list, description="Code prefixes to disable.")
    address: Literal["вы", "ты"] = Field(
        default="вы", description="How the brand addresses a client: «вы» (default) or «ты»."
    )
    capital_vy: Literal["any", "capital", "lower"] = Field(
        default="any",
        description="Mid-sentence «Вы»: any (consistent within a reply), capital or lower.",
    )
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Severity overrides by rule code."
    )
    max_text_length: int = Field(
        default=DEFAULT_MAX_TEXT_LENGTH, gt=0, description="Longer drafts are refused."
    )
    channel: Channel = Field(default="chat", description="Where replies go: chat or email.")
    long_sentence_words: int = Field(
        default=25, gt=0, description="A sentence with more words is long (warning)."
    )
    very_long_sentence_words: int = Field(
        default=40, gt=0, description="A sentence with more words is very long (error)."
    )
    emoji: Literal["none", "moderate", "any"] = Field(
        default="moderate",
        description="none: no emoji; moderate: one friendly emoji, never next to bad news, "
        "never winks, kisses or hearts; any: no limit.",
    )
    company_contacts: list[str] = Field(
        default_factory=list,
        description="The company's own channels (e-mails, @handles, phones, domains); "
        "when given, any other contact in a reply is flagged.",
    )
    caps_allowed: list[str] = Field(
        default_factory=list, description="Words in capitals that are not shouting (brands)."
    )
    name_mentions: int = Field(
        default=2, ge=1, description="More mentions of the client's name are flagged."
    )
    rule_files: list[str] = Field(
        default_factory=list,
        description="The company's own rule files (YAML), read when a Coach is built; "
        "relative paths are taken from the config file's folder.",
    )
    long_reply_words: dict[Channel, int] = Field(
        default_factory=lambda: dict(_DEFAULT_REPLY_WORDS),
        description="A reply with more words is long for its channel (info).",
    )

    @field_validator("select", "ignore")
    @classmethod
    def _upper_prefixes(cls, value: list[str]) -> list[str]:
        prefixes = [p.strip().upper() for p in value if p.strip()]
        bad = [p for p in prefixes if not _CODE_PREFIX.fullmatch(p)]
        if bad:
            raise ValueError(f"not a rule code or prefix: {', '.join(bad)} (codes look like "
                             "TC101, prefixes like TC1 or TC)")
        return prefixes

    def is_enabled(self, code: str) -> bool:
        """Whether a rule code is on: the longest matching prefix decides; ignore wins ties."""
        best_len, enabled = -1, not self.select
        for prefix in self.select:
            if code.startswith(prefix) and len(prefix) > best_len:
                best_len, enabled = len(prefix), True
        for prefix in self.ignore:
            if code.startswith(prefix) and len(prefix) >= best_len:
                best_len, enabled = len(prefix), False
        return enabled

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Read ``tonecoach.toml`` (top level or ``[tonecoach]``) or ``[tool.tonecoach]`` of
        a ``pyproject.toml``; a file without tonecoach settings gives the defaults."""
        path = Path(path)
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("tonecoach", {})
        elif "tonecoach" in data and isinstance(data["tonecoach"], dict):
            data = data["tonecoach"]
        if isinstance(data.get("rule_files"), list):
            data = {**data, "rule_files": [str(path.parent / f) if isinstance(f, str) else f
                                           for f in data["rule_files"]]}
        return cls.model_validate(data)

    @classmethod
    def discover(cls, start: str | Path = ".") -> Config:
        """Find the nearest ``tonecoach.toml`` or ``pyproject.toml`` with ``[tool.tonecoach]``
        from ``start`` upwards; the defaults when there is none."""
        here = Path(start).resolve()
        for folder in (here, *here.parents):
            own = folder / "tonecoach.toml"
            if own.is_file():
                return cls.from_file(own)
            project = folder / "pyproject.toml"
            if project.is_file():
                with project.open("rb") as fh:
                    if "tonecoach" in tomllib.load(fh).get("tool", {}):
                        return cls.from_file(project)
        return cls()
