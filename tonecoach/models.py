"""Public data models: what goes in (Config, Context) and what comes out (Suggestion, Report)."""

from __future__ import annotations

import codecs
import difflib
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PositiveInt,
    PrivateAttr,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from tonecoach.errors import ConfigError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Category = Literal["formality", "empathy", "apology", "brevity", "name", "etiquette"]
Severity = Literal["error", "warning", "info"]
Channel = Literal["chat", "email"]
CATEGORIES: tuple[Category, ...] = get_args(Category)


class CategoryInfo(BaseModel):
    """How a category is shown to people (a title in Russian and a colour) and the code
    prefix of its built-in rules."""

    model_config = ConfigDict(frozen=True)
    title: str
    colour: str
    codes: str


CATEGORY_INFO: dict[Category, CategoryInfo] = {
    "formality": CategoryInfo(title="обращение", colour="#d9480f", codes="TC1"),
    "empathy": CategoryInfo(title="сочувствие", colour="#c2255c", codes="TC2"),
    "apology": CategoryInfo(title="извинения", colour="#7048e8", codes="TC3"),
    "brevity": CategoryInfo(title="краткость", colour="#1c7ed6", codes="TC4"),
    "name": CategoryInfo(title="имя клиента", colour="#2b8a3e", codes="TC5"),
    "etiquette": CategoryInfo(title="этикет", colour="#e67700", codes="TC6"),
}
assert tuple(CATEGORY_INFO) == CATEGORIES, "one entry per category, in order"
DEFAULT_MAX_TEXT_LENGTH = 1_000_000
_CODE_PREFIX = re.compile(r"[A-Z]{1,8}[0-9]{0,3}")  # «TC101», «TC1», «ACME»; not «TC1O1»
_CODE_FORM = "codes look like TC101, prefixes like TC1 or TC"
_DEFAULT_REPLY_WORDS: dict[Channel, int] = {"chat": 120, "email": 250}
#: the settings that are objects keyed by channel: laid over one another channel by channel
PER_CHANNEL: tuple[str, ...] = ("long_reply_words",)


