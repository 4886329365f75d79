"""Forms for meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shingikai.councils.models import Council
from shingikai.lib import wareki
from shingikai.meetings.models import Meeting


class MeetingForm(forms.ModelForm):
    """Schedule a meeting; the fiscal year and ordinal are derived, not typed."""

    class Meta:
        model = Meeting
        fields = [
            "council",
            "date",
            "start_time",
            "end_time",
            "venue",
            "format",
            "question_deadline",
            "note",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "question_deadline": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.all()
        for field in self.fields.values():
            # setdefault would keep Django's own "required" message, which every field has.
            field.error_messages["required"] = _("この項目は必須です。")
            field.error_messages["invalid"] = _("正しい形式で入力してください。")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        council, day = data.get("council"), data.get("date")
        if council and day:
            term = council.term_on(day)
            if term is None:
                self.add_error("date", _("この日付を含む委員の任期（期）が登録されていません。"))
            self.instance.term = term
            self.instance.fiscal_year = wareki.fiscal_year(day)
            if not self.instance.pk:
                self.instance.ordinal = Meeting.next_ordinal(council, self.instance.fiscal_year)
        deadline = data.get("question_deadline")
        if deadline and day and deadline > day:
            self.add_error("question_deadline", _("質問の締切日は開催日以前にしてください。"))
        return data
