"""What people decide about the precheck: the secretariat's decision on each finding, and
the questions put to departments and their answers.

Findings themselves are not stored: the engine computes them from the dossier whenever the
case is shown. A decision is kept per case and concern, so it survives edits of the case
for as long as the concern still applies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.dossiers.models import Case


class Question(models.Model):
    """A question to the department about a case, answered in the system."""

    class Status(models.TextChoices):
        OPEN = "open", _("回答待ち")
        ANSWERED = "answered", _("回答済")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    text = models.TextField(_("質問"))
    concern_id = models.CharField(_("観点"), max_length=40, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("質問者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("送付日時"), default=timezone.now)
    answer = models.TextField(_("回答（区の考え方）"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回答者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("質問")
        verbose_name_plural = _("質問")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="question_unique_number")
        ]

    def __str__(self) -> str:
        return f"質問{self.number}"


class FindingDecision(models.Model):
    """The secretariat's decision on one concern raised for a case."""

    class Status(models.TextChoices):
        SENT = "sent", _("担当課へ送付")
        RESOLVED = "resolved", _("解決")
        DISMISSED = "dismissed", _("対象外")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="finding_decisions"
    )
    concern_id = models.CharField(_("観点"), max_length=40)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices)
    note = models.TextField(
        _("回答の要旨・対象外とする理由"),
        blank=True,
    )
    question = models.OneToOneField(
        Question,
        verbose_name=_("質問"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("判断者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("判断日時"), default=timezone.now)

    class Meta:
        verbose_name = _("論点の処理")
        verbose_name_plural = _("論点の処理")
        ordering = ["case", "concern_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "concern_id"], name="decision_unique_concern")
        ]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.get_status_display()}"
