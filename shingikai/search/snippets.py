"""Snippets: a window of a document's text around the matches, with the matches marked.
Pure Python: no Django.

Matching happens on folded text (`tokens.fold_map`), so ＵＳＢ is marked for the term usb and
サーバー for サーバ; the marks are placed on the original characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from shingikai.search.tokens import fold, fold_map

WIDTH = 140
LEAD = 30
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    """Pieces of text in order, each marked (a match) or not; `cut_*` say whether the text
    goes on before or after the window."""

    parts: tuple[tuple[str, bool], ...]
    cut_before: bool = False
    cut_after: bool = False

    def html(self) -> str:
        """Escaped text with <mark> around matches."""
        body = "".join(
            f"<mark>{html.escape(text)}</mark>" if marked else html.escape(text)
            for text, marked in self.parts
        )
        return self._ellipsis(body)

    def plain(self) -> str:
        return self._ellipsis("".join(text for text, _marked in self.parts))

    def _ellipsis(self, body: str) -> str:
        return ("…" if self.cut_before else "") + body + ("…" if self.cut_after else "")


def _past_ignored(text: str, end: int) -> int:
    """`end` moved past characters matching ignores (the ー of サーバー), not spaces."""
    while end < len(text) and not text[end].isspace() and not fold(text[end]):
        end += 1
    return end


def match_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` where a folded term occurs, merged where they touch."""
    folded, starts, ends = fold_map(text)
    spans = []
    for term in terms:
        at = folded.find(term) if term else -1
        while at >= 0:
            spans.append((starts[at], _past_ignored(text, ends[at + len(term) - 1])))
            at = folded.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(length: int, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if length <= width:
        return 0, length
    start = max(0, spans[0][0] - LEAD) if spans else 0
    start = min(start, length - width)
    return start, start + width


def snippet(text: str, terms: tuple[str, ...], width: int = WIDTH) -> Snippet:
    """The part of `text` (white space collapsed) around the first match, matches marked."""
    text = _SPACES.sub(" ", text).strip()
    spans = match_spans(text, terms)
    start, end = _window(len(text), spans, width)
    parts: list[tuple[str, bool]] = []
    at = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        if s > at:
            parts.append((text[at:s], False))
        parts.append((text[s:e], True))
        at = e
    if at < end:
        parts.append((text[at:end], False))
    return Snippet(tuple(parts), cut_before=start > 0, cut_after=end < len(text))
