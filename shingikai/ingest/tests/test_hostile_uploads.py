"""Hostile files through the minutes upload page and `shingikai ingest`: each gets one clear
Japanese line in its result row (or on stderr) and nothing is stored: no meeting, minutes or
utterance, and the file log holds only the failure. The files come from fuzz/hostile.py.

Reading runs in a child process with a time and memory limit (lib.limits): a parse that
would run too long or take too much memory is stopped with its own message.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from fuzz import hostile
from shingikai.ingest import pipeline
from shingikai.ingest.models import IngestedFile
from shingikai.lib import filetypes, limits
from shingikai.meetings.models import AgendaItem, Meeting
from shingikai.minutes.models import Minutes, Utterance

pytestmark = pytest.mark.django_db
URL = "/ingest/"

MINUTES = (
    "会議録\n"
    "名称\t令和5年度第3回 架空市個人情報保護審議会\n"
    "日時\t令和5年9月4日（月）午後2時から午後4時まで\n"
    "会長　それでは、定刻になりましたので開会いたします。\n"
    "委員　資料１の２について質問します。委託先はどこですか。\n"
    "情報政策課長　株式会社架空システムでございます。\n"
)

CASES: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("docx-bomb", "会議録.docx", hostile.docx_bomb, filetypes.UNPACKS_TOO_LARGE),
    ("xlsx-bomb", "会議録.xlsx", hostile.xlsx_bomb, "Word文書（DOCX）ではないZIPファイルです。"),
    ("dense-bomb", "会議録.docx", hostile.dense_docx_bomb, filetypes.EXPANDS_TOO_FAR),
    ("encrypted", "会議録.docx", lambda: hostile.encrypted_zip(hostile.docx_file()), "暗号化"),
    ("old-doc", "会議録.doc", hostile.old_office, "旧形式（.doc）"),
    ("truncated-pdf", "会議録.pdf", hostile.truncated_pdf, "PDFファイルが壊れている"),
    ("garbage-pdf", "会議録.pdf", hostile.garbage_pdf, "PDFファイルが壊れている"),
    ("deep-html", "会議録.html", hostile.deep_html, "HTMLの入れ子が深すぎる"),
    ("bad-encoding", "会議録.txt", hostile.undecodable_text, "文字コードを判別できません"),
    ("damaged-utf8", "会議録.txt", hostile.damaged_utf8, "UTF-8として正しくないバイト"),
    ("image-as-pdf", "会議録.pdf", hostile.png_file, "画像ファイルは読み込めません。"),
    ("empty", "会議録.txt", lambda: b"", "空のファイルです。"),
    ("oversize", "会議録.txt", hostile.oversize, "ファイルが大きすぎます（20MBまで）。"),
]
IDS = [c[0] for c in CASES]


def counts() -> tuple[int, ...]:
    imported = IngestedFile.objects.exclude(status=IngestedFile.Status.FAILED)
    return (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Minutes.objects.count(),
        Utterance.objects.count(),
        imported.count(),
    )


def post(client: Client, name: str, data: bytes) -> list[object]:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client.post(URL, {"files": [upload]})
    assert response.status_code == 200
    return response.context["rows"]


@pytest.mark.parametrize(("name", "make", "message"), [c[1:] for c in CASES], ids=IDS)
def test_a_hostile_upload_gets_one_line_and_nothing_is_stored(
    name: str, make: Callable[[], bytes], message: str, secretariat_client: Client
) -> None:
    before = counts()

    (row,) = post(secretariat_client, name, make())

    assert not row.ok and row.meeting is None
    assert message in row.message and "\n" not in row.message
    assert counts() == before


@pytest.mark.parametrize(("name", "make", "message"), [c[1:] for c in CASES], ids=IDS)
def test_a_hostile_file_given_to_the_command_gets_one_line_and_nothing_is_stored(
    name: str, make: Callable[[], bytes], message: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    before = counts()
    err = io.StringIO()

    with pytest.raises(CommandError, match="1件のファイルを取り込めませんでした"):
        call_command("ingest", str(path), "--progress", "never", stdout=io.StringIO(), stderr=err)

    (line,) = err.getvalue().splitlines()
    assert line.startswith(f"{path}: ") and message in line
    assert counts() == before


def test_a_parse_that_runs_too_long_is_stopped(
    secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(data: bytes, name: str) -> None:
        time.sleep(60)

    monkeypatch.setattr(pipeline, "read", slow)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)
    before = counts()

    (row,) = post(secretariat_client, "会議録.txt", MINUTES.encode())

    assert row.message == limits.TOO_SLOW.format(seconds=0.5)
    assert counts() == before


def test_a_parse_that_needs_too_much_memory_is_stopped(
    secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def greedy(data: bytes, name: str) -> None:
        bytearray(1024 * 1024 * 1024)

    monkeypatch.setattr(pipeline, "read", greedy)
    monkeypatch.setattr(limits, "PARSE_MEMORY", 128 * limits.MB)
    before = counts()

    (row,) = post(secretariat_client, "会議録.txt", MINUTES.encode())

    assert row.message == limits.TOO_MUCH_MEMORY
    assert counts() == before


def test_the_same_file_within_the_limits_is_stored(secretariat_client: Client) -> None:
    """The limits stop only hostile files: the minutes above are read and stored."""
    (row,) = post(secretariat_client, "会議録.txt", MINUTES.encode())
    assert row.ok and row.meeting is not None and row.utterances == 3


def test_numbers_beyond_the_database_do_not_break_storing(tmp_path: Path) -> None:
    """第99999回 failed on PostgreSQL (smallint out of range) with a traceback."""
    path = tmp_path / "会議録.txt"
    path.write_text(MINUTES.replace("第3回", "第99999回"), encoding="utf-8")
    call_command("ingest", str(path), "--progress", "never", stdout=io.StringIO())
    meeting = Meeting.objects.get()
    assert meeting.ordinal == 1 and meeting.fiscal_year == 2023
