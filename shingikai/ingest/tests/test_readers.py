"""Readers: format told from content, encodings, HTML/PDF/DOCX layout, and refusals.

Every sample is made here from invented minutes-like text (架空市), never copied from seeds.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from pathlib import Path

import docx
import docx.shared
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from shingikai.ingest import readers
from shingikai.ingest.readers import pdf as pdf_reader
from shingikai.ingest.records import Paragraph, RawDocument, ReadError, TableBlock

MINUTES = (
    "会議録\n"
    "名称\t令和5年度第3回 架空市個人情報保護審議会\n"
    "日時\t令和5年9月4日（月）午後2時から午後4時まで\n"
    "\n"
    "会長　それでは、定刻になりましたので開会いたします。\n"
    "委員　資料１の２について質問します。委託先はどこですか。\n"
    "情報政策課長　株式会社架空システムでございます。\n"
)
LINES = [line for line in MINUTES.split("\n") if line.strip()]
SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def texts(document: RawDocument) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def tables(document: RawDocument) -> list[TableBlock]:
    return [block for block in document.blocks if isinstance(block, TableBlock)]


def refusal(data: bytes, name: str = "file") -> str:
    with pytest.raises(ReadError) as caught:
        readers.read(data, name)
    message = str(caught.value)
    assert "\n" not in message and message
    return message


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (MINUTES.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + MINUTES.encode("utf-8"), "utf-8"),
        (MINUTES.encode("shift_jis"), "cp932"),
        (MINUTES.encode("cp932"), "cp932"),
        (MINUTES.encode("euc_jp"), "euc_jp"),
        (MINUTES.encode("utf-16"), "utf-16"),
        (MINUTES.encode("iso2022_jp"), "iso2022_jp"),
    ],
    ids=["utf-8", "utf-8-bom", "shift_jis", "cp932", "euc-jp", "utf-16", "iso-2022-jp"],
)
def test_text_in_any_japanese_encoding_reads_the_same(encoded: bytes, encoding: str) -> None:
    document = readers.read(encoded, "minutes.txt")
    assert document.format == "text"
    assert document.encoding == encoding
    assert document.lines() == LINES
    assert document.name == "minutes.txt"
    assert document.sha256 == hashlib.sha256(encoded).hexdigest()


def test_text_newlines_of_any_convention_and_no_empty_lines() -> None:
    data = "会議録\r\n\r\n名称\t架空市審議会\r日時\t令和5年9月4日\n  \n".encode()
    assert readers.read(data, "a.txt").lines() == [
        "会議録",
        "名称\t架空市審議会",
        "日時\t令和5年9月4日",
    ]


def test_text_lines_are_kept_as_written() -> None:
    """Indents, trailing spaces and tabs are marks the structurer reads."""
    data = " 本日は、お忙しい中ご出席いただき \n\t<p>続きの行</p>\n".encode()
    assert readers.read(data, "a.txt").lines() == [
        " 本日は、お忙しい中ご出席いただき ",
        "\t<p>続きの行</p>",
    ]


def test_text_that_mentions_tags_is_still_text() -> None:
    data = (
        "<令和5年度第3回審議会発言記録>\n名称\t架空市審議会\n発言\t<p>開会します。</p>\n".encode()
    )
    assert readers.read(data, "a.html").format == "text"


def test_short_euc_jp_is_not_taken_for_utf16() -> None:
    document = readers.read("日時\t令和5年9月4日".encode("euc_jp"), "a.txt")
    assert (document.encoding, document.lines()) == ("euc_jp", ["日時\t令和5年9月4日"])


@pytest.mark.parametrize(
    "data",
    [
        bytes([0x80, 0xFF, 0xFD, 0xFE, 0x85, 0xA0]) * 50,
        "Größe und Qualität".encode("latin-1") * 10,
        bytes(range(0x80, 0x100)) * 4,
    ],
    ids=["high-bytes", "latin-1", "all-high-bytes"],
)
def test_bytes_of_no_japanese_encoding_are_refused(data: bytes) -> None:
    assert "文字コード" in refusal(data)


def test_damaged_utf8_is_refused_not_misread() -> None:
    data = MINUTES.encode("utf-8")
    damaged = data[:40] + b"\xff" + data[40:]
    assert "UTF-8" in refusal(damaged)


def test_shift_jis_that_only_cp932_decodes_is_read_as_such() -> None:
    document = readers.read("日時\t令和5年9月4日（月）\n会議を開きます。".encode("cp932"), "a.txt")
    assert (document.encoding, document.lines()) == (
        "cp932",
        ["日時\t令和5年9月4日（月）", "会議を開きます。"],
    )


def test_euc_jp_with_a_broken_byte_is_not_misread_as_shift_jis() -> None:
    """Only CP932 decodes these bytes, into half-width katakana: not Japanese prose, so the
    decision is charset-normalizer's, which finds no encoding."""
    data = ("かいぎをひらきます。" * 20).encode("euc_jp") + b"\xa4 "
    data.decode("cp932")  # it does decode
    assert "文字コード" in refusal(data)


