"""`shingikai backup` and `shingikai restore` on the database the suite runs on (SQLite, or
PostgreSQL under scripts/with-postgres): a round trip compares every table, and a broken,
foreign or too new archive is refused without touching the database.

The tests are transactional: a restore replaces the database from another connection,
which cannot happen inside the test's own transaction.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import re
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django import Settings

from conftest import World, make_user
from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, Role, User
from shingikai.councils.models import Member
from shingikai.dossiers.models import Attachment, Case, Handling
from shingikai.ops import backup
from shingikai.ops.digest import TableSum

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4 \xe8\xa9\x95\xe4\xbe\xa1\xe6\x9b\xb8 draft\n"


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attachment(world: World, media: Path) -> Attachment:
    """A stored file, plus rows whose values test the digest: NULLs, JSON, Japanese, tabs."""
    handling = world.health_case.handlings.get()
    handling.fields = {**handling.fields, "備考": "タブ\tと改行\nを含む"}
    handling.save()
    Member.objects.filter(pk=world.members[0].pk).update(name_kana="いいん\u3000いち")
    audit.record(world.secretariat, AuditEvent.Action.EXPORT, world.health_case, summary="出力")
    return Attachment.objects.create(
        case=world.health_case,
        kind="pia_draft_report",
        file=ContentFile(PDF, name="評価書（案）.pdf"),
        name="評価書（案）.pdf",
        size=len(PDF),
        content_type="application/pdf",
        sha256=hashlib.sha256(PDF).hexdigest(),
        uploaded_by=world.department,
    )


def _backup(dest: Path) -> Path:
    out = io.StringIO()
    call_command("backup", str(dest), stdout=out)
    return Path(out.getvalue().splitlines()[0])


def _restore(path: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("restore", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _change(world: World) -> None:
    """Edit, delete and add rows in several tables."""
    Case.objects.filter(pk=world.health_case.pk).update(title="書き換えられた件名")
    Member.objects.filter(pk=world.members[-1].pk).delete()
    Handling.objects.filter(case=world.childcare_case).update(fields={})
    make_user("atokara", Role.DEPARTMENT)
    audit.record(world.secretariat, AuditEvent.Action.VIEW, world.childcare_case)


def _manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def _rewrite(
    path: Path,
    dest: Path,
    manifest: Callable[[dict[str, Any]], None] = lambda m: None,
    member: Callable[[str, bytes], bytes] = lambda name, data: data,
    rename: dict[str, str] | None = None,
) -> Path:
    """A copy of an archive with its manifest, member contents or member names changed."""
    with tarfile.open(path, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    data = json.loads(members.pop("manifest.json"))
    manifest(data)
    members = {(rename or {}).get(name, name): member(name, body) for name, body in members.items()}
    members["manifest.json"] = json.dumps(data).encode()
    with tarfile.open(dest, "w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return dest


def _as_json(sums: dict[str, TableSum]) -> dict[str, dict[str, Any]]:
    return {t: {"rows": s.rows, "sha256": s.sha256} for t, s in sums.items()}


# --- round trip ------------------------------------------------------------------------------


def test_it_restores_every_table_and_file_as_they_were_at_backup(
    world: World, attachment: Attachment, media: Path, tmp_path: Path
) -> None:
    before = backup.live_table_sums()
    path = _backup(tmp_path / "round-trip.tar.gz")
    manifest = _manifest(path)
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == _as_json(before)
    assert manifest["files"][f"media/{attachment.file.name}"]["size"] == len(PDF)

    _change(world)
    attachment.file.open("wb").write(b"overwritten")
    (media / "later.txt").write_bytes(b"added after the backup")
    changed = backup.live_table_sums()
    assert changed["dossiers_case"] != before["dossiers_case"]
    assert changed["councils_member"].rows == before["councils_member"].rows - 1
    assert changed["accounts_user"].rows == before["accounts_user"].rows + 1
    assert changed["dossiers_handling"].rows == before["dossiers_handling"].rows
    assert changed["dossiers_handling"].sha256 != before["dossiers_handling"].sha256

    code, out, err = _restore(path, "--yes")

    assert (code, err) == (0, "")
    assert f"表{len(before)}個" in out and "すべて一致しました" in out
    assert backup.live_table_sums() == before
    assert Case.objects.get(pk=world.health_case.pk).title == world.health_case.title
    assert not User.objects.filter(username="atokara").exists()
    assert (media / attachment.file.name).read_bytes() == PDF
    assert (media / "later.txt").exists() and "そのまま残しました" in out


def test_it_writes_a_time_stamped_archive_into_a_folder_and_never_overwrites(
    world: World, tmp_path: Path
) -> None:
    path = _backup(tmp_path)
    assert path.parent == tmp_path
    assert re.fullmatch(r"shingikai-\d{8}-\d{6}\.tar\.gz", path.name)
    assert path.stat().st_mode & 0o077 == 0  # personal data: the owner alone may read it
    with pytest.raises(CommandError):
        call_command("backup", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_it_keeps_database_secrets_off_the_command_line(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    real_run = subprocess.run

    def recording_run(args: list[str], **kwargs: Any) -> Any:
        calls.append((list(args), dict(kwargs.get("env") or {})))
        return real_run(args, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", recording_run)
    # The throw-away test server trusts loopback, so any password is accepted.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "himitsu-no-password")
    path = _backup(tmp_path / "secret.tar.gz")
    assert _restore(path, "--yes")[0] == 0

    if connection.vendor == "sqlite":
        assert calls == []  # the online backup API, no external program
    else:
        programs = {Path(args[0]).name for args, _ in calls}
        assert {"pg_dump", "pg_restore"} <= programs
        assert all("himitsu-no-password" not in " ".join(args) for args, _ in calls)
        assert all(env["PGPASSWORD"] == "himitsu-no-password" for _, env in calls if env)


# --- refusals ----------------------------------------------------------------------------------


def _refused(path: Path, world: World) -> str:
    """Restore ``path`` after changing the database; check nothing changed; return stderr."""
    _change(world)
    changed = backup.live_table_sums()
    code, out, err = _restore(path, "--yes")
    assert code == 1
    assert "復元しました" not in out
    assert backup.live_table_sums() == changed
    return err


def test_it_refuses_a_truncated_archive(world: World, tmp_path: Path) -> None:
    path = _backup(tmp_path / "whole.tar.gz")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    err = _refused(truncated, world)
    assert err.startswith(
        "バックアップファイルを読めません（壊れているか、バックアップではありません）"
    )
    assert err == err.splitlines()[0] + "\n" and str(truncated) in err


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 40, b"", b"\x1f\x8b\x08\x00" + b"\x00" * 200],
    ids=["random", "empty", "gzip-header-only"],
)
def test_it_refuses_a_file_that_is_not_a_backup(
    content: bytes, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "not-a-backup.tar.gz"
    path.write_bytes(content)
    assert "バックアップファイルを読めません" in _refused(path, world)


def test_it_refuses_an_archive_without_a_manifest(world: World, tmp_path: Path) -> None:
    path = tmp_path / "plain.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("notes.txt"), io.BytesIO(b""))
    assert "manifest.json がありません" in _refused(path, world)


def test_it_refuses_a_database_file_that_does_not_match_its_checksum(
    world: World, tmp_path: Path
) -> None:
    path = _backup(tmp_path / "good.tar.gz")

    def flip_a_byte(name: str, data: bytes) -> bytes:
        if not name.startswith("database."):
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]

    bad = _rewrite(path, tmp_path / "bad.tar.gz", member=flip_a_byte)
    err = _refused(bad, world)
    assert "ファイルが壊れています（チェックサム不一致）: database." in err


def test_it_refuses_an_archive_from_a_newer_version(world: World, tmp_path: Path) -> None:
    path = _backup(tmp_path / "now.tar.gz")

    def future(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["accounts"] = "0099_from_the_future"

    err = _refused(_rewrite(path, tmp_path / "future.tar.gz", manifest=future), world)
    assert err.count("\n") == 1
    assert "accounts.0099_from_the_future" in err and "新しい版" in err


def test_it_refuses_a_dump_of_another_database_vendor(world: World, tmp_path: Path) -> None:
    path = _backup(tmp_path / "mine.tar.gz")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    ours = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

    def foreign(manifest: dict[str, Any]) -> None:
        manifest["vendor"] = other
        manifest["files"][ours[other]] = manifest["files"].pop(ours[connection.vendor])

    # The dump gets the other vendor's name too, so only the vendor check can object.
    rename = {ours[connection.vendor]: ours[other]}
    foreign_path = _rewrite(path, tmp_path / "foreign.tar.gz", manifest=foreign, rename=rename)
    err = _refused(foreign_path, world)
    assert err.startswith("データベースの種類が違います")
    assert err.count("\n") == 1


# --- confirmation and the check after restoring ----------------------------------------------


def test_it_asks_first_and_an_answer_of_n_changes_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _backup(tmp_path / "ask.tar.gz")
    _change(world)
    changed = backup.live_table_sums()
    questions: list[str] = []
    monkeypatch.setattr(builtins, "input", lambda q: questions.append(q) or "n")

    code, out, _ = _restore(path)

    assert code == 0 and "取りやめました" in out
    assert len(questions) == 1 and "よろしいですか" in questions[0]
    assert backup.live_table_sums() == changed


def test_it_restores_after_an_answer_of_y(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = backup.live_table_sums()
    path = _backup(tmp_path / "yes.tar.gz")
    _change(world)
    monkeypatch.setattr(builtins, "input", lambda q: "y")
    assert _restore(path)[0] == 0
    assert backup.live_table_sums() == before


def test_it_reports_a_table_that_differs_from_the_manifest_after_restoring(
    world: World, tmp_path: Path
) -> None:
    path = _backup(tmp_path / "honest.tar.gz")

    def miscount(manifest: dict[str, Any]) -> None:
        manifest["tables"]["councils_member"]["rows"] += 1

    code, _out, err = _restore(
        _rewrite(path, tmp_path / "lying.tar.gz", manifest=miscount), "--yes"
    )

    assert code == 1
    assert err == "表 councils_member の行数が違います（バックアップ 8件、現在 7件）。\n"
