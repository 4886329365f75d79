"""The structurer on small minutes written here in layouts the seeds do not show.

An HTML header table with <会長> turns, a <dl>-style header with (会長) turns, an
unlabelled header with 「会長」 turns and an item the chair announces, ○会長 standing alone
on its line, a speaker/content table, a summary record (会議要録) without turns, and a
document that is not minutes at all. The municipality (桜台市) and people are fictional.
"""

from __future__ import annotations

from shingikai.ingest.readers import read
from shingikai.ingest.records import MinutesRecord, Paragraph, RawDocument, TableBlock
from shingikai.ingest.structure import looks_like_minutes, structure


def from_text(text: str, name: str = "minutes.txt") -> MinutesRecord:
    return structure(read(text.encode("utf-8"), name))


def from_blocks(*blocks: Paragraph | TableBlock) -> MinutesRecord:
    return structure(RawDocument("minutes.html", "0" * 64, "html", tuple(blocks)))


def speakers(record: MinutesRecord) -> list[tuple[str, str, int | None]]:
    return [(u.speaker, u.role, u.agenda_index) for u in record.utterances]


# -- an HTML header table, <会長> turns -----------------------

HTML_TABLE = (
    Paragraph("桜台市個人情報保護審議会 会議録"),
    TableBlock(
        (
            ("会議名", "令和5年度第2回 桜台市個人情報保護審議会"),
            ("開催日時", "令和5年7月10日（月）午前10時00分～午前11時30分"),
            ("開催場所", "桜台市役所 本庁舎3階 第1会議室"),
            ("出席委員", "青木一郎（会長）、石川二郎（副会長）、上野三郎"),
            ("事務局", "総務課長 中島四郎、総務課情報公開係長 西田五郎"),
            ("傍聴者", "2人"),
            (
                "議題",
                "(1) 諮問第12号 住民票の写し等交付業務の外部委託について\n"
                "(2) 報告第3号 個人情報の漏えい事案について",
            ),
        )
    ),
    Paragraph("会議の経過"),
    Paragraph("<会長> ただいまから令和5年度第2回桜台市個人情報保護審議会を開会します。"),
    Paragraph("<総務課長> 本日は委員3名全員が出席しております。"),
    Paragraph(
        "<会長> それでは、諮問第12号「住民票の写し等交付業務の外部委託について」、"
        "事務局から説明をお願いします。"
    ),
    Paragraph("<総務課長> （資料に基づき説明）"),
    Paragraph("<上野委員> 委託先の選定はどのように行いますか。"),
    Paragraph("<市民課長> 公募型プロポーザルで選定します。"),
    Paragraph("<会長> ほかにご質問はありますか。"),
    Paragraph("（「なし」の声あり）"),
    Paragraph("<会長> それでは、諮問第12号については、原案のとおり承認とします。"),
    Paragraph("<会長> 次に、報告第3号「個人情報の漏えい事案について」、説明をお願いします。"),
    Paragraph("<市民課長> 誤送付が1件ありました。再発防止策を講じます。"),
    Paragraph("<会長> この報告を了承します。"),
    Paragraph("<会長> 以上で本日の会議を終了します。"),
)


def test_html_header_table() -> None:
    record = from_blocks(*HTML_TABLE)
    assert record.municipality == "桜台市"
    assert record.body == "桜台市個人情報保護審議会"
    assert record.title == "令和5年度第2回 桜台市個人情報保護審議会"
    assert (record.fiscal_year, record.ordinal) == (2023, 2)
    assert (record.date, record.start_time, record.end_time) == ("2023-07-10", "10:00", "11:30")
    assert record.venue == "桜台市役所 本庁舎3階 第1会議室"
    assert record.format == "in_person"
    assert record.observers == 2
    assert record.attendees == {
        "members": ["青木一郎（会長）", "石川二郎（副会長）", "上野三郎"],
        "staff": ["総務課長 中島四郎", "総務課情報公開係長 西田五郎"],
    }


def test_html_agenda_with_numbers_and_outcomes() -> None:
    agenda = from_blocks(*HTML_TABLE).agenda
    assert [(a.kind, a.number, a.title) for a in agenda] == [
        ("consultation", "諮問第12号", "住民票の写し等交付業務の外部委託について"),
        ("report", "報告第3号", "個人情報の漏えい事案について"),
    ]
    assert [a.review_types for a in agenda] == [["outsourcing"], []]
    assert [a.outcome for a in agenda] == ["approved", "acknowledged"]
    assert [a.votes for a in agenda] == [None, None]