def close_match(word: str, options: Iterable[str], what: str = "keys") -> str:
    """«; did you mean capital_vy?» when ``word`` is near one of ``options`` (case aside),
    else «; the keys are …» listing them all."""
    options = list(options)
    by_fold = {o.casefold(): o for o in options}
    close = difflib.get_close_matches(word.strip().casefold(), by_fold, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {by_fold[close[0]]}?"
    return f"; the {what} are {', '.join(options)}"


def near_category(word: str) -> Category | None:
    """The category ``word`` (nearly) names, if any: «brevity», «brevty»."""
    close = difflib.get_close_matches(word.strip().casefold(), CATEGORIES, n=1, cutoff=0.75)
    return next((c for c in CATEGORIES if close and c == close[0]), None)


def near_codes(prefix: str, codes: list[str]) -> list[str]:
    """The rule codes closest to a misspelt one («TC1O1» → TC101), best first."""
    return difflib.get_close_matches(prefix, codes, n=3)


def category_hint(word: str) -> str | None:
    """What to write instead when a code prefix is (nearly) a category's name: «brevity» in
    ``ignore`` switches nothing off, its rules' codes start with TC4."""
    folded = word.strip().casefold()
    category = near_category(folded)
    if category is None:
        return None
    codes: dict[str, str] = {c: info.codes for c, info in CATEGORY_INFO.items()}
    name = repr(category) if folded == category else f"{folded!r} (the category {category}?)"
    return f"{name} is a category, not a rule code; its rules' codes start with " \
        f"{codes[category]} (tonecoach rules lists them)"


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
    """What to check and how; read from ``tonecoach.toml`` or ``[tool.tonecoach]``.

    Bad settings raise :class:`~tonecoach.ConfigError` (a pydantic ``ValidationError``)
    listing every problem, with a close match for a misspelt key or value."""

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
        default_factory=dict,
        description="Severity overrides by rule code or prefix (the longest prefix wins).",
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
        description="The company's own rule files (YAML), read when a Coach is built (or "
        "on first use, given to check(config=…)); relative paths are taken from the config "
        "file's folder.",
    )
    long_reply_words: dict[Channel, PositiveInt] = Field(
        default_factory=lambda: dict(_DEFAULT_REPLY_WORDS),
        description="A reply with more words is long for its channel (info); a channel "
        "not given keeps its default (chat 120, email 250).",
    )
    _source: str | None = PrivateAttr(default=None)
    _given_channels: frozenset[Channel] | None = PrivateAttr(default=None)

    if not TYPE_CHECKING:  # at run time only: type checkers keep the fields' signature
        def __init__(self, /, **data: Any) -> None:
            try:
                super().__init__(**data)
            except ValidationError as exc:
                raise ConfigError.of_validation("config", exc) from None

        @classmethod
        def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Config:
            try:
                return super().model_validate(obj, *args, **kwargs)
            except ValidationError as exc:
                raise ConfigError.of_validation("config", exc) from None

        @classmethod
        def model_validate_json(cls, data: Any, *args: Any, **kwargs: Any) -> Config:
            try:
                return super().model_validate_json(data, *args, **kwargs)
            except ValidationError as exc:
                raise ConfigError.of_validation("config", exc) from None

    @model_validator(mode="wrap")
    @classmethod
    def _explained(cls, data: Any, handler: ModelWrapValidatorHandler[Config]) -> Config:
        """Every problem in words, with a close match (also where a Config is nested)."""
        try:
            return handler(data)
        except ValidationError as exc:
            raise ConfigError.of("config", [_explain(err) for err in exc.errors()]) from None

    @field_validator("select", "ignore")
    @classmethod
    def _upper_prefixes(cls, value: list[str]) -> list[str]:
        prefixes = [p.strip().upper() for p in value if p.strip()]
        _refuse_malformed(prefixes)
        return prefixes

    @field_validator("severity", mode="before")
    @classmethod
    def _upper_codes(cls, value: object) -> object:
        """Codes as ``select`` takes them: « tc101 » is TC101; the same code twice is an error."""
        if not isinstance(value, dict):
            return value
        out: dict[object, object] = {}
        for key, level in value.items():
            code = key.strip().upper() if isinstance(key, str) else key
            if code in out:
                raise ValueError(f"{code} is given twice")
            out[code] = level
        _refuse_malformed([c for c in out if isinstance(c, str)])
        return out

    @model_validator(mode="after")
    def _each_channel_its_default(self) -> Config:
        """``{chat = 100}`` keeps the e-mail limit at its own default; the channels given are
        remembered, so laid over another config (:meth:`overlay`) it changes only those."""
        given = self.long_reply_words
        private = self.__pydantic_private__  # as a dict: pydantic's __getattr__ costs µs
        # model_validate runs this twice (in the custom __init__, then on its result, filled
        # in): the first run says which channels were given
        if private is not None and private.get("_given_channels") is None:
            given_here = "long_reply_words" in self.model_fields_set
            private["_given_channels"] = frozenset(given if given_here else ())
        if len(given) < len(_DEFAULT_REPLY_WORDS):  # not yet published: set it in place
            self.__dict__["long_reply_words"] = {**_DEFAULT_REPLY_WORDS, **given}
        return self

    @field_serializer("long_reply_words")
    def _only_given_channels(self, value: dict[Channel, int]) -> dict[Channel, int]:
        """Dumped as given (the defaults stay defaults), so a config read back from its dump
        or JSON — a worker's, a server's — still changes only those channels when laid over
        another (:meth:`overlay`)."""
        given = _channels_given(self)
        return {c: n for c, n in value.items() if c in given}

    def __eq__(self, other: object) -> bool:
        """Equal when the settings are, wherever they were read from."""
        if not isinstance(other, Config):
            return NotImplemented
        return self.__dict__ == other.__dict__

    @property
    def source(self) -> str | None:
        """The file the settings were read from (``None`` when made in code)."""
        return self._source

    def overlay(self, given: Config) -> Config:
        """``given`` laid over this config, as :meth:`Coach.check` takes a per-call config:
        the fields ``given`` sets (given to ``Config(...)`` or present in its file:
        ``model_fields_set``) win, the others stay this config's. A per-channel setting
        (``long_reply_words``) is laid channel by channel: the channels ``given`` names win,
        the others keep this config's values (their defaults when neither names them);
        ``severity`` code by code: ``given``'s codes win, this config's others stay."""
        fields = given.model_fields_set
        if not fields:
            return self
        update = {field: getattr(given, field) for field in fields}
        if "severity" in update:
            update["severity"] = {**self.severity, **given.severity}
        if "long_reply_words" not in update:  # PER_CHANNEL's one field
            return self.model_copy(update=update)
        # private attributes read and set in their dict: pydantic's __getattr__ costs µs
        limits, channels = given.long_reply_words, _channels_given(given)
        update["long_reply_words"] = {**self.long_reply_words,
                                      **{c: limits[c] for c in channels}}
        merged = self.model_copy(update=update)
        private = merged.__pydantic_private__  # its own copy of the dict
        if private is not None:
            private["_given_channels"] = _channels_given(self) | channels
        return merged

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
    def from_file(cls, path: str | Path, codes: Collection[str] | None = None) -> Config:
        """Read ``tonecoach.toml`` (top level or ``[tonecoach]``) or ``[tool.tonecoach]`` of
        a ``pyproject.toml``; a file without tonecoach settings gives the defaults.

        A :class:`~tonecoach.ConfigError` names the file and lists every problem; a file that
        cannot be read raises ``OSError``. Given ``codes`` (tonecoach's rule codes), an
        unknown ``TC`` code is one of the problems listed (:func:`known_codes`)."""
        path = Path(path)
        data = _settings_in(path, read_toml(path))
        if isinstance(data.get("rule_files"), list):
            data = {**data, "rule_files": [str(path.parent / f) if isinstance(f, str) else f
                                           for f in data["rule_files"]]}
        try:
            if codes is None:
                config = cls.model_validate(data)
            else:
                with known_codes(codes):
                    config = cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError.of_validation(str(path), exc) from None
        config._source = str(path)
        return config

    @classmethod
    def discover(cls, start: str | Path = ".", codes: Collection[str] | None = None
                 ) -> Config:
        """Find the nearest ``tonecoach.toml`` or ``pyproject.toml`` with ``[tool.tonecoach]``
        from ``start`` (a folder, or a file: its folder) upwards; the defaults when there is
        none.

        A broken ``tonecoach.toml`` is always an error. A ``pyproject.toml`` that cannot be
        read as TOML is passed over when it does not mention tonecoach (it cannot hold our
        settings: another tool's file, half-edited, must not stop every check) and is an
        error naming it when it does (:func:`holds_settings`). ``codes`` as in
        :meth:`from_file`."""
        found = nearest_config_file(start)
        return cls() if found is None else cls.from_file(found, codes)


