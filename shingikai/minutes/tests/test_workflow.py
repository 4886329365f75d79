"""The minutes' life: draft → circulated → confirmed by attendees → approved at a later
meeting → corrected after approval only with a reason."""

from __future__ import annotations

import pytest

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Council
from shingikai.meetings.models import Meeting
from shingikai.minutes import actions
from shingikai.minutes.models import Minutes, MinutesRevision
from shingikai.minutes.tests.conftest import Shinjuku

pytestmark = pytest.mark.django_db

CORRECTION = "伊藤委員の発言の誤字を修正"


@pytest.fixture
def minutes(shinjuku: Shinjuku, world: World) -> Minutes:
    return actions.generate_draft(shinjuku.meeting, world.secretariat)


def test_it_runs_from_draft_to_approval(shinjuku: Shinjuku, world: World, minutes: Minutes) -> None:
    chair, absent = shinjuku.members["中島宏"], shinjuku.members["川野三郎"]
    attendees = [m.name for m in actions.attendees(minutes)]
    assert attendees == ["中島宏", "伊藤花子", "松井一郎", "木もと次郎"]

    actions.circulate(minutes, world.secretariat)
    assert minutes.status == Minutes.Status.CIRCULATED
    confirmation = actions.confirm(minutes, chair, "誤りはありません。", shinjuku.attendee)
    assert confirmation.revision == minutes.current_revision()
    with pytest.raises(actions.NotAttendee, match="出席した委員だけ"):
        actions.confirm(minutes, absent, "", shinjuku.absentee)

    assert [c.member.name for c in actions.confirmed(minutes)] == ["中島宏"]
    assert [m.name for m in actions.unconfirmed(minutes)] == ["伊藤花子", "松井一郎", "木もと次郎"]

    with pytest.raises(actions.InvalidApproval, match="この会議より後"):
        actions.approve(minutes, shinjuku.earlier_meeting, world.secretariat)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.CIRCULATED

    actions.approve(minutes, shinjuku.next_meeting, world.secretariat)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_on == shinjuku.next_meeting.date
    assert minutes.approved_at_meeting == shinjuku.next_meeting
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DECIDE, object_id=minutes.pk).exists()


def test_it_corrects_approved_minutes_only_with_a_reason(
    shinjuku: Shinjuku, world: World, minutes: Minutes
) -> None:
    actions.approve(minutes, shinjuku.next_meeting, world.secretariat)
    edited = minutes.current_text().replace("ご質問かご意見", "ご質問又はご意見")
    before = list(minutes.utterances.values_list("text", flat=True))

    with pytest.raises(actions.ReasonRequired) as refused:
        actions.save_text(minutes, edited, world.secretariat, "  ")
    assert str(refused.value) == "承認済みの会議録を修正するときは、修正の理由を入力してください。"
    assert minutes.revisions.count() == 1
    assert list(minutes.utterances.values_list("text", flat=True)) == before

    revision = actions.save_text(minutes, edited, world.secretariat, CORRECTION)

    assert revision.number == 2 and revision.reason == CORRECTION
    assert revision.text == edited
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.current_revision() == revision
    assert minutes.utterances.filter(text__contains="ご質問又はご意見").exists()
    assert not minutes.utterances.filter(text__contains="ご質問かご意見").exists()
    assert MinutesRevision.objects.get(minutes=minutes, number=1).text != edited


def test_it_rewrites_the_utterances_on_each_revision(
    shinjuku: Shinjuku, world: World, minutes: Minutes
) -> None:
    text = "■開会\n○会長　開会します。\n■2 報告\n○伊藤委員　意見です。\n（「異議なし」の声）\n"

    actions.save_text(minutes, text, world.secretariat)

    rows = list(
        minutes.utterances.order_by("order").values_list(
            "order", "speaker", "role", "name", "is_direction", "agenda_item"
        )
    )
    assert rows == [
        (1, "会長", "chair", "", False, None),
        (2, "伊藤委員", "member", "伊藤", False, shinjuku.item19.pk),
        (3, "", "other", "", True, shinjuku.item19.pk),
    ]


def test_it_returns_circulated_minutes_to_draft_when_edited(
    shinjuku: Shinjuku, world: World, minutes: Minutes
) -> None:
    actions.circulate(minutes, world.secretariat)
    actions.confirm(minutes, shinjuku.members["中島宏"], "", shinjuku.attendee)

    actions.save_text(minutes, minutes.current_text() + "■閉会\n○会長　閉会します。\n", None)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert "中島宏" in [m.name for m in actions.unconfirmed(minutes)]
    with pytest.raises(actions.InvalidTransition):
        actions.confirm(minutes, shinjuku.members["中島宏"], "", shinjuku.attendee)


def test_it_refuses_malformed_text_and_stores_nothing(world: World, minutes: Minutes) -> None:
    with pytest.raises(actions.InvalidText) as refused:
        actions.save_text(minutes, "■9 なし\n前置き\n", world.secretariat)

    assert [str(p) for p in refused.value.problems] == [
        "1行目：議題9はこの会議の議題にありません（議題：1、2）。",
        "2行目：発言者（○で始まる行）より前に本文があります。",
    ]
    assert minutes.revisions.count() == 1


def test_it_refuses_an_unchanged_text_and_a_stale_edit(world: World, minutes: Minutes) -> None:
    with pytest.raises(actions.MinutesError, match="変更されていません"):
        actions.save_text(minutes, minutes.current_text(), world.secretariat)
    actions.save_text(minutes, "○会長　第2版\n", world.secretariat, base_revision=1)

    with pytest.raises(actions.StaleEdit, match="第2版を保存しました"):
        actions.save_text(minutes, "○会長　古い版から\n", world.secretariat, base_revision=1)
    assert minutes.revisions.count() == 2


def test_it_refuses_approval_by_another_council_and_a_second_approval(
    shinjuku: Shinjuku, world: World, minutes: Minutes
) -> None:
    other = Meeting.objects.create(
        council=Council.objects.exclude(pk=shinjuku.council.pk).get(),
        fiscal_year=2022,
        ordinal=9,
        date=shinjuku.next_meeting.date,
    )
    with pytest.raises(actions.InvalidApproval, match="同じ審議会"):
        actions.approve(minutes, other, world.secretariat)

    actions.approve(minutes, shinjuku.next_meeting, world.secretariat)
    with pytest.raises(actions.InvalidTransition):
        actions.approve(minutes, shinjuku.next_meeting, world.secretariat)
    with pytest.raises(actions.InvalidTransition):
        actions.circulate(minutes, world.secretariat)


def test_it_never_edits_a_revision_in_place(minutes: Minutes) -> None:
    revision = minutes.current_revision()
    assert revision is not None
    revision.text = "書き換え"

    with pytest.raises(ValueError, match="never edited in place"):
        revision.save()


def test_it_freezes_the_meeting_record_of_approved_minutes(shinjuku: Shinjuku) -> None:
    """Attendance edited after approval does not change the approved minutes' header."""
    from shingikai.meetings.models import Attendance
    from shingikai.minutes import actions, export

    minutes = actions.generate_draft(shinjuku.meeting)
    actions.approve(minutes, shinjuku.next_meeting)
    before = export.public_reading(minutes).header()
    Attendance.objects.filter(meeting=shinjuku.meeting).delete()

    minutes.refresh_from_db()
    assert export.public_reading(minutes).header() == before
