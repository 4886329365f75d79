"""Lock-out after repeated failures, and two-factor sign-in with authenticator codes."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
import time_machine
from django.test import Client

from conftest import PASSWORD, World
from shingikai.accounts import security
from shingikai.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str) -> str:
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, follow=True
    )
    return response.content.decode()


def test_it_locks_an_account_after_five_wrong_passwords(world: World) -> None:
    client = Client()
    for _ in range(security.MAX_FAILURES):
        _sign_in(client, "tantouka", "wrong-password")
    page = _sign_in(client, "tantouka", PASSWORD)
    assert "一時的にロックされています" in page
    assert "_auth_user_id" not in client.session

    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=security.LOCK_MINUTES + 1)
    with time_machine.travel(later):
        _sign_in(client, "tantouka", PASSWORD)
        assert client.session.get("_auth_user_id") == str(world.department.pk)


def test_a_successful_sign_in_clears_the_count(world: World) -> None:
    client = Client()
    for _ in range(security.MAX_FAILURES - 1):
        _sign_in(client, "tantouka", "wrong-password")
    _sign_in(client, "tantouka", PASSWORD)
    world.department.refresh_from_db()
    assert (world.department.failed_logins, world.department.locked_until) == (0, None)


def _enable(client: Client, user: User) -> str:
    client.force_login(user)
    client.get("/accounts/two-factor/")
    secret = client.session["totp_setup"]
    response = client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    client.logout()
    return secret


def test_it_asks_for_the_code_after_the_password(world: World) -> None:
    client = Client()
    secret = _enable(client, world.secretariat)
    world.secretariat.refresh_from_db()
    assert world.secretariat.totp_enabled

    response = client.post("/accounts/login/", {"username": "jimukyoku", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session

    wrong = client.post("/accounts/login/code/", {"code": "000000"})
    assert "確認コードが正しくありません" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    client.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert client.session["_auth_user_id"] == str(world.secretariat.pk)
    assert AuditEvent.objects.filter(action="sign_in", actor=world.secretariat).exists()


def test_it_keeps_two_factor_off_for_department_staff(
    world: World, department_client: Client
) -> None:
    assert department_client.get("/accounts/two-factor/").status_code == 403


def test_it_turns_two_factor_off_with_a_current_code(world: World) -> None:
    client = Client()
    secret = _enable(client, world.member)
    client.force_login(world.member)
    client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    world.member.refresh_from_db()
    assert not world.member.totp_enabled and world.member.totp_secret == ""


def test_it_rejects_a_short_or_common_password(world: World) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short", world.department)
    with pytest.raises(ValidationError):
        validate_password("password1234", world.department)
