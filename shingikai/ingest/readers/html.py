"""HTML pages: text in reading order, tables and definition lists as tables.

Block elements (p, div, li, headings …) start new lines, <br> breaks a line, <table> becomes a
`TableBlock` (a cell keeps its own line breaks), <dl> a two-column table of dt/dd pairs so a
header written as a definition list reads 名称<TAB>…. Scripts, styles and the <head> are
dropped. A table that only lays the page out (one column, or holding another table) is read
as running text.

The page is parsed once by libxml2 (lxml's HTML parser, recovering from broken markup) and
its element tree walked without recursion; the same parse tells a page nested deeper than
libxml2's own limit, which is refused rather than read in part. Comments and processing
instructions are skipped, the text after them (their tail) kept.
"""

from __future__ import annotations

import re
import unicodedata

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
_CAPTION = frozenset({"caption"})
_ROW = frozenset({"tr"})
_CHARSET = re.compile(
    rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I
)
_SEGMENT_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")


def read_html(text: str) -> list[Block]:
    """Blocks of an HTML page (decoded, see `declared_charset`) in reading order."""
    root = _parse(text)
    if root is None:
        return []
    # Markup after </html> makes libxml2 start another <html> next to the first.
    top = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    return _Flow().lay_out(top, None, None)


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


def _parse(text: str) -> etree._Element | None:
    """The page's root element (None for a page with no elements), refusing a page nested
    deeper than libxml2 allows without huge_tree (256 levels)."""
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        root = None  # an empty page
    except ValueError:
        raise ReadError(UNREADABLE) from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise ReadError(TOO_DEEP)
    return root


class _Flow:
    """Lays a tree out as paragraphs and tables, without recursion over its depth."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.lines: list[str] = []
        self.line: list[str] = []
        self.pre = 0  # depth of <pre> elements around the current text
        self.raw = False  # whether the current line holds preformatted text

    def blocks(self, root: etree._Element) -> list[Block]:
        """The blocks of ``root``'s content."""
        return self.lay_out(list(root), root.text, root)

    def lay_out(
        self, nodes: list[etree._Element], text: str | None, closing: etree._Element | None
    ) -> list[Block]:
        """The blocks of ``text`` and the ``nodes`` after it (siblings) with all they hold,
        then of ``closing`` closing: the tree walked in document order with an explicit
        stack. Comments, processing instructions and dropped elements are skipped, the text
        after them (their tail) kept."""
        if text:
            self._text(text)
        stack: list[tuple[int, etree._Element | str]] = []
        if closing is not None:
            stack.append((_CLOSE, closing))
        stack += [(_OPEN, node) for node in reversed(nodes)]
        while stack:
            event, node = stack.pop()
            if event == _TEXT:
                self._text(node)  # type: ignore[arg-type]
                continue
            tag = node.tag  # type: ignore[union-attr]
            if event == _CLOSE:
                if tag in _BLOCKS:
                    self._close_paragraph()
                    if tag == "pre":
                        self.pre -= 1
                continue
            tail = node.tail  # type: ignore[union-attr]
            if tag.__class__ is not str or tag in _DROPPED:
                pass
            elif tag in _WHOLE:
                self._leaf(node)  # type: ignore[arg-type]
            elif len(node) or tag == "pre":  # type: ignore[arg-type]
                # Open it; its text now, its children next, then it closes (a block) and
                # its tail follows.
                block = tag in _BLOCKS
                if block:
                    self._close_paragraph()
                    if tag == "pre":
                        self.pre += 1
                if tail:
                    stack.append((_TEXT, tail))
                    tail = None
                if block:
                    stack.append((_CLOSE, node))
                stack += [(_OPEN, child) for child in reversed(node)]  # type: ignore[arg-type]
                if node.text:  # type: ignore[union-attr]
                    self._text(node.text)  # type: ignore[union-attr]
            elif tag in _BLOCKS:  # a childless block: open, its text, close at once
                self._close_paragraph()
                if node.text:  # type: ignore[union-attr]
                    self._text(node.text)  # type: ignore[union-attr]
                self._close_paragraph()
            elif node.text:  # a childless inline element: its text
                self._text(node.text)  # type: ignore[union-attr]
            if tail:
                self._text(tail)
        self._close_paragraph()
        return self.out

    def _text(self, text: str) -> None:
        if not self.pre:
            self.line.append(text)
            return
        first, *rest = text.split("\n")
        self.line.append(first)
        self.raw = True
        for part in rest:
            self._break()
            self.line.append(part)
            self.raw = True

    def _leaf(self, node: etree._Element) -> None:
        """Elements laid out as a whole: <br>, tables and definition lists."""
        if node.tag == "br":
            self._break()
            return
        self._close_paragraph()
        if node.tag == "dl":
            self._table(_definition_rows(node))
        elif _is_layout(node):
            self.out += _Flow().blocks(node)
        else:
            caption = next(iter(_tags(node, _CAPTION)), None)
            if caption is not None and (title := _cell_text(caption)):
                self.out.append(Paragraph(title))
            self._table(_table_rows(node))

    def _table(self, rows: list[tuple[str, ...]]) -> None:
        rows = [row for row in rows if any(row)]
        if rows:
            self.out.append(TableBlock(tuple(rows)))

    def _break(self) -> None:
        line = self.line
        text = line[0] if len(line) == 1 else "".join(line)
        self.lines.append(text.replace("\xa0", " ").rstrip() if self.raw else _inline(text))
        self.line, self.raw = [], False

    def _close_paragraph(self) -> None:
        if not self.lines:
            if not self.line:  # nothing since the last one
                self.raw = False
                return
            if len(self.line) == 1 and not self.raw:  # one piece of text: the usual case
                text = _inline(self.line[0])
                if text:
                    self.out.append(Paragraph(text))
                self.line = []
                return
        self._break()
        lines = [line for line in self.lines if line]
        if lines:
            self.out.append(Paragraph("\n".join(lines)))
        self.lines = []