# -- config problems in words -------------------------------------------------------------------

def _channels_given(config: Config) -> frozenset[Channel]:
    """The channels of ``long_reply_words`` given to ``config`` (not filled in)."""
    private = config.__pydantic_private__
    return (private.get("_given_channels") if private else None) or frozenset()


_KNOWN_CODES: ContextVar[tuple[Collection[str], bool] | None] = ContextVar("known_codes",
                                                                          default=None)


@contextmanager
def known_codes(codes: Collection[str], *, every: bool = False) -> Iterator[None]:
    """Within it, a :class:`Config` made (or read) refuses a ``TC`` code or prefix in
    ``select``, ``ignore`` or ``severity`` that names none of ``codes`` (tonecoach's rule
    codes), listed with every other problem and a close match. Company codes (never
    ``TC…``) are left to the :class:`~tonecoach.Coach`, which reads the company files,
    unless ``every``: ``codes`` are those of the company files too, and every code is
    checked."""
    token = _KNOWN_CODES.set((codes, every))
    try:
        yield
    finally:
        _KNOWN_CODES.reset(token)


def _refuse_malformed(prefixes: list[str]) -> None:
    """A ValueError naming each prefix that cannot be a code (a category named instead of its
    codes says which codes it has); within :func:`known_codes`, also each prefix it checks
    that names no rule, with a close match."""
    known = _KNOWN_CODES.get()
    checked: list[str] = []
    problems: list[str] = []
    if known is not None:
        codes, every = known
        checked = [p for p in prefixes if every or p.startswith("TC")]
        problems = [message for _, message, _ in unknown_codes({"": checked}, codes)]
    bad = [p for p in prefixes if not _CODE_PREFIX.fullmatch(p) and p not in checked]
    if not bad and not problems:
        return
    categories = [hint for hint in map(category_hint, bad) if hint is not None]
    others = [p for p in bad if category_hint(p) is None]
    if others:
        categories.append(f"not a rule code or prefix: {', '.join(others)} ({_CODE_FORM})")
    raise ValueError("; ".join([*categories, *problems]))


def unknown_codes(given: Mapping[str, Iterable[str]], codes: Collection[str]) -> list[Problem]:
    """Each code or prefix in ``given`` (a place → its prefixes) that no rule's code starts
    with, as a problem at that place, with a hint: the category meant, or a close code."""
    known = sorted(codes)
    return [((where,) if where else (), f"no rule has the code {prefix!r}"
             f"{_code_hint(prefix, known)}", "unknown_code")
            for where, prefixes in given.items() for prefix in prefixes
            if not any(code.startswith(prefix) for code in known)]


