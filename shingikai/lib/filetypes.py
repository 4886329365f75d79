"""What an uploaded file is, told from its first bytes (never its name or the browser's word),
and the check that keeps a hostile ZIP container (DOCX, XLSX) from being opened.

A ZIP bomb is a small file whose entries unpack to gigabytes. Python's `zipfile` never
unpacks an entry past the size its directory declares (and checks the CRC), so the declared
sizes are binding: checking their sum, and how far each entry claims to expand, before
python-docx or openpyxl opens the archive is enough. Pure Python: no Django.
"""

from __future__ import annotations

import io
import zipfile

MB = 1024 * 1024
# What the entries of one Office file may unpack to, all together.
MAX_UNPACKED = 200 * MB
# How far one entry may expand (unpacked / packed), for entries larger than RATIO_FROM:
# Word and Excel XML packs 5–30 times; Apache POI refuses beyond 100 as well.
MAX_RATIO = 100
RATIO_FROM = 1 * MB
# The largest number of entries an Office file may list; a zip bomb lists many.
MAX_ENTRIES = 2000

PDF, PNG, JPEG, GIF, TIFF, ZIP, OLE = "pdf", "png", "jpeg", "gif", "tiff", "zip", "ole"
DOCX, XLSX = "docx", "xlsx"

UNPACKS_TOO_LARGE = "展開後のサイズが大きすぎるため読み込めません。"
EXPANDS_TOO_FAR = "展開すると極端に大きくなるファイル（圧縮率が異常）のため読み込めません。"
TOO_MANY_ENTRIES = "ファイルの中の項目が多すぎるため読み込めません。"
ENCRYPTED = "暗号化された（パスワード付きの）ファイルは読み込めません。"
BROKEN_ZIP = "ファイルが壊れているため読み込めません。"
OLD_OFFICE = (
    "旧形式（.doc・.xls）またはパスワード付きのOffice文書は読み込めません。"
    "パスワードを解除し、Word（docx）・Excel（xlsx）形式で保存し直してください。"
)

_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),  # .doc, .xls, and encrypted .docx/.xlsx
)


class Refused(ValueError):
    """The file is not accepted; the message says why in one Japanese line."""


def sniff(data: bytes) -> str | None:
    """The container a file's first bytes announce (PDF, PNG, JPEG, GIF, TIFF, ZIP, OLE), or
    None. A ZIP is not opened here: `office_kind` says what it holds."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, or Refused when its directory cannot be read."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    # NotImplementedError: a (corrupt) directory asking for an unknown zip version.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        raise Refused(BROKEN_ZIP) from None


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_unpacked: int = MAX_UNPACKED,
    max_ratio: float = MAX_RATIO,
    max_entries: int = MAX_ENTRIES,
) -> None:
    """Refuse an archive that would unpack to too much, expand too far, list too many
    entries, or hold encrypted ones; before anything reads an entry."""
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise Refused(TOO_MANY_ENTRIES)
    if any(info.flag_bits & 0x1 for info in entries):
        raise Refused(ENCRYPTED)
    if sum(info.file_size for info in entries) > max_unpacked:
        raise Refused(UNPACKS_TOO_LARGE)
    for info in entries:
        if info.file_size > RATIO_FROM and info.file_size > max_ratio * max(info.compress_size, 1):
            raise Refused(EXPANDS_TOO_FAR)


def office_kind(names: list[str]) -> str | None:
    """DOCX or XLSX from the entries an archive lists (an Office Open XML package lists
    [Content_Types].xml and its main part's folder), or None."""
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def office_file(data: bytes) -> str | None:
    """DOCX or XLSX for a safe Office Open XML file; None for anything else (not a ZIP, a
    damaged one, a ZIP of other things). Refused for an old-format or password-protected
    Office file and for an archive `check_archive` refuses."""
    kind = sniff(data)
    if kind == OLE:
        raise Refused(OLD_OFFICE)
    if kind != ZIP:
        return None
    try:
        archive = open_zip(data)
    except Refused:
        return None
    with archive:
        found = office_kind(archive.namelist())
        if found is not None:
            check_archive(archive)
    return found
