"""Checking uploaded files by what they contain, not by their name: PDF, Word, Excel and
images only, up to a size limit. Pure Python: no Django."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
# The largest number of entries an Office file may list; a zip bomb lists many.
MAX_ZIP_ENTRIES = 2000


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str
    sha256: str
    size: int


class RejectedUpload(ValueError):
    """The file is not accepted; the message says why, in Japanese."""


def _office_kind(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    # NotImplementedError: a (corrupt) central directory asking for an unknown zip version.
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        return None
    if len(names) > MAX_ZIP_ENTRIES or "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
    if any(n.startswith("xl/") for n in names):
        return ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
    return None


def check_size(size: int, max_bytes: int | None = None) -> None:
    """Refuse a file larger than the limit, before anything reads it."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise RejectedUpload(f"ファイルが大きすぎます（{limit // (1024 * 1024)}MBまで）。")


def detect(data: bytes, *, max_bytes: int | None = None) -> Detected:
    """What the file really is, or RejectedUpload."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if not data:
        raise RejectedUpload("空のファイルです。")
    check_size(len(data), max_bytes)
    kind: tuple[str, str] | None = None
    if data.startswith(b"%PDF-"):
        kind = ("application/pdf", ".pdf")
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = ("image/png", ".png")
    elif data.startswith(b"\xff\xd8\xff"):
        kind = ("image/jpeg", ".jpg")
    elif data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
    if kind is None:
        raise RejectedUpload(
            "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"
        )
    return Detected(kind[0], kind[1], hashlib.sha256(data).hexdigest(), len(data))
