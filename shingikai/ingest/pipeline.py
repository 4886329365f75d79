"""From file bytes to a checked `MinutesRecord`, one file at a time. Pure Python: no Django.

    read (readers) → structure (structure) → checks → FileResult

Every failure becomes one Japanese line in `FileResult.error`, never an exception, so a
run over many files goes on past a bad one. Nothing is kept between files: memory does not
grow with the number of files processed.

Reading and structuring run in a child process with a time and memory limit (`lib.limits`):
a fresh child per file, or for a batch one `limits.Worker` passed as ``worker`` (forked
once, which costs less CPU than a fork per file).
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shingikai.ingest.readers import EMPTY, read
from shingikai.ingest.records import MinutesRecord, ReadError
from shingikai.ingest.structure import looks_like_minutes, structure
from shingikai.lib import limits

MAX_BYTES = 20 * 1024 * 1024
GLOB_CHARS = frozenset("*?[")

NOT_MINUTES = "会議録として読み取れませんでした（会議の名称・日時・発言が見つかりません）。"
UNEXPECTED = "読み取り中に予期しないエラーが発生しました"
NO_DATE = "開催日が読み取れないため取り込めません。"


@dataclass(frozen=True)
class FileResult:
    """What came of one file: a record, or the reason it has none."""

    name: str
    sha256: str
    size: int
    format: str = ""
    record: MinutesRecord | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None and self.error is None


@dataclass
class Summary:
    """Counts over a run, for the table the command prints at the end."""

    files: int = 0
    meetings: int = 0
    agenda_items: int = 0
    utterances: int = 0
    questions: int = 0
    failures: int = 0
    bytes: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.bytes += result.size
        if result.record is None or result.error:
            self.failures += 1
            self.failed.append(result.name)
            return
        self.meetings += 1
        self.agenda_items += len(result.record.agenda)
        self.utterances += len(result.record.utterances)
        self.questions += len(result.record.questions)


def too_large(size: int, max_bytes: int | None = None) -> str | None:
    """The size-limit message, or None when `size` is within the limit (MAX_BYTES unless
    `max_bytes` is given)."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        return f"ファイルが大きすぎます（{limit / (1024 * 1024):g}MBまで）。"
    return None


def check(record: MinutesRecord) -> str | None:
    """Why a structured record cannot be stored as a meeting, or None."""
    if not looks_like_minutes(record):
        return NOT_MINUTES
    if not record.date:
        return NO_DATE
    return None


def process(
    data: bytes,
    name: str,
    *,
    max_bytes: int | None = None,
    worker: limits.Worker | None = None,
) -> FileResult:
    """Read, structure and check one file's bytes (in ``worker`` when given)."""
    digest = hashlib.sha256(data).hexdigest()
    base = FileResult(name=name, sha256=digest, size=len(data))
    error = EMPTY if not data or data.isspace() else too_large(len(data), max_bytes)
    if error:
        return _failed(base, error)
    call = limits.run if worker is None else worker.call
    try:  # in a child process with a time and memory limit (lib.limits)
        fmt, record = call(_read_and_structure, data, name)
    except (ReadError, limits.LimitExceeded) as exc:
        return _failed(base, str(exc) or "ファイルを読み取れません。")
    except Exception as exc:  # a reader or structurer bug must not stop the run
        return _failed(base, f"{UNEXPECTED}（{type(exc).__name__}）。")
    found = FileResult(name, digest, len(data), fmt, record)
    problem = check(record)
    return _failed(found, problem) if problem else found


def _read_and_structure(data: bytes, name: str) -> tuple[str, MinutesRecord]:
    """The format and the record (the blocks stay in the child: less to send back)."""
    document = read(data, name)
    return document.format, structure(document)


def process_path(
    path: Path, *, max_bytes: int | None = None, worker: limits.Worker | None = None
) -> FileResult:
    """`process` on a file, refusing one over the limit before reading it."""
    try:
        size = path.stat().st_size
        if (error := too_large(size, max_bytes)) is not None:
            return FileResult(str(path), "", size, error=error)
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(str(path), "", 0, error=f"ファイルを開けません（{exc.strerror}）。")
    return process(data, str(path), max_bytes=max_bytes, worker=worker)


def _failed(result: FileResult, error: str) -> FileResult:
    return FileResult(result.name, result.sha256, result.size, result.format, None, error)


# -- which files ---------------------------------------------------------------------------


def _expand(arg: str) -> Iterator[Path] | None:
    """The files one command-line argument names, or None when it names nothing."""
    path = Path(arg)
    if path.is_dir():
        return (p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path))
    if path.exists():
        return iter([path])
    if GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if matches:
            return (q for m in matches for q in _expand(m) or ())
    return None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def collect(args: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by paths, folders (recursively, hidden files skipped) and glob patterns,
    in order and without repeats; and the arguments that matched nothing."""
    files: list[Path] = []
    seen: set[Path] = set()
    missing: list[str] = []
    for arg in args:
        found = _expand(arg)
        if found is None:
            missing.append(arg)
            continue
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, missing
