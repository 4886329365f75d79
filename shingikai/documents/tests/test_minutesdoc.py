"""The minutes document (会議録) from plain content (pure): its blocks, the HTML, and the
Word and PDF files read back."""

from __future__ import annotations

import unittest

from shingikai.documents.blocks import Heading, Paragraph, Table
from shingikai.documents.minutesdoc import (
    MinutesContent,
    QaTable,
    Speech,
    SpeechSection,
    minutes_document,
    minutes_docx,
    minutes_html,
    minutes_pdf,
)
from shingikai.documents.tests.readback import A4_HEIGHT, A4_WIDTH, read_docx, read_pdf, squeeze

NAME = "令和4年度第7回 世田谷区情報公開・個人情報保護審議会"
HEADER = (
    ("名称", NAME),
    ("日時", "令和4年12月27日（火） 午後2時00分～午後3時37分"),
    ("会場", "世田谷区役所 第１庁舎５階 庁議室"),
    ("出席委員", "山田健太　斉木秀憲　旦尾衛（遅れて参加）"),
    ("配付資料", "資料1　審議資料No.1\n資料2　審議資料No.2"),
)
SECTIONS = (
    SpeechSection(
        "開会",
        (
            Speech("会長", "ただいまから開会いたします。\n本日の出席について報告をお願いします。"),
            Speech("区政情報課長", "現在過半数の委員の出席がございます。"),
        ),
    ),
    SpeechSection(
        "1　諮問第999号 出産・子育て応援事業",
        (
            Speech("委員", "<script>alert(1)</script>を確認したい。"),
            Speech("会長", "本件について、ご異議ございませんか。"),
            Speech("", "「異議なし」の声", is_direction=True),
            Speech("会長", "異議なしと認め、承認します。"),
        ),
    ),
    SpeechSection("2　非公開の議題", (Speech("会長", "非公開で審議します。"),), closed=True),
)
QA = (QaTable("諮問事項1～3に共通", (("1", "区の電子計算組織の定義は？", "区が保有するもの"),)),)


def content(**overrides: object) -> MinutesContent:
    values: dict[str, object] = {
        "name": NAME,
        "header": HEADER,
        "sections": SECTIONS,
        "qa": QA,
        "author": "世田谷区情報公開・個人情報保護審議会",
        "draft": True,
        "status_line": "案（作成中）",
    }
    values.update(overrides)
    return MinutesContent(**values)  # type: ignore[arg-type]


class BlockTests(unittest.TestCase):
    def test_it_lays_out_title_header_speech_and_questions(self) -> None:
        doc = minutes_document(content())

        self.assertEqual(doc.blocks[0], Paragraph("会議録", "doc-title"))
        self.assertEqual(doc.blocks[1], Paragraph("案（作成中）", "right"))
        self.assertIsInstance(doc.blocks[2], Table)
        self.assertEqual(doc.blocks[2].role, "kv")  # type: ignore[union-attr]
        headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
        self.assertEqual(
            headings,
            [
                "発言の記録",
                "開会",
                "1　諮問第999号 出産・子育て応援事業",
                "2　非公開の議題（非公開）",
                "質問と区の考え方",
                "諮問事項1～3に共通",
            ],
        )
        self.assertEqual(doc.page.header, f"{NAME}　会議録")
        self.assertTrue(doc.page.draft)

    def test_it_says_when_there_is_no_speech(self) -> None:
        doc = minutes_document(content(sections=(), qa=()))

        self.assertIn(Paragraph("発言の記録はありません。", "none"), doc.blocks)


