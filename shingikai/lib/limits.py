"""One parse of an untrusted file, with a time and a memory limit.

`run(func, *args)` calls ``func(*args)`` in a forked child process whose address space is
capped (RLIMIT_AS, on top of what the process already maps) and which is killed when the
wall-clock limit passes. The result, or the exception the function raised, comes back
pickled, so callers handle the parser's own errors as before (the child's traceback is in
the exception's `child_traceback`). A parser that loops, recurses or allocates without end
then costs one child process, not the server: the caller gets `LimitExceeded` with one
Japanese line.

For a batch (a folder of minutes, several uploaded files), `Worker` keeps one limited child
for many calls instead of forking one per call, which costs more CPU than reading a small
file: ``with Worker() as worker: worker.call(func, *args)``. The worker is forked at the
first call; each call is sent to it pickled and gets the same limits (the address space it
may add, the wall-clock deadline the parent waits for). A call that runs out of time or
memory, or kills the worker, gets `LimitExceeded` as with `run`, the worker is killed, and
the next call forks a fresh one.

A child leaves through `os._exit`, so nothing it inherited (database connections, open
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
        _keep_only(out)
        _limit(seconds, memory)
        _write(out, _result(func, args))
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _keep_only(*fds: int) -> None:  # pragma: no cover - in a child
    """Close every inherited file descriptor but ``fds`` (and stdio); default signals."""
    low = 3
    for fd in sorted(fds):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _result(func: Callable[..., Any], args: tuple[Any, ...]) -> bytes:  # pragma: no cover
    """``func(*args)`` run and its outcome pickled as (status, value), whatever happens."""
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
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps((_MEMORY, None))
    except Exception as exc:  # an unpicklable result or exception
        error = RuntimeError(f"{type(exc).__name__}: {exc} (sending {message[0]})")
        return pickle.dumps((_RAISED, error))


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _max_fd() -> int:  # pragma: no cover - in the child
    try:
        return max(os.sysconf("SC_OPEN_MAX"), 1024)
    except (OSError, ValueError):
        return 65536


def _limit(seconds: float, memory: int) -> None:  # pragma: no cover - in the child
    """Cap the child's address space and CPU time, and keep it from dumping core.

    Both are counted from now: a worker sets them again before each call, adding to the CPU
    time it has used and the address space it maps (soft limits, which may go up again)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    used = resource.getrusage(resource.RUSAGE_SELF)
    # A backstop: the parent kills the child at the deadline.
    cpu = int(used.ru_utime + used.ru_stime + seconds) + 5
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


# -- a worker for many calls -----------------------------------------------------------------

_HEADER = 8  # bytes of a message's length, big-endian, before the message


class Worker:
    """One limited child process for many calls, forked at the first call and again after a
    call that ran out of time or memory or killed it; a context manager that kills it at the
    end. Recycled after ``max_calls`` calls, so whatever a parser leaves behind does not
    pile up. For one thread at a time."""

    def __init__(self, *, max_calls: int = 500) -> None:
        self.max_calls = max_calls
        self.pid: int | None = None  # the worker's process id while it runs
        self._requests = self._results = -1
        self._calls = 0

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def call(
        self,
        func: Callable[..., T],
        *args: Any,
        seconds: float | None = None,
        memory: int | None = None,
    ) -> T:
        """``func(*args)`` in the worker within the limits (PARSE_SECONDS and PARSE_MEMORY
        unless given), as `run` does; its exception is re-raised here. A function that
        cannot be pickled (a lambda, a closure) gets a child of its own (`run`)."""
        if not isolated():
            return func(*args)
        seconds = PARSE_SECONDS if seconds is None else seconds
        memory = PARSE_MEMORY if memory is None else memory
        try:
            request = pickle.dumps((func, args, seconds, memory), pickle.HIGHEST_PROTOCOL)
        except Exception:
            return run(func, *args, seconds=seconds, memory=memory)
        deadline = time.monotonic() + seconds
        self._send(request)
        try:
            payload = _read_message(self._results, deadline)
        except TimeoutError:
            self.close()
            raise LimitExceeded(TOO_SLOW.format(seconds=seconds)) from None
        except BaseException:  # interrupted: the worker's answer must not go to the next call
            self.close()
            raise
        if payload is None:  # the worker died: killed by a limit, a signal or a crash
            self.close()
            raise LimitExceeded(CRASHED)
        self._calls += 1
        try:
            return _outcome(payload)
        except LimitExceeded:  # a worker that hit MemoryError is not trusted with another call
            self.close()
            raise
        finally:
            if self._calls >= self.max_calls:
                self.close()

    def close(self) -> None:
        """Kill and reap the worker, if one runs; the next call forks a new one."""
        for fd in (self._requests, self._results):
            if fd >= 0:
                os.close(fd)
        self._requests = self._results = -1
        if self.pid is not None:
            _reap(self.pid, kill=True)
        self.pid = None
        self._calls = 0

    def _send(self, request: bytes) -> None:
        """Hand the request to the worker, forking one first when none runs (or when the
        one running died between calls)."""
        message = len(request).to_bytes(_HEADER, "big") + request
        for attempt in (1, 2):
            if self.pid is None:
                self._start()
            try:
                _write(self._requests, message)
                return
            except BrokenPipeError:
                self.close()
                if attempt == 2:
                    raise LimitExceeded(CRASHED) from None

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker; its results are what the tests check
            _serve(request_read, result_write)
        os.close(request_read)
        os.close(result_write)
        self.pid, self._requests, self._results = pid, request_write, result_read


def _serve(requests: int, results: int) -> None:  # pragma: no cover - runs in the worker
    """Run calls until the parent closes the pipe: read one, set its limits, run it, send
    (status, value) back; leave without cleaning up."""
    code = 0
    try:
        _keep_only(requests, results)
        while (request := _read_message(requests, None)) is not None:
            func, args, seconds, memory = pickle.loads(request)  # noqa: S301 - our parent
            del request
            _limit(seconds, memory)
            payload = _result(func, args)
            _write(results, len(payload).to_bytes(_HEADER, "big") + payload)
            del func, args, payload
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _read_message(fd: int, deadline: float | None) -> bytes | None:
    """One length-prefixed message, None when the pipe closes first; TimeoutError when the
    deadline passes (None: wait as long as it takes)."""
    header = _read_exactly(fd, _HEADER, deadline)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "big"), deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    missing = size
    while missing:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
