"""The meeting packet PDF: cover, contents with start pages, the materials, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from weasyprint import HTML

from shingikai.documents.packet import (
    ATTACHED,
    Packet,
    PacketItem,
    PacketMeta,
    UnreadablePdf,
    build_packet,
    page_count,
    page_number_overlay,
    page_sizes,
    stamp_page_numbers,
)

A4 = (595.28, 841.89)
META = PacketMeta(
    meeting="令和4年度第6回",
    council="新宿区情報公開・個人情報保護審議会",
    date=dt.date(2022, 11, 24),
    start_time=dt.time(14, 0),
    venue="本庁舎6階 第2委員会室",
)


def make_pdf(pages: int, text: str, size: str = "A4") -> bytes:
    """A PDF whose page i reads 「{text} {i}ページ目」."""
    body = "".join(
        f'<p style="break-before: page">{text} {i}ページ目</p>' for i in range(1, pages + 1)
    )
    return HTML(string=f"<style>@page {{ size: {size} }}</style>{body}").write_pdf()


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def footer_number(text: str) -> int | None:
    """The 「- n -」 on the page's last line."""
    match = re.search(r"- (\d+) -\s*$", text)
    return int(match.group(1)) if match else None


@pytest.fixture(scope="module")
def packet() -> Packet:
    return build_packet(
        META,
        [
            PacketItem("資料1", "諮問事項の説明", make_pdf(2, "説明資料")),
            PacketItem("資料2", "委託先の一覧（Excel）"),
            PacketItem("資料3", "データの流れ（横長）", make_pdf(3, "流れ図", "A4 landscape")),
            PacketItem("参考資料1", "当日配付の資料", note="別途配付"),
        ],
    )


def test_it_binds_cover_contents_and_every_page(packet: Packet) -> None:
    texts = page_texts(packet.pdf)

    assert packet.front_pages == 2
    assert packet.pages == len(texts) == 2 + 2 + 3
    assert len(PdfReader(io.BytesIO(packet.pdf)).pages) == 7
    assert ["説明資料 1ページ目" in texts[2], "説明資料 2ページ目" in texts[3]] == [True, True]
    assert all(f"流れ図 {i}ページ目" in texts[3 + i] for i in (1, 2, 3))


def test_it_puts_the_meeting_date_and_venue_on_the_cover(packet: Packet) -> None:
    cover = squeeze(page_texts(packet.pdf)[0])

    assert squeeze(META.title) in cover
    assert "令和4年度第6回新宿区情報公開・個人情報保護審議会資料" in cover
    assert "令和4年11月24日（木）午後2時00分" in cover
    assert "本庁舎6階第2委員会室" in cover


def test_it_lists_every_material_with_the_page_it_starts_on(packet: Packet) -> None:
    contents = page_texts(packet.pdf)[1]

    assert "目 次" in contents
    assert re.search(r"資料1 諮問事項の説明 3\n", contents)
    assert re.search(r"資料3 データの流れ（横長） 5\n", contents)
    assert f"資料2 委託先の一覧（Excel） {ATTACHED}" in contents
    assert "参考資料1 当日配付の資料 別途配付" in contents
    assert [(line.label, line.page) for line in packet.contents] == [
        ("資料1", 3),
        ("資料2", None),
        ("資料3", 5),
        ("参考資料1", None),
    ]


def test_it_numbers_every_page_in_the_footer(packet: Packet) -> None:
    texts = page_texts(packet.pdf)

    assert [footer_number(t) for t in texts] == list(range(1, 8))
    assert all(f"- {n} -" in text for n, text in enumerate(texts, start=1))


def test_it_keeps_each_page_its_own_size(packet: Packet) -> None:
    sizes = page_sizes(packet.pdf)

    assert [round(w) for w, _ in sizes] == [595] * 4 + [842] * 3


def test_it_centres_the_number_at_the_foot_of_portrait_and_landscape_pages(packet: Packet) -> None:
    with pdfplumber.open(io.BytesIO(packet.pdf)) as doc:
        for page in (doc.pages[2], doc.pages[4]):
            words = [w for w in page.extract_words() if re.fullmatch(r"\d+", w["text"])]
            number = words[-1]
            centre = (number["x0"] + number["x1"]) / 2
            assert abs(centre - page.width / 2) < 3
            assert page.height - 30 < number["bottom"] < page.height


def test_it_lays_out_long_contents_over_several_pages_and_counts_them() -> None:
    items = [
        PacketItem(f"資料{i}", f"説明資料その{i}", make_pdf(1, f"本文{i}")) for i in range(1, 41)
    ]

    result = build_packet(META, items)

    texts = page_texts(result.pdf)
    assert result.front_pages > 2
    assert len(texts) == result.front_pages + 40
    first = result.front_pages + 1
    assert result.contents[0].page == first
    assert result.contents[39].page == first + 39
    assert "本文1 1ページ目" in texts[first - 1]
    assert "本文40 1ページ目" in texts[-1]
    assert footer_number(texts[first - 1]) == first
    assert re.search(rf"資料40 説明資料その40 {first + 39}\n", "\n".join(texts) + "\n")


def test_it_lists_an_unreadable_pdf_without_failing_the_packet() -> None:
    result = build_packet(META, [PacketItem("資料1", "壊れたPDF", b"%PDF-1.4 broken")])

    assert result.pages == 2
    assert "別添（PDFを読み取れません）" in page_texts(result.pdf)[1]


def test_it_makes_a_packet_of_the_front_matter_alone() -> None:
    result = build_packet(META, [])

    texts = page_texts(result.pdf)
    assert len(texts) == 2
    assert "資料はありません。" in texts[1]


def test_it_stamps_a_rotated_page_and_a_page_with_an_offset_box() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(2, "原本"))))
    writer.pages[0].rotate(90)
    box = RectangleObject([50, 60, 545, 800])
    writer.pages[1].mediabox = box
    writer.pages[1].cropbox = box
    source = io.BytesIO()
    writer.write(source)

    stamped = stamp_page_numbers(source.getvalue(), first=11)

    with pdfplumber.open(io.BytesIO(stamped)) as doc:
        rotated, offset = doc.pages
        assert (round(rotated.width), round(rotated.height)) == (842, 595)
        assert "- 11 -" in rotated.extract_text()
        assert "- 12 -" in offset.extract_text()
        assert "原本 2ページ目" in offset.extract_text()


def test_it_draws_an_overlay_page_for_each_size() -> None:
    sizes = [A4, (842.0, 595.0), (300.0, 400.0)]

    overlay = page_number_overlay(sizes, first=5)

    reader = PdfReader(io.BytesIO(overlay))
    assert [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ] == [
        (595, 842),
        (842, 595),
        (300, 400),
    ]
    assert [footer_number(t) for t in page_texts(overlay)] == [5, 6, 7]


def test_it_counts_pages_and_refuses_what_is_not_a_readable_pdf() -> None:
    assert page_count(make_pdf(3, "三枚")) == 3
    with pytest.raises(UnreadablePdf):
        page_count(b"not a pdf at all")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(1, "鍵付き"))))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(UnreadablePdf):
        page_count(locked.getvalue())
