"""Attachments of a case: upload (checked by content), list, download, delete."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import records, uploads
from shingikai.dossiers.models import Attachment, Case, CaseStatus

pytestmark = pytest.mark.django_db

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WRONG_KIND = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"


def small_pdf(text: str = "Shingikai attachment") -> bytes:
    """A real one-page PDF, written by hand with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def small_docx(text: str = "特定個人情報保護評価書（案）") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft(world: World) -> Case:
    return Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="添付ファイルを付ける案件",
        status=CaseStatus.DRAFT,
    )


def _upload(client: Client, case: Case, name: str, data: bytes, kind: str = "material") -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(f"/cases/{case.pk}/attachments/", {"kind": kind, "file": upload})


def test_the_helpers_make_real_files() -> None:
    with pdfplumber.open(io.BytesIO(small_pdf())) as pdf:
        assert "Shingikai attachment" in pdf.pages[0].extract_text()
    assert docx.Document(io.BytesIO(small_docx())).paragraphs[0].text == (
        "特定個人情報保護評価書（案）"
    )


@pytest.mark.parametrize(
    ("name", "make", "content_type", "extension"),
    [
        ("評価書（案）.pdf", small_pdf, PDF_TYPE, ".pdf"),
        ("説明資料.docx", small_docx, DOCX_TYPE, ".docx"),
        # The name says PDF, the content says Word: the content wins.
        ("名前はPDF.pdf", small_docx, DOCX_TYPE, ".docx"),
    ],
    ids=["pdf", "docx", "docx-named-pdf"],
)
def test_it_stores_an_upload_with_its_detected_type_and_hash(
    name: str,
    make: Callable[[], bytes],
    content_type: str,
    extension: str,
    world: World,
    draft: Case,
    department_client: Client,
    _media: Path,
) -> None:
    data = make()

    response = _upload(department_client, draft, name, data, kind="pia_draft_report")

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#attachments"
    attachment = Attachment.objects.get(case=draft)
    assert attachment.name == name
    assert attachment.kind == "pia_draft_report"
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == world.department
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(_media)
    assert stored.name == f"{attachment.sha256[:16]}{extension}"
    assert stored.read_bytes() == data
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="dossiers.Attachment"
    ).exists()

    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "添付ファイルを登録しました。" in page
    assert f'href="/cases/{draft.pk}/attachments/{attachment.pk}/">{name}</a>' in page
    assert "添付ファイル（1）" in page
    assert [a.sha256 for a in records.dossier_of(draft).attachments] == [attachment.sha256]


def test_it_lets_the_department_download_and_hides_it_from_others(
    draft: Case,
    department_client: Client,
    other_department_client: Client,
    member_client: Client,
) -> None:
    data = small_pdf()
    _upload(department_client, draft, "評価書（案）.pdf", data)
    attachment = Attachment.objects.get(case=draft)
    url = f"/cases/{draft.pk}/attachments/{attachment.pk}/"

    response = department_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == PDF_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%A9%95%E4%BE%A1%E6%9B%B8" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == data
    # No response.close() here: it ends the request, and on PostgreSQL closes the test
    # database connection with it.
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, object_id=str(attachment.pk)
    ).exists()

    assert other_department_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # An attachment id of another case is not found through this case.
    other = Case.objects.create(
        council=draft.council,
        department=draft.department,
        kind="report",
        title="別の案件",
        status=CaseStatus.DRAFT,
    )
    assert department_client.get(f"/cases/{other.pk}/attachments/{attachment.pk}/").status_code == (
        404
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("偽物.pdf", "これはPDFではありません。\n".encode(), f"偽物.pdf: {WRONG_KIND}"),
        ("script.pdf", b"<html><script>alert(1)</script></html>", f"script.pdf: {WRONG_KIND}"),
        ("zip.docx", b"PK\x03\x04not really a zip", f"zip.docx: {WRONG_KIND}"),
        ("空.pdf", b"", "空のファイルです。"),
    ],
    ids=["text-named-pdf", "html-named-pdf", "broken-zip", "empty"],
)
def test_it_refuses_a_file_that_is_not_what_it_claims(
    name: str,
    data: bytes,
    message: str,
    draft: Case,
    department_client: Client,
    _media: Path,
) -> None:
    response = _upload(department_client, draft, name, data)

    assert response.status_code == 302
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert message in page
    assert "添付ファイルを登録しました。" not in page
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*"))


def test_it_refuses_a_file_over_the_limit(
    draft: Case, department_client: Client, _media: Path
) -> None:
    data = b"%PDF-1.4\n" + b"0" * uploads.MAX_BYTES

    response = _upload(department_client, draft, "大きすぎる.pdf", data)

    assert response.status_code == 302
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "大きすぎる.pdf: ファイルが大きすぎます（20MBまで）。" in page
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in _media.rglob("*"))


def test_it_refuses_an_upload_without_a_file(draft: Case, department_client: Client) -> None:
    response = department_client.post(f"/cases/{draft.pk}/attachments/", {"kind": "material"})

    assert response.status_code == 302
    assert (
        "ファイルを選んでください。"
        in department_client.get(f"/cases/{draft.pk}/").content.decode()
    )
    assert not Attachment.objects.exists()


def test_it_keeps_other_departments_and_members_from_uploading(
    draft: Case, other_department_client: Client, member_client: Client
) -> None:
    for client in (other_department_client, member_client):
        assert _upload(client, draft, "a.pdf", small_pdf()).status_code == 404
    assert not Attachment.objects.exists()


def test_it_deletes_an_attachment_while_the_case_is_editable(
    draft: Case,
    department_client: Client,
    other_department_client: Client,
    _media: Path,
) -> None:
    _upload(department_client, draft, "評価書（案）.pdf", small_pdf())
    attachment = Attachment.objects.get(case=draft)
    stored = Path(attachment.file.path)
    url = f"/cases/{draft.pk}/attachments/{attachment.pk}/delete/"

    assert department_client.get(url).status_code == 405
    assert other_department_client.post(url).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()

    response = department_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#attachments"
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored.exists()
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "添付ファイルを削除しました。" in page
    assert "添付ファイルはありません。" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_id=str(attachment.pk)
    ).exists()


def test_it_locks_the_attachments_once_the_case_is_submitted(
    draft: Case, department_client: Client
) -> None:
    _upload(department_client, draft, "評価書（案）.pdf", small_pdf())
    attachment = Attachment.objects.get(case=draft)
    Case.objects.filter(pk=draft.pk).update(status=CaseStatus.SUBMITTED)

    delete = department_client.post(f"/cases/{draft.pk}/attachments/{attachment.pk}/delete/")
    upload = _upload(department_client, draft, "追加.docx", small_docx())

    assert delete.status_code == 403
    assert upload.status_code == 403
    assert list(Attachment.objects.values_list("pk", flat=True)) == [attachment.pk]
    # Still readable: the department downloads what it sent.
    assert department_client.get(f"/cases/{draft.pk}/attachments/{attachment.pk}/").status_code == (
        200
    )
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "/delete/" not in page.split('id="attachments"')[1].split("</section>")[0]
