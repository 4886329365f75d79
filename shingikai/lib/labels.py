"""Labels of distributed materials (配付資料): 資料18, 資料18-2, 参考資料18-1, 審議資料No.1.

Councils number their handouts per meeting. A main material is 資料N; its parts are 資料N-k;
a reference material belonging to it is 参考資料N-k (Shinjuku, 令和4年度第6回: 資料18,
資料18-1, 資料18-2, 参考資料18-1, 資料19, 資料19-1). Setagaya numbers its review materials
審議資料No.1, No.2 … Transcripts and hand-typed labels come with full-width digits, spaces
and assorted dashes (「資料 1 8 － 2」); `parse_label` reads all of them. Pure Python.

    >>> sorted(["資料19", "参考資料18-1", "資料18-2", "資料2"], key=sort_key)
    ['資料2', '資料18-2', '参考資料18-1', '資料19']
    >>> next_label(["資料1", "資料2", "資料2-1"], number=2)
    '資料2-2'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from shingikai.lib.jpnum import parse_number

__all__ = [
    "MAIN",
    "REFERENCE",
    "REVIEW",
    "SERIES",
    "Label",
    "next_label",
    "normalize_label",
    "parse_label",
    "sort_key",
]

MAIN = "資料"
REFERENCE = "参考資料"
REVIEW = "審議資料"
# In the order a packet binds them when they share a number: 資料18-2, 審議資料No.18,
# 参考資料18-1 (a meeting rarely mixes 資料 and 審議資料).
SERIES = (MAIN, REVIEW, REFERENCE)

_DASHES = "-‐‑‒–—―−ーｰ－の"
_NUMBER = r"[0-9〇一二三四五六七八九十百]+"
_LABEL_RE = re.compile(
    rf"(?P<series>{REFERENCE}|{REVIEW}|{MAIN})"
    rf"(?:No\.?)?(?P<number>{_NUMBER})"
    rf"(?:[{_DASHES}](?P<sub>{_NUMBER}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=False)
class Label:
    """A parsed label: its series (資料, 参考資料 or 審議資料), number and sub-number."""

    series: str
    number: int
    sub: int | None = None

    def __str__(self) -> str:
        number = f"No.{self.number}" if self.series == REVIEW else str(self.number)
        return f"{self.series}{number}" + (f"-{self.sub}" if self.sub is not None else "")

    @property
    def is_reference(self) -> bool:
        return self.series == REFERENCE


def _squeeze(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_label(text: str) -> Label | None:
    """The label's parts, or None if it is not a numbered material label (会議次第)."""
    match = _LABEL_RE.fullmatch(_squeeze(text))
    if match is None:
        return None
    try:
        number = parse_number(match["number"])
        sub = parse_number(match["sub"]) if match["sub"] else None
    except ValueError:
        return None
    return Label(match["series"], number, sub)


def normalize_label(text: str) -> str:
    """The canonical spelling (「資料 １８－２」 → 資料18-2); other text only trimmed."""
    label = parse_label(text)
    return str(label) if label else " ".join(unicodedata.normalize("NFKC", text).split())


def sort_key(text: str) -> tuple[int, int, int, int, str]:
    """Order in which materials are listed and bound.

    By number; within a number the main material, its parts, then its reference materials
    (資料18 < 資料18-1 < 資料18-2 < 参考資料18-1 < 資料19). Labels without a number (会議次第,
    委員名簿) come first, as the front matter of a packet, in text order.
    """
    label = parse_label(text)
    if label is None:
        return (0, 0, 0, 0, normalize_label(text))
    sub = 0 if label.sub is None else label.sub
    return (1, label.number, SERIES.index(label.series), sub, str(label))


def _main_series(labels: list[Label]) -> str:
    """審議資料 if the meeting numbers its materials that way, 資料 otherwise."""
    review = sum(1 for label in labels if label.series == REVIEW)
    main = sum(1 for label in labels if label.series == MAIN)
    return REVIEW if review > main else MAIN


def next_label(
    existing: Iterable[str], *, number: int | None = None, reference: bool = False
) -> str:
    """The next free label among `existing` (the meeting's labels, in any spelling).

    - a new main material (no `number`): the number after the largest main number (資料3);
    - a part of main material N: N-(largest part + 1) (資料18-3);
    - a reference material of N (`reference`): 参考資料N-(largest + 1);
    - a reference material on its own (`reference`, no `number`): 参考資料(largest + 1).
    """
    labels = [label for label in map(parse_label, existing) if label is not None]
    if reference:
        refs = [label for label in labels if label.series == REFERENCE]
        if number is None:
            top = max((label.number for label in refs if label.sub is None), default=0)
            return str(Label(REFERENCE, top + 1))
        top = max((label.sub or 0 for label in refs if label.number == number), default=0)
        return str(Label(REFERENCE, number, top + 1))
    series = _main_series(labels)
    mains = [label for label in labels if label.series == series]
    if number is None:
        return str(Label(series, max((label.number for label in mains), default=0) + 1))
    top = max((label.sub or 0 for label in mains if label.number == number), default=0)
    return str(Label(series, number, top + 1))