class HtmlTests(unittest.TestCase):
    def test_it_prints_labels_in_bold_and_directions_in_parentheses(self) -> None:
        page = minutes_html(content(), fragment=True)

        self.assertIn(
            '<p class="speech"><strong>○会長</strong>　ただいまから開会いたします。</p>'
            '<p class="speech-cont">本日の出席について報告をお願いします。</p>',
            page,
        )
        self.assertIn('<p class="direction">（「異議なし」の声）</p>', page)
        self.assertIn("&lt;script&gt;", page)
        self.assertNotIn("<script>", page)
        self.assertTrue(page.startswith('<article class="casedoc minutesdoc draft">'))

    def test_it_makes_a_standalone_japanese_page(self) -> None:
        page = minutes_html(content(draft=False))

        self.assertTrue(page.startswith('<!DOCTYPE html>\n<html lang="ja">'))
        self.assertIn(f"<title>会議録 {NAME}</title>", page)
        self.assertIn("size: A4 portrait", page)
        self.assertNotIn('@top-left { content: "案"; }', page)


class WordTests(unittest.TestCase):
    def test_it_writes_the_header_table_and_bold_speaker_labels(self) -> None:
        word = read_docx(minutes_docx(content()))

        self.assertEqual(word.paragraphs("Doc Title"), ["会議録"])
        rows = word.kv_rows()
        self.assertEqual(rows["名称"], NAME)
        self.assertEqual(rows["配付資料"], "資料1　審議資料No.1\n資料2　審議資料No.2")
        self.assertIn("○会長　ただいまから開会いたします。", word.paragraphs())
        self.assertEqual(
            word.next_paragraph("○会長　ただいまから開会いたします。"),
            "本日の出席について報告をお願いします。",
        )
        self.assertIn("（「異議なし」の声）", word.paragraphs())
        label = next(
            p for p in word.document.paragraphs if p.text.startswith("○区政情報課長")
        ).runs[0]
        self.assertEqual(label.text, "○区政情報課長")
        self.assertTrue(label.bold)
        self.assertEqual(
            word.table_after("諮問事項1～3に共通")[1],
            [  # type: ignore[index]
                "1",
                "区の電子計算組織の定義は？",
                "区が保有するもの",
            ],
        )

    def test_it_sets_a4_page_numbers_and_the_draft_mark(self) -> None:
        word = read_docx(minutes_docx(content()))

        section = word.document.sections[0]
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        self.assertIn("PAGE", word.footer_xml())
        self.assertIn("NUMPAGES", word.footer_xml())
        self.assertIn(">案<", word.header_xml())
        self.assertEqual(word.document.core_properties.title, f"会議録 {NAME}")

    def test_it_leaves_the_draft_mark_off_approved_minutes(self) -> None:
        word = read_docx(minutes_docx(content(draft=False, status_line="令和5年2月3日 承認")))

        self.assertNotIn(">案<", word.header_xml())


class PdfTests(unittest.TestCase):
    def test_it_prints_a4_pages_with_japanese_text_and_numbers(self) -> None:
        pdf = read_pdf(minutes_pdf(content()))

        for width, height in pdf.sizes:
            self.assertAlmostEqual(width, A4_WIDTH, delta=1)
            self.assertAlmostEqual(height, A4_HEIGHT, delta=1)
        first = squeeze(pdf.texts[0])
        self.assertIn("会議録", first)
        self.assertIn(squeeze(NAME), pdf.squeezed())
        self.assertIn("○会長ただいまから開会いたします。", pdf.squeezed())
        self.assertIn("（「異議なし」の声）", pdf.squeezed())
        self.assertIn(squeeze("2　非公開の議題（非公開）"), pdf.squeezed())
        self.assertIn(f"1/{len(pdf.sizes)}", first)

    def test_it_sets_the_speaker_label_in_a_bold_face(self) -> None:
        pdf = read_pdf(minutes_pdf(content()))

        chars = [c for page in pdf.chars for c in page]
        text = "".join(c["text"] for c in chars)
        start = text.index("○区政情報課長")
        label_fonts = {c["fontname"] for c in chars[start : start + 7]}
        body_fonts = {c["fontname"] for c in chars[start + 8 : start + 12]}
        self.assertTrue(all("Bold" in f for f in label_fonts), label_fonts)
        self.assertFalse(any("Bold" in f for f in body_fonts), body_fonts)
