"""Forms of the minutes screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shingikai.lib import wareki
from shingikai.meetings.models import Meeting


class _JapaneseErrors:
    def _japanese(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.error_messages["required"] = _("この項目は必須です。")
            field.error_messages["invalid"] = _("正しい形式で入力してください。")


class MinutesTextForm(_JapaneseErrors, forms.Form):
    """The whole record of speech as text, the reason for the change, and the revision the
    editor started from (to refuse overwriting someone else's save)."""

    text = forms.CharField(
        label=_("発言の記録"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "class": "minutes-editor", "spellcheck": "false"}),
        help_text=_(
            "「■1 議題名」で議題の区切り、「○会長　発言」で発言、"
            "「（「異議なし」の声）」のように行全体を（ ）で囲むとト書きになります。"
        ),
    )
    reason = forms.CharField(label=_("修正の理由"), max_length=300, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["aria-describedby"] = "id_text-help id_text-error"
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].help_text = _("承認済みの会議録の修正には理由が必要です。")
        self._japanese()


class ApproveForm(_JapaneseErrors, forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("承認した会議"), queryset=Meeting.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["at_meeting"]
        field.queryset = candidates
        field.label_from_instance = lambda m: f"{m.label}（{wareki.format_date(m.date)}）"
        self._japanese()
        field.error_messages["invalid_choice"] = _(
            "承認する会議は、同じ審議会でこの会議より後の会議から選んでください。"
        )
