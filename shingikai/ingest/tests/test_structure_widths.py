"""Values are kept as written (docs/minutes-json.md): full-width letters and digits stay
full-width in the record, while matching and parsing treat both widths alike.

Each seed is structured as it is and with its digits and capital letters set in the other
width; both must give the same record, every value in the width of its own source, every
parsed value (dates, times, counts, numbers, indexes) the same. Only where PDF lines were
broken may the two differ: mending them goes by display width, which the other width changes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from shingikai.ingest import normalize
from shingikai.ingest.readers import read
from shingikai.ingest.structure import agenda, header, qa, speakers, structure
from shingikai.ingest.structure.outcomes import Tally

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
# The seeds and the widths they have letters or digits in to convert: 000 writes all of them
# full-width, 001, 003 and 004 all half-width, 002 both.
CONVERSIONS = [
    ("000", "narrow"),
    ("001", "wide"),
    ("002", "narrow"),
    ("002", "wide"),
    ("003", "wide"),
    ("004", "wide"),
]
_NARROW = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WIDE = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
WIDTHS = {"wide": str.maketrans(_NARROW, _WIDE), "narrow": str.maketrans(_WIDE, _NARROW)}
# Parsed values: ISO dates and times stay ASCII whatever the source writes.
PARSED = frozenset({"date", "start_time", "end_time"})


@cache
def seed_text(seed: str) -> str:
    found = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not found:
        pytest.skip(f"seed minutes not found in {SEEDS} (the shared seeds are not checked out)")
    return found[0].read_text(encoding="utf-8")


def record_of(text: str) -> dict[str, Any]:
    data = structure(read(text.encode("utf-8"), "minutes.txt")).as_json()
    del data["source"]  # the file's hash differs
    return data


def converted(value: Any, table: dict[int, str], key: str = "") -> Any:
    """A record's JSON with every value string (parsed ones aside) set in another width."""
    if isinstance(value, dict):
        return {k: converted(v, table, k) for k, v in value.items()}
    if isinstance(value, list):
        return [converted(v, table, key) for v in value]
    if isinstance(value, str) and key not in PARSED:
        return value.translate(table)
    return value


def unbroken(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its turns' line breaks taken out."""
    for utterance in record["utterances"]:
        utterance["text"] = utterance["text"].replace("\n", "")
    return record


@pytest.mark.parametrize(("seed", "width"), CONVERSIONS)
def test_the_other_width_gives_the_same_record_in_that_width(seed: str, width: str) -> None:
    text = seed_text(seed)
    table = WIDTHS[width]
    assert text.translate(table) != text
    expected = converted(record_of(text), table)
    assert unbroken(record_of(text.translate(table))) == unbroken(expected)


def test_full_width_values_come_out_full_width() -> None:
    record = record_of(
        "会議録\n"
        "名称 令和５年度第２回 桜台市個人情報保護審議会\n"
        "日時 令和５年７月１０日（月）午前１０時００分～午前１１時３０分\n"
        "会場 桜台市役所 本庁舎３階 第１会議室\n"
        "出席委員 青木一郎 石川二郎\n"
        "傍聴者 ２人\n"
        "議題\n"
        "（１） 諮問第１２号 ＵＳＢメモリの外部委託について\n"
        "会議の経過\n"
        "会長 それでは、諮問第12号について説明をお願いします。\n"
        "総務課長 ＵＳＢメモリを１２本使います。\n"
        "会長 諮問第１２号については、賛成２名、反対０名で承認とします。\n"
    )
    assert record["title"] == "令和５年度第２回 桜台市個人情報保護審議会"
    assert (record["fiscal_year"], record["ordinal"]) == (2023, 2)
    assert (record["date"], record["start_time"], record["end_time"]) == (
        "2023-07-10",
        "10:00",
        "11:30",
    )
    assert record["venue"] == "桜台市役所 本庁舎３階 第１会議室"
    assert record["observers"] == 2
    [item] = record["agenda"]
    assert (item["number"], item["title"]) == ("諮問第１２号", "ＵＳＢメモリの外部委託について")
    assert item["outcome"] == "approved"
    assert item["votes"] == {"for": 2, "against": 0, "present": None}
    assert [u["text"] for u in record["utterances"]][1] == "ＵＳＢメモリを１２本使います。"
    assert {u["agenda_index"] for u in record["utterances"]} == {0}


# -- the two forms of a line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("名  称 令和４年度第７回 架空市審議会", "名称 令和４年度第７回 架空市審議会"),
        ("令和 ４ 年度第 ７ 回", "令和４年度第７回"),
        ("資料 １ ８ 及び資料 １ ９", "資料１８及び資料１９"),
        ("場  所 架空区役所 第１庁舎５階 庁議室 ", "場所 架空区役所 第１庁舎５階 庁議室"),
        ("ＤＸ推進担当課長 架空太郎", "ＤＸ推進担当課長 架空太郎"),
        ("ｶﾅ氏名（１個）", "ｶﾅ氏名（１個）"),
        ("１ 会長あいさつ", "１ 会長あいさつ"),
        ("名　称\t令和 ５ 年度\t", "名称\t令和５年度\t"),
    ],
)
def test_repair_line_keeps_the_characters(text: str, expected: str) -> None:
    assert normalize.repair_line(text) == expected
    assert normalize.normalize_line(text) == normalize.normalize_line(expected)


