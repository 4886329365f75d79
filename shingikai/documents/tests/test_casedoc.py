"""The case document rendered for every handling type and for the 999 demo case, then read
back: DOCX with python-docx, PDF with pdfplumber."""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest

from shingikai.documents import casedoc, content
from shingikai.documents.casedoc import DocMeta, case_docx, case_html, case_pdf
from shingikai.documents.names import circled
from shingikai.documents.tests import factories
from shingikai.documents.tests.readback import (
    A4_HEIGHT,
    A4_WIDTH,
    MARGIN_PT,
    read_docx,
    read_pdf,
    squeeze,
    text_between,
)
from shingikai.dossiers.structure import diagram, schema, values
from shingikai.dossiers.structure.dossier import Dossier

META = DocMeta(
    number_label="諮問第12号",
    date=dt.date(2023, 1, 16),
    addressee="テスト区情報公開・個人情報保護審議会　会長　様",
    sender="テスト区長",
    revision="第2版",
    draft=True,
)
TYPES = list(schema.SPECS)
OUTSOURCING_SOURCES = [label for _, label in schema.OUTSOURCING.item_sources]


@functools.cache
def docx_of(handling_type: str) -> bytes:
    return case_docx(factories.full_dossier(handling_type), meta=META)


@functools.cache
def pdf_of(handling_type: str) -> bytes:
    return case_pdf(factories.full_dossier(handling_type), meta=META)


@functools.cache
def demo_docx() -> bytes:
    return case_docx(factories.demo_999(), meta=DocMeta(number_label="諮問第999号"))


@functools.cache
def demo_pdf() -> bytes:
    return case_pdf(factories.demo_999(), meta=DocMeta(number_label="諮問第999号"))


def expected_rows(handling_type: str) -> dict[str, str]:
    """「1 委託の件名」 → its displayed value, for every field of the type."""
    spec = schema.SPECS[handling_type]
    fields = factories.full_fields(spec)
    return {
        (f"{f.number} {f.label}" if f.number else f.label): values.display(f, fields[f.name])
        for f in spec.all_fields
    }


# ------------------------------------------------------------------------------------- DOCX


@pytest.mark.parametrize("handling_type", TYPES)
def test_it_lists_every_field_with_its_number_and_value_in_the_docx(handling_type: str) -> None:
    rows = read_docx(docx_of(handling_type)).kv_rows()
    for label, value in expected_rows(handling_type).items():
        assert rows[label] == value, label


@pytest.mark.parametrize("handling_type", TYPES)
def test_it_heads_the_handling_with_its_form_heading_in_the_docx(handling_type: str) -> None:
    word = read_docx(docx_of(handling_type))
    assert f"第1 {schema.SPECS[handling_type].heading}" in word.paragraphs("Heading 1")
    assert "諮問書" in word.paragraphs()
    assert "下記の事項について、意見を求めます。" in word.paragraphs()


def test_it_shows_the_date_of_a_date_field_in_wareki() -> None:
    rows = read_docx(docx_of("outsourcing")).kv_rows()
    assert rows["開始日"] == "令和5年1月16日"
    assert rows["終了日"] == "令和5年1月17日"
    assert rows["7 取扱場所の区及び委託先以外の者との共用"] == "はい"
    assert rows["8 委託先との個人情報の授受の方法"] == "文書、電子記録媒体、回線結合"


def test_it_puts_the_outsourced_items_in_their_source_tables_in_the_docx() -> None:
    word = read_docx(docx_of("outsourcing"))
    first = word.table_after(f"① {OUTSOURCING_SOURCES[0]}")
    second = word.table_after(f"② {OUTSOURCING_SOURCES[1]}")
    assert first == [["項目", "必要性・理由"], ["氏名", "本人確認に必要"], ["住所", "—"]]
    assert second == [["項目"], ["電話番号"], [f"{factories.FREE_ITEM}（自由記述）"]]
    assert word.next_paragraph(f"③ {OUTSOURCING_SOURCES[2]}") == "なし"


