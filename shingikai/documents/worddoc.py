"""The case document as Word (DOCX), for the ward office to edit and print.

A4 portrait with 20mm margins; 游明朝 for text and 游ゴシック for headings set as the
east-Asian fonts (w:eastAsia) so Word in a ward office shows proper Japanese; the page number
as PAGE / NUMPAGES fields in the footer; the diagram as a PNG made with CairoSVG.
"""

from __future__ import annotations

import io
import struct
from typing import Any

import cairosvg
import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from shingikai.documents.blocks import Block, Cell, Document, Figure, Heading, Paragraph, Table

MINCHO = "游明朝"
GOTHIC = "游ゴシック"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
FIGURE_MAX_HEIGHT = Mm(200)
FIGURE_DPI = 200
CSS_DPI = 96  # an SVG's px, as browsers and WeasyPrint size them
HEADING_SIZES = {1: 12.5, 2: 11, 3: 10}
TABLE_STYLES = {"small": "Table Small"}  # other tables use "Table Text"
# Cell margins in twips (top/bottom, left/right): Word's default 1.9mm sides are too wide.
CELL_MARGINS = {"small": (20, 40)}  # other tables: CELL_MARGIN
CELL_MARGIN = (30, 85)
SHADE_HEADER, SHADE_LABEL = "E6E6E6", "F2F2F2"
ALIGNMENTS = {
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}


