"""Fixtures of the reports tests: the clock fixed at `factories.TODAY`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shingikai.reports.tests.factories import TODAY


@pytest.fixture
def frozen() -> Iterator[dt.date]:
    """Today is TODAY (noon in Japan) for the whole test."""
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Asia/Tokyo"))
    with time_machine.travel(noon, tick=False):
        yield TODAY
