"""Row counts and content digests of database tables, to prove a restore brought back what
was backed up.

Every value is written in one canonical text form (type tag plus value, strings JSON-quoted
so a tab or newline in the data cannot imitate a column or row boundary) and the rows are
hashed in a fixed order: by primary key when the table has one, otherwise sorted as text.
The forms are stable within one database vendor; SQLite and PostgreSQL digests of the same
data need not agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class TableSum:
    """How many rows a table holds and the SHA-256 of its rows in canonical form."""

    rows: int
    sha256: str


def canonical(value: Any) -> str:
    """One value as tagged text: ``N`` for NULL, ``i42``, ``s"text"``, ``x0a1b`` …"""
    if value is None:
        return "N"
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float):
        return f"f{value!r}"
    if isinstance(value, Decimal):
        return f"d{value}"
    if isinstance(value, bytes | bytearray | memoryview):
        return "x" + bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return "t" + value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"p{value.days}:{value.seconds}:{value.microseconds}"
    if isinstance(value, dict | list):
        return "j" + json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, UUID):
        return f"u{value}"
    return "s" + json.dumps(str(value), ensure_ascii=False)


def row_line(row: Sequence[Any]) -> str:
    """A row as one line of canonical values separated by tabs."""
    return "\t".join(canonical(value) for value in row)


def table_sum(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, ordered: bool) -> TableSum:
    """Count and hash ``rows``; unless ``ordered`` (fetched by primary key) they are sorted
    as text first, so the order the database happens to return does not matter."""
    digest = hashlib.sha256(row_line(columns).encode() + b"\n")
    lines = (row_line(row) for row in rows)
    count = 0
    for line in lines if ordered else sorted(lines):
        digest.update(line.encode() + b"\n")
        count += 1
    return TableSum(count, digest.hexdigest())


def differences(expected: dict[str, TableSum], actual: dict[str, TableSum]) -> list[str]:
    """One Japanese line per table whose rows differ from the expected sums."""
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(table), actual.get(table)
        if got is None:
            problems.append(f"表 {table} がありません。")
        elif want is None:
            problems.append(f"表 {table} はバックアップにありません。")
        elif want.rows != got.rows:
            problems.append(
                f"表 {table} の行数が違います（バックアップ {want.rows}件、現在 {got.rows}件）。"
            )
        elif want.sha256 != got.sha256:
            problems.append(f"表 {table} の内容が違います（行数 {got.rows}件は同じ）。")
    return problems
