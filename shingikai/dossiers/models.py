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
from shingikai.dossiers.structure import schema
from shingikai.lib import glossary, numbering


def _choices(vocabulary: glossary.Vocabulary) -> list[tuple[str, str]]:
    return list(vocabulary)


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
    party = models.ForeignKey(
        "Party",
        verbose_name=_("相手方"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handlings",
    )
    # The type's form fields (schema.SPECS[type]), JSON-encoded by structure.values.
    fields = models.JSONField(_("記載事項"), default=dict, blank=True)

    class Meta:
        verbose_name = _("取扱い")
        verbose_name_plural = _("取扱い")
        ordering = ["case", "order", "id"]

    def __str__(self) -> str:
        return f"第{self.order} {self.get_type_display()}"

    @property
    def spec(self) -> schema.HandlingSpec:
        return schema.SPECS[self.type]


class DataItem(models.Model):
    """An entry of the data-item catalogue (氏名, 病歴, 個人番号 …) with its category.

    The secretariat extends it; cases may also name free-text items, which are marked.
    """

    name = models.CharField(_("項目名"), max_length=80, unique=True)
    category = models.CharField(
        _("分類"), max_length=20, choices=_choices(glossary.ITEM_CATEGORIES)
    )
    description = models.CharField(_("説明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("個人情報項目")
        verbose_name_plural = _("個人情報項目（カタログ）")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """Someone the data passes through, named within its case by `key`."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="parties"
    )
    key = models.SlugField(_("記号"), max_length=40)
    order = models.PositiveSmallIntegerField(_("順序"), default=1)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種別"), max_length=20, choices=_choices(glossary.PARTY_KINDS))
    undecided = models.BooleanField(_("未定"), default=False)
    selection_method = models.CharField(_("選定方法"), max_length=200, blank=True)
    certifications = models.JSONField(_("認証"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("再委託元"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subcontractors",
    )
    prior_approval_required = models.BooleanField(_("再委託の事前承認"), null=True, blank=True)
    location = models.CharField(_("所在・取扱場所"), max_length=200, blank=True)
    note = models.CharField(_("備考"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("関係者")
        verbose_name_plural = _("関係者")
        ordering = ["case", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="party_unique_key")]

    def __str__(self) -> str:
        return self.name


class HandlingItem(models.Model):
    """A personal-information item of one handling, with where it comes from."""

    handling = models.ForeignKey(
        Handling, verbose_name=_("取扱い"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("順序"), default=1)
    name = models.CharField(_("項目名"), max_length=80)
    data_item = models.ForeignKey(
        DataItem,
        verbose_name=_("カタログの項目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("提供元"), max_length=30, blank=True, choices=_choices(glossary.ITEM_SOURCES)
    )
    necessity = models.CharField(_("必要性"), max_length=300, blank=True)
    free_text = models.BooleanField(_("自由記述"), default=False)

    class Meta:
        verbose_name = _("取扱う個人情報の項目")
        verbose_name_plural = _("取扱う個人情報の項目")
        ordering = ["handling", "order", "id"]

    def __str__(self) -> str:
        return self.name


class FlowStep(models.Model):
    """A numbered step of the data flow: from a party to a party, which items, how."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="flow_steps"
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    source = models.ForeignKey(
        Party, verbose_name=_("送信元"), on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(
        Party, verbose_name=_("送信先"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("内容"), max_length=200, blank=True)
    items = models.JSONField(_("項目"), default=list, blank=True)
    channel = models.CharField(
        _("経路・媒体"), max_length=20, blank=True, choices=_choices(glossary.CHANNELS)
    )
    encrypted = models.BooleanField(_("暗号化"), null=True, blank=True)
    kept = models.CharField(_("送信先での保管"), max_length=200, blank=True)
    retention = models.CharField(_("保管期間"), max_length=100, blank=True)
    disposal = models.CharField(_("削除・返却の方法"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("個人情報の流れ")
        verbose_name_plural = _("個人情報の流れ")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="flowstep_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.source} → {self.target}"


class Safeguard(models.Model):
    """A protective measure, on the case or on one handling, party or flow step."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="safeguards"
    )
    order = models.PositiveSmallIntegerField(_("順序"), default=1)
    kind = models.CharField(_("種別"), max_length=20, choices=_choices(glossary.SAFEGUARD_KINDS))
    clause = models.CharField(
        _("契約上の手段"), max_length=30, blank=True, choices=_choices(glossary.CONTRACT_CLAUSES)
    )
    text = models.TextField(_("内容"))
    handling = models.ForeignKey(
        Handling,
        verbose_name=_("対象の取扱い"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safeguards",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("対象の関係者"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safeguards",
    )
    step = models.ForeignKey(
        FlowStep,
        verbose_name=_("対象の流れ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safeguards",
    )

    class Meta:
        verbose_name = _("安全管理措置")
        verbose_name_plural = _("安全管理措置")
        ordering = ["case", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Attachment(models.Model):
    """A file attached to a case (e.g. the draft PIA report), stored with its hash."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="attachments"
    )
    handling = models.ForeignKey(
        Handling,
        verbose_name=_("取扱い"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField(_("種別"), max_length=30, choices=_choices(schema.ATTACHMENT_KINDS))
    file = models.FileField(_("ファイル"), upload_to="attachments/%Y/")
    name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveIntegerField(_("サイズ"))
    content_type = models.CharField(_("形式"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("登録日時"), default=timezone.now)

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")
        ordering = ["case", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """A submitted version of a case, kept as it was sent: the whole dossier as case-file
    data, never edited. Any two can be compared field by field."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提出")
        RESUBMITTED = "resubmitted", _("再提出")

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("版"))
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    snapshot = models.JSONField(_("内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("提出日時"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("修正の内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("提出版")
        verbose_name_plural = _("提出版")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"第{self.number}版（{self.get_kind_display()}）"