def test_binary_with_nuls_is_refused() -> None:
    assert refusal(bytes(range(256)) * 8)


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_file_is_refused(data: bytes) -> None:
    assert refusal(data) == "空のファイルです。"


def test_file_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 10)
    assert "大きすぎ" in refusal(MINUTES.encode())


def test_images_and_old_office_files_are_refused_by_content() -> None:
    picture = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(picture, "PNG")
    assert "画像" in refusal(picture.getvalue(), "minutes.txt")
    assert ".doc" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "minutes.docx")


# -- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>会議録</title>
<style>p {{ margin: 0 }}</style><script>var secret = "表示されない";</script></head>
<body>
<h1>令和5年度第3回 架空市個人情報保護審議会</h1>
<dl>
  <dt>名称</dt><dd>令和5年度第3回 架空市個人情報保護審議会</dd>
  <dt>日時</dt><dd>令和5年9月4日（月）<br>午後2時から午後4時まで</dd>
</dl>
<table>
  <tr><th>会場</th><td>架空市役所 本庁舎3階 第1会議室</td></tr>
  <tr><th>出席者</th><td><p>（委員）青木、井上、上田</p><p>（市側）情報政策課長</p></td></tr>
</table>
<h2>会議次第</h2>
<ul><li>1 開会</li><li>2 諮問事項</li></ul>
<p>会長　それでは、定刻になりましたので
開会いたします。<br>本日は、よろしくお願いいたします。</p>
<div>委員　<span>資料</span>１について&nbsp;質問します。</div>
<!-- 内部メモ -->
</body></html>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "shift_jis", "euc-jp"])
def test_html_page_in_reading_order(encoding: str) -> None:
    data = PAGE.format(charset=encoding).encode(encoding)
    document = readers.read(data, "page.txt")
    assert document.format == "html"
    assert document.lines() == [
        "令和5年度第3回 架空市個人情報保護審議会",
        "名称\t令和5年度第3回 架空市個人情報保護審議会",
        "日時\t令和5年9月4日（月）\n午後2時から午後4時まで",
        "会場\t架空市役所 本庁舎3階 第1会議室",
        "出席者\t（委員）青木、井上、上田\n（市側）情報政策課長",
        "会議次第",
        "1 開会",
        "2 諮問事項",
        "会長\u3000それでは、定刻になりましたので開会いたします。",
        "本日は、よろしくお願いいたします。",
        "委員\u3000資料１について 質問します。",
    ]


def test_html_definition_list_and_table_are_tables() -> None:
    document = readers.read(PAGE.format(charset="utf-8").encode(), "page.html")
    header, venue = tables(document)
    assert header.rows[0] == ("名称", "令和5年度第3回 架空市個人情報保護審議会")
    assert venue.rows[1][1] == "（委員）青木、井上、上田\n（市側）情報政策課長"
    assert not any("secret" in line or "内部メモ" in line for line in document.lines())


def test_html_paragraph_keeps_its_breaks_as_one_block() -> None:
    document = readers.read(PAGE.format(charset="utf-8").encode(), "page.html")
    assert "会長\u3000それでは、定刻になりましたので開会いたします。\n本日は、よろしく" in (
        "\n".join(texts(document))
    )


def test_html_layout_table_reads_as_running_text() -> None:
    page = (
        "<html><body><table><tr><td><h1>会議録</h1><table><tr><th>名称</th>"
        "<td>架空市審議会</td></tr></table><p>会長　開会します。</p></td></tr></table>"
        "</body></html>"
    )
    document = readers.read(page.encode(), "layout.html")
    assert document.lines() == ["会議録", "名称\t架空市審議会", "会長\u3000開会します。"]


def test_html_fragment_and_pre() -> None:
    fragment = "<p>会議録</p>\n<pre>番号\t質問\n1\t委託先はどこですか。\n</pre>"
    document = readers.read(fragment.encode(), "fragment")
    assert document.format == "html"
    assert document.lines() == ["会議録", "番号\t質問", "1\t委託先はどこですか。"]


def test_xhtml_in_shift_jis_with_ruby_and_mixed_scripts() -> None:
    page = (
        '<?xml version="1.0" encoding="Shift_JIS"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p><ruby>審議会<rp>（</rp><rt>しんぎかい</rt><rp>）</rp></ruby>の会議録</p>"
        "<p>Plan\nDo Check\n 個人情報\n保護</p></body></html>"
    )
    document = readers.read(page.encode("cp932"), "page.xhtml")
    assert (document.format, document.encoding) == ("html", "cp932")
    assert document.lines() == ["審議会の会議録", "Plan Do Check 個人情報保護"]


