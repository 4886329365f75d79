"""Word documents (DOCX, python-docx): body paragraphs and tables in document order.

The body's XML children are walked in order, so tables stay where they stand among the
paragraphs. A paragraph's text keeps line breaks and inner tabs (名称<TAB>…; tabs that only
indent or trail are dropped); deleted revisions, field codes,
headers and footers are left out. Merged cells are read once (a cell continuing a vertical
merge is empty).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from shingikai.ingest.records import Block, Paragraph, ReadError, TableBlock
from shingikai.lib import filetypes

BROKEN = "DOCXファイルが壊れているため読み込めません。"
NOT_DOCX = "Word文書（DOCX）ではないZIPファイルです。"
TOO_LARGE = filetypes.UNPACKS_TOO_LARGE

# Limits on what the ZIP container may unpack to (a small file can expand enormously).
MAX_UNPACKED = 200 * 1024 * 1024
_MAIN_PART = "word/document.xml"
_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_SDT_CONTENT, _R = qn("w:sdtContent"), qn("w:r")
# What a run holds, and the text it stands for ("" for w:t: its own text).
_RUN_CONTENT = {
    qn("w:t"): "",
    qn("w:tab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_ASIDE = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")})
_V_MERGE, _VAL = qn("w:vMerge"), qn("w:val")


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a DOCX body in document order."""
    archive = _archive(data)
    if _MAIN_PART not in archive.namelist():
        raise ReadError(NOT_DOCX)
    try:  # a zip bomb: too much unpacked, or entries expanding too far (lib.filetypes)
        filetypes.check_archive(archive, max_unpacked=MAX_UNPACKED)
    except filetypes.Refused as exc:
        raise ReadError(str(exc)) from None
    try:
        body = Document(io.BytesIO(data)).element.body
        return list(_blocks(body))
    except Exception:  # python-docx and lxml raise many kinds of error on damaged files
        raise ReadError(BROKEN) from None


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    # NotImplementedError: a (corrupt) directory asking for an unknown zip version.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        raise ReadError(BROKEN) from None


def _blocks(container: Any) -> Iterator[Block]:
    """Paragraphs and tables among ``container``'s children (content controls opened)."""
    for child in _children(container):
        if child.tag == _P:
            text = _paragraph_text(child).strip("\t")
            if text.strip():
                yield Paragraph(text)
        elif child.tag == _TBL:
            rows = tuple(row for row in _table_rows(child) if any(row))
            if rows:
                yield TableBlock(rows)


def _children(container: Any) -> Iterator[Any]:
    """Child elements, with <w:sdt> content controls replaced by what they hold."""
    for child in container.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _paragraph_text(paragraph: Any) -> str:
    """Text of the paragraph's runs in order: w:t, tabs and breaks. Tab stops in the
    paragraph's properties, deleted or moved-away revisions and text boxes are left out."""
    parts: list[str] = []
    for element in paragraph.iter(*_RUN_CONTENT):
        if element.getparent().tag == _R and not _set_aside(element, paragraph):
            parts.append(_RUN_CONTENT[element.tag] or element.text or "")
    return "".join(parts)


def _set_aside(element: Any, paragraph: Any) -> bool:
    """Whether ``element`` sits in a deletion, a move source or a text box."""
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _ASIDE:
            return True
        parent = parent.getparent()
    return False


def _table_rows(table: Any) -> Iterator[tuple[str, ...]]:
    for row in _children(table):
        if row.tag == _TR:
            yield tuple(_cell_text(cell) for cell in _children(row) if cell.tag == _TC)


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs line by line (nested tables row by row); empty if it continues
    a vertical merge."""
    merge = cell.find(f"{qn('w:tcPr')}/{_V_MERGE}")
    if merge is not None and merge.get(_VAL, "continue") == "continue":
        return ""
    lines: list[str] = []
    for block in _blocks(cell):
        if isinstance(block, Paragraph):
            lines.append(block.text.replace("\t", " "))  # a tab would split the cell
        else:
            lines += [" ".join(part for part in row if part) for row in block.rows]
    return "\n".join(lines)
