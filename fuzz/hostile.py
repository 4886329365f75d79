"""Hostile files, made here from invented content: what an upload or an import must refuse
with one clear error, storing nothing. Used by the apps' test_hostile_uploads.py and as
seeds of the fuzz corpora.

The bombs are real: a valid Word or Excel file with one more part of zeros that unpacks to
MB_UNPACKED megabytes from about a quarter of a megabyte. They are built once per process.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile

MB = 1024 * 1024
MB_UNPACKED = 250  # over lib.filetypes.MAX_UNPACKED (200 MB)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT = "架空市個人情報保護審議会の会議録です。委員から質問があり、担当課長が答えました。"


def docx_file(text: str = TEXT) -> bytes:
    """A small real Word document."""
    import docx

    document = docx.Document()
    document.add_paragraph("会議録")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    """A small real Excel workbook."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "年度"
    book.active["B1"] = "区分"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_padding(data: bytes, name: str, megabytes: int) -> bytes:
    """The archive ``data`` with one more entry of ``megabytes`` MB of zeros, packed tight."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        with target.open(name, "w") as padding:
            chunk = bytes(MB)
            for _ in range(megabytes):
                padding.write(chunk)
    return out.getvalue()


@functools.cache
def docx_bomb() -> bytes:
    """A Word document that unpacks to MB_UNPACKED MB."""
    return with_padding(docx_file(), "word/media/image1.bin", MB_UNPACKED)


@functools.cache
def xlsx_bomb() -> bytes:
    """An Excel workbook that unpacks to MB_UNPACKED MB."""
    return with_padding(xlsx_file(), "xl/media/image1.bin", MB_UNPACKED)


def dense_docx_bomb() -> bytes:
    """Small in total but one part expanding about 1000 times (the ratio check's case)."""
    return with_padding(docx_file(), "word/media/image1.bin", 8)


def encrypted_zip(data: bytes) -> bytes:
    """The archive with every entry marked encrypted (general purpose flag bit 0), as a
    password-protected ZIP lists them."""
    out = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = out.find(signature)
        while start >= 0:
            (flags,) = struct.unpack_from("<H", out, start + flag_at)
            struct.pack_into("<H", out, start + flag_at, flags | 0x1)
            start = out.find(signature, start + 4)
    return bytes(out)


def old_office() -> bytes:
    """The start of an OLE compound file: a .doc or .xls, or an encrypted .docx/.xlsx."""
    return OLE_MAGIC + bytes(512 - len(OLE_MAGIC)) + b"\xfe\xff" * 256


def truncated_pdf() -> bytes:
    """A PDF header and the start of an object, cut off: no cross-reference, no pages."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 o"


def garbage_pdf() -> bytes:
    """A PDF header followed by bytes that are no PDF at all."""
    return b"%PDF-1.4\n" + bytes(range(256)) * 16


def png_file() -> bytes:
    """A tiny real PNG image (to be named .pdf, .docx or .xlsx)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def deep_html(depth: int = 100_000) -> bytes:
    """A page nested ``depth`` elements deep."""
    return (
        b"<!DOCTYPE html><html><body>"
        + b"<div>" * depth
        + TEXT.encode()
        + b"</div>" * depth
        + b"</body></html>"
    )


def undecodable_text() -> bytes:
    """Bytes no Japanese encoding reads (nor UTF-8, nor UTF-16)."""
    return bytes([0x80, 0xFF, 0xFD, 0xFE, 0x85, 0xA0]) * 200


def damaged_utf8() -> bytes:
    """UTF-8 text with a few bytes broken."""
    data = (TEXT * 5).encode()
    return data[:31] + b"\xff\xfe" + data[31:]


def oversize(megabytes: int = 21, head: bytes = b"%PDF-1.4\n") -> bytes:
    """A file just over a limit of ``megabytes - 1`` MB."""
    return head + bytes(megabytes * MB - len(head))
