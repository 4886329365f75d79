"""Who is offered which precedent: only decided cases and handled agenda items, only what
the reader may open, and with the details the reader may see."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from conftest import World
from shingikai.meetings import actions as meeting_actions
from shingikai.meetings.models import AgendaItem, Decision
from shingikai.minutes.models import Minutes
from shingikai.search import precedent_index

from .precedent_world import Precedents, build, keys

pytestmark = pytest.mark.django_db
Commit = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def scene(world: World, commit: Commit) -> Precedents:
    with commit():  # the index and profile updates of the writes run here, as on a commit
        return build(world)


def test_the_secretariat_gets_every_decided_case_and_handled_item_but_no_undecided_one(
    scene: Precedents,
) -> None:
    found = keys(precedent_index.find(scene.world.secretariat, scene.query))
    assert found == {
        f"case:{scene.own_past.pk}",
        f"case:{scene.other_closed.pk}",
        f"item:{scene.legacy.pk}",
        f"item:{scene.legacy_closed.pk}",
    }
    # The case itself, the draft and the case sent back are never offered.
    for case in (scene.query, scene.other_draft, scene.returned):
        assert f"case:{case.pk}" not in found


def test_department_staff_never_get_another_department_s_case_or_closed_item(
    scene: Precedents,
) -> None:
    found = keys(precedent_index.find(scene.world.department, scene.query))
    # Their own decided case only: 子ども家庭課's closed item and draft are not theirs, the
    # closed item without a case is not theirs either, and they do not see meeting 3.
    assert found == {f"case:{scene.own_past.pk}"}


def test_department_staff_of_the_other_department_get_only_their_own(scene: Precedents) -> None:
    other = scene.world.other_department
    assert keys(precedent_index.find(other, scene.world.childcare_case)) == {
        f"case:{scene.other_closed.pk}"
    }


def test_members_get_decided_cases_and_closed_items_of_their_meetings_but_no_draft(
    scene: Precedents,
) -> None:
    found = keys(precedent_index.find(scene.world.member, scene.query))
    assert found == {
        f"case:{scene.own_past.pk}",
        f"case:{scene.other_closed.pk}",  # members attend closed items
        f"item:{scene.legacy.pk}",
        f"item:{scene.legacy_closed.pk}",
    }
    # A member outside the term sees none of the cases and meetings.
    assert precedent_index.find(scene.world.outsider, scene.query) == []


def test_a_case_becomes_a_precedent_when_the_council_decides_it(
    scene: Precedents, commit: Commit
) -> None:
    case = scene.returned
    assert f"case:{case.pk}" not in keys(precedent_index.find(scene.world.department, scene.query))
    with commit():
        item = AgendaItem.objects.create(
            meeting=scene.meeting_2, order=4, kind="consultation", title=case.title, case=case
        )
        decision = Decision(outcome="approved", decided_on=scene.meeting_2.date)
        meeting_actions.record_decision(scene.world.secretariat, item, decision, None)
    # The decision decides the case with an UPDATE; the meeting's refresh marks it.
    assert f"case:{case.pk}" in keys(precedent_index.find(scene.world.department, scene.query))


def test_the_details_shown_follow_the_reader_s_rules(scene: Precedents) -> None:
    by_key = {p.key: p for p in precedent_index.find(scene.world.member, scene.query)}
    own = by_key[f"case:{scene.own_past.pk}"]
    asked = [a.text for a in own.asked]
    assert "委託先での問診票の入力は何人で行いますか。" in asked
    assert "問診票の原本はいつ返却されるのですか。" in asked
    assert not any("ご異議" in text for text in asked)  # the chair running the meeting
    closed = by_key[f"case:{scene.other_closed.pk}"]
    assert [a.text for a in closed.asked] == [
        "秘密の質問です。",
        "秘密の問診票の保管場所を確認したい。",
    ]


def test_utterances_of_draft_minutes_are_the_secretariat_s(world: World) -> None:
    scene = build(world, minutes_3=Minutes.Status.DRAFT)
    item = f"item:{scene.legacy.pk}"
    for_member = {p.key: p for p in precedent_index.find(world.member, scene.query)}
    assert for_member[item].asked == []
    for_secretariat = {p.key: p for p in precedent_index.find(world.secretariat, scene.query)}
    assert [a.text for a in for_secretariat[item].asked] == [
        "委託先での問診票の保管は施錠できる場所ですか。"
    ]


def test_the_same_precedents_when_the_best_candidates_are_not_the_reader_s(
    scene: Precedents, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With one candidate checked by id, the rest are found through everything the reader
    # may see (the path department staff take in a large corpus).
    before = {
        user.pk: keys(precedent_index.find(user, scene.query))
        for user in (scene.world.department, scene.world.member, scene.world.secretariat)
    }
    monkeypatch.setattr(precedent_index, "BATCH", 1)
    for user in (scene.world.department, scene.world.member, scene.world.secretariat):
        assert keys(precedent_index.find(user, scene.query)) == before[user.pk]
    assert before[scene.world.department.pk] == {f"case:{scene.own_past.pk}"}
