from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.councils.choices import HandlingType
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term


class CouncilRuleForm(forms.ModelForm):
    """Handling types as checkboxes rather than raw JSON."""

    consultation_types = forms.MultipleChoiceField(
        label=_("諮問事項とする取扱い"),
        choices=HandlingType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    report_types = forms.MultipleChoiceField(
        label=_("報告事項とする取扱い"),
        choices=HandlingType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CouncilRule
        fields = [
            "valid_from",
            "quorum_numerator",
            "quorum_denominator",
            "quorum_exclusive",
            "consultation_types",
            "report_types",
            "consultation_number_format",
            "report_number_format",
            "decision_number_format",
            "numbering_reset",
            "note",
        ]


class CouncilRuleInline(admin.StackedInline):
    model = CouncilRule
    form = CouncilRuleForm
    extra = 0


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = (
        "order",
        "name",
        "name_kana",
        "role",
        "affiliation",
        "affiliation_detail",
        "appointed_on",
        "ended_on",
        "user",
    )
    autocomplete_fields = ("user",)


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ("name", "code", "head_title")
    search_fields = ("name",)


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ("name", "municipality")
    inlines = [CouncilRuleInline]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("__str__", "starts_on", "ends_on")
    list_filter = ("council",)
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ("name", "term", "role", "affiliation", "appointed_on", "ended_on")
    list_filter = ("term", "role", "affiliation")
    search_fields = ("name", "name_kana")


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("__str__", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name", "division")
    filter_horizontal = ("staff",)
