"""What the public site may take from the minutes: closed (非公開) items left out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import World
from shingikai.meetings.models import Meeting
from shingikai.minutes import actions, export
from shingikai.minutes.models import Minutes

pytestmark = pytest.mark.django_db

OPEN_TITLE = "健康推進課の受理済み案件"
CLOSED_TITLE = "子ども家庭課の審議予定案件"


@pytest.fixture
def minutes(world: World) -> Minutes:
    """The world's meeting: item 1 public, item 2 closed."""
    return actions.generate_draft(world.meeting, world.secretariat)


def test_it_keeps_closed_items_in_the_minutes_but_not_in_public_utterances(
    world: World, minutes: Minutes
) -> None:
    closed_item = world.meeting.agenda_items.get(order=2)
    assert minutes.utterances.filter(agenda_item=closed_item).exists()

    public = list(minutes.public_utterances())

    assert public
    assert all(u.agenda_item_id != closed_item.pk for u in public)
    assert {u.agenda_item_id for u in public} == {None, world.meeting.agenda_items.get(order=1).pk}
    assert [u.order for u in public] == sorted(u.order for u in public)


def test_it_removes_closed_sections_from_the_public_text(minutes: Minutes) -> None:
    text = minutes.public_text()

    assert OPEN_TITLE in text
    assert CLOSED_TITLE not in text
    assert "非公開" not in text
    assert "■2" not in text
    assert text.startswith("■開会\n") and "■閉会\n" in text
    assert CLOSED_TITLE in minutes.current_text()


def test_it_leaves_closed_items_out_of_the_public_header(minutes: Minutes) -> None:
    reading = export.public_reading(minutes)

    agenda = dict(reading.header())["会議次第"]
    assert OPEN_TITLE in agenda and CLOSED_TITLE not in agenda
    assert [s.item for s in reading.sections()] == [None, 1, None]


def test_it_lists_only_approved_minutes_of_published_meetings(
    world: World, minutes: Minutes
) -> None:
    assert not Minutes.objects.public().exists()
    later = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 7, 1),
    )
    actions.approve(minutes, later, world.secretariat)
    assert not Minutes.objects.public().exists()

    Meeting.objects.filter(pk=world.meeting.pk).update(published_at=timezone.now())

    assert list(Minutes.objects.public()) == [minutes]
