"""The audit trail for the secretariat: filter it and export it as CSV. Nobody can edit it
from the application (there is no form that writes to it)."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作者", required=False)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "すべて"), *AuditEvent.Action.choices]
    )
    object_type = forms.ChoiceField(label="対象の種類", required=False)
    q = forms.CharField(label="内容", required=False)
    since = forms.DateField(label="開始日", required=False, widget=DATE)
    until = forms.DateField(label="終了日", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recorded = AuditEvent.objects.exclude(object_type="").values_list("object_type", flat=True)
        choices = sorted({(t, _type_label(t)) for t in recorded.distinct()}, key=lambda c: c[1])
        self.fields["object_type"].choices = [("", "すべて"), *choices]


def _type_label(object_type: str) -> str:
    """The model's Japanese name for an `app_label.Model` string, if the model still exists."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _filtered(data: dict[str, Any]) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if data.get("actor"):
        events = events.filter(actor_name__icontains=data["actor"])
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("object_type"):
        events = events.filter(object_type=data["object_type"])
    if data.get("q"):
        events = events.filter(summary__icontains=data["q"])
    zone = timezone.get_current_timezone()
    if data.get("since"):
        events = events.filter(at__gte=dt.datetime.combine(data["since"], dt.time(), zone))
    if data.get("until"):
        end = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time(), zone)
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-id")


def _csv(request: HttpRequest, events: QuerySet[AuditEvent]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow(
        ["日時", "操作者", "操作", "対象の種類", "対象ID", "内容", "接続元", "ハッシュ"]
    )
    for e in events.iterator():
        writer.writerow(
            [
                timezone.localtime(e.at).isoformat(),
                e.actor_name,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.summary,
                e.ip_address or "",
                e.hash,
            ]
        )
    audit.record(
        request.user, AuditEvent.Action.EXPORT, summary="監査記録のCSV出力", request=request
    )
    return response


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = _filtered(form.cleaned_data if form.is_valid() else {})
    if request.GET.get("format") == "csv":
        return _csv(request, events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    for event in page:
        event.type_label = _type_label(event.object_type) if event.object_type else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )
