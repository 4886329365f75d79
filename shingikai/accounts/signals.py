"""Sign-in, sign-out and failed sign-in go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(user, AuditEvent.Action.SIGN_IN, user, request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(user, AuditEvent.Action.SIGN_OUT, user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = str(credentials.get("username", ""))[:100]
    audit.record(
        None, AuditEvent.Action.SIGN_IN_FAILED, summary=f"username={name}", request=request
    )
