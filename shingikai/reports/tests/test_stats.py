"""The statistics arithmetic, the comparison of years and the CSV. Pure: no database."""

from __future__ import annotations

import csv
import io

from shingikai.reports import stats, statsreport
from shingikai.reports.stats import Figures

FY2022 = Figures(
    requests=12, disclosed=6, partly_disclosed=4, withdrawn=1, pending=1, appeals=1, rejected=1
)
FY2023 = Figures(requests=9, disclosed=4, partly_disclosed=4, no_document=1)


def test_it_accepts_outcomes_that_add_up_to_the_requests() -> None:
    assert stats.problems(FY2022) == {}
    assert stats.problems(Figures()) == {}


def test_it_puts_the_message_on_the_total_that_does_not_add_up() -> None:
    found = stats.problems(Figures(requests=10, disclosed=4, appeals=2, upheld=1))

    assert found == {
        "requests": "全部開示から処理中までの合計（4件）が請求件数（10件）と一致しません。",
        "appeals": "認容から審理中までの合計（1件）が審査請求件数（2件）と一致しません。",
    }


def test_it_counts_pending_requests_in_the_total() -> None:
    assert stats.problems(Figures(requests=3, disclosed=2, pending=1)) == {}
    assert "requests" in stats.problems(Figures(requests=3, disclosed=2))


def test_it_compares_years_with_the_latest_change() -> None:
    comparison = stats.compare("public_documents", {2022: FY2022, 2023: FY2023}, (2021, 2022, 2023))

    requests = comparison.row("requests")
    assert comparison.label == "公文書の開示請求"
    assert comparison.year_labels == ("令和3年度", "令和4年度", "令和5年度")
    assert requests.values == (None, 12, 9)
    assert requests.changes == (None, -3)
    assert requests.change == -3
    assert comparison.row("no_document").change == 1
    assert comparison.row("partly_disclosed").change == 0
    assert comparison.row("appeals").values == (None, 1, 0)


def test_it_writes_changes_with_their_sign() -> None:
    assert [stats.format_change(c) for c in (3, -2, 0, None, 1200)] == [
        "+3",
        "−2",
        "±0",
        "—",
        "+1,200",
    ]


def test_it_years_up_to_the_report_year_oldest_first() -> None:
    assert stats.years_up_to(2023, 3) == (2021, 2022, 2023)


def test_it_turns_the_comparison_into_table_rows() -> None:
    comparison = stats.compare("public_documents", {2022: FY2022, 2023: FY2023}, (2022, 2023))

    rows = statsreport.table_rows(comparison.requests)

    assert statsreport.columns(comparison) == ("区分", "令和4年度", "令和5年度", "前年度比")
    assert rows[0] == ("請求件数", "12", "9", "−3")
    assert rows[4] == ("不存在", "0", "1", "+1")
    assert [r[0] for r in rows] == [
        "請求件数",
        "全部開示",
        "一部開示",
        "不開示",
        "不存在",
        "取下げ",
        "処理中",
    ]


def test_it_writes_the_csv_with_a_bom_one_row_per_year_and_category() -> None:
    data = stats.csv_bytes(
        [
            stats.CsvRow("131121", "世田谷区", 2023, "public_documents", FY2023, "注記\nあり"),
            stats.CsvRow("131121", "世田谷区", 2023, "personal_information", Figures()),
        ]
    )

    assert data.startswith(b"\xef\xbb\xbf")
    header, first, second = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:5] == [
        "全国地方公共団体コード",
        "地方公共団体名",
        "年度",
        "区分",
        "請求件数（件）",
    ]
    assert len(header) == len(first) == 19
    assert first[:7] == ["131121", "世田谷区", "2023", "公文書の開示請求", "9", "4", "4"]
    assert first[-1] == "注記、あり"
    assert second[3] == "自己情報の開示請求"
