"""Japanese numerals: full-width digits and kanji numerals.

Council documents mix ASCII digits, full-width digits and kanji numerals
(令和四年, 諮問第千号, １，０００), so every parser in :mod:`shingikai.lib` reads
numbers through :func:`parse_number` and writes them with :func:`format_kanji`.
"""

from __future__ import annotations

import re

__all__ = [
    "KANJI_DIGITS",
    "format_kanji",
    "parse_number",
    "to_halfwidth_ascii",
    "to_halfwidth_digits",
]

KANJI_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_DIGIT_CHARS = "〇一二三四五六七八九"
_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS: dict[str, int] = {"万": 10**4, "億": 10**8}
_ARABIC_RE = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E; U+3000 is the
# ideographic space. Mapping them one to one keeps string offsets unchanged.
_FULLWIDTH_ASCII = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
_FORMAT_LIMIT = 10**8


class _NotANumberError(Exception):
    """Internal signal: the text is not a well-formed multiplicative numeral."""


def to_halfwidth_digits(text: str) -> str:
    """Replace full-width digits ０-９ with ASCII 0-9, leaving everything else."""
    return text.translate(_FULLWIDTH_DIGITS)


def to_halfwidth_ascii(text: str) -> str:
    """Replace full-width ASCII forms and the ideographic space with ASCII.

    The result has the same length as the input, so match offsets found in it
    are valid offsets into the original text.
    """
    return text.translate(_FULLWIDTH_ASCII)


def parse_number(text: str) -> int:
    """Read a non-negative integer written in any form found in Japanese documents.

    Accepts ASCII or full-width digits (with optional thousands commas), kanji
    digits in positional form (二〇二二), kanji in multiplicative form
    (二千二十二, 三万五千) and 元 (= 1, as in 令和元年).
    """
    cleaned = to_halfwidth_digits(text.strip()).replace("，", ",")
    if cleaned == "元":
        return 1
    if _ARABIC_RE.fullmatch(cleaned):
        return int(cleaned.replace(",", ""))
    if cleaned and all(char in KANJI_DIGITS for char in cleaned):
        return int("".join(str(KANJI_DIGITS[char]) for char in cleaned))
    try:
        return _parse_multiplicative(cleaned)
    except _NotANumberError:
        raise ValueError(f"数字として読めません: 「{text}」") from None


def _parse_multiplicative(text: str) -> int:
    """Parse 二万四百十七-style numerals; raise _NotANumberError if malformed."""
    if not text:
        raise _NotANumberError
    parser = _MultiplicativeParser()
    for char in text:
        parser.feed(char)
    return parser.result()


class _MultiplicativeParser:
    """Left-to-right state machine for kanji numerals with 十百千万億 units.

    Units must strictly decrease (within a 万-section for 十百千), and every
    coefficient is a single digit 1-9, so 十十, 百千 and 二三十 are rejected.
    """

    def __init__(self) -> None:
        self.total = 0
        self.section = 0
        self.coefficient: int | None = None
        self.last_small = _LARGE_UNITS["万"]
        self.last_large = _LARGE_UNITS["億"] * 10

    def feed(self, char: str) -> None:
        """Consume one character."""
        if char in _SMALL_UNITS:
            self._small_unit(_SMALL_UNITS[char])
        elif char in _LARGE_UNITS:
            self._large_unit(_LARGE_UNITS[char])
        else:
            self._digit(_digit_value(char))

    def result(self) -> int:
        """Return the value read so far."""
        return self.total + self.section + (self.coefficient or 0)

    def _digit(self, value: int) -> None:
        if self.coefficient is not None or value == 0:
            raise _NotANumberError
        self.coefficient = value

    def _small_unit(self, unit: int) -> None:
        if unit >= self.last_small:
            raise _NotANumberError
        self.section += (self.coefficient or 1) * unit
        self.coefficient = None
        self.last_small = unit

    def _large_unit(self, unit: int) -> None:
        value = self.section + (self.coefficient or 0)
        if unit >= self.last_large or value == 0:
            raise _NotANumberError
        self.total += value * unit
        self.section, self.coefficient = 0, None
        self.last_small, self.last_large = _LARGE_UNITS["万"], unit


def _digit_value(char: str) -> int:
    """Value of one kanji or ASCII digit; _NotANumberError for anything else."""
    if char in KANJI_DIGITS:
        return KANJI_DIGITS[char]
    if "0" <= char <= "9":
        return int(char)
    raise _NotANumberError


def format_kanji(n: int) -> str:
    """Write 0 <= n < 10**8 as a multiplicative kanji numeral (2022 → 二千二十二)."""
    if not 0 <= n < _FORMAT_LIMIT:
        raise ValueError(f"漢数字にできるのは0以上1億未満の整数です: {n}")
    if n == 0:
        return "〇"
    high, low = divmod(n, 10**4)
    prefix = _format_section(high) + "万" if high else ""
    return prefix + _format_section(low)


def _format_section(n: int) -> str:
    """Write 0 <= n < 10000 with 千百十 units; 0 gives the empty string."""
    parts: list[str] = []
    for unit_char, unit in (("千", 1000), ("百", 100), ("十", 10)):
        digit, n = divmod(n, unit)
        if digit:
            parts.append(("" if digit == 1 else _DIGIT_CHARS[digit]) + unit_char)
    if n:
        parts.append(_DIGIT_CHARS[n])
    return "".join(parts)


def circled(number: int) -> str:
    """①…⑳, ㉑…㊿ as documents number steps, then （51） where no circled glyph exists."""
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    return f"（{number}）"
