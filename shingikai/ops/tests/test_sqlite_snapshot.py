"""The SQLite online backup: a copy taken while another connection keeps writing is a
consistent database that holds whole transactions only."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from shingikai.ops import backup


def _writer(path: Path, stop: threading.Event, committed: list[int]) -> None:
    """Insert rows two at a time, each pair in one transaction, until told to stop."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as conn:
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO pair (half, filler) VALUES (1, randomblob(3000))")
            conn.execute("INSERT INTO pair (half, filler) VALUES (2, randomblob(3000))")
            conn.execute("COMMIT")
            committed.append(1)


def test_a_copy_taken_during_writes_holds_whole_transactions_only(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE pair (id INTEGER PRIMARY KEY, half INTEGER, filler BLOB)")
    stop, committed = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(live, stop, committed))
    writer.start()
    try:
        while len(committed) < 200:  # a database of some size, still being written
            threading.Event().wait(0.01)
        copies = []
        for n in range(3):
            copy = tmp_path / f"copy{n}.sqlite3"
            with closing(sqlite3.connect(live, timeout=30)) as source:
                backup.sqlite_snapshot(source, copy)
            copies.append(copy)
    finally:
        stop.set()
        writer.join()

    counts = []
    for copy in copies:
        with closing(sqlite3.connect(copy)) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            halves = dict(conn.execute("SELECT half, count(*) FROM pair GROUP BY half"))
        assert halves[1] == halves[2] >= 200
        counts.append(halves[1])
    assert counts == sorted(counts)
    with closing(sqlite3.connect(live)) as conn:
        assert conn.execute("SELECT count(*) FROM pair").fetchone()[0] == 2 * len(committed)
