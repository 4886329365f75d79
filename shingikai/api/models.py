"""Tokens other systems present to the JSON API (`Authorization: Bearer <token>`).

Only a SHA-256 hash of each secret is stored, with a short prefix to tell tokens apart; the
secret itself is shown once, when the token is issued.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A token acting for its owner: the API shows it exactly what the owner sees."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称・用途"), max_length=100)
    prefix = models.CharField(_("識別子"), max_length=16, unique=True)
    secret_hash = models.CharField(_("秘密のハッシュ"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("発行日時"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        """Neither revoked nor expired, and its owner may still sign in."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and self.expires_at <= now:
            return False
        return self.user.is_active

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("失効"))
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return str(_("期限切れ"))
        return str(_("有効"))
