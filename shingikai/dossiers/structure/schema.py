"""The fields of each handling's form, as the councils' own forms number and name them.

One declaration serves the web form, the case file, the documents, the revision diff and the
precheck, so a field added here appears everywhere. Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shingikai.lib import glossary

# Field kinds: what a value looks like in the case file and how the form asks for it.
TEXT = "text"  # one line
LONGTEXT = "longtext"  # paragraphs
INT = "int"  # a whole number ≥ 0
DATE = "date"  # ISO date
BOOL = "bool"  # yes / no (None: not stated)
CHOICE = "choice"  # one code of `choices`
MULTI = "multi"  # several codes of `choices`
KINDS = (TEXT, LONGTEXT, INT, DATE, BOOL, CHOICE, MULTI)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a handling form."""

    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: glossary.Vocabulary = ()
    help: str = ""
    number: str = ""  # the item number on the council's form (「5」, 「12」)


@dataclass(frozen=True)
class HandlingSpec:
    """The form of one handling type."""

    type: str
    fields: tuple[FieldSpec, ...]
    party_label: str = ""  # what the handling's party is called (委託先, 結合の相手方 …)
    party_kinds: tuple[str, ...] = ()
    has_items: bool = True
    item_sources: glossary.Vocabulary = ()
    period: bool = True  # has start_on / end_on
    extra_help: str = ""
    attachments: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return glossary.label(glossary.HANDLING_TYPES, self.type)

    @property
    def heading(self) -> str:
        return glossary.HANDLING_HEADINGS[self.type]

    def field(self, name: str) -> FieldSpec:
        for spec in self.all_fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def all_fields(self) -> tuple[FieldSpec, ...]:
        """The type's fields, then count and period fields shared by every type."""
        common: list[FieldSpec] = []
        if self.has_items:
            common += [COUNT, COUNT_NOTE]
        if self.period:
            common += [START_ON, END_ON, PERIOD_NOTE]
        return self.fields + tuple(common)


def _f(number: str, name: str, label: str, kind: str = TEXT, **kw: object) -> FieldSpec:
    return FieldSpec(name=name, label=label, kind=kind, number=number, **kw)  # type: ignore[arg-type]


COUNT = FieldSpec(
    "count", "件数（見込み）", INT, help="対象となる人数・件数。年間の場合はその旨を補足に"
)
COUNT_NOTE = FieldSpec(
    "count_note",
    "件数の補足・算出根拠",
    TEXT,
    help="例：年間約14,000人（妊娠届約7,000件＋出生約7,000件）",
)
START_ON = FieldSpec("start_on", "開始日", DATE)
END_ON = FieldSpec("end_on", "終了日", DATE, help="継続する場合は空欄")
PERIOD_NOTE = FieldSpec(
    "period_note", "期間の補足", TEXT, help="例：令和5年1月下旬から継続、年度ごとに契約"
)

SUBJECTS = "subjects"

OUTSOURCING = HandlingSpec(
    type="outsourcing",
    party_label="委託先",
    party_kinds=("contractor",),
    item_sources=glossary.ITEM_SOURCES,
    fields=(
        _f("1", "contract_title", "委託の件名", required=True),
        _f("2", "content", "委託の内容", LONGTEXT, required=True),
        _f("3", "purpose", "諮問の趣旨", LONGTEXT),
        _f("4", SUBJECTS, "対象となる個人の範囲", LONGTEXT, required=True),
        _f("6", "place", "個人情報を取り扱う場所"),
        _f(
            "7",
            "place_shared",
            "取扱場所の区及び委託先以外の者との共用",
            BOOL,
            help="共用する場合は「はい」",
        ),
        _f(
            "8",
            "exchange_methods",
            "委託先との個人情報の授受の方法",
            MULTI,
            choices=glossary.EXCHANGE_METHODS,
        ),
        _f("10", "protection_system", "委託先の個人情報の保護管理体制", LONGTEXT),
        _f("11", "conditions", "委託の条件", LONGTEXT),
    ),
)

