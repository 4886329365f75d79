"""What a file is, from its bytes, and the ZIP checks made before Word or Excel opens one:
real bombs, an encrypted archive, an old-format Office file, damaged archives."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from fuzz import hostile
from shingikai.lib import filetypes


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", filetypes.PDF),
        (b"\x89PNG\r\n\x1a\n....", filetypes.PNG),
        (b"\xff\xd8\xff\xe0", filetypes.JPEG),
        (b"GIF89a", filetypes.GIF),
        (b"II*\x00", filetypes.TIFF),
        (b"PK\x03\x04", filetypes.ZIP),
        (hostile.OLE_MAGIC, filetypes.OLE),
        (b" %PDF-1.7", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_it_tells_the_container_from_the_first_bytes(data: bytes, kind: str | None) -> None:
    assert filetypes.sniff(data) == kind


def test_it_tells_word_from_excel_by_the_parts_listed() -> None:
    assert filetypes.office_file(hostile.docx_file()) == filetypes.DOCX
    assert filetypes.office_file(hostile.xlsx_file()) == filetypes.XLSX


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.4\n", id="pdf"),
        pytest.param(b"PK\x03\x04" + bytes(64), id="damaged-zip"),
        pytest.param(hostile.docx_file()[:500], id="truncated-docx"),
    ],
)
def test_what_is_no_office_file_is_none(data: bytes) -> None:
    assert filetypes.office_file(data) is None


def test_it_refuses_a_bomb_that_unpacks_past_the_limit() -> None:
    bomb = hostile.docx_bomb()
    assert len(bomb) < 1024 * 1024  # a quarter of a megabyte for 250 MB unpacked
    with pytest.raises(filetypes.Refused, match=f"^{filetypes.UNPACKS_TOO_LARGE}$"):
        filetypes.office_file(bomb)
    with pytest.raises(filetypes.Refused, match=f"^{filetypes.UNPACKS_TOO_LARGE}$"):
        filetypes.office_file(hostile.xlsx_bomb())


def test_it_refuses_a_part_that_expands_too_far_even_when_the_total_is_small() -> None:
    dense = hostile.dense_docx_bomb()  # 8 MB of zeros: under the total, far over the ratio
    with pytest.raises(filetypes.Refused, match=f"^{filetypes.EXPANDS_TOO_FAR}$"):
        filetypes.office_file(dense)


def test_a_large_part_that_packs_normally_is_accepted() -> None:
    out = io.BytesIO()
    noise = random.Random(0).randbytes(3 * 1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/media/photo.bin", noise)
    with zipfile.ZipFile(out) as archive:
        filetypes.check_archive(archive)  # no exception: a 3 MB part packing ~1:1


def test_it_refuses_encrypted_entries_and_old_format_files() -> None:
    with pytest.raises(filetypes.Refused, match=f"^{filetypes.ENCRYPTED}$"):
        filetypes.office_file(hostile.encrypted_zip(hostile.docx_file()))
    with pytest.raises(filetypes.Refused, match=r"^旧形式（\.doc・\.xls）"):
        filetypes.office_file(hostile.old_office())


def test_it_refuses_too_many_entries() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(filetypes.MAX_ENTRIES + 1):
            archive.writestr(f"word/part{i}.xml", "")
    with zipfile.ZipFile(out) as archive, pytest.raises(filetypes.Refused, match="多すぎる"):
        filetypes.check_archive(archive)


def test_refusals_are_value_errors_with_one_japanese_line() -> None:
    for message in (
        filetypes.UNPACKS_TOO_LARGE,
        filetypes.EXPANDS_TOO_FAR,
        filetypes.TOO_MANY_ENTRIES,
        filetypes.ENCRYPTED,
        filetypes.OLD_OFFICE,
        filetypes.BROKEN_ZIP,
    ):
        assert "\n" not in message and message.endswith("。")
    assert issubclass(filetypes.Refused, ValueError)
