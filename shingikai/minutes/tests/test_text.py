"""The edit format of the record of speech: parsing, rendering, roles and errors (pure)."""

from __future__ import annotations

import unittest

from hypothesis import given
from hypothesis import strategies as st

from shingikai.minutes.text import (
    MinutesTextError,
    ParsedSection,
    ParsedUtterance,
    name_of,
    parse,
    render,
    role_of,
)

SAMPLE = """■開会
○会長　ただいまより令和4年度第6回新宿区情報公開・個人情報保護審議会を開会いたします。
議事に入る前に、本日の資料について、事務局から確認をお願いいたします。
○区政情報課長　今回の議事につきましては、資料18及び資料19の2件となります。

■1 資料18 東京共同電子申請・届出サービスの利用に係る外部結合等について
○会長　それでは、ご質問かご意見のある方どうぞ。
○伊藤委員　係専用フォルダというのがどういうものかを伺えればと。
○情報システム課長　ログについては、それぞれの職員で確認がとれるようにしております。
○会長　本件について、ご異議ございませんか。
（「異議なし」の声）
○会長　異議なしと認め、承認します。

■閉会
○会長　以上をもちまして、第6回の審議会を閉会といたします。
（午後2時41分閉会）
"""


class ParseTests(unittest.TestCase):
    def test_it_reads_sections_utterances_and_directions(self) -> None:
        sections = parse(SAMPLE, items=[1, 2])

        self.assertEqual(
            [(s.item, s.title) for s in sections],
            [
                (None, "開会"),
                (1, "資料18 東京共同電子申請・届出サービスの利用に係る外部結合等について"),
                (None, "閉会"),
            ],
        )
        opening = sections[0].utterances
        self.assertEqual(opening[0].speaker, "会長")
        self.assertEqual(opening[0].role, "chair")
        self.assertIn("\n議事に入る前に", opening[0].text)
        self.assertEqual(opening[1].role, "secretariat")
        item = sections[1].utterances
        self.assertEqual([u.role for u in item[1:3]], ["member", "staff"])
        self.assertEqual(item[1].name, "伊藤")
        self.assertEqual(item[4], ParsedUtterance("", "「異議なし」の声", is_direction=True))

    def test_it_renders_the_canonical_text_back(self) -> None:
        self.assertEqual(render(parse(SAMPLE)), SAMPLE)

    def test_it_accepts_ascii_spaces_kanji_zero_and_fullwidth_numbers(self) -> None:
        sections = parse("■１ 議題\n〇会長 開会します。\n(休憩)\n", items=[1])

        self.assertEqual(sections[0].item, 1)
        self.assertEqual(sections[0].utterances[0].speaker, "会長")
        self.assertEqual(sections[0].utterances[0].text, "開会します。")
        self.assertTrue(sections[0].utterances[1].is_direction)
        self.assertEqual(render(sections), "■1 議題\n○会長　開会します。\n（休憩）\n")

    def test_it_allows_a_part_without_heading_before_the_first_section(self) -> None:
        sections = parse("○会長　開会します。\n■1\n○会長　次に。\n")

        self.assertEqual([(s.item, s.title) for s in sections], [(None, ""), (1, "")])
        self.assertEqual(render(sections), "○会長　開会します。\n\n■1\n○会長　次に。\n")

    def test_it_skips_blank_lines_and_joins_continuations_with_a_newline(self) -> None:
        sections = parse("○会長　一行目\n\n　二行目\n三行目\n")

        self.assertEqual(sections[0].utterances[0].text, "一行目\n二行目\n三行目")

    def test_it_keeps_a_speaker_whose_text_starts_on_the_next_line(self) -> None:
        sections = parse("○会長\n本日は。\n")

        self.assertEqual(sections[0].utterances[0].text, "本日は。")

    def test_it_returns_nothing_for_empty_text(self) -> None:
        self.assertEqual(parse(""), [])
        self.assertEqual(render([]), "")


