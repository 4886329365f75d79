"""Uploaded files are judged by their content, not their name (uploads.detect): real minimal
PDF, Word, Excel, PNG and JPEG files made here, and the files that are turned away. Pure
Python: no database, no Django."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from collections.abc import Callable

import pytest

from shingikai.dossiers import uploads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRONG_TYPE = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"


def pdf_by_hand() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_by_pypdf() -> bytes:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_file() -> bytes:
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    document = docx.Document()
    document.add_paragraph("特定個人情報保護評価書（案）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_by_openpyxl() -> bytes:
    openpyxl = pytest.importorskip(
        "openpyxl", reason="openpyxl is not installed, so no real Excel file can be made"
    )
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "氏名"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(names: list[str], *, content: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_by_hand() -> bytes:
    """The parts an Excel file lists, without openpyxl."""
    return zip_of(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml",
        ],
        content=b"<?xml version='1.0'?><x/>",
    )


def image(format_name: str) -> bytes:
    image_module = pytest.importorskip("PIL.Image", reason="Pillow is not installed")
    buffer = io.BytesIO()
    image_module.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=format_name)
    return buffer.getvalue()


def png_file() -> bytes:
    return image("PNG")


def jpeg_file() -> bytes:
    return image("JPEG")


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (pdf_by_hand, "application/pdf", ".pdf"),
        (pdf_by_pypdf, "application/pdf", ".pdf"),
        (docx_file, DOCX, ".docx"),
        (xlsx_by_openpyxl, XLSX, ".xlsx"),
        (xlsx_by_hand, XLSX, ".xlsx"),
        (png_file, "image/png", ".png"),
        (jpeg_file, "image/jpeg", ".jpg"),
    ],
)
def test_it_detects_each_accepted_type_with_extension_hash_and_size(
    make: Callable[[], bytes], content_type: str, extension: str
) -> None:
    data = make()
    detected = uploads.detect(data)
    assert detected == uploads.Detected(
        content_type=content_type,
        extension=extension,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


@pytest.mark.parametrize(
    ("name", "make", "extension"),
    [
        ("評価書.pdf", docx_file, ".docx"),
        ("評価書.docx", pdf_by_hand, ".pdf"),
        ("写真.pdf", png_file, ".png"),
        ("一覧.docx", xlsx_by_hand, ".xlsx"),
    ],
)
def test_it_believes_the_content_not_the_name(
    name: str, make: Callable[[], bytes], extension: str
) -> None:
    # detect() is never told the name: whatever the file is called, the bytes decide.
    assert not name.endswith(extension)
    assert uploads.detect(make()).extension == extension


def test_it_rejects_an_empty_file() -> None:
    with pytest.raises(uploads.RejectedUpload, match=r"^空のファイルです。$"):
        uploads.detect(b"")


def test_it_rejects_a_file_over_the_given_limit() -> None:
    data = pdf_by_hand()
    assert uploads.detect(data, max_bytes=len(data)).size == len(data)
    with pytest.raises(uploads.RejectedUpload, match="ファイルが大きすぎます"):
        uploads.detect(data, max_bytes=len(data) - 1)


def test_it_rejects_a_file_over_the_default_limit_naming_it_in_megabytes() -> None:
    data = b"%PDF-" + bytes(uploads.MAX_BYTES - 4)
    assert len(data) == uploads.MAX_BYTES + 1
    with pytest.raises(uploads.RejectedUpload) as exc:
        uploads.detect(data)
    assert str(exc.value) == "ファイルが大きすぎます（20MBまで）。"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64), id="exe"),
        pytest.param(b"\x7fELF\x02\x01\x01" + bytes(32), id="elf"),
        pytest.param("個人情報の項目一覧\n氏名、住所\n".encode(), id="text"),
        pytest.param(b"<html><body>%PDF-1.4</body></html>", id="html-mentioning-pdf"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
        pytest.param(b" %PDF-1.4\n", id="pdf-not-at-start"),
    ],
)
def test_it_rejects_what_is_not_an_accepted_type(data: bytes) -> None:
    with pytest.raises(uploads.RejectedUpload) as exc:
        uploads.detect(data)
    assert str(exc.value) == WRONG_TYPE


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(["readme.txt", "data.csv"], id="plain-zip"),
        pytest.param(["word/document.xml"], id="word-parts-without-content-types"),
        pytest.param(["[Content_Types].xml", "ppt/presentation.xml"], id="powerpoint"),
        pytest.param(["[Content_Types].xml"], id="content-types-only"),
    ],
)
def test_it_rejects_a_zip_that_is_not_word_or_excel(names: list[str]) -> None:
    with pytest.raises(uploads.RejectedUpload, match=WRONG_TYPE):
        uploads.detect(zip_of(names))


def test_it_rejects_a_zip_listing_more_entries_than_an_office_file_would() -> None:
    base = ["[Content_Types].xml", "word/document.xml"]
    at_limit = base + [f"word/media/{i}.bin" for i in range(uploads.MAX_ZIP_ENTRIES - 2)]
    assert uploads.detect(zip_of(at_limit)).extension == ".docx"
    over = [*at_limit, "word/media/one-more.bin"]
    assert len(over) == uploads.MAX_ZIP_ENTRIES + 1
    with pytest.raises(uploads.RejectedUpload, match=r"^ファイルの中の項目が多すぎるため"):
        uploads.detect(zip_of(over))


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.99])
def test_it_rejects_a_truncated_office_file(keep: float) -> None:
    data = docx_file()
    with pytest.raises(uploads.RejectedUpload, match=WRONG_TYPE):
        uploads.detect(data[: int(len(data) * keep)])


def test_it_rejects_zip_magic_followed_by_garbage() -> None:
    with pytest.raises(uploads.RejectedUpload, match=WRONG_TYPE):
        uploads.detect(b"PK\x03\x04" + bytes(range(256)) * 4)


def test_it_rejects_an_office_file_whose_directory_is_corrupt() -> None:
    data = bytearray(docx_file())
    directory = data.find(b"PK\x01\x02")
    assert directory > 0
    # 「version needed to extract」 of the first directory entry: zipfile raises
    # NotImplementedError for a version it does not know, which must not escape.
    struct.pack_into("<H", data, directory + 6, 0xFFFF)
    with pytest.raises(uploads.RejectedUpload, match=WRONG_TYPE):
        uploads.detect(bytes(data))


def test_it_gives_identical_files_identical_hashes() -> None:
    data = png_file()
    assert uploads.detect(data).sha256 == uploads.detect(bytes(data)).sha256
    assert uploads.detect(data).sha256 != uploads.detect(data + b"\x00").sha256


def test_it_makes_rejections_value_errors() -> None:
    assert issubclass(uploads.RejectedUpload, ValueError)
