"""One parse of an untrusted file, with a time and a memory limit.

`run(func, *args)` calls ``func(*args)`` in a forked child process whose address space is
capped (RLIMIT_AS, on top of what the process already maps) and which is killed when the
wall-clock limit passes. The result, or the exception the function raised, comes back
pickled, so callers handle the parser's own errors as before (the child's traceback is in
the exception's `child_traceback`). A parser that loops, recurses or allocates without end
then costs one child process, not the server: the caller gets `LimitExceeded` with one
Japanese line.

The child leaves through `os._exit`, so nothing it inherited (database connections, open
files, atexit handlers) is closed or flushed behind the parent's back; the function must
not touch the database. Where `os.fork` does not exist the function runs in process,
without limits. Pure Python: no Django.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MB = 1024 * 1024
# A minutes PDF of a few hundred pages reads in well under this; a hostile one is cut off.
PARSE_SECONDS = 60.0
# Address space the child may add to what it inherits.
PARSE_MEMORY = 1536 * MB

TOO_SLOW = "ファイルの読み取りに時間がかかりすぎるため中止しました（{seconds:g}秒まで）。"
TOO_MUCH_MEMORY = "ファイルの読み取りに必要なメモリが多すぎるため中止しました。"
CRASHED = "ファイルの読み取り中に処理が異常終了しました。"

_OK, _RAISED, _MEMORY = "ok", "raised", "memory"
_CHUNK = 1 << 16


class LimitExceeded(Exception):
    """The parse ran out of time or memory, or its process died; one Japanese line."""


def isolated() -> bool:
    """Whether `run` can use a child process here."""
    return hasattr(os, "fork")


def run(
    func: Callable[..., T],
    *args: Any,
    seconds: float | None = None,
    memory: int | None = None,
) -> T:
    """``func(*args)`` within the limits (PARSE_SECONDS and PARSE_MEMORY unless given); its
    exception is re-raised here."""
    if not isolated():
        return func(*args)
    seconds = PARSE_SECONDS if seconds is None else seconds
    memory = PARSE_MEMORY if memory is None else memory
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is what the tests check
        _child(write_end, func, args, seconds, memory)
    os.close(write_end)
    finished = False
    try:
        payload, finished = _collect(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        _reap(pid, kill=not finished)
    if not finished:
        raise LimitExceeded(TOO_SLOW.format(seconds=seconds))
    return _outcome(payload)


def _child(
    out: int, func: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory: int
) -> None:  # pragma: no cover - runs in the child
    """Set the limits, run, send (status, value) back, and leave without cleaning up."""
    code = 0
    try:
        # Only the pipe to the parent stays open: another child forked meanwhile must not
        # hold this one's pipe open, and nothing inherited can be used by mistake.
        os.closerange(3, out)
        os.closerange(out + 1, _max_fd())
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _limit(seconds, memory)
        try:
            message: tuple[str, Any] = (_OK, func(*args))
        except MemoryError:
            message = (_MEMORY, None)
        except BaseException as exc:  # everything goes back to the parent to raise there
            message = (_RAISED, exc)
            # Kept for whoever logs an unexpected error (a note would change pytest's match).
            with contextlib.suppress(Exception):
                exc.child_traceback = "".join(traceback.format_exception(exc))  # type: ignore[attr-defined]
        try:
            payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps((_MEMORY, None))
        except Exception as exc:  # an unpicklable result or exception
            error = RuntimeError(f"{type(exc).__name__}: {exc} (sending {message[0]})")
            payload = pickle.dumps((_RAISED, error))
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _max_fd() -> int:  # pragma: no cover - in the child
    try:
        return max(os.sysconf("SC_OPEN_MAX"), 1024)
    except (OSError, ValueError):
        return 65536


def _limit(seconds: float, memory: int) -> None:  # pragma: no cover - in the child
    """Cap the child's address space and CPU time, and keep it from dumping core."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(seconds) + 5  # a backstop: the parent kills the child at the deadline
    _lower(resource.RLIMIT_CPU, cpu)
    _lower(resource.RLIMIT_AS, _mapped() + memory)


def _lower(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, hard))


def _mapped() -> int:
    """The address space this process maps now (inherited libraries, heap, thread stacks)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _collect(fd: int, deadline: float) -> tuple[bytes, bool]:
    """What the child sent before it closed the pipe, and whether it closed it in time."""
    chunks: list[bytes] = []
    while (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
    return b"", False


def _reap(pid: int, *, kill: bool) -> None:
    """Wait for the child (killing it first when ``kill``), so no zombie is left."""
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _outcome(payload: bytes) -> Any:
    """The child's result, or its exception raised here."""
    if not payload:
        raise LimitExceeded(CRASHED)
    try:
        status, value = pickle.loads(payload)  # noqa: S301 - written by our own child
    except Exception as exc:
        raise RuntimeError(f"the parse's result could not be read back: {exc}") from exc
    if status == _OK:
        return value
    if status == _MEMORY:
        raise LimitExceeded(TOO_MUCH_MEMORY)
    raise value