def test_it_describes_the_contractor_with_certifications_and_subcontractors() -> None:
    contractor = read_docx(docx_of("outsourcing")).kv_rows()["13 委託先"].splitlines()
    assert contractor == [
        f"名称：{factories.CONTRACTOR}",
        "選定方法：一般競争入札",
        "所在地・取扱場所：委託先の施設",
        "認証：ISMS（ISO/IEC 27001） 登録番号 IS 123456（有効期限 令和7年3月31日）",
        "認証：プライバシーマーク 登録番号 第12345678号",
        f"再委託先：{factories.SUBCONTRACTOR}（再委託の事前承認：要）",
    ]


@pytest.mark.parametrize("handling_type", [t for t in TYPES if schema.SPECS[t].has_items])
def test_it_lists_the_items_of_every_type_with_items(handling_type: str) -> None:
    text = read_docx(docx_of(handling_type)).all_text()
    assert "氏名" in text
    assert f"{factories.FREE_ITEM}（自由記述）" in text


@pytest.mark.parametrize("handling_type", TYPES)
def test_it_leaves_no_table_cell_blank_in_the_docx(handling_type: str) -> None:
    for rows in read_docx(docx_of(handling_type)).tables():
        assert all(cell.strip() for row in rows for cell in row), rows


def test_it_puts_a_page_field_in_the_footer_and_the_number_in_the_header() -> None:
    word = read_docx(docx_of("outsourcing"))
    assert re.search(r'w:fldSimple w:instr=" PAGE "', word.footer_xml())
    assert re.search(r'w:fldSimple w:instr=" NUMPAGES "', word.footer_xml())
    assert "諮問第12号" in word.header_xml()
    assert "第2版" in word.header_xml()
    assert ">案<" in word.header_xml()


def test_it_sets_japanese_east_asian_fonts_and_a4_in_the_docx() -> None:
    document = read_docx(docx_of("outsourcing")).document
    styles = document.styles
    assert 'w:eastAsia="游明朝"' in styles["Normal"].element.xml
    assert 'w:eastAsia="游ゴシック"' in styles["Heading 1"].element.xml
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20


@pytest.mark.parametrize("handling_type", ["outsourcing", "pia_third_party_inspection"])
def test_it_fits_every_docx_table_in_the_text_width(handling_type: str) -> None:
    document = read_docx(docx_of(handling_type)).document
    text_width = document.sections[0].page_width - 2 * document.sections[0].left_margin
    for table in document.tables:
        assert sum(column.width for column in table.columns) <= text_width


# -------------------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("handling_type", TYPES)
def test_it_lists_every_field_with_its_number_and_value_in_the_pdf(handling_type: str) -> None:
    text = read_pdf(pdf_of(handling_type)).squeezed()
    for label, value in expected_rows(handling_type).items():
        assert squeeze(label) in text, label
        for line in value.splitlines():
            assert squeeze(line) in text, (label, line)
    assert squeeze(f"第1 {schema.SPECS[handling_type].heading}") in text


@pytest.mark.parametrize("handling_type", TYPES)
def test_it_prints_a4_portrait_pages_numbered_n_of_total(handling_type: str) -> None:
    pdf = read_pdf(pdf_of(handling_type))
    assert len(pdf.texts) >= 1
    for number, ((width, height), text) in enumerate(zip(pdf.sizes, pdf.texts, strict=True), 1):
        assert abs(width - A4_WIDTH) <= 2
        assert abs(height - A4_HEIGHT) <= 2
        assert f"{number}/{len(pdf.texts)}" in squeeze(text)
        assert "諮問第12号" in squeeze(text)


@pytest.mark.parametrize("handling_type", ["outsourcing", "external_connection"])
def test_it_keeps_all_pdf_text_inside_the_side_margins(handling_type: str) -> None:
    for page in read_pdf(pdf_of(handling_type)).chars:
        assert all(c["x0"] >= MARGIN_PT - 1 and c["x1"] <= A4_WIDTH - MARGIN_PT + 1 for c in page)


def test_it_shows_the_outsourced_items_and_contractor_in_the_pdf() -> None:
    text = read_pdf(pdf_of("outsourcing")).squeezed()
    for label in OUTSOURCING_SOURCES:
        assert squeeze(label) in text
    assert squeeze(f"{factories.FREE_ITEM}（自由記述）") in text
    assert squeeze("有効期限 令和7年3月31日") in text
    assert squeeze(f"再委託先：{factories.SUBCONTRACTOR}（再委託の事前承認：要）") in text