def test_angle_bracket_turns_follow_announcements() -> None:
    record = from_blocks(*HTML_TABLE)
    assert speakers(record) == [
        ("会長", "chair", None),
        ("総務課長", "secretariat", None),
        ("会長", "chair", 0),
        ("上野委員", "member", 0),
        ("市民課長", "staff", 0),
        ("会長", "chair", 0),
        ("会長", "chair", 0),
        ("会長", "chair", 1),
        ("市民課長", "staff", 1),
        ("会長", "chair", 1),
        ("会長", "chair", None),
    ]
    assert record.utterances[3].name == "上野"
    assert all("説明）" not in u.text and "の声" not in u.text for u in record.utterances)


# -- a <dl>-style header, (会長) turns, headings in the record ---

DL_HEADER = """令和6年度第1回桜台市情報公開審査会 議事録
名称
令和6年度第1回 桜台市情報公開審査会
日時
令和6年5月20日（月）午後1時30分から午後3時まで
場所
桜台市役所 第2会議室（オンライン併用）
出席者
（委員）青木一郎、石川二郎
（事務局）総務課長、総務課係長
傍聴者
なし
議事
1 開会
2 議題
(1) 令和5年度情報公開制度の運用状況について（報告）
(2) 審査会運営規程の改正について
3 閉会
議事の経過
1 開会
(会長) ただいまから審査会を開会します。
(総務課長) 本日は委員2名が出席しています。
2 議題
(1) 令和5年度情報公開制度の運用状況について（報告）
(総務課長) 請求は120件、全部開示は80件でした。
(青木委員) 不開示の理由は何が多いですか。
(総務課長) 個人情報に該当するものが最も多くなっています。
(会長) 報告を了承します。
(2) 審査会運営規程の改正について
(総務課長) 審査期間の規定を改めるものです。
(会長) 運営規程の改正については、原案のとおり承認します。
3 閉会
(会長) 以上で閉会します。
"""


def test_dl_header() -> None:
    record = from_text(DL_HEADER)
    assert record.title == "令和6年度第1回 桜台市情報公開審査会"
    assert record.body == "桜台市情報公開審査会"
    assert record.municipality == "桜台市"
    assert (record.fiscal_year, record.ordinal) == (2024, 1)
    assert (record.date, record.start_time, record.end_time) == ("2024-05-20", "13:30", "15:00")
    assert record.venue == "桜台市役所 第2会議室（オンライン併用）"
    assert record.format == "hybrid"
    assert record.observers == 0
    assert record.attendees == {
        "members": ["青木一郎", "石川二郎"],
        "staff": ["総務課長", "総務課係長"],
    }


def test_dl_agenda_and_paren_turns() -> None:
    record = from_text(DL_HEADER)
    assert [(a.kind, a.number, a.outcome, a.review_types) for a in record.agenda] == [
        ("report", None, "acknowledged", []),
        ("other", None, "approved", ["ordinance_or_rules"]),
    ]
    assert [(s, i) for s, _, i in speakers(record)] == [
        ("会長", None),
        ("総務課長", None),
        ("総務課長", 0),
        ("青木委員", 0),
        ("総務課長", 0),
        ("会長", 0),
        ("総務課長", 1),
        ("会長", 1),
        ("会長", None),
    ]
    assert record.utterances[1].role == "secretariat"


# -- no header labels, 「会長」 turns, the item only announced ---

QUOTED = """桜台市個人情報保護審議会 会議録
令和5年10月2日（月）
「会長」それでは、会議を始めます。本日は諮問第15号の1件です。
「事務局」資料を確認いたします。
「会長」諮問第15号「保育所入所申請のオンライン化に伴う外部結合について」、説明をお願いします。
「保育課長」（資料に基づき説明）
「田中委員」本人確認はどのように行いますか。
「保育課長」マイナンバーカードで行います。
「会長」ほかに質問がなければ、本件は継続審議とします。
午前11時5分閉会
"""


def test_unlabelled_header_and_quoted_labels() -> None:
    record = from_text(QUOTED)
    assert record.title == "桜台市個人情報保護審議会"
    assert record.body == "桜台市個人情報保護審議会"
    assert (record.date, record.start_time, record.end_time) == ("2023-10-02", None, "11:05")
    assert (record.fiscal_year, record.ordinal) == (2023, None)
    assert [(s, r) for s, r, _ in speakers(record)] == [
        ("会長", "chair"),
        ("事務局", "secretariat"),
        ("会長", "chair"),
        ("田中委員", "member"),
        ("保育課長", "staff"),
        ("会長", "chair"),
    ]
    assert [u.agenda_index for u in record.utterances] == [None, None, 0, 0, 0, 0]


