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