def test_html_declaring_latin1_for_japanese_text_is_read_as_japanese() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>会議録</p></body></html>'
    document = readers.read(page.encode("cp932"), "page.html")
    assert (document.encoding, document.lines()) == ("cp932", ["会議録"])


def test_deeply_nested_html_is_refused_quickly() -> None:
    deep = "<html><body>" + "<div>" * 100_000 + "深い" + "</div>" * 100_000 + "</body></html>"
    started = time.monotonic()
    assert "入れ子" in refusal(deep.encode(), "deep.html")
    assert time.monotonic() - started < 5


def test_html_comments_and_instructions_are_skipped_with_the_text_after_them_kept() -> None:
    page = "<html><body><p>開会<!-- 注 -->します<?php x ?>。</p><p>次に</p></body></html>"
    assert readers.read(page.encode(), "a.html").lines() == ["開会します。", "次に"]


def test_html_after_the_closing_html_tag_is_read_too() -> None:
    page = "<html><body><p>会議録</p></body></html><p>追記</p>　以上"
    assert readers.read(page.encode(), "a.html").lines() == ["会議録", "追記", "以上"]


def test_html_without_text_is_refused() -> None:
    assert (
        refusal(b"<html><body><script>x()</script></body></html>") == "読み取れる文字がありません。"
    )


# -- DOCX -------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("令和5年度第3回 架空市個人情報保護審議会 会議録")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "名称", "架空市個人情報保護審議会"
    table.cell(1, 0).text = "出席者"
    cell = table.cell(1, 1)
    cell.text = "（委員）青木、井上"
    cell.add_paragraph("（市側）情報政策課長")
    document.add_paragraph("")
    speech = document.add_paragraph("会長　それでは開会いたします。")
    speech.add_run().add_break()
    speech.add_run("本日はよろしくお願いします。")
    document.add_paragraph("\t委員\t資料１について質問します。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_document_order() -> None:
    document = readers.read(make_docx(), "minutes.bin")
    assert document.format == "docx"
    assert document.lines() == [
        "令和5年度第3回 架空市個人情報保護審議会 会議録",
        "名称\t架空市個人情報保護審議会",
        "出席者\t（委員）青木、井上\n（市側）情報政策課長",
        "会長\u3000それでは開会いたします。",
        "本日はよろしくお願いします。",
        "委員\t資料１について質問します。",
    ]
    assert isinstance(document.blocks[1], TableBlock)


def test_docx_merged_cells_are_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "議題"
    table.cell(0, 2).text = "結果"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "1", "諮問第1号", "承認"
    buffer = io.BytesIO()
    document.save(buffer)
    assert readers.read(buffer.getvalue(), "t.docx").lines() == ["議題\t結果", "1\t諮問第1号\t承認"]


def test_docx_tab_stops_and_deleted_revisions_are_not_text() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("名称\t架空市審議会")
    paragraph.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(4))
    deleted = parse_xml(
        f"<w:del {nsdecls('w')} w:id='1' w:author='事務局'>"
        "<w:r><w:tab/><w:delText>削除された語</w:delText></w:r></w:del>"
    )
    paragraph._p.append(deleted)
    buffer = io.BytesIO()
    document.save(buffer)
    assert readers.read(buffer.getvalue(), "t.docx").lines() == ["名称\t架空市審議会"]


def test_zip_that_is_not_docx_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("minutes.txt", "会議録")
    assert refusal(buffer.getvalue(), "minutes.docx") == "Word文書（DOCX）ではないZIPファイルです。"


