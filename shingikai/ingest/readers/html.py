"""HTML pages: text in reading order, tables and definition lists as tables.

Block elements (p, div, li, headings …) start new lines, <br> breaks a line, <table> becomes a
`TableBlock` (a cell keeps its own line breaks), <dl> a two-column table of dt/dd pairs so a
header written as a definition list reads 名称<TAB>…. Scripts, styles and the <head> are
dropped. A table that only lays the page out (one column, or holding another table) is read
as running text. The tree is walked without recursion; pages nested deeper than libxml2's
own limit are refused rather than read in part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from lxml import etree

from shingikai.ingest.records import Block, Paragraph, ReadError, TableBlock

TOO_DEEP = "HTMLの入れ子が深すぎるため読み込めません。"
UNREADABLE = "HTMLとして読み取れません。"

_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
     "rt", "rp"}
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "ul", "tr", "td", "th",
        "tbody", "thead", "tfoot",
    }
)  # fmt: skip
_WHOLE = frozenset({"br", "table", "dl"})
_ROW_PARENTS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})
_TERMS = frozenset({"dt", "dd"})
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
_CHARSET = re.compile(
    rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I
)
_SEGMENT_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")


def read_html(text: str) -> list[Block]:
    """Blocks of an HTML page (decoded, see `declared_charset`) in reading order."""
    _check_depth(text)
    try:
        soup = BeautifulSoup(text, "lxml")
        return _Flow().blocks(soup)
    except RecursionError:
        raise ReadError(TOO_DEEP) from None


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page or fragment (not text that mentions a tag)."""
    head = text[:1024].lstrip("\ufeff \t\r\n")
    if re.search(r"<(?:!doctype\s+html|html|body)[\s>]", head, re.IGNORECASE):
        return True
    return bool(
        re.match(
            r"<(?:!--|head|meta|title|table|p|div|h[1-6]|ul|ol|dl|section|article)[\s>/]",
            head,
            re.IGNORECASE,
        )
    )


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (<meta charset>, <?xml encoding>), to try first."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _check_depth(text: str) -> None:
    """Refuse a page nested deeper than libxml2 allows without huge_tree (256 levels)."""
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=False, no_network=True, recover=True)
    try:
        etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        pass  # an empty or broken page: BeautifulSoup will make what it can of it
    except ValueError:
        raise ReadError(UNREADABLE) from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise ReadError(TOO_DEEP)


class _Flow:
    """Lays a tree out as paragraphs and tables, without recursion over its depth."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.lines: list[str] = []
        self.line: list[str] = []
        self.pre = 0  # depth of <pre> elements around the current text
        self.raw = False  # whether the current line holds preformatted text

    def blocks(self, root: Tag) -> list[Block]:
        """The blocks of ``root``'s content."""
        for event, node in _walk(root):
            self._event(event, node)
        self._close_paragraph()
        return self.out

    def _event(self, event: str, node: Tag | NavigableString) -> None:
        if isinstance(node, NavigableString):
            self._text(node)
        elif event == "leaf":
            self._leaf(node)
        elif node.name in _BLOCKS:
            self._close_paragraph()
            if node.name == "pre":
                self.pre += 1 if event == "open" else -1

    def _text(self, node: NavigableString) -> None:
        if not self.pre:
            self.line.append(str(node))
            return
        first, *rest = str(node).split("\n")
        self.line.append(first)
        self.raw = True
        for part in rest:
            self._break()
            self.line.append(part)
            self.raw = True

    def _leaf(self, node: Tag) -> None:
        """Elements laid out as a whole: <br>, tables and definition lists."""
        if node.name == "br":
            self._break()
            return
        self._close_paragraph()
        if node.name == "dl":
            self._table(_definition_rows(node))
        elif _is_layout(node):
            self.out += _Flow().blocks(node)
        else:
            caption = next(iter(_tags(node, frozenset({"caption"}))), None)
            if caption is not None and (title := _cell_text(caption)):
                self.out.append(Paragraph(title))
            self._table(_table_rows(node))

    def _table(self, rows: list[tuple[str, ...]]) -> None:
        rows = [row for row in rows if any(row)]
        if rows:
            self.out.append(TableBlock(tuple(rows)))

    def _break(self) -> None:
        text = "".join(self.line)
        self.lines.append(text.replace("\xa0", " ").rstrip() if self.raw else _inline(text))
        self.line, self.raw = [], False

    def _close_paragraph(self) -> None:
        self._break()
        lines = [line for line in self.lines if line]
        if lines:
            self.out.append(Paragraph("\n".join(lines)))
        self.lines = []


