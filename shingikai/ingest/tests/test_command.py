"""`shingikai ingest PATH… [--json | --dry-run] [--publish]` on real files: the readers and
the structurer run, bad files get one line each, and the seeds become meetings."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from shingikai.ingest.models import IngestedFile
from shingikai.ingest.tests.test_store import counts
from shingikai.meetings.models import AgendaItem, Meeting
from shingikai.minutes.models import Minutes

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not found")
SETAGAYA, SHINJUKU = "002_8e51d9809667fcb5.txt", "004_f748d31f15388190.txt"
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\x00\xff garbage"
NOT_MINUTES = "今週の買い物\n牛乳\n卵\n食パン\n\n来週の予定\n歯医者\n".encode()


def run(*args: str) -> tuple[str, str, int]:
    """Run the command; its stdout, stderr and exit status."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, "--progress=never", stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def seed_folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "minutes"
    (folder / "nested").mkdir(parents=True)
    for i, name in enumerate(names):
        target = folder / ("nested" if i % 2 else ".") / name
        shutil.copy(SEEDS / name, target)
    return folder


@needs_seeds
@pytest.mark.django_db
def test_a_folder_with_good_and_bad_files(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA, SHINJUKU)
    (folder / "broken.pdf").write_bytes(CORRUPT_PDF)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nested" / "memo.txt").write_bytes(NOT_MINUTES)

    out, err, status = run(str(folder))

    assert status == 1
    problems = [line for line in err.splitlines() if line.startswith(str(folder))]
    assert sorted(Path(line.split(": ", 1)[0]).name for line in problems) == [
        "broken.pdf",
        "empty.txt",
        "memo.txt",
    ]
    for line in problems:
        reason = line.split(": ", 1)[1]
        assert reason and reason.endswith("。"), line  # one Japanese sentence
    assert "3件のファイルを取り込めませんでした" in err
    assert Meeting.objects.count() == 2
    assert Minutes.objects.filter(imported=True).count() == 2
    table = dict(line.split(maxsplit=1) for line in out.splitlines())
    assert table["ファイル"] == "5" and table["会議"] == "2" and table["失敗"] == "3"
    assert table["内訳"] == "新規 2・差替え 0・変更なし 0"
    assert int(table["議題"]) == AgendaItem.objects.count() > 0
    statuses = sorted(IngestedFile.objects.values_list("status", flat=True))
    assert statuses == ["failed", "failed", "failed", "imported", "imported"]


@needs_seeds
@pytest.mark.django_db
def test_the_same_files_again_change_nothing(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA, SHINJUKU)
    assert run(str(folder))[2] == 0
    before = counts()
    out, _err, status = run(str(folder))
    assert status == 0
    assert "新規 0・差替え 0・変更なし 2" in out
    assert counts() == before


@needs_seeds
@pytest.mark.django_db
def test_a_corrected_file_replaces_its_meeting(tmp_path: Path) -> None:
    original = tmp_path / "v1.txt"
    shutil.copy(SEEDS / SETAGAYA, original)
    assert run(str(original))[2] == 0
    meeting = Meeting.objects.get()
    corrected = tmp_path / "v2.txt"
    text = (SEEDS / SETAGAYA).read_text(encoding="utf-8")
    corrected.write_text(text.replace("庁議室", "第３会議室"), encoding="utf-8")
    out, _err, status = run(str(corrected))
    assert status == 0 and "差替え 1" in out
    assert list(Meeting.objects.values_list("pk", flat=True)) == [meeting.pk]
    assert Meeting.objects.get().venue.endswith("第３会議室")  # as written in the file
    assert Minutes.objects.get().source_name == str(corrected)


@needs_seeds
@pytest.mark.django_db
def test_json_prints_the_structure_and_stores_nothing(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA, SHINJUKU)
    before = counts()

    out, _err, status = run("--json", str(folder / SETAGAYA))
    assert status == 0
    record = json.loads(out)
    assert record["source"]["name"] == str(folder / SETAGAYA)
    assert record["source"]["format"] == "text"
    assert set(record) >= {"municipality", "body", "date", "agenda", "utterances", "questions"}

    out, _err, status = run("--json", str(folder))
    records = json.loads(out)
    assert status == 0 and isinstance(records, list) and len(records) == 2
    assert counts() == before


@needs_seeds
@pytest.mark.django_db
def test_json_with_a_bad_file_reports_it_and_fails(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA)
    (folder / "empty.txt").write_bytes(b"")
    out, err, status = run("--json", str(folder))
    assert status == 1
    assert len(json.loads(out)) == 1
    assert f"{folder / 'empty.txt'}: 空のファイルです。" in err


@needs_seeds
@pytest.mark.django_db
def test_dry_run_reports_and_stores_nothing(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA, SHINJUKU)
    (folder / "empty.txt").write_bytes(b"")
    before = counts()
    out, err, status = run("--dry-run", str(folder))
    assert status == 1
    assert "保存" in out and "--dry-run" in out
    assert "empty.txt: 空のファイルです。" in err
    assert counts() == before


@needs_seeds
@pytest.mark.django_db
def test_publish_and_globs(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, SETAGAYA, SHINJUKU)
    out, _err, status = run("--publish", str(folder / "*.txt"))
    assert status == 0 and "新規 1" in out
    assert Meeting.objects.get().published_at is not None


@pytest.mark.django_db
def test_a_path_that_matches_nothing_fails(tmp_path: Path) -> None:
    _out, err, status = run(str(tmp_path / "none-*.txt"))
    assert status == 1
    assert f"{tmp_path / 'none-*.txt'}: ファイルが見つかりません。" in err
    assert not Meeting.objects.exists()


@needs_seeds
@pytest.mark.django_db
def test_the_five_seeds_become_five_meetings_on_the_list(
    secretariat_client: Client,
) -> None:
    _out, err, status = run(str(SEEDS))
    assert status == 0, err
    meetings = list(Meeting.objects.filter(minutes__imported=True).select_related("council"))
    assert len(meetings) == 5
    page = secretariat_client.get(reverse("meetings:list")).content.decode()
    for meeting in meetings:
        assert meeting.get_absolute_url() in page
        assert meeting.agenda_items.exists(), meeting
        detail = secretariat_client.get(meeting.get_absolute_url())
        assert detail.status_code == 200
        for item in meeting.agenda_items.all():
            assert item.title[:20] in detail.content.decode()
        minutes = secretariat_client.get(reverse("minutes:detail", args=[meeting.pk]))
        assert minutes.status_code == 200
    assert {m.council.municipality.name for m in meetings} >= {"世田谷区", "新宿区"}
    assert Minutes.objects.filter(imported=True, status="approved").count() == 5
