"""The meeting packet (会議資料): one bound PDF of a meeting's materials for the members.

Setagaya's members get one bound handout with continuous page numbers and refer to its
pages in the meeting (「資料の5ページ」). The packet is:

1. a cover page: 「令和4年度第6回 新宿区情報公開・個人情報保護審議会 資料」, the date in
   和暦 and the venue;
2. the contents (目次): every material in order with its label, title and the packet page
   it starts on; materials that are not PDFs (Word, Excel, images) are listed as
   「別添（電子ファイル）」 without a page;
3. the PDFs themselves, as they are;
4. on every page a centred page number 「- n -」, stamped over the original page on a small
   white label (which hides an original centred page number such as the case document's
   「1 / 3」, so no page shows two numbers).

Pure functions on bytes and plain values: no Django. The cover, the contents and the page
number overlay are laid out by WeasyPrint and put together with pypdf.

    packet = build_packet(PacketMeta("令和4年度第6回", "新宿区…審議会"), [PacketItem(...)])
    packet.pdf, packet.contents
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from shingikai.documents.htmldoc import Markup, el, escape
from shingikai.lib import wareki

__all__ = [
    "ATTACHED",
    "NOT_DISTRIBUTED",
    "ContentsLine",
    "Packet",
    "PacketItem",
    "PacketMeta",
    "UnreadablePdf",
    "build_packet",
    "front_matter_pdf",
    "page_count",
    "page_number_overlay",
    "page_sizes",
    "stamp_page_numbers",
]

ATTACHED = "別添（電子ファイル）"
NOT_DISTRIBUTED = "別途配付"
UNREADABLE = "別添（PDFを読み取れません）"
# Front matter longer than this many pages would mean the contents do not settle.
_MAX_LAYOUT_PASSES = 5


class UnreadablePdf(ValueError):
    """The bytes are not a PDF pypdf can read (damaged, or locked with a password)."""


@dataclass(frozen=True)
class PacketMeta:
    """What the cover says: 「令和4年度第6回」, the council's name, date, time and venue."""

    meeting: str
    council: str
    date: dt.date | None = None
    start_time: dt.time | None = None
    venue: str = ""

    @property
    def title(self) -> str:
        """「令和4年度第6回 新宿区情報公開・個人情報保護審議会 資料」."""
        return f"{self.meeting} {self.council} 資料"

    @property
    def when(self) -> str:
        """「令和4年11月24日（木） 午後2時00分」, or empty without a date."""
        if self.date is None:
            return ""
        text = wareki.format_date(self.date)
        return f"{text} {wareki.format_time(self.start_time)}" if self.start_time else text


@dataclass(frozen=True)
class PacketItem:
    """One material: its label and title, and its PDF if it is bound into the packet.

    `pdf` None lists it without a page, with `note` (by default 「別添（電子ファイル）」)."""

    label: str
    title: str
    pdf: bytes | None = None
    note: str = ATTACHED


@dataclass(frozen=True)
class ContentsLine:
    """A line of the contents: `page` is where the material starts (None if not bound)."""

    label: str
    title: str
    page: int | None
    pages: int
    note: str = ""


@dataclass(frozen=True)
class Packet:
    pdf: bytes
    contents: tuple[ContentsLine, ...]
    front_pages: int
    pages: int


