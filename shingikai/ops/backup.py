"""Backing up and restoring the whole installation: the database and the uploaded files.

SQLite is copied with its online backup API (one read transaction: in WAL mode the server
keeps writing meanwhile); PostgreSQL with ``pg_dump --format=custom`` run inside an exported
snapshot, so the dump and the table digests in the manifest describe the same moment.
Restore checks the whole archive first (checksums, vendor, migrations) and only then
replaces the database, in one transaction either way, and the uploaded files; it then
recomputes every table's digest and compares it with the manifest.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from shingikai.lib import wareki
from shingikai.ops import archive
from shingikai.ops.archive import MANIFEST, MEDIA_PREFIX, BackupError, Manifest
from shingikai.ops.digest import TableSum, differences, table_sum

# libpq reads these from the environment, so nothing secret goes on a command line.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
_FETCH = 2000


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did and what the comparison with the manifest found."""

    tables: dict[str, TableSum]
    media: int
    kept: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def vendor() -> str:
    """The database vendor, if backups support it."""
    if connection.vendor not in archive.DATABASE_FILES:
        raise BackupError([f"{connection.vendor} のデータベースには対応していません。"])
    return connection.vendor


def database_label() -> str:
    """The database as the operator knows it: the SQLite file or PostgreSQL name@host."""
    s = connection.settings_dict
    if vendor() == "sqlite":
        return f"SQLite {s['NAME']}"
    return f"PostgreSQL {s['NAME']}@{s.get('HOST') or 'localhost'}"


@contextmanager
def raw_connection() -> Iterator[Any]:
    """A DB-API connection of its own to the project database, outside Django's
    connection and transactions (for the in-memory test database, the shared cache)."""
    if vendor() == "sqlite":
        conn = sqlite3.connect(
            str(connection.settings_dict["NAME"]), uri=True, timeout=30, isolation_level=None
        )
    else:
        conn = connection.Database.connect(**connection.get_connection_params())
    try:
        yield conn
    finally:
        conn.close()


