"""Checking uploaded files by what they contain, not by their name: PDF, Word, Excel and
images only, up to a size limit; Word and Excel files that would unpack to too much, and
old-format or password-protected Office files, are refused (`lib.filetypes`); a PDF must
open, within a time and memory limit (`lib.limits`). Pure Python: no Django."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader

from shingikai.lib import filetypes, limits

MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = filetypes.MAX_ENTRIES
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_KINDS = {
    filetypes.PDF: ("application/pdf", ".pdf"),
    filetypes.PNG: ("image/png", ".png"),
    filetypes.JPEG: ("image/jpeg", ".jpg"),
    filetypes.DOCX: (DOCX_TYPE, ".docx"),
    filetypes.XLSX: (XLSX_TYPE, ".xlsx"),
}


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str
    sha256: str
    size: int


# The file is not accepted; the message says why, in Japanese (a ValueError).
RejectedUpload = filetypes.Refused


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
    kind = filetypes.sniff(data)
    if kind in (filetypes.ZIP, filetypes.OLE):
        kind = filetypes.office_file(data)
    if kind not in _KINDS:
        raise RejectedUpload(
            "PDF、Word（docx）、Excel（xlsx）、PNG、JPEGのファイルを選んでください。"
        )
    content_type, extension = _KINDS[kind]
    return Detected(content_type, extension, hashlib.sha256(data).hexdigest(), len(data))


def pdf_pages(data: bytes) -> int:
    """The page count of a PDF, or RejectedUpload (damaged, or locked by a password)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RejectedUpload(
                "パスワードが設定されたPDFは登録できません。解除してから選んでください。"
            )
        return len(reader.pages)
    except RejectedUpload:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        raise RejectedUpload(
            "PDFを読み取れません。ファイルが壊れていないか確認してください。"
        ) from exc


def checked(data: bytes, *, max_bytes: int | None = None) -> tuple[Detected, int | None]:
    """`detect`, then for a PDF its page count, read in a child process with a time and
    memory limit; RejectedUpload for a PDF that is damaged, locked or too costly to open."""
    detected = detect(data, max_bytes=max_bytes)
    if detected.extension != ".pdf":
        return detected, None
    try:
        return detected, limits.run(pdf_pages, data)
    except limits.LimitExceeded as exc:
        raise RejectedUpload(str(exc)) from None
