"""Meetings of the council: agenda, attendance, materials, decisions and their conditions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import CaseKind, Outcome
from shingikai.councils.models import Council, Department, Member, Term
from shingikai.dossiers.models import Case, Handling
from shingikai.lib import numbering, wareki


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("対面")
    ONLINE = "online", _("オンライン")
    HYBRID = "hybrid", _("オンライン併用")
    WRITTEN = "written", _("書面開催")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("開催予定")
    HELD = "held", _("開催済")
    CANCELLED = "cancelled", _("中止")


@dataclass(frozen=True)
class Quorum:
    """Attendance against the council's quorum rule on the meeting's date."""

    members: int
    attending: int
    needed: int | None

    @property
    def met(self) -> bool | None:
        return None if self.needed is None else self.attending >= self.needed


class Meeting(models.Model):
    """A meeting of the council, numbered by fiscal year (令和4年度第7回)."""

    council = models.ForeignKey(
        Council, verbose_name=_("審議会"), on_delete=models.PROTECT, related_name="meetings"
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("期"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    ordinal = models.PositiveSmallIntegerField(_("回"))
    date = models.DateField(_("開催日"), help_text=_("書面開催では議決日"))
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    format = models.CharField(
        _("開催方法"), max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    status = models.CharField(
        _("状態"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    observers = models.PositiveSmallIntegerField(_("傍聴者数"), null=True, blank=True)
    question_deadline = models.DateField(_("質問の締切日"), null=True, blank=True)
    opens_on = models.DateField(
        _("審議開始日"), null=True, blank=True, help_text=_("書面開催で資料を送付し審議を始める日")
    )
    note = models.TextField(_("備考"), blank=True)
    published_at = models.DateTimeField(
        _("公開日時"), null=True, blank=True, help_text=_("空欄の会議は公開サイトに出ません")
    )

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-date", "-ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "fiscal_year", "ordinal"], name="meeting_unique_ordinal"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{wareki.format_fiscal_year(self.fiscal_year)}第{self.ordinal}回 {self.council}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def label(self) -> str:
        return f"{wareki.format_fiscal_year(self.fiscal_year)}第{self.ordinal}回"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
        if self.date and self.fiscal_year and wareki.fiscal_year(self.date) != self.fiscal_year:
            errors["date"] = _("開催日が%(fy)sの期間外です。") % {
                "fy": wareki.format_fiscal_year(self.fiscal_year)
            }
        if self.term_id and self.date and not self.term.contains(self.date):
            errors["date"] = _("開催日が%(term)sの任期外です。") % {"term": self.term}
        if errors:
            raise ValidationError(errors)

    def members(self) -> models.QuerySet[Member]:
        """The meeting's membership: its term's members on its date."""
        if self.term is None:
            return Member.objects.none()
        return self.term.members_on(self.date)

    def quorum(self) -> Quorum:
        """Attendance against the rule; in a written meeting, the members who have sent
        their votes count as attending (unless attendance was recorded by hand)."""
        members = self.members().count()
        attending = self.attendances.filter(
            status__in=(Attendance.Status.PRESENT, Attendance.Status.LATE)
        ).count()
        if self.format == MeetingFormat.WRITTEN and not self.attendances.exists():
            attending = (
                self.agenda_items.filter(written_votes__isnull=False)
                .values("written_votes__member")
                .distinct()
                .count()
            )
        rule = self.council.rule_on(self.date)
        needed = rule.quorum_needed(members) if rule and members else None
        return Quorum(members=members, attending=attending, needed=needed)

    @staticmethod
    def next_ordinal(council: Council, fiscal_year: int) -> int:
        existing = Meeting.objects.filter(council=council, fiscal_year=fiscal_year)
        return numbering.next_ordinal(existing.values_list("ordinal", flat=True))


class Attendance(models.Model):
    """Whether a member attended a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LATE = "late", _("遅参")
        ABSENT = "absent", _("欠席（届出あり）")
        ABSENT_NO_NOTICE = "absent_no_notice", _("欠席")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委員"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("出欠"), max_length=20, choices=Status.choices)
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("出欠")
        verbose_name_plural = _("出欠")
        ordering = ["meeting", "member__order", "member__name_kana"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"

    def clean(self) -> None:
        if self.meeting_id and self.member_id and self.meeting.term_id != self.member.term_id:
            raise ValidationError({"member": _("この会議の期の委員ではありません。")})


class AgendaItem(models.Model):
    """An item of a meeting's agenda, usually one case; public unless closed (非公開)."""

    class Kind(models.TextChoices):
        CONSULTATION = CaseKind.CONSULTATION.value, CaseKind.CONSULTATION.label
        REPORT = CaseKind.REPORT.value, CaseKind.REPORT.label
        OTHER = "other", _("その他")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("順序"))
    kind = models.CharField(_("区分"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        Case,
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("議題"), max_length=300)
    is_public = models.BooleanField(_("公開"), default=True)
    closed_reason = models.CharField(_("非公開の理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def clean(self) -> None:
        if not self.is_public and not self.closed_reason.strip():
            raise ValidationError({"closed_reason": _("非公開とする理由を入力してください。")})


class Material(models.Model):
    """A distributed material (配付資料), labelled as the council labels them (資料18-2)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("議題"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    label = models.CharField(_("資料番号"), max_length=40, help_text=_("例：資料18-2、参考資料1"))
    title = models.CharField(_("資料名"), max_length=200)
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    is_public = models.BooleanField(_("公開"), default=True)
    file = models.FileField(_("ファイル"), upload_to="materials/%Y/", blank=True)
    pages = models.PositiveSmallIntegerField(_("ページ数"), null=True, blank=True)

    class Meta:
        verbose_name = _("配付資料")
        verbose_name_plural = _("配付資料")
        ordering = ["meeting", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "label"], name="material_unique_label")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class Decision(models.Model):
    """What the council decided on an agenda item, or on one handling of it.

    Shinjuku's 資料18 shows why a handling can carry its own decision: the external
    connection was approved (諮問) and the outsourcing acknowledged (報告) in one item.
    """

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("議題"), on_delete=models.PROTECT, related_name="decisions"
    )
    handling = models.ForeignKey(
        Handling,
        verbose_name=_("対象の取扱い"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(_("結果"), max_length=30, choices=Outcome.choices)
    decided_on = models.DateField(_("議決日"))
    no_objection = models.BooleanField(_("異議なし"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("賛成"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("反対"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("棄権"), null=True, blank=True)
    votes_present = models.PositiveSmallIntegerField(_("出席委員数"), null=True, blank=True)
    number = models.PositiveIntegerField(_("答申番号"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("答申の年度"), null=True, blank=True)
    issued_on = models.DateField(_("答申日"), null=True, blank=True)
    addressee = models.CharField(_("宛先"), max_length=60, blank=True)
    text = models.TextField(_("答申の結論"), blank=True)
    warning = models.CharField(
        _("議決時の注意"),
        max_length=300,
        blank=True,
        help_text=_("定足数不足など、議決の記録に残す注意"),
    )

    class Meta:
        verbose_name = _("答申・議決")
        verbose_name_plural = _("答申・議決")
        ordering = ["agenda_item", "id"]

    def __str__(self) -> str:
        return f"{self.agenda_item.title} {self.get_outcome_display()}"

    def clean(self) -> None:
        votes = [self.votes_for, self.votes_against, self.votes_abstain]
        cast = sum(v for v in votes if v is not None)
        if self.votes_present is not None and cast > self.votes_present:
            raise ValidationError(
                {"votes_for": _("賛成・反対・棄権の合計が出席委員数を超えています。")}
            )

    @property
    def vote_summary(self) -> str:
        if self.no_objection:
            return str(_("異議なし"))
        if self.votes_for is None:
            return ""
        parts = [f"賛成{self.votes_for}"]
        if self.votes_against:
            parts.append(f"反対{self.votes_against}")
        if self.votes_abstain:
            parts.append(f"棄権{self.votes_abstain}")
        if self.votes_present is not None:
            parts.append(f"出席{self.votes_present}")
        return "・".join(parts)


class Condition(models.Model):
    """A condition or opinion (付帯意見) attached to a decision, tracked to closure."""

    class Kind(models.TextChoices):
        CONDITION = "condition", _("条件")
        OPINION = "opinion", _("付帯意見")
        REQUEST = "request", _("要望")

    class Status(models.TextChoices):
        OPEN = "open", _("未対応")
        IN_PROGRESS = "in_progress", _("対応中")
        DONE = "done", _("完了")
        DROPPED = "dropped", _("取下げ")

    decision = models.ForeignKey(
        Decision, verbose_name=_("答申"), on_delete=models.CASCADE, related_name="conditions"
    )
    kind = models.CharField(_("種別"), max_length=12, choices=Kind.choices, default=Kind.CONDITION)
    text = models.TextField(_("内容"))
    owner = models.ForeignKey(
        Department,
        verbose_name=_("対応課"),
        on_delete=models.PROTECT,
        related_name="conditions",
    )
    due_on = models.DateField(_("期限"), null=True, blank=True)
    due_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("報告する会議"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conditions_due",
    )
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("対応状況・根拠"), blank=True)
    closed_on = models.DateField(_("完了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("条件・付帯意見")
        verbose_name_plural = _("条件・付帯意見")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    @property
    def due_date(self) -> dt.date | None:
        """The due date, or the date of the meeting it must be reported to."""
        if self.due_on:
            return self.due_on
        return self.due_meeting.date if self.due_meeting_id else None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        due = self.due_date
        return bool(self.is_open and due and due < (today or timezone.localdate()))


class MeetingQuestion(models.Model):
    """A member's question on an agenda item and the department's answer (質疑・区の考え方):
    sent before the meeting, asked during it, or part of a written meeting's Q&A table."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("事前質問")
        DURING = "during", _("会議中の質疑")
        WRITTEN = "written", _("書面による質問")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    phase = models.CharField(_("時期"), max_length=10, choices=Phase.choices)
    section = models.CharField(
        _("区分"), max_length=100, blank=True, help_text=_("例：諮問事項1～3に共通")
    )
    agenda_items = models.ManyToManyField(
        AgendaItem, verbose_name=_("議題"), blank=True, related_name="questions"
    )
    asked_by = models.ForeignKey(
        Member,
        verbose_name=_("質問した委員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    text = models.TextField(_("質問"))
    answer = models.TextField(_("回答（区の考え方）"), blank=True)
    answered_by = models.ForeignKey(
        Department,
        verbose_name=_("回答した課"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_on = models.DateField(_("質問日"), null=True, blank=True)
    answered_on = models.DateField(_("回答日"), null=True, blank=True)

    class Meta:
        verbose_name = _("質疑")
        verbose_name_plural = _("質疑")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="mquestion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting.label} 質問{self.number}"


class WrittenVote(models.Model):
    """A member's vote and opinion on an agenda item of a written meeting (書面開催)."""

    class Choice(models.TextChoices):
        FOR = "for", _("賛成")
        AGAINST = "against", _("反対")
        ABSTAIN = "abstain", _("棄権")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("議題"), on_delete=models.CASCADE, related_name="written_votes"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("委員"), on_delete=models.PROTECT, related_name="written_votes"
    )
    choice = models.CharField(_("賛否"), max_length=10, choices=Choice.choices)
    opinion = models.TextField(_("意見"), blank=True)
    submitted_at = models.DateTimeField(_("提出日時"), default=timezone.now)

    class Meta:
        verbose_name = _("書面による賛否・意見")
        verbose_name_plural = _("書面による賛否・意見")
        ordering = ["agenda_item", "member__order"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "member"], name="vote_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_choice_display()}"