def _rows(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(_FETCH):
        yield from batch


def table_sums(conn: Any) -> dict[str, TableSum]:
    """Row count and digest of every table the connection sees (SQLite's own excepted)."""
    introspection, quote = connection.introspection, connection.ops.quote_name
    sums = {}
    with closing(conn.cursor()) as cursor:
        names = [t for t in introspection.table_names(cursor) if not t.startswith("sqlite_")]
        for table in names:
            keys = introspection.get_primary_key_columns(cursor, table) or []
            order = " ORDER BY " + ", ".join(map(quote, keys)) if keys else ""
            cursor.execute(f"SELECT * FROM {quote(table)}{order}")  # noqa: S608 (quoted names)
            columns = [column[0] for column in cursor.description]
            sums[table] = table_sum(columns, _rows(cursor), ordered=bool(keys))
    return sums


def live_table_sums() -> dict[str, TableSum]:
    """`table_sums` of the project database as it is now."""
    with raw_connection() as conn:
        return table_sums(conn)


def applied_migrations(conn: Any) -> dict[str, str]:
    """The last applied migration of each app, from ``django_migrations``."""
    with closing(conn.cursor()) as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations")
        rows = cursor.fetchall()
    last: dict[str, str] = {}
    for app, name in rows:
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


# --- tools ---------------------------------------------------------------------------------


def _tool_version(path: str) -> tuple[int, ...]:
    try:
        out = subprocess.run(  # noqa: S603 (a PostgreSQL program found by name)
            [path, "--version"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    return (int(match[1]), int(match[2] or 0)) if match else ()


def pg_tool(name: str) -> str:
    """The newest ``pg_dump``/``pg_restore`` on PATH or under /usr/lib/postgresql."""
    found = [*sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")), shutil.which(name)]
    versions = {path: _tool_version(path) for path in found if path}
    usable = [path for path, version in versions.items() if version]
    if not usable:
        raise BackupError(
            [f"{name} が見つかりません（PostgreSQL のクライアントを入れてください）。"]
        )
    return max(usable, key=lambda path: versions[path])


def pg_environment() -> dict[str, str]:
    """The process environment plus libpq variables for the project database."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if s.get(key):
            env[var] = str(s[key])
    for key, var in _LIBPQ_OPTIONS.items():
        if key in s.get("OPTIONS", {}):
            env[var] = str(s["OPTIONS"][key])
    return env


def _run_pg(name: str, *args: str) -> None:
    result = subprocess.run(  # noqa: S603 (fixed program, arguments without secrets)
        [pg_tool(name), *args], env=pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()][:5]
        raise BackupError(
            [f"{name} が失敗しました: {line}" for line in lines]
            or [f"{name} が失敗しました（終了コード {result.returncode}）。"]
        )


# --- backup --------------------------------------------------------------------------------


def sqlite_snapshot(source: sqlite3.Connection, dest: Path) -> None:
    """Copy a live SQLite database to ``dest`` in one step of the online backup API: one
    read transaction, so the copy is consistent and, in WAL mode, writers carry on."""
    with closing(sqlite3.connect(dest)) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


def _dump_sqlite(dump: Path) -> tuple[dict[str, str], dict[str, TableSum]]:
    with raw_connection() as source:
        sqlite_snapshot(source, dump)
    with closing(sqlite3.connect(dump)) as copy:
        return applied_migrations(copy), table_sums(copy)


def _dump_postgresql(dump: Path) -> tuple[dict[str, str], dict[str, TableSum]]:
    with raw_connection() as conn:
        with closing(conn.cursor()) as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run_pg("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}")
        state = applied_migrations(conn), table_sums(conn)
        conn.rollback()
    return state


def media_files() -> list[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT, as (path relative to it, path)."""
    root = Path(settings.MEDIA_ROOT)
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def destination(path: Path | None, now: dt.datetime) -> Path:
    """Where to write: ``path``, or a time-stamped name in the folder ``path`` (by default
    ``$SHINGIKAI_VAR_DIR/backups``). An existing file is never overwritten."""
    name = f"shingikai-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"
    if path is None:
        path = Path(settings.VAR_DIR) / "backups"
        path.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        path = path / name
    if path.exists():
        raise BackupError([f"保存先のファイルが既にあります: {path}"])
    if not path.parent.is_dir():
        raise BackupError([f"保存先のフォルダがありません: {path.parent}"])
    return path


def create_backup(path: Path | None = None) -> tuple[Path, Manifest]:
    """Write one archive of the database and the uploaded files; return it and its manifest."""
    now = timezone.now()
    dest = destination(path, now)
    kind = vendor()
    try:
        with tempfile.TemporaryDirectory(prefix="shingikai-backup-") as tmp:
            dump = Path(tmp) / archive.DATABASE_FILES[kind]
            migrations, tables = (_dump_sqlite if kind == "sqlite" else _dump_postgresql)(dump)
            software = {"shingikai": _version(), "django": django.get_version()}
            manifest = Manifest(kind, now.isoformat(), migrations, tables, software=software)
            with archive.write(dest) as writer:
                writer.add_file(manifest.database_file, dump)
                for name, file in media_files():
                    writer.add_file(MEDIA_PREFIX + name, file)
                manifest.files = dict(writer.files)
                writer.add_bytes(MANIFEST, manifest.to_json())
    except (OSError, sqlite3.Error) as exc:
        raise BackupError([f"バックアップを書き込めません: {exc}"]) from None
    return dest, manifest


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("shingikai")
    except PackageNotFoundError:
        return "unknown"


# --- restore -------------------------------------------------------------------------------


def open_archive(path: Path, into: Path) -> Manifest:
    """Unpack and check an archive for this installation; raise BackupError if unusable."""
    if not path.is_file():
        raise BackupError([f"バックアップファイルがありません: {path}"])
    manifest = archive.extract(path, into)
    problems = compatibility_problems(manifest) or _dump_problems(manifest, into)
    if problems:
        raise BackupError(problems)
    return manifest


def compatibility_problems(manifest: Manifest) -> list[str]:
    """Refusals: a dump of another vendor, or migrations this code does not have."""
    kind = vendor()
    if manifest.vendor != kind:
        return [
            f"データベースの種類が違います（バックアップは {archive.describe(manifest.vendor)}、"
            f"この環境は {archive.describe(kind)}）。"
        ]
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"バックアップはこのプログラムにないマイグレーション {app}.{name} まで適用済みです"
        "（新しい版で作られたバックアップです）。新しい版のプログラムで復元してください。"
        for app, name in sorted(manifest.migrations.items())
        if (app, name) not in known
    ]


def _dump_problems(manifest: Manifest, folder: Path) -> list[str]:
    dump = folder / manifest.database_file
    if manifest.vendor == "postgresql":
        _run_pg("pg_restore", "--list", "--file=/dev/null", str(dump))
        return []
    try:
        with closing(sqlite3.connect(dump.as_uri() + "?mode=ro", uri=True)) as copy:
            result = copy.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        result = str(exc)
    return [] if result == "ok" else [f"バックアップのデータベースが壊れています: {result}"]


def restore(manifest: Manifest, folder: Path) -> RestoreResult:
    """Replace the database and the uploaded files with a checked archive's (see
    `open_archive`), then compare every table with the manifest."""
    dump = folder / manifest.database_file
    connections.close_all()
    if manifest.vendor == "sqlite":
        _restore_sqlite(dump)
    else:
        _restore_postgresql(dump)
    try:
        media_problems = _restore_media(manifest, folder)
    except OSError as exc:
        raise BackupError([f"データベースは戻しましたが、ファイルを戻せません: {exc}"]) from None
    tables = live_table_sums()
    kept = [name for name, _ in media_files() if name not in manifest.media_files]
    return RestoreResult(
        tables,
        len(manifest.media_files),
        kept,
        differences(manifest.tables, tables) + media_problems,
        pending_migrations(),
    )


def _restore_sqlite(dump: Path) -> None:
    # One step of the backup API is one write transaction on the target: all or nothing.
    source = sqlite3.connect(dump.as_uri() + "?mode=ro", uri=True)
    with closing(source), raw_connection() as target:
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise BackupError([f"データベースを書き換えられません: {exc}"]) from None


def _restore_postgresql(dump: Path) -> None:
    _run_pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--dbname=",  # empty: libpq takes PGDATABASE from the environment
        str(dump),
    )


def _restore_media(manifest: Manifest, folder: Path) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    problems = []
    for name, expected in sorted(manifest.media_files.items()):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(folder / (MEDIA_PREFIX + name), partial)
        os.replace(partial, target)
        if archive.file_sum(target) != expected:
            problems.append(f"ファイル {name} を正しく戻せませんでした。")
    return problems


def pending_migrations() -> list[str]:
    """Migrations of this code that the (restored) database has not applied yet."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def moment(manifest: Manifest) -> str:
    """When the backup was made, in 和暦 and local time."""
    when = timezone.localtime(dt.datetime.fromisoformat(manifest.created_at))
    return f"{wareki.format_date(when.date())}{wareki.format_time(when.time())}"
