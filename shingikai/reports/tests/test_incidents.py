"""The incident register on screen: entering, deadlines and their warnings on the incident
page, the list and the home page, recording reports, who sees what, stale edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.reports.models import Incident
from shingikai.reports.tests.factories import days_ago, incident

pytestmark = pytest.mark.usefixtures("frozen")


def form_data(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "健康診査結果の誤送付",
        "department": world.health.pk,
        "kind": "misdelivery",
        "found_on": days_ago(3).isoformat(),
        "occurred_on": "",
        "summary": "健康診査の結果通知を別の受診者に送付した。",
        "data_items": "氏名\n健康診査の結果",
        "persons": "2",
        "sensitive": "on",
        "affected_process": "",
        "contractor": "",
        "serious_override": "unknown",
    }
    return data | changes


def test_it_lets_the_secretariat_enter_an_incident_and_shows_its_deadlines(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(reverse("reports:incident_create"), form_data(world))

    saved = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    assert saved.municipality == world.municipality
    assert saved.created_by == world.secretariat
    assert AuditEvent.objects.filter(object_type="reports.Incident", action="create").exists()

    page = secretariat_client.get(saved.get_absolute_url()).content.decode()
    assert "個人情報保護委員会への報告と本人への通知が必要です。" in page
    assert "要配慮個人情報が含まれる" in page
    assert "速やかに（目安：発覚から3～5日以内）" in page
    assert "速報：期限が近い" in page
    assert "期限まであと2日" in page
    assert "発覚から30日以内" in page
    assert "令和6年6月30日" in page  # the final report: found 5月31日 + 30 days


def test_it_says_when_no_report_is_needed(world: World, secretariat_client: Client) -> None:
    found = incident(world, persons=100)

    page = secretariat_client.get(found.get_absolute_url()).content.decode()

    assert "報告と本人への通知は、規則上は不要です" in page
    assert "速報：" not in page


def test_it_asks_for_the_process_of_my_number_data(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(
        reverse("reports:incident_create"), form_data(world, my_number="on")
    )

    assert response.status_code == 200
    assert "特定個人情報を含むときは、取り扱う事務を入力してください。" in response.content.decode()
    assert not Incident.objects.exists()


def test_it_refuses_an_occurrence_after_the_date_found(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(
        reverse("reports:incident_create"),
        form_data(world, occurred_on=dt.date(2024, 6, 2).isoformat()),
    )

    assert "発生日は発覚日以前にしてください。" in response.content.decode()


def test_it_warns_on_the_list_and_the_home_page(world: World, secretariat_client: Client) -> None:
    overdue = incident(world, title="期限を過ぎた事案", persons=150, found_on=days_ago(8))
    soon = incident(world, title="期限が近い事案", persons=150, found_on=days_ago(2))
    calm = incident(
        world,
        title="報告済みの事案",
        persons=150,
        found_on=days_ago(2),
        prompt_reported_on=days_ago(1),
    )

    listing = secretariat_client.get(reverse("reports:incidents")).content.decode()
    home = secretariat_client.get(reverse("dashboard")).content.decode()

    assert "速報：期限超過" in listing and "期限を3日超過" in listing
    assert "速報：期限が近い" in listing and "期限まであと3日" in listing
    assert "速報：報告済" in listing
    assert "漏えい等事案の報告期限" in home
    assert overdue.title in home and soon.title in home
    assert calm.title not in home
    assert home.index(overdue.title) < home.index(soon.title)


def test_it_clears_the_warning_when_the_report_is_recorded(
    world: World, secretariat_client: Client
) -> None:
    found = incident(world, persons=150, found_on=days_ago(8))

    response = secretariat_client.post(
        reverse("reports:incident_reports", args=[found.pk]),
        {"prompt_reported_on": days_ago(4).isoformat(), "final_reported_on": "", "notified_on": ""},
    )

    found.refresh_from_db()
    assert response.status_code == 302
    assert found.prompt_reported_on == days_ago(4)
    assert found.warning() is None
    home = secretariat_client.get(reverse("dashboard")).content.decode()
    assert found.title not in home
    page = secretariat_client.get(found.get_absolute_url()).content.decode()
    assert "速報：報告済" in page
    assert AuditEvent.objects.filter(summary__startswith="報告・通知の日付を記録").exists()


def test_it_refuses_a_report_date_before_the_date_found(
    world: World, secretariat_client: Client
) -> None:
    found = incident(world, persons=150, found_on=days_ago(8))

    response = secretariat_client.post(
        reverse("reports:incident_reports", args=[found.pk]),
        {"prompt_reported_on": days_ago(9).isoformat()},
    )

    found.refresh_from_db()
    assert response.status_code == 400
    assert "発覚日より前の日付は入力できません。" in response.content.decode()
    assert found.prompt_reported_on is None


def test_it_shows_department_staff_their_own_incidents_only(
    world: World, department_client: Client, other_department_client: Client
) -> None:
    own = incident(world, title="健康推進課の事案", persons=150)
    other = incident(world, world.childcare, title="子ども家庭課の事案", persons=150)

    listing = department_client.get(reverse("reports:incidents")).content.decode()
    home = department_client.get(reverse("dashboard")).content.decode()

    assert own.title in listing and other.title not in listing
    assert own.title in home and other.title not in home
    assert department_client.get(own.get_absolute_url()).status_code == 200
    assert department_client.get(other.get_absolute_url()).status_code == 404
    assert other_department_client.get(own.get_absolute_url()).status_code == 404


def test_it_lets_only_the_secretariat_change_incidents(
    world: World, department_client: Client, member_client: Client, client: Client
) -> None:
    own = incident(world, persons=150)
    dates = {"prompt_reported_on": days_ago(0).isoformat()}

    assert department_client.get(reverse("reports:incident_create")).status_code == 403
    assert department_client.get(reverse("reports:incident_edit", args=[own.pk])).status_code == 403
    assert (
        department_client.post(
            reverse("reports:incident_reports", args=[own.pk]), dates
        ).status_code
        == 403
    )
    assert member_client.get(own.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 302
    own.refresh_from_db()
    assert own.prompt_reported_on is None


def test_it_shows_no_incident_card_to_members(world: World, member_client: Client) -> None:
    incident(world, persons=150, found_on=days_ago(8))

    assert "漏えい等事案の報告期限" not in member_client.get(reverse("dashboard")).content.decode()


def test_it_refuses_a_stale_edit_and_keeps_what_was_typed(
    world: World, secretariat_client: Client
) -> None:
    found = incident(world, persons=150)
    url = reverse("reports:incident_edit", args=[found.pk])
    stale = form_data(world, title="古い画面からの変更", version=found.version)
    secretariat_client.post(url, form_data(world, title="先に保存した変更", version=found.version))

    response = secretariat_client.post(url, stale)

    found.refresh_from_db()
    assert response.status_code == 200
    assert "ほかの人が先に更新しました" in response.content.decode()
    assert "古い画面からの変更" in response.content.decode()
    assert found.title == "先に保存した変更"
