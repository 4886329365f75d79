"""An incident put on a later meeting's agenda as a report item, and in that meeting's
minutes draft."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.meetings.models import AgendaItem, Meeting
from shingikai.minutes import actions as minutes_actions
from shingikai.reports import actions
from shingikai.reports.tests.factories import days_ago, future_meeting, incident

pytestmark = pytest.mark.usefixtures("frozen")
TITLE = "漏えい等事案について（個人情報が記録されたUSBメモリの紛失）"


def put(client: Client, incident_pk: int, meeting: Meeting, **extra: object):
    data = {"meeting": meeting.pk, "is_public": "on", "closed_reason": ""} | extra
    return client.post(reverse("reports:incident_agenda", args=[incident_pk]), data)


def test_it_puts_an_incident_on_a_later_meeting_as_a_report(
    world: World, secretariat_client: Client
) -> None:
    meeting = future_meeting(world)
    found = incident(world, title="個人情報が記録されたUSBメモリの紛失", persons=150)

    response = put(secretariat_client, found.pk, meeting)

    item = AgendaItem.objects.get(meeting=meeting)
    found.refresh_from_db()
    assert response.status_code == 302
    assert (item.kind, item.title, item.order, item.case) == ("report", TITLE, 1, None)
    assert found.agenda_item == item
    page = secretariat_client.get(found.get_absolute_url()).content.decode()
    assert f"{meeting.label}</a>" in page
    assert TITLE in secretariat_client.get(meeting.get_absolute_url()).content.decode()


def test_it_puts_the_item_in_the_minutes_draft(world: World, secretariat_client: Client) -> None:
    meeting = future_meeting(world)
    found = incident(world, title="個人情報が記録されたUSBメモリの紛失")
    put(secretariat_client, found.pk, meeting)

    minutes = minutes_actions.generate_draft(meeting, world.secretariat)

    assert f"「{TITLE}」について" in minutes.current_text()


def test_it_offers_only_scheduled_meetings_from_today(
    world: World, secretariat_client: Client
) -> None:
    later = future_meeting(world)
    found = incident(world)

    assert actions.agenda_meetings(found) == [later]
    response = put(secretariat_client, found.pk, world.meeting)  # held in 2022

    assert response.status_code == 400
    assert not AgendaItem.objects.filter(title__startswith="漏えい等事案").exists()


def test_it_refuses_a_second_agenda_item(world: World) -> None:
    meeting = future_meeting(world)
    found = incident(world)
    actions.put_on_agenda(
        world.secretariat, found, meeting, is_public=True, closed_reason="", request=None
    )

    with pytest.raises(actions.Refused, match="すでに会議の議題"):
        actions.put_on_agenda(
            world.secretariat, found, meeting, is_public=True, closed_reason="", request=None
        )


def test_it_asks_why_a_closed_item_is_closed(world: World, secretariat_client: Client) -> None:
    meeting = future_meeting(world)
    found = incident(world)

    response = put(secretariat_client, found.pk, meeting, is_public="")

    assert response.status_code == 400
    assert "非公開とする理由を入力してください。" in response.content.decode()
    put(secretariat_client, found.pk, meeting, is_public="", closed_reason="調査中のため")
    assert AgendaItem.objects.get(meeting=meeting).closed_reason == "調査中のため"


def test_it_lets_members_read_an_incident_on_their_agenda(
    world: World, member_client: Client, department_client: Client
) -> None:
    meeting = future_meeting(world)
    found = incident(world, found_on=days_ago(2))
    assert member_client.get(found.get_absolute_url()).status_code == 404

    actions.put_on_agenda(
        world.secretariat, found, meeting, is_public=True, closed_reason="", request=None
    )

    assert member_client.get(found.get_absolute_url()).status_code == 200
    assert put(department_client, found.pk, meeting).status_code == 403
