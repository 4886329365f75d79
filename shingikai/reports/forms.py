"""Forms for incidents, statistics and the file register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shingikai.councils.models import Department, Municipality
from shingikai.dossiers.models import Case
from shingikai.lib import filetypes, wareki
from shingikai.meetings.models import Meeting
from shingikai.reports import stats
from shingikai.reports.models import (
    AnnualStatistics,
    Incident,
    PersonalInfoFile,
    RegisterSettings,
)

MAX_UPLOAD = 2 * 1024 * 1024
FIRST_FISCAL_YEAR = 2010


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _japanese_messages(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
            field.error_messages["required"] = _("この項目は必須です。")


def fiscal_year_choices() -> list[tuple[int, str]]:
    """This fiscal year back to FIRST_FISCAL_YEAR, labelled 令和5年度（2023年度）."""
    current = wareki.fiscal_year(timezone.localdate())
    return [
        (fy, f"{wareki.format_fiscal_year(fy)}（{fy}年度）")
        for fy in range(current, FIRST_FISCAL_YEAR - 1, -1)
    ]


class _MunicipalityFromDepartment(forms.ModelForm):
    """The record's municipality is the chosen department's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.select_related("municipality")
        if Municipality.objects.count() > 1:
            self.fields["department"].label_from_instance = lambda d: f"{d.municipality}　{d}"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        _japanese_messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        department = data.get("department")
        if department is not None:
            self.instance.municipality = department.municipality
        return data


class IncidentForm(_MunicipalityFromDepartment):
    serious_override = forms.NullBooleanField(
        label=_("重大事故の判断"),
        required=False,
        widget=forms.NullBooleanSelect,
        help_text=Incident._meta.get_field("serious_override").help_text,
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "department",
            "kind",
            "found_on",
            "occurred_on",
            "summary",
            "data_items",
            "persons",
            "sensitive",
            "my_number",
            "financial_risk",
            "unauthorised_purpose",
            "affected_process",
            "contractor",
            "cause",
            "response",
            "prevention",
            "serious_override",
            "note",
        ]
        widgets = {
            "found_on": _date(),
            "occurred_on": _date(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "data_items": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "prevention": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["serious_override"].widget.choices = [
            ("unknown", _("自動判定（特定個人情報を含み報告が必要なとき）")),
            ("true", _("重大事故に該当する")),
            ("false", _("重大事故に該当しない")),
        ]


class ReportDatesForm(forms.ModelForm):
    """The dates the reports were made and the persons notified."""

    class Meta:
        model = Incident
        fields = ["prompt_reported_on", "final_reported_on", "notified_on"]
        widgets = {name: _date() for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _japanese_messages(self)


class AgendaForm(forms.Form):
    """Put an incident on a scheduled meeting's agenda as a report item."""

    meeting = forms.ModelChoiceField(label=_("報告する会議"), queryset=Meeting.objects.none())
    is_public = forms.BooleanField(label=_("公開の議題とする"), required=False, initial=True)
    closed_reason = forms.CharField(
        label=_("非公開とする理由"),
        required=False,
        max_length=200,
        help_text=_("非公開とするときに入力します"),
    )

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.label}（{wareki.format_date(m.date)}）{m.council}"
        )
        _japanese_messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("is_public") and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("非公開とする理由を入力してください。"))
        return data


class StatisticsForm(forms.ModelForm):
    """One year and category; the outcomes must add up to the requests (and the results
    of appeals to the appeals), with the message next to the total."""

    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())

    class Meta:
        model = AnnualStatistics
        fields = ["municipality", "fiscal_year", "category", *stats.FIELD_NAMES, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = fiscal_year_choices()
        if self.instance.pk and self.instance.fiscal_year not in dict(choices):
            choices.append((self.instance.fiscal_year, str(self.instance.fiscal_year)))
        self.fields["fiscal_year"].choices = choices
        for name in stats.FIELD_NAMES:
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 0
        for name in ("requests", "appeals"):
            self.fields[name].widget.attrs["class"] = "input--total"
        _japanese_messages(self)

    def clean(self) -> dict[str, Any]:
        """A blank count is 0 (the arithmetic is checked by the model afterwards)."""
        data = super().clean()
        for name in stats.FIELD_NAMES:
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data


class StatisticsImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("自治体"), queryset=Municipality.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("Excelファイル（.xlsx）"),
        help_text=_("ひな形の「実施状況」シートに、1行に1年度・1区分で記入したもの"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _japanese_messages(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("ファイルが大きすぎます（2MBまで）。"))
        try:  # what the bytes are, not the name: an old .xls or a zip bomb is refused here
            kind = filetypes.office_file(upload.read())
        except filetypes.Refused as exc:
            raise forms.ValidationError(str(exc)) from exc
        finally:
            upload.seek(0)
        if kind != filetypes.XLSX:
            raise forms.ValidationError(_("Excel形式（.xlsx）のファイルを選んでください。"))
        return upload


class ReportFilterForm(forms.Form):
    """Which municipality and fiscal year the statistics report shows."""

    municipality = forms.ModelChoiceField(
        label=_("自治体"), queryset=Municipality.objects.all(), empty_label=None
    )
    fiscal_year = forms.TypedChoiceField(label=_("報告する年度"), coerce=int, choices=())
    years = forms.TypedChoiceField(
        label=_("比較する年数"),
        coerce=int,
        choices=[(2, _("2年度")), (3, _("3年度")), (4, _("4年度")), (5, _("5年度"))],
        initial=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()


class FileForm(_MunicipalityFromDepartment):
    class Meta:
        model = PersonalInfoFile
        fields = [
            "name",
            "organisation",
            "department",
            "purpose",
            "recorded_items",
            "subjects",
            "collection",
            "sensitive",
            "my_number",
            "recipients",
            "request_office",
            "other_procedures",
            "file_type",
            "persons",
            "remarks",
            "exemption",
            "registered_on",
            "revised_on",
            "abolished_on",
            "cases",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "recorded_items": forms.Textarea(attrs={"rows": 5}),
            "subjects": forms.Textarea(attrs={"rows": 2}),
            "collection": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "request_office": forms.Textarea(attrs={"rows": 2}),
            "other_procedures": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
            "file_type": forms.RadioSelect,
            "registered_on": _date(),
            "revised_on": _date(),
            "abolished_on": _date(),
            "cases": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].help_text = _(
            "このファイルの新設・変更を諮問・報告した案件（Ctrlキー（Macは⌘キー）を押しながら"
            "クリックすると複数選べます）"
        )
        self.fields["cases"].label_from_instance = lambda c: (
            f"{c.number_label or '（番号未付与）'} {c.full_title}"[:90]
        )
        self.fields["file_type"].choices = self.fields["file_type"].choices[1:]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        department, cases = data.get("department"), data.get("cases") or []
        if department and any(
            c.council.municipality_id != department.municipality_id for c in cases
        ):
            self.add_error("cases", _("この自治体の審議会の案件を選んでください。"))
        return data


class RegisterSettingsForm(forms.ModelForm):
    class Meta:
        model = RegisterSettings
        fields = ["publish_all", "request_office", "note"]
        widgets = {
            "request_office": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
