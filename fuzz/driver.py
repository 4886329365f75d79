"""Running a harness: atheris (libFuzzer, coverage-guided) when it is installed, or
hypothesis for a set time (`--hypothesis`), or the saved inputs again (`--replay`).

A crash is any exception the target raises (the target itself lets only the documented
errors pass). A hang is an input that takes longer than `--timeout` seconds: libFuzzer
reports it itself; under hypothesis `faulthandler` dumps the stacks and ends the process,
and the input is in WORKDIR/current-input. Crashing inputs are saved under WORKDIR/crashes.

    .venv/bin/python fuzz/fuzz_readers.py [--hypothesis] [--minutes 10] [--timeout 10]
        [--workdir var/fuzz/readers] [--keep-going] [--replay FILE…] [-- libFuzzer flags]
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import os
import resource
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass
class Harness:
    """What a fuzz_*.py file provides."""

    name: str
    # Imports the code under test (inside atheris' instrumentation) and returns the target.
    load: Callable[[], Callable[[bytes], None]]
    seeds: Callable[[], list[bytes]]
    # Given the seeds: the hypothesis strategy of inputs.
    strategy: Callable[[list[bytes]], Any]
    instrument: tuple[str, ...] = ("shingikai",)
    # (data, max_size, seed) -> data: ZIP-aware and other structured edits for libFuzzer.
    mutator: Callable[[bytes, int, int], bytes] | None = None
    dictionary: Path | None = None
    max_len: int = 262_144


@dataclass
class Stats:
    executions: int = 0
    distinct: set[str] = field(default_factory=set)
    crashes: dict[str, Path] = field(default_factory=dict)
    slowest: float = 0.0
    slowest_input: bytes = b""
    started: float = field(default_factory=time.monotonic)


def main(harness: Harness) -> int:
    parser = argparse.ArgumentParser(description=f"Fuzz the {harness.name} harness.")
    parser.add_argument("--hypothesis", action="store_true", help="use hypothesis, not atheris")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run")
    parser.add_argument("--timeout", type=int, default=10, help="seconds for one input")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory limit of the run")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "fuzz" / harness.name)
    parser.add_argument("--keep-going", action="store_true", help="go on after a crash")
    parser.add_argument("--replay", nargs="+", type=Path, help="run these inputs once")
    args, rest = parser.parse_known_args()
    for sub in ("seeds", "corpus", "crashes"):
        (args.workdir / sub).mkdir(parents=True, exist_ok=True)
    if args.replay:
        return replay(harness, args.replay)
    atheris = None if args.hypothesis else _atheris()
    if atheris is not None:
        return run_atheris(atheris, harness, args, rest)
    return run_hypothesis(harness, args)


def _atheris() -> Any:
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: running hypothesis instead", file=sys.stderr)
        return None
    return atheris


def write_seeds(harness: Harness, folder: Path) -> list[bytes]:
    seeds = harness.seeds()
    for data in seeds:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)  # noqa: S324 - a file name
    return seeds


def replay(harness: Harness, paths: list[Path]) -> int:
    target = harness.load()
    failed = 0
    for path in paths:
        try:
            target(path.read_bytes())
            print(f"{path}: ok")
        except Exception:
            failed += 1
            print(f"{path}: CRASH\n{traceback.format_exc()}")
    return 1 if failed else 0


# -- atheris ----------------------------------------------------------------------------------


def run_atheris(atheris: Any, harness: Harness, args: argparse.Namespace, rest: list[str]) -> int:
    seeds = write_seeds(harness, args.workdir / "seeds")
    with atheris.instrument_imports(include=list(harness.instrument)):
        target = harness.load()
    flags = [
        f"-max_total_time={int(args.minutes * 60)}",
        f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-max_len={harness.max_len}",
        f"-artifact_prefix={args.workdir / 'crashes'}/",
        "-print_final_stats=1",
    ]
    if harness.dictionary is not None:
        flags.append(f"-dict={harness.dictionary}")
    argv = [sys.argv[0], *flags, *[a for a in rest if a != "--"]]
    argv += [str(args.workdir / "corpus"), str(args.workdir / "seeds")]
    print(f"atheris: {len(seeds)} seeds; {' '.join(argv[1:])}", file=sys.stderr)
    atheris.Setup(argv, target, custom_mutator=harness.mutator)
    atheris.Fuzz()
    return 0


# -- hypothesis -------------------------------------------------------------------------------


def run_hypothesis(harness: Harness, args: argparse.Namespace) -> int:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import HypothesisWarning

    warnings.filterwarnings("ignore", category=HypothesisWarning)  # reprs of large inputs
    seeds = write_seeds(harness, args.workdir / "seeds")
    target = harness.load()
    strategy = harness.strategy(seeds)
    _cap_memory(args.rss_mb)
    stats = Stats()
    current = (args.workdir / "current-input").open("wb")
    deadline = time.monotonic() + args.minutes * 60
    last: list[bytes] = [b""]

    @settings(
        max_examples=500,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: the raw input is saved and replayed
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(strategy)
    def batch(data: bytes) -> None:
        if time.monotonic() > deadline:
            return
        last[0] = data
        current.seek(0)
        current.write(data)
        current.truncate()
        current.flush()
        stats.executions += 1
        stats.distinct.add(hashlib.sha256(data).hexdigest())
        faulthandler.dump_traceback_later(args.timeout, exit=True)
        began = time.monotonic()
        try:
            target(data)
        finally:
            faulthandler.cancel_dump_traceback_later()
            took = time.monotonic() - began
            if took > stats.slowest:
                stats.slowest, stats.slowest_input = took, data

    print(f"hypothesis: {len(seeds)} seeds, {args.minutes:g} minutes", file=sys.stderr)
    next_report = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            batch()
        except Exception as exc:
            key = _crash_key(exc)
            if key not in stats.crashes:
                stats.crashes[key] = _save_crash(args.workdir / "crashes", last[0])
                print(f"CRASH {key}: saved {stats.crashes[key]}", file=sys.stderr)
                traceback.print_exception(exc)
            if not args.keep_going:
                break
        if time.monotonic() > next_report:
            _report(stats, seeds, final=False)
            next_report += 60
    (args.workdir / "slowest-input").write_bytes(stats.slowest_input)
    _report(stats, seeds, final=True)
    return 1 if stats.crashes else 0


def _cap_memory(rss_mb: int) -> None:
    """A blow-up becomes a MemoryError (a crash) rather than the machine swapping."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    mapped = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = mapped + rss_mb * MB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _crash_key(exc: BaseException) -> str:
    """Exception type and the innermost frame in our code, to tell crashes apart."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "shingikai" in f.filename or "/fuzz/" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    return f"{type(exc).__name__}@{place}"


def _save_crash(folder: Path, data: bytes) -> Path:
    path = folder / f"crash-{hashlib.sha1(data).hexdigest()}"  # noqa: S324 - a file name
    path.write_bytes(data)
    return path


def _report(stats: Stats, seeds: list[bytes], *, final: bool) -> None:
    elapsed = time.monotonic() - stats.started
    label = "DONE" if final else "progress"
    print(
        f"{label}: {stats.executions} executions in {elapsed:.0f} s "
        f"({stats.executions / max(elapsed, 1e-9):.1f}/s), {len(stats.distinct)} distinct inputs, "
        f"{len(seeds)} seeds, {len(stats.crashes)} crashes, slowest input {stats.slowest:.2f} s",
        file=sys.stderr,
        flush=True,
    )