def _reader(pdf: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("パスワードが設定されたPDFは読み取れません。")
        len(reader.pages)  # a damaged page tree only shows here
    except UnreadablePdf:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadablePdf("PDFを読み取れません。ファイルが壊れている可能性があります。") from exc
    return reader


def page_count(pdf: bytes) -> int:
    """The number of pages, or UnreadablePdf."""
    return len(_reader(pdf).pages)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's visible size in points (width, height), as it is displayed: the crop box,
    turned by the page's /Rotate."""
    sizes = []
    for page in _reader(pdf).pages:
        width, height = float(page.cropbox.width), float(page.cropbox.height)
        sizes.append((height, width) if page.rotation % 180 else (width, height))
    return sizes


# -- the front matter: cover and contents ------------------------------------------------

FRONT_CSS = """
@page { size: A4 portrait; margin: 25mm 22mm 25mm 22mm; }
body { font-family: "Noto Sans CJK JP", sans-serif; font-size: 10.5pt; color: #000; }
.cover { break-after: page; text-align: center; padding-top: 60mm; }
.cover h1 { font-size: 20pt; line-height: 1.6; margin: 0 0 30mm; font-weight: bold; }
.cover h1 span { display: block; }
.cover h1 .kind { font-size: 26pt; letter-spacing: 0.5em; margin-top: 12mm; }
.cover dl { display: inline-block; text-align: left; font-size: 12pt; margin: 0; }
.cover dt { float: left; clear: left; width: 5em; font-weight: bold; }
.cover dd { margin: 0 0 3mm 5em; }
.contents h2 { font-size: 15pt; text-align: center; letter-spacing: 0.5em; margin: 0 0 8mm; }
.contents table { width: 100%; border-collapse: collapse; }
.contents th, .contents td { border-bottom: 0.5pt solid #666; padding: 2mm 1.5mm;
  vertical-align: top; text-align: left; }
.contents thead th { border-bottom: 1pt solid #000; font-size: 9.5pt; }
.contents td.label { width: 24%; white-space: nowrap; }
.contents td.page, .contents th.page { width: 16%; text-align: right; white-space: nowrap; }
.contents td.note { font-size: 9pt; }
.contents tr { break-inside: avoid; }
.contents p.none { text-align: center; color: #444; }
"""


def _front_html(meta: PacketMeta, lines: Sequence[ContentsLine]) -> str:
    details = [el("dt", "日時"), el("dd", meta.when)] if meta.when else []
    if meta.venue:
        details += [el("dt", "会場"), el("dd", meta.venue)]
    cover = el(
        "section",
        el(
            "h1",
            el("span", meta.meeting),
            el("span", meta.council),
            el("span", "資料", class_="kind"),
        ),
        el("dl", *details) if details else "",
        class_="cover",
    )
    rows = [
        el(
            "tr",
            el("td", line.label, class_="label"),
            el("td", line.title),
            el("td", str(line.page), class_="page")
            if line.page is not None
            else el("td", line.note, class_="page note"),
        )
        for line in lines
    ]
    head = el(
        "thead",
        el(
            "tr",
            el("th", "資料番号", scope="col"),
            el("th", "資料名", scope="col"),
            el("th", "ページ", scope="col", class_="page"),
        ),
    )
    table = (
        el("table", head, el("tbody", *rows))
        if rows
        else el("p", "資料はありません。", class_="none")
    )
    contents = el("section", el("h2", "目次"), table, class_="contents")
    head_html = el(
        "head",
        Markup('<meta charset="utf-8">'),
        el("title", meta.title),
        el("style", Markup(FRONT_CSS)),
    )
    return f'<!DOCTYPE html>\n<html lang="ja">{head_html}{el("body", cover, contents)}</html>\n'


def front_matter_pdf(meta: PacketMeta, lines: Sequence[ContentsLine]) -> bytes:
    """The cover and the contents as PDF (A4), without page numbers."""
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=_front_html(meta, lines), base_url=None).write_pdf()


# -- page numbers -----------------------------------------------------------------------

OVERLAY_CSS = """
html, body { margin: 0; padding: 0; }
.sheet { position: relative; overflow: hidden; break-before: page; }
.sheet:first-child { break-before: auto; }
.number { position: absolute; left: 0; right: 0; bottom: 7mm; margin: 0; text-align: center; }
/* The white label reaches up to 18 mm from the foot: over a centred page number already
   there (the case document's 「1 / 3」 sits 12-15 mm up), never over the body text. */
.number span { display: inline-block; background: #fff; padding: 5.5mm 10mm 1.5mm;
  font-family: "Noto Sans CJK JP", sans-serif; font-size: 10pt; line-height: 1.2;
  color: #000; }
"""


def page_label(number: int) -> str:
    """「- 5 -」."""
    return f"- {number} -"


