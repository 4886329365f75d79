"""The bar chart: well-formed SVG with the figures and labels as text. Pure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from shingikai.reports import chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 5), (5, 5), (6, 10), (29, 30), (146, 150), (241, 250), (521, 750)]
)
def test_it_rounds_the_axis_up_to_a_whole_step(value: int, ceiling: int) -> None:
    assert chart.nice_ceiling(value) == ceiling


def test_it_draws_one_bar_per_year_and_category_with_its_value() -> None:
    svg = chart.bar_chart(
        "公文書の開示請求：決定の内容（年度別）",
        ["全部開示", "一部開示"],
        [chart.Series("令和4年度", (181, 205)), chart.Series("令和5年度", (197, None))],
    )

    root = ET.fromstring(svg)  # noqa: S314 - our own SVG
    texts = [t.text for t in root.iter(f"{SVG}text")]
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert root.get("font-family", "").startswith("'Noto Sans CJK JP'")
    assert root.find(f"{SVG}title").text == "公文書の開示請求：決定の内容（年度別）"
    assert {"全部開示", "一部開示", "令和4年度", "令和5年度", "181", "205", "197"} <= set(texts)
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "全部開示 令和4年度：181",
        "全部開示 令和5年度：197",
        "一部開示 令和4年度：205",
    ]
    assert "style=" not in svg


def test_it_escapes_labels() -> None:
    svg = chart.bar_chart("<script>", ["A&B"], [chart.Series("x<y", (1,))])

    ET.fromstring(svg)  # noqa: S314 - our own SVG
    assert "<script>" not in svg
