"""Forms for cases: the case itself, and the filters of the case list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import CaseKind, HandlingType
from shingikai.councils.models import Council, Department
from shingikai.dossiers.models import Case, CaseStatus


class CaseForm(forms.ModelForm):
    """Create or edit a case. `departments` limits whose case the user may write."""

    handling_types = forms.MultipleChoiceField(
        label=_("取扱い（審議事項の種別）"),
        choices=HandlingType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("取扱いを一つ以上選んでください。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["council", "kind", "title", "subtitle", "business", "department", "summary"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments.select_related("municipality")
        municipalities = departments.values("municipality")
        self.fields["council"].queryset = Council.objects.filter(municipality__in=municipalities)
        self.fields["kind"].choices = CaseKind.choices
        for name, field in self.fields.items():
            # Every field has Django's "required" message; replace it unless the field
            # declares its own (handling_types).
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _("この項目は必須です。")
            if name in ("title", "subtitle", "business", "summary"):
                field.widget.attrs.setdefault("class", "input")
        if self.instance.pk:
            self.fields["handling_types"].initial = self.instance.handling_types()
            self.fields["version"].initial = self.instance.version
        elif departments.count() == 1:
            self.fields["department"].initial = departments.first()
        if self.fields["council"].queryset.count() == 1:
            self.fields["council"].initial = self.fields["council"].queryset.first()

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError(_("件名が短すぎます。内容が分かる件名を入力してください。"))
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        council, department = data.get("council"), data.get("department")
        if council and department and council.municipality_id != department.municipality_id:
            self.add_error("department", _("この審議会の自治体の担当課を選んでください。"))
        return data

    def ordered_handling_types(self) -> list[str]:
        chosen = set(self.cleaned_data["handling_types"])
        return [value for value in HandlingType.values if value in chosen]


class CaseFilterForm(forms.Form):
    """The filters above the case list; every field is optional."""

    q = forms.CharField(label=_("キーワード"), required=False)
    status = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[("", _("すべて")), ("open", _("審議前（未了）")), *CaseStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("種別"), required=False, choices=[("", _("すべて")), *CaseKind.choices]
    )
    handling = forms.ChoiceField(
        label=_("取扱い"), required=False, choices=[("", _("すべて")), *HandlingType.choices]
    )
    department = forms.ModelChoiceField(
        label=_("担当課"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("すべて"),
    )
    council = forms.ModelChoiceField(
        label=_("審議会"), required=False, queryset=Council.objects.all(), empty_label=_("すべて")
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("年度"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department],
        years: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["fiscal_year"].choices = [("", _("すべて")), *years]