def _code_hint(prefix: str, codes: list[str]) -> str:
    category = category_hint(prefix)
    if category is not None:
        return f"; {category}"
    close = near_codes(prefix, codes)
    if close:
        return f"; did you mean {', '.join(close)}?"
    if not codes:
        return ""
    return f"; the rules are {codes[0]}…{codes[-1]} (tonecoach rules lists them)"


# a BOM says the encoding; UTF-32's is tried before UTF-16's, which begins it
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _not_utf8(source: str, raw: bytes, at: int, why: str) -> ConfigError:
    line = raw.count(b"\n", 0, at) + 1
    return ConfigError.of(source, [((), f"not UTF-8: byte {at} (line {line}) {why}; save the "
                                    "file as UTF-8", "encoding")])


def _decode_toml(raw: bytes, source: str) -> str:
    """A TOML file's text: UTF-8 (a BOM dropped), or UTF-16/32 by its BOM; anything else
    (Windows-1251, UTF-16 without a BOM) is a ConfigError saying where and what to do."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _not_utf8(source, raw, exc.start, f"is not {codec.upper()} as its BOM "
                                "says") from None
    nul = raw.find(b"\x00")
    if nul >= 0:  # TOML has no NUL: UTF-16 or UTF-32 without a BOM
        raise _not_utf8(source, raw, nul, "is 0x00, as in UTF-16 or UTF-32 without a BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(source, raw, exc.start, f"is 0x{raw[exc.start]:02x}") from None


def read_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file as :func:`tomllib.loads` gives it (its encoding as :func:`_decode_toml`
    takes it). A :class:`~tonecoach.ConfigError` names the file and what is wrong;
    ``OSError`` when it cannot be read."""
    path = Path(path)
    with path.open("rb") as fh:
        raw = fh.read()
    text = _decode_toml(raw, str(path))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.of(str(path), [((), f"not valid TOML: {exc}", "toml")]) from None


def nearest_config_file(start: str | Path,
                        holds: Callable[[Path], bool] | None = None) -> Path | None:
    """The nearest ``tonecoach.toml``, or ``pyproject.toml`` that ``holds`` settings
    (:func:`holds_settings` by default), from ``start`` (a folder, or a file: its folder)
    upwards; None when there is none."""
    holds = holds or holds_settings
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "tonecoach.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        if project.is_file() and holds(project):
            return project
    return None


def holds_settings(project: str | Path) -> bool:
    """Whether a ``pyproject.toml`` holds tonecoach settings (a ``tool.tonecoach`` key).
    One that cannot be read as TOML holds them when it mentions «tonecoach» at all (so
    :meth:`Config.from_file` says what is wrong with it), else it cannot; ``OSError`` when
    it cannot be read."""
    path = Path(project)
    raw = path.read_bytes()
    try:
        text = _decode_toml(raw, str(path))
    except ConfigError:
        return b"tonecoach" in raw
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return "tonecoach" in text
    return isinstance(tool, dict) and "tonecoach" in tool


def _settings_in(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The tonecoach table of a file: ``[tool.tonecoach]`` of a pyproject.toml, else
    ``[tonecoach]`` or the top level of a tonecoach.toml (not both)."""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("tonecoach", {}) if isinstance(tool, dict) else {}
        where = "tool.tonecoach"
    elif "tonecoach" in data:
        table, where = data["tonecoach"], "tonecoach"
        outside = [key for key in data if key != "tonecoach"]
        if outside and isinstance(table, dict):
            raise ConfigError.of(str(path), [((key,), "outside the [tonecoach] table; move it "
                                              "in, or drop the table", "outside_table")
                                             for key in outside])
    else:
        return data
    if not isinstance(table, dict):
        raise ConfigError.of(str(path), [((where,), "must be a table", "dict_type")])
    return table


def _explain(err: ErrorDetails) -> Problem:
    """One pydantic error in words: «unknown key; did you mean capital_vy?»."""
    loc, kind, msg, given = err["loc"], err["type"], err["msg"], err.get("input")
    if "problem" in err.get("ctx", {}):  # explained already (a custom __init__ nests)
        return loc, msg, kind
    if kind == "extra_forbidden" and len(loc) == 1:
        return loc, f"unknown key{close_match(str(loc[0]), Config.model_fields)}", kind
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        if loc and loc[-1] == "[key]":
            return loc[:-1], f"unknown key{close_match(str(given), allowed)}", kind
        return loc, f"{given!r} is not allowed{close_match(str(given), allowed, 'values')}", kind
    msg = msg.removeprefix("Value error, ")
    if isinstance(given, str | int | float) and kind != "value_error":
        msg = f"{msg}, got {given!r}"
    return loc, msg, kind
