"""Is this text Russian? A script count, no model: the coach's rules are for Russian, and
a text in another language gets no matches (and a detected language that says so).

The heuristic, on the text without links, e-mail addresses and @handles (and at most its
first 20,000 characters):

- no letters at all (emoji, digits): Russian — nothing says otherwise;
- Cyrillic letters are fewer than 15 % of the letters: not Russian — ``und-Latn``
  («undetermined, Latin script») when Latin letters lead, else ``und``. A Russian reply
  that names a few buttons in English («Нажмите Settings → Privacy → Clear cache») stays
  Russian; an English reply that names the client in Cyrillic («Dear Ольга, …») does not;
- Cyrillic, but one letter in 30 is of another Cyrillic alphabet (і ї є ґ ў ј љ њ ћ ђ џ):
  ``und-Cyrl`` — Ukrainian, Belarusian, Serbian and the like;
- otherwise Russian (``ru-RU``).

The confidence is the share of the letters in the script the code names.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

RUSSIAN_CODE = "ru-RU"
RUSSIAN_NAME = "Russian"
SAMPLE_CHARS = 20_000
MIN_CYRILLIC_SHARE = 0.15
FOREIGN_CYRILLIC_SHARE = 1 / 30

_NOT_WORDS = regex.compile(r"(?:https?://|www\.)\S+|[^\s@]+@\S+|@\w+", regex.IGNORECASE)
_NOT_WORD_MARKS = ("://", "www.", "@")
_FOREIGN_CYRILLIC = "іїєґўјљњћђџѓќѕІЇЄҐЎЈЉЊЋЂЏЃЌЅ"
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# letters counted by the first byte of their UTF-8 form: Cyrillic U+0400–U+052F; Latin
# beyond ASCII U+00C0–U+024F; other alphabets: Greek … Arabic, Indic … CJK and Hangul
# (not U+0080–U+00BF, U+0250–U+036F, U+2000–U+2FFF: punctuation, symbols, «», —, …, emoji)
_CYRILLIC_LEADS = [bytes([b]) for b in range(0xD0, 0xD5)]
_LATIN_LEADS = [bytes([b]) for b in range(0xC3, 0xCA)]
_OTHER_LEADS = [bytes([b]) for b in (*range(0xCD, 0xD0), *range(0xD5, 0xE2),
                                     *range(0xE3, 0xEE))]


@dataclass(frozen=True)
class Detected:
    """A detected language, as LanguageTool's ``detectedLanguage`` reports it."""

    code: str
    name: str
    confidence: float

    @property
    def russian(self) -> bool:
        return self.code == RUSSIAN_CODE

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "code": self.code, "confidence": self.confidence,
                "source": "tonecoach-script"}


def detect(text: str) -> Detected:
    """Russian or not, by the letters of ``text`` (see the module's docstring)."""
    sample = text[:SAMPLE_CHARS]
    if any(mark in sample for mark in _NOT_WORD_MARKS):
        sample = _NOT_WORDS.sub(" ", sample)
    data = sample.encode("utf-8", "surrogatepass")
    cyrillic = _count(data, _CYRILLIC_LEADS)
    latin = len(data) - len(data.translate(None, _ASCII_LETTERS)) + _count(data, _LATIN_LEADS)
    letters = cyrillic + latin + _count(data, _OTHER_LEADS)
    if not letters:
        return Detected(RUSSIAN_CODE, RUSSIAN_NAME, 0.0)
    if cyrillic < MIN_CYRILLIC_SHARE * letters:
        if latin >= letters - latin - cyrillic and latin > cyrillic:
            return Detected("und-Latn", "Not Russian (Latin script)", _share(latin, letters))
        return Detected("und", "Not Russian", _share(letters - cyrillic, letters))
    foreign = sum(map(sample.count, _FOREIGN_CYRILLIC))
    if foreign >= FOREIGN_CYRILLIC_SHARE * cyrillic:
        return Detected("und-Cyrl", "Not Russian (Cyrillic script)", _share(cyrillic, letters))
    return Detected(RUSSIAN_CODE, RUSSIAN_NAME, _share(cyrillic, letters))


def _count(data: bytes, leads: list[bytes]) -> int:
    return sum(map(data.count, leads))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 2) if whole else 0.0


def is_russian_code(code: str) -> bool:
    """``ru``, ``ru-RU`` and any other ``ru-…`` variant (case-insensitive)."""
    code = code.strip().lower().replace("_", "-")
    return code == "ru" or code.startswith("ru-")
