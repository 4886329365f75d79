"""PDF files (pdfplumber): lines of text page by page, ruled tables as tables.

Running headers and footers (a line repeated at the top or bottom of most pages, digits
aside) and page numbers (- 3 -, 3, 3/10, －３－) are dropped. A line set in from the page's
left margin gets a leading full-width space, as a paragraph's first line is indented, so
`normalize.join_broken_lines` can tell paragraphs apart. Joining lines broken at the right
margin is left to the structurer.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from shingikai.ingest.records import Block, Paragraph, ReadError, TableBlock

MAX_PAGES = 1000
ENCRYPTED = "パスワードで保護されたPDFは読み込めません。"
SCANNED = "文字情報のないPDF（スキャン画像）です。OCRしたファイルを使ってください。"
BROKEN = "PDFファイルが壊れているため読み込めません。"
TOO_MANY_PAGES = f"ページ数が多すぎます（{MAX_PAGES}ページまで）。"
NO_UNICODE = "文字を取り出せないPDFです（フォントに文字の対応表がありません）。"

# Share of the page height at the top and bottom where running heads and page numbers sit.
_MARGIN_ZONE = 0.12
# How many lines at either end of a page may be running heads or page numbers.
_EDGE_LINES = 2
# Share of pages a line must recur on (at the same end) to count as a running head.
_RUNNING_SHARE = 0.5
_INDENT_EM = 0.8
_PAGE_NUMBER = re.compile(
    r"[-‐－―−–—ー(（\[［<〈]*(?:p\.?|page|ページ|頁)?\d+(?:/\d+|of\d+)?(?:ページ|頁)?"
    r"[-‐－―−–—ー)）\]］>〉]*",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")
_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Pages drawn with more rules than this are pictures, not tables: no table is looked for.
_MAX_RULES = 2000


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    bottom: float
    x0: float


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    tables: list[tuple[float, TableBlock]] = field(default_factory=list)


def read_pdf(data: bytes) -> list[Block]:
    """Blocks of a PDF: one paragraph per line of text, with its page number."""
    pages = _pages(data)
    _check_text(pages)
    running = _running_heads(pages)
    blocks = [block for page in pages for block in _page_blocks(page, running)]
    if not blocks:
        raise ReadError(SCANNED)
    return blocks


def _pages(data: bytes) -> list[_Page]:
    """Open the PDF and read every page, turning pdfminer's failures into ReadError."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ReadError(TOO_MANY_PAGES)
            return [_read_page(page) for page in pdf.pages]
    except ReadError:
        raise
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        encrypted = isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError)
        raise ReadError(ENCRYPTED if encrypted else BROKEN) from None
    except Exception:  # pdfminer raises many kinds of error on damaged files (and recursion)
        raise ReadError(BROKEN) from None


def _read_page(page: Any) -> _Page:
    """A page's text lines outside ruled tables, and those tables with their tops."""
    tables = _ruled_tables(page)
    boxes = [table.bbox for table in tables]
    lines = [
        _Line(line["text"], line["top"], line["bottom"], line["x0"])
        for line in page.extract_text_lines(layout=False, strip=True, return_chars=False)
        if line["text"].strip() and not any(_inside(line, box) for box in boxes)
    ]
    found = [(table.bbox[1], _table_block(table, page.page_number)) for table in tables]
    result = _Page(page.page_number, float(page.height), _indented(lines), found)
    page.close()
    return result


def _ruled_tables(page: Any) -> list[Any]:
    """Tables drawn with rules, leaving out frames around text (one cell, one column)."""
    rules = len(page.lines) + len(page.rects)
    if not rules or rules > _MAX_RULES:  # no rules, or a drawing: looking would be slow
        return []
    return [table for table in page.find_tables(_RULED) if _columns(table) > 1]


def _columns(table: Any) -> int:
    return max((sum(1 for cell in row.cells if cell is not None) for row in table.rows), default=0)


def _inside(line: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    middle_x = (line["x0"] + line["x1"]) / 2
    middle_y = (line["top"] + line["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _table_block(table: Any, number: int) -> TableBlock:
    rows = (tuple((cell or "").strip() for cell in row) for row in table.extract())
    return TableBlock(tuple(row for row in rows if any(row)), page=number)


def _indented(lines: list[_Line]) -> list[_Line]:
    """Mark lines set in from the left edge (the leftmost shared by two lines or more) with
    a leading full-width space."""
    if len(lines) < 3:
        return lines
    edges = Counter(round(line.x0) for line in lines)
    left = min((x for x, count in edges.items() if count > 1), default=min(edges))
    em = statistics.median(line.bottom - line.top for line in lines)
    return [
        _Line("\u3000" + line.text, line.top, line.bottom, line.x0)
        if line.x0 - left >= _INDENT_EM * em
        else line
        for line in lines
    ]


def _check_text(pages: list[_Page]) -> None:
    """Refuse a PDF without a text layer, or one whose text is only glyph numbers."""
    text = "".join(line.text for page in pages for line in page.lines)
    if not text.strip() and not any(page.tables for page in pages):
        raise ReadError(SCANNED)
    cid = sum(len(match) for match in _CID.findall(text))
    if cid > len(text) / 2:
        raise ReadError(NO_UNICODE)


# -- running heads ------------------------------------------------------------------------------


def _edges(page: _Page) -> tuple[list[_Line], list[_Line]]:
    """Lines that may be running heads: the first and last few, inside the margin zones."""
    top = [line for line in page.lines[:_EDGE_LINES] if line.top < page.height * _MARGIN_ZONE]
    bottom_zone = page.height * (1 - _MARGIN_ZONE)
    bottom = [line for line in page.lines[-_EDGE_LINES:] if line.bottom > bottom_zone]
    return top, bottom


def _key(text: str) -> str:
    """A line's text with digits and spaces set aside, to match heads across pages."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def _running_heads(pages: list[_Page]) -> set[tuple[str, str]]:
    """("top"/"bottom", key) of lines recurring at that end of most pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        top, bottom = _edges(page)
        seen.update({("top", _key(line.text)) for line in top})
        seen.update({("bottom", _key(line.text)) for line in bottom})
    needed = max(2, math.ceil(len(pages) * _RUNNING_SHARE))
    return {where for where, count in seen.items() if count >= needed}


def _is_page_number(text: str) -> bool:
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return bool(_PAGE_NUMBER.fullmatch(flat))


def _page_blocks(page: _Page, running: set[tuple[str, str]]) -> list[Block]:
    """The page's lines without running heads and page numbers, and its tables, top down."""
    top, bottom = _edges(page)
    dropped = {
        id(line)
        for where, lines in (("top", top), ("bottom", bottom))
        for line in lines
        if (where, _key(line.text)) in running or _is_page_number(line.text)
    }
    placed: list[tuple[float, Block]] = [
        (line.top, Paragraph(line.text, page=page.number))
        for line in page.lines
        if id(line) not in dropped
    ]
    placed += page.tables
    return [block for _, block in sorted(placed, key=lambda item: item[0])]