EXTERNAL_CONNECTION = HandlingSpec(
    type="external_connection",
    party_label="結合の相手方",
    party_kinds=("contractor", "public_body", "system", "other"),
    fields=(
        _f("1", "reason", "回線結合する理由", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
        _f("3", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("4", "counterpart_owner", "相手方の電子計算機の所有者"),
        _f("5", "counterpart_operator", "相手方の電子計算機の管理・運用者"),
        _f("6", "method", "回線結合の方法", LONGTEXT, required=True),
        _f("7", "line_type", "回線の種別", CHOICE, choices=glossary.LINE_TYPES, required=True),
        _f(
            "7",
            "data_centre_tier",
            "データセンターのTier",
            CHOICE,
            choices=glossary.DATA_CENTRE_TIERS,
        ),
        _f("7", "domestic", "データセンターは国内にある", BOOL),
        _f("7", "redundancy", "冗長化・バックアップ"),
    ),
)

USE_BEYOND_PURPOSE = HandlingSpec(
    type="use_beyond_purpose",
    fields=(
        _f("1", "reason", "目的外利用の理由", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
        _f("3", "source_business", "利用する個人情報を保有する業務", required=True),
        _f("4", "source_department", "保有する課"),
        _f("5", "destination_business", "利用する業務", required=True),
        _f("6", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("7", "method", "利用の方法", LONGTEXT, required=True),
    ),
)

PROVISION_TO_THIRD_PARTY = HandlingSpec(
    type="provision_to_third_party",
    party_label="提供先",
    party_kinds=("public_body", "contractor", "other"),
    fields=(
        _f("1", "reason", "外部提供の理由", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
        _f("3", "source_business", "提供する個人情報を保有する業務", required=True),
        _f("4", "recipient_use", "提供先での利用目的", LONGTEXT, required=True),
        _f("5", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("6", "method", "提供の方法", LONGTEXT, required=True),
    ),
)

COLLECTION_FROM_OTHERS = HandlingSpec(
    type="collection_from_others",
    party_label="収集先",
    party_kinds=("public_body", "contractor", "other"),
    fields=(
        _f("1", "reason", "本人以外から収集する理由", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
        _f("3", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("5", "method", "収集の方法", LONGTEXT, required=True),
        _f("6", "protection_system", "区の個人情報の保護管理体制", LONGTEXT),
    ),
)

NEW_RECORDED_ITEMS = HandlingSpec(
    type="new_recorded_items",
    fields=(
        _f("1", "reason", "電子計算機に記録する理由", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
        _f("3", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("5", "method", "電子計算機に記録する方法", LONGTEXT, required=True),
        _f("6", "protection_system", "区の個人情報の保護管理体制", LONGTEXT),
    ),
)

SENSITIVE_INFO = HandlingSpec(
    type="sensitive_info",
    fields=(
        _f("1", "reason", "要配慮個人情報を収集する理由", LONGTEXT, required=True),
        _f("2", "necessity", "収集が必要不可欠である理由", LONGTEXT, required=True),
        _f("3", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
        _f("5", "method", "収集の方法", LONGTEXT, required=True),
        _f("6", "protection_system", "区の個人情報の保護管理体制", LONGTEXT),
    ),
)

PIA_THIRD_PARTY_INSPECTION = HandlingSpec(
    type="pia_third_party_inspection",
    has_items=False,
    period=False,
    attachments=("pia_draft_report",),
    extra_help="特定個人情報保護評価書（案）を添付ファイルとして登録してください。",
    fields=(
        _f("1", "affair", "評価対象の事務", required=True),
        _f(
            "2",
            "people",
            "対象人数",
            INT,
            required=True,
            help="特定個人情報ファイルの対象となる本人の数",
        ),
        _f("3", "handlers", "取扱者数", INT, help="特定個人情報ファイルを取り扱う職員等の数"),
        _f("4", "serious_incident", "過去1年以内の重大事故の発生", BOOL),
        _f(
            "5",
            "assessment_level",
            "実施する評価",
            CHOICE,
            choices=glossary.PIA_LEVELS,
            required=True,
        ),
        _f("6", "change", "評価・変更の内容", LONGTEXT),
        _f("7", "post_hoc", "事後の評価（緊急時の事後評価）である", BOOL),
        _f("8", "public_comment_start", "意見募集の開始日", DATE),
        _f("8", "public_comment_end", "意見募集の終了日", DATE),
        _f("8", "public_comment_result", "意見募集の結果", LONGTEXT),
        _f("9", "internal_review", "庁内会議での審議の日付と結果"),
        _f("10", "started_on", "事務（変更後の取扱い）の開始日", DATE),
    ),
)

ORDINANCE_OR_RULES = HandlingSpec(
    type="ordinance_or_rules",
    has_items=False,
    fields=(
        _f("1", "content", "改正の内容", LONGTEXT, required=True),
        _f("2", "purpose", "諮問の趣旨", LONGTEXT),
    ),
)

OTHER = HandlingSpec(
    type="other",
    fields=(
        _f("1", "content", "内容", LONGTEXT, required=True),
        _f("2", SUBJECTS, "対象となる個人の範囲", LONGTEXT),
    ),
)

SPECS: dict[str, HandlingSpec] = {
    spec.type: spec
    for spec in (
        OUTSOURCING,
        EXTERNAL_CONNECTION,
        USE_BEYOND_PURPOSE,
        PROVISION_TO_THIRD_PARTY,
        COLLECTION_FROM_OTHERS,
        NEW_RECORDED_ITEMS,
        SENSITIVE_INFO,
        PIA_THIRD_PARTY_INSPECTION,
        ORDINANCE_OR_RULES,
        OTHER,
    )
}

ATTACHMENT_KINDS: glossary.Vocabulary = (
    ("pia_draft_report", "特定個人情報保護評価書（案）"),
    ("material", "説明資料"),
    ("other", "その他"),
)
