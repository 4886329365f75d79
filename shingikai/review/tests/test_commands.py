"""`shingikai pia threshold` and `shingikai precheck`, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHINGIKAI = Path(sys.executable).with_name("shingikai")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [str(SHINGIKAI), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        # A database of its own: the commands must work before any `migrate`.
        env={"PATH": "/usr/bin:/bin", "SHINGIKAI_VAR_DIR": tempfile.mkdtemp()},
    )


@pytest.mark.parametrize(
    ("people", "handlers", "extra", "required"),
    [
        ("999", "0", [], []),
        ("1000", "0", [], ["basic"]),
        ("10,000", "500", [], ["basic", "focused"]),
        ("99999", "10", ["--serious-incident"], ["basic", "focused"]),
        ("100000", "499", [], ["basic", "focused"]),
        ("１０００００", "500", [], ["basic", "full"]),
        ("300000", "0", [], ["basic", "full"]),
    ],
)
def test_it_prints_the_required_assessments_as_json(
    people: str, handlers: str, extra: list[str], required: list[str]
) -> None:
    result = run("pia", "threshold", "--people", people, "--handlers", handlers, *extra, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["required"] == required
    assert isinstance(data["steps"], list) and data["steps"]


@pytest.mark.parametrize(
    ("people", "handlers", "message"),
    [("-5", "0", "負の数"), ("abc", "0", "数値ではありません"), ("10", "x", "--handlers")],
)
def test_it_rejects_bad_input_with_one_line(people: str, handlers: str, message: str) -> None:
    result = run("pia", "threshold", "--people", people, "--handlers", handlers)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]


def test_it_prechecks_a_case_file_as_json() -> None:
    result = run("precheck", "shingikai/demo/cases/setagaya-999.yaml", "--json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert findings
    assert all({"concern", "severity", "question", "evidence"} <= set(f) for f in findings)
    assert all(f["evidence"] for f in findings)


def test_it_lists_every_problem_of_a_broken_case_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "council: X\nkind: nonsense\nflow: [{number: 1, from: a, to: b}]\n", encoding="utf-8"
    )
    result = run("precheck", str(broken))
    assert result.returncode != 0
    assert "kind" in result.stderr and "flow[1].from" in result.stderr and "title" in result.stderr