class ErrorTests(unittest.TestCase):
    def problems(self, text: str, items: list[int] | None = None) -> list[str]:
        with self.assertRaises(MinutesTextError) as caught:
            parse(text, items=items)
        return [str(p) for p in caught.exception.problems]

    def test_it_refuses_text_before_any_speaker_with_its_line_number(self) -> None:
        self.assertEqual(
            self.problems("■開会\n本日は晴天です。\n"),
            ["2行目：発言者（○で始まる行）より前に本文があります。"],
        )

    def test_it_refuses_an_item_number_the_meeting_does_not_have(self) -> None:
        self.assertEqual(
            self.problems("■3 議題\n○会長　はい。\n", items=[1, 2]),
            ["1行目：議題3はこの会議の議題にありません（議題：1、2）。"],
        )

    def test_it_refuses_a_speaker_mark_without_a_label_and_an_empty_heading(self) -> None:
        self.assertEqual(
            self.problems("■\n○　こんにちは\n"),
            [
                "1行目：■の後に議題番号か見出しを書いてください。",
                "2行目：○の直後に発言者を書いてください。",
            ],
        )

    def test_it_refuses_text_after_a_direction(self) -> None:
        self.assertEqual(
            self.problems("○会長　はい。\n（「異議なし」の声）\n続きの文\n"),
            ["3行目：ト書き（…）の後の本文には、○で始まる発言者の行が必要です。"],
        )

    def test_it_lists_every_bad_line_at_once(self) -> None:
        self.assertEqual(len(self.problems("あ\nい\n■9\n", items=[1])), 3)


class RoleTests(unittest.TestCase):
    def test_it_names_roles_from_labels(self) -> None:
        cases = {
            "会長": "chair",
            "副会長": "vice_chair",
            "委員": "member",
            "伊藤委員": "member",
            "委員長": "member",
            "事務局": "secretariat",
            "区政情報課長": "secretariat",
            "区政情報係長": "staff",
            "行政管理課長": "staff",
            "住民接種担当部長": "staff",
            "特命担当副参事": "staff",
            "説明員": "staff",
            "司会": "other",
        }
        for label, role in cases.items():
            with self.subTest(label=label):
                self.assertEqual(role_of(label), role)

    def test_it_takes_the_secretariats_divisions_as_a_parameter(self) -> None:
        self.assertEqual(role_of("総務課長", ["総務課"]), "secretariat")
        self.assertEqual(role_of("区政情報課長", ["総務課"]), "staff")
        self.assertEqual(
            parse("○総務課長　はい。\n", secretariat=["総務課"])[0].utterances[0].role,
            "secretariat",
        )

    def test_it_takes_a_members_name_from_the_label(self) -> None:
        self.assertEqual(name_of("伊藤委員"), "伊藤")
        self.assertEqual(name_of("委員"), "")
        self.assertEqual(name_of("副委員長"), "")
        self.assertEqual(name_of("会長"), "")


_words = st.text(
    alphabet=st.sampled_from("会長委員あいう漢字「」、。1２"), min_size=1, max_size=12
).filter(lambda w: not w.startswith(("1", "２")))
_utterance = st.one_of(
    st.builds(
        lambda speaker, lines: ParsedUtterance(
            speaker, "\n".join(lines), role_of(speaker), name_of(speaker)
        ),
        st.sampled_from(["会長", "副会長", "伊藤委員", "区政情報課長", "行政管理課長", "司会"]),
        st.lists(_words, min_size=1, max_size=3),
    ),
    st.builds(lambda w: ParsedUtterance("", w, is_direction=True), _words),
)
_section = st.builds(
    ParsedSection,
    st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    _words,
    st.lists(_utterance, max_size=4).map(tuple),
)


class RoundTripTests(unittest.TestCase):
    @given(st.lists(_section, max_size=5))
    def test_it_parses_what_it_renders(self, sections: list[ParsedSection]) -> None:
        self.assertEqual(parse(render(sections)), sections)
