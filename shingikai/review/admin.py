from __future__ import annotations

from django.contrib import admin

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.review.models import FindingDecision, Question


@admin.register(Question)
class QuestionAdmin(AuditedAdmin):
    list_display = ("case", "number", "concern_id", "status", "asked_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("text", "answer")


@admin.register(FindingDecision)
class FindingDecisionAdmin(AuditedAdmin):
    list_display = ("case", "concern_id", "status", "decided_by", "decided_at")
    list_filter = ("status",)
