"""The backup archive: one ``.tar.gz`` holding the database dump, the uploaded files under
``media/`` and, last, ``manifest.json`` describing them all with their SHA-256.

Reading checks everything before anything is restored: the gzip stream (its CRC catches
truncation and flipped bits), the member names and types (regular files only, nothing
outside the archive), the manifest's shape, and every file against its checksum. Problems
come back as Japanese lines, one per problem.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from shingikai.ops.digest import TableSum

FORMAT = "shingikai-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; ``problems`` are the Japanese lines to show."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FileSum:
    """Size and SHA-256 of one file in the archive."""

    size: int
    sha256: str


@dataclass
class Manifest:
    """What a backup holds. ``migrations`` maps each app to its last applied migration."""

    vendor: str
    created_at: str
    migrations: dict[str, str]
    tables: dict[str, TableSum]
    files: dict[str, FileSum] = field(default_factory=dict)
    software: dict[str, str] = field(default_factory=dict)

    @property
    def database_file(self) -> str:
        return DATABASE_FILES.get(self.vendor, "")

    @property
    def media_files(self) -> dict[str, FileSum]:
        return {
            name.removeprefix(MEDIA_PREFIX): s
            for name, s in self.files.items()
            if name.startswith(MEDIA_PREFIX)
        }

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError(
                    ["manifest.json が shingikai のバックアップのものではありません。"]
                )
            if data.get("version") != VERSION:
                raise BackupError(
                    [f"バックアップの形式（版 {data.get('version')}）に対応していません。"]
                )
            return cls(
                vendor=str(data["vendor"]),
                created_at=str(data["created_at"]),
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                tables={
                    str(k): TableSum(int(v["rows"]), str(v["sha256"]))
                    for k, v in data["tables"].items()
                },
                files={
                    str(k): FileSum(int(v["size"]), str(v["sha256"]))
                    for k, v in data["files"].items()
                },
                software={str(k): str(v) for k, v in data.get("software", {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError([f"manifest.json を読めません（{type(exc).__name__}）。"]) from None


class _HashingReader:
    """Reads a file through SHA-256, so what is hashed is exactly what is archived."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.hash.update(data)
        return data


class Writer:
    """Adds members to an archive being written; see `write`."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files: dict[str, FileSum] = {}

    def add_file(self, name: str, path: Path) -> None:
        """Add ``path`` as ``name`` and remember its checksum for the manifest."""
        with path.open("rb") as stream:
            info = self._info(name, os.fstat(stream.fileno()).st_size)
            reader = _HashingReader(stream)
            self.tar.addfile(info, reader)  # type: ignore[arg-type]
        self.files[name] = FileSum(info.size, reader.hash.hexdigest())

    def add_bytes(self, name: str, data: bytes) -> None:
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))

    @staticmethod
    def _info(name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(time.time())
        return info


@contextmanager
def write(dest: Path) -> Iterator[Writer]:
    """Write an archive at ``dest`` through a temporary name, readable by the owner only
    (it holds personal data); a failure leaves no partial archive behind."""
    partial = dest.with_name(dest.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            yield Writer(tar)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)


def file_sum(path: Path) -> FileSum:
    """Size and SHA-256 of a file on disk."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileSum(size, digest.hexdigest())


def _member_problem(member: tarfile.TarInfo) -> str | None:
    path = PurePosixPath(member.name)
    if not member.isfile():
        return f"バックアップに想定外の項目があります: {member.name}"
    if path.is_absolute() or ".." in path.parts or str(path) != member.name:
        return f"バックアップに不正なファイル名があります: {member.name}"
    return None


def extract(archive: Path, into: Path) -> Manifest:
    """Unpack ``archive`` into the empty folder ``into`` and check it; raise BackupError."""
    unreadable = (
        f"バックアップファイルを読めません（壊れているか、バックアップではありません）: {archive}"
    )
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            problems = [p for m in members if (p := _member_problem(m))]
            if problems:
                raise BackupError(problems)
            tar.extractall(into, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error, gzip.BadGzipFile):
        raise BackupError([unreadable]) from None
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError([f"バックアップに {MANIFEST} がありません: {archive}"])
    manifest = Manifest.from_json(manifest_path.read_bytes())
    problems = _file_problems(manifest, into, {m.name for m in members} - {MANIFEST})
    if problems:
        raise BackupError(problems)
    return manifest


def _file_problems(manifest: Manifest, root: Path, present: set[str]) -> list[str]:
    problems = []
    if manifest.database_file not in manifest.files:
        problems.append(f"バックアップにデータベースのファイルがありません（{manifest.vendor}）。")
    for name in sorted(present - manifest.files.keys()):
        problems.append(f"マニフェストにないファイルがあります: {name}")
    for name, expected in sorted(manifest.files.items()):
        if name not in present:
            problems.append(f"ファイルがありません: {name}")
        elif file_sum(root / name) != expected:
            problems.append(f"ファイルが壊れています（チェックサム不一致）: {name}")
    return problems


def describe(vendor: str) -> str:
    """The vendor's display name (``postgresql`` → PostgreSQL)."""
    return VENDOR_NAMES.get(vendor, vendor)
