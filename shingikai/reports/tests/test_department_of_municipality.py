"""An incident or a register file belongs to a department of its own municipality: another
municipality's department is refused next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from shingikai.councils.models import Department, Municipality
from shingikai.reports.tests.factories import incident, info_file

pytestmark = pytest.mark.django_db
MESSAGE = "この自治体の課ではありません。"


def _make_incident(world: World) -> Any:
    return incident(world)


def _make_file(world: World) -> Any:
    return info_file(world, "健康診査", 5000)


@pytest.mark.parametrize("make", [_make_incident, _make_file], ids=["incident", "file"])
def test_a_department_of_another_municipality_is_refused(
    world: World, make: Callable[[World], Any]
) -> None:
    row = make(world)
    row.full_clean()  # its own municipality's department is accepted
    other = Municipality.objects.create(name="別区", code="139998", head_title="別区長")
    row.department = Department.objects.create(municipality=other, name="健康推進課")

    with pytest.raises(ValidationError) as raised:
        row.full_clean()

    assert raised.value.message_dict["department"] == [MESSAGE]
