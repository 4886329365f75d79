"""The HTML builder: escaping, widths, the page header CSS."""

from __future__ import annotations

import re

from shingikai.documents.blocks import Column, Document, Figure, Paragraph, Table
from shingikai.documents.htmldoc import Markup, css_string, document_html, el, width_classes


def test_it_escapes_text_and_attributes_but_not_markup() -> None:
    assert el("p", "<b>&", class_='"x"') == '<p class="&quot;x&quot;">&lt;b&gt;&amp;</p>'
    assert el("div", Markup("<br>"), aria_label="図") == '<div aria-label="図"><br></div>'


def test_it_makes_column_widths_that_sum_to_a_hundred() -> None:
    assert width_classes([1, 1, 1]) == [34, 33, 33]
    assert sum(width_classes([0.8, 1.7, 1.7, 2.25, 2.3, 1.6, 1.15, 1.5, 1.3, 1.7])) == 100


def test_it_quotes_css_strings_so_they_cannot_break_out() -> None:
    quoted = css_string('諮問第1号"; } </style><script>')
    assert quoted.startswith('"諮問第1号') and quoted.endswith('"')
    assert not re.search(r'["<>;{}]', quoted[1:-1])


def test_it_puts_header_and_draft_mark_into_page_margin_boxes() -> None:
    doc = Document("件名", "諮問第1号", True, "", (Paragraph("本文"),))
    page = document_html(doc)
    assert '@top-right { content: "諮問第1号"; }' in page
    assert '@top-left { content: "案"; }' in page
    assert '<article class="casedoc draft">' in page


def test_it_inlines_the_svg_without_its_xml_prologue() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    doc = Document("件名", "", False, "", (Figure(svg, "流れ図"),))
    fragment = document_html(doc, fragment=True)
    assert '<figure class="diagram" role="img" aria-label="流れ図"><svg ' in fragment
    assert "<?xml" not in fragment and "DOCTYPE" not in fragment


def test_it_marks_kv_labels_as_row_headers_and_narrow_tables_by_class() -> None:
    table = Table((Column("項目", 1),), ((("氏名",),),), width=0.5)
    kv = Table((Column("項目", 1), Column("内容", 1)), ((("a",), ("b", "c")),), role="kv")
    fragment = document_html(Document("t", "", False, "", (table, kv)), fragment=True)
    assert '<table class="grid w-50">' in fragment
    assert '<th scope="row">a</th><td>b<br>c</td>' in fragment
