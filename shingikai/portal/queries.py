"""What the public may see: published meetings and their public agenda items, nothing else.

Every public view reads through these functions, so the rule lives in one place.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from shingikai.meetings.models import AgendaItem, Decision, Meeting


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        published_at__isnull=False, published_at__lte=timezone.now()
    ).select_related("council", "council__municipality")


def public_agenda() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(is_public=True).prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.order_by("id"))
    )
