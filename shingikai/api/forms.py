"""The form for issuing a token on the token page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LIFETIMES = [
    ("30", _("30日")),
    ("90", _("90日")),
    ("365", _("1年")),
    ("", _("無期限（失効させるまで）")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("名称・用途"),
        max_length=100,
        help_text=_("どのシステムで使うかが分かる名前（例：文書管理システム連携）"),
        error_messages={"required": _("名称・用途を入力してください。")},
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    days = forms.ChoiceField(label=_("有効期間"), choices=LIFETIMES, initial="90", required=False)

    def lifetime(self) -> int | None:
        """Days the token lives, None for no end."""
        days = self.cleaned_data.get("days")
        return int(days) if days else None