def test_item_found_in_an_announcement() -> None:
    (item,) = from_text(QUOTED).agenda
    assert (item.kind, item.number) == ("consultation", "諮問第15号")
    assert item.title == "保育所入所申請のオンライン化に伴う外部結合について"
    assert item.review_types == ["external_connection"]
    assert item.outcome == "continued"


# -- ○会長 alone on its line, the text on the next lines ------

MARU_ALONE = """会議録
名称 令和5年度第3回 桜台市個人情報保護審議会
日時 令和5年11月6日（月）午後2時～午後3時
会場 桜台市役所 第1会議室
出席委員 青木一郎 石川二郎 上野三郎
説明員 市民課長 山本六郎
事務局 総務課長 中島四郎
会議次第
1 開会
2 報告事項
(1) 個人情報取扱事務の届出状況について
3 閉会
○会長
ただいまから会議を開きます。
報告事項(1)について説明をお願いします。
○市民課長
届出は12件でした。
内訳は資料のとおりです。
〇石川委員
了解しました。
○会長
それでは、この報告を了承します。
"""


def test_maru_labels_alone_on_their_lines() -> None:
    record = from_text(MARU_ALONE)
    assert record.attendees == {
        "members": ["青木一郎", "石川二郎", "上野三郎"],
        "staff": ["市民課長 山本六郎", "総務課長 中島四郎"],
    }
    assert (record.start_time, record.end_time) == ("14:00", "15:00")
    assert [(u.speaker, u.text) for u in record.utterances] == [
        ("会長", "ただいまから会議を開きます。\n報告事項(1)について説明をお願いします。"),
        ("市民課長", "届出は12件でした。\n内訳は資料のとおりです。"),
        ("石川委員", "了解しました。"),
        ("会長", "それでは、この報告を了承します。"),
    ]
    assert [u.agenda_index for u in record.utterances] == [0, 0, 0, 0]
    (item,) = record.agenda
    assert (item.kind, item.outcome) == ("report", "acknowledged")


# -- a speaker/content table --------------------------------


def test_speaker_content_table() -> None:
    record = from_blocks(
        Paragraph("会議録"),
        Paragraph("名称：令和5年度第4回 桜台市個人情報保護審議会"),
        Paragraph("日時：令和6年1月15日（月）午後2時から午後4時まで"),
        TableBlock(
            (
                ("発言者", "発言内容"),
                ("会長", "開会します。\n本日は報告が1件です。"),
                ("事務局", "資料を説明します。"),
                ("副会長", "質問があります。"),
                ("説明員", "お答えします。"),
                ("会長", "閉会します。"),
            )
        ),
    )
    assert [(u.speaker, u.role) for u in record.utterances] == [
        ("会長", "chair"),
        ("事務局", "secretariat"),
        ("副会長", "vice_chair"),
        ("説明員", "staff"),
        ("会長", "chair"),
    ]
    assert record.utterances[0].text == "開会します。\n本日は報告が1件です。"
    assert record.title == "令和5年度第4回 桜台市個人情報保護審議会"
    assert looks_like_minutes(record)


# -- a summary record: agenda and outcomes, no turns --------

SUMMARY = """会議要録
1 会議名 令和5年度第1回桜台市個人情報保護審議会
2 日時 令和5年5月10日（水）午前10時～午前11時30分
3 場所 桜台市役所本庁舎3階第1会議室
4 出席委員 青木一郎、石川二郎、上野三郎
5 傍聴者 なし
6 議題
(1) 諮問第12号 住民票の写し等交付業務の外部委託について
(2) 個人情報漏えい事案について（報告）
7 審議概要
(1) 諮問第12号について
事務局から資料に基づき説明があった。委員から委託先の選定方法について質問があり、担当課から回答があった。
審議の結果、原案どおり承認された。
(2) 個人情報漏えい事案について
担当課から報告があり、了承された。
"""


def test_summary_record() -> None:
    record = from_text(SUMMARY)
    assert record.utterances == []
    assert record.title == "令和5年度第1回桜台市個人情報保護審議会"
    assert record.body == "桜台市個人情報保護審議会"
    assert (record.date, record.start_time, record.end_time) == ("2023-05-10", "10:00", "11:30")
    assert record.venue == "桜台市役所本庁舎3階第1会議室"
    assert record.observers == 0
    assert record.attendees["members"] == ["青木一郎", "石川二郎", "上野三郎"]
    assert [(a.kind, a.number, a.outcome) for a in record.agenda] == [
        ("consultation", "諮問第12号", "approved"),
        ("report", None, "acknowledged"),
    ]
    assert looks_like_minutes(record)