# ---------------------------------------------------------------------------------- 999 demo


def test_it_numbers_the_nine_steps_of_the_999_case_in_the_docx_step_table() -> None:
    word = read_docx(demo_docx())
    steps = next(rows for rows in word.tables() if rows[0][0] == "番号")
    assert steps[0] == [c.label for c in content.STEP_COLUMNS]
    assert [row[0] for row in steps[1:]] == [circled(n) for n in range(1, 10)]
    assert steps[2][1:3] == [
        "世田谷保健所健康推進課",
        "管理システム（委託先が管理するクラウドサーバ）",
    ]


def test_it_embeds_the_999_diagram_as_a_picture_in_the_docx() -> None:
    document = read_docx(demo_docx()).document
    assert len(document.inline_shapes) == 1
    text_width = document.sections[0].page_width - 2 * document.sections[0].left_margin
    assert document.inline_shapes[0].width <= text_width


def test_it_numbers_the_nine_steps_of_the_999_case_in_the_pdf() -> None:
    text = read_pdf(demo_pdf()).squeezed()
    for number in range(1, 10):
        assert circled(number) in text
    assert squeeze("下記の事項について、意見を求めます。") in text


def test_it_draws_the_999_diagram_with_its_party_names_in_the_pdf() -> None:
    drawn = squeeze(text_between(demo_pdf(), "個人情報の流れ", "送信元"))
    dossier = factories.demo_999()
    for party in dossier.parties:
        assert squeeze(diagram.party_name(party)) in drawn, party.name
    for number in range(1, 10):
        assert circled(number) in drawn


def test_it_embeds_the_svg_it_is_given_in_both_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    svg = (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
        '<text x="10" y="30" font-family="Noto Sans CJK JP" font-size="16">図の目印</text></svg>'
    )
    monkeypatch.setattr(content, "render_svg", lambda dossier, title=None: svg)
    dossier = factories.full_dossier("other")
    assert "図の目印" in read_pdf(case_pdf(dossier, meta=META)).squeezed()
    assert len(read_docx(case_docx(dossier, meta=META)).document.inline_shapes) == 1


# ------------------------------------------------------------------------------ kinds, escaping


def report(dossier: Dossier) -> Dossier:
    return Dossier(**{**dossier.__dict__, "kind": "report"})


def test_it_heads_a_report_with_hokoku_jiko() -> None:
    dossier = report(factories.full_dossier("outsourcing"))
    word = read_docx(case_docx(dossier, meta=DocMeta()))
    assert word.paragraphs()[0] == "報告事項"
    assert "諮問書" not in word.all_text()
    pdf_text = read_pdf(case_pdf(dossier, meta=DocMeta())).squeezed()
    assert "報告事項" in pdf_text
    assert "諮問書" not in pdf_text


def test_it_heads_a_consultation_with_shimonsho() -> None:
    word = read_docx(docx_of("outsourcing"))
    assert word.paragraphs()[:6] == [
        "諮問書",
        "諮問第12号",
        "令和5年1月16日",
        "テスト区情報公開・個人情報保護審議会　会長　様",
        "テスト区長",
        "下記の事項について、意見を求めます。",
    ]
    assert "諮問書" in read_pdf(pdf_of("outsourcing")).squeezed()


def test_it_escapes_a_title_with_markup_in_the_html() -> None:
    dossier = factories.full_dossier("other", title="危険な<b>&件名")
    page = case_html(dossier, META)
    assert "危険な&lt;b&gt;&amp;件名" in page
    assert "<b>" not in page
    assert "危険な<b>&件名" in read_pdf(case_pdf(dossier, meta=META)).squeezed()
    assert "危険な<b>&件名" in read_docx(case_docx(dossier, meta=META)).paragraphs()


def test_it_gives_the_web_page_a_fragment_without_inline_styles() -> None:
    fragment = case_html(factories.demo_999(), DocMeta(), fragment=True)
    assert fragment.startswith('<article class="casedoc">')
    assert "<style" not in fragment
    assert " style=" not in fragment.split("<svg", 1)[0]
    assert "<svg" in fragment
    assert "@page" in casedoc.stylesheet()
