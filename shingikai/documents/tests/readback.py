"""Reading rendered documents back: DOCX with python-docx, PDF with pdfplumber."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import docx
import pdfplumber

A4_WIDTH, A4_HEIGHT = 595.28, 841.89
MARGIN_PT = 20 / 25.4 * 72


def squeeze(text: str) -> str:
    """Text without any whitespace, so wrapped lines and spaced glyphs compare equal."""
    return re.sub(r"\s+", "", text)


@dataclass
class Word:
    """A DOCX read back: its blocks in order, as ("p", style, text) or ("t", rows)."""

    document: Any
    blocks: list[tuple[str, str, Any]]

    def paragraphs(self, style: str | None = None) -> list[str]:
        return [text for kind, s, text in self.blocks if kind == "p" and style in (None, s)]

    def tables(self) -> list[list[list[str]]]:
        return [rows for kind, _, rows in self.blocks if kind == "t"]

    def table_after(self, text: str) -> list[list[str]] | None:
        """The table right after the paragraph reading `text` (None if a paragraph comes first)."""
        position = next(i for i, b in enumerate(self.blocks) if b[0] == "p" and b[2] == text)
        following = self.blocks[position + 1]
        return following[2] if following[0] == "t" else None

    def next_paragraph(self, text: str) -> str:
        position = next(i for i, b in enumerate(self.blocks) if b[0] == "p" and b[2] == text)
        return self.blocks[position + 1][2]

    def kv_rows(self) -> dict[str, str]:
        """Every two-column row of every table, label → value."""
        return {row[0]: row[1] for rows in self.tables() for row in rows if len(row) == 2}

    def all_text(self) -> str:
        cells = [c for rows in self.tables() for row in rows for c in row]
        return "\n".join(self.paragraphs() + cells)

    def header_xml(self) -> str:
        return self.document.sections[0].header._element.xml

    def footer_xml(self) -> str:
        return self.document.sections[0].footer._element.xml


def read_docx(data: bytes) -> Word:
    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[str, str, Any]] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            blocks.append(("t", "", rows))
        else:
            blocks.append(("p", block.style.name, block.text))
    return Word(document, blocks)


@dataclass
class Pdf:
    """A PDF read back: per page its size, text, table cells and characters."""

    sizes: list[tuple[float, float]]
    texts: list[str]
    cells: list[str]
    chars: list[list[dict[str, Any]]]

    def squeezed(self) -> str:
        """Page texts and table cells, without whitespace."""
        return squeeze("\n".join(self.texts + self.cells))


def read_pdf(data: bytes) -> Pdf:
    sizes, texts, cells, chars = [], [], [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            sizes.append((float(page.width), float(page.height)))
            texts.append(page.extract_text() or "")
            cells += [c or "" for t in page.extract_tables() for row in t for c in row]
            chars.append(list(page.chars))
    return Pdf(sizes, texts, cells, chars)


def text_between(data: bytes, top_text: str, bottom_text: str) -> str:
    """The text of the first page holding `top_text`, between it and `bottom_text` below it,
    in drawing order (an SVG's texts sit too close for reading by lines)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tops = page.search(top_text)
            if not tops:
                continue
            bottoms = [m for m in page.search(bottom_text) if m["top"] > tops[0]["bottom"]]
            bottom = bottoms[0]["top"] if bottoms else float(page.height)
            region = page.crop((0, tops[0]["bottom"], float(page.width), bottom))
            return region.extract_text(use_text_flow=True)
    return ""
