"""Token secrets: making one, hashing it, and finding the token a request presents."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db.models import Q
from django.utils import timezone

from shingikai.api.models import ApiToken

SCHEME = "shk_"  # marks the secret as ours (secret scanners, logs)
PREFIX_LENGTH = 12  # shk_ and 8 random characters: shown in lists, used to revoke
MAX_LENGTH = 200  # anything longer is not one of ours; not worth hashing
# Recording every use would write on every request; a minute's precision is enough.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def new_secret() -> str:
    return SCHEME + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def prefix_of(secret: str) -> str:
    return secret[:PREFIX_LENGTH]


def find(secret: str) -> ApiToken | None:
    """The usable token whose secret is `secret` (noting when it was last used), or None."""
    if not secret.startswith(SCHEME) or len(secret) > MAX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(secret_hash=hash_secret(secret)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    ).update(last_used_at=now)
    return token
