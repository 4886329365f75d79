"""What the council is told besides cases: breaches (漏えい等事案) with their reporting
deadlines, the annual disclosure statistics (実施状況) and the personal information file
register (個人情報ファイル簿) with its publication setting."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.models import Department, Municipality
from shingikai.dossiers.models import Case
from shingikai.meetings.models import AgendaItem
from shingikai.reports import breach, register, stats


def _department_outside(row: Incident | PersonalInfoFile) -> dict[str, str]:
    """The error of a department that is not one of the row's municipality's."""
    outside = (
        row.department_id
        and row.municipality_id
        and row.department.municipality_id != row.municipality_id
    )
    return {"department": _("この自治体の課ではありません。")} if outside else {}


class IncidentKind(models.TextChoices):
    LOSS = "loss", _("紛失")
    THEFT = "theft", _("盗難")
    MISDELIVERY = "misdelivery", _("誤送付・誤配付")
    WRONG_SENDING = "wrong_sending", _("誤送信・誤交付・誤公開")
    UNAUTHORISED_ACCESS = "unauthorised_access", _("不正アクセス")
    MALWARE = "malware", _("マルウェア感染")
    OTHER = "other", _("その他")


class Incident(models.Model):
    """A breach (漏えい, 滅失, 毀損) or suspected one, with its reports and notices."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("自治体"), on_delete=models.PROTECT, related_name="incidents"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("担当課"), on_delete=models.PROTECT, related_name="incidents"
    )
    title = models.CharField(_("件名"), max_length=200)
    kind = models.CharField(_("事案の種類"), max_length=30, choices=IncidentKind.choices)
    found_on = models.DateField(_("発覚日"), help_text=_("報告期限はこの日から数えます"))
    occurred_on = models.DateField(
        _("発生日"), null=True, blank=True, help_text=_("分からない場合は空欄")
    )
    summary = models.TextField(_("事案の概要"))
    data_items = models.TextField(
        _("漏えい等した個人情報の項目"), blank=True, help_text=_("1行に1項目")
    )
    persons = models.PositiveIntegerField(
        _("本人の数"), help_text=_("確定していない場合は見込みの人数")
    )
    sensitive = models.BooleanField(_("要配慮個人情報を含む"), default=False)
    my_number = models.BooleanField(_("特定個人情報（マイナンバー）を含む"), default=False)
    financial_risk = models.BooleanField(_("財産的被害が生じるおそれがある"), default=False)
    unauthorised_purpose = models.BooleanField(
        _("不正の目的をもって行われたおそれがある"), default=False
    )
    affected_process = models.CharField(
        _("特定個人情報を取り扱う事務"),
        max_length=120,
        blank=True,
        help_text=_(
            "特定個人情報を含むとき必須。特定個人情報保護評価の「評価対象の事務」と同じ名称"
        ),
    )
    contractor = models.CharField(
        _("委託先"), max_length=120, blank=True, help_text=_("委託先で発生したときの委託先の名称")
    )
    cause = models.TextField(_("発生原因"), blank=True)
    response = models.TextField(_("対応（二次被害の防止等）"), blank=True)
    prevention = models.TextField(_("再発防止策"), blank=True)
    serious_override = models.BooleanField(
        _("重大事故の判断"),
        null=True,
        blank=True,
        help_text=_("空欄なら、特定個人情報を含み報告が必要な事案を重大事故とします"),
    )
    prompt_reported_on = models.DateField(_("速報日"), null=True, blank=True)
    final_reported_on = models.DateField(_("確報日"), null=True, blank=True)
    notified_on = models.DateField(_("本人への通知日"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("報告した議題"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    note = models.TextField(_("備考"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = models.PositiveIntegerField(_("版"), default=1)

    class Meta:
        verbose_name = _("漏えい等事案")
        verbose_name_plural = _("漏えい等事案")
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["found_on"], name="incident_found_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:incident", args=[self.pk])

    @property
    def agenda_title(self) -> str:
        return f"漏えい等事案について（{self.title}）"

    @property
    def facts(self) -> breach.Facts:
        return breach.Facts(
            persons=self.persons or 0,
            sensitive=self.sensitive,
            financial_risk=self.financial_risk,
            unauthorised_purpose=self.unauthorised_purpose,
            my_number=self.my_number,
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        return breach.reasons(self.facts)

    @property
    def report_required(self) -> bool:
        return breach.report_required(self.facts)

    @property
    def is_serious(self) -> bool:
        """A serious incident for the PIA threshold (the secretariat may decide otherwise)."""
        if self.serious_override is not None:
            return self.serious_override and self.my_number
        return breach.is_serious(self.facts)

    def deadlines(self, today: dt.date | None = None) -> tuple[breach.Deadline, ...]:
        """The prompt and final reports, if a report is required."""
        if not self.report_required:
            return ()
        return breach.schedule(
            self.found_on,
            self.unauthorised_purpose,
            self.prompt_reported_on,
            self.final_reported_on,
            today or timezone.localdate(),
        )

    def warning(self, today: dt.date | None = None) -> str | None:
        """ "overdue" or "soon" when a report is due, else None."""
        found = breach.worst(self.deadlines(today))
        return found.value if found else None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        errors.update(_department_outside(self))
        if self.my_number and not self.affected_process.strip():
            errors["affected_process"] = _(
                "特定個人情報を含むときは、取り扱う事務を入力してください。"
            )
        if self.found_on and self.occurred_on and self.occurred_on > self.found_on:
            errors["occurred_on"] = _("発生日は発覚日以前にしてください。")
        for field in ("prompt_reported_on", "final_reported_on", "notified_on"):
            day = getattr(self, field)
            if day and self.found_on and day < self.found_on:
                errors[field] = _("発覚日より前の日付は入力できません。")
        if errors:
            raise ValidationError(errors)


StatisticsCategory = models.TextChoices(  # type: ignore[misc]
    "StatisticsCategory", [(code.upper(), (code, label)) for code, label in stats.CATEGORIES]
)


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class AnnualStatistics(models.Model):
    """The figures of one municipality, fiscal year and category of request."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("自治体"), on_delete=models.PROTECT, related_name="statistics"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("区分"), max_length=30, choices=StatisticsCategory.choices)
    requests = _count(_("請求件数"))
    disclosed = _count(_("全部開示"))
    partly_disclosed = _count(_("一部開示"))
    not_disclosed = _count(_("不開示"))
    no_document = _count(_("不存在"))
    withdrawn = _count(_("取下げ"))
    pending = _count(_("処理中（翌年度へ繰越）"))
    appeals = _count(_("審査請求件数"))
    upheld = _count(_("認容"))
    partly_upheld = _count(_("一部認容"))
    rejected = _count(_("棄却"))
    dismissed = _count(_("却下"))
    appeal_withdrawn = _count(_("取下げ（審査請求）"))
    appeal_pending = _count(_("審理中（翌年度へ繰越）"))
    note = models.TextField(_("備考"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("実施状況（統計）")
        verbose_name_plural = _("実施状況（統計）")
        ordering = ["municipality", "-fiscal_year", "-category"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year", "category"],
                name="statistics_unique_year",
                violation_error_message=_(
                    "この自治体・年度・区分の数値はすでに登録されています。一覧から編集してください。"
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}年度 {self.get_category_display()}"

    @property
    def figures(self) -> stats.Figures:
        return stats.Figures(**{name: getattr(self, name) for name in stats.FIELD_NAMES})

    def clean(self) -> None:
        problems = stats.problems(self.figures)
        if problems:
            raise ValidationError(problems)


class RegisterSettings(models.Model):
    """How a municipality keeps its file register: whether it publishes every file (an
    option some ordinances take) and where requests are received."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("自治体"),
        on_delete=models.CASCADE,
        related_name="register_settings",
    )
    publish_all = models.BooleanField(
        _("1,000人未満のファイルも公表する"),
        default=False,
        help_text=_("施行条例等で、本人の数が1,000人未満のファイルも公表すると定めている場合"),
    )
    request_office = models.TextField(
        _("開示請求等を受理する組織の名称及び所在地"),
        blank=True,
        help_text=_("新しいファイルの初期値になります"),
    )
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        verbose_name = _("個人情報ファイル簿の設定")
        verbose_name_plural = _("個人情報ファイル簿の設定")

    def __str__(self) -> str:
        return f"{self.municipality} ファイル簿の設定"


FileType = models.TextChoices(  # type: ignore[misc]
    "FileType", [(code.upper(), (code, label)) for code, label in register.FILE_TYPES]
)


class PersonalInfoFileQuerySet(models.QuerySet):
    def published(self, today: dt.date | None = None) -> PersonalInfoFileQuerySet:
        """Files that belong in the published register (see `register.must_publish`)."""
        day = today or timezone.localdate()
        current = Q(abolished_on__isnull=True) | Q(abolished_on__gt=day)
        large = Q(persons__gte=register.THRESHOLD) | Q(
            municipality__register_settings__publish_all=True
        )
        return self.filter(current, large, exemption="")


class PersonalInfoFile(models.Model):
    """A personal information file (個人情報ファイル) with the items the register prints."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("自治体"),
        on_delete=models.PROTECT,
        related_name="personal_info_files",
    )
    name = models.CharField(_("個人情報ファイルの名称"), max_length=200)
    organisation = models.CharField(
        _("行政機関等の名称"), max_length=100, help_text=_("例：世田谷区長、世田谷区教育委員会")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("事務をつかさどる組織の名称"),
        on_delete=models.PROTECT,
        related_name="personal_info_files",
    )
    purpose = models.TextField(_("利用目的"))
    recorded_items = models.TextField(_("記録項目"), help_text=_("1行に1項目"))
    subjects = models.TextField(_("記録範囲"), help_text=_("どのような人の情報か"))
    collection = models.TextField(_("記録情報の収集方法"))
    sensitive = models.BooleanField(_("要配慮個人情報を含む"), default=False)
    my_number = models.BooleanField(_("特定個人情報（マイナンバー）を含む"), default=False)
    recipients = models.TextField(
        _("記録情報の経常的提供先"), blank=True, help_text=_("1行に1か所。ない場合は空欄")
    )
    request_office = models.TextField(_("開示請求等を受理する組織の名称及び所在地"))
    other_procedures = models.TextField(
        _("訂正及び利用停止に関する他の法令の規定による特別の手続等"), blank=True
    )
    file_type = models.CharField(_("ファイルの種別"), max_length=20, choices=FileType.choices)
    persons = models.PositiveIntegerField(_("本人の数"))
    remarks = models.TextField(_("備考"), blank=True)
    exemption = models.CharField(
        _("公表の対象外とする理由"),
        max_length=200,
        blank=True,
        help_text=_("法令により公表の対象外となるファイル（職員の人事記録等）の場合に、その根拠"),
    )
    registered_on = models.DateField(_("作成年月日"))
    revised_on = models.DateField(_("最終変更年月日"), null=True, blank=True)
    abolished_on = models.DateField(_("廃止年月日"), null=True, blank=True)
    cases = models.ManyToManyField(
        Case,
        verbose_name=_("関係する案件"),
        blank=True,
        related_name="personal_info_files",
        help_text=_("このファイルの新設・変更を諮問・報告した案件"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = models.PositiveIntegerField(_("版"), default=1)

    objects = PersonalInfoFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("個人情報ファイル")
        verbose_name_plural = _("個人情報ファイル")
        ordering = ["municipality", "department__division", "department__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "department", "name"], name="file_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:file", args=[self.pk])

    def _publish_args(self) -> dict[str, bool]:
        settings_row = RegisterSettings.objects.filter(municipality_id=self.municipality_id).first()
        return {
            "publish_all": bool(settings_row and settings_row.publish_all),
            "abolished": bool(self.abolished_on and self.abolished_on <= timezone.localdate()),
            "exempt": bool(self.exemption.strip()),
        }

    @property
    def is_published(self) -> bool:
        return register.must_publish(self.persons, **self._publish_args())

    @property
    def publication_reason(self) -> str:
        return register.publication_reason(self.persons, **self._publish_args())

    def entry(self, *, published: bool = True) -> register.Entry:
        """The file as the register prints it."""
        return register.Entry(
            municipality_code=self.municipality.code,
            municipality=self.municipality.name,
            name=self.name,
            organisation=self.organisation,
            department=str(self.department),
            purpose=self.purpose,
            recorded_items=self.recorded_items,
            subjects=self.subjects,
            collection=self.collection,
            sensitive=self.sensitive,
            recipients=self.recipients,
            request_office=self.request_office,
            other_procedures=self.other_procedures,
            file_type=self.file_type,
            persons=self.persons,
            remarks=self.remarks,
            registered_on=self.registered_on,
            revised_on=self.revised_on,
            published=published,
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        errors.update(_department_outside(self))
        if self.revised_on and self.registered_on and self.revised_on < self.registered_on:
            errors["revised_on"] = _("最終変更年月日は作成年月日以降にしてください。")
        if self.abolished_on and self.registered_on and self.abolished_on < self.registered_on:
            errors["abolished_on"] = _("廃止年月日は作成年月日以降にしてください。")
        if errors:
            raise ValidationError(errors)
