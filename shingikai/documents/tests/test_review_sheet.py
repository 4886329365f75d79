"""The review sheet (論点整理表): downloaded as Word and PDF for a case with findings and
decisions, read back; and the sheet's blocks when there is nothing to point out."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.test import Client

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.documents.blocks import Paragraph, Table
from shingikai.documents.reviewsheet import (
    COLUMNS,
    SheetEntry,
    SheetHeader,
    review_sheet,
    review_sheet_docx,
)
from shingikai.documents.tests import factories
from shingikai.documents.tests.readback import A4_HEIGHT, A4_WIDTH, read_docx, read_pdf, squeeze
from shingikai.dossiers import records
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure.catalogue import SEED_ITEMS
from shingikai.review import actions, definitions, engine
from shingikai.review.findings import Precheck, precheck
from shingikai.review.models import FindingDecision

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOTE = "委託先はプロポーザルで令和5年1月下旬に決定し、結果を審議会に報告する"
ANSWER = "LGWAN回線によるデータ伝送に限り、電子記録媒体は使用しない。"
NOTHING = "点検で指摘する論点はありません。"


@pytest.fixture
def case(world: World) -> Case:
    """健康推進課's accepted case with the 999 demo's content: many findings."""
    text = factories.DEMO_999.read_text(encoding="utf-8")
    dossier = casefile.parse(casefile.load_text(text), records.catalogue())
    return records.write_dossier(world.health_case, dossier)


@pytest.fixture
def decided(world: World, case: Case) -> Precheck:
    """The first finding resolved with a note; the second sent as a question and answered."""
    rows = precheck(case).rows
    assert len(rows) >= 3
    first, second = rows[0].finding, rows[1].finding
    actions.decide(
        world.secretariat, case, first.concern_id, FindingDecision.Status.RESOLVED, NOTE, None
    )
    question = actions.send(world.secretariat, case, second, None)
    actions.answer(world.department, question, ANSWER, None)
    return precheck(case)


def download(client: Client, case: Case, suffix: str):
    return client.get(f"/documents/cases/{case.pk}/review-sheet.{suffix}")


# -- downloads -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_sends_the_sheet_as_an_attachment_and_records_the_export(
    suffix: str, world: World, case: Case, secretariat_client: Client
) -> None:
    response = download(secretariat_client, case, suffix)

    assert response.status_code == 200
    assert response["Content-Type"] == (DOCX_TYPE if suffix == "docx" else "application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="review-{case.pk}.{suffix}";')
    name = quote(f"論点整理表_{case.number_label}.{suffix}")
    assert disposition.endswith(f"filename*=UTF-8''{name}")
    assert response.content.startswith(b"PK\x03\x04" if suffix == "docx" else b"%PDF-")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == world.secretariat
    assert (event.object_type, event.object_id) == ("dossiers.Case", str(case.pk))
    assert event.summary == f"論点整理表（{suffix}）"


@pytest.mark.django_db
def test_it_prints_a_row_per_finding_in_word(
    case: Case, decided: Precheck, secretariat_client: Client
) -> None:
    word = read_docx(download(secretariat_client, case, "docx").content)

    assert word.paragraphs()[0] == "論点整理表"
    assert f"{case.number_label} {case.full_title}" in word.paragraphs()
    assert "担当課：保健所健康推進課" in word.paragraphs()
    assert case.council.name in word.paragraphs()
    assert f"（{len(decided.rows)}件）" in word.all_text()
    (table,) = word.tables()
    header, *rows = table
    assert header == [c.label for c in COLUMNS]
    assert len(rows) == len(decided.rows)
    for number, (row, checked) in enumerate(zip(rows, decided.rows, strict=True), 1):
        finding = checked.finding
        assert row[0] == str(number)
        assert finding.severity_label in row[1]
        assert finding.question in row[2]
        assert f"（{finding.concern_id}）" in row[2]
        assert (finding.evidence[0].label if finding.evidence else "案件全体") in row[3]
    resolved, answered, *rest = rows
    assert resolved[4].splitlines() == ["解決", NOTE]
    assert answered[4].splitlines() == ["担当課へ送付", f"回答：{ANSWER}"]
    assert all(row[4] == "未処理" for row in rest)


@pytest.mark.django_db
def test_it_prints_the_sheet_as_an_a4_pdf(
    case: Case, decided: Precheck, secretariat_client: Client
) -> None:
    pdf = read_pdf(download(secretariat_client, case, "pdf").content)

    assert pdf.sizes
    for width, height in pdf.sizes:
        assert abs(width - A4_WIDTH) <= 2
        assert abs(height - A4_HEIGHT) <= 2
    text = pdf.squeezed()
    assert "論点整理表" in text
    assert squeeze(case.number_label) in text
    assert squeeze(case.subtitle) in text
    assert decided.rows[0].finding.concern_id in text
    assert decided.rows[-1].finding.concern_id in text
    assert squeeze(NOTE) in text
    assert squeeze(ANSWER) in text


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_lets_the_department_and_members_download_the_sheet(
    suffix: str, case: Case, department_client: Client, member_client: Client
) -> None:
    assert download(department_client, case, suffix).status_code == 200
    assert download(member_client, case, suffix).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_hides_the_sheet_from_another_department(
    suffix: str, case: Case, other_department_client: Client, outsider_client: Client
) -> None:
    assert download(other_department_client, case, suffix).status_code == 404
    assert download(outsider_client, case, suffix).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_sign_in(case: Case) -> None:
    url = f"/documents/cases/{case.pk}/review-sheet.pdf"

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# -- the blocks, without Django --------------------------------------------------------------

HEADER = SheetHeader(
    council="テスト区情報公開・個人情報保護審議会",
    case_label="諮問第12号",
    title="「テスト業務」における外部委託について",
    department="保健所 健康推進課",
    date=dt.date(2023, 1, 16),
)


def test_it_says_there_is_nothing_to_point_out() -> None:
    document = review_sheet(HEADER, [])

    blocks = document.blocks
    assert Paragraph(NOTHING, "none") in blocks
    assert blocks[-1] == Paragraph(NOTHING, "none")
    assert not any(isinstance(b, Table) for b in blocks)
    assert blocks[0] == Paragraph("論点整理表", "doc-title")
    assert Paragraph("令和5年1月16日", "right") in blocks
    assert Paragraph("諮問第12号 「テスト業務」における外部委託について", "case-title") in blocks
    assert any(isinstance(b, Paragraph) and "（0件）" in b.text for b in blocks)
    assert document.title == "論点整理表 諮問第12号"
    assert not document.draft


def test_it_prints_nothing_to_point_out_in_word() -> None:
    word = read_docx(review_sheet_docx(HEADER, []))

    assert word.tables() == []
    assert word.paragraphs()[-1] == NOTHING


def test_it_puts_a_row_per_entry_in_the_table() -> None:
    findings = engine.run(factories.demo_999(), definitions.load(), dict(SEED_ITEMS))
    entries = [SheetEntry(f, "未処理") for f in findings]

    blocks = review_sheet(HEADER, entries).blocks

    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert NOTHING not in [b.text for b in blocks if isinstance(b, Paragraph)]
    assert [row[0] for row in table.rows] == [(str(n),) for n in range(1, len(findings) + 1)]
    assert table.rows[0][2][-1] == f"（{findings[0].concern_id}）"
