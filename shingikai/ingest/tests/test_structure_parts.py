"""The structurer's parts: speaker labels and roles, stage directions, agenda entries and
handling types, decisions and votes, Q&A rows, and PDF labels set apart from their text."""

from __future__ import annotations

import pytest

from shingikai.ingest.readers import read
from shingikai.ingest.structure import agenda, qa, speakers, structure
from shingikai.ingest.structure.outcomes import Tally, decision_of

# -- speaker labels -----------------------------------------


@pytest.mark.parametrize(
    ("line", "speaker", "style", "rest"),
    [
        (
            "【会 長】ただいまより開会します。",
            "会長",
            speakers.LENTICULAR,
            "ただいまより開会します。",
        ),
        ("○会長 ただいまから", "会長", speakers.MARU, "ただいまから"),
        ("〇区政情報課長", "区政情報課長", speakers.MARU, ""),
        ("<会長> それでは", "会長", speakers.ANGLE, "それでは"),
        ("＜伊藤委員＞質問です。", "伊藤委員", speakers.ANGLE, "質問です。"),
        ("(会長) どうぞ。", "会長", speakers.PAREN, "どうぞ。"),
        ("（事務局）説明します。", "事務局", speakers.PAREN, "説明します。"),
        ("「会長」それでは。", "会長", speakers.QUOTE, "それでは。"),
        ("会長\tそれでは", "会長", speakers.BARE, "それでは"),
        ("委員 単なる意見なので", "委員", speakers.BARE, "単なる意見なので"),
        ("区側 （資料により説明）", "区側", speakers.BARE, "（資料により説明）"),
        ("会長", "会長", speakers.BARE, ""),
        ("区政情報課長 本日は", "区政情報課長", speakers.BARE, "本日は"),
    ],
)
def test_candidate_styles(line: str, speaker: str, style: str, rest: str) -> None:
    assert speakers.candidate(line) == speakers.Label(speaker, style, rest)


@pytest.mark.parametrize(
    "line",
    [
        "<事前配付資料> 諮問事項の資料",
        "＜令和元年度第5回審議会発言記録＞",
        "（資料により説明）（約11分）",
        "「健康推進業務」における外部委託について",
        "（出産・子育て応援事業の実施）",
        "新宿区 総合政策部 区政情報課",
        "出席委員 山田健太 斉木秀憲",
        "1 会長あいさつ",
        "番号\t質問\t区の考え方",
        "会長あいさつ",
    ],
)
def test_not_speaker_labels(line: str) -> None:
    assert speakers.candidate(line) is None


def test_styles_used_throughout() -> None:
    labels = [speakers.Label("会長", speakers.BARE, "")] * 30 + [
        speakers.Label("委員", speakers.PAREN, "浅田、植野")
    ] * 2
    assert speakers.styles(labels) == {speakers.BARE}
    assert speakers.styles([]) == frozenset()


@pytest.mark.parametrize(
    ("speaker", "role"),
    [
        ("会長", "chair"),
        ("委員長", "chair"),
        ("副会長", "vice_chair"),
        ("会長職務代理者", "vice_chair"),
        ("委員", "member"),
        ("伊藤委員", "member"),
        ("事務局", "secretariat"),
        ("区政情報課長", "staff"),
        ("世田谷保健所副参事", "staff"),
        ("区側", "staff"),
        ("説明員", "staff"),
        ("オブザーバー", "other"),
    ],
)
def test_roles(speaker: str, role: str) -> None:
    assert speakers.role(speaker) == role


def test_secretariat_from_the_header() -> None:
    assert speakers.role("区政情報課長", ("総務部区政情報課長",)) == "secretariat"
    assert speakers.role("区政情報課長", ("総合政策部", "区政情報課")) == "secretariat"
    assert speakers.role("子ども家庭課長", ("総務部区政情報課長",)) == "staff"


@pytest.mark.parametrize(
    ("speaker", "name"),
    [
        ("伊藤委員", "伊藤"),
        ("木もと委員", "木もと"),
        ("山田会長", "山田"),
        ("会長", None),
        ("委員", None),
        ("副会長", None),
        ("区政情報課長", None),
        ("区政情報課長（末竹）", "末竹"),
    ],
)
def test_names(speaker: str, name: str | None) -> None:
    assert speakers.name(speaker) == name


def test_stage_directions() -> None:
    assert speakers.is_stage_line("（「異議なし」の声あり）")
    assert speakers.is_stage_line("（資料により説明）（約11分）")
    assert speakers.is_stage_line("(賛成者挙手)")
    assert not speakers.is_stage_line("（予防接種実施事務）")
    assert not speakers.is_stage_line("（2）報告事項")
    text, stages = speakers.split_stage("採決に移ります。 (賛成者挙手)")
    assert (text, stages) == ("採決に移ります。", ["(賛成者挙手)"])
    assert speakers.split_stage("資料3－8の第7条の（5）です。") == (
        "資料3－8の第7条の（5）です。",
        [],
    )


