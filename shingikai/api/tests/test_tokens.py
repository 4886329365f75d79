"""Tokens: only a hash is kept; a revoked, expired, unknown or malformed token is refused
with 401 (never served as the public); issuing, revoking and reading are on the record."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.api import actions, tokens
from shingikai.api.models import ApiToken
from shingikai.api.tests.conftest import ApiClient, ApiWorld

pytestmark = pytest.mark.django_db


def test_it_keeps_only_a_hash_of_the_secret(world: World) -> None:
    token, secret = actions.issue_token(world.secretariat, world.department, "連携")

    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("shk_")
    assert len(secret) > 40
    assert stored.prefix == secret[:12]
    assert stored.secret_hash == tokens.hash_secret(secret)
    assert secret not in [str(v) for v in ApiToken.objects.values().get(pk=token.pk).values()]


def test_a_token_acts_for_its_owner(api_world: ApiWorld) -> None:
    world = api_world.world
    token, secret = actions.issue_token(None, world.department, "連携")

    response = ApiClient(secret).get(f"/api/v1/cases/{world.health_case.pk}")

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer shk_not-a-token-at-all",
        "Bearer ",
        "Bearer",
        "Basic amltdWt5b2t1OnBhc3N3b3Jk",
        "shk_missing-the-scheme",
        "Bearer " + "x" * 5000,
    ],
)
def test_it_refuses_a_garbage_token_with_401(api_world: ApiWorld, header: str) -> None:
    response = ApiClient().client.get("/api/v1/cases", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json() == {"detail": "トークンが無効です（失効・期限切れ・誤り）。"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_revoked_token(api_world: ApiWorld) -> None:
    token, secret = actions.issue_token(None, api_world.world.secretariat, "連携")
    client = ApiClient(secret)
    assert client.get("/api/v1/cases").status_code == 200

    actions.revoke_token(api_world.world.secretariat, token)

    assert client.get("/api/v1/cases").status_code == 401
    assert client.get(f"/api/v1/meetings/{api_world.world.meeting.pk}").status_code == 401


def test_it_refuses_an_expired_token(api_world: ApiWorld) -> None:
    _token, secret = actions.issue_token(None, api_world.world.secretariat, "連携", days=30)
    client = ApiClient(secret)

    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        assert client.get("/api/v1/cases").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert client.get("/api/v1/cases").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(api_world: ApiWorld) -> None:
    user = api_world.world.member
    _token, secret = actions.issue_token(None, user, "連携")
    user.is_active = False
    user.save()

    assert ApiClient(secret).get("/api/v1/meetings").status_code == 401


def test_it_refuses_a_second_revocation(world: World) -> None:
    token, _secret = actions.issue_token(None, world.member, "連携")
    actions.revoke_token(None, token)

    with pytest.raises(actions.AlreadyRevoked):
        actions.revoke_token(None, ApiToken.objects.get(pk=token.pk))


def test_it_records_issuing_and_revoking(world: World) -> None:
    token, secret = actions.issue_token(world.secretariat, world.member, "会議録システム")
    actions.revoke_token(world.secretariat, token)

    events = AuditEvent.objects.filter(object_type="api.ApiToken", object_id=str(token.pk))
    assert [e.action for e in events.order_by("id")] == [
        AuditEvent.Action.CREATE,
        AuditEvent.Action.CHANGE,
    ]
    assert "会議録システム" in events.order_by("id")[0].summary
    assert all(secret not in e.summary and secret not in str(e.changes) for e in events)


def test_it_records_what_a_token_reads(api_world: ApiWorld) -> None:
    world = api_world.world
    token, secret = actions.issue_token(None, world.secretariat, "連携")
    client = ApiClient(secret)

    client.get("/api/v1/cases", year=2022)
    client.get(f"/api/v1/cases/{world.childcare_draft.pk}")

    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.object_id == str(token.pk)
    assert export.actor == world.secretariat
    assert export.summary == "API /api/v1/cases?year=2022（2件）"
    view = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert view.object_type == "dossiers.Case"
    assert view.object_id == str(world.childcare_draft.pk)


def test_public_reads_are_not_recorded(api_world: ApiWorld, anonymous: ApiClient) -> None:
    before = AuditEvent.objects.count()

    anonymous.get("/api/v1/cases")
    anonymous.get(f"/api/v1/cases/{api_world.world.health_case.pk}")

    assert AuditEvent.objects.count() == before
