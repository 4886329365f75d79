"""Composing the draft from plain records (pure): header, speech, decisions, written
meetings and the question tables."""

from __future__ import annotations

import datetime as dt
import unittest

from shingikai.minutes.compose import compose, header, qa_groups
from shingikai.minutes.facts import (
    ConditionRecord,
    DecisionRecord,
    ItemRecord,
    MaterialRecord,
    MeetingRecord,
    MemberRecord,
    NextMeeting,
    QuestionRecord,
    VoteRecord,
    speaker_for,
)
from shingikai.minutes.text import parse

MEMBERS = (
    MemberRecord("山田健太", "present", "chair"),
    MemberRecord("斉木秀憲", "present"),
    MemberRecord("旦尾衛", "late"),
    MemberRecord("土田", "absent"),
)


def meeting(**overrides: object) -> MeetingRecord:
    values: dict[str, object] = {
        "council": "世田谷区情報公開・個人情報保護審議会",
        "fiscal_year": 2022,
        "ordinal": 7,
        "date": dt.date(2022, 12, 27),
        "start_time": dt.time(14, 0),
        "end_time": dt.time(15, 37),
        "venue": "世田谷区役所 第１庁舎５階 庁議室",
        "observers": 0,
        "members": MEMBERS,
        "quorum_needed": 3,
        "items": (
            ItemRecord(
                1,
                "consultation",
                "「健康推進業務」における外部委託に伴う個人情報の保護措置について",
                label="諮問第999号",
                department="健康推進課",
                decisions=(DecisionRecord("approved", votes_for=9, votes_against=1),),
            ),
        ),
        "departments": ("世田谷保健所健康推進課",),
        "secretariat": ("総務部区政情報課",),
        "secretariat_divisions": ("区政情報課",),
    }
    values.update(overrides)
    return MeetingRecord(**values)  # type: ignore[arg-type]


def lines(record: MeetingRecord) -> list[str]:
    return compose(record).text.splitlines()


class HeaderTests(unittest.TestCase):
    def test_it_writes_the_header_block_in_the_seeds_order(self) -> None:
        rows = dict(header(meeting()))

        self.assertEqual(list(rows)[:4], ["名称", "日時", "会場", "出席委員"])
        self.assertEqual(rows["名称"], "令和4年度第7回 世田谷区情報公開・個人情報保護審議会")
        self.assertEqual(rows["日時"], "令和4年12月27日（火） 午後2時00分～午後3時37分")
        self.assertEqual(rows["出席委員"], "山田健太　斉木秀憲　旦尾衛（遅れて参加）")
        self.assertEqual(rows["欠席委員"], "土田")
        self.assertEqual(rows["区側"], "世田谷保健所健康推進課")
        self.assertEqual(rows["事務局"], "総務部区政情報課")
        self.assertEqual(rows["傍聴者"], "なし")
        self.assertEqual(
            rows["会議次第"],
            "1　【諮問事項】諮問第999号 "
            "「健康推進業務」における外部委託に伴う個人情報の保護措置について",
        )

    def test_it_counts_observers_and_marks_unknown_values(self) -> None:
        rows = dict(header(meeting(observers=3, venue="", members=())))

        self.assertEqual(rows["傍聴者"], "3人")
        self.assertEqual(rows["会場"], "—")
        self.assertEqual(rows["出席委員"], "—")
        self.assertEqual(dict(header(meeting(observers=None)))["傍聴者"], "—")

    def test_it_leaves_out_hidden_items_and_non_public_materials(self) -> None:
        record = meeting(
            items=(
                ItemRecord(1, "consultation", "公開の議題"),
                ItemRecord(2, "report", "非公開の議題", is_public=False),
            ),
            materials=(
                MaterialRecord("資料1", "公開資料", item=1),
                MaterialRecord("資料2", "非公開資料", is_public=False, item=2),
                MaterialRecord("参考資料", "内部資料", is_public=False),
            ),
        )

        internal = dict(header(record))
        self.assertIn("非公開の議題（非公開）", internal["会議次第"])
        self.assertIn("資料2", internal["配付資料"])
        public = dict(header(record, hidden={2}, internal=False))
        self.assertNotIn("非公開の議題", public["会議次第"])
        self.assertEqual(public["配付資料"], "資料1　公開資料")