# -- agenda -------------------------------------------------


def test_inline_agenda_entries() -> None:
    text = (
        "1 区からの委嘱 2 会長あいさつ 3 諮問事項 （1）住民票の委託について （2）外部結合について"
    )
    items = agenda.from_header([text, "4 報告事項 (1) 実施状況について", "5 その他"])
    assert [(i.record.kind, i.record.title) for i in items] == [
        ("consultation", "住民票の委託について"),
        ("consultation", "外部結合について"),
        ("report", "実施状況について"),
    ]


def test_numbered_entries_over_lines() -> None:
    lines = [
        "（1）審議事項",
        "①諮問第999号",
        "「健康推進業務」における外部委託に伴う個人情報の保護措置及び",
        "新たな個人情報の項目の電子計算機への記録について",
        "（出産・子育て応援事業の実施）",
        "（2）報告事項",
        "・諮問第994号「細則等について」の答申について",
    ]
    first, second = agenda.from_header(lines)
    assert first.record.number == "諮問第999号"
    assert first.record.title == (
        "「健康推進業務」における外部委託に伴う個人情報の保護措置及び"
        "新たな個人情報の項目の電子計算機への記録について（出産・子育て応援事業の実施）"
    )
    assert (second.record.kind, second.record.number) == ("report", "諮問第994号")


@pytest.mark.parametrize(
    ("title", "types"),
    [
        ("国勢調査コールセンター運営業務の外部委託に伴う個人情報の取扱いについて", ["outsourcing"]),
        (
            "ぴったりサービスを利用した電子申請に係る電子計算組織の外部結合について",
            ["external_connection"],
        ),
        ("「子育て支援業務」における個人情報の目的外利用について", ["use_beyond_purpose"]),
        ("国への個人情報の外部提供について", ["provision_to_third_party"]),
        ("本人以外からの個人情報の収集について", ["collection_from_others"]),
        ("要配慮個人情報の収集について", ["sensitive_info"]),
        ("特定個人情報保護評価の再実施に伴う第三者点検について", ["pia_third_party_inspection"]),
        ("個人情報保護条例の一部改正について", ["ordinance_or_rules"]),
        ("委託における個人情報の項目の追加", ["outsourcing", "new_recorded_items"]),
        (
            "外部委託、新たな個人情報の項目の電子計算機への記録及び外部の電子計算機との回線結合",
            ["outsourcing", "new_recorded_items", "external_connection"],
        ),
        ("令和元年度情報公開制度の実施状況について", []),
    ],
)
def test_review_types(title: str, types: list[str]) -> None:
    assert agenda.review_types(title) == types


# -- decisions and votes ------------------------------------


@pytest.mark.parametrize(
    ("sentence", "decision"),
    [
        ("それでは、諮問については是とさせていただきます。", "approved"),
        ("本件諮問については承認といたします。", "approved"),
        ("諮問第999号については異議なしと認めます。", "approved"),
        (
            "意見を付議することを確認した上で、異議なしとして認めたいと思います。",
            "approved_with_conditions",
        ),
        ("付帯意見を付して承認とします。", "approved_with_conditions"),
        ("この報告を了解といたします。", "acknowledged"),
        ("本件は、了承ということで終了いたします。", "acknowledged"),
        ("本件は継続審議とします。", "continued"),
        ("本件は不承認とします。", "rejected"),
        ("一応、了解しました。", None),
        ("ご承認いただけますでしょうか。", None),
        ("本諮問で承認後活用を図っていくとしています。", None),
    ],
)
def test_decisions(sentence: str, decision: str | None) -> None:
    assert decision_of(sentence) == decision


def test_a_question_is_not_a_decision() -> None:
    tally = Tally()
    assert not tally.decide("報告事項ですので、了承ということで、よろしゅうございますか。")
    assert tally.kinds == ["報告"]
    assert tally.decide("本件は承認と了承ということで決定いたします。")
    assert tally.outcome("consultation") == "approved"
    assert tally.outcome("report") == "acknowledged"


def test_votes() -> None:
    tally = Tally()
    tally.count("15人、全員賛成です。")
    assert tally.votes is not None and tally.votes.as_json() == {
        "for": 15,
        "against": 0,
        "present": 15,
    }
    tally = Tally()
    tally.count("賛成16名、反対1名ということでございますので")
    assert tally.votes is not None and tally.votes.as_json() == {
        "for": 16,
        "against": 1,
        "present": None,
    }
    tally = Tally()
    tally.count("反対の方、挙手をお願いいたします。")
    assert tally.votes is None


