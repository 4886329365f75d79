"""Template filters for Japanese display, loaded into every template (settings: builtins)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from shingikai.lib import wareki

register = template.Library()


@register.filter
def wareki_date(value: dt.date | dt.datetime | None, arg: str = "") -> str:
    """令和4年12月27日（火）; `|wareki_date:"short"` leaves out the weekday."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return wareki.format_date(value, weekday=arg != "short")


@register.filter
def wareki_datetime(value: dt.datetime | None) -> str:
    """令和4年12月27日（火）午後2時00分, in Japan time."""
    if value is None or value == "":
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{wareki.format_date(local.date())}{wareki.format_time(local.time())}"


@register.filter
def jtime(value: dt.time | None) -> str:
    """午後2時00分."""
    return wareki.format_time(value) if value else ""


@register.filter
def fiscal_year(value: int | None) -> str:
    """令和4年度 for 2022."""
    return wareki.format_fiscal_year(int(value)) if value else ""
