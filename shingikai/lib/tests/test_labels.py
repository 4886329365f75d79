"""Tests for shingikai.lib.labels: parsing, ordering and proposing material labels."""

from __future__ import annotations

import random

import pytest

from shingikai.lib.labels import Label, next_label, normalize_label, parse_label, sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("資料18", Label("資料", 18)),
        ("資料18-2", Label("資料", 18, 2)),
        ("参考資料18-1", Label("参考資料", 18, 1)),
        ("参考資料1", Label("参考資料", 1)),
        ("審議資料No.1", Label("審議資料", 1)),
        ("審議資料Ｎｏ．３", Label("審議資料", 3)),
        ("審議資料 2", Label("審議資料", 2)),
        # Transcripts space out digits and write them full-width.
        ("資料 1 8 - 2", Label("資料", 18, 2)),
        ("資料１８－２", Label("資料", 18, 2)),
        ("資料　１８ー２", Label("資料", 18, 2)),
        ("資料18‐2", Label("資料", 18, 2)),
        ("資料18の2", Label("資料", 18, 2)),
        ("資料十八", Label("資料", 18)),
        ("  参考資料 １８ − １ ", Label("参考資料", 18, 1)),
    ],
)
def test_it_parses_labels_in_any_spelling(text: str, expected: Label) -> None:
    assert parse_label(text) == expected


@pytest.mark.parametrize("text", ["会議次第", "委員名簿", "資料", "別紙1", "資料A", "", "資料1-"])
def test_it_does_not_read_other_text_as_a_numbered_label(text: str) -> None:
    assert parse_label(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("資料 1 8 - 2", "資料18-2"),
        ("資料１８", "資料18"),
        ("参考資料１８－１", "参考資料18-1"),
        ("審議資料1", "審議資料No.1"),
        ("審議資料ｎｏ１", "審議資料No.1"),
        ("  会議　次第 ", "会議 次第"),
    ],
)
def test_it_normalizes_labels_to_their_canonical_spelling(text: str, expected: str) -> None:
    assert normalize_label(text) == expected


ORDERED = [
    "会議次第",
    "資料1",
    "資料2",
    "資料18",
    "資料18-1",
    "資料18-2",
    "参考資料18-1",
    "資料19",
    "資料19-1",
    "資料19-10",
]


def test_it_sorts_reference_materials_right_after_their_main_number() -> None:
    shuffled = ORDERED[:]
    random.Random(4).shuffle(shuffled)

    assert sorted(shuffled, key=sort_key) == ORDERED


def test_it_sorts_by_number_not_by_text() -> None:
    assert sorted(["資料10", "資料9", "資料1"], key=sort_key) == ["資料1", "資料9", "資料10"]


def test_it_sorts_full_width_labels_like_their_ascii_spelling() -> None:
    assert sort_key("資料 １ ８ － ２") == sort_key("資料18-2")
    assert sorted(["資料１９", "資料１８－２", "資料２"], key=sort_key) == [
        "資料２",
        "資料１８－２",
        "資料１９",
    ]


def test_it_sorts_review_materials_by_number() -> None:
    labels = ["審議資料No.10", "審議資料No.2", "審議資料No.1"]

    assert sorted(labels, key=sort_key) == ["審議資料No.1", "審議資料No.2", "審議資料No.10"]


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([], "資料1"),
        (["資料1", "資料2"], "資料3"),
        (["資料18", "資料18-1", "資料18-2", "参考資料18-1"], "資料19"),
        (["資料１", "資料 ２"], "資料3"),
        (["会議次第", "参考資料5"], "資料1"),
        (["審議資料No.1", "審議資料No.2"], "審議資料No.3"),
    ],
)
def test_it_proposes_the_next_main_number(existing: list[str], expected: str) -> None:
    assert next_label(existing, number=None) == expected


@pytest.mark.parametrize(
    ("existing", "number", "expected"),
    [
        (["資料18"], 18, "資料18-1"),
        (["資料18", "資料18-1", "資料18-2", "参考資料18-1"], 18, "資料18-3"),
        (["資料18", "資料１８－４", "資料19-7"], 18, "資料18-5"),
        ([], 3, "資料3-1"),
    ],
)
def test_it_proposes_the_next_part_of_a_main_material(
    existing: list[str], number: int, expected: str
) -> None:
    assert next_label(existing, number=number) == expected


@pytest.mark.parametrize(
    ("existing", "number", "expected"),
    [
        (["資料18", "資料18-1"], 18, "参考資料18-1"),
        (["資料18", "参考資料18-1", "参考資料19-3"], 18, "参考資料18-2"),
        (["資料1", "参考資料1", "参考資料２"], None, "参考資料3"),
        ([], None, "参考資料1"),
    ],
)
def test_it_proposes_the_next_reference_material(
    existing: list[str], number: int | None, expected: str
) -> None:
    assert next_label(existing, number=number, reference=True) == expected
