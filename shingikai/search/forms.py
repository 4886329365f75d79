"""The search form (GET): the query, the filters and the order, all optional."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shingikai.councils.choices import CaseKind, HandlingType, Outcome
from shingikai.councils.models import Council, Department
from shingikai.dossiers.models import Case
from shingikai.lib import wareki
from shingikai.meetings.models import Meeting
from shingikai.minutes.models import Utterance
from shingikai.search.access import published_meetings
from shingikai.search.models import DocumentKind
from shingikai.search.service import DATE, RELEVANCE, Filters

ALL = ("", _("すべて"))
ORDERS = [(RELEVANCE, _("関連度順")), (DATE, _("新しい順"))]
# What the public form leaves out: which department has a case, and a case's handlings,
# are not on the public pages. `departments` None means the public form.
INTERNAL_ONLY = ("department", "handling")


def fiscal_years(public: bool) -> list[tuple[int, str]]:
    """Fiscal years to choose from, newest first, as 令和4年度: of meetings and cases, or on
    the public site of published meetings only (the form reveals nothing unpublished)."""
    if public:
        years = set(published_meetings().values_list("fiscal_year", flat=True))
    else:
        years = set(Meeting.objects.values_list("fiscal_year", flat=True))
        years |= {y for y in Case.objects.values_list("fiscal_year", flat=True) if y}
    return [(y, wareki.format_fiscal_year(y)) for y in sorted(years, reverse=True)]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("検索語"), required=False, max_length=400)
    council = forms.ModelChoiceField(
        label=_("審議会"), required=False, queryset=Council.objects.all(), empty_label=_("すべて")
    )
    year_from = forms.TypedChoiceField(
        label=_("年度（から）"), required=False, coerce=int, empty_value=None
    )
    year_to = forms.TypedChoiceField(
        label=_("年度（まで）"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("種別"), required=False, choices=[ALL, *CaseKind.choices])
    handling = forms.ChoiceField(
        label=_("取扱い"), required=False, choices=[ALL, *HandlingType.choices]
    )
    department = forms.ModelChoiceField(
        label=_("担当課"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("すべて"),
    )
    role = forms.ChoiceField(
        label=_("発言者"), required=False, choices=[ALL, *Utterance.Role.choices]
    )
    outcome = forms.ChoiceField(label=_("結果"), required=False, choices=[ALL, *Outcome.choices])
    type = forms.ChoiceField(
        label=_("結果の種類"), required=False, choices=[ALL, *DocumentKind.choices]
    )
    order = forms.ChoiceField(label=_("並び順"), required=False, choices=ORDERS)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, departments: QuerySet[Department] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        public = departments is None
        years = [ALL, *fiscal_years(public)]
        self.fields["year_from"].choices = years
        self.fields["year_to"].choices = years
        self.fields["q"].widget.attrs.update(type="search", autocomplete="off")
        if public:
            for name in INTERNAL_ONLY:
                del self.fields[name]
            councils = Council.objects.filter(meetings__in=published_meetings()).distinct()
            self.fields["council"].queryset = councils
        else:
            self.fields["department"].queryset = departments

    def filters(self) -> Filters:
        """The filters chosen (call after is_valid)."""
        data = self.cleaned_data
        council, department = data.get("council"), data.get("department")
        return Filters(
            council=council.pk if council else None,
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            case_kind=data.get("kind") or "",
            handling=data.get("handling") or "",
            department=department.pk if department else None,
            role=data.get("role") or "",
            outcome=data.get("outcome") or "",
            kind=data.get("type") or "",
        )
