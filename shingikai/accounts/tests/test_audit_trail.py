"""The secretariat reads the audit trail, filters it and exports it as CSV; nobody else
sees it, and opening a case puts a view on the record."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_opening_a_case_is_recorded(world: World, department_client: Client) -> None:
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    response = department_client.get(reverse("dossiers:detail", args=[world.health_case.pk]))
    assert response.status_code == 200
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert views.count() == before + 1
    event = views.latest("id")
    assert event.actor == world.department
    assert event.object_id == str(world.health_case.pk)


def test_the_secretariat_filters_the_trail(world: World, secretariat_client: Client) -> None:
    audit.record(
        world.department, AuditEvent.Action.EXPORT, world.health_case, summary="調書のPDF出力"
    )
    audit.record(
        world.secretariat, AuditEvent.Action.VIEW, world.health_case, summary="概要書の閲覧テスト"
    )
    page = secretariat_client.get(reverse("accounts:audit"), {"action": "export"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "調書のPDF出力" in text
    assert "概要書の閲覧テスト" not in text


def test_the_export_is_a_csv_excel_reads(world: World, secretariat_client: Client) -> None:
    audit.record(
        world.department, AuditEvent.Action.EXPORT, world.health_case, summary="調書のPDF出力"
    )
    response = secretariat_client.get(reverse("accounts:audit"), {"q": "調書", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["日時", "操作者", "操作"]
    assert [r[5] for r in rows[1:]] == ["調書のPDF出力"]
    # The export itself goes on the record.
    assert AuditEvent.objects.filter(summary="監査記録のCSV出力").exists()


@pytest.mark.parametrize(
    "client_fixture",
    ["department_client", "member_client", "outsider_client"],
)
def test_nobody_else_sees_the_trail(
    world: World, client_fixture: str, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(client_fixture)
    assert client.get(reverse("accounts:audit")).status_code == 403
    assert client.get(reverse("accounts:audit"), {"format": "csv"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
