"""The hard cap on uploaded files (CappedUploadHandler): a file within it arrives whole, one
over it arrives as an empty stand-in that keeps the size received; other files and fields
of the same request are untouched."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from pytest_django import Settings

from shingikai.ui.uploads import CappedUploadHandler, OversizeUpload

KB = 1024


def post(**files: bytes) -> dict[str, object]:
    """request.FILES of a multipart POST parsed with the configured upload handlers."""
    data: dict[str, object] = {"title": "資料"}
    data |= {name: SimpleUploadedFile(f"{name}.pdf", content) for name, content in files.items()}
    request = RequestFactory().post("/upload/", data)
    assert request.POST["title"] == "資料"
    return dict(request.FILES.items())


def test_it_is_the_first_upload_handler(settings: Settings) -> None:
    assert settings.FILE_UPLOAD_HANDLERS[0] == "shingikai.ui.uploads.CappedUploadHandler"
    assert settings.UPLOAD_FILE_MAX_SIZE == 20 * 1024 * 1024  # the forms' largest limit


def test_a_file_within_the_cap_arrives_whole(settings: Settings) -> None:
    settings.UPLOAD_FILE_MAX_SIZE = 300 * KB
    content = bytes(range(256)) * 1000  # 250 KB, several chunks
    upload = post(file=content)["file"]
    assert not isinstance(upload, OversizeUpload)
    assert upload.size == len(content) and upload.read() == content


def test_a_file_over_the_cap_keeps_its_size_and_no_content(settings: Settings) -> None:
    settings.UPLOAD_FILE_MAX_SIZE = 100 * KB
    files = post(big=b"x" * (500 * KB), small=b"y" * (10 * KB))
    big, small = files["big"], files["small"]
    assert isinstance(big, OversizeUpload)
    assert big.size == 500 * KB and big.name == "big.pdf"
    assert big.read() == b""
    assert small.read() == b"y" * (10 * KB)  # the next file of the request is whole


def test_the_handler_passes_chunks_on_only_up_to_the_cap(settings: Settings) -> None:
    settings.UPLOAD_FILE_MAX_SIZE = 10
    handler = CappedUploadHandler()
    handler.new_file("file", "a.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    assert handler.receive_data_chunk(b"67890", 5) == b"67890"
    assert handler.receive_data_chunk(b"x", 10) is None
    stand_in = handler.file_complete(11)
    assert isinstance(stand_in, OversizeUpload) and stand_in.size == 11


SIZES = (("kept", 100 * KB), ("big", 500 * KB))  # the one over the cap last


def test_what_was_stored_of_a_file_over_the_cap_is_deleted_at_once(
    settings: Settings, tmp_path: Path
) -> None:
    """The temporary file the next handler wrote up to the cap goes when the stand-in is
    handed over, not when it is garbage-collected (it is nobody's to close)."""
    settings.UPLOAD_FILE_MAX_SIZE = 200 * KB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * KB  # the part kept goes to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    data = {name: SimpleUploadedFile(f"{name}.txt", b"x" * size) for name, size in SIZES}
    request = RequestFactory().post("/upload/", data)
    assert isinstance(request.FILES["big"], OversizeUpload)
    # while the request (and its handlers) still lives: only the file kept is on disk
    assert [p.stat().st_size for p in tmp_path.iterdir()] == [100 * KB]
    request.FILES["kept"].close()
