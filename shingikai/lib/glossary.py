"""The council's vocabulary (GLOSSARY.md) as code → Japanese label pairs.

One list per term, in the order screens and documents show them. Django choices, the case
file format, documents and the precheck all read these, so a code means the same everywhere.
"""

from __future__ import annotations

Vocabulary = tuple[tuple[str, str], ...]

HANDLING_TYPES: Vocabulary = (
    ("outsourcing", "外部委託"),
    ("external_connection", "外部結合"),
    ("use_beyond_purpose", "目的外利用"),
    ("provision_to_third_party", "外部提供"),
    ("collection_from_others", "本人外収集"),
    ("new_recorded_items", "電子計算機への記録"),
    ("sensitive_info", "要配慮個人情報の収集"),
    ("pia_third_party_inspection", "特定個人情報保護評価の第三者点検"),
    ("ordinance_or_rules", "条例・規則・制度の改正"),
    ("other", "その他"),
)

# How the seed forms head each handling (第1 外部委託に伴う個人情報の保護措置 …).
HANDLING_HEADINGS: dict[str, str] = {
    "outsourcing": "外部委託に伴う個人情報の保護措置",
    "external_connection": "外部の電子計算機との回線結合",
    "use_beyond_purpose": "個人情報の目的外利用",
    "provision_to_third_party": "個人情報の外部提供",
    "collection_from_others": "本人以外からの個人情報の収集",
    "new_recorded_items": "新たな個人情報の項目の電子計算機への記録",
    "sensitive_info": "要配慮個人情報の収集",
    "pia_third_party_inspection": "特定個人情報保護評価における第三者点検",
    "ordinance_or_rules": "条例・規則・制度の改正",
    "other": "その他",
}

CASE_KINDS: Vocabulary = (("consultation", "諮問"), ("report", "報告"))

OUTCOMES: Vocabulary = (
    ("approved", "承認"),
    ("approved_with_conditions", "承認（条件・付帯意見付き）"),
    ("acknowledged", "了承"),
    ("rejected", "不承認"),
    ("continued", "継続審議"),
)

ITEM_CATEGORIES: Vocabulary = (
    ("basic", "基本情報"),
    ("contact", "連絡先"),
    ("identifier", "識別子"),
    ("my_number", "特定個人情報（個人番号）"),
    ("sensitive", "要配慮個人情報"),
    ("financial", "金融・収入"),
    ("family", "家族・世帯"),
    ("other", "その他"),
)

# Where an outsourced item comes from (the seed forms' three fixed sub-lists).
ITEM_SOURCES: Vocabulary = (
    ("ward_to_contractor", "区から委託先へ提供するもの"),
    ("from_subject", "委託先が本人から収集するもの"),
    ("from_others", "区及び本人以外から委託先へ提供するもの"),
)

PARTY_KINDS: Vocabulary = (
    ("ward_division", "区（担当課等）"),
    ("contractor", "委託先"),
    ("subcontractor", "再委託先"),
    ("public_body", "他の行政機関"),
    ("data_subject", "本人（区民等）"),
    ("system", "システム"),
    ("other", "その他"),
)

CHANNELS: Vocabulary = (
    ("lgwan", "LGWAN"),
    ("lgwan_asp", "LGWAN-ASP"),
    ("dedicated_line", "専用回線"),
    ("internet_vpn", "インターネット（VPN）"),
    ("internet_tls", "インターネット（TLS暗号化）"),
    ("internet", "インターネット"),
    ("intranet", "庁内ネットワーク"),
    ("cloud", "クラウドサービス"),
    ("email", "電子メール"),
    ("messaging_app", "LINE等のメッセージアプリ"),
    ("file_exchange", "ファイル交換サービス"),
    ("mail", "郵送"),
    ("paper", "紙（手渡し）"),
    ("electronic_media", "電子記録媒体（USB等）"),
    ("fax", "FAX"),
    ("phone", "電話"),
    ("in_person", "対面"),
    ("in_system", "システム内の処理"),
    ("other", "その他"),
)

EXCHANGE_METHODS: Vocabulary = (
    ("document", "文書"),
    ("electronic_media", "電子記録媒体"),
    ("line", "回線結合"),
)

LINE_TYPES: Vocabulary = (
    ("lgwan", "LGWAN"),
    ("dedicated_line", "専用回線"),
    ("internet_vpn", "インターネット（VPN）"),
    ("internet_tls", "インターネット（TLS暗号化）"),
    ("cloud", "クラウドのデータセンター"),
    ("other", "その他"),
)

DATA_CENTRE_TIERS: Vocabulary = (
    ("tier1", "Tier1"),
    ("tier2", "Tier2"),
    ("tier3", "Tier3"),
    ("tier4", "Tier4"),
)

CERTIFICATIONS: Vocabulary = (
    ("isms", "ISMS（ISO/IEC 27001）"),
    ("pmark", "プライバシーマーク"),
    ("ismap", "ISMAP"),
    ("ismap_liu", "ISMAP-LIU"),
    ("other", "その他"),
)

SAFEGUARD_KINDS: Vocabulary = (
    ("operational", "運用上の対策"),
    ("technical", "システム上の対策"),
    ("physical", "物理的な対策"),
    ("contractual", "契約上の対策"),
)

CONTRACT_CLAUSES: Vocabulary = (
    ("contract_clause", "特記事項"),
    ("pledge", "誓約書"),
    ("inspection", "立入検査"),
    ("deletion_certificate", "消去証明書"),
    ("other", "その他"),
)

PIA_LEVELS: Vocabulary = (
    ("basic", "基礎項目評価"),
    ("focused", "重点項目評価"),
    ("full", "全項目評価"),
)


def label(vocabulary: Vocabulary, code: str | None) -> str:
    """The Japanese label of `code`, or the code itself when it is not in the list."""
    if code is None:
        return ""
    return dict(vocabulary).get(code, code)


def codes(vocabulary: Vocabulary) -> tuple[str, ...]:
    return tuple(code for code, _ in vocabulary)