def document_docx(doc: Document) -> bytes:
    """The DOCX file of `doc`."""
    word = docx.Document()
    set_up_page(word)
    set_up_styles(word)
    set_up_header(word, doc)
    set_up_footer(word)
    set_properties(word, doc)
    for block in doc.blocks:
        add_block(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def set_up_page(word: Any) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = Mm(22)
    section.bottom_margin = section.left_margin = section.right_margin = MARGIN
    section.header_distance = section.footer_distance = Mm(10)


def set_properties(word: Any, doc: Document) -> None:
    props = word.core_properties
    props.title = doc.title
    props.author = props.last_modified_by = doc.author
    props.comments = props.keywords = props.subject = props.category = ""


def set_fonts(rpr: Any, latin: str, east_asian: str) -> None:
    """Name the fonts of a run properties element (w:rPr), dropping the theme's choices."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        rfonts.set(qn(f"w:{attr}"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def set_up_styles(word: Any) -> None:
    """Normal in 明朝 10.5pt (Japanese), headings in ゴシック, black; table text styles."""
    set_default_language(word)
    normal = word.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), MINCHO, MINCHO)
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    for level, size in HEADING_SIZES.items():
        style_heading(word.styles[f"Heading {level}"], size)
    add_paragraph_style(word, "Doc Title", 18, bold=True)
    add_paragraph_style(word, "Table Text", 9)
    add_paragraph_style(word, "Table Small", 7.5)
    for name in ("Header", "Footer"):
        word.styles[name].font.size = Pt(9)
        set_tabs(word.styles[name])


def set_default_language(word: Any) -> None:
    """Mark text as Japanese by default, so Word picks Japanese line breaking and fonts."""
    rpr = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, MINCHO, MINCHO)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")


def style_heading(style: Any, size: float) -> None:
    set_fonts(style.element.get_or_add_rPr(), GOTHIC, GOTHIC)
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.space_before = Pt(12 if size > 12 else 8)
    style.paragraph_format.space_after = Pt(3)


def add_paragraph_style(word: Any, name: str, size: float, *, bold: bool = False) -> None:
    style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = word.styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.paragraph_format.space_after = Pt(0)
    if bold:
        set_fonts(style.element.get_or_add_rPr(), GOTHIC, GOTHIC)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(18)


def set_tabs(style: Any) -> None:
    """Header and footer tab stops for A4: centre and right edge of the text."""
    tabs = style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Emu(TEXT_WIDTH // 2), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def set_up_header(word: Any, doc: Document) -> None:
    """「案」 boxed at the left of a draft, the number label and revision at the right."""
    paragraph = word.sections[0].header.paragraphs[0]
    if doc.draft:
        mark = paragraph.add_run("案")
        mark.bold = True
        mark.font.size = Pt(12)
        set_fonts(mark._r.get_or_add_rPr(), GOTHIC, GOTHIC)
        add_border(mark._r)
    if doc.header:
        paragraph.add_run(f"\t\t{doc.header}")


def add_border(run: Any) -> None:
    border = OxmlElement("w:bdr")
    for attr, value in (("val", "single"), ("sz", "8"), ("space", "1"), ("color", "000000")):
        border.set(qn(f"w:{attr}"), value)
    run.get_or_add_rPr().append(border)


def set_up_footer(word: Any) -> None:
    """「1 / 3」: the PAGE and NUMPAGES fields, centred."""
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    add_field(paragraph, "NUMPAGES")


def add_field(paragraph: Any, instruction: str) -> None:
    """A simple field (w:fldSimple) showing 1 until Word updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_block(word: Any, block: Block) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        add_paragraph(word, block)
    elif isinstance(block, Table):
        add_table(word, block)
    else:
        add_figure(word, block)


def add_paragraph(word: Any, block: Paragraph) -> None:
    """A paragraph in the look its role names (see `blocks.Paragraph`)."""
    style = "Doc Title" if block.role == "doc-title" else None
    paragraph = word.add_paragraph(block.text, style=style)
    fmt = paragraph.paragraph_format
    if block.role in ALIGNMENTS:
        fmt.alignment = ALIGNMENTS[block.role]
    if block.role == "sentence":
        fmt.first_line_indent = Pt(10.5)
        fmt.space_before = fmt.space_after = Pt(12)
    if block.role in ("lead", "none"):
        fmt.left_indent = Pt(10.5)
    if block.role == "case-title":
        paragraph.runs[0].bold = True
        fmt.space_before = Pt(12)


def add_table(word: Any, block: Table) -> None:
    """A ruled table of fixed column widths that fit the text width; the header repeats."""
    table = word.add_table(rows=0, cols=len(block.columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = column_widths(block)
    style = TABLE_STYLES.get(block.role, "Table Text")
    if block.role != "kv":
        add_row(table, [(c.label,) for c in block.columns], style, header=True)
    for row in block.rows:
        add_row(table, list(row), style, label=block.role == "kv")
    fix_widths(table, widths)
    set_cell_margins(table, *CELL_MARGINS.get(block.role, CELL_MARGIN))


def set_cell_margins(table: Any, vertical: int, horizontal: int) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (
        ("top", vertical),
        ("left", horizontal),
        ("bottom", vertical),
        ("right", horizontal),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def column_widths(block: Table) -> list[int]:
    """Each column's width in EMU, in proportion to its weight."""
    total_width = int(TEXT_WIDTH * block.width)
    total_weight = sum(c.weight for c in block.columns)
    return [int(total_width * c.weight / total_weight) for c in block.columns]


def add_row(
    table: Any, cells: list[Cell], style: str, *, header: bool = False, label: bool = False
) -> None:
    """One row; a header row is bold, shaded and repeated on each page, a kv label shaded."""
    row = table.add_row()
    row_properties = row._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    if header:
        row_properties.append(OxmlElement("w:tblHeader"))
    for position, (word_cell, lines) in enumerate(zip(row.cells, cells, strict=True)):
        fill_cell(word_cell, lines, style, bold=header)
        if header or (label and position == 0):
            shade(word_cell, SHADE_HEADER if header else SHADE_LABEL)


def fill_cell(word_cell: Any, lines: Cell, style: str, *, bold: bool) -> None:
    """One paragraph per line; a header cell's text is bold and centred."""
    for position, line in enumerate(lines):
        paragraph = word_cell.paragraphs[0] if position == 0 else word_cell.add_paragraph()
        paragraph.style = style
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def shade(word_cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    word_cell._tc.get_or_add_tcPr().append(shading)


def fix_widths(table: Any, widths: list[int]) -> None:
    """Fixed layout with the grid and every cell set to the column widths."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        for word_cell, width in zip(row.cells, widths, strict=True):
            word_cell.width = Emu(width)


def add_figure(word: Any, figure: Figure) -> None:
    """The SVG as a PNG at its own size, shrunk to the text width and at most 200mm high."""
    # CairoSVG uses only the first font family listed; the diagram lists Noto Sans CJK JP
    # (Debian's fonts-noto-cjk) first for that reason.
    png = cairosvg.svg2png(bytestring=figure.svg.encode("utf-8"), scale=FIGURE_DPI / CSS_DPI)
    pixels_wide, pixels_high = png_size(png)
    natural = int(Mm(25.4) * pixels_wide / FIGURE_DPI)
    width = min(TEXT_WIDTH, natural, int(FIGURE_MAX_HEIGHT * pixels_wide / pixels_high))
    word.add_picture(io.BytesIO(png), width=Emu(width))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.inline_shapes[-1]._inline.docPr.set("descr", figure.alt)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height