def test_corrupt_docx_is_refused() -> None:
    data = make_docx()
    assert "壊れ" in refusal(data[: len(data) // 2], "minutes.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>壊れた")
    assert "壊れ" in refusal(buffer.getvalue(), "minutes.docx")


def test_docx_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from shingikai.ingest.readers import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    assert "展開後" in refusal(make_docx(), "bomb.docx")


# -- PDF --------------------------------------------------------------------------------------

PDF_STYLE = """
@page { size: A5; margin: 22mm 15mm;
  @top-center { content: "架空市個人情報保護審議会 会議録（" counter(page) "/" counter(pages) "）";
    font-size: 8pt }
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt } }
body { font-family: "Noto Sans CJK JP", sans-serif; font-size: 10pt }
h2 { break-before: page; font-size: 11pt }
table { border-collapse: collapse } th, td { border: 1px solid black; padding: 2px }
"""


def make_pdf(body: str, style: str = PDF_STYLE) -> bytes:
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


THREE_PAGES = (
    "<h1>会議録</h1><table><tr><th>名称</th><td>令和5年度第3回 架空市審議会</td></tr>"
    "<tr><th>出席者</th><td>青木、井上<br>上田</td></tr></table>"
    "<p>一ページ目の本文です。</p>"
    "<h2>二ページ目の見出し</h2><p>二ページ目の本文です。</p>"
    "<h2>三ページ目の見出し</h2><p>三ページ目の本文です。</p>"
)


def test_pdf_pages_in_order_without_running_heads_and_page_numbers() -> None:
    document = readers.read(make_pdf(THREE_PAGES), "minutes.pdf")
    assert document.format == "pdf"
    paragraphs = [
        (block.page, block.text) for block in document.blocks if isinstance(block, Paragraph)
    ]
    assert paragraphs == [
        (1, "会議録"),
        (1, "一ページ目の本文です。"),
        (2, "二ページ目の見出し"),
        (2, "二ページ目の本文です。"),
        (3, "三ページ目の見出し"),
        (3, "三ページ目の本文です。"),
    ]


def test_pdf_ruled_table_is_a_table_in_place() -> None:
    document = readers.read(make_pdf(THREE_PAGES), "minutes.pdf")
    assert isinstance(document.blocks[1], TableBlock)
    assert document.blocks[1].rows == (
        ("名称", "令和5年度第3回 架空市審議会"),
        ("出席者", "青木、井上\n上田"),
    )
    assert document.blocks[1].page == 1


def test_pdf_indented_line_is_marked() -> None:
    body = "".join(
        f"<p style='text-indent: 1em; margin: 0'>第{n}段落、委員の質問に担当課長が答えました。"
        "委託先での個人情報の取扱いについて、契約で定めた安全管理措置を確認しています。</p>"
        for n in range(1, 4)
    )
    lines = readers.read(make_pdf(body), "indent.pdf").lines()
    starts = [line for line in lines if "段落" in line]
    assert len(starts) == 3 and all(line.startswith("\u3000第") for line in starts)
    assert [line for line in lines if "取扱い" in line] == [
        "の取扱いについて、契約で定めた安全管理措置を確認しています。"
    ] * 3


@pytest.mark.parametrize(
    "text", ["- 3 -", "3", "3/10", "－３－", "3 / 10", "(3)", "p. 3", "3ページ", "Page 3 of 10"]
)
def test_page_number_lines(text: str) -> None:
    assert pdf_reader._is_page_number(text)


@pytest.mark.parametrize("text", ["資料3", "第3回", "3 会長あいさつ", "令和5年"])
def test_not_page_number_lines(text: str) -> None:
    assert not pdf_reader._is_page_number(text)


def test_scanned_pdf_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buffer, "PDF")
    assert refusal(buffer.getvalue(), "scan.pdf") == (
        "文字情報のないPDF（スキャン画像）です。OCRしたファイルを使ってください。"
    )


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_refused() -> None:
    data = encrypted(make_pdf("<p>非公開の会議録です。</p>"), "secret")
    assert refusal(data, "locked.pdf") == "パスワードで保護されたPDFは読み込めません。"


def test_pdf_encrypted_without_a_user_password_is_read() -> None:
    data = encrypted(make_pdf("<p>印刷制限だけの会議録です。</p>"), "")
    assert "印刷制限だけの会議録です。" in readers.read(data, "restricted.pdf").lines()


@pytest.mark.parametrize("cut", [0.5, 0.05])
def test_corrupt_pdf_is_refused(cut: float) -> None:
    data = make_pdf("<p>会議録</p>")
    assert (
        refusal(data[: int(len(data) * cut)], "broken.pdf")
        == "PDFファイルが壊れているため読み込めません。"
    )


def test_pdf_over_the_page_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    monkeypatch.setattr(pdf_reader, "TOO_MANY_PAGES", "ページ数が多すぎます（2ページまで）。")
    assert "ページ数" in refusal(make_pdf(THREE_PAGES), "long.pdf")


# -- seeds ------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not present beside the repository"
)
@pytest.mark.parametrize(
    "seed", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda path: path.name
)
def test_seed_files_read_as_utf8_text(seed: Path) -> None:
    data = seed.read_bytes()
    document = readers.read(data, seed.name)
    assert (document.format, document.encoding) == ("text", "utf-8")
    non_empty = [line for line in data.decode().splitlines() if line.strip()]
    assert len(document.lines()) == len(non_empty) > 50


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not present beside the repository"
)
@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_seed_files_in_legacy_encodings_read_the_same(encoding: str) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        data = seed.read_text(encoding="utf-8").encode(encoding, errors="replace")
        document = readers.read(data, seed.name)
        expected = [line for line in data.decode(encoding).splitlines() if line.strip()]
        assert (document.encoding, document.lines()) == (encoding, expected), seed.name
