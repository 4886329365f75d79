"""Numbers handed out at the same moment stay unique: two 答申 of one council issued at once,
and two precheck findings of one case sent to the department at once (PostgreSQL; SQLite
runs one write transaction at a time)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from conftest import World
from shingikai.meetings import actions
from shingikai.meetings.models import AgendaItem, Decision
from shingikai.review import actions as review_actions
from shingikai.review.findings import precheck
from shingikai.review.models import Question

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(calls: list[Callable[[], Any]]) -> list[Exception]:
    barrier = threading.Barrier(len(calls))
    failures: list[Exception] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
        except Exception as exc:  # reported by the caller's assertion
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def _slow(monkeypatch: pytest.MonkeyPatch, model: type[Any]) -> None:
    save = model.save

    def slow_save(self: Any, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.3)  # numbered, not yet saved: the other request runs meanwhile
        save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", slow_save)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time; run on PostgreSQL")


def test_two_decisions_issued_at_once_get_different_numbers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions = [
        Decision.objects.create(agenda_item=item, outcome="approved", decided_on=world.meeting.date)
        for item in AgendaItem.objects.filter(meeting=world.meeting).order_by("order")
    ]
    _slow(monkeypatch, Decision)

    failures = _at_once(
        [
            lambda d=d: actions.issue_decision(
                world.secretariat,
                Decision.objects.get(pk=d.pk),
                issued_on=dt.date(2022, 6, 10),
                text="答申する。",
                addressee="テスト区長",
                request=None,
            )
            for d in decisions
        ]
    )

    assert failures == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


def test_two_findings_sent_at_once_get_different_numbers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = world.health_case
    rows = precheck(case).rows[:2]
    assert len(rows) == 2
    _slow(monkeypatch, Question)

    failures = _at_once(
        [lambda r=r: review_actions.send(world.secretariat, case, r.finding, None) for r in rows]
    )

    assert failures == []
    assert sorted(case.questions.values_list("number", flat=True)) == [1, 2]
