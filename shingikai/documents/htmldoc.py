"""The case document as HTML: for WeasyPrint (the PDF) and for the web page.

Built by a small escaping builder: every text goes through `escape`, only `Markup` (HTML we
made ourselves, and the diagram's SVG) passes as is. No inline styles in the body, so the
fragment also shows under the site's Content-Security-Policy (style-src 'self') with
`casedoc.css` linked; column widths are classes (`w-12` is 12%).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from shingikai.documents.blocks import Block, Cell, Document, Figure, Heading, Paragraph, Table

STYLESHEET = Path(__file__).with_name("casedoc.css")
_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


class Markup(str):
    """Text that already is HTML: never escaped again."""


def escape(text: str) -> Markup:
    """HTML-escape `text` (quotes too), unless it is Markup already."""
    return text if isinstance(text, Markup) else Markup(html.escape(text, quote=True))


def el(tag: str, *children: str, **attrs: str) -> Markup:
    """`<tag attrs>children</tag>`; attributes with an empty value are left out."""
    attributes = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attrs.items()
        if value
    )
    return Markup(f"<{tag}{attributes}>{''.join(escape(c) for c in children)}</{tag}>")


def stylesheet() -> str:
    """The document's CSS (also to be served to the web page)."""
    return STYLESHEET.read_text(encoding="utf-8")


def document_html(doc: Document, *, fragment: bool = False) -> str:
    """A standalone HTML page (with its CSS inlined), or only the <article> for a web page."""
    article = el("article", *(block_html(b) for b in doc.blocks), class_=article_class(doc))
    if fragment:
        return article
    head = el(
        "head",
        Markup('<meta charset="utf-8">'),
        el("title", doc.title),
        Markup(f'<meta name="author" content="{escape(doc.author)}">') if doc.author else "",
        el("style", Markup(stylesheet())),
        el("style", Markup(page_css(doc))),
    )
    return f'<!DOCTYPE html>\n<html lang="ja">{head}{el("body", article)}</html>\n'


def article_class(doc: Document) -> str:
    return "casedoc draft" if doc.draft else "casedoc"


def page_css(doc: Document) -> str:
    """The running header and the draft mark, which CSS can only take as strings."""
    boxes = [f"@top-right {{ content: {css_string(doc.header)}; }}"] if doc.header else []
    if doc.draft:
        boxes.append('@top-left { content: "案"; }')
    return f"@page {{ {' '.join(boxes)} }}" if boxes else ""


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    return '"' + "".join(c if c.isalnum() or c in " 　" else f"\\{ord(c):x} " for c in text) + '"'


def block_html(block: Block) -> Markup:
    if isinstance(block, Heading):
        return el(f"h{block.level + 1}", block.text)
    if isinstance(block, Paragraph):
        return paragraph_html(block)
    if isinstance(block, Table):
        return table_html(block)
    return figure_html(block)


def paragraph_html(paragraph: Paragraph) -> Markup:
    if paragraph.role == "doc-title":
        return el("h1", paragraph.text, class_="doc-title")
    return el("p", paragraph.text, class_=paragraph.role)


def figure_html(figure: Figure) -> Markup:
    """The SVG inline (its text stays text in the PDF), without an XML prologue."""
    svg = Markup(_XML_PROLOGUE.sub("", figure.svg, count=1))
    return el("figure", svg, class_="diagram", role="img", aria_label=figure.alt)


def table_html(table: Table) -> Markup:
    percents = width_classes([c.weight for c in table.columns])
    cols = el("colgroup", *(Markup(f'<col class="w-{p}">') for p in percents))
    head = (
        ""
        if table.role == "kv"
        else el("thead", el("tr", *(el("th", c.label) for c in table.columns)))
    )
    body = el("tbody", *(row_html(table, row) for row in table.rows))
    width = f" w-{round(table.width * 100)}" if table.width < 1 else ""
    return el("table", cols, head, body, class_=table.role + width)


def row_html(table: Table, row: tuple[Cell, ...]) -> Markup:
    if table.role == "kv":
        return el(
            "tr",
            el("th", cell_html(row[0]), scope="row"),
            *(el("td", cell_html(c)) for c in row[1:]),
        )
    return el("tr", *(el("td", cell_html(c)) for c in row))


def cell_html(lines: Cell) -> Markup:
    return Markup("<br>".join(escape(line) for line in lines))


def width_classes(weights: list[float]) -> list[int]:
    """Whole percentages in proportion to `weights`, summing to 100 (largest remainder)."""
    total = sum(weights)
    exact = [w * 100 / total for w in weights]
    percents = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - percents[i], reverse=True)
    for i in by_remainder[: 100 - sum(percents)]:
        percents[i] += 1
    return percents
