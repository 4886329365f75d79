"""Profiles follow the data: a case's edits, a meeting's items and a minutes revision update
them when the transaction commits (with the search index's units), the corpus a process
keeps follows the stored profiles, and `shingikai reindex` rebuilds them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from conftest import World, make_case
from shingikai.dossiers.models import CaseStatus, Handling, HandlingItem
from shingikai.meetings.models import AgendaItem, Meeting, MeetingStatus
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes.models import Minutes
from shingikai.search import precedent_index
from shingikai.search.models import PrecedentProfile

pytestmark = pytest.mark.django_db
Commit = Callable[[], AbstractContextManager[Any]]


def _profile(key: str) -> PrecedentProfile:
    return PrecedentProfile.objects.get(key=key)


def test_a_case_s_profile_follows_its_edits_and_deletion(world: World, commit: Commit) -> None:
    with commit():
        case = make_case(world.council, world.health, "防犯カメラ映像の外部提供", CaseStatus.DRAFT)
    key = f"case:{case.pk}"
    assert _profile(key).handling_types == ["outsourcing"]
    assert "防犯" in _profile(key).terms and _profile(key).categories == []

    with commit():
        case.title = "ドローン映像の外部提供"
        case.save()
        handling = case.handlings.get()
        HandlingItem.objects.create(handling=handling, order=1, name="病歴")
        Handling.objects.create(case=case, type="external_connection", order=2)
    profile = _profile(key)
    assert "ドローン" in profile.terms and "防犯" not in profile.terms
    assert profile.categories == ["sensitive"]
    assert profile.handling_types == ["external_connection", "outsourcing"]

    with commit():
        case.delete()
    assert not PrecedentProfile.objects.filter(key=key).exists()


def test_precedents_follow_an_edit_without_restarting(world: World, commit: Commit) -> None:
    with commit():
        past = make_case(world.council, world.health, "図書館の利用者登録", CaseStatus.DECIDED)
        query = make_case(world.council, world.health, "公園の清掃", CaseStatus.DRAFT)
        other = make_case(world.council, world.health, "公園の清掃の委託", CaseStatus.DECIDED)
    assert precedent_index.find(world.secretariat, query)[0].key == f"case:{other.pk}"
    with commit():
        past.title = "公園の清掃"
        past.save()
    # A candidate's stored profile changed, so the corpus the process keeps is rebuilt.
    assert precedent_index.find(world.secretariat, query)[0].key == f"case:{past.pk}"


def test_a_meeting_s_items_without_a_case_have_profiles_with_what_was_said(
    world: World, commit: Commit
) -> None:
    with commit():
        meeting = Meeting.objects.create(
            council=world.council,
            term=world.term,
            fiscal_year=2022,
            ordinal=5,
            date=dt.date(2022, 10, 1),
            status=MeetingStatus.HELD,
        )
        item = AgendaItem.objects.create(
            meeting=meeting, order=1, kind="consultation", title="介護保険の外部結合について"
        )
        AgendaItem.objects.create(
            meeting=meeting, order=2, kind="other", title="会長の選出について"
        )
    key = f"item:{item.pk}"
    assert _profile(key).handling_types == ["external_connection"]
    assert not _profile(key).has_dossier
    assert PrecedentProfile.objects.filter(agenda_item__meeting=meeting).count() == 1

    with commit():
        minutes = Minutes.objects.create(meeting=meeting)
        minutes_actions.save_text(
            minutes,
            "■1 介護保険の外部結合について\n○委員1委員　データセンターは国内にありますか。\n",
            world.secretariat,
        )
    assert "センター" not in _profile(key).terms  # a draft's words are not the record yet

    with commit():
        minutes.status = Minutes.Status.APPROVED
        minutes.save()
    assert "センター" in _profile(key).terms

    with commit():
        item.case = world.health_case
        item.save()
    assert not PrecedentProfile.objects.filter(key=key).exists()


def test_reindex_rebuilds_every_profile(world: World) -> None:
    PrecedentProfile.objects.all().delete()
    out = StringIO()
    call_command("reindex", "--progress", "never", stdout=out)
    cases = {f"case:{pk}" for pk in world.council.cases.values_list("pk", flat=True)}
    assert set(PrecedentProfile.objects.values_list("key", flat=True)) == cases
    assert f"類似案件の特徴を作り直しました（{len(cases)}件）。" in out.getvalue()
