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
