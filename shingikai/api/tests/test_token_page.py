"""The token page (/api/tokens/): issue a token and see its secret once; list and revoke
your own; the secretariat sees and may revoke everyone's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import World
from shingikai.api import actions
from shingikai.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_issues_a_token_and_shows_the_secret_once(
    world: World, department_client: Client
) -> None:
    response = department_client.post("/api/tokens/", {"name": "文書管理システム", "days": "30"})

    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r"<code>(shk_[A-Za-z0-9_-]+)</code>", html)
    assert secret is not None
    token = ApiToken.objects.get(user=world.department)
    assert token.name == "文書管理システム"
    assert token.expires_at is not None
    assert secret.group(1).startswith(token.prefix)
    again = department_client.get("/api/tokens/").content.decode()
    assert secret.group(1) not in again
    assert token.prefix in again


def test_the_page_is_linked_from_the_users_area_and_never_cached(
    world: World, member_client: Client
) -> None:
    home = member_client.get("/").content.decode()
    page = member_client.get("/api/tokens/")

    assert 'href="/api/tokens/"' in home
    assert "no-store" in page["Cache-Control"]


def test_it_asks_for_a_name(world: World, department_client: Client) -> None:
    response = department_client.post("/api/tokens/", {"name": "", "days": "90"})

    assert "名称・用途を入力してください。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_sees_only_their_own_tokens(world: World, department_client: Client) -> None:
    actions.issue_token(None, world.department, "自分の連携")
    actions.issue_token(None, world.other_department, "他課の連携")

    html = department_client.get("/api/tokens/").content.decode()

    assert "自分の連携" in html
    assert "他課の連携" not in html


def test_the_secretariat_sees_everyones_tokens(world: World, secretariat_client: Client) -> None:
    actions.issue_token(None, world.department, "担当課の連携")
    actions.issue_token(None, world.member, "委員の連携")

    html = secretariat_client.get("/api/tokens/").content.decode()

    assert "担当課の連携" in html
    assert "委員の連携" in html
    assert "（全利用者）" in html


def test_a_user_revokes_their_own_token(world: World, department_client: Client) -> None:
    token, _secret = actions.issue_token(None, world.department, "連携")

    response = department_client.post(f"/api/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_someone_elses_token_but_the_secretariat(
    world: World, department_client: Client, secretariat_client: Client
) -> None:
    token, _secret = actions.issue_token(None, world.other_department, "他課の連携")

    refused = department_client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert refused.status_code == 404
    assert token.revoked_at is None

    secretariat_client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoking_needs_a_post(world: World, department_client: Client) -> None:
    token, _secret = actions.issue_token(None, world.department, "連携")

    assert department_client.get(f"/api/tokens/{token.pk}/revoke/").status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(world: World) -> None:
    response = Client().get("/api/tokens/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
