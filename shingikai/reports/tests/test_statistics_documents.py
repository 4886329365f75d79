"""The statistics report downloaded as Word and PDF for the meeting, read back: the tables
with their figures and changes, a chart per category, A4 with page numbers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.documents.tests.readback import A4_HEIGHT, A4_WIDTH, read_docx, read_pdf
from shingikai.reports.tests.test_statistics import three_years  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("frozen", "three_years")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER = ["区分", "令和3年度", "令和4年度", "令和5年度", "前年度比"]


def download(client: Client, world: World, suffix: str) -> bytes:
    url = reverse(f"reports:statistics_{suffix}", args=[world.municipality.pk, 2023])
    response = client.get(url + "?years=3")
    assert response.status_code == 200
    assert response["Content-Type"] == (DOCX if suffix == "docx" else "application/pdf")
    assert "attachment;" in response["Content-Disposition"]
    return response.content


def test_it_writes_the_report_as_word(world: World, member_client: Client) -> None:
    word = read_docx(download(member_client, world, "docx"))

    assert word.paragraphs("Doc Title") == ["令和5年度 情報公開制度・個人情報保護制度の実施状況"]
    assert word.paragraphs("Heading 1") == ["１　公文書の開示請求", "２　自己情報の開示請求"]
    public, appeals, personal, _personal_appeals = word.tables()
    assert public[0] == HEADER
    assert public[1] == ["請求件数", "10", "12", "9", "−3"]
    assert public[5] == ["不存在", "0", "0", "1", "+1"]
    assert appeals[1] == ["審査請求件数", "0", "1", "0", "−1"]
    assert personal[1] == ["請求件数", "—", "—", "4", "—"]
    assert len(word.document.inline_shapes) == 2
    assert "公文書の開示請求：決定の内容" in word.document.inline_shapes[0]._inline.docPr.get(
        "descr"
    )
    number_cell = word.document.tables[0].rows[1].cells[1].paragraphs[0]
    assert number_cell.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "PAGE" in word.footer_xml()
    assert AuditEvent.objects.filter(action="export", summary__endswith="実施状況.docx").exists()


def test_it_writes_the_report_as_pdf(world: World, member_client: Client) -> None:
    pdf = read_pdf(download(member_client, world, "pdf"))

    text = pdf.squeezed()
    assert all(abs(w - A4_WIDTH) < 1 and abs(h - A4_HEIGHT) < 1 for w, h in pdf.sizes)
    assert "令和5年度情報公開制度・個人情報保護制度の実施状況" in text
    assert "請求件数10129−3" in text
    assert "不存在001+1" in text
    assert "公文書の開示請求：決定の内容（年度別）" in text  # the chart's title is text
    assert f"1/{len(pdf.sizes)}" in text
    assert "※前年度比は、令和5年度と令和4年度の件数の差です。" in text
