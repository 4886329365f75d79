"""Cases (案件) a department brings to the council, and the handlings each one asks about."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import CaseKind, HandlingType
from shingikai.councils.models import Council, Department
from shingikai.lib import numbering


class CaseStatus(models.TextChoices):
    """Where a case stands, from the department's draft to the council's decision."""

    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済")
    RETURNED = "returned", _("差戻し")
    ACCEPTED = "accepted", _("受理")
    SCHEDULED = "scheduled", _("審議予定")
    DECIDED = "decided", _("審議済")
    WITHDRAWN = "withdrawn", _("取下げ")


OPEN_STATUSES = (
    CaseStatus.DRAFT,
    CaseStatus.SUBMITTED,
    CaseStatus.RETURNED,
    CaseStatus.ACCEPTED,
    CaseStatus.SCHEDULED,
)


class Case(models.Model):
    """A consultation (諮問) or report (報告) with one or more handlings."""

    council = models.ForeignKey(
        Council, verbose_name=_("審議会"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("種別"), max_length=20, choices=CaseKind.choices)
    number = models.PositiveIntegerField(_("番号"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), null=True, blank=True, help_text=_("番号を付けた年度（西暦）")
    )
    title = models.CharField(_("件名"), max_length=300)
    subtitle = models.CharField(
        _("事業名"), max_length=200, blank=True, help_text=_("件名の後に括弧書きで添える事業名")
    )
    business = models.CharField(
        _("登録業務の名称"), max_length=120, blank=True, help_text=_("例：健康推進業務")
    )
    department = models.ForeignKey(
        Department, verbose_name=_("担当課"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    summary = models.TextField(_("概要"), blank=True)
    consulted_on = models.DateField(_("諮問・報告日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版"), default=1)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "kind", "fiscal_year", "number"],
                condition=Q(number__isnull=False),
                name="case_unique_number",
            )
        ]
        indexes = [models.Index(fields=["status"], name="case_status_idx")]

    def __str__(self) -> str:
        label = self.number_label
        return f"{label} {self.title}" if label else self.title

    def get_absolute_url(self) -> str:
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def number_label(self) -> str:
        """諮問第999号, written with the council's format in force on the case's date."""
        if self.number is None:
            return ""
        rule = self.council.rule_on(self.consulted_on or timezone.localdate())
        template = rule.number_format(self.kind) if rule else "第{number}号"
        return numbering.format_number(template, self.number, fiscal_year=self.fiscal_year)

    @property
    def full_title(self) -> str:
        return f"{self.title}（{self.subtitle}）" if self.subtitle else self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def handling_types(self) -> list[str]:
        return [h.type for h in self.handlings.all()]

    def clean(self) -> None:
        if self.number is not None and self.fiscal_year is None:
            raise ValidationError({"fiscal_year": _("番号を付けるときは年度も入力してください。")})


class Handling(models.Model):
    """One handling of personal information a case asks about (外部委託, 外部結合, …).

    A case holds several (諮問第999号: an outsourcing, new recorded items and two external
    connections), so each is its own row, in the order the case document lists them.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="handlings"
    )
    type = models.CharField(_("取扱い"), max_length=40, choices=HandlingType.choices)
    order = models.PositiveSmallIntegerField(_("順序"), default=1)
    title = models.CharField(_("見出し"), max_length=200, blank=True)
    legal_basis = models.CharField(_("根拠条文"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("取扱い")
        verbose_name_plural = _("取扱い")
        ordering = ["case", "order", "id"]

    def __str__(self) -> str:
        return f"第{self.order} {self.get_type_display()}"
