"""Normalisation of extracted lines: letter spacing, widths, broken lines, dates and numbers."""

from __future__ import annotations

from datetime import date, time

import pytest

from shingikai.ingest.normalize import (
    display_width,
    join_broken_lines,
    normalize_line,
    parse_datetime_phrase,
    to_int,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # letter-spaced words closed up
        ("会 議 録", "会議録"),
        (" 会　議　録 ", "会議録"),
        ("名  称 令和４年度第７回 架空市審議会", "名称 令和4年度第7回 架空市審議会"),
        ("事 務 局 総務部長 架空太郎", "事務局 総務部長 架空太郎"),
        ("審議開始日 令和3年6月9日(水) 議 決 日 令和3年6月28日(月)",
         "審議開始日 令和3年6月9日(水) 議決日 令和3年6月28日(月)"),
        ("【会 長】それでは開会します。", "【会長】それでは開会します。"),
        ("【情報政策課長】説明します。", "【情報政策課長】説明します。"),
        # numbers set apart by extraction
        ("資料 1 8", "資料18"),
        ("令和 4 年度第 6 回", "令和4年度第6回"),
        ("平成 1 6 年度から実施", "平成16年度から実施"),
        ("資料 1 8 及び資料 1 9 の 2 件です。", "資料18及び資料19の2件です。"),
        ("資料 2 0 - 1 「委託仕様書」A 4 横 1 枚", "資料20-1「委託仕様書」A4横1枚"),
        ("午後 2 時から", "午後2時から"),
        # real spaces kept
        ("山田健太 斉木秀憲", "山田健太 斉木秀憲"),
        ("出席委員 青木一郎 井上花子 上田次郎", "出席委員 青木一郎 井上花子 上田次郎"),
        ("1 区からの委嘱 2 会長あいさつ 3 諮問事項", "1 区からの委嘱 2 会長あいさつ 3 諮問事項"),
        ("1 日程について", "1 日程について"),
        ("１ 会長あいさつ", "1 会長あいさつ"),
        ("会長  それでは、開会します。", "会長 それでは、開会します。"),
        ("日時 令和4年12月27日(火) 午後2時00分～午後3時37分",
         "日時 令和4年12月27日(火) 午後2時00分～午後3時37分"),
        ("ISO 27001 の認証", "ISO 27001 の認証"),
        # widths: letters and digits half-width, kana full-width, punctuation as written
        ("ＵＳＢメモリー（１個）", "USBメモリー（1個）"),
        ("ｶﾅ氏名「架空」、", "カナ氏名「架空」、"),
        ("資料１－２", "資料1－2"),
        # cells and lines inside a line are kept apart
        ("名　称\t令和 5 年度\t", "名称\t令和5年度\t"),
        ("\t<p>続き</p>", "\t<p>続き</p>"),
        ("出席者\t（委員）青木\n（市側）課長", "出席者\t（委員）青木\n（市側）課長"),
        ("", ""),
        ("  \u3000 ", ""),
    ],
)  # fmt: skip
def test_normalize_line(text: str, expected: str) -> None:
    assert normalize_line(text) == expected


def test_normalize_line_is_idempotent() -> None:
    for text in ("会 議 録", "資料 1 8 及び", "山田健太 斉木秀憲", "名  称 令和４年度"):
        once = normalize_line(text)
        assert normalize_line(once) == once


# -- broken lines -------------------------------------------------------------------------------

FULL = "それでは議事に入ります。本日の案件は諮問事項が三件、報告事項が一件となります。"
assert len(FULL) == 39  # full-width characters up to the right margin


OPEN = "それでは議事に入ります。本日の案件は諮問事項が三件、報告事項が一件でございま"
ITEM = "（３）介護保険システムの更改に伴う業務の外部委託及び電子計算組織の外部結合"


def page(*lines: str) -> list[str]:
    """Lines as a PDF lays them out, after full lines that set the right margin."""
    return [FULL, FULL, FULL, *lines]


def test_join_a_word_broken_at_the_margin() -> None:
    head = "（区側）企画経営部長、広報課長、情報課長、税務課長、戸籍住民課長、地域振興課"
    joined = join_broken_lines(page(head, "長、文化・交流課長、住宅課長"))
    assert joined[-1] == head + "長、文化・交流課長、住宅課長"


