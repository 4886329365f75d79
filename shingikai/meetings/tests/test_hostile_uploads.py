"""Hostile files through the secretariat's material upload: each gets one clear Japanese
error next to the file field and nothing is stored (no Material row, no audit event, no file
in MEDIA_ROOT). The files come from fuzz/hostile.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from conftest import World
from fuzz import hostile
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import uploads
from shingikai.lib import filetypes, limits
from shingikai.meetings.models import Material
from shingikai.meetings.tests.test_materials import field_error, stored_files, upload

pytestmark = pytest.mark.django_db

WRONG_TYPE = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"
BROKEN_PDF = "PDFを読み取れません。ファイルが壊れていないか確認してください。"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


CASES: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("docx-bomb", "資料.docx", hostile.docx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("xlsx-bomb", "資料.xlsx", hostile.xlsx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("dense-bomb", "資料.docx", hostile.dense_docx_bomb, filetypes.EXPANDS_TOO_FAR),
    ("encrypted", "資料.xlsx", lambda: hostile.encrypted_zip(hostile.xlsx_file()), "暗号化"),
    ("old-xls", "資料.xls", hostile.old_office, "旧形式（.doc・.xls）"),
    ("truncated-pdf", "資料.pdf", hostile.truncated_pdf, BROKEN_PDF),
    ("garbage-pdf", "資料.pdf", hostile.garbage_pdf, BROKEN_PDF),
    ("deep-html", "資料.pdf", hostile.deep_html, WRONG_TYPE),
    ("bad-encoding", "資料.pdf", hostile.undecodable_text, WRONG_TYPE),
    ("empty", "資料.pdf", lambda: b"", "空のファイルです。"),
    ("oversize", "資料.pdf", hostile.oversize, "ファイルが大きすぎます（20MBまで）。"),
]


@pytest.mark.parametrize(
    ("name", "make", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_hostile_material_gets_one_error_next_to_the_field_and_nothing_is_stored(
    name: str,
    make: Callable[[], bytes],
    message: str,
    world: World,
    secretariat_client: Client,
    media: Path,
) -> None:
    before = (Material.objects.count(), AuditEvent.objects.count())

    response = upload(secretariat_client, world, file=SimpleUploadedFile(name, make()))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    (error,) = response.context["form"].errors["file"]
    assert message in error
    assert field_error(response.content.decode(), "file") == error
    assert (Material.objects.count(), AuditEvent.objects.count()) == before
    assert stored_files(media) == []


def test_an_image_named_pdf_is_kept_as_the_image_it_is(
    world: World, secretariat_client: Client, media: Path
) -> None:
    png = SimpleUploadedFile("写真.pdf", hostile.png_file(), "application/pdf")
    response = upload(secretariat_client, world, file=png)
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.file.name.endswith(".png") and material.pages is None


def test_a_pdf_that_takes_too_long_to_count_is_stopped(
    world: World, secretariat_client: Client, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(data: bytes) -> int:
        time.sleep(60)
        return 1

    monkeypatch.setattr(uploads, "pdf_pages", slow)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)

    pdf = SimpleUploadedFile("資料.pdf", hostile.truncated_pdf(), "application/pdf")
    response = upload(secretariat_client, world, file=pdf)

    assert response.context["form"].errors["file"] == [limits.TOO_SLOW.format(seconds=0.5)]
    assert not Material.objects.exists() and stored_files(media) == []


def test_a_pdf_that_needs_too_much_memory_is_stopped(
    world: World, secretariat_client: Client, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def greedy(data: bytes) -> int:
        return len(bytearray(1024 * 1024 * 1024))

    monkeypatch.setattr(uploads, "pdf_pages", greedy)
    monkeypatch.setattr(limits, "PARSE_MEMORY", 128 * limits.MB)

    pdf = SimpleUploadedFile("資料.pdf", hostile.truncated_pdf(), "application/pdf")
    response = upload(secretariat_client, world, file=pdf)

    assert response.context["form"].errors["file"] == [limits.TOO_MUCH_MEMORY]
    assert not Material.objects.exists() and stored_files(media) == []
