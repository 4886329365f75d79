"""The council world made public for the API: the world's meeting published, decisions on
its public and its closed item, materials of every kind, and a token for each persona.

Strings the public must never read are collected in `SECRETS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from conftest import World
from shingikai.accounts.models import User
from shingikai.api import actions
from shingikai.meetings.models import Condition, Decision, Material, Meeting
from shingikai.search import indexing

CLOSED_REASON = "個人情報を含むため"
INTERNAL_TEXT = "答申の結論は内部の記載"
INTERNAL_WARNING = "定足数についての内部の注意"
EVIDENCE = "対応状況は内部の記載"
UNPUBLISHED_ITEM = "公開しない会議の議題"

# What a request without a token must never receive: the closed item (its title, which is
# the childcare case's, and its reason), the draft, non-public materials and the material
# of the closed item, staff-only decision fields, and the content of the cases (the
# contractor, the handlings' sample values, the department's division).
SECRETS = (
    "子ども家庭課の審議予定案件",
    CLOSED_REASON,
    "子ども家庭課の作成中の下書き",
    "非公開の資料",
    "非公開議題の資料",
    INTERNAL_TEXT,
    INTERNAL_WARNING,
    EVIDENCE,
    "委託先株式会社",
    "記載例",
    "保健所",
    UNPUBLISHED_ITEM,
)


@dataclass
class ApiWorld:
    world: World
    public_decision: Decision
    closed_decision: Decision
    public_material: Material
    internal_material: Material
    closed_item_material: Material
    unpublished: Meeting


@pytest.fixture
def api_world(world: World) -> ApiWorld:
    meeting = world.meeting
    meeting.published_at = timezone.now() - dt.timedelta(days=1)
    meeting.venue = "区役所第一会議室"
    meeting.save()
    public_item = meeting.agenda_items.get(order=1)
    closed_item = meeting.agenda_items.get(order=2)
    public_decision = Decision.objects.create(
        agenda_item=public_item,
        outcome="approved_with_conditions",
        decided_on=meeting.date,
        no_objection=True,
        number=3,
        fiscal_year=2022,
        issued_on=dt.date(2022, 6, 10),
        text=INTERNAL_TEXT,
        warning=INTERNAL_WARNING,
    )
    Condition.objects.create(
        decision=public_decision,
        text="委託先の監査結果を報告すること",
        owner=world.health,
        evidence=EVIDENCE,
    )
    closed_decision = Decision.objects.create(
        agenda_item=closed_item, outcome="approved", decided_on=meeting.date
    )
    materials = [
        Material.objects.create(
            meeting=meeting, agenda_item=item, label=label, title=title, order=n, is_public=public
        )
        for n, (item, label, title, public) in enumerate(
            [
                (public_item, "資料1", "公開資料", True),
                (public_item, "資料2", "非公開の資料", False),
                (closed_item, "資料3", "非公開議題の資料", True),
            ],
            start=1,
        )
    ]
    unpublished = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 9, 1),
    )
    unpublished.agenda_items.create(order=1, kind="other", title=UNPUBLISHED_ITEM)
    indexing.reindex_all()
    return ApiWorld(world, public_decision, closed_decision, *materials, unpublished)


def issue(user: User) -> str:
    return actions.issue_token(None, user, f"{user.username}の連携")[1]


@pytest.fixture
def secrets_by_persona(world: World) -> dict[str, str]:
    """A token secret for each persona, by the name of its client fixture's persona."""
    return {
        "secretariat": issue(world.secretariat),
        "department": issue(world.department),
        "other_department": issue(world.other_department),
        "member": issue(world.member),
        "outsider": issue(world.outsider),
    }


class ApiClient:
    """Django's test client with a bearer token (or none: the public)."""

    def __init__(self, secret: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: object) -> HttpResponse:
        return self.client.get(path, params, headers=self.headers)


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()
