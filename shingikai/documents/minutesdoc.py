"""The minutes (会議録) as HTML, PDF and Word, from one set of blocks.

Pure Python: no Django. The minutes app fills a `MinutesContent`; the header block is a
shaded two-column table (名称, 日時, 会場, 出席委員, …), the record of speech (発言の記録)
prints each speaker's label in bold (○会長) with the text hanging after it and stage
directions in parentheses, and written questions follow as 番号・質問・区の考え方 tables.
Layout reuses the case document's: A4 portrait, Japanese fonts, page numbers, 「案」 on drafts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import docx
from docx.shared import Pt

from shingikai.documents import htmldoc, worddoc
from shingikai.documents.blocks import Block, Column, Document, Heading, Paragraph, Table, cell
from shingikai.documents.htmldoc import Markup, el

TITLE = "会議録"
HEADER_COLUMNS = (Column("項目", 1.4), Column("内容", 6.0))
QA_COLUMNS = (Column("番号", 0.6), Column("質問", 4.0), Column("区の考え方", 4.4))
INDENT = Pt(10.5)
MINUTES_CSS = """
.minutesdoc p.speech { margin: 0 0 0.6mm; padding-left: 1em; text-indent: -1em; }
.minutesdoc p.speech strong { font-family: "Noto Sans CJK JP", sans-serif; font-weight: bold; }
.minutesdoc p.speech-cont { margin: 0 0 0.6mm; padding-left: 1em; text-indent: 1em; }
.minutesdoc p.direction { margin: 0.6mm 0 1.2mm 2em; }
.minutesdoc table.kv td { white-space: pre-line; }
"""


@dataclass(frozen=True)
class Speech:
    """One utterance (○`speaker` then `text`, lines kept) or a stage direction; `anchor`
    is the HTML id search results link to (u-12)."""

    speaker: str
    text: str
    is_direction: bool = False
    anchor: str = ""


@dataclass(frozen=True)
class SpeechSection:
    """A part of the record: an agenda item or 開会/閉会; `title` "" prints no heading."""

    title: str
    speeches: tuple[Speech, ...]
    closed: bool = False  # a closed (非公開) item: marked in the heading


@dataclass(frozen=True)
class QaTable:
    title: str
    rows: tuple[tuple[str, str, str], ...]  # number, question, answer


@dataclass(frozen=True)
class MinutesContent:
    """What the document says. `name` is 名称 (令和4年度第6回 新宿区…審議会)."""

    name: str
    header: tuple[tuple[str, str], ...]
    sections: tuple[SpeechSection, ...]
    qa: tuple[QaTable, ...] = ()
    author: str = ""
    draft: bool = True
    status_line: str = ""  # 令和4年12月15日 令和4年度第7回審議会で承認


MinutesBlock = Block | Speech


@dataclass(frozen=True)
class MinutesDocument:
    """The blocks of the minutes and what every page repeats (`page`)."""

    page: Document
    blocks: tuple[MinutesBlock, ...]


def minutes_document(content: MinutesContent) -> MinutesDocument:
    blocks: list[MinutesBlock] = [Paragraph(TITLE, "doc-title")]
    if content.status_line:
        blocks.append(Paragraph(content.status_line, "right"))
    rows = tuple((cell(label), cell(value)) for label, value in content.header)
    blocks.append(Table(HEADER_COLUMNS, rows, role="kv"))
    blocks.append(Heading("発言の記録"))
    if not content.sections:
        blocks.append(Paragraph("発言の記録はありません。", "none"))
    for section in content.sections:
        if section.title:
            suffix = "（非公開）" if section.closed else ""
            blocks.append(Heading(f"{section.title}{suffix}", level=2))
        blocks.extend(section.speeches)
    if content.qa:
        blocks.append(Heading("質問と区の考え方"))
        for table in content.qa:
            blocks.append(Heading(table.title, level=2))
            qa_rows = tuple(tuple(cell(c) for c in row) for row in table.rows)
            blocks.append(Table(QA_COLUMNS, qa_rows, role="grid"))
    page = Document(
        title=f"{TITLE} {content.name}",
        header=f"{content.name}　{TITLE}",
        draft=content.draft,
        author=content.author,
        blocks=(),
    )
    return MinutesDocument(page, tuple(blocks))


# -- HTML and PDF ----------------------------------------------------------------------------


def speech_html(speech: Speech) -> Markup:
    if speech.is_direction:
        return el("p", f"（{speech.text}）", class_="direction", id=speech.anchor)
    first, *rest = speech.text.split("\n")
    head = el(
        "p", el("strong", f"○{speech.speaker}"), "　", first, class_="speech", id=speech.anchor
    )
    return Markup(head + "".join(el("p", line, class_="speech-cont") for line in rest))


def minutes_html(content: MinutesContent, *, fragment: bool = False) -> str:
    """A standalone page (CSS inlined; what the PDF is made from), or only the <article>."""
    doc = minutes_document(content)
    parts = [speech_html(b) if isinstance(b, Speech) else htmldoc.block_html(b) for b in doc.blocks]
    classes = "casedoc minutesdoc draft" if content.draft else "casedoc minutesdoc"
    article = el("article", *parts, class_=classes)
    if fragment:
        return article
    head = el(
        "head",
        Markup('<meta charset="utf-8">'),
        el("title", doc.page.title),
        el("style", Markup(htmldoc.stylesheet() + MINUTES_CSS)),
        el("style", Markup(htmldoc.page_css(doc.page))),
    )
    return f'<!DOCTYPE html>\n<html lang="ja">{head}{el("body", article)}</html>\n'


def minutes_pdf(content: MinutesContent) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=minutes_html(content), base_url=None).write_pdf()


# -- Word ------------------------------------------------------------------------------------


def add_speech(word: Any, speech: Speech) -> None:
    """A bold ○label with the text hanging after it; a direction indented in （…）."""
    if speech.is_direction:
        paragraph = word.add_paragraph(f"（{speech.text}）")
        paragraph.paragraph_format.left_indent = INDENT * 2
        return
    first, *rest = speech.text.split("\n")
    paragraph = word.add_paragraph()
    label = paragraph.add_run(f"○{speech.speaker}")
    label.bold = True
    worddoc.set_fonts(label._r.get_or_add_rPr(), worddoc.GOTHIC, worddoc.GOTHIC)
    paragraph.add_run(f"　{first}")
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = INDENT, -INDENT
    for line in rest:
        more = word.add_paragraph(line).paragraph_format
        more.left_indent, more.first_line_indent = INDENT, INDENT


def minutes_docx(content: MinutesContent) -> bytes:
    """The minutes as a Word file (A4, Japanese fonts, page numbers, 「案」 on drafts)."""
    doc = minutes_document(content)
    word = docx.Document()
    worddoc.set_up_page(word)
    worddoc.set_up_styles(word)
    worddoc.set_up_header(word, doc.page)
    worddoc.set_up_footer(word)
    worddoc.set_properties(word, doc.page)
    for block in doc.blocks:
        if isinstance(block, Speech):
            add_speech(word, block)
        else:
            worddoc.add_block(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
