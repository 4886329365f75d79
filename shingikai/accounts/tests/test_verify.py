"""`shingikai verify` finds records changed behind the application's back: audit events
edited, removed or inserted, and sealed records (revisions, decisions, minutes) edited."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import World
from shingikai.accounts import audit, verify
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import actions
from shingikai.dossiers.models import CaseStatus
from shingikai.meetings.models import Decision

pytestmark = pytest.mark.django_db


def _run() -> tuple[int, str]:
    err = io.StringIO()
    try:
        call_command("verify", stdout=io.StringIO(), stderr=err)
    except CommandError as exc:
        return exc.returncode, err.getvalue()
    return 0, err.getvalue()


def _submitted(world: World) -> None:
    world.childcare_draft.refresh_from_db()
    actions.submit_case(world.other_department, world.childcare_draft, None)


def test_it_finds_nothing_wrong_in_an_untouched_database(world: World) -> None:
    _submitted(world)
    audit.record(world.secretariat, AuditEvent.Action.VIEW, world.health_case)
    assert _run() == (0, "")


def test_it_notices_an_audit_event_changed_in_the_database(world: World) -> None:
    event = audit.record(world.secretariat, AuditEvent.Action.EXPORT, world.health_case)
    audit.record(world.secretariat, AuditEvent.Action.VIEW, world.health_case)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_auditevent SET summary = %s WHERE id = %s", ["書き換え", event.pk]
        )
    code, err = _run()
    assert code == 1
    assert f"監査記録 #{event.pk}: 内容が記録後に変更されています。" in err


def test_it_notices_a_removed_audit_event(world: World) -> None:
    first = audit.record(world.secretariat, AuditEvent.Action.VIEW, world.health_case)
    audit.record(world.secretariat, AuditEvent.Action.VIEW, world.health_case)
    audit.record(world.secretariat, AuditEvent.Action.VIEW, world.health_case)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [first.pk + 1])
    assert any("つながりが切れています" in p for p in verify.problems())


def test_it_notices_a_submitted_revision_changed_in_the_database(world: World) -> None:
    _submitted(world)
    revision = world.childcare_draft.revisions.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dossiers_revision SET snapshot = %s WHERE id = %s",
            ['{"title": "すり替え"}', revision.pk],
        )
    code, err = _run()
    assert code == 1
    assert f"#{revision.pk}: 確定後に内容が変更されています。" in err


def test_it_notices_a_decision_changed_in_the_database(world: World) -> None:
    from shingikai.meetings import actions as meeting_actions

    item = world.meeting.agenda_items.get(order=1)
    decision = meeting_actions.record_decision(
        world.secretariat,
        item,
        Decision(outcome="approved", decided_on=world.meeting.date, no_objection=True),
        None,
    )
    assert _run()[0] == 0
    Decision.objects.filter(pk=decision.pk).update(outcome="rejected")
    code, err = _run()
    assert code == 1 and f"#{decision.pk}: 確定後に内容が変更されています。" in err


def test_a_change_through_the_application_is_not_tampering(world: World) -> None:
    _submitted(world)
    actions.return_case(world.secretariat, world.childcare_draft, "修正", None)
    world.childcare_draft.refresh_from_db()
    assert world.childcare_draft.status == CaseStatus.RETURNED
    actions.submit_case(world.other_department, world.childcare_draft, None)
    assert _run() == (0, "")
