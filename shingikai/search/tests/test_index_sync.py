"""The index follows every save, import and deletion: create, edit and delete a case, a
decision and a minutes revision, and the results follow (after the commit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from conftest import World, make_case
from shingikai.dossiers import actions as case_actions
from shingikai.dossiers.models import CaseStatus, Safeguard
from shingikai.meetings import actions as meeting_actions
from shingikai.meetings.models import Decision
from shingikai.minutes import actions as minutes_actions
from shingikai.search import indexing
from shingikai.search.models import SearchDocument
from shingikai.search.service import EVERYTHING, Filters, Scope, search

from .conftest import MINUTES_TEXT, Searchable

pytestmark = pytest.mark.django_db
Commit = Callable[[], AbstractContextManager[Any]]


def _keys(text: str, scope: Scope = EVERYTHING, **filters: Any) -> set[str]:
    results = search(text, scope, Filters(**filters), per_page=100)
    return {hit.doc.key for hit in results.hits}


def test_it_indexes_a_new_case_and_follows_its_edits_and_deletion(
    world: World, commit: Commit
) -> None:
    with commit():
        case = make_case(world.council, world.health, "防犯カメラ映像の外部提供", CaseStatus.DRAFT)
        Safeguard.objects.create(case=case, kind="technical", text="映像は暗号化して保存する")
    assert f"case:{case.pk}" in _keys("防犯カメラ")
    assert f"safeguard:{case.pk}:1" in _keys("暗号化して保存")
    assert any(k.startswith("handling:") for k in _keys("委託先株式会社"))

    with commit():
        case.title = "ドローン映像の外部提供"
        case.save()
    assert _keys("防犯カメラ") == set()
    assert f"case:{case.pk}" in _keys("ドローン")

    with commit():
        case.delete()
    assert _keys("ドローン") == set()
    assert not SearchDocument.objects.filter(case_id=case.pk).exists()


def test_it_follows_writes_that_bypass_signals_through_their_audit_events(
    searchable: Searchable, commit: Commit
) -> None:
    world = searchable.world
    agenda_key = f"agenda:{searchable.open_item.pk}"
    assert SearchDocument.objects.get(key=agenda_key).url.endswith("#item-1")

    with commit():  # three UPDATEs and one audit event
        meeting_actions.move_agenda_item(world.secretariat, searchable.open_item, 1, None)
    assert SearchDocument.objects.get(key=agenda_key).url.endswith("#item-2")


def test_it_follows_a_decision_from_creation_to_deletion(
    searchable: Searchable, commit: Commit
) -> None:
    with commit():
        decision = Decision.objects.create(
            agenda_item=searchable.open_item,
            outcome="continued",
            decided_on=dt.date(2022, 6, 1),
            text="継続審議とし、次回に再提出を求める。",
        )
    assert f"decision:{decision.pk}" in _keys("再提出")

    with commit():
        decision.text = "資料の補足を求める。"
        decision.save()
    assert _keys("再提出") == set()
    assert f"decision:{decision.pk}" in _keys("資料の補足", outcome="continued")

    with commit():
        decision.delete()
    assert _keys("資料の補足") == set()


def test_it_replaces_the_utterances_with_each_minutes_revision(
    searchable: Searchable, commit: Commit
) -> None:
    assert _keys("秘密審議")
    text = MINUTES_TEXT.replace("非公開の秘密審議を始めます。", "審査請求の審議を始めます。")
    with commit():
        minutes_actions.save_text(searchable.minutes, text, searchable.world.secretariat, "誤記")
    assert _keys("秘密審議") == set()
    assert len(_keys("審査請求", kind="utterance")) == 1

    with commit():
        searchable.minutes.utterances.all().delete()
        searchable.minutes.revisions.all().delete()
        searchable.minutes.delete()
    assert _keys("審査請求") == set()


def test_it_applies_status_changes_without_reindexing(
    searchable: Searchable, commit: Commit
) -> None:
    """Who may see a case is read when searching: a case returned to its department
    disappears from members' results at once."""
    world = searchable.world
    member = Scope(user=world.member)
    assert f"case:{world.health_case.pk}" in _keys("受診票", member)
    case_actions._transition(world.health_case, [CaseStatus.ACCEPTED], CaseStatus.RETURNED)
    assert f"case:{world.health_case.pk}" not in _keys("受診票", member)


def test_it_rebuilds_everything_the_same(searchable: Searchable) -> None:
    before = set(SearchDocument.objects.values_list("key", "text"))
    written = indexing.reindex_all()
    assert written == len(before)
    assert set(SearchDocument.objects.values_list("key", "text")) == before
    assert _keys("ＵＳＢ")