class SpeechTests(unittest.TestCase):
    def test_it_opens_with_the_quorum_reported_by_the_secretariat(self) -> None:
        text = compose(meeting()).text

        self.assertIn(
            "○会長　ただいまから、"
            "令和4年度第7回世田谷区情報公開・個人情報保護審議会を開会いたします。",
            text,
        )
        self.assertIn(
            "○区政情報課長　本日は、委員4人中3人が出席しており、定足数（3人）を満たしています",
            text,
        )
        self.assertIn("なお、土田委員から欠席の連絡をいただいています。", text)
        self.assertIn("また、旦尾衛委員は遅れて参加されます。", text)
        self.assertIn("本日は傍聴の希望はありません。", text)

    def test_it_says_when_the_quorum_is_not_met(self) -> None:
        text = compose(meeting(quorum_needed=4)).text

        self.assertIn("定足数（4人）に達していません。", text)

    def test_it_records_show_of_hands_counts(self) -> None:
        text = compose(meeting()).text

        self.assertIn("○会長　本件について、承認に賛成の方は挙手をお願いします。\n（挙手）", text)
        self.assertIn("賛成9人、反対1人です。賛成多数により、承認します。", text)

    def test_it_words_a_decision_without_objection(self) -> None:
        item = ItemRecord(
            1, "report", "報告", decisions=(DecisionRecord("acknowledged", no_objection=True),)
        )
        text = compose(meeting(items=(item,))).text

        self.assertIn(
            "○会長　本件について、ご異議ございませんか。\n（「異議なし」の声）\n"
            "○会長　異議なしと認め、了承します。",
            text,
        )
        self.assertIn("（事務局より資料に基づき説明）", text)

    def test_it_reads_out_conditions(self) -> None:
        decision = DecisionRecord(
            "approved_with_conditions",
            no_objection=True,
            conditions=(ConditionRecord("付帯意見", "委託先を監督すること。"),),
        )
        item = ItemRecord(1, "consultation", "諮問", decisions=(decision,))
        text = compose(meeting(items=(item,))).text

        self.assertIn("異議なしと認め、付帯意見を付して承認します。", text)
        self.assertIn(
            "なお、本件については、次の付帯意見を付します。\n・委託先を監督すること。", text
        )

    def test_it_puts_questions_asked_during_the_meeting_under_their_item(self) -> None:
        question = QuestionRecord(
            1,
            "during",
            "ログは取れますか。",
            "取れます。",
            items=(1,),
            answered_by="情報システム課",
        )
        text = compose(meeting(questions=(question,))).text

        self.assertIn("○委員　ログは取れますか。\n○情報システム課長　取れます。", text)

    def test_it_marks_a_closed_item_and_announces_the_next_meeting(self) -> None:
        item = ItemRecord(
            1, "consultation", "非公開の諮問", is_public=False, closed_reason="個人情報"
        )
        record = meeting(
            items=(item,),
            next_meeting=NextMeeting(dt.date(2023, 2, 3), dt.time(14, 0), "オンライン"),
        )
        text = compose(record).text

        self.assertIn("なお、本件は非公開で審議します（理由：個人情報）。", text)
        self.assertIn(
            "次回の審議会は、令和5年2月3日（金）午後2時00分から、オンラインで開催する予定です。",
            text,
        )
        self.assertTrue(text.rstrip().endswith("（午後3時37分閉会）"))

    def test_it_composes_text_that_parses_back_to_the_same_sections(self) -> None:
        question = QuestionRecord(
            1, "during", "■一行目\n（括弧だけの行）\n○丸で始まる行", "回答", items=(1,)
        )
        draft = compose(meeting(questions=(question,)))

        self.assertEqual(
            tuple(parse(draft.text, items=[1], secretariat=["区政情報課"])), draft.sections
        )


class WrittenMeetingTests(unittest.TestCase):
    def record(self) -> MeetingRecord:
        votes = (
            VoteRecord("浅田", "for", "特記仕様書に明記するべきである。"),
            VoteRecord("植野", "for"),
            VoteRecord("岡田", "against", "反対です。"),
        )
        items = (
            ItemRecord(
                1,
                "consultation",
                "住居表示システムの更改について",
                votes=votes,
                decisions=(DecisionRecord("approved"),),
            ),
            ItemRecord(2, "consultation", "オンラインフォームの活用について"),
        )
        questions = (
            QuestionRecord(
                1, "written", "区の電子計算組織の定義は？", "区が保有する…", "諮問事項1～3に共通"
            ),
            QuestionRecord(
                2, "written", "クラウド業者は何社？", "指定していません。", "諮問事項1・3に共通"
            ),
            QuestionRecord(3, "written", "事故はありましたか。", "ありません。", items=(1,)),
            QuestionRecord(4, "written", "データセンターは国内？", "国内です。", items=(1,)),
        )
        return meeting(
            format="written",
            opens_on=dt.date(2021, 6, 9),
            date=dt.date(2021, 6, 28),
            fiscal_year=2021,
            ordinal=2,
            items=items,
            questions=questions,
            observers=None,
        )

    def test_it_states_the_written_format_and_its_dates(self) -> None:
        rows = dict(compose(self.record()).header)

        self.assertEqual(
            rows["日時"], "審議開始日 令和3年6月9日（水）　議決日 令和3年6月28日（月）"
        )
        self.assertEqual(rows["開催方法"], "書面開催")
        self.assertNotIn("会場", rows)
        self.assertNotIn("傍聴者", rows)

    def test_it_records_members_opinions_and_the_result_per_item(self) -> None:
        text = compose(self.record()).text

        self.assertIn("■書面開催\n（本審議会は書面により開催した。", text)
        self.assertIn(
            "■1 住居表示システムの更改について\n"
            "○委員　特記仕様書に明記するべきである。\n○委員　反対です。\n"
            "（書面による表決の結果、承認とした。賛成2人、反対1人）",
            text,
        )
        self.assertNotIn("挙手", text)

    def test_it_groups_the_questions_by_section(self) -> None:
        groups = qa_groups(self.record())

        self.assertEqual(
            [(g.title, [r.number for r in g.rows]) for g in groups],
            [
                ("諮問事項1～3に共通", [1]),
                ("諮問事項1・3に共通", [2]),
                ("住居表示システムの更改について", [3, 4]),
            ],
        )


class SpeakerTests(unittest.TestCase):
    def test_it_names_the_head_of_a_division(self) -> None:
        self.assertEqual(speaker_for("健康推進課"), "健康推進課長")
        self.assertEqual(speaker_for("住民接種担当部"), "住民接種担当部長")
        self.assertEqual(speaker_for("特命担当"), "特命担当課長")
        self.assertEqual(speaker_for(""), "説明員")
