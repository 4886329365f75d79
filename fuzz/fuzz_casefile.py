"""Fuzz the case-file importer: bytes → `casefile.load_bytes` → `parse` (which runs `check`).

A `CaseFileError` listing problems is the documented refusal; any other exception is a
crash. A file that parses must survive the round trip (`dump` and `dump_json`, parsed
again, give the same dossier). See docs/fuzzing.md.

    .venv/bin/python fuzz/fuzz_casefile.py                # atheris, 10 minutes
    .venv/bin/python fuzz/fuzz_casefile.py --hypothesis --minutes 10
    .venv/bin/python fuzz/fuzz_casefile.py --replay var/fuzz/casefile/crashes/*
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fuzz import cases, driver  # noqa: E402


def load() -> Callable[[bytes], None]:
    """The target, with the code under test imported here (atheris instruments it)."""
    from shingikai.dossiers.structure import casefile

    def target(data: bytes) -> None:
        catalogue = cases.CATALOGUE if data and data[-1] % 2 else None
        try:
            dossier = casefile.parse(casefile.load_bytes(data), catalogue)
        except casefile.CaseFileError as exc:
            assert exc.problems, "a CaseFileError without problems"
            for problem in exc.problems:
                assert isinstance(problem.path, str) and problem.message, problem
            return
        again = casefile.parse(casefile.load_text(casefile.dump(dossier)), catalogue)
        assert again == dossier, "the YAML round trip changed the dossier"
        via_json = casefile.parse(casefile.load_text(casefile.dump_json(dossier)), catalogue)
        assert via_json == dossier, "the JSON round trip changed the dossier"
        casefile.incomplete(dossier)

    return target


def seeds() -> list[bytes]:
    return cases.seed_corpus()


def strategy(seed_list: list[bytes]) -> Any:
    """Raw bytes and text, edited demo cases, hostile YAML, and edited seeds."""
    from hypothesis import strategies as st

    demo = cases.demo_cases()
    randoms = st.randoms(use_true_random=True)
    return st.one_of(
        st.binary(max_size=1024),
        st.text(max_size=500).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
        randoms.map(lambda rnd: cases.case_file(rnd, demo)),
        randoms.map(lambda rnd: cases.case_file(rnd, demo)),
        randoms.map(lambda rnd: cases.minutes.mutate_bytes(rnd, rnd.choice(seed_list))),
    )


_DEMO: list[dict[str, Any]] = []


def mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """libFuzzer's own edits, and value-level edits of a demo case now and then."""
    import atheris

    rnd = random.Random(seed)
    if rnd.random() < 0.2:
        if not _DEMO:
            _DEMO.extend(cases.demo_cases())
        return cases.case_file(rnd, _DEMO)[:max_size]
    return atheris.Mutate(data, max_size)


HARNESS = driver.Harness(
    name="casefile",
    load=load,
    seeds=seeds,
    strategy=strategy,
    instrument=("shingikai", "yaml"),
    mutator=mutator,
    dictionary=Path(__file__).with_name("casefile.dict"),
    max_len=65_536,
)

if __name__ == "__main__":
    sys.exit(driver.main(HARNESS))
