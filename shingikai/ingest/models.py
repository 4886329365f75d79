"""The log of ingested minutes files: one row per distinct file content (SHA-256).

The unique SHA-256 is what makes ingestion idempotent and safe to run twice at once: the
second of two concurrent ingestions of one file fails to insert its row and reports the
file as already imported (see `store`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.meetings.models import Meeting


class IngestedFile(models.Model):
    """A minutes file the ingester has seen, and what became of it."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("取込済")
        REPLACED = "replaced", _("差替え済")
        FAILED = "failed", _("取込失敗")

    source_name = models.CharField(_("ファイル名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"), default=0)
    format = models.CharField(_("形式"), max_length=10, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices)
    error = models.CharField(_("取り込めなかった理由"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("会議"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingested_files",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取り込んだ人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("取込ファイル")
        verbose_name_plural = _("取込ファイル")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name}（{self.get_status_display()}）"
