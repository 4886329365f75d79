"""Hostile files through the case's attachment upload and `shingikai case import`: each gets
one clear Japanese error and nothing is stored (rows counted before and after, no file left
in MEDIA_ROOT). The files come from fuzz/hostile.py."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pytest_django import Settings

from conftest import World
from fuzz import hostile
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import uploads
from shingikai.dossiers.models import Attachment, Case, CaseStatus, Party
from shingikai.dossiers.tests.test_import_command import _demo
from shingikai.lib import filetypes, limits

pytestmark = pytest.mark.django_db

WRONG_TYPE = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"
BROKEN_PDF = "PDFを読み取れません。ファイルが壊れていないか確認してください。"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def draft(world: World) -> Case:
    return Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="添付ファイルを付ける案件",
        status=CaseStatus.DRAFT,
    )


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def attach(client: Client, case: Case, name: str, data: bytes) -> list[str]:
    """Upload one file; the messages shown after the redirect."""
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    response = client.post(f"/cases/{case.pk}/attachments/", {"kind": "material", "file": upload})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


HOSTILE: list[tuple[str, Callable[[], bytes], str]] = [
    ("評価書.docx", hostile.docx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("一覧.xlsx", hostile.xlsx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("評価書.docx", hostile.dense_docx_bomb, filetypes.EXPANDS_TOO_FAR),
    ("評価書.docx", lambda: hostile.encrypted_zip(hostile.docx_file()), filetypes.ENCRYPTED),
    ("評価書.doc", hostile.old_office, filetypes.OLD_OFFICE),
    ("評価書.pdf", hostile.truncated_pdf, BROKEN_PDF),
    ("評価書.pdf", hostile.garbage_pdf, BROKEN_PDF),
    ("page.pdf", hostile.deep_html, WRONG_TYPE),
    ("memo.pdf", hostile.undecodable_text, WRONG_TYPE),
    ("empty.pdf", lambda: b"", "空のファイルです。"),
    ("big.pdf", hostile.oversize, "ファイルが大きすぎます（20MBまで）。"),
]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    HOSTILE,
    ids=[
        "docx-bomb",
        "xlsx-bomb",
        "dense-bomb",
        "encrypted",
        "old-doc",
        "truncated-pdf",
        "garbage-pdf",
        "deep-html",
        "bad-encoding",
        "empty",
        "oversize",
    ],
)
def test_a_hostile_attachment_gets_one_error_and_nothing_is_stored(
    name: str,
    make: Callable[[], bytes],
    message: str,
    draft: Case,
    department_client: Client,
    media: Path,
) -> None:
    before = (Attachment.objects.count(), AuditEvent.objects.count())

    shown = attach(department_client, draft, name, make())

    assert len(shown) == 1
    assert shown[0] in (f"{name}: {message}", message)
    assert (Attachment.objects.count(), AuditEvent.objects.count()) == before
    assert stored(media) == []


def test_an_image_named_pdf_is_kept_as_the_image_it_is(
    draft: Case, department_client: Client, media: Path
) -> None:
    assert attach(department_client, draft, "写真.pdf", hostile.png_file()) == [
        "添付ファイルを登録しました。"
    ]
    attachment = Attachment.objects.get(case=draft)
    assert attachment.content_type == "image/png"
    assert [p.suffix for p in stored(media)] == [".png"]


def test_a_file_over_the_cap_is_cut_off_and_refused_by_its_size(
    draft: Case,
    department_client: Client,
    media: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CappedUploadHandler stops storing past UPLOAD_FILE_MAX_SIZE (here 1 MB, as the
    form's limit); the form refuses the stand-in by the size received."""
    settings.UPLOAD_FILE_MAX_SIZE = 1024 * 1024
    monkeypatch.setattr(uploads, "MAX_BYTES", 1024 * 1024)

    shown = attach(department_client, draft, "big.pdf", hostile.oversize(2))

    assert shown == ["big.pdf: ファイルが大きすぎます（1MBまで）。"]
    assert not Attachment.objects.exists() and stored(media) == []


def test_a_pdf_that_takes_too_long_to_open_is_stopped(
    draft: Case,
    department_client: Client,
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow(data: bytes) -> int:
        time.sleep(60)
        return 1

    monkeypatch.setattr(uploads, "pdf_pages", slow)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)

    shown = attach(department_client, draft, "slow.pdf", hostile.truncated_pdf())

    assert shown == [f"slow.pdf: {limits.TOO_SLOW.format(seconds=0.5)}"]
    assert not Attachment.objects.exists() and stored(media) == []


# -- shingikai case import ------------------------------------------------------------------


def _laughs(place: str) -> bytes:
    levels = ['a0: &a0 ["笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 12)]
    return ("\n".join(levels) + "\n" + place + "\n").encode()


CASE_FILES: list[tuple[str, Callable[[World], bytes], str]] = [
    ("empty", lambda w: b"", "ファイルが空です。"),
    ("image", lambda w: hostile.png_file(), "UTF-8の文字コードで保存してください。"),
    ("shift-jis", lambda w: "council: 審議会\n".encode("cp932"), "UTF-8の文字コード"),
    ("oversize", lambda w: b"#" * (3 * 1024 * 1024), "ファイルが大きすぎます（2MBまで）。"),
    ("deep", lambda w: b"title: " + b"[" * 100_000, "YAML/JSONとして読めません。"),
    (
        "laughs",
        lambda w: _laughs("flow:\n  - {number: 1, from: a, to: b, items: *a11}"),
        "flow[1].items[1]: 項目名を文字列で書いてください。",
    ),
    (
        "long-title",
        lambda w: yaml.safe_dump(_demo("setagaya-1000", w) | {"title": "あ" * 301}).encode(),
        "title: 300文字以内にしてください（301文字あります）。",
    ),
    (
        "huge-number",
        lambda w: yaml.safe_dump(_demo("setagaya-1000", w) | {"number": 10**10}).encode(),
        "number: 2147483647以下の数値にしてください。",
    ),
]


@pytest.mark.parametrize(
    ("make", "expected"), [(m, e) for _, m, e in CASE_FILES], ids=[i for i, _, _ in CASE_FILES]
)
def test_a_hostile_case_file_is_refused_with_its_problem_and_nothing_is_stored(
    make: Callable[[World], bytes], expected: str, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(make(world))
    before = (Case.objects.count(), Party.objects.count(), AuditEvent.objects.count())
    err = io.StringIO()

    with pytest.raises(CommandError, match="1件のファイルを取り込めませんでした"):
        call_command("case", "import", str(path), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines and all(line.startswith(f"{path}: ") for line in lines)
    assert any(expected in line for line in lines), lines
    assert (Case.objects.count(), Party.objects.count(), AuditEvent.objects.count()) == before


def test_a_case_file_that_takes_too_long_to_parse_is_stopped(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shingikai.dossiers import importing

    def slow(data: bytes, catalogue: dict[str, str]) -> None:
        time.sleep(60)

    monkeypatch.setattr(importing, "_parse", slow)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)
    path = tmp_path / "case.yaml"
    path.write_bytes(yaml.safe_dump(_demo("setagaya-1000", world)).encode())
    before = Case.objects.count()
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("case", "import", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == f"{path}: {limits.TOO_SLOW.format(seconds=0.5)}\n"
    assert Case.objects.count() == before