def test_no_objection_alone_approves() -> None:
    tally = Tally()
    tally.stage("（「異議なし」の声あり）")
    assert tally.outcome("consultation") == "approved"
    assert Tally().outcome("consultation") is None


# -- Q&A rows -----------------------------------------------


def test_qa_rows_and_sections() -> None:
    assert qa.is_header(["番号", "質問", "区の考え方"])
    assert qa.is_header(["No.", "質問内容", "回答"])
    assert not qa.is_header(["会長", "それでは"])
    assert qa.row(["3", "質問です", "回答です"]) == (3, "質問です", "回答です")
    assert qa.row(["---", "---", "--"]) is None
    items = agenda.from_header(["諮問事項 (1)甲について (2)乙について"])
    assert qa.section_index("諮問事項2", items) == 1
    assert qa.section_index("諮問事項1～2に共通", items) is None
    assert qa.section_index("諮問事項1・2に共通", items) is None


# -- labels a PDF set apart from their text -----------------

DISPLACED = (
    "会議録 \n"
    "名称 \n"
    "令和2年度第1回 桜台市個人情報保護審議会 \n"
    "日時 \n"
    "令和2年6月1日（月）午後2時から午後3時まで \n"
    "会議次第 \n"
    "1 諮問事項 \n"
    "（1）窓口業務の外部委託について \n"
    "＜発言記録＞ \n"
    "（1）窓口業務の外部委託について \n"
    "会長 \n"
    "区側 \n"
    "会長 \n"
    " では、諮問事項1について、区から説明をお願いいたします。 \n"
    "（資料により説明） \n"
    " ありがとうございました。ご質問はありますか。 \n"
    "委員  委託先はどこですか。 \n"
    "区側  公募で選びます。 \n"
    "委員 \n"
    "区側 \n"
    " わかりました。 \n"
    " はい。 \n"
    "会長  それでは、諮問については是とさせていただきます。 \n"
)


def test_stacked_labels_keep_their_turns() -> None:
    record = structure(read(DISPLACED.encode("utf-8"), "pdf.txt"))
    assert [(u.speaker, u.text) for u in record.utterances] == [
        ("会長", "では、諮問事項1について、区から説明をお願いいたします。"),
        ("会長", "ありがとうございました。ご質問はありますか。"),
        ("委員", "委託先はどこですか。"),
        ("区側", "公募で選びます。"),
        ("委員", "わかりました。"),
        ("区側", "はい。"),
        ("会長", "それでは、諮問については是とさせていただきます。"),
    ]
    assert [u.agenda_index for u in record.utterances] == [0] * 7
    assert record.agenda[0].outcome == "approved"


@pytest.mark.parametrize(
    ("sentence", "decision"),
    [
        ("審議結果：承認", "approved"),
        ("【承認】", "approved"),
        ("賛成多数により承認された。", "approved"),
        ("諮問のとおり実施することは適当である旨答申することとした。", "approved"),
    ],
)
def test_summary_decisions(sentence: str, decision: str) -> None:
    assert decision_of(sentence) == decision


def test_labels_with_a_name_in_brackets() -> None:
    assert speakers.candidate("○委員（山田）質問です。") is None  # no space after the label
    label = speakers.candidate("○委員（山田） 質問です。")
    assert label is not None and label.speaker == "委員（山田）"
    assert (speakers.role(label.speaker), speakers.name(label.speaker)) == ("member", "山田")
    assert speakers.name("事務局（総務課長）") is None
    assert speakers.role("事務局（総務課長）") == "secretariat"


def test_a_section_announcement_moves_to_its_first_item() -> None:
    items = agenda.from_header(
        ["諮問事項", "(1)甲について", "報告事項", "(1)乙について", "(2)丙について"]
    )
    assert [i.record.kind for i in items] == ["consultation", "report", "report"]
    moving = "続いて、報告事項に移ります。"
    assert [i for _, i in agenda.references(items, moving, current=0)] == [1]
    assert agenda.references(items, moving, current=1) == []


@pytest.mark.parametrize(
    ("text", "procedural"),
    [
        ("会長あいさつ", True),
        ("区からの委嘱", True),
        ("開 会", True),
        ("委員紹介", True),
        ("その他", True),
        ("医療機関紹介業務の外部委託について", False),
        ("諮問第3号 開会中の案件について", False),
        ("住民票の写しの交付について", False),
    ],
)
def test_formalities_are_not_items(text: str, procedural: bool) -> None:
    assert agenda.is_procedural(text) == procedural
