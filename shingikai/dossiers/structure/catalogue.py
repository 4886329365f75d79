"""The data items the seeds name, with their categories: the starting catalogue that
migration dossiers/0003 loads and the secretariat extends in the admin. Pure data.

Only add to this list: items added after 0003 reach existing databases through a data
migration of their own.
"""

from __future__ import annotations

SEED_ITEMS: tuple[tuple[str, str], ...] = (
    # basic
    ("氏名", "basic"),
    ("氏名（カナ）", "basic"),
    ("住所", "basic"),
    ("郵便番号", "basic"),
    ("生年月日", "basic"),
    ("年齢", "basic"),
    ("性別", "basic"),
    ("国籍", "basic"),
    # contact
    ("電話番号", "contact"),
    ("メールアドレス", "contact"),
    ("SNSアカウント", "contact"),
    ("緊急連絡先", "contact"),
    # identifiers
    ("宛名番号", "identifier"),
    ("住民票コード", "identifier"),
    ("被保険者番号", "identifier"),
    ("受付番号", "identifier"),
    ("申請番号", "identifier"),
    ("利用者ID", "identifier"),
    ("顔写真", "identifier"),
    # my number
    ("個人番号", "my_number"),
    # sensitive (要配慮個人情報, and what ordinances treat as such)
    ("病歴", "sensitive"),
    ("健診結果", "sensitive"),
    ("障害の状況", "sensitive"),
    ("障害者手帳の等級", "sensitive"),
    ("妊娠・出産に関する情報", "sensitive"),
    ("生活保護の受給状況", "sensitive"),
    ("診療情報", "sensitive"),
    ("服薬情報", "sensitive"),
    ("接種記録", "sensitive"),
    ("犯罪の経歴", "sensitive"),
    ("犯罪により害を被った事実", "sensitive"),
    ("信条", "sensitive"),
    ("人種", "sensitive"),
    ("社会的身分", "sensitive"),
    ("相談内容", "sensitive"),
    # financial
    ("口座情報", "financial"),
    ("所得", "financial"),
    ("課税情報", "financial"),
    ("クレジットカード情報", "financial"),
    ("給付額", "financial"),
    # family
    ("続柄", "family"),
    ("世帯主氏名", "family"),
    ("世帯構成", "family"),
    ("配偶者の有無", "family"),
    ("保護者の氏名", "family"),
    ("子の氏名", "family"),
    # other
    ("職業", "other"),
    ("職業等", "other"),
    ("勤務先", "other"),
    ("身長", "other"),
    ("体重", "other"),
    ("予約日時", "other"),
    ("異動情報", "other"),
    ("検診の受診状況", "other"),
    ("近況", "other"),
    ("生活環境", "other"),
    ("生活習慣", "other"),
    ("保育サービスの利用状況", "other"),
    ("申請内容", "other"),
    ("アンケートの回答", "other"),
    ("利用履歴", "other"),
)
