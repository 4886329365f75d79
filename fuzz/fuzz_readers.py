"""Fuzz the minutes readers and the structurer: bytes → `readers.read` → `structure`.

A `ReadError` with one Japanese line is the documented refusal; any other exception, a
malformed `RawDocument` or a record the store could not keep (a date that is no date, an
ordinal outside the database's range) is a crash. See docs/fuzzing.md.

    .venv/bin/python fuzz/fuzz_readers.py                 # atheris, 10 minutes
    .venv/bin/python fuzz/fuzz_readers.py --hypothesis --minutes 10
    .venv/bin/python fuzz/fuzz_readers.py --replay var/fuzz/readers/crashes/*
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fuzz import driver, minutes  # noqa: E402

NAMES = ("minutes.txt", "minutes.html", "minutes.pdf", "minutes.docx", "議事録", "")
SMALLINT = 32767  # PositiveSmallIntegerField: Meeting.ordinal, fiscal_year, observers
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_TIME = re.compile(r"^\d{2}:\d{2}$")


def load() -> Callable[[bytes], None]:
    """The target, with the code under test imported here (atheris instruments it)."""
    from shingikai.ingest import pipeline, readers
    from shingikai.ingest.records import FORMATS, MinutesRecord, Paragraph, ReadError, TableBlock
    from shingikai.ingest.structure import looks_like_minutes, structure

    def target(data: bytes) -> None:
        name = NAMES[data[-1] % len(NAMES)] if data else ""
        try:
            document = readers.read(data, name)
        except ReadError as exc:
            message = str(exc)
            assert message and "\n" not in message and _JAPANESE.search(message), message
            return
        assert document.format in FORMATS and document.blocks, document.format
        for block in document.blocks:
            if isinstance(block, Paragraph):
                assert isinstance(block.text, str) and block.text.strip(), block
            else:
                assert isinstance(block, TableBlock), block  # a PDF table may end up empty
                assert all(isinstance(cell, str) for row in block.rows for cell in row), block
        record = structure(document)
        assert isinstance(record, MinutesRecord)
        json.dumps(record.as_json(), ensure_ascii=False)
        looks_like_minutes(record)
        if pipeline.check(record) is None:
            storable(record)

    return target


def storable(record: Any) -> None:
    """What the store needs of a record it keeps (see ingest/store.py and the models)."""
    dt.date.fromisoformat(record.date)
    for value in (record.start_time, record.end_time):
        assert value is None or _TIME.match(value), value
        if value is not None:
            dt.time.fromisoformat(value)
    for value in (record.fiscal_year, record.ordinal):
        assert value is None or 0 <= value <= SMALLINT, value
    assert record.observers is None or 0 <= record.observers <= SMALLINT, record.observers
    for item in record.agenda:
        if item.votes is not None:
            for value in (item.votes.for_, item.votes.against, item.votes.present):
                assert value is None or 0 <= value <= SMALLINT, item.votes
    count = len(record.agenda)
    for entry in (*record.utterances, *record.questions):
        assert entry.agenda_index is None or 0 <= entry.agenda_index < count, entry


def seeds() -> list[bytes]:
    return minutes.seed_corpus()


def strategy(seed_list: list[bytes]) -> Any:
    """Raw bytes, invented minutes in every format, and mutated seeds."""
    from hypothesis import strategies as st

    return st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=500).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
        st.randoms(use_true_random=True).map(minutes.document),
        st.randoms(use_true_random=True).map(lambda rnd: minutes.mutated(rnd, seed_list)),
        st.randoms(use_true_random=True).map(lambda rnd: minutes.mutated(rnd, seed_list)),
    )


def mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """libFuzzer's own edits, and part-by-part edits of ZIPs (Word files)."""
    import atheris

    rnd = random.Random(seed)
    if data.startswith(b"PK\x03\x04") and rnd.random() < 0.5:
        return minutes.mutate_zip(rnd, data)[:max_size]
    if rnd.random() < 0.1:
        return minutes.document(rnd)[:max_size]
    return atheris.Mutate(data, max_size)


HARNESS = driver.Harness(
    name="readers",
    load=load,
    seeds=seeds,
    strategy=strategy,
    instrument=("shingikai", "docx", "pdfminer", "pdfplumber", "charset_normalizer"),
    mutator=mutator,
    dictionary=Path(__file__).with_name("readers.dict"),
)

if __name__ == "__main__":
    sys.exit(driver.main(HARNESS))
