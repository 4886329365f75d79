"""Normalisation of Japanese text, applied alike to what is stored and what is searched."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000]+")


def normalize(text: str) -> str:
    """NFKC (全角英数 → 半角, 半角カナ → 全角), spaces collapsed, ends trimmed.

    NFKC is what makes ＵＳＢ and USB, ｶﾅ and カナ the same string.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


_WIDE_ALNUM = re.compile(r"[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+")
_NARROW_KANA = re.compile(r"[\uFF61-\uFF9F]+")


def _nfkc(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def tidy(text: str) -> str:
    """Letters and digits made half-width (ＳＮＳ → SNS), half-width katakana full-width
    (ｶﾅ → カナ), spaces collapsed; Japanese punctuation kept as written (氏名（カナ）), as
    names are written in Japanese documents."""
    text = _NARROW_KANA.sub(_nfkc, _WIDE_ALNUM.sub(_nfkc, text))
    return " ".join(text.split())


def same(a: str, b: str) -> bool:
    """Whether two names are the same once width and spacing are set aside (ＵＳＢ = USB)."""
    return normalize(a) == normalize(b)
