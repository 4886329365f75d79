"""Reading alongside the index's writes (both found by bench/load.py): a case page records
who viewed it (an audit event), and that event must not rebuild the case's documents, which
made every page view a write and was most of the page's time; and a search must survive a
save that rebuilds a unit between the search's two queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client

from conftest import World
from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.search import backends, service, sync
from shingikai.search.models import SearchDocument
from shingikai.search.query import Query

from .conftest import Searchable

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units marked for rebuilding from here on."""
    units: list[str] = []
    monkeypatch.setattr(sync, "schedule", lambda *marked: units.extend(marked))
    return units


def test_it_does_not_rebuild_a_case_when_its_page_is_viewed(
    world: World, secretariat_client: Client, scheduled: list[str]
) -> None:
    case = world.health_case
    response = secretariat_client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(case.pk))
    assert scheduled == []


def test_it_does_not_rebuild_a_case_when_it_is_exported(world: World, scheduled: list[str]) -> None:
    audit.record(world.secretariat, AuditEvent.Action.EXPORT, world.health_case)
    assert scheduled == []


def test_it_still_rebuilds_a_case_on_an_audited_change(world: World, scheduled: list[str]) -> None:
    audit.record(world.secretariat, AuditEvent.Action.CHANGE, world.health_case)
    assert scheduled == [f"case:{world.health_case.pk}"]


def test_a_search_survives_a_rebuild_between_its_queries(
    searchable: Searchable, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = backends.backend()
    removed: list[int] = []

    class Racing:
        """The real backend, with a concurrent save rebuilding the newest match's unit just
        after the page's ids were found."""

        def count(self, docs: QuerySet[SearchDocument], query: Query, *more: Any) -> int:
            return real.count(docs, query, *more)

        def among(self, column: str, ids: Any) -> Any:
            return real.among(column, ids)

        def occupied(self, lanes: Any) -> Any:
            return real.occupied(lanes)

        def newest(self, docs: QuerySet[SearchDocument], query: Query, *more: Any) -> Any:
            found = real.newest(docs, query, *more)
            if found and not removed:  # the first page's newest match goes
                removed.append(found[0][0])
                SearchDocument.objects.filter(pk=found[0][0]).delete()
            return found

    monkeypatch.setattr(service, "backend", Racing)
    results = service.search("委託", service.EVERYTHING)
    assert removed
    assert results.hits
    assert removed[0] not in {hit.doc.pk for hit in results.hits}
