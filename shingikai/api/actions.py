"""Issuing and revoking tokens, and recording what the API hands out; each writes an
audit event."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.api import tokens
from shingikai.api.models import ApiToken
from shingikai.dossiers.models import Case


class AlreadyRevoked(Exception):
    """The token was revoked before (perhaps a moment ago, by someone else)."""


def issue_token(
    actor: User | None,
    owner: User,
    name: str,
    days: int | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `owner` and its secret, which is not stored and cannot be shown
    again. `days` limits its life; None means until revoked."""
    expires_at = timezone.now() + dt.timedelta(days=days) if days else None
    for _attempt in range(3):
        secret = tokens.new_secret()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=owner,
                    name=name,
                    prefix=tokens.prefix_of(secret),
                    secret_hash=tokens.hash_secret(secret),
                    expires_at=expires_at,
                )
                audit.record(
                    actor,
                    AuditEvent.Action.CREATE,
                    token,
                    summary=f"APIトークン「{name}」（{token.prefix}…）を{owner}に発行",
                    request=request,
                )
        except IntegrityError:
            continue  # a prefix collision: 48 random bits make a second one unheard of
        return token, secret
    raise RuntimeError("could not draw a unique token prefix")


def revoke_token(actor: User | None, token: ApiToken, request: HttpRequest | None = None) -> None:
    """Revoke `token` at once; a conditional UPDATE so a second revocation is refused."""
    with transaction.atomic():
        now = timezone.now()
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if changed != 1:
            raise AlreadyRevoked
        token.revoked_at = now
        audit.record(
            actor,
            AuditEvent.Action.CHANGE,
            token,
            summary=f"APIトークン「{token.name}」（{token.prefix}…）を失効",
            changes={"revoked_at": now.isoformat()},
            request=request,
        )


def record_export(token: ApiToken, request: HttpRequest, count: int) -> None:
    """Note that `token` fetched `count` records (a list, a meeting, a search page)."""
    audit.record(
        token.user,
        AuditEvent.Action.EXPORT,
        token,
        summary=f"API {request.get_full_path()}（{count}件）"[:300],
        request=request,
    )


def record_case_view(token: ApiToken, request: HttpRequest, case: Case) -> None:
    """A case read through the API is on the record, as it is on the case page."""
    audit.record(
        token.user,
        AuditEvent.Action.VIEW,
        case,
        summary=f"API（{token.prefix}…）: {case}"[:300],
        request=request,
    )
