"""Lines as the structurer reads them, and small text helpers shared by its modules.

Readers return text as written. Here PDF line breaks are mended (`join_broken_lines`), HTML
tags that survived extraction (<p>…</p>) are dropped and each line is repaired
(`repair_line`: letter spacing closed, spaces collapsed), its characters kept as written.

The record's values are cut from these lines, so they keep the source's characters
(令和４年度第７回, 第１庁舎５階, ＤＸ推進担当課長), as docs/minutes-json.md asks. Patterns
are matched against `fold(text)` instead (全角英数 and punctuation as ASCII, one character for
one): a position found there is the same position in the written text, so a module matches
on the folded form and slices the written one. Parsed values (dates, numbers) come from the
folded form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from shingikai.ingest.normalize import join_broken_lines, repair_line
from shingikai.ingest.records import RawDocument

# Tags of the HTML that extraction sometimes leaves in text (<p>…</p>, <br>); never the
# angle-bracketed labels minutes use themselves (<事前配付資料>, <会長>).
_TAG = re.compile(
    r"</?(?:p|br|div|span|td|tr|th|li|ul|ol|dl|dt|dd|b|i|u|em|strong|font|tbody|table)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# A markdown table rule or an extraction artefact such as ----\t--.
_RULE = re.compile(r"[-–—―=|:\s]+")
# What `squeeze` removes before comparing titles: spaces, brackets and list punctuation.
_SQUEEZE = re.compile(r"[\s「」『』()（）【】［］\[\]<>＜＞・、，,。.．:：;；\"'“”‘’]+")


def prepare(doc: RawDocument, starts: Callable[[str], bool] | None = None) -> list[str]:
    """The document's non-empty lines, mended and repaired, in reading order.

    Lines are mended only where a PDF broke them: in PDFs, and in text extracted from one,
    which shows by the space extractors leave after a paragraph's last line. ``starts``
    marks lines that begin something and are never joined to the line before.
    """
    raw_lines = doc.lines()
    if doc.format == "pdf" or _extracted(raw_lines):
        raw_lines = join_broken_lines(raw_lines, starts=starts)
    out: list[str] = []
    for raw in raw_lines:
        line = clean(raw)
        if line and not _RULE.fullmatch(line):
            out.append(line)
    return out


def _extracted(lines: list[str]) -> bool:
    """Whether text looks extracted from a PDF: a tenth of its lines end in a space."""
    filled = [line for line in lines if line.strip()]
    trailing = sum(1 for line in filled if line[-1] in " \u3000")
    return bool(filled) and trailing * 10 >= len(filled)


def clean(line: str) -> str:
    """One line without HTML tags or entities, repaired by `repair_line`."""
    if "<" in line:
        line = _TAG.sub(" ", line)
    if "&" in line:
        line = html.unescape(line)
    return repair_line(line)


def squeeze(text: str) -> str:
    """Text for comparison: NFKC, without spaces, brackets and list punctuation."""
    return _SQUEEZE.sub("", unicodedata.normalize("NFKC", text))


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of ``text`` (its only character when it has one)."""
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def dedupe(items: list[str]) -> list[str]:
    """Items in order without repeats or empty strings."""
    return list(dict.fromkeys(item for item in items if item))
