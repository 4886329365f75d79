"""The workflow buttons: submit, accept (numbering by the council's rule) and return."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers.models import Case, CaseStatus

TOKYO = ZoneInfo("Asia/Tokyo")
INVALID = "この案件は現在の状態ではその操作ができません。"


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


@pytest.fixture
def draft(world: World) -> Case:
    return make_case(world.council, world.health, "健康推進課が作成した下書き", CaseStatus.DRAFT)


@pytest.fixture
def submitted(world: World) -> Case:
    return make_case(world.council, world.health, "健康推進課が提出した案件", CaseStatus.SUBMITTED)


def test_it_submits_a_draft_by_post(world: World, draft: Case, department_client: Client) -> None:
    response = department_client.post(f"/cases/{draft.pk}/submit/", follow=True)

    assert response.redirect_chain == [(f"/cases/{draft.pk}/", 302)]
    assert "事務局に提出しました。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED
    assert draft.submitted_at is not None
    assert draft.version == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBMIT)
    assert event.actor == world.department
    assert event.object_id == str(draft.pk)


@pytest.mark.parametrize("step", ["submit", "accept", "return"])
def test_it_refuses_workflow_steps_by_get(
    draft: Case, department_client: Client, secretariat_client: Client, step: str
) -> None:
    assert department_client.get(f"/cases/{draft.pk}/{step}/").status_code == 405
    assert secretariat_client.get(f"/cases/{draft.pk}/{step}/").status_code == 405
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_it_hides_another_departments_draft_from_submission(
    draft: Case, other_department_client: Client, member_client: Client
) -> None:
    assert other_department_client.post(f"/cases/{draft.pk}/submit/").status_code == 404
    assert member_client.post(f"/cases/{draft.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_it_refuses_department_staff_the_submission_of_an_accepted_case(
    world: World, department_client: Client
) -> None:
    response = department_client.post(f"/cases/{world.health_case.pk}/submit/")

    assert response.status_code == 403
    world.health_case.refresh_from_db()
    assert world.health_case.status == CaseStatus.ACCEPTED


def test_it_offers_the_review_buttons_only_to_the_secretariat(
    submitted: Case, secretariat_client: Client, department_client: Client
) -> None:
    assert "受理して付番" in secretariat_client.get(f"/cases/{submitted.pk}/").content.decode()
    assert "受理して付番" not in department_client.get(f"/cases/{submitted.pk}/").content.decode()


def test_it_accepts_with_the_next_running_number_after_999(
    world: World,
    submitted: Case,
    secretariat_client: Client,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(_at(2024, 6, 1), tick=False)
    make_case(
        world.council, world.childcare, "諮問第999号の案件", "decided", number=999, fiscal_year=2023
    )
    make_case(world.council, world.health, "報告の案件", "decided", number=1500, fiscal_year=2023)
    Case.objects.filter(title="報告の案件").update(kind="report")

    response = secretariat_client.post(f"/cases/{submitted.pk}/accept/", follow=True)

    assert "受理し、諮問第1000号を付番しました。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.ACCEPTED
    assert submitted.number == 1000
    assert submitted.fiscal_year == 2024
    assert submitted.consulted_on == dt.date(2024, 6, 1)
    assert submitted.number_label == "諮問第1000号"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_id=str(submitted.pk))
    assert event.summary == "受理 諮問第1000号"


def test_it_restarts_the_numbers_each_fiscal_year_under_a_yearly_rule(
    world: World,
    submitted: Case,
    secretariat_client: Client,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(_at(2024, 6, 1), tick=False)
    world.rule.numbering_reset = "yearly"
    world.rule.save()
    make_case(
        world.council, world.childcare, "前年度の案件", "decided", number=999, fiscal_year=2023
    )
    make_case(
        world.council, world.childcare, "今年度の案件", "accepted", number=5, fiscal_year=2024
    )

    secretariat_client.post(f"/cases/{submitted.pk}/accept/")

    submitted.refresh_from_db()
    assert (submitted.fiscal_year, submitted.number) == (2024, 6)


def test_it_gives_number_one_to_the_first_case_of_a_new_fiscal_year(
    world: World,
    submitted: Case,
    secretariat_client: Client,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # Just after midnight on 1 April in Tokyo, still 31 March in UTC.
    time_machine.move_to(_at(2025, 4, 1, 0, 30), tick=False)
    world.rule.numbering_reset = "yearly"
    world.rule.save()
    make_case(
        world.council, world.childcare, "前年度末の案件", "accepted", number=42, fiscal_year=2024
    )

    response = secretariat_client.post(f"/cases/{submitted.pk}/accept/", follow=True)

    submitted.refresh_from_db()
    assert (submitted.fiscal_year, submitted.number) == (2025, 1)
    assert "受理し、諮問第1号を付番しました。" in response.content.decode()


def test_it_refuses_department_staff_the_acceptance(
    submitted: Case, department_client: Client
) -> None:
    response = department_client.post(f"/cases/{submitted.pk}/accept/")

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED
    assert submitted.number is None


def test_it_refuses_department_staff_the_return(submitted: Case, department_client: Client) -> None:
    response = department_client.post(f"/cases/{submitted.pk}/return/", {"reason": "自分で戻す"})

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED


@pytest.mark.parametrize("reason", [None, "", "   ", "\u3000"])
def test_it_needs_a_reason_to_return_a_case(
    submitted: Case, secretariat_client: Client, reason: str | None
) -> None:
    data = {} if reason is None else {"reason": reason}

    response = secretariat_client.post(f"/cases/{submitted.pk}/return/", data, follow=True)

    assert response.redirect_chain == [(f"/cases/{submitted.pk}/", 302)]
    assert "差戻しの理由を入力してください。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED
    assert submitted.version == 1
    assert (
        not AuditEvent.objects.filter(object_id=str(submitted.pk)).exclude(action="view").exists()
    )


def test_it_returns_a_case_with_the_reason_in_the_audit_trail(
    world: World, submitted: Case, secretariat_client: Client
) -> None:
    response = secretariat_client.post(
        f"/cases/{submitted.pk}/return/", {"reason": "委託先の記載が不足しています"}, follow=True
    )

    assert "担当課に差し戻しました。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.RETURNED
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_id=str(submitted.pk))
    assert event.summary == "差戻し: 委託先の記載が不足しています"
    assert event.actor == world.secretariat


def test_it_lets_the_department_resubmit_a_returned_case(
    submitted: Case, secretariat_client: Client, department_client: Client
) -> None:
    secretariat_client.post(f"/cases/{submitted.pk}/return/", {"reason": "添付資料が不足"})

    department_client.post(f"/cases/{submitted.pk}/submit/")

    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.SUBMITTED


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (CaseStatus.DRAFT, "accept"),
        (CaseStatus.RETURNED, "accept"),
        (CaseStatus.ACCEPTED, "accept"),
        (CaseStatus.DRAFT, "return"),
        (CaseStatus.ACCEPTED, "return"),
        (CaseStatus.SUBMITTED, "submit"),
        (CaseStatus.ACCEPTED, "submit"),
        (CaseStatus.SCHEDULED, "submit"),
    ],
)
def test_it_refuses_an_invalid_transition_and_changes_nothing(
    world: World, secretariat_client: Client, status: str, step: str
) -> None:
    case = make_case(world.council, world.health, "状態遷移を試す案件", status)

    response = secretariat_client.post(
        f"/cases/{case.pk}/{step}/", {"reason": "理由あり"}, follow=True
    )

    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    assert INVALID in response.content.decode()
    case.refresh_from_db()
    assert case.status == status
    assert case.number is None
    assert case.version == 1
    assert not AuditEvent.objects.filter(object_id=str(case.pk)).exclude(action="view").exists()