# -- not minutes --------------------------------------------

NOT_MINUTES = """桜総第123号
令和5年4月1日
桜台市個人情報保護審議会
会長 青木 一郎 様
桜台市長 山田 太郎
住民票の写し等交付業務の外部委託について（諮問）
桜台市個人情報保護条例第12条の規定に基づき、下記のとおり諮問します。
記
1 諮問事項 住民票の写し等交付業務の外部委託
2 理由 窓口の混雑を解消するため。
"""


def test_not_minutes_finds_nothing() -> None:
    record = from_text(NOT_MINUTES, "letter.txt")
    assert record.source["name"] == "letter.txt"
    assert record.as_json() | {"source": None} == MinutesRecord(source=None).as_json()  # type: ignore[arg-type]
    assert not looks_like_minutes(record)


def test_empty_record_is_not_minutes() -> None:
    assert not looks_like_minutes(MinutesRecord(source={}))
    assert not looks_like_minutes(MinutesRecord(source={}, title="第1回", utterances=[]))


# -- meeting formats -------------------------------------------------------------------------


def _with(line: str) -> MinutesRecord:
    return from_text(
        "会議録\n名称 令和5年度第5回 桜台市個人情報保護審議会\n"
        f"日時 令和5年12月4日（月）午後2時から午後3時まで\n{line}\n"
        "会長 開会します。\n委員 質問です。\n会長 閉会します。\n"
    )


def test_meeting_formats() -> None:
    assert _with("場所 桜台市役所 第1会議室").format == "in_person"
    assert _with("場所 オンライン（Zoom）").format == "online"
    assert _with("開催方法 オンライン会議").format == "online"
    assert _with("場所 第1会議室及びオンライン（ハイブリッド開催）").format == "hybrid"
    assert _with("開催方法 書面開催").format == "written"
    assert _with("場所 桜台市役所 第1会議室").utterances[1].role == "member"


# -- an HTML page through the reader: <th>/<td> header, an <ol> agenda, ○ turns ---------------

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>会議録</title></head>
<body><h1>令和5年度第2回 桜台市個人情報保護審議会 会議録</h1>
<table>
<tr><th>日時</th><td>令和5年7月10日（月曜日）午後2時～午後3時30分</td></tr>
<tr><th>場所</th><td>桜台市役所 本庁舎3階 第1会議室</td></tr>
<tr><th>出席委員</th><td>青木一郎、石川二郎、上野三郎</td></tr>
<tr><th>欠席委員</th><td>江藤四郎</td></tr>
<tr><th>事務局</th><td>総務課長、総務課係長</td></tr>
<tr><th>傍聴者</th><td>0人</td></tr>
<tr><th>議題</th><td><ol><li>諮問第12号 住民票の写し等交付業務の外部委託について</li>
<li>報告第3号 個人情報の漏えい事案について</li></ol></td></tr>
</table>
<h2>会議の経過</h2>
<p>○会長　ただいまから会議を開会します。</p>
<p>○会長　諮問第12号について、事務局から説明をお願いします。</p>
<p>○総務課長　（資料に基づき説明）</p>
<p>○石川委員　委託先の監督はどうしますか。</p>
<p>○総務課長　月1回の報告を求めます。</p>
<p>○会長　それでは諮問第12号は承認とします。</p>
<p>（異議なし）</p>
<p>○会長　次に報告第3号について説明をお願いします。</p>
<p>○総務課長　誤送付が1件ありました。</p>
<p>○会長　報告を了承します。以上で閉会します。</p>
</body></html>"""


def test_html_page() -> None:
    record = from_text(HTML_PAGE, "minutes.html")
    assert record.source["format"] == "html"
    assert (record.title, record.date, record.start_time, record.end_time) == (
        "令和5年度第2回 桜台市個人情報保護審議会",
        "2023-07-10",
        "14:00",
        "15:30",
    )
    assert record.attendees["staff"] == ["総務課長", "総務課係長"]
    assert record.observers == 0
    assert [(a.number, a.title, a.outcome) for a in record.agenda] == [
        ("諮問第12号", "住民票の写し等交付業務の外部委託について", "approved"),
        ("報告第3号", "個人情報の漏えい事案について", "acknowledged"),
    ]
    assert [(u.speaker, u.role, u.agenda_index) for u in record.utterances] == [
        ("会長", "chair", None),
        ("会長", "chair", 0),
        ("石川委員", "member", 0),
        ("総務課長", "secretariat", 0),
        ("会長", "chair", 0),
        ("会長", "chair", 1),
        ("総務課長", "secretariat", 1),
        ("会長", "chair", 1),
    ]
