"""Demo data: one ward (世田谷区) with its council, three terms and meetings, and a second
ward (新宿区) for the Shinjuku cases.

Case facts (numbers, titles, handlings, items, flows, counts, contractors, dates, decisions),
kept as case files in cases/, restate what the published minutes of those councils say;
people's names are fictional. The FY2022 8th meeting
of Setagaya, its case 諮問第1004号 (the line connection the 7th meeting said would follow) and
the current-year cases are illustrations in the same style.
"""

from __future__ import annotations

import datetime as dt

D = dt.date
T = dt.time

# Fictional names; the roster of each term is drawn from this pool in order.
SETAGAYA_NAMES = [
    ("青木 正和", "あおき まさかず", "academic", "大学教授（行政法）"),
    ("石川 由美子", "いしかわ ゆみこ", "academic", "大学教授（情報学）"),
    ("上野 健一", "うえの けんいち", "lawyer", "弁護士"),
    ("遠藤 さやか", "えんどう さやか", "expert", "情報処理安全確保支援士"),
    ("小川 隆", "おがわ たかし", "assembly", "区議会議員"),
    ("加藤 恵", "かとう めぐみ", "assembly", "区議会議員"),
    ("北村 浩二", "きたむら こうじ", "assembly", "区議会議員"),
    ("工藤 直美", "くどう なおみ", "resident", "公募区民"),
    ("小林 誠", "こばやし まこと", "resident", "公募区民"),
    ("斎藤 和子", "さいとう かずこ", "business", "区内事業者団体"),
    ("佐野 大輔", "さの だいすけ", "resident", "町会・自治会"),
    ("清水 久美", "しみず くみ", "academic", "大学准教授（社会福祉）"),
    ("杉山 徹", "すぎやま とおる", "resident", "公募区民"),
    ("高田 里奈", "たかだ りな", "resident", "公募区民"),
    ("千葉 修", "ちば おさむ", "academic", "大学教授（情報セキュリティ）"),
]

# Terms of two years from April, numbered from 13; the loader adds terms until one covers
# today, so the demo always has a current term.
FIRST_TERM = (13, D(2021, 4, 1))
TERM_YEARS = 2
TERM_SIZE = 13
# The demo member account serves in every term.
DEMO_MEMBER_NAME = "石川 由美子"


SETAGAYA_DEPARTMENTS = [
    ("総務部", "区政情報課"),
    ("世田谷保健所", "健康推進課"),
    ("子ども・若者部", "子ども家庭課"),
    ("保育部", "保育認定・調整課"),
    ("障害福祉部", "障害保健福祉課"),
    ("地域行政部", "番号制度・マイナンバーカード交付推進担当課"),
    ("住民接種担当部", "住民接種統括担当課"),
]

SETAGAYA_RULES = [
    {
        "valid_from": D(2005, 4, 1),
        "consultation_types": [
            "outsourcing",
            "external_connection",
            "use_beyond_purpose",
            "provision_to_third_party",
            "collection_from_others",
            "new_recorded_items",
            "sensitive_info",
            "pia_third_party_inspection",
            "ordinance_or_rules",
        ],
        "report_types": [],
        "note": "世田谷区個人情報保護条例及び審議会条例による運用（過半数の出席で成立）。",
    },
    {
        "valid_from": D(2023, 4, 1),
        "consultation_types": ["pia_third_party_inspection", "ordinance_or_rules", "other"],
        "report_types": [
            "outsourcing",
            "external_connection",
            "use_beyond_purpose",
            "provision_to_third_party",
            "collection_from_others",
            "new_recorded_items",
            "sensitive_info",
        ],
        "note": "改正個人情報保護法の施行後の運用例（専門的知見が特に必要な場合に諮問）。",
    },
]

# Each case's content is its case file in cases/<key>.yaml; here only where it stands.
# key, status, date consulted
SETAGAYA_CASES = [
    ("setagaya-999", "decided", D(2022, 12, 27)),
    ("setagaya-1000", "decided", D(2022, 12, 27)),
    ("setagaya-1001", "decided", D(2022, 12, 27)),
    ("setagaya-1002", "decided", D(2022, 12, 27)),
    ("setagaya-1003", "decided", D(2022, 12, 27)),
    ("setagaya-1004", "decided", D(2023, 2, 3)),
    ("setagaya-demo-pia-2026", "scheduled", None),
    ("setagaya-demo-report-2026", "submitted", None),
    ("setagaya-demo-draft-2026", "draft", None),
]

SHINJUKU_DEPARTMENTS = [
    ("総合政策部", "区政情報課"),
    ("総務部", "行政管理課"),
    ("総合政策部", "特命担当"),
]

SHINJUKU_CASES = [
    ("shinjuku-18", "decided", D(2022, 11, 17)),
    ("shinjuku-19", "decided", D(2022, 11, 17)),
]

SHINJUKU_MEMBERS = [
    ("中島 宏", "なかじま ひろし", "chair", "academic"),
    ("伊東 真理", "いとう まり", "member", "expert"),
    ("松田 昭", "まつだ あきら", "member", "lawyer"),
    ("木元 弘子", "きもと ひろこ", "member", "resident"),
    ("川端 学", "かわばた まなぶ", "member", "assembly"),
]
