"""The shapes of LanguageTool's ``/v2`` answers, for the OpenAPI page and the tests (the
answers themselves are built as plain dicts: :mod:`tonecoach.integrations.server.matches`).
Field names are LanguageTool's, camelCase."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LTReplacement(BaseModel):
    value: str


class LTContext(BaseModel):
    text: str = Field(description="The match with up to 40 characters each side.")
    offset: int = Field(description="Where the match starts in ``text`` (UTF-16 units).")
    length: int = Field(description="The match's length (UTF-16 units).")


class LTType(BaseModel):
    typeName: str = Field(description="Hint for info-level suggestions, else Other.")


class LTCategory(BaseModel):
    id: str = Field(description="FORMALITY, EMPATHY, APOLOGY, BREVITY, NAME or ETIQUETTE.")
    name: str = Field(description="The category's title in Russian.")


class LTRule(BaseModel):
    id: str = Field(description="The tonecoach rule code, e.g. TC101.")
    description: str
    issueType: str = Field(description="register (formality, etiquette) or style.")
    category: LTCategory


class LTMatch(BaseModel):
    message: str = Field(description="The suggestion's message, in Russian.")
    shortMessage: str = Field(description="The rule's summary.")
    replacements: list[LTReplacement]
    offset: int = Field(description="Start in the whole document, UTF-16 code units.")
    length: int = Field(description="Length, UTF-16 code units.")
    context: LTContext
    sentence: str
    type: LTType
    rule: LTRule
    ignoreForIncompleteSentence: bool = False
    contextForSureMatch: int = 0


class LTDetectedLanguage(BaseModel):
    name: str
    code: str = Field(description="ru-RU, or und-Latn / und-Cyrl / und when not Russian.")
    confidence: float
    source: str


class LTLanguage(BaseModel):
    name: str
    code: str
    detectedLanguage: LTDetectedLanguage


class LTSoftware(BaseModel):
    name: str
    version: str
    buildDate: str
    apiVersion: int
    premium: bool
    status: str


class LTWarnings(BaseModel):
    incompleteResults: bool


class LTCheckResponse(BaseModel):
    """``POST /v2/check``."""

    software: LTSoftware
    warnings: LTWarnings
    language: LTLanguage
    matches: list[LTMatch]


class LTLanguageInfo(BaseModel):
    """One entry of ``GET /v2/languages``."""

    name: str
    code: str
    longCode: str
