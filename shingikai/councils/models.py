"""The organisation: municipality, its council and the council's rules, terms and members,
and the departments that bring cases."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import CaseKind, HandlingType
from shingikai.lib import numbering


class Municipality(models.Model):
    """A 都道府県 or 市区町村. One installation may serve several (rows are scoped by it)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.CharField(
        _("団体コード"), max_length=6, blank=True, help_text=_("全国地方公共団体コード（6桁）")
    )
    head_title = models.CharField(
        _("長の職名"), max_length=30, help_text=_("答申の宛先。例：世田谷区長")
    )

    class Meta:
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    """A privacy council (情報公開・個人情報保護審議会) of one municipality."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("自治体"), on_delete=models.PROTECT, related_name="councils"
    )
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("略称"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("審議会")
        verbose_name_plural = _("審議会")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="council_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def rule_on(self, day: dt.date) -> CouncilRule | None:
        """The rule in force on `day`: the latest one whose start is not after it."""
        return self.rules.filter(valid_from__lte=day).order_by("-valid_from").first()

    def term_on(self, day: dt.date) -> Term | None:
        """The term whose period contains `day`."""
        return (
            self.terms.filter(starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .order_by("-starts_on")
            .first()
        )


def _default_consultation_types() -> list[str]:
    return [
        t.value
        for t in HandlingType
        if t not in (HandlingType.OTHER, HandlingType.ORDINANCE_OR_RULES)
    ]


class CouncilRule(models.Model):
    """How a council works from a given date: quorum, what is consulted and what reported,
    and how numbers are written. The 2023 law changed these, so rules are dated."""

    class Reset(models.TextChoices):
        RUNNING = numbering.NumberingReset.RUNNING.value, _("通し番号")
        YEARLY = numbering.NumberingReset.YEARLY.value, _("年度ごとに1から")

    council = models.ForeignKey(
        Council, verbose_name=_("審議会"), on_delete=models.CASCADE, related_name="rules"
    )
    valid_from = models.DateField(_("適用開始日"))
    quorum_numerator = models.PositiveSmallIntegerField(_("定足数（分子）"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("定足数（分母）"), default=2)
    quorum_exclusive = models.BooleanField(
        _("定足数は「超える」"),
        default=True,
        help_text=_("オンのとき「過半数」のように割合を超える出席が必要、オフのとき割合以上"),
    )
    consultation_types = models.JSONField(
        _("諮問事項とする取扱い"), default=_default_consultation_types, blank=True
    )
    report_types = models.JSONField(_("報告事項とする取扱い"), default=list, blank=True)
    consultation_number_format = models.CharField(
        _("諮問番号の書式"), max_length=60, default="諮問第{number}号"
    )
    report_number_format = models.CharField(
        _("報告番号の書式"), max_length=60, default="報告第{number}号"
    )
    decision_number_format = models.CharField(
        _("答申番号の書式"), max_length=60, default="答申第{number}号"
    )
    numbering_reset = models.CharField(
        _("番号の振り方"), max_length=10, choices=Reset.choices, default=Reset.RUNNING
    )
    note = models.TextField(_("根拠・備考"), blank=True)

    class Meta:
        verbose_name = _("審議会の運営ルール")
        verbose_name_plural = _("審議会の運営ルール")
        ordering = ["council", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["council", "valid_from"], name="rule_unique_start"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="rule_quorum_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}（{self.valid_from:%Y-%m-%d}〜）"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in (
            "consultation_number_format",
            "report_number_format",
            "decision_number_format",
        ):
            try:
                numbering.validate_template(getattr(self, field))
            except ValueError as exc:
                errors[field] = str(exc)
        known = set(HandlingType.values)
        for field in ("consultation_types", "report_types"):
            unknown = [t for t in getattr(self, field) or [] if t not in known]
            if unknown:
                errors[field] = _("不明な取扱いです: %(types)s") % {"types": ", ".join(unknown)}
        overlap = set(self.consultation_types or []) & set(self.report_types or [])
        if overlap and "report_types" not in errors:
            errors["report_types"] = _("諮問事項と報告事項の両方に指定されています: %(types)s") % {
                "types": ", ".join(sorted(overlap))
            }
        if self.quorum_denominator and self.quorum_numerator > self.quorum_denominator:
            errors["quorum_numerator"] = _("分子は分母以下にしてください。")
        if errors:
            raise ValidationError(errors)

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    def quorum_needed(self, members: int) -> int:
        """The smallest attendance that makes a quorum of `members`."""
        threshold = self.quorum_fraction * members
        if self.quorum_exclusive:
            return int(threshold) + 1
        return int(threshold) if threshold == int(threshold) else int(threshold) + 1

    def kind_for(self, handling_type: str) -> str | None:
        """Whether a handling type is consulted or reported under this rule."""
        if handling_type in (self.consultation_types or []):
            return CaseKind.CONSULTATION
        if handling_type in (self.report_types or []):
            return CaseKind.REPORT
        return None

    def number_format(self, kind: str) -> str:
        if kind == CaseKind.REPORT:
            return self.report_number_format
        return self.consultation_number_format


class Term(models.Model):
    """A term of office (第16期) of the council's members."""

    council = models.ForeignKey(
        Council, verbose_name=_("審議会"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("期"))
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("期")
        verbose_name_plural = _("期")
        ordering = ["council", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} 第{self.number}期"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("終了日は開始日以降にしてください。")})

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def members_on(self, day: dt.date) -> models.QuerySet[Member]:
        """Members who held office on `day` (appointed on or before, not yet ended)."""
        return self.members.filter(appointed_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class Member(models.Model):
    """A council member for one term, with role and affiliation."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("会長")
        VICE_CHAIR = "vice_chair", _("副会長")
        MEMBER = "member", _("委員")
        TEMPORARY = "temporary", _("臨時委員")

    class Affiliation(models.TextChoices):
        ACADEMIC = "academic", _("学識経験者")
        RESIDENT = "resident", _("区民")
        ASSEMBLY = "assembly", _("区議会議員")
        BUSINESS = "business", _("事業者団体")
        LAWYER = "lawyer", _("弁護士")
        EXPERT = "expert", _("情報セキュリティ専門家")
        OTHER = "other", _("その他")

    term = models.ForeignKey(
        Term, verbose_name=_("期"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("氏名"), max_length=60)
    name_kana = models.CharField(_("ふりがな"), max_length=60, blank=True)
    role = models.CharField(_("役職"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    affiliation = models.CharField(_("区分"), max_length=12, choices=Affiliation.choices)
    affiliation_detail = models.CharField(_("所属"), max_length=100, blank=True)
    appointed_on = models.DateField(_("委嘱日"))
    ended_on = models.DateField(_("退任日"), null=True, blank=True)
    # A person reappointed for several terms has one row per term, all on one account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("アカウント"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    order = models.PositiveSmallIntegerField(_("名簿順"), default=0)

    class Meta:
        verbose_name = _("委員")
        verbose_name_plural = _("委員")
        ordering = ["term", "order", "name_kana", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="member_unique_in_term"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                name="member_ends_after_appointment",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ended_on and self.appointed_on and self.ended_on < self.appointed_on:
            errors["ended_on"] = _("退任日は委嘱日以降にしてください。")
        term = self.term if self.term_id else None
        if term and self.appointed_on and not term.contains(self.appointed_on):
            errors["appointed_on"] = _("委嘱日が期の期間外です。")
        if errors:
            raise ValidationError(errors)


class Department(models.Model):
    """A public body or division (実施機関・担当課) that brings cases to the council.

    Staff may belong to several departments (兼務), hence the many-to-many link.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("自治体"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    name = models.CharField(_("課名"), max_length=80)
    division = models.CharField(_("部名"), max_length=80, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("職員"),
        blank=True,
        related_name="departments",
    )

    class Meta:
        verbose_name = _("担当課")
        verbose_name_plural = _("担当課")
        ordering = ["municipality", "division", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "division", "name"], name="department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.division}{self.name}" if self.division else self.name
