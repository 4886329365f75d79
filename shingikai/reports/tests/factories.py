"""Incidents, meetings and files for the reports tests, on the conftest world; the
`frozen` fixture (conftest.py) fixes today at TODAY."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import World
from shingikai.councils.models import Department
from shingikai.meetings.models import Meeting
from shingikai.reports.models import Incident, PersonalInfoFile

TODAY = dt.date(2024, 6, 3)  # a Monday


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def incident(world: World, department: Department | None = None, **fields: Any) -> Incident:
    """A stored incident of 健康推進課 (not reportable unless `fields` say so)."""
    values: dict[str, Any] = {
        "title": "テスト用の事案",
        "kind": "misdelivery",
        "found_on": days_ago(1),
        "summary": "通知書を別の世帯に送付した。",
        "persons": 3,
    }
    return Incident.objects.create(
        municipality=world.municipality,
        department=department or world.health,
        **(values | fields),
    )


def future_meeting(world: World, days: int = 17) -> Meeting:
    """A scheduled meeting `days` after TODAY (the 2nd of FY2024)."""
    return Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2024,
        ordinal=2,
        date=TODAY + dt.timedelta(days=days),
    )


def info_file(world: World, name: str, persons: int, **fields: Any) -> PersonalInfoFile:
    values: dict[str, Any] = {
        "organisation": "テスト区長",
        "purpose": f"{name}の事務のため。",
        "recorded_items": "氏名\n住所\n生年月日",
        "subjects": "事業の対象者",
        "collection": "本人から",
        "request_office": "テスト区 区政情報課\n東京都テスト区1-1-1",
        "file_type": "electronic",
        "registered_on": dt.date(2023, 4, 1),
    }
    return PersonalInfoFile.objects.create(
        municipality=world.municipality,
        department=fields.pop("department", world.health),
        name=name,
        persons=persons,
        **(values | fields),
    )
