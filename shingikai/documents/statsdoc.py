"""The annual statistics report (情報公開制度・個人情報保護制度の実施状況) for the council:
per category a table comparing fiscal years, a bar chart and the appeals, as Word and PDF
from one set of blocks (A4, Japanese, page numbers). Pure Python: no Django.

The caller computes the figures and draws the chart; this module only lays them out. Number
columns are right-aligned: by a small stylesheet in the PDF and by paragraph alignment in
Word.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from shingikai.documents.blocks import (
    Block,
    Column,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    cell,
)
from shingikai.documents.htmldoc import document_html
from shingikai.documents.worddoc import document_docx
from shingikai.lib import wareki

TABLE_ROLE = "stats"
STATS_CSS = (
    ".casedoc h1.doc-title { font-size: 15pt; letter-spacing: 0.08em; }"
    ".casedoc table.stats { break-inside: avoid; }"
    ".casedoc table.stats td + td { text-align: right; }"
    ".casedoc table.stats td:first-child { white-space: nowrap; }"
    ".casedoc p.note { font-size: 9pt; margin: 0 0 1mm 1em; }"
)


@dataclass(frozen=True)
class StatsTable:
    """A table of figures: the first column names the row, the others are numbers."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class StatsFigure:
    svg: str
    alt: str


@dataclass(frozen=True)
class StatsSection:
    """One category: its tables, with the chart after the first one."""

    title: str
    tables: tuple[StatsTable, ...]
    figure: StatsFigure | None = None


@dataclass(frozen=True)
class StatsReport:
    title: str
    municipality: str
    fiscal_year_label: str  # 令和5年度
    lead: str
    sections: tuple[StatsSection, ...]
    notes: tuple[str, ...] = ()
    date: dt.date | None = None


def _table(table: StatsTable) -> Table:
    weights = (2.6, *(1.0 for _ in table.columns[1:]))
    columns = tuple(Column(label, w) for label, w in zip(table.columns, weights, strict=True))
    rows = tuple(tuple(cell(c) for c in r) for r in table.rows)
    return Table(columns, rows, role=TABLE_ROLE)


def _section(section: StatsSection) -> list[Block]:
    blocks: list[Block] = [Heading(section.title)]
    for position, table in enumerate(section.tables):
        blocks += [Heading(table.heading, 2), _table(table)]
        if position == 0 and section.figure is not None:
            blocks.append(Figure(section.figure.svg, section.figure.alt))
    return blocks


def stats_document(report: StatsReport) -> Document:
    """The report as layout-neutral blocks."""
    blocks: list[Block] = [
        Paragraph(report.title, "doc-title"),
        Paragraph(wareki.format_date(report.date, weekday=False) if report.date else "", "right"),
        Paragraph(report.municipality, "right"),
        Paragraph(report.lead, "lead"),
    ]
    for section in report.sections:
        blocks += _section(section)
    if report.notes:
        blocks.append(Heading("注記", 2))
        blocks += [Paragraph(f"※{note}", "note") for note in report.notes]
    return Document(
        title=report.title,
        header=f"{report.municipality}　{report.fiscal_year_label} 実施状況",
        draft=False,
        author=report.municipality,
        blocks=tuple(blocks),
    )


def stats_html(report: StatsReport) -> str:
    """A standalone HTML page for WeasyPrint, with the number columns right-aligned."""
    page = document_html(stats_document(report))
    return page.replace("</head>", f"<style>{STATS_CSS}</style></head>", 1)


def stats_pdf(report: StatsReport) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=stats_html(report), base_url=None).write_pdf()


def stats_docx(report: StatsReport) -> bytes:
    """The Word file, with every number cell (all but the first column) right-aligned."""
    word = docx.Document(io.BytesIO(document_docx(stats_document(report))))
    for table in word.tables:
        for row in table.rows[1:]:
            for word_cell in row.cells[1:]:
                for paragraph in word_cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
