"""Which files are published, and the register as machine-readable CSV. Pure."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from shingikai.reports import register


@pytest.mark.parametrize(
    ("persons", "publish_all", "published"),
    [(999, False, False), (1000, False, True), (999, True, True), (0, True, True)],
)
def test_it_publishes_files_of_1000_persons_or_all_when_the_municipality_says_so(
    persons: int, publish_all: bool, published: bool
) -> None:
    assert (
        register.must_publish(persons, publish_all=publish_all, abolished=False, exempt=False)
        is published
    )


@pytest.mark.parametrize(("abolished", "exempt"), [(True, False), (False, True)])
def test_it_never_publishes_an_abolished_or_exempt_file(abolished: bool, exempt: bool) -> None:
    assert not register.must_publish(5000, publish_all=True, abolished=abolished, exempt=exempt)


def test_it_says_why_a_file_is_or_is_not_published() -> None:
    def reason(persons: int, publish_all: bool = False) -> str:
        return register.publication_reason(
            persons, publish_all=publish_all, abolished=False, exempt=False
        )

    assert reason(1000) == "本人の数が1,000人以上のため公表します。"
    assert reason(999) == "本人の数が1,000人未満のため公表の対象外です（公表は任意）。"
    assert "すべてのファイルを公表する設定" in reason(999, publish_all=True)


def entry(**changes: object) -> register.Entry:
    values: dict[str, object] = {
        "municipality_code": "139999",
        "municipality": "テスト区",
        "name": "健康診査受診者ファイル",
        "organisation": "テスト区長",
        "department": "保健所健康推進課",
        "purpose": "健康診査の実施のため。",
        "recorded_items": "氏名\n住所\n生年月日\n",
        "subjects": "健康診査の受診者",
        "collection": "本人から",
        "sensitive": True,
        "recipients": "",
        "request_office": "テスト区 区政情報課\n東京都テスト区1-1",
        "other_procedures": "",
        "file_type": "electronic",
        "persons": 182000,
        "remarks": "①委託先あり㈱テスト",
        "registered_on": dt.date(2023, 4, 1),
        "revised_on": None,
    }
    return register.Entry(**(values | changes))  # type: ignore[arg-type]


def test_it_writes_one_header_row_and_one_file_per_row_in_utf8_with_bom() -> None:
    data = register.csv_bytes([entry(), entry(name="別のファイル", sensitive=False)])

    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == 3
    header, first, second = list(csv.reader(io.StringIO(text)))
    assert header == list(register.COLUMNS)
    assert "個人情報ファイルの名称" in header
    assert "本人の数（人）" in header
    row = dict(zip(header, first, strict=True))
    assert row["記録項目"] == "氏名、住所、生年月日"
    assert row["要配慮個人情報が含まれるときは、その旨"] == "含む"
    assert (
        row["開示請求等を受理する組織の名称及び所在地"] == "テスト区 区政情報課、東京都テスト区1-1"
    )
    assert row["個人情報ファイルの種別"] == "電算処理ファイル"
    assert row["本人の数（人）"] == "182000"
    assert row["作成年月日"] == "2023-04-01"
    assert row["最終変更年月日"] == ""
    assert row["備考"] == "1委託先あり(株)テスト"
    assert (
        dict(zip(header, second, strict=True))["要配慮個人情報が含まれるときは、その旨"]
        == "含まない"
    )


def test_it_adds_the_publication_column_for_the_internal_csv() -> None:
    data = register.csv_bytes([entry(published=False)], internal=True)

    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[-1] == "公表"
    assert row[-1] == "非公表"


def test_it_keeps_every_cell_on_one_line() -> None:
    cells = register.row(entry(purpose="一行目\n\n二行目。\n三行目"))

    assert all("\n" not in str(c) for c in cells)
    assert cells[5] == "一行目、二行目。三行目"