def test_join_a_sentence_broken_after_a_comma() -> None:
    first = "なるべく多くのご意見をいただきたいと思いますので、各委員の発言は、簡潔かつ、"
    joined = join_broken_lines(page(first, "明瞭にお願いします。"))
    assert joined[-1] == first + "明瞭にお願いします。"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a finished sentence at the margin
        (FULL, "次に"),
        # a short line ends a paragraph
        ("以上です", "次の議題に移ります。"),
        # a paragraph's last line leaves a trailing space behind
        (OPEN + " ", "す。"),
        # the next line is indented: a new paragraph
        (OPEN, "　本日は"),
        # the next line opens with a label and a space: a new speaker
        (ITEM, "会長 続きまして"),
        # a list of names at the margin
        ("出席委員 青木一郎 井上花子 上田次郎 江藤三郎 大野四郎 加藤五郎 木村六郎 工藤", "七郎"),
        # a table row
        ("名称\t令和5年度第3回 架空市個人情報保護審議会 会議録 第一庁舎五階 庁議室 審議", "会"),
        # the next line starts with numbering
        (ITEM, "（２）報告"),
    ],
)  # fmt: skip
def test_lines_not_joined(first: str, second: str) -> None:
    lines = page(first, second)
    assert join_broken_lines(lines) == lines


def test_a_line_that_begins_something_is_not_joined() -> None:
    lines = page(OPEN, "区側")
    assert join_broken_lines(lines, starts=lambda line: line == "区側") == lines
    assert join_broken_lines(lines)[-1].endswith("ございま区側")


def test_join_latin_words() -> None:
    lines = ["The council reviewed the contract terms and the data flow with the vendor and"] * 3
    assert join_broken_lines([*lines, "agreed."])[-1].endswith("vendor and agreed.")
    assert join_broken_lines([*lines[:2], lines[2][:-4] + " infor-", "mation."])[-1].endswith(
        "vendor information."
    )


def test_join_across_several_lines_and_keep_everything_else() -> None:
    lines = [*page("会議録", OPEN, OPEN, "す。"), "会長 開会します。"]
    assert join_broken_lines(lines) == [*page("会議録", OPEN + OPEN + "す。"), "会長 開会します。"]


def test_join_nothing_in_short_documents() -> None:
    assert join_broken_lines([]) == []
    assert join_broken_lines(["地域振興課", "長"]) == ["地域振興課", "長"]


def test_display_width() -> None:
    assert display_width("会議録 A1") == 9


# -- dates, times, numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和２年２月３日（月）午後２時から午後５時まで", (date(2020, 2, 3), time(14), time(17))),
        ("令和4年12月27日(火) 午後2時00分～午後3時37分",
         (date(2022, 12, 27), time(14), time(15, 37))),
        ("日  時 令和４年１２月２７日(火) 午後２時００分～午後３時３７分",
         (date(2022, 12, 27), time(14), time(15, 37))),
        ("令和 4 年 11 月 17 日(木) 午前 10 時 ～ 正午", (date(2022, 11, 17), time(10), time(12))),
        ("令和5年1月10日（火）午前10時開会", (date(2023, 1, 10), time(10), None)),
        ("令和元年5月7日 14:00-15:30", (date(2019, 5, 7), time(14), time(15, 30))),
        ("審議開始日 令和3年6月9日(水) 議決日 令和3年6月28日(月)", (date(2021, 6, 9), None, None)),
        ("午後２時～３時３７分", (None, time(14), time(15, 37))),
        ("令和5年1月10日 午前10時30分開会、午後0時15分閉会",
         (date(2023, 1, 10), time(10, 30), time(12, 15))),
        ("令和5年1月10日（約3時間）", (date(2023, 1, 10), None, None)),
        ("開催日未定", (None, None, None)),
    ],
)  # fmt: skip
def test_parse_datetime_phrase(
    text: str, expected: tuple[date | None, time | None, time | None]
) -> None:
    assert parse_datetime_phrase(text) == expected


def test_parse_datetime_phrase_with_a_backwards_range_keeps_the_start() -> None:
    assert parse_datetime_phrase("令和5年1月10日 午後3時から午後2時まで") == (
        date(2023, 1, 10),
        time(15),
        None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18", 18), ("１８", 18), ("十八", 18), ("二〇二二", 2022), ("元", 1), ("1 8", 18),
     ("１，０００", 1000), ("", None), ("なし", None), ("約十", None)],
)  # fmt: skip
def test_to_int(text: str, expected: int | None) -> None:
    assert to_int(text) == expected
