"""Meetings and what hangs off them: validation, quorum, ordinals, decisions, conditions."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import World
from shingikai.councils.models import Council, Member, Term
from shingikai.meetings.models import AgendaItem, Attendance, Condition, Decision, Meeting

D = dt.date


def _message_dict(obj: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        obj.clean()  # type: ignore[attr-defined]
    return info.value.message_dict


# -- Meeting.clean ----------------------------------------------------------------------


def test_it_accepts_a_meeting_within_its_fiscal_year_and_term(world: World) -> None:
    meeting = Meeting(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=7,
        date=D(2022, 12, 27),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 37),
    )
    meeting.clean()


def test_it_refuses_a_meeting_ending_before_it_starts(world: World) -> None:
    meeting = Meeting(
        council=world.council,
        fiscal_year=2022,
        ordinal=7,
        date=D(2022, 12, 27),
        start_time=dt.time(14, 0),
        end_time=dt.time(13, 59),
    )

    assert _message_dict(meeting) == {"end_time": ["終了時刻は開始時刻より後にしてください。"]}


def test_it_refuses_a_date_outside_the_fiscal_year(world: World) -> None:
    # 2023-04-01 is the first day of FY2023, not FY2022.
    meeting = Meeting(council=world.council, fiscal_year=2022, ordinal=9, date=D(2023, 4, 1))

    assert _message_dict(meeting) == {"date": ["開催日が令和4年度の期間外です。"]}


def test_it_refuses_a_date_outside_the_term(world: World) -> None:
    short = Term.objects.create(
        council=world.council, number=2, starts_on=D(2019, 4, 1), ends_on=D(2022, 9, 30)
    )
    meeting = Meeting(
        council=world.council, term=short, fiscal_year=2022, ordinal=3, date=D(2022, 10, 1)
    )

    errors = _message_dict(meeting)

    assert list(errors) == ["date"]
    assert errors["date"] == [f"開催日が{short}の任期外です。"]
    assert "第2期" in errors["date"][0]


# -- quorum -----------------------------------------------------------------------------


def _attend(meeting: Meeting, members: list[Member], statuses: list[str]) -> None:
    for member, status in zip(members, statuses, strict=True):
        Attendance.objects.create(meeting=meeting, member=member, status=status)


def test_it_counts_present_and_late_members_towards_the_quorum(world: World) -> None:
    s = Attendance.Status
    _attend(
        world.meeting,
        world.members,
        [s.PRESENT, s.PRESENT, s.PRESENT, s.LATE, s.ABSENT, s.ABSENT, s.ABSENT_NO_NOTICE],
    )

    quorum = world.meeting.quorum()

    # 7 members, 過半数 (more than 3.5) means 4.
    assert (quorum.members, quorum.attending, quorum.needed) == (7, 4, 4)
    assert quorum.met is True


def test_it_reports_a_missed_quorum(world: World) -> None:
    s = Attendance.Status
    _attend(
        world.meeting,
        world.members,
        [s.PRESENT, s.PRESENT, s.LATE, s.ABSENT, s.ABSENT, s.ABSENT, s.ABSENT_NO_NOTICE],
    )

    quorum = world.meeting.quorum()

    assert (quorum.members, quorum.attending, quorum.needed) == (7, 3, 4)
    assert quorum.met is False


def test_it_counts_only_members_in_office_on_the_meeting_date(world: World) -> None:
    Member.objects.create(
        term=world.term, name="後任委員", affiliation="resident", appointed_on=D(2022, 6, 2)
    )

    assert world.meeting.quorum().members == 7


def test_it_cannot_judge_a_quorum_without_a_rule(world: World) -> None:
    world.rule.delete()
    _attend(world.meeting, world.members[:5], [Attendance.Status.PRESENT] * 5)

    quorum = world.meeting.quorum()

    assert (quorum.members, quorum.attending, quorum.needed) == (7, 5, None)
    assert quorum.met is None


# -- ordinals and labels ----------------------------------------------------------------


def test_it_numbers_the_next_meeting_of_the_fiscal_year(world: World) -> None:
    assert Meeting.next_ordinal(world.council, 2022) == 2
    Meeting.objects.create(council=world.council, fiscal_year=2022, ordinal=5, date=D(2022, 9, 1))

    assert Meeting.next_ordinal(world.council, 2022) == 6
    assert Meeting.next_ordinal(world.council, 2023) == 1


def test_it_numbers_each_council_separately(world: World) -> None:
    other = Council.objects.create(municipality=world.municipality, name="別の審議会")

    assert Meeting.next_ordinal(other, 2022) == 1


def test_it_labels_a_meeting_by_fiscal_year_and_ordinal(world: World) -> None:
    meeting = Meeting(council=world.council, fiscal_year=2022, ordinal=7, date=D(2022, 12, 27))

    assert meeting.label == "令和4年度第7回"
    assert str(meeting) == "令和4年度第7回 テスト区情報公開・個人情報保護審議会"


# -- decisions --------------------------------------------------------------------------


@pytest.fixture
def item(world: World) -> AgendaItem:
    return world.meeting.agenda_items.get(order=1)


def test_it_refuses_more_votes_than_members_present(item: AgendaItem) -> None:
    decision = Decision(
        agenda_item=item,
        outcome="approved",
        decided_on=D(2022, 6, 1),
        votes_for=10,
        votes_against=4,
        votes_abstain=2,
        votes_present=15,
    )

    assert _message_dict(decision) == {
        "votes_for": ["賛成・反対・棄権の合計が出席委員数を超えています。"]
    }


def test_it_accepts_votes_adding_up_to_those_present(item: AgendaItem) -> None:
    Decision(
        agenda_item=item,
        outcome="approved",
        decided_on=D(2022, 6, 1),
        votes_for=10,
        votes_against=3,
        votes_abstain=2,
        votes_present=15,
    ).clean()


def test_it_summarises_a_vote_without_objection() -> None:
    decision = Decision(no_objection=True, votes_present=11)

    assert decision.vote_summary == "異議なし"


def test_it_summarises_a_counted_vote() -> None:
    assert Decision(votes_for=15, votes_present=15).vote_summary == "賛成15・出席15"
    assert (
        Decision(votes_for=9, votes_against=3, votes_abstain=1, votes_present=13).vote_summary
        == "賛成9・反対3・棄権1・出席13"
    )
    assert Decision().vote_summary == ""


# -- conditions -------------------------------------------------------------------------


@pytest.fixture
def decision(item: AgendaItem) -> Decision:
    return Decision.objects.create(
        agenda_item=item, outcome="approved_with_conditions", decided_on=D(2022, 6, 1)
    )


def _condition(world: World, decision: Decision, **fields: object) -> Condition:
    return Condition.objects.create(
        decision=decision, owner=world.health, text="契約書に明文化すること。", **fields
    )


def test_it_takes_the_due_date_from_the_meeting_to_report_to(
    world: World, decision: Decision
) -> None:
    report_to = Meeting.objects.create(
        council=world.council, fiscal_year=2022, ordinal=8, date=D(2023, 2, 3)
    )

    condition = _condition(world, decision, due_meeting=report_to)

    assert condition.due_date == D(2023, 2, 3)


def test_it_prefers_an_explicit_due_date(world: World, decision: Decision) -> None:
    report_to = Meeting.objects.create(
        council=world.council, fiscal_year=2022, ordinal=8, date=D(2023, 2, 3)
    )

    condition = _condition(world, decision, due_on=D(2023, 1, 16), due_meeting=report_to)

    assert condition.due_date == D(2023, 1, 16)
    assert _condition(world, decision).due_date is None


def test_it_tells_whether_a_condition_is_overdue(world: World, decision: Decision) -> None:
    condition = _condition(world, decision, due_on=D(2023, 1, 16))

    assert not condition.is_overdue(today=D(2023, 1, 15))
    assert not condition.is_overdue(today=D(2023, 1, 16))
    assert condition.is_overdue(today=D(2023, 1, 17))


def test_it_never_counts_a_closed_or_undated_condition_overdue(
    world: World, decision: Decision
) -> None:
    done = _condition(world, decision, due_on=D(2023, 1, 16), status=Condition.Status.DONE)
    undated = _condition(world, decision)

    assert not done.is_overdue(today=D(2024, 1, 1))
    assert not undated.is_overdue(today=D(2024, 1, 1))


def test_it_judges_overdue_against_today_in_japan(world: World, decision: Decision) -> None:
    condition = _condition(world, decision, due_on=D(2023, 1, 16))

    # 16 January 16:30 UTC is already 17 January in Tokyo.
    with time_machine.travel(dt.datetime(2023, 1, 16, 16, 30, tzinfo=dt.UTC), tick=False):
        assert condition.is_overdue()
    with time_machine.travel(dt.datetime(2023, 1, 16, 14, 30, tzinfo=dt.UTC), tick=False):
        assert not condition.is_overdue()


# -- agenda items -----------------------------------------------------------------------


def test_it_refuses_a_closed_item_without_a_reason(world: World) -> None:
    for reason in ("", "   "):
        item = AgendaItem(
            meeting=world.meeting,
            order=3,
            kind="other",
            title="審査請求",
            is_public=False,
            closed_reason=reason,
        )

        assert _message_dict(item) == {"closed_reason": ["非公開とする理由を入力してください。"]}


def test_it_accepts_a_closed_item_with_a_reason_and_a_public_one_without(world: World) -> None:
    AgendaItem(
        meeting=world.meeting,
        order=3,
        kind="other",
        title="審査請求",
        is_public=False,
        closed_reason="個人情報を含むため",
    ).clean()
    AgendaItem(meeting=world.meeting, order=4, kind="other", title="報告").clean()
