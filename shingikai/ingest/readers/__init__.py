"""File readers: bytes in, a `RawDocument` out. Pure Python: no Django.

`read` tells the format from the content, not the file name: PDF by its %PDF- header,
DOCX by a ZIP holding word/document.xml, HTML by its tags near the start once decoded,
anything else as text. Every failure is a `ReadError` with one Japanese line.
"""

from __future__ import annotations

import hashlib

from shingikai.ingest.readers.docx import read_docx
from shingikai.ingest.readers.html import declared_charset, looks_like_html, read_html
from shingikai.ingest.readers.pdf import read_pdf
from shingikai.ingest.readers.text import decode, lines_of
from shingikai.ingest.records import Block, RawDocument, ReadError

__all__ = ["EMPTY", "MAX_BYTES", "read"]

MAX_BYTES = 50 * 1024 * 1024
EMPTY = "空のファイルです。"
TOO_LARGE = f"ファイルが大きすぎます（{MAX_BYTES // (1024 * 1024)}MBまで）。"
NO_TEXT = "読み取れる文字がありません。"
TOO_DEEP = "文書の入れ子が深すぎるため読み込めません。"
OLD_OFFICE = (
    "旧形式（.doc）またはパスワード付きのOffice文書は読み込めません。"
    "DOCX・PDF・テキストで保存し直してください。"
)
IMAGE = "画像ファイルは読み込めません。OCRしたPDFかテキストを使ってください。"

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def read(data: bytes, name: str) -> RawDocument:
    """Read one file's bytes (``name`` is only recorded) into blocks in reading order."""
    if len(data) > MAX_BYTES:
        raise ReadError(TOO_LARGE)
    if not data.strip():
        raise ReadError(EMPTY)
    try:
        fmt, blocks, encoding = _read(data)
    except RecursionError:
        raise ReadError(TOO_DEEP) from None
    if not blocks:
        raise ReadError(NO_TEXT)
    digest = hashlib.sha256(data).hexdigest()
    return RawDocument(name, digest, fmt, tuple(blocks), encoding)


def _read(data: bytes) -> tuple[str, list[Block], str]:
    """Format, blocks and (for text and HTML) encoding, the format told from the bytes."""
    if b"%PDF-" in data[:1024]:  # readers accept a header anywhere in the first KB
        return "pdf", read_pdf(data), ""
    if data.startswith(_ZIP):
        return "docx", read_docx(data), ""
    if data.startswith(_OLE):
        raise ReadError(OLD_OFFICE)
    if data.startswith(_IMAGES):
        raise ReadError(IMAGE)
    text, encoding = decode(data, declared_charset(data))
    if not text.strip():
        raise ReadError(EMPTY)
    if looks_like_html(text):
        return "html", read_html(text), encoding
    return "text", lines_of(text), encoding
