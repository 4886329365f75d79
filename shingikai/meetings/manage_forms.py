"""Forms the secretariat uses to run a meeting: the meeting itself, its agenda, attendance,
questions, decisions, 答申 and conditions; and the member's written vote."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import Outcome
from shingikai.councils.models import Department, Member
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings import rules
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Condition,
    Decision,
    Meeting,
    MeetingQuestion,
    WrittenVote,
)

REQUIRED = _("この項目は必須です。")
DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


class JapaneseForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
            field.error_messages.setdefault("invalid", _("正しい形式で入力してください。"))


class JapaneseModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
            field.error_messages["invalid"] = _("正しい形式で入力してください。")


class MeetingEditForm(JapaneseModelForm):
    published = forms.BooleanField(label=_("公開サイトに掲載する"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "venue",
            "format",
            "status",
            "observers",
            "opens_on",
            "question_deadline",
            "note",
        ]
        widgets = {
            "date": DATE,
            "opens_on": DATE,
            "question_deadline": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published"].initial = bool(self.instance.published_at)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day = data.get("date")
        if day and self.instance.term and not self.instance.term.contains(day):
            self.add_error(
                "date", _("開催日が%(term)sの任期外です。") % {"term": self.instance.term}
            )
        return data


class AddCaseForm(JapaneseForm):
    case = forms.ModelChoiceField(
        label=_("案件"), queryset=Case.objects.none(), empty_label=_("（受理済みの案件から選択）")
    )
    is_public = forms.BooleanField(label=_("公開で審議する"), required=False, initial=True)
    closed_reason = forms.CharField(label=_("非公開とする理由"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(
            council=meeting.council, status__in=(CaseStatus.ACCEPTED, CaseStatus.SUBMITTED)
        ).exclude(agenda_items__meeting=meeting)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("is_public") and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("非公開とする理由を入力してください。"))
        return data


class AddItemForm(JapaneseForm):
    title = forms.CharField(label=_("議題"), max_length=300)
    kind = forms.ChoiceField(
        label=_("区分"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.OTHER
    )
    is_public = forms.BooleanField(label=_("公開で審議する"), required=False, initial=True)
    closed_reason = forms.CharField(label=_("非公開とする理由"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("is_public") and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("非公開とする理由を入力してください。"))
        return data


class AttendanceForm(JapaneseForm):
    """One choice per member of the meeting's membership, plus the observers."""

    observers = forms.IntegerField(label=_("傍聴者数"), required=False, min_value=0)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = dict(meeting.attendances.values_list("member_id", "status"))
        self.members = list(meeting.members())
        choices = [("", _("未記録")), *Attendance.Status.choices]
        for member in self.members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=choices,
                required=False,
                initial=current.get(member.pk, ""),
            )
        self.fields["observers"].initial = meeting.observers
        self.fields["observers"].error_messages["min_value"] = _("0以上の数を入力してください。")

    def member_fields(self) -> list[tuple[Member, forms.BoundField]]:
        return [(m, self[f"m{m.pk}"]) for m in self.members]

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}", "") for m in self.members}


class DecisionForm(JapaneseModelForm):
    class Mode:
        NO_OBJECTION = "no_objection"
        HANDS = "hands"
        WRITTEN = "written"

    mode = forms.ChoiceField(
        label=_("議決の方法"),
        widget=forms.RadioSelect,
        choices=[
            ("no_objection", _("異議なし")),
            ("hands", _("挙手（賛否の数を記録）")),
            ("written", _("書面による賛否")),
        ],
        initial="no_objection",
    )

    class Meta:
        model = Decision
        fields = [
            "handling",
            "outcome",
            "decided_on",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "votes_present",
        ]
        widgets = {"decided_on": DATE}

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        handling = self.fields["handling"]
        if item.case_id:
            handling.queryset = item.case.handlings.all()
            handling.help_text = _(
                "取扱いごとに結果が異なる場合（諮問は承認、報告は了承など）に選びます"
            )
        else:
            del self.fields["handling"]
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in rules.outcomes_for(item)]
        self.fields["decided_on"].initial = item.meeting.date
        for name in ("votes_for", "votes_against", "votes_abstain", "votes_present"):
            self.fields[name].error_messages["min_value"] = _("0以上の数を入力してください。")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mode = data.get("mode")
        handling = data.get("handling")
        outcome = data.get("outcome")
        if outcome and outcome not in rules.outcomes_for(self.item, handling):
            self.add_error(
                "outcome",
                _("この取扱いの区分では選べない結果です（諮問事項は承認など、報告事項は了承）。"),
            )
        if mode == self.Mode.HANDS and data.get("votes_for") is None:
            self.add_error("votes_for", _("挙手の場合は賛成の数を入力してください。"))
        self.instance.no_objection = mode == self.Mode.NO_OBJECTION
        return data


class IssueForm(JapaneseForm):
    issued_on = forms.DateField(label=_("答申日"), widget=DATE)
    addressee = forms.CharField(label=_("宛先"), max_length=60)
    text = forms.CharField(
        label=_("結論の文"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例：諮問のとおり承認する。"),
    )


class ConditionForm(JapaneseModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "text", "owner", "due_on", "due_meeting", "status", "evidence"]
        widgets = {
            "due_on": DATE,
            "text": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Department.objects.filter(
            municipality=meeting.council.municipality
        )
        self.fields["due_meeting"].queryset = Meeting.objects.filter(
            council=meeting.council, date__gt=meeting.date
        ).order_by("date")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("due_on") and not data.get("due_meeting"):
            self.add_error("due_on", _("期限の日付か、報告する会議のどちらかを指定してください。"))
        return data


class QuestionForm(JapaneseModelForm):
    agenda = forms.ModelMultipleChoiceField(
        label=_("議題"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MeetingQuestion
        fields = [
            "phase",
            "section",
            "asked_by",
            "text",
            "answer",
            "answered_by",
            "asked_on",
            "answered_on",
        ]
        widgets = {
            "asked_on": DATE,
            "answered_on": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda"].queryset = meeting.agenda_items.all()
        self.fields["asked_by"].queryset = meeting.members()
        self.fields["answered_by"].queryset = Department.objects.filter(
            municipality=meeting.council.municipality
        )
        if self.instance.pk:
            self.fields["agenda"].initial = list(self.instance.agenda_items.all())
        self.fields["asked_on"].initial = timezone.localdate()


class WrittenVoteForm(JapaneseForm):
    choice = forms.ChoiceField(
        label=_("賛否"), choices=WrittenVote.Choice.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("意見"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberQuestionForm(JapaneseForm):
    agenda = forms.ModelMultipleChoiceField(
        label=_("議題"),
        queryset=AgendaItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("質問する議題を選んでください。")},
    )
    text = forms.CharField(label=_("質問"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda"].queryset = meeting.agenda_items.exclude(kind=AgendaItem.Kind.OTHER)
        self.fields["agenda"].error_messages["required"] = _("質問する議題を選んでください。")


class AnswerForm(JapaneseForm):
    answer = forms.CharField(
        label=_("回答（区の考え方）"), widget=forms.Textarea(attrs={"rows": 6})
    )
