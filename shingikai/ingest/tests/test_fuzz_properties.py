"""Short runs of the readers' fuzz harness (fuzz/fuzz_readers.py) in the normal suite, and
regression tests of what the long runs found (docs/fuzzing.md).

The property is the harness's: any input is either read, structured and (if it is minutes)
storable, or refused with one Japanese `ReadError` line; nothing else is raised.
"""

from __future__ import annotations

import functools
import random
import struct
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import fuzz_readers, hostile, minutes
from shingikai.ingest import pipeline, readers
from shingikai.ingest.records import ReadError
from shingikai.ingest.structure import structure

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@functools.cache
def target() -> Callable[[bytes], None]:
    return fuzz_readers.load()


@functools.cache
def seeds() -> list[bytes]:
    """Invented minutes in every format (one PDF: WeasyPrint is slow) and hostile files."""
    return minutes.seed_corpus(count=12, pdfs=1, seed=7)


@FAST
@given(st.binary(max_size=2048))
def test_any_bytes_are_read_or_refused_with_one_line(data: bytes) -> None:
    target()(data)


@FAST
@given(st.randoms(use_true_random=True))
def test_invented_minutes_in_any_format_are_read_or_refused(rnd: random.Random) -> None:
    target()(minutes.document(rnd))


@FAST
@given(st.randoms(use_true_random=True))
def test_damaged_files_are_read_or_refused(rnd: random.Random) -> None:
    target()(minutes.mutated(rnd, seeds()))


def test_the_harness_fails_on_an_unexpected_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property can fail: a reader bug surfaces, it is not swallowed."""

    def broken(data: bytes, name: str) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(readers, "read", broken)
    with pytest.raises(KeyError):
        fuzz_readers.load()(b"text")


# -- what the fuzzers found -------------------------------------------------------------------

NUMBERS = (
    "会議録\n"
    "名称\t令和99999年度第99999回 架空市個人情報保護審議会\n"
    "日時\t令和5年9月4日（月）午後2時から午後4時まで\n"
    "傍聴者\t99999人\n"
    "会長　それでは、諮問第1号について審議します。\n"
    "委員　委託先はどこですか。\n"
    "情報政策課長　株式会社架空システムでございます。\n"
    "会長　賛成99999名、反対0名で、原案のとおり承認します。\n"
)


def test_numbers_beyond_what_the_database_keeps_are_left_out() -> None:
    """第99999回 and 令和99999年度 made the store fail on PostgreSQL (smallint out of
    range); such numbers are misreadings, so the record leaves them out."""
    record = structure(readers.read(NUMBERS.encode(), "a.txt"))
    assert record.date == "2023-09-04"
    assert record.ordinal is None and record.observers is None
    assert record.fiscal_year == 2023  # from the date, not 令和99999年度
    for item in record.agenda:
        assert item.votes is None or item.votes.for_ is None
    fuzz_readers.storable(record)


def test_a_docx_whose_directory_asks_for_an_unknown_zip_version_is_refused() -> None:
    """zipfile raises NotImplementedError for it, which escaped the DOCX reader."""
    data = bytearray(hostile.docx_file())
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, directory + 6, 0xFFFF)  # version needed to extract
    with pytest.raises(ReadError, match=r"^DOCXファイルが壊れているため"):
        readers.read(bytes(data), "a.docx")
    assert pipeline.process(bytes(data), "a.docx").error.startswith("DOCXファイルが壊れている")