def _overlay_html(sizes: Sequence[tuple[float, float]], first: int) -> str:
    distinct = sorted(set(sizes))
    names = {size: f"s{i}" for i, size in enumerate(distinct)}
    pages_css = "".join(
        f"@page {names[(w, h)]} {{ size: {w:.3f}pt {h:.3f}pt; margin: 0; }}\n" for w, h in distinct
    )
    # A sheet a hair shorter than its page, so rounding never spills onto a blank page.
    sheets = "".join(
        f'<div class="sheet" style="page: {names[(w, h)]}; height: {max(h - 1, 1):.3f}pt">'
        f'<p class="number"><span>{escape(page_label(first + i))}</span></p></div>'
        for i, (w, h) in enumerate(sizes)
    )
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<style>{OVERLAY_CSS}{pages_css}</style></head><body>{sheets}</body></html>\n"
    )


def page_number_overlay(sizes: Sequence[tuple[float, float]], *, first: int = 1) -> bytes:
    """A PDF with one page per size given, each blank but for its number 「- n -」 centred at
    the foot, numbered from `first`."""
    from weasyprint import HTML

    return HTML(string=_overlay_html(sizes, first), base_url=None).write_pdf()


def stamp_page_numbers(pdf: bytes, *, first: int = 1, title: str = "") -> bytes:
    """`pdf` with 「- n -」 stamped over the foot of every page (numbered from `first`)."""
    writer = PdfWriter(clone_from=_reader(pdf))
    for page in writer.pages:
        if page.rotation % 360:
            page.transfer_rotation_to_content()
    sizes = [(float(p.cropbox.width), float(p.cropbox.height)) for p in writer.pages]
    if not sizes:
        return pdf
    overlay = PdfReader(io.BytesIO(page_number_overlay(sizes, first=first)))
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError("page number overlay does not match the packet")
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        box = page.cropbox
        page.merge_transformed_page(
            stamp, Transformation().translate(float(box.left), float(box.bottom))
        )
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- the packet -------------------------------------------------------------------------


def _contents(
    items: Sequence[PacketItem], counts: Sequence[int | None], front_pages: int
) -> list[ContentsLine]:
    lines, page = [], front_pages + 1
    for item, count in zip(items, counts, strict=True):
        if count:
            lines.append(ContentsLine(item.label, item.title, page, count))
            page += count
        else:
            note = UNREADABLE if item.pdf is not None and count is None else item.note
            lines.append(ContentsLine(item.label, item.title, None, 0, note))
    return lines


def _count(item: PacketItem) -> int | None:
    """Pages the item adds; 0 when it is not bound, None when its PDF cannot be read."""
    if item.pdf is None:
        return 0
    try:
        return page_count(item.pdf)
    except UnreadablePdf:
        return None


def build_packet(meta: PacketMeta, items: Sequence[PacketItem]) -> Packet:
    """Cover, contents and every item's PDF in the order given, numbered throughout.

    A PDF that cannot be read is listed like an electronic attachment instead of failing
    the whole packet."""
    counts = [_count(item) for item in items]
    # The contents list start pages, which depend on how many pages the contents take:
    # lay them out until the page count settles (one pass for up to about 25 materials).
    front_pages, front = 2, b""
    for _pass in range(_MAX_LAYOUT_PASSES):
        lines = _contents(items, counts, front_pages)
        front = front_matter_pdf(meta, lines)
        actual = page_count(front)
        if actual == front_pages:
            break
        front_pages = actual
    else:  # pragma: no cover - a contents page count that keeps changing
        raise RuntimeError("the contents do not settle on a page count")
    writer = PdfWriter()
    writer.append(_reader(front))
    for item, count in zip(items, counts, strict=True):
        if count and item.pdf is not None:
            writer.append(_reader(item.pdf), import_outline=False)
    bound = io.BytesIO()
    writer.write(bound)
    pdf = stamp_page_numbers(bound.getvalue(), title=meta.title)
    total = front_pages + sum(c or 0 for c in counts)
    return Packet(pdf=pdf, contents=tuple(lines), front_pages=front_pages, pages=total)