_TEXT, _OPEN, _CLOSE = 0, 1, 2


def _inline(text: str) -> str:
    """HTML white space: a line break between two Japanese characters vanishes (CSS Text 3),
    any other run of white space is one space; ends trimmed. No-break spaces are spaces."""
    if not text or text.isspace():
        return ""
    text = text.replace("\xa0", " ")
    if "\n" in text:
        text = _SEGMENT_BREAK.sub(_segment_break, text)
    return _WHITESPACE.sub(" ", text).strip()


def _segment_break(match: re.Match[str]) -> str:
    source = match.string
    before = source[match.start() - 1] if match.start() else ""
    after = source[match.end()] if match.end() < len(source) else ""
    return "" if _wide(before) and _wide(after) else " "


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in "WF"


def _tags(parent: etree._Element, names: frozenset[str]) -> list[etree._Element]:
    """Child elements of ``parent`` with one of ``names``."""
    return [child for child in parent if child.tag in names]


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows: <tr> children, or those of its <thead>, <tbody>, <tfoot>."""
    rows: list[etree._Element] = []
    for child in _tags(table, _ROW_PARENTS | _ROW):
        rows += [child] if child.tag == "tr" else _tags(child, _ROW)
    return rows


def _is_layout(table: etree._Element) -> bool:
    """A table that only places content: it holds a table, or has one column."""
    if next(table.iterdescendants("table"), None) is not None:
        return True
    widths = [len(_tags(row, _CELLS)) for row in _rows(table)]
    return bool(widths) and max(widths) <= 1


def _table_rows(table: etree._Element) -> list[tuple[str, ...]]:
    return [tuple(_cell_text(cell) for cell in _tags(row, _CELLS)) for row in _rows(table)]


def _definition_rows(dl: etree._Element) -> list[tuple[str, ...]]:
    """(dt, dd) pairs; several dd after one dt share its row, line by line."""
    rows: list[list[str]] = []
    items = [
        item
        for child in _tags(dl, _TERMS | {"div"})
        for item in ([child] if child.tag in _TERMS else _tags(child, _TERMS))
    ]
    for item in items:
        text = _cell_text(item)
        if item.tag == "dt" or not rows:
            rows.append([text, ""] if item.tag == "dt" else ["", text])
        else:
            rows[-1][1] = "\n".join(part for part in (rows[-1][1], text) if part)
    return [tuple(row) for row in rows]


def _cell_text(cell: etree._Element) -> str:
    """A cell's text with its own line breaks (<p>, <br>, nested blocks)."""
    lines: list[str] = []
    for block in _Flow().blocks(cell):
        if isinstance(block, Paragraph):
            lines.append(block.text.replace("\t", " "))  # a tab would split the cell
        else:
            lines += [" ".join(part for part in row if part) for row in block.rows]
    return "\n".join(lines)
