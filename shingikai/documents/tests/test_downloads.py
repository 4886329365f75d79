"""Downloading the case document as Word and PDF: who may, and what arrives."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import docx
import pdfplumber
import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers.models import Case, CaseStatus

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "「健康推進業務」における外部委託について"
SUBTITLE = "妊婦健康診査受診票の作成・発送業務委託"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture
def case(world: World) -> Case:
    return make_case(
        world.council,
        world.health,
        TITLE,
        CaseStatus.DRAFT,
        "outsourcing",
        "external_connection",
        subtitle=SUBTITLE,
    )


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_lets_the_department_download_its_case(
    suffix: str, world: World, case: Case, department_client: Client
) -> None:
    response = department_client.get(f"/documents/cases/{case.pk}/document.{suffix}")

    assert response.status_code == 200
    assert response["Content-Type"] == (DOCX_TYPE if suffix == "docx" else "application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="case-{case.pk}.{suffix}";')
    assert f"filename*=UTF-8''{quote(f'案件_{SUBTITLE}.{suffix}')}" in disposition
    body = response.content
    if suffix == "docx":
        assert body.startswith(b"PK\x03\x04")
        text = _docx_text(body)
    else:
        assert body.startswith(b"%PDF-")
        text = _pdf_text(body)
    assert _squeeze(TITLE) in _squeeze(text)
    assert "外部委託" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_id=str(case.pk))
    assert event.actor == world.department
    assert event.object_type == "dossiers.Case"
    assert event.summary == f"案件文書（{suffix}）"


def test_it_names_the_file_by_the_case_number_once_numbered(
    world: World, department_client: Client
) -> None:
    case = world.health_case

    response = department_client.get(f"/documents/cases/{case.pk}/document.docx")

    assert response.status_code == 200
    label = case.number_label
    assert label
    name = quote(f"{label}_{case.title}"[:60] + ".docx")
    assert f"filename*=UTF-8''{name}" in response["Content-Disposition"]
    assert label in _docx_text(response.content)


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_hides_the_document_from_another_department(
    suffix: str, case: Case, other_department_client: Client, member_client: Client
) -> None:
    url = f"/documents/cases/{case.pk}/document.{suffix}"

    assert other_department_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 404  # a draft is not for members
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_it_sends_anonymous_visitors_to_sign_in(suffix: str, case: Case) -> None:
    url = f"/documents/cases/{case.pk}/document.{suffix}"

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_it_answers_404_for_a_case_that_does_not_exist(department_client: Client) -> None:
    assert department_client.get("/documents/cases/999999/document.docx").status_code == 404
