"""Two questions sent to one meeting at the same moment get different numbers (found by
bench/load.py on PostgreSQL: Django drops FOR UPDATE from an aggregate, so both read the
same highest number and the second insert broke the unique constraint)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection

from conftest import World
from shingikai.meetings import actions
from shingikai.meetings.models import MeetingQuestion


@pytest.mark.django_db(transaction=True)
def test_two_questions_sent_at_once_get_different_numbers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time; run on PostgreSQL")
    save = MeetingQuestion.save

    def slow_save(self: MeetingQuestion, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.3)  # numbered, not yet saved: the other sender starts meanwhile
        save(self, *args, **kwargs)

    monkeypatch.setattr(MeetingQuestion, "save", slow_save)
    barrier = threading.Barrier(2)
    failures: list[Exception] = []

    def send(text: str) -> None:
        question = MeetingQuestion(
            meeting=world.meeting, phase=MeetingQuestion.Phase.BEFORE, text=text
        )
        try:
            barrier.wait()
            actions.save_question(world.member, question, [], None)
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"質問{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    numbers = MeetingQuestion.objects.filter(meeting=world.meeting).values_list("number")
    assert sorted(n for (n,) in numbers) == [1, 2]
