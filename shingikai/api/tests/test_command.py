"""`shingikai apitoken create | list | revoke`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from shingikai.api import tokens
from shingikai.api.models import ApiToken

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("apitoken", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_creates_a_token_and_prints_the_secret_once(world: World) -> None:
    out, err = _run("create", "--user", "tantouka", "--name", "文書管理", "--days", "90")

    secret = out.strip()
    token = ApiToken.objects.get()
    assert token.secret_hash == tokens.hash_secret(secret)
    assert token.user == world.department
    assert token.expires_at is not None
    assert "再表示できません" in err
    listing, _err = _run("list")
    assert secret not in listing
    assert token.prefix in listing
    assert "有効" in listing


def test_it_revokes_by_prefix(world: World) -> None:
    _run("create", "--user", "iin", "--name", "連携")
    token = ApiToken.objects.get()

    out, _err = _run("revoke", token.prefix)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "失効させました" in out
    assert "失効" in _run("list", "--user", "iin")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "--user", "nobody", "--name", "x"), "利用者「nobody」が見つかりません。"),
        (("create", "--user", "iin", "--name", "x", "--days", "0"), "--days は1以上"),
        (("revoke", "shk_unknown0"), "見つかりません"),
    ],
)
def test_it_reports_mistakes(world: World, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)
