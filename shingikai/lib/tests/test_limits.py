"""A parse in a child process with a time and a memory limit: results and exceptions come
back, a slow or greedy parse is stopped with one Japanese line, a dying one too."""

from __future__ import annotations

import os
import signal
import time

import pytest

from shingikai.lib import limits

pytestmark = pytest.mark.skipif(not limits.isolated(), reason="needs os.fork")


class Refusal(ValueError):
    """A parser's own error, to come back as it was raised."""


def double(value: int) -> dict[str, object]:
    return {"value": value * 2, "pid": os.getpid()}


def refuse(message: str) -> None:
    raise Refusal(message)


def sleep_forever() -> None:
    while True:
        time.sleep(1)


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def die() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def unpicklable() -> object:
    return lambda: None


def test_it_returns_what_the_function_returns_from_another_process() -> None:
    result = limits.run(double, 21)
    assert result["value"] == 42
    assert result["pid"] != os.getpid()


def test_it_raises_the_functions_own_exception_here_with_the_childs_traceback() -> None:
    with pytest.raises(Refusal, match=r"^壊れています$") as caught:
        limits.run(refuse, "壊れています")
    assert "in refuse" in caught.value.child_traceback  # type: ignore[attr-defined]


def test_a_parse_past_the_time_limit_is_stopped() -> None:
    with pytest.raises(limits.LimitExceeded) as caught:
        limits.run(sleep_forever, seconds=0.5)  # would never return
    assert str(caught.value) == limits.TOO_SLOW.format(seconds=0.5)
    assert "時間がかかりすぎる" in str(caught.value)


def test_a_parse_past_the_memory_limit_is_stopped() -> None:
    assert limits.run(allocate, 16, memory=256 * limits.MB) == 16 * 1024 * 1024
    with pytest.raises(limits.LimitExceeded, match="メモリが多すぎる"):
        limits.run(allocate, 512, memory=256 * limits.MB)


def test_a_child_that_dies_is_one_clear_error() -> None:
    with pytest.raises(
        limits.LimitExceeded, match=r"^ファイルの読み取り中に処理が異常終了しました。$"
    ):
        limits.run(die)


def test_a_result_that_cannot_come_back_is_an_error_not_a_hang() -> None:
    with pytest.raises(RuntimeError, match=r"PicklingError|AttributeError"):
        limits.run(unpicklable)


def test_no_child_is_left_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    limits.run(double, 1)
    with pytest.raises(limits.LimitExceeded):
        limits.run(sleep_forever, seconds=0.2)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):  # reaped: not running, not a zombie
            os.waitpid(pid, os.WNOHANG)


def test_without_fork_the_function_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "isolated", lambda: False)
    assert limits.run(double, 2)["pid"] == os.getpid()


# -- one worker for many calls -----------------------------------------------------------------


def pid() -> int:
    return os.getpid()


def reaped(child: int) -> bool:
    """Whether the process is gone and waited for (not running, not a zombie)."""
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_worker_runs_many_calls_in_one_other_process() -> None:
    with limits.Worker() as worker:
        results = [worker.call(double, n) for n in range(20)]
        assert [r["value"] for r in results] == [n * 2 for n in range(20)]
        assert {r["pid"] for r in results} == {worker.pid}
        assert worker.pid != os.getpid()


def test_a_worker_raises_the_functions_own_exception_and_carries_on() -> None:
    with limits.Worker() as worker:
        first = worker.call(pid)
        with pytest.raises(Refusal, match=r"^壊れています$") as caught:
            worker.call(refuse, "壊れています")
        assert "in refuse" in caught.value.child_traceback  # type: ignore[attr-defined]
        assert worker.call(pid) == first


def test_a_slow_call_is_stopped_and_the_next_call_gets_a_fresh_worker() -> None:
    with limits.Worker() as worker:
        first = worker.call(pid)
        with pytest.raises(limits.LimitExceeded) as caught:
            worker.call(sleep_forever, seconds=0.5)
        assert str(caught.value) == limits.TOO_SLOW.format(seconds=0.5)
        assert reaped(first)
        assert worker.call(double, 4)["value"] == 8
        assert worker.pid not in (None, first)


def test_the_time_limit_is_read_when_the_call_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    with limits.Worker() as worker:
        worker.call(pid)
        monkeypatch.setattr(limits, "PARSE_SECONDS", 0.3)
        with pytest.raises(limits.LimitExceeded, match=r"0\.3秒まで"):
            worker.call(sleep_forever)


def test_a_call_past_the_memory_limit_is_stopped_and_the_next_call_works() -> None:
    with limits.Worker() as worker:
        first = worker.call(pid)
        assert worker.call(allocate, 16, memory=256 * limits.MB) == 16 * 1024 * 1024
        assert worker.call(pid) == first
        with pytest.raises(limits.LimitExceeded, match="メモリが多すぎる"):
            worker.call(allocate, 512, memory=256 * limits.MB)
        assert reaped(first)
        # Each call may add its own allowance again: the failed one does not count against it.
        assert worker.call(allocate, 200, memory=256 * limits.MB) == 200 * 1024 * 1024
        with pytest.raises(limits.LimitExceeded, match="メモリが多すぎる"):
            worker.call(allocate, 512, memory=256 * limits.MB)


def test_a_worker_that_dies_is_one_clear_error_and_is_replaced() -> None:
    with limits.Worker() as worker:
        with pytest.raises(
            limits.LimitExceeded, match=r"^ファイルの読み取り中に処理が異常終了しました。$"
        ):
            worker.call(die)
        assert worker.call(double, 5)["value"] == 10


def test_a_worker_killed_between_calls_is_replaced() -> None:
    with limits.Worker() as worker:
        first = worker.call(pid)
        os.kill(first, signal.SIGKILL)
        os.waitpid(first, 0)
        assert worker.call(pid) not in (first, os.getpid())


def test_a_result_that_cannot_come_back_leaves_the_worker_usable() -> None:
    with limits.Worker() as worker:
        first = worker.call(pid)
        with pytest.raises(RuntimeError, match=r"PicklingError|AttributeError"):
            worker.call(unpicklable)
        assert worker.call(pid) == first


def test_a_function_that_cannot_be_sent_runs_in_a_child_of_its_own() -> None:
    with limits.Worker() as worker:
        assert worker.call(lambda: os.getpid() * 0 + 7) == 7
        assert worker.pid is None  # no worker was needed


class Interrupted(Exception):
    """Raised in the parent by a signal while it waits for the worker."""


def nap(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def test_an_interrupted_call_does_not_hand_its_answer_to_the_next_call() -> None:
    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with limits.Worker() as worker:
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            with pytest.raises(Interrupted):
                worker.call(nap, 1.0)
            assert worker.call(double, 3)["value"] == 6
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_worker_is_recycled_after_max_calls() -> None:
    with limits.Worker(max_calls=2) as worker:
        pids = [worker.call(pid) for _ in range(5)]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert all(reaped(p) for p in pids)


def test_the_worker_is_reaped_at_the_end_of_the_batch() -> None:
    with limits.Worker() as worker:
        child = worker.call(pid)
        assert not reaped(child)
    assert worker.pid is None
    assert reaped(child)


def test_without_fork_a_worker_runs_the_function_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "isolated", lambda: False)
    with limits.Worker() as worker:
        assert worker.call(double, 2)["pid"] == os.getpid()
        assert worker.pid is None