def test_fold_keeps_positions() -> None:
    written = "諮問第９９９号（ＵＳＢ）　１２：３０"
    folded = normalize.fold(written)
    assert folded == "諮問第999号(USB) 12:30"
    assert len(folded) == len(written)
    assert normalize.fold("会議録") == "会議録"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc 12", 6),
        ("会議録 A1", 9),
        ("ＡＢ１２", 8),
        ("ｶﾅ", 2),
        ("令和４年、", 10),
        ("𠮷野家", 6),  # plane 2
        ("한국", 4),
        ("Ωé–", 3),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert normalize.display_width(text) == width


# -- the parts cut values from the written text ---------------------------------------------


def test_header_values_as_written() -> None:
    assert header.header_label("名称 令和４年度第７回 架空区審議会") == (
        header.TITLE,
        "名称",
        "令和４年度第７回 架空区審議会",
    )
    assert header.header_label("１．日時：令和４年１２月２７日") == (
        header.WHEN,
        "日時",
        "令和４年１２月２７日",
    )
    name = "令和４年度第７回 架空区情報公開・個人情報保護審議会会議録"
    assert header.council(name) == "架空区情報公開・個人情報保護審議会"
    assert (header.fiscal_year(name), header.ordinal(name)) == (2022, 7)


def test_agenda_numbers_as_written_and_matched_by_value() -> None:
    item = agenda.make_item(agenda.OTHER, "諮問第 ９９９ 号 外部委託について")
    assert (item.record.number, item.record.title) == ("諮問第９９９号", "外部委託について")
    assert item.record.kind == agenda.CONSULTATION
    kanji = agenda.make_item(agenda.OTHER, "報告第千号 事故の報告について")
    items = [item, kanji]
    assert agenda.by_number(items, "諮問第999号について") == 0
    assert agenda.by_number(items, "報告第１０００号") == 1
    assert agenda.by_number(items, "報告第999号") is None
    assert agenda.marker("（２）　個人情報の取扱いについて") == (2, "個人情報の取扱いについて")
    [(_, reference, title)] = agenda.discover("次に、資料１８「ＤＸ推進の委託について」です。")
    assert (reference, title) == ("資料１８「", "ＤＸ推進の委託について")
    assert agenda.new_item(reference, title).material == "資料18"


def test_speakers_and_questions_as_written() -> None:
    label = speakers.candidate("○ＤＸ推進担当課長 説明します。（資料により説明）")
    assert label is not None and label.speaker == "ＤＸ推進担当課長"
    assert speakers.role(label.speaker, ("DX推進担当課長",)) == "secretariat"
    assert speakers.split_stage("説明します。（約１０分）") == ("説明します。", ["（約１０分）"])
    assert speakers.is_stage_line("（資料により説明）（約１１分）")
    assert qa.is_header(["Ｎｏ", "質問", "回答"])
    assert qa.row(["１２", "ＵＳＢは？", "使いません。"]) == (12, "ＵＳＢは？", "使いません。")
    assert qa.is_section("諮問事項１～３に共通")
    tally = Tally()
    tally.count("賛成１７名、反対０名です。")
    assert tally.votes is not None and (tally.votes.for_, tally.votes.against) == (17, 0)