def _walk(root: Tag) -> Iterator[tuple[str, Tag | NavigableString]]:
    """("open"/"close"/"leaf", node) events in document order, with an explicit stack."""
    stack: list[tuple[str, Tag | NavigableString]] = [("close", root)]
    stack += [("open", child) for child in reversed(root.contents)]
    while stack:
        event, node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                yield "text", node
        elif node.name in _DROPPED:
            continue
        elif event == "close" or node.name in _WHOLE:
            yield event if event == "close" else "leaf", node
        else:
            yield "open", node
            stack.append(("close", node))
            stack += [("open", child) for child in reversed(node.contents)]


def _inline(text: str) -> str:
    """HTML white space: a line break between two Japanese characters vanishes (CSS Text 3),
    any other run of white space is one space; ends trimmed. No-break spaces are spaces."""
    text = text.replace("\xa0", " ")
    text = _SEGMENT_BREAK.sub(_segment_break, text)
    return _WHITESPACE.sub(" ", text).strip()


def _segment_break(match: re.Match[str]) -> str:
    source = match.string
    before = source[match.start() - 1] if match.start() else ""
    after = source[match.end()] if match.end() < len(source) else ""
    return "" if _wide(before) and _wide(after) else " "


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in "WF"


def _tags(parent: Tag, names: frozenset[str]) -> list[Tag]:
    """Child elements of ``parent`` with one of ``names``."""
    return [child for child in parent.contents if isinstance(child, Tag) and child.name in names]


def _rows(table: Tag) -> list[Tag]:
    """The table's own rows: <tr> children, or those of its <thead>, <tbody>, <tfoot>."""
    rows: list[Tag] = []
    for child in _tags(table, _ROW_PARENTS | {"tr"}):
        rows += [child] if child.name == "tr" else _tags(child, frozenset({"tr"}))
    return rows


def _is_layout(table: Tag) -> bool:
    """A table that only places content: it holds a table, or has one column."""
    if table.find("table") is not None:
        return True
    widths = [len(_tags(row, _CELLS)) for row in _rows(table)]
    return bool(widths) and max(widths) <= 1


def _table_rows(table: Tag) -> list[tuple[str, ...]]:
    return [tuple(_cell_text(cell) for cell in _tags(row, _CELLS)) for row in _rows(table)]


def _definition_rows(dl: Tag) -> list[tuple[str, ...]]:
    """(dt, dd) pairs; several dd after one dt share its row, line by line."""
    rows: list[list[str]] = []
    items = [
        item
        for child in _tags(dl, _TERMS | {"div"})
        for item in ([child] if child.name in _TERMS else _tags(child, _TERMS))
    ]
    for item in items:
        text = _cell_text(item)
        if item.name == "dt" or not rows:
            rows.append([text, ""] if item.name == "dt" else ["", text])
        else:
            rows[-1][1] = "\n".join(part for part in (rows[-1][1], text) if part)
    return [tuple(row) for row in rows]


def _cell_text(cell: Tag) -> str:
    """A cell's text with its own line breaks (<p>, <br>, nested blocks)."""
    lines: list[str] = []
    for block in _Flow().blocks(cell):
        if isinstance(block, Paragraph):
            lines.append(block.text.replace("\t", " "))  # a tab would split the cell
        else:
            lines += [" ".join(part for part in row if part) for row in block.rows]
    return "\n".join(lines)
