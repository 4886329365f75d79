"""The case document as layout-neutral blocks: headings, paragraphs, tables and figures.

The content is decided once (`content.py`) and laid out twice, as HTML for the PDF and the
web page (`htmldoc.py`) and as Word (`worddoc.py`), so both formats always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

Cell = tuple[str, ...]  # the lines of one table cell, each printed as its own paragraph


@dataclass(frozen=True)
class Heading:
    """A section heading: 1 is 第1 …, 関係者 …; 2 a part of a section; 3 a sub-part."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A line of running text. `role` names its look: "" (body), "doc-title", "right",
    "center", "sentence", "case-title", "lead" or "none" (the 「なし」 of an empty list)."""

    text: str
    role: str = ""


@dataclass(frozen=True)
class Column:
    """A table column: its header and its share of the table's width."""

    label: str
    weight: float


@dataclass(frozen=True)
class Table:
    """A ruled table. `role` is "kv" (a shaded label column, no header row), "grid" or
    "small" (a dense grid in a smaller size); `width` is the share of the text width."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    role: str = "grid"
    width: float = 1.0


@dataclass(frozen=True)
class Figure:
    """An SVG drawing (the data-flow diagram) with the text that stands for it."""

    svg: str
    alt: str


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class Document:
    """A whole document: its blocks plus what every page repeats."""

    title: str
    header: str  # the running header (number label and revision)
    draft: bool
    author: str
    blocks: tuple[Block, ...]


def cell(text: str, empty: str = "—") -> Cell:
    """A cell from text, one line per line of the text; `empty` stands in for nothing."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    return lines or (empty,)
