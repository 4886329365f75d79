"""Demo data: one ward (世田谷区) with its council, three terms and meetings, and a second
ward (新宿区) for the Shinjuku cases.

Case facts (numbers, titles, handlings, counts, contractors, dates, decisions) restate what the
published minutes of those councils say; people's names are fictional. The FY2022 8th meeting
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

T999 = (
    "「健康推進業務」における外部委託に伴う個人情報の保護措置、「健康推進業務」における"
    "新たな個人情報の項目の電子計算機への記録及び「健康推進業務」における外部の電子計算機"
    "との回線結合について"
)
T1001 = (
    "「子ども家庭支援業務」における外部委託に伴う個人情報の保護措置及び「子育て支援業務」"
    "における個人情報の「子ども家庭支援業務」への目的外利用について"
)

# key: (kind, number, fiscal_year, title, subtitle, business, department name, status,
#       handling types, summary)
SETAGAYA_CASES = [
    {
        "key": "setagaya-999",
        "kind": "consultation",
        "number": 999,
        "fiscal_year": 2022,
        "title": T999,
        "subtitle": "出産・子育て応援事業の実施",
        "business": "健康推進業務",
        "department": "健康推進課",
        "status": "decided",
        "consulted_on": D(2022, 12, 27),
        "handlings": [
            ("outsourcing", "外部委託に伴う個人情報の保護措置", "世田谷区個人情報保護条例第12条"),
            ("new_recorded_items", "新たな個人情報の項目の電子計算機への記録", ""),
            ("external_connection", "外部の電子計算機との回線結合（クラウドの管理システム）", ""),
            ("external_connection", "外部の電子計算機との回線結合（データ伝送）", ""),
        ],
        "summary": (
            "国の出産・子育て応援交付金事業として、妊娠期と出産後に面談またはアンケートを"
            "行った方に現金5万円をそれぞれ支給する。支給対象者は年間約14,000人（妊娠届約7,000"
            "件、出生約7,000件）、アンケート対象者は約7,000人。管理システムの構築・保守、"
            "申請書類とアンケートの発送・受付、コールセンターを委託する。委託先はプロポーザル"
            "方式で令和5年1月下旬に決定予定。区民健康情報システムから対象者を抽出し、"
            "LGWAN回線で委託先のクラウド上の管理システムと連携する。健康推進課の端末からは"
            "LGWANまたはインターネットVPNで接続する。"
        ),
    },
    {
        "key": "setagaya-1000",
        "kind": "consultation",
        "number": 1000,
        "fiscal_year": 2022,
        "title": "「健康推進業務」における外部委託に伴う個人情報の保護措置について",
        "subtitle": "妊活オンライン相談等事業委託",
        "business": "健康推進業務",
        "department": "健康推進課",
        "status": "decided",
        "consulted_on": D(2022, 12, 27),
        "handlings": [
            ("outsourcing", "外部委託に伴う個人情報の保護措置", "世田谷区個人情報保護条例第12条"),
        ],
        "summary": (
            "妊活・不妊治療に悩む区民と家族に、不妊症看護認定看護師、臨床心理士、胚培養士、"
            "ピアカウンセラーが匿名で相談に応じる。区専用公式LINEアカウントからの相談フォーム、"
            "クラウド型会議サービス、通話相談の3経路。区から委託先への提供はなし。委託先が本人"
            "から任意で収集する項目はSNSアカウント、電話番号、メールアドレス、住所（町名まで）、"
            "性別、生年月日、身長、体重、職業等。件数は年間約90件。令和5年1月16日開始、"
            "委託先は株式会社ファミワン（公募型プロポーザル）。"
        ),
    },
    {
        "key": "setagaya-1001",
        "kind": "consultation",
        "number": 1001,
        "fiscal_year": 2022,
        "title": T1001,
        "subtitle": "家事支援用品購入支援事業の実施",
        "business": "子ども家庭支援業務",
        "department": "子ども家庭課",
        "status": "decided",
        "consulted_on": D(2022, 12, 27),
        "handlings": [
            ("outsourcing", "外部委託に伴う個人情報の保護措置", "世田谷区個人情報保護条例第12条"),
            (
                "use_beyond_purpose",
                "「子育て支援業務」の個人情報の目的外利用",
                "世田谷区個人情報保護条例第15条第1項第4号",
            ),
        ],
        "summary": (
            "平成31年4月2日から令和4年4月1日までに生まれ保育サービスを利用していない1・2歳児の"
            "保護者に、子ども1人あたり最大5万円分のポイントを付与し、専用サイトで家事支援用品を"
            "購入できるようにする（東京都の令和4年度時限の補助事業）。年齢要件の対象児童20,417人"
            "から保育サービス利用者を除いた約9,700人が対象。保育認定・調整課の保有情報を抽出して"
            "目的外利用する。委託期間は令和5年1月から5月まで、委託先は株式会社JTB（入札）。"
            "回線結合は次回の審議会で改めて諮問する。"
        ),
    },
    {
        "key": "setagaya-1002",
        "kind": "consultation",
        "number": 1002,
        "fiscal_year": 2022,
        "title": "「高齢者・障害者保健福祉業務」における外部委託に伴う個人情報の保護措置について",
        "subtitle": "地域障害者相談支援センター業務委託における個人情報の項目の追加",
        "business": "高齢者・障害者保健福祉業務",
        "department": "障害保健福祉課",
        "status": "decided",
        "consulted_on": D(2022, 12, 27),
        "handlings": [
            ("outsourcing", "外部委託に伴う個人情報の保護措置", "世田谷区個人情報保護条例第12条"),
        ],
        "summary": (
            "区内5地域の地域障害者相談支援センター（愛称「ぽーと」）で、メールやWeb会議による"
            "オンライン相談を始めるため、本人から収集する項目にメールアドレスを追加する。"
            "件数は5地域で年間約1,770件（令和3年度の延べ相談件数は約35,000件）。令和5年1月開始。"
            "委託先は地域ごとの社会福祉法人・NPO法人の5者。"
        ),
    },
    {
        "key": "setagaya-1003",
        "kind": "consultation",
        "number": 1003,
        "fiscal_year": 2022,
        "title": "特定個人情報保護評価における第三者点検について",
        "subtitle": "予防接種実施事務",
        "business": "予防接種実施事務",
        "department": "番号制度・マイナンバーカード交付推進担当課",
        "status": "decided",
        "consulted_on": D(2022, 12, 27),
        "handlings": [
            (
                "pia_third_party_inspection",
                "特定個人情報保護評価書（全項目評価）の第三者点検",
                "番号法第28条、規則第7条第4項",
            ),
        ],
        "summary": (
            "令和4年7月26日から新型コロナウイルス感染症予防接種証明書のコンビニ交付を始めたことが"
            "特定個人情報ファイルの重要な変更に当たるため、全項目評価書（対象30万人以上）の"
            "第三者点検を求める。本来は稼働前に実施すべきところ、規則第9条第2項の緊急時の"
            "事後評価として実施する。マイナンバー制度セキュリティ会議で令和4年11月29日に了承済み。"
        ),
    },
    {
        "key": "setagaya-1004",
        "kind": "consultation",
        "number": 1004,
        "fiscal_year": 2022,
        "title": "「子ども家庭支援業務」における外部の電子計算機との回線結合について",
        "subtitle": "家事支援用品購入支援事業の実施",
        "business": "子ども家庭支援業務",
        "department": "子ども家庭課",
        "status": "decided",
        "consulted_on": D(2023, 2, 3),
        "handlings": [("external_connection", "外部の電子計算機との回線結合", "")],
        "summary": (
            "諮問第1001号で次回に改めて諮問するとした、委託先（株式会社JTB）との対象者データの"
            "授受を回線結合で行うもの（デモ用の例示）。"
        ),
    },
    {
        "key": "setagaya-demo-pia-2026",
        "kind": "consultation",
        "number": 1005,
        "fiscal_year": 2026,
        "title": "特定個人情報保護評価における第三者点検について",
        "subtitle": "住民基本台帳に関する事務",
        "business": "住民基本台帳に関する事務",
        "department": "番号制度・マイナンバーカード交付推進担当課",
        "status": "scheduled",
        "consulted_on": None,
        "handlings": [
            (
                "pia_third_party_inspection",
                "特定個人情報保護評価書（全項目評価）の再評価",
                "番号法第28条",
            )
        ],
        "summary": "5年ごとの全項目評価の見直しに伴う第三者点検（デモ用の例示）。",
    },
    {
        "key": "setagaya-demo-report-2026",
        "kind": "report",
        "number": None,
        "fiscal_year": None,
        "title": "「障害者福祉業務」における外部委託について",
        "subtitle": "障害福祉サービス等利用者アンケート調査業務委託",
        "business": "障害者福祉業務",
        "department": "障害保健福祉課",
        "status": "submitted",
        "consulted_on": None,
        "handlings": [("outsourcing", "外部委託", "")],
        "summary": "利用者約3,000人への郵送・Webアンケートの発送と集計を委託する（デモ用の例示）。",
    },
    {
        "key": "setagaya-demo-draft-2026",
        "kind": "report",
        "number": None,
        "fiscal_year": None,
        "title": "「健康推進業務」における外部委託について",
        "subtitle": "妊婦健康診査受診票の作成・発送業務委託",
        "business": "健康推進業務",
        "department": "健康推進課",
        "status": "draft",
        "consulted_on": None,
        "handlings": [("outsourcing", "外部委託", "")],
        "summary": "妊娠届出者に妊婦健康診査受診票を作成・発送する業務を委託する（デモ用の例示）。",
    },
]

SHINJUKU_DEPARTMENTS = [
    ("総合政策部", "区政情報課"),
    ("総務部", "行政管理課"),
    ("総合政策部", "特命担当"),
]

SHINJUKU_CASES = [
    {
        "key": "shinjuku-18",
        "kind": "consultation",
        "number": None,
        "fiscal_year": None,
        "title": "東京共同電子申請・届出サービスの利用に係る外部結合等について",
        "subtitle": "手続の追加",
        "business": "東京共同電子申請・届出サービスによる申請受付",
        "department": "行政管理課",
        "status": "decided",
        "consulted_on": D(2022, 11, 17),
        "handlings": [
            ("external_connection", "外部結合（諮問事項）", ""),
            ("outsourcing", "システム改修の業務委託（報告事項）", ""),
        ],
        "summary": (
            "平成16年度から利用している東京共同電子申請・届出サービス（東京電子自治体共同運営"
            "協議会）に、自治基本条例検証会議の申込み・アンケート、子育てメッセ実行委員会の会員"
            "登録・出展申込み、働く人のストレスマネジメント講演会の申込み・アンケートの3手続を"
            "追加する。令和4年11月25日から結合。申請者はインターネットで運用事業者（富士通株式"
            "会社）のサーバに申請し、区はLGWAN回線で到達通知を受けて申請データをダウンロード"
            "する。システム改修を富士通株式会社に委託（令和4年11月25日〜令和5年3月31日）。"
        ),
    },
    {
        "key": "shinjuku-19",
        "kind": "report",
        "number": None,
        "fiscal_year": None,
        "title": "マイナポイント申請支援業務の委託について",
        "subtitle": "",
        "business": "マイナポイント申請支援",
        "department": "特命担当",
        "status": "decided",
        "consulted_on": D(2022, 11, 17),
        "handlings": [("outsourcing", "業務委託（報告事項）", "")],
        "summary": (
            "地域センターへの出張型申請支援の予約受付をコールセンターに委託する。項目は予約者の"
            "氏名、電話番号、予約日時。約600人（各地域センター約60人）。紙媒体のみで、コール"
            "センターの施錠できる金庫に保管し、契約終了後に区へ返却する。実施期間は令和4年12月19日"
            "〜令和5年2月28日、契約期間は令和4年12月9日〜令和5年2月28日。委託先はりらいあ"
            "コミュニケーションズ株式会社（Pマーク取得）。"
        ),
    },
]

SHINJUKU_MEMBERS = [
    ("中島 宏", "なかじま ひろし", "chair", "academic"),
    ("伊東 真理", "いとう まり", "member", "expert"),
    ("松田 昭", "まつだ あきら", "member", "lawyer"),
    ("木元 弘子", "きもと ひろこ", "member", "resident"),
    ("川端 学", "かわばた まなぶ", "member", "assembly"),
]
