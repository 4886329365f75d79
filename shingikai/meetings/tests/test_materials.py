"""Materials of a meeting: upload and delete by the secretariat, who sees which material,
and the meeting packet PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from pytest_django import Settings
from weasyprint import HTML

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.meetings import access
from shingikai.meetings.materials import ordered
from shingikai.meetings.models import AgendaItem, Material

pytestmark = pytest.mark.django_db

WRONG_TYPE = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_pdf(pages: int, text: str) -> bytes:
    body = "".join(
        f'<p style="break-before: page">{text} {i}ページ目</p>' for i in range(1, pages + 1)
    )
    return HTML(string=body).write_pdf()


def make_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_file(
    pages: int = 2, text: str = "説明資料", name: str = "setsumei.pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(pages, text), "application/pdf")


def items(world: World) -> tuple[AgendaItem, AgendaItem]:
    public_item, closed_item = world.meeting.agenda_items.order_by("order")
    return public_item, closed_item


def upload(client: Client, world: World, **data: object) -> object:
    payload: dict[str, object] = {
        "label": "資料1",
        "title": "健康推進課の説明資料",
        "agenda_item": "",
        "visibility": "public",
    }
    payload.update(data)
    payload.setdefault("file", pdf_file())
    return client.post(f"/meetings/{world.meeting.pk}/materials/new/", payload)


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<p class="field__error" id="id_{field}-error">(.*?)</p>', html)
    return match.group(1) if match else ""


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def add(world: World, label: str, title: str = "資料", **extra: object) -> Material:
    return Material.objects.create(meeting=world.meeting, label=label, title=title, **extra)


# -- uploading --------------------------------------------------------------------------


def test_it_lets_the_secretariat_upload_a_pdf_and_counts_its_pages(
    world: World, secretariat_client: Client, media: Path
) -> None:
    public_item, _ = items(world)

    response = upload(
        secretariat_client,
        world,
        label="資料 １",
        agenda_item=public_item.pk,
        file=pdf_file(3),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{world.meeting.pk}/#materials"
    material = Material.objects.get()
    assert (material.label, material.title, material.pages) == ("資料1", "健康推進課の説明資料", 3)
    assert material.agenda_item == public_item
    assert material.is_public
    assert Path(material.file.path).is_relative_to(media)
    assert Path(material.file.path).read_bytes().startswith(b"%PDF-")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert (event.actor, event.object_id) == (world.secretariat, str(material.pk))
    assert event.changes["pages"] == 3


def test_it_accepts_a_word_file_without_pages(world: World, secretariat_client: Client) -> None:
    response = upload(
        secretariat_client,
        world,
        visibility="closed",
        file=SimpleUploadedFile("betten.docx", make_docx("別添の表"), "application/octet-stream"),
    )

    assert response.status_code == 302
    material = Material.objects.get()
    assert material.pages is None
    assert not material.is_public
    assert material.file.name.endswith(".docx")


def test_it_pre_fills_the_next_free_label(world: World, secretariat_client: Client) -> None:
    add(world, "資料1")
    add(world, "資料2")
    add(world, "資料2-1")
    url = f"/meetings/{world.meeting.pk}/materials/new/"

    def prefilled(query: str, **headers: str) -> str:
        html = secretariat_client.get(url + query, **headers).content.decode()
        return re.search(r'name="label" value="([^"]*)"', html).group(1)

    assert prefilled("") == "資料3"
    assert prefilled("?number=2") == "資料2-2"
    assert prefilled("?number=2&reference=1") == "参考資料2-1"
    assert prefilled("?number=x") == "資料3"
    fragment = secretariat_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'enctype="multipart/form-data"' in fragment


@pytest.mark.parametrize(
    ("client_name", "status"),
    [
        ("member_client", 403),
        ("department_client", 403),
        ("other_department_client", 403),
        ("outsider_client", 404),
    ],
)
def test_it_lets_only_the_secretariat_upload(
    request: pytest.FixtureRequest, world: World, media: Path, client_name: str, status: int
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert client.get(f"/meetings/{world.meeting.pk}/materials/new/").status_code == status
    assert upload(client, world).status_code == status
    assert not Material.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"file": SimpleUploadedFile("memo.pdf", b"just text, named .pdf", "application/pdf")},
            "file",
            WRONG_TYPE,
        ),
        (
            {"file": SimpleUploadedFile("broken.pdf", b"%PDF-1.4 nothing else", "application/pdf")},
            "file",
            "PDFを読み取れません。ファイルが壊れていないか確認してください。",
        ),
        (
            {"label": "資料 １ ８ － ２"},
            "label",
            "この会議には「資料18-2」がすでにあります。別の資料番号にしてください。",
        ),
        ({"title": ""}, "title", "この項目は必須です。"),
        ({"file": ""}, "file", "ファイルを選んでください。"),
    ],
)
def test_it_shows_the_japanese_error_next_to_the_field_and_stores_nothing(
    world: World,
    secretariat_client: Client,
    media: Path,
    data: dict[str, object],
    field: str,
    message: str,
) -> None:
    add(world, "資料18-2")

    response = upload(secretariat_client, world, **data)

    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, field) == message
    assert "入力内容を確認してください（1件）。" in html
    assert Material.objects.count() == 1
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_it_refuses_a_file_over_the_size_limit(
    world: World, secretariat_client: Client, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shingikai.dossiers.uploads.MAX_BYTES", 2 * 1024 * 1024)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024), "application/pdf")

    response = upload(secretariat_client, world, file=big)

    assert field_error(response.content.decode(), "file") == "ファイルが大きすぎます（2MBまで）。"
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_it_keeps_a_material_of_a_closed_item_closed(
    world: World, secretariat_client: Client
) -> None:
    _, closed_item = items(world)

    response = upload(secretariat_client, world, agenda_item=closed_item.pk, visibility="public")

    assert field_error(response.content.decode(), "visibility") == (
        "非公開の議題の資料は「非公開」にしてください。"
    )
    assert not Material.objects.exists()


def test_it_keeps_the_order_of_the_labels(world: World, secretariat_client: Client) -> None:
    for label in ("資料19", "参考資料18-1", "資料2", "資料18-1", "資料18"):
        assert upload(secretariat_client, world, label=label).status_code == 302

    by_order = Material.objects.filter(meeting=world.meeting).order_by("order")
    assert [m.label for m in by_order] == ["資料2", "資料18", "資料18-1", "参考資料18-1", "資料19"]
    assert [m.label for m in ordered(Material.objects.all())] == [m.label for m in by_order]


# -- deleting ---------------------------------------------------------------------------


def test_it_lets_the_secretariat_delete_a_material_and_its_file(
    world: World, secretariat_client: Client, media: Path
) -> None:
    upload(secretariat_client, world)
    material = Material.objects.get()
    url = f"/meetings/{world.meeting.pk}/materials/{material.pk}/delete/"

    assert secretariat_client.get(url).status_code == 405
    response = secretariat_client.post(url)

    assert response.status_code == 302
    assert not Material.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert event.changes["label"] == "資料1"


@pytest.mark.django_db(transaction=True)
def test_it_removes_the_file_once_the_deletion_is_committed(
    world: World, secretariat_client: Client, media: Path
) -> None:
    upload(secretariat_client, world)
    material = Material.objects.get()

    secretariat_client.post(f"/meetings/{world.meeting.pk}/materials/{material.pk}/delete/")

    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("member_client", 403), ("department_client", 403), ("outsider_client", 404)],
)
def test_it_lets_only_the_secretariat_delete(
    request: pytest.FixtureRequest, world: World, client_name: str, status: int
) -> None:
    material = add(world, "資料1")
    client: Client = request.getfixturevalue(client_name)

    response = client.post(f"/meetings/{world.meeting.pk}/materials/{material.pk}/delete/")

    assert response.status_code == status
    assert Material.objects.filter(pk=material.pk).exists()


# -- who sees which material ------------------------------------------------------------


@pytest.fixture
def mixed(world: World) -> dict[str, Material]:
    public_item, closed_item = items(world)
    return {
        "public": add(world, "資料1", "健康推進課の説明資料", agenda_item=public_item),
        "closed": add(
            world, "資料2", "子ども家庭課の非公開資料", agenda_item=closed_item, is_public=False
        ),
        "general": add(world, "参考資料1", "審議会の運営について"),
    }


def card(world: World, user: object) -> str:
    materials = ordered(access.visible_materials(user, world.meeting))
    return render_to_string(
        "meetings/_materials.html", {"meeting": world.meeting, "materials": materials, "user": user}
    )


def test_department_staff_do_not_see_another_departments_closed_material(
    world: World, mixed: dict[str, Material], department_client: Client
) -> None:
    html = card(world, world.department)

    assert "健康推進課の説明資料" in html
    assert "審議会の運営について" in html
    assert "子ども家庭課の非公開資料" not in html
    assert "会議資料を一括ダウンロード" not in html
    assert "資料を追加" not in html
    page = department_client.get(f"/meetings/{world.meeting.pk}/").content.decode()
    assert "子ども家庭課の非公開資料" not in page


def test_the_department_of_the_closed_item_sees_its_material(
    world: World, mixed: dict[str, Material]
) -> None:
    html = card(world, world.other_department)

    assert "子ども家庭課の非公開資料" in html
    assert '<span class="badge badge--closed">非公開</span>' in html


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_members_and_the_secretariat_see_every_material_in_label_order(
    world: World, mixed: dict[str, Material], role: str
) -> None:
    html = card(world, getattr(world, role))

    positions = [html.index(t) for t in ("資料1<", "参考資料1<", "資料2<")]
    assert positions == sorted(positions)
    assert "子ども家庭課の非公開資料" in html
    assert f'href="/documents/meetings/{world.meeting.pk}/packet.pdf"' in html
    assert ("資料を追加" in html) == (role == "secretariat")
    assert ("削除" in html) == (role == "secretariat")


# -- the packet -------------------------------------------------------------------------


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


@pytest.fixture
def packet_meeting(world: World, secretariat_client: Client) -> World:
    """Two uploaded PDFs (2 and 3 pages: the second belongs to the closed item, so that item
    needs no generated case document), a Word file, and the health case on the agenda."""
    _, closed_item = items(world)
    world.meeting.venue = "区役所本庁舎5階 第1委員会室"
    world.meeting.save()
    for data in (
        {"label": "資料1", "title": "会議の進め方", "file": pdf_file(2, "進め方")},
        {
            "label": "資料2",
            "title": "子ども家庭課の諮問資料",
            "file": pdf_file(3, "子ども資料"),
            "agenda_item": closed_item.pk,
            "visibility": "closed",
        },
        {
            "label": "参考資料1",
            "title": "委託先一覧",
            "file": SimpleUploadedFile("list.docx", make_docx("一覧"), "application/octet-stream"),
        },
    ):
        assert upload(secretariat_client, world, **data).status_code == 302
    return world


def test_the_packet_binds_cover_contents_materials_and_the_case_document(
    packet_meeting: World, member_client: Client
) -> None:
    world = packet_meeting
    response = member_client.get(f"/documents/meetings/{world.meeting.pk}/packet.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="meeting-')
    texts = page_texts(response.content)
    cover, contents = texts[0], texts[1]
    assert "令和4年度第1回" in cover
    assert "テスト区情報公開・個人情報保護審議会" in cover
    assert "令和4年6月1日（水）" in cover
    assert "区役所本庁舎5階 第1委員会室" in cover
    assert re.search(r"資料1 会議の進め方 3\n", contents)
    assert re.search(r"資料2 子ども家庭課の諮問資料 5\n", contents)
    assert "参考資料1 委託先一覧 別添（電子ファイル）" in contents
    case_line = re.search(r"諮問書\s*健康推進課の受理済み案件 (\d+)", contents)
    assert case_line and int(case_line.group(1)) == 8
    assert "子ども家庭課の審議予定案件" not in contents  # its PDF is uploaded: no repeat
    assert "進め方 1ページ目" in texts[2] and "進め方 2ページ目" in texts[3]
    assert all(f"子ども資料 {i}ページ目" in texts[3 + i] for i in (1, 2, 3))
    assert "健康推進課の受理済み案件" in texts[7]
    assert len(texts) > 8
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"- {number} -\s*$", text), number


def test_the_packet_export_is_audited(packet_meeting: World, secretariat_client: Client) -> None:
    world = packet_meeting

    response = secretariat_client.get(f"/documents/meetings/{world.meeting.pk}/packet.pdf")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.object_id) == (world.secretariat, str(world.meeting.pk))
    assert event.changes["contents"][:3] == ["資料1", "参考資料1", "資料2"]
    assert event.summary.startswith("令和4年度第1回 会議資料（PDF・")


@pytest.mark.parametrize(
    ("client_name", "status"),
    [
        ("department_client", 403),
        ("other_department_client", 403),
        ("outsider_client", 404),
    ],
)
def test_the_packet_is_only_for_the_secretariat_and_the_members(
    request: pytest.FixtureRequest, world: World, client_name: str, status: int
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert client.get(f"/documents/meetings/{world.meeting.pk}/packet.pdf").status_code == status
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_packet_asks_a_visitor_to_sign_in(world: World) -> None:
    response = Client().get(f"/documents/meetings/{world.meeting.pk}/packet.pdf")

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_meeting_page_shows_the_materials_card(
    world: World, mixed: dict[str, Material], secretariat_client: Client, department_client: Client
) -> None:
    url = f"/meetings/{world.meeting.pk}/"
    html = secretariat_client.get(url).content.decode()
    staff_html = department_client.get(url).content.decode()

    assert f'href="/meetings/{world.meeting.pk}/materials/new/"' in html
    assert f'href="/documents/meetings/{world.meeting.pk}/packet.pdf"' in html
    assert "健康推進課の説明資料" in staff_html
    assert "packet.pdf" not in staff_html


def test_the_packet_lists_paper_only_and_lost_files_without_pages(
    world: World, secretariat_client: Client, member_client: Client
) -> None:
    add(world, "資料1", "当日配付の資料")
    assert (
        upload(secretariat_client, world, label="資料2", title="消えたファイル").status_code == 302
    )
    Path(Material.objects.get(label="資料2").file.path).unlink()

    response = member_client.get(f"/documents/meetings/{world.meeting.pk}/packet.pdf")

    contents = page_texts(response.content)[1]
    assert "資料1 当日配付の資料 別途配付" in contents
    assert "資料2 消えたファイル ファイルが見つかりません" in contents
    # Neither is an uploaded PDF, so both cases' documents are generated and bound.
    assert len(re.findall(r"諮問書", contents)) == 2
