"""Sign-in protection: lock-out after repeated failures, and TOTP two-factor codes.

Five wrong passwords in a row lock the account for fifteen minutes; a successful sign-in
clears the count. TOTP (RFC 6238, the codes of authenticator apps) is optional for the
secretariat and members.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from django.db.models import F
from django.utils import timezone

from shingikai.accounts.models import User

MAX_FAILURES = 5
LOCK_MINUTES = 15
ISSUER = "Shingikai"


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    return bool(user.locked_until and user.locked_until > (now or timezone.now()))


def record_failure(username: str) -> None:
    """Count a wrong password; lock the account at the limit."""
    users = User.objects.filter(username=username)
    users.update(failed_logins=F("failed_logins") + 1)
    users.filter(failed_logins__gte=MAX_FAILURES).update(
        locked_until=timezone.now() + dt.timedelta(minutes=LOCK_MINUTES), failed_logins=0
    )


def record_success(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def verify_code(secret: str, code: str) -> bool:
    """A six-digit code valid now or one step before or after (clock drift)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return bool(secret) and len(digits) == 6 and pyotp.TOTP(secret).verify(digits, valid_window=1)


def may_use_totp(user: User) -> bool:
    return user.is_secretariat or user.is_council_member
