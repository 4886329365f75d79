"""The pure pipeline: read → structure → checks, one result per file; which files a run
takes. No database."""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path

import pytest

from shingikai.ingest import pipeline
from shingikai.ingest.records import MinutesRecord, Paragraph, RawDocument, ReadError
from shingikai.lib import limits

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def _document(data: bytes, name: str) -> RawDocument:
    text = data.decode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return RawDocument(name, digest, "text", (Paragraph(text),), "utf-8")


def _record(doc: RawDocument) -> MinutesRecord:
    date = "2022-12-27" if "日時" in doc.blocks[0].text else None  # type: ignore[union-attr]
    return MinutesRecord(
        source={"name": doc.name, "sha256": doc.sha256, "format": doc.format},
        body="テスト審議会",
        date=date,
    )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers and structurer replaced: text with 会議録 is minutes, 壊れ raises."""

    def read(data: bytes, name: str) -> RawDocument:
        if b"\xe5\xa3\x8a\xe3\x82\x8c" in data:  # 壊れ
            raise ReadError("ファイルが壊れています。")
        if b"bug" in data:
            raise KeyError("bug")
        return _document(data, name)

    monkeypatch.setattr(pipeline, "read", read)
    monkeypatch.setattr(pipeline, "structure", _record)
    monkeypatch.setattr(
        pipeline, "looks_like_minutes", lambda r: r.body is not None and r.date is not None
    )


def test_a_good_file_gives_its_record(fake: None) -> None:
    data = "会議録\n日時 令和4年12月27日\n".encode()
    result = pipeline.process(data, "a.txt")
    assert result.ok and result.error is None
    assert result.record is not None and result.record.date == "2022-12-27"
    assert (result.name, result.size, result.format) == ("a.txt", len(data), "text")
    assert result.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", pipeline.EMPTY),
        (b" \n\t\n", pipeline.EMPTY),
        ("壊れたファイル".encode(), "ファイルが壊れています。"),
        ("買い物リスト".encode(), pipeline.NOT_MINUTES),
        (b"bug", f"{pipeline.UNEXPECTED}（KeyError）。"),
    ],
)
def test_a_bad_file_gives_one_japanese_line(fake: None, data: bytes, error: str) -> None:
    result = pipeline.process(data, "bad.txt")
    assert not result.ok and result.record is None
    assert result.error == error
    assert "\n" not in error
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_a_file_over_the_limit_is_refused_before_reading(fake: None, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    result = pipeline.process_path(path, max_bytes=1024)
    assert result.error is not None and result.error.startswith("ファイルが大きすぎます")
    assert result.sha256 == ""  # never read
    assert pipeline.too_large(21 * 1024 * 1024) == "ファイルが大きすぎます（20MBまで）。"
    assert pipeline.too_large(20 * 1024 * 1024) is None


def test_a_missing_file_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    result = pipeline.process_path(tmp_path / "gone.txt")
    assert result.error is not None and result.error.startswith("ファイルを開けません")


def test_summary_counts_meetings_items_utterances_and_failures(fake: None) -> None:
    summary = pipeline.Summary()
    summary.add(pipeline.process("会議録\n日時\n".encode(), "a.txt"))
    summary.add(pipeline.process(b"", "b.txt"))
    assert (summary.files, summary.meetings, summary.failures) == (2, 1, 1)
    assert summary.failed == ["b.txt"]


def test_collect_takes_files_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    for name in ("a/1.txt", "a/deep/2.html", "a/.hidden.txt", "3.pdf"):
        (tmp_path / name).write_text("x")
    files, missing = pipeline.collect(
        [
            str(tmp_path / "a"),
            str(tmp_path / "*.pdf"),
            str(tmp_path / "a" / "1.txt"),  # already taken: not repeated
            str(tmp_path / "nothing-*.txt"),
            str(tmp_path / "absent.txt"),
        ]
    )
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a/1.txt",
        "a/deep/2.html",
        "3.pdf",
    ]
    assert missing == [str(tmp_path / "nothing-*.txt"), str(tmp_path / "absent.txt")]


def test_collect_reads_recursive_globs(tmp_path: Path) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "m.txt").write_text("x")
    files, missing = pipeline.collect([str(tmp_path / "**" / "*.txt")])
    assert [p.name for p in files] == ["m.txt"] and missing == []


# -- the real readers and structurer ---------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not found")
@pytest.mark.parametrize(
    "seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
)
def test_every_seed_goes_through_the_pipeline(seed: str) -> None:
    data = (SEEDS / seed).read_bytes()
    result = pipeline.process(data, seed)
    assert result.ok, result.error
    record = result.record
    assert record is not None
    assert record.source["sha256"] == hashlib.sha256(data).hexdigest()
    assert record.date and record.agenda
    assert record.utterances or record.questions


def test_corrupt_pdf_bytes_and_plain_notes_fail_cleanly() -> None:
    for data, name in (
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "broken.pdf"),
        ("牛乳\n卵\nパン\n".encode(), "memo.txt"),
        (b"PK\x03\x04not really a docx", "broken.docx"),
    ):
        result = pipeline.process(data, name)
        assert not result.ok
        assert result.error and "\n" not in result.error


# -- a batch in one limited worker -----------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not found")
def test_a_batch_in_one_worker_gives_what_a_child_per_file_gives() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    alone = [pipeline.process(p.read_bytes(), str(p)) for p in seeds]
    with limits.Worker() as worker:
        batch = [pipeline.process_path(p, worker=worker) for p in seeds]
        started = worker.pid
    assert started is not None  # the files were read in the worker
    assert [r.record.as_json() for r in batch] == [r.record.as_json() for r in alone]  # type: ignore[union-attr]
    assert [(r.name, r.format, r.error) for r in batch] == [
        (str(p), r.format, None) for p, r in zip(seeds, alone, strict=True)
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not found")
def test_a_record_comes_back_from_the_reading_process_unchanged() -> None:
    """Records cross the process boundary pickled (utterances by their fields)."""
    seed = sorted(SEEDS.glob("*.txt"))[0]
    _fmt, record = pipeline._read_and_structure(seed.read_bytes(), seed.name)
    copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301
    assert copy == record and copy.utterances and copy.utterances[0] is not record.utterances[0]


@pytest.mark.skipif(not limits.isolated(), reason="needs os.fork")
def test_a_file_stopped_by_the_limits_does_not_stop_the_batch(
    fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = pipeline.read

    def slow_on_marker(data: bytes, name: str) -> RawDocument:
        if b"slow" in data:
            time.sleep(60)
        return read(data, name)

    monkeypatch.setattr(pipeline, "read", slow_on_marker)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.5)
    good = "会議録\n日時 令和4年12月27日\n".encode()
    with limits.Worker() as worker:
        results = [
            pipeline.process(data, name, worker=worker)
            for data, name in ((good, "a.txt"), (b"slow", "b.txt"), (good, "c.txt"))
        ]
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error == limits.TOO_SLOW.format(seconds=0.5)
