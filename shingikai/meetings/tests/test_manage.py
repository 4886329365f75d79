"""Running a meeting: agenda, attendance, decisions under the council's rules, 答申 numbers,
conditions carried to a later meeting, questions, and written votes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import CouncilRule
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings import actions
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Condition,
    Decision,
    Meeting,
    MeetingFormat,
    MeetingQuestion,
    WrittenVote,
)

pytestmark = pytest.mark.django_db


def _present(meeting: Meeting, n: int) -> None:
    for member in list(meeting.members())[:n]:
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"status": Attendance.Status.PRESENT}
        )


def _accepted(world: World, title: str = "議題に載せる案件", *types: str) -> Case:
    return make_case(
        world.council, world.health, title, CaseStatus.ACCEPTED, *types, number=50, fiscal_year=2022
    )


def test_it_puts_an_accepted_case_on_the_agenda(world: World, secretariat_client: Client) -> None:
    case = _accepted(world)
    url = f"/meetings/{world.meeting.pk}/agenda/add-case/"

    response = secretariat_client.post(url, {"case": case.pk, "is_public": "on"})

    assert response.status_code == 302
    item = world.meeting.agenda_items.get(case=case)
    assert item.order == 3 and item.is_public
    case.refresh_from_db()
    assert case.status == CaseStatus.SCHEDULED


def test_it_asks_why_an_item_is_closed(world: World, secretariat_client: Client) -> None:
    case = _accepted(world)
    response = secretariat_client.post(
        f"/meetings/{world.meeting.pk}/agenda/add-case/", {"case": case.pk}
    )
    assert response.status_code == 200
    assert "非公開とする理由を入力してください。" in response.content.decode()
    assert not world.meeting.agenda_items.filter(case=case).exists()


def test_it_offers_only_accepted_cases_of_the_council(
    world: World, secretariat_client: Client
) -> None:
    page = secretariat_client.get(f"/meetings/{world.meeting.pk}/agenda/add-case/").content
    text = page.decode()
    assert world.childcare_draft.title not in text  # a draft
    assert world.health_case.title not in text  # already on this agenda


def test_it_reorders_and_removes_items(world: World, secretariat_client: Client) -> None:
    first, second = world.meeting.agenda_items.order_by("order")
    secretariat_client.post(f"/meetings/{world.meeting.pk}/agenda/{second.pk}/move/up/")
    assert list(world.meeting.agenda_items.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]

    secretariat_client.post(f"/meetings/{world.meeting.pk}/agenda/{first.pk}/remove/")
    assert not AgendaItem.objects.filter(pk=first.pk).exists()
    world.health_case.refresh_from_db()
    assert world.health_case.status == CaseStatus.ACCEPTED


def test_it_keeps_an_item_that_has_a_decision(world: World, secretariat_client: Client) -> None:
    item = world.meeting.agenda_items.get(order=1)
    Decision.objects.create(agenda_item=item, outcome="approved", decided_on=world.meeting.date)
    response = secretariat_client.post(
        f"/meetings/{world.meeting.pk}/agenda/{item.pk}/remove/", follow=True
    )
    assert "議決が記録された議題は削除できません。" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_it_records_attendance_and_warns_without_quorum(
    world: World, secretariat_client: Client
) -> None:
    members = list(world.meeting.members())
    data = {f"m{m.pk}": "present" for m in members[:3]}
    data.update({f"m{m.pk}": "absent" for m in members[3:]})
    data["observers"] = "2"

    response = secretariat_client.post(
        f"/meetings/{world.meeting.pk}/attendance/", data, follow=True
    )

    assert world.meeting.attendances.filter(status="present").count() == 3
    world.meeting.refresh_from_db()
    assert world.meeting.observers == 2
    assert "定足数に達していません（出席3人／必要4人）" in response.content.decode()


def test_it_offers_outcomes_by_the_rule_of_each_handling(world: World) -> None:
    """資料18: an external connection is consulted (承認), an outsourcing reported (了承)."""
    CouncilRule.objects.filter(pk=world.rule.pk).update(
        consultation_types=["external_connection"], report_types=["outsourcing"]
    )
    case = make_case(
        world.council,
        world.health,
        "外部結合と業務委託",
        CaseStatus.SCHEDULED,
        "external_connection",
        "outsourcing",
    )
    item = AgendaItem.objects.create(
        meeting=world.meeting, order=3, kind="consultation", case=case, title=case.title
    )
    connection, outsourcing = case.handlings.order_by("order")
    from shingikai.meetings import rules

    assert "approved" in rules.outcomes_for(item, connection)
    assert "acknowledged" not in rules.outcomes_for(item, connection)
    assert rules.outcomes_for(item, outsourcing) == ("acknowledged", "continued")
    with pytest.raises(actions.Refused, match="結果を記録できません"):
        actions.record_decision(
            world.secretariat,
            item,
            Decision(
                handling=outsourcing,
                outcome="approved",
                decided_on=world.meeting.date,
                no_objection=True,
            ),
            None,
        )


def test_it_records_a_decision_by_show_of_hands(world: World, secretariat_client: Client) -> None:
    _present(world.meeting, 5)
    item = world.meeting.agenda_items.get(order=1)
    url = f"/meetings/{world.meeting.pk}/agenda/{item.pk}/decide/"

    response = secretariat_client.post(
        url,
        {
            "outcome": "approved",
            "mode": "hands",
            "decided_on": "2022-06-01",
            "votes_for": "5",
            "votes_against": "0",
        },
    )

    assert response.status_code == 302
    decision = item.decisions.get()
    assert (decision.votes_for, decision.votes_present, decision.no_objection) == (5, 5, False)
    assert decision.vote_summary == "賛成5・出席5"
    world.health_case.refresh_from_db()
    assert world.health_case.status == CaseStatus.DECIDED
    assert AuditEvent.objects.filter(action="decide").exists()


def test_it_refuses_more_votes_than_members_present(
    world: World, secretariat_client: Client
) -> None:
    _present(world.meeting, 4)
    item = world.meeting.agenda_items.get(order=1)
    response = secretariat_client.post(
        f"/meetings/{world.meeting.pk}/agenda/{item.pk}/decide/",
        {"outcome": "approved", "mode": "hands", "decided_on": "2022-06-01", "votes_for": "6"},
    )
    assert "出席委員数（4人）を超えています" in response.content.decode()
    assert not item.decisions.exists()


def test_it_records_the_warning_of_a_decision_without_quorum(
    world: World, secretariat_client: Client
) -> None:
    _present(world.meeting, 2)
    item = world.meeting.agenda_items.get(order=1)
    secretariat_client.post(
        f"/meetings/{world.meeting.pk}/agenda/{item.pk}/decide/",
        {"outcome": "approved", "mode": "no_objection", "decided_on": "2022-06-01"},
    )
    decision = item.decisions.get()
    assert decision.no_objection
    assert decision.warning.startswith("定足数に達していない状態での議決（出席2人／必要4人）")


def test_it_numbers_decisions_with_the_council_format(
    world: World, secretariat_client: Client
) -> None:
    first, second = world.meeting.agenda_items.order_by("order")
    decisions = [
        Decision.objects.create(agenda_item=i, outcome="approved", decided_on=world.meeting.date)
        for i in (first, second)
    ]
    for decision in decisions:
        secretariat_client.post(
            f"/meetings/{world.meeting.pk}/decisions/{decision.pk}/issue/",
            {"issued_on": "2022-06-10", "addressee": "テスト区長", "text": "承認する。"},
        )
    from shingikai.meetings.rules import decision_label

    labels = [decision_label(Decision.objects.get(pk=d.pk)) for d in decisions]
    assert labels == ["答申第1号", "答申第2号"]


def test_it_carries_a_condition_to_a_later_meeting(
    world: World, secretariat_client: Client
) -> None:
    item = world.meeting.agenda_items.get(order=1)
    decision = Decision.objects.create(
        agenda_item=item, outcome="approved_with_conditions", decided_on=world.meeting.date
    )
    later = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 7, 1),
    )
    secretariat_client.post(
        f"/meetings/{world.meeting.pk}/decisions/{decision.pk}/conditions/new/",
        {
            "kind": "condition",
            "text": "修正した資料を次回の審議会に提出すること。",
            "owner": world.health.pk,
            "due_meeting": later.pk,
            "status": "open",
        },
    )
    condition = decision.conditions.get()

    secretariat_client.post(
        f"/meetings/{world.meeting.pk}/decisions/{decision.pk}/conditions/{condition.pk}/carry/",
        {"meeting": later.pk},
    )

    carried = later.agenda_items.get()
    assert "修正した資料を次回の審議会に提出すること" in carried.title
    condition.refresh_from_db()
    assert condition.status == Condition.Status.IN_PROGRESS and condition.due_meeting == later


def test_it_needs_a_due_date_or_meeting_for_a_condition(
    world: World, secretariat_client: Client
) -> None:
    item = world.meeting.agenda_items.get(order=1)
    decision = Decision.objects.create(
        agenda_item=item, outcome="approved", decided_on=world.meeting.date
    )
    response = secretariat_client.post(
        f"/meetings/{world.meeting.pk}/decisions/{decision.pk}/conditions/new/",
        {"kind": "opinion", "text": "意見", "owner": world.health.pk, "status": "open"},
    )
    assert "期限の日付か、報告する会議のどちらかを指定してください。" in response.content.decode()
    assert not decision.conditions.exists()


def test_it_numbers_questions_in_order(world: World, secretariat_client: Client) -> None:
    item = world.meeting.agenda_items.get(order=1)
    for text in ("一つ目の質問", "二つ目の質問"):
        secretariat_client.post(
            f"/meetings/{world.meeting.pk}/questions/new/",
            {
                "phase": "before",
                "text": text,
                "agenda": [item.pk],
                "asked_by": world.members[0].pk,
                "answer": "回答",
                "answered_by": world.health.pk,
            },
        )
    numbers = list(world.meeting.questions.values_list("number", "text"))
    assert numbers == [(1, "一つ目の質問"), (2, "二つ目の質問")]
    assert MeetingQuestion.objects.get(number=1).agenda_items.get() == item


@pytest.mark.parametrize("persona", ["department_client", "member_client"])
@pytest.mark.parametrize("path", ["edit/", "agenda/add-case/", "attendance/", "questions/new/"])
def test_it_keeps_management_to_the_secretariat(
    world: World, request: pytest.FixtureRequest, persona: str, path: str
) -> None:
    client: Client = request.getfixturevalue(persona)
    status = client.get(f"/meetings/{world.meeting.pk}/{path}").status_code
    assert status in (403, 404)


def _written(world: World) -> tuple[Meeting, AgendaItem]:
    meeting = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2021,
        ordinal=2,
        date=dt.date(2021, 6, 28),
        opens_on=dt.date(2021, 6, 9),
        format=MeetingFormat.WRITTEN,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, kind="consultation", case=world.health_case, title="書面の議題"
    )
    return meeting, item


def test_it_takes_a_members_written_vote_until_the_decision_date(
    world: World, member_client: Client
) -> None:
    meeting, item = _written(world)
    url = f"/meetings/{meeting.pk}/agenda/{item.pk}/vote/"
    with time_machine.travel(dt.datetime(2021, 6, 20, 12, tzinfo=dt.UTC)):
        response = member_client.post(url, {"choice": "for", "opinion": "賛成します。"})
    assert response.status_code == 302
    vote = WrittenVote.objects.get()
    assert (vote.member, vote.choice, vote.opinion) == (world.members[0], "for", "賛成します。")

    with time_machine.travel(dt.datetime(2021, 6, 29, 12, tzinfo=dt.UTC)):
        late = member_client.post(url, {"choice": "against"}, follow=True)
    assert "議決日を過ぎたため" in late.content.decode()
    assert WrittenVote.objects.get().choice == "for"


def test_it_lists_members_who_have_not_voted(world: World) -> None:
    meeting, item = _written(world)
    WrittenVote.objects.create(agenda_item=item, member=world.members[0], choice="for")
    missing = actions.non_respondents(meeting)
    assert world.members[0] not in missing
    assert len(missing) == len(world.members) - 1


def test_it_refuses_a_vote_from_someone_not_on_the_council(
    world: World, outsider_client: Client
) -> None:
    meeting, item = _written(world)
    response = outsider_client.get(f"/meetings/{meeting.pk}/agenda/{item.pk}/vote/")
    assert response.status_code in (403, 404)


def test_a_member_asks_and_the_department_answers(
    world: World,
    member_client: Client,
    department_client: Client,
    other_department_client: Client,
) -> None:
    item = world.meeting.agenda_items.get(order=1)  # the health department's case
    response = member_client.post(
        f"/meetings/{world.meeting.pk}/questions/ask/",
        {"agenda": [item.pk], "text": "委託先の選定方法を教えてください。"},
    )
    assert response.status_code == 302
    question = world.meeting.questions.get()
    assert (question.number, question.asked_by, question.phase) == (1, world.members[0], "before")

    url = f"/meetings/{world.meeting.pk}/questions/1/answer/"
    assert other_department_client.get(url).status_code in (403, 404)
    department_client.post(url, {"answer": "公募型プロポーザルで選定します。"})
    question.refresh_from_db()
    assert question.answer == "公募型プロポーザルで選定します。"
    assert question.answered_by == world.health


def test_it_refuses_a_question_after_the_deadline(world: World, member_client: Client) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(question_deadline=dt.date(2020, 1, 1))
    item = world.meeting.agenda_items.get(order=1)
    response = member_client.post(
        f"/meetings/{world.meeting.pk}/questions/ask/",
        {"agenda": [item.pk], "text": "締切後の質問"},
        follow=True,
    )
    assert "質問の締切日を過ぎています" in response.content.decode()
    assert not world.meeting.questions.exists()


def test_it_counts_written_voters_towards_the_quorum(world: World) -> None:
    meeting, item = _written(world)
    for member in world.members[:4]:
        WrittenVote.objects.create(agenda_item=item, member=member, choice="for")
    quorum = meeting.quorum()
    assert (quorum.attending, quorum.needed, quorum.met) == (4, 4, True)


def test_it_refuses_a_vote_before_the_deliberation_opens(
    world: World, member_client: Client
) -> None:
    meeting, item = _written(world)
    with time_machine.travel(dt.datetime(2021, 6, 1, 12, tzinfo=dt.UTC)):
        response = member_client.post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/vote/", {"choice": "for"}, follow=True
        )
    assert "審議開始日の前" in response.content.decode()
    assert not WrittenVote.objects.exists()
