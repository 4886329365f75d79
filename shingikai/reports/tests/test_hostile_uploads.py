"""Hostile files through the statistics Excel import: each gets one clear Japanese error (next
to the file field, or as the one problem listed) and nothing is imported. The type is told
from the bytes, not the name. The files come from fuzz/hostile.py."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World
from fuzz import hostile, minutes
from shingikai.accounts.models import AuditEvent
from shingikai.lib import filetypes, limits
from shingikai.reports import statsheet
from shingikai.reports.models import AnnualStatistics
from shingikai.reports.tests.test_statistics import upload
from shingikai.reports.tests.test_statsheet import GOOD_2022, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
NOT_XLSX = "Excel形式（.xlsx）のファイルを選んでください。"

CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("xlsx-bomb", hostile.xlsx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("dense-bomb", hostile.dense_docx_bomb, filetypes.EXPANDS_TOO_FAR),
    ("encrypted", lambda: hostile.encrypted_zip(hostile.xlsx_file()), filetypes.ENCRYPTED),
    ("old-xls", hostile.old_office, filetypes.OLD_OFFICE),
    ("word-file", hostile.docx_file, NOT_XLSX),
    ("image", hostile.png_file, NOT_XLSX),
    ("pdf", hostile.truncated_pdf, NOT_XLSX),
    ("damaged-zip", lambda: hostile.xlsx_file()[:300], NOT_XLSX),
    ("text", hostile.undecodable_text, NOT_XLSX),
    ("empty", lambda: b"", "入力されたファイルは空です。"),
    (
        "oversize",
        lambda: hostile.oversize(3, head=b"PK\x03\x04"),
        "ファイルが大きすぎます（2MBまで）。",
    ),
]


def imported() -> tuple[int, int]:
    return AnnualStatistics.objects.count(), AuditEvent.objects.filter(action="import").count()


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_file_named_xlsx_gets_one_error_next_to_the_field(
    make: Callable[[], bytes], message: str, world: World, secretariat_client: Client
) -> None:
    response = upload(secretariat_client, world, make())  # always named 実施状況.xlsx

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert imported() == (0, 0)


def test_a_real_workbook_is_accepted_whatever_its_name(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(
        reverse("reports:statistics_import"),
        {
            "municipality": world.municipality.pk,
            "file": SimpleUploadedFile("export.bin", workbook(GOOD_2022), "text/plain"),
        },
    )
    assert response.status_code == 302
    assert imported() == (1, 1)


def test_a_sheet_that_takes_too_long_to_read_is_one_problem(
    world: World, secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(data: bytes) -> tuple[list[statsheet.SheetRow], list[statsheet.Problem]]:
        time.sleep(60)
        return [], []

    monkeypatch.setattr(statsheet, "read", slow)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)

    response = upload(secretariat_client, world, workbook(GOOD_2022))

    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [limits.TOO_SLOW.format(seconds=0.5)]
    assert imported() == (0, 0)


def test_a_sheet_claiming_a_million_rows_is_stopped_not_read(
    world: World, secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few bytes that say XFD1048576: openpyxl pads every row in between."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = statsheet.SHEET
    sheet.append(statsheet.HEADERS)
    sheet["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 3)
    monkeypatch.setattr(limits, "PARSE_MEMORY", 512 * limits.MB)

    response = upload(secretariat_client, world, out.getvalue())

    assert response.status_code == 400
    (problem,) = response.context["problems"]
    assert str(problem) in (limits.TOO_SLOW.format(seconds=3), limits.TOO_MUCH_MEMORY)
    assert imported() == (0, 0)


def test_a_workbook_whose_sheet_is_damaged_is_one_problem(
    world: World, secretariat_client: Client
) -> None:
    """openpyxl reads a read-only sheet while iterating: a broken sheet XML raised ParseError
    out of the import (a server error). Found by mutating workbooks as the fuzzers do."""
    data = workbook(GOOD_2022)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:300] + b"<<broken"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)

    response = upload(secretariat_client, world, out.getvalue())

    assert response.status_code == 400
    assert [str(p) for p in response.context["problems"]] == [
        "ファイルを読み込めません。Excel形式（.xlsx）のファイルを選んでください。"
    ]
    assert imported() == (0, 0)


@settings(max_examples=100, deadline=None, database=None)
@given(st.randoms(use_true_random=True))
def test_a_damaged_workbook_gives_rows_or_problems_never_an_error(rnd: random.Random) -> None:
    data = minutes.mutated(rnd, [workbook(GOOD_2022)])
    rows, problems = statsheet.read(data)
    assert bool(rows) != bool(problems)
