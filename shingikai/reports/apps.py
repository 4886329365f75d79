from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shingikai.reports"
    label = "reports"
    verbose_name = "報告・統計"
