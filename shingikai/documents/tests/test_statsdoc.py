"""The statistics report builder: blocks in order, Word and PDF read back (A4, page
numbers, tables, the chart as a picture in Word and as text in the PDF). Pure: no database."""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH

from shingikai.documents.blocks import Figure, Heading, Paragraph, Table
from shingikai.documents.statsdoc import (
    StatsFigure,
    StatsReport,
    StatsSection,
    StatsTable,
    stats_document,
    stats_docx,
    stats_html,
    stats_pdf,
)
from shingikai.documents.tests.readback import A4_HEIGHT, A4_WIDTH, read_docx, read_pdf

COLUMNS = ("区分", "令和4年度", "令和5年度", "前年度比")
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" width="200" height="80" '
    "font-family=\"'Noto Sans CJK JP', sans-serif\">"
    '<rect x="10" y="20" width="30" height="50" fill="#0031d8"/>'
    '<text x="10" y="15" font-size="12">全部開示の棒</text></svg>'
)


def report() -> StatsReport:
    requests = StatsTable(
        "(1) 請求件数と決定の内容",
        COLUMNS,
        (("請求件数", "12", "9", "−3"), ("全部開示", "6", "4", "−2")),
    )
    appeals = StatsTable("(2) 審査請求", COLUMNS, (("審査請求件数", "1", "0", "−1"),))
    return StatsReport(
        title="令和5年度 情報公開制度・個人情報保護制度の実施状況",
        municipality="テスト区",
        fiscal_year_label="令和5年度",
        lead="令和5年度の状況を報告します。",
        sections=(
            StatsSection("１　公文書の開示請求", (requests, appeals), StatsFigure(SVG, "棒グラフ")),
            StatsSection("２　自己情報の開示請求", (appeals,)),
        ),
        notes=("前年度比は、令和5年度と令和4年度の件数の差です。",),
        date=dt.date(2024, 6, 3),
    )


def test_it_puts_the_chart_after_the_first_table_of_its_section() -> None:
    blocks = stats_document(report()).blocks

    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Paragraph", "Paragraph", "Paragraph", "Paragraph",
        "Heading", "Heading", "Table", "Figure", "Heading", "Table",
        "Heading", "Heading", "Table",
        "Heading", "Paragraph",
    ]  # fmt: skip
    assert blocks[0] == Paragraph("令和5年度 情報公開制度・個人情報保護制度の実施状況", "doc-title")
    assert blocks[1] == Paragraph("令和6年6月3日", "right")
    assert blocks[4] == Heading("１　公文書の開示請求")
    assert isinstance(blocks[6], Table) and blocks[6].role == "stats"
    assert isinstance(blocks[7], Figure) and blocks[7].alt == "棒グラフ"
    assert blocks[-1] == Paragraph("※前年度比は、令和5年度と令和4年度の件数の差です。", "note")


def test_it_right_aligns_the_numbers_in_the_html() -> None:
    html = stats_html(report())

    assert ".casedoc table.stats td + td { text-align: right; }" in html
    assert "<svg" in html and "全部開示の棒" in html
    assert "@bottom-center" in html  # page numbers


def test_it_reads_back_from_word() -> None:
    word = read_docx(stats_docx(report()))

    assert word.paragraphs("Doc Title") == ["令和5年度 情報公開制度・個人情報保護制度の実施状況"]
    assert word.tables()[0] == [
        list(COLUMNS),
        ["請求件数", "12", "9", "−3"],
        ["全部開示", "6", "4", "−2"],
    ]
    assert len(word.tables()) == 3
    assert len(word.document.inline_shapes) == 1
    table = word.document.tables[0]
    assert table.rows[1].cells[0].paragraphs[0].alignment is None
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "テスト区　令和5年度 実施状況" in word.header_xml()
    assert "NUMPAGES" in word.footer_xml()


def test_it_reads_back_from_pdf() -> None:
    pdf = read_pdf(stats_pdf(report()))

    text = pdf.squeezed()
    assert all(abs(w - A4_WIDTH) < 1 and abs(h - A4_HEIGHT) < 1 for w, h in pdf.sizes)
    assert "令和5年度情報公開制度・個人情報保護制度の実施状況" in text
    assert "請求件数129−3" in text
    assert "全部開示の棒" in text
    assert "1/1" in text
    assert "テスト区令和5年度実施状況" in text
