"""Minutes of a meeting, their revisions, the utterances of the current revision, and the
attending members' confirmations."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.models import Member
from shingikai.meetings.models import AgendaItem, Meeting
from shingikai.minutes import text as minutes_text


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def approved(self) -> MinutesQuerySet:
        return self.filter(status=Minutes.Status.APPROVED)

    def public(self) -> MinutesQuerySet:
        """Approved minutes of meetings published on the public site."""
        return self.approved().filter(
            meeting__published_at__isnull=False, meeting__published_at__lte=timezone.now()
        )


class Minutes(models.Model):
    """The minutes (会議録) of one meeting. The text lives in revisions; the status moves
    draft → circulated (attendees confirm) → approved (at a later meeting)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        CIRCULATED = "circulated", _("確認依頼中")
        APPROVED = "approved", _("承認済")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("会議"), on_delete=models.PROTECT, related_name="minutes"
    )
    status = models.CharField(
        _("状態"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("承認日"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("承認した会議"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
    )
    imported = models.BooleanField(
        _("取込"), default=False, help_text=_("既存の会議録ファイルから取り込んだもの")
    )
    source_name = models.CharField(_("取込元ファイル名"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("取込元のSHA-256"), max_length=64, blank=True)
    # The meeting record (header, attendance, decisions) as it stood when the minutes were
    # approved, so later edits of the meeting cannot change approved minutes.
    record = models.JSONField(_("承認時の会議の記録"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議録")
        verbose_name_plural = _("会議録")
        ordering = ["-meeting__date"]

    def __str__(self) -> str:
        return f"{self.meeting} 会議録"

    def get_absolute_url(self) -> str:
        return reverse("minutes:detail", args=[self.meeting_id])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def current_revision(self) -> MinutesRevision | None:
        return self.revisions.order_by("-number").first()

    def current_text(self) -> str:
        revision = self.current_revision()
        return revision.text if revision else ""

    def sections(self) -> list[minutes_text.ParsedSection]:
        """The current text as sections (it was checked when stored)."""
        return minutes_text.parse(self.current_text())

    def closed_items(self) -> set[int]:
        """Orders of the meeting's closed (非公開) agenda items."""
        return set(
            self.meeting.agenda_items.filter(is_public=False).values_list("order", flat=True)
        )

    def public_utterances(self) -> models.QuerySet[Utterance]:
        """Utterances the public may read: all but those of closed agenda items."""
        return (
            self.utterances.exclude(agenda_item__is_public=False)
            .select_related("agenda_item")
            .order_by("order")
        )

    def public_sections(self) -> list[minutes_text.ParsedSection]:
        """The current text's sections without those of closed agenda items."""
        closed = self.closed_items()
        return [s for s in self.sections() if s.item is None or s.item not in closed]

    def public_text(self) -> str:
        """The current text in the edit format, with closed items' sections removed."""
        return minutes_text.render(self.public_sections())


class MinutesRevision(models.Model):
    """One stored version of the minutes' text; never edited in place. After approval every
    new revision gives its reason."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("会議録"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("版"))
    text = models.TextField(_("本文"))
    reason = models.CharField(_("修正の理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    sha256 = models.CharField(_("本文のSHA-256"), max_length=64)

    class Meta:
        verbose_name = _("会議録の版")
        verbose_name_plural = _("会議録の版")
        ordering = ["minutes", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a minutes revision is never edited in place")
        self.sha256 = self.digest(self.text)
        super().save(*args, **kwargs)

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Utterance(models.Model):
    """One speaker turn or stage direction of the current revision, for search and the
    public site; rewritten from the text on every new revision."""

    class Role(models.TextChoices):
        CHAIR = minutes_text.CHAIR, _("会長")
        VICE_CHAIR = minutes_text.VICE_CHAIR, _("副会長")
        MEMBER = minutes_text.MEMBER, _("委員")
        SECRETARIAT = minutes_text.SECRETARIAT, _("事務局")
        STAFF = minutes_text.STAFF, _("説明員")
        OTHER = minutes_text.OTHER, _("その他")

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("会議録"), on_delete=models.CASCADE, related_name="utterances"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("議題"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="utterances",
    )
    order = models.PositiveIntegerField(_("順序"))
    speaker = models.CharField(_("発言者"), max_length=100, blank=True)
    role = models.CharField(_("立場"), max_length=12, choices=Role.choices, default=Role.OTHER)
    name = models.CharField(_("氏名"), max_length=60, blank=True)
    text = models.TextField(_("発言"))
    is_direction = models.BooleanField(_("ト書き"), default=False)

    class Meta:
        verbose_name = _("発言")
        verbose_name_plural = _("発言")
        ordering = ["minutes", "order"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "order"], name="utterance_unique_order")
        ]

    def __str__(self) -> str:
        return f"（{self.text[:30]}）" if self.is_direction else f"○{self.speaker} {self.text[:30]}"


class Confirmation(models.Model):
    """An attending member's confirmation of circulated minutes (and any comment)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("会議録"), on_delete=models.CASCADE, related_name="confirmations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委員"), on_delete=models.PROTECT, related_name="confirmations"
    )
    revision = models.ForeignKey(
        MinutesRevision,
        verbose_name=_("確認した版"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmations",
    )
    confirmed_at = models.DateTimeField(_("確認日時"), default=timezone.now)
    comment = models.TextField(_("意見"), blank=True)

    class Meta:
        verbose_name = _("委員の確認")
        verbose_name_plural = _("委員の確認")
        ordering = ["minutes", "member__order"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "member"], name="confirmation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} 確認"
