"""The secretariat's upload page: who may use it, several files at once, the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.ingest import pipeline, store
from shingikai.ingest.models import IngestedFile
from shingikai.ingest.tests.test_store import make_record
from shingikai.meetings.models import Meeting

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not found")
SETAGAYA = "002_8e51d9809667fcb5.txt"
URL = "/ingest/"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_page_lives_at_ingest() -> None:
    assert reverse("ingest:upload") == URL


@pytest.mark.django_db
def test_only_the_secretariat_may_use_it(
    client: Client,
    secretariat_client: Client,
    department_client: Client,
    member_client: Client,
) -> None:
    assert client.get(URL).status_code == 302  # to the sign-in page
    assert department_client.get(URL).status_code == 403
    assert department_client.post(URL, {"files": [upload("a.txt", b"x")]}).status_code == 403
    assert member_client.get(URL).status_code == 403
    page = secretariat_client.get(URL)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode() and "multiple" in page.content.decode()
    assert not IngestedFile.objects.exists()


@pytest.mark.django_db
def test_the_navigation_links_it_for_the_secretariat_only(
    secretariat_client: Client, department_client: Client
) -> None:
    assert f'href="{URL}"' in secretariat_client.get(reverse("dashboard")).content.decode()
    assert f'href="{URL}"' not in department_client.get(reverse("dashboard")).content.decode()


@needs_seeds
@pytest.mark.django_db
def test_several_files_give_a_result_row_each(secretariat_client: Client, world: World) -> None:
    files = [
        upload(SETAGAYA, (SEEDS / SETAGAYA).read_bytes()),
        upload("empty.txt", b""),
        upload("broken.pdf", b"%PDF-1.7\n\x00\xff not a pdf"),
    ]
    response = secretariat_client.post(URL, {"files": files})

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert list(rows) == [SETAGAYA, "empty.txt", "broken.pdf"]
    meeting = Meeting.objects.get(minutes__imported=True)
    assert rows[SETAGAYA].meeting == meeting and rows[SETAGAYA].ok
    assert rows[SETAGAYA].agenda_items == meeting.agenda_items.count()
    assert rows["empty.txt"].message == "空のファイルです。"
    assert not rows["broken.pdf"].ok and rows["broken.pdf"].message
    page = response.content.decode()
    assert meeting.get_absolute_url() in page
    assert "空のファイルです。" in page
    assert rows["broken.pdf"].message in page
    assert "3件中2件を取り込めませんでした" in page
    assert meeting.published_at is None
    logged = dict(IngestedFile.objects.values_list("source_name", "status"))
    assert logged == {SETAGAYA: "imported", "empty.txt": "failed", "broken.pdf": "failed"}
    assert {f.created_by for f in IngestedFile.objects.all()} == {world.secretariat}


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(
    secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MAX_BYTES", 1024)
    response = secretariat_client.post(URL, {"files": [upload("big.txt", b"x" * 4096)]})
    (row,) = response.context["rows"]
    assert not row.ok and row.message.startswith("ファイルが大きすぎます")


@pytest.mark.django_db
def test_publish_and_the_same_file_again(
    secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = make_record("a.txt")
    monkeypatch.setattr(
        pipeline,
        "process",
        lambda data, name, **_kw: pipeline.FileResult(name, "0" * 64, len(data), "text", record),
    )
    first = secretariat_client.post(URL, {"files": [upload("a.txt", b"x")], "publish": "on"})
    (row,) = first.context["rows"]
    assert row.outcome == store.CREATED and row.meeting.published_at is not None
    again = secretariat_client.post(URL, {"files": [upload("a.txt", b"x")]})
    (row,) = again.context["rows"]
    assert row.outcome == store.UNCHANGED and row.message == store.LABELS[store.UNCHANGED]
    assert Meeting.objects.filter(minutes__imported=True).count() == 1
    assert "a.txt" in again.content.decode()  # the history lists it


@pytest.mark.django_db
def test_no_file_is_a_form_error(secretariat_client: Client) -> None:
    response = secretariat_client.post(URL, {})
    assert response.status_code == 200
    assert "ファイルを選んでください。" in response.content.decode()
    assert response.context["rows"] == []
