"""The case file (casefile.py): YAML/JSON text ⇄ Dossier. Every demo file reads cleanly and
survives a round trip; every handling type keeps its typed values; a broken file lists every
problem with its path; random dossiers survive dump → parse. Pure Python: no database, no
Django."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pathlib
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shingikai.dossiers.structure import casefile, catalogue, schema
from shingikai.dossiers.structure.dossier import (
    FORMAT,
    Certification,
    Dossier,
    FlowStep,
    Handling,
    Item,
    Party,
    Safeguard,
)
from shingikai.lib import glossary, textnorm

CATALOGUE = dict(catalogue.SEED_ITEMS)
DEMO_DIR = pathlib.Path(__file__).parents[2] / "demo" / "cases"
DEMO_FILES = sorted(DEMO_DIR.glob("*.yaml"))
TYPES = glossary.codes(glossary.HANDLING_TYPES)


def parse_text(text: str) -> Dossier:
    return casefile.parse(casefile.load_text(text), CATALOGUE)


def problems_of(text: str) -> list[casefile.Problem]:
    with pytest.raises(casefile.CaseFileError) as exc:
        parse_text(text)
    return exc.value.problems


def paths_of(text: str) -> set[str]:
    return {p.path for p in problems_of(text)}


HEADER = """\
council: 審議会
kind: report
title: 案件
department: {name: 健康推進課}
"""


# -- the demo case files --------------------------------------------------------------------


def test_it_has_demo_files_to_read() -> None:
    assert len(DEMO_FILES) >= 5


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name)
def test_it_reads_every_demo_file_cleanly_with_the_catalogue(path: pathlib.Path) -> None:
    dossier = casefile.parse(casefile.load_bytes(path.read_bytes()), CATALOGUE)
    assert dossier.title
    assert dossier.handlings
    assert casefile.check(dossier, CATALOGUE) == []


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name)
def test_it_round_trips_every_demo_file_through_yaml_and_json(path: pathlib.Path) -> None:
    dossier = parse_text(path.read_text(encoding="utf-8"))
    text = casefile.dump(dossier)
    assert parse_text(text) == dossier
    assert parse_text(casefile.dump_json(dossier)) == dossier
    # Dumping what was read back writes the same text: the dump is stable.
    assert casefile.dump(parse_text(text)) == text


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name)
def test_it_round_trips_every_demo_file_through_a_stored_json_snapshot(path: pathlib.Path) -> None:
    dossier = parse_text(path.read_text(encoding="utf-8"))
    snapshot = json.loads(casefile.dump_json(dossier))
    assert casefile.parse(snapshot, CATALOGUE) == dossier


def test_it_writes_japanese_as_is_in_yaml_and_json() -> None:
    dossier = parse_text((DEMO_DIR / "shinjuku-18.yaml").read_text(encoding="utf-8"))
    for text in (casefile.dump(dossier), casefile.dump_json(dossier)):
        assert dossier.title in text
        assert "\\u" not in text
    assert casefile.dump(dossier).startswith(f"format: {FORMAT}\n")


# -- a complete dossier for every handling type ---------------------------------------------

PARTY_FOR_KIND = {
    "contractor": "acme",
    "public_body": "city",
    "system": "sys_1",
    "other": "someone",
}
DATES = {
    "start_on": ("令和5年1月16日", dt.date(2023, 1, 16)),
    "end_on": ("2024-03-31", dt.date(2024, 3, 31)),
    "public_comment_start": ("R5.2.1", dt.date(2023, 2, 1)),
    "public_comment_end": ("令和５年３月２日", dt.date(2023, 3, 2)),
    "started_on": ("2023-04-01", dt.date(2023, 4, 1)),
}
INTS = {"count": ("１４，０００", 14000), "people": ("二万四百十七", 20417), "handlers": (0, 0)}
BOOLS = {"domestic": ("いいえ", False), "serious_incident": ("なし", False)}


def sample(f: schema.FieldSpec) -> tuple[Any, Any]:
    """What a department might write for `f` (全角, 和暦, labels …) and its typed value."""
    if f.kind == schema.TEXT:
        return f"{f.label}（記入例）", f"{f.label}（記入例）"
    if f.kind == schema.LONGTEXT:
        return f"{f.label}の一行目\n二行目：詳細", f"{f.label}の一行目\n二行目：詳細"
    if f.kind == schema.INT:
        return INTS.get(f.name, ("120", 120))
    if f.kind == schema.DATE:
        return DATES[f.name]
    if f.kind == schema.BOOL:
        return BOOLS.get(f.name, ("はい", True))
    if f.kind == schema.CHOICE:
        code, label = f.choices[-1]
        return label, code
    if f.kind == schema.MULTI:
        (first, first_label), (last, _) = f.choices[0], f.choices[-1]
        return [first_label, last], [first, last]
    raise AssertionError(f.kind)


def complete_text(h_type: str) -> str:
    spec = schema.SPECS[h_type]
    party = PARTY_FOR_KIND[spec.party_kinds[0]] if spec.party_kinds else ""
    fields = {f.name: sample(f)[0] for f in spec.all_fields}
    if not spec.has_items:
        items: list[Any] = []
        step_items = ["氏名"]
    elif spec.item_sources:
        items = [
            {"name": "氏名", "source": "区から委託先へ提供するもの", "necessity": "本人確認"},
            {"name": "　ＳＮＳアカウント　", "source": "from_subject"},
            {"name": "好きな色", "source": "from_others", "free_text": "はい"},
        ]
        step_items = ["氏名", "好きな色"]
    else:
        items = ["氏名", {"name": "住所", "necessity": "通知の送付"}]
        items += [{"name": "好きな色", "free_text": True}]
        step_items = ["氏名", "好きな色"]
    handling = {
        "type": h_type,
        "title": "見出し",
        "legal_basis": "条例第8条",
        "party": party,
        "fields": fields,
        "items": items,
    }
    # JSON is YAML: the handling is written as JSON inside the YAML file.
    return f"""\
format: shingikai-case/1
council: テスト区情報公開・個人情報保護審議会
municipality: テスト区
kind: 諮問
number: "１２"
fiscal_year: 2023
title: 完全な案件（{h_type}）
subtitle: 事業名
business: 登録業務
department:
  division: 健康部
  name: 健康推進課
summary: |
  一行目
  二行目
parties:
  - {{key: ward, name: 健康推進課, kind: ward_division}}
  - key: acme
    name: 株式会社アクメ
    kind: 委託先
    selection_method: 指名競争入札
    certifications:
      - {{type: pmark, number: "12345", expires_on: 令和7年3月31日}}
      - {{type: ISMAP}}
    prior_approval_required: はい
    location: 東京都新宿区
    note: 備考
  - {{key: sub-1, kind: subcontractor, parent: acme, undecided: はい,
     prior_approval_required: false}}
  - {{key: city, name: 東京都, kind: public_body}}
  - {{key: resident, name: 区民, kind: data_subject}}
  - {{key: sys_1, name: 基幹システム, kind: system}}
  - {{key: someone, name: 関係団体, kind: other}}
handlings:
  - {json.dumps(handling, ensure_ascii=False)}
flow:
  - number: 1
    from: resident
    to: ward
    action: ① 申請する
    items: {json.dumps(step_items, ensure_ascii=False)}
    channel: LGWAN
    encrypted: はい
    kept: 係専用フォルダ
    retention: 5年
    disposal: 消去証明書を提出
  - {{number: 2, from: ward, to: sys_1, encrypted: いいえ}}
safeguards:
  - {{kind: technical, text: 回線を暗号化する, target: {{handling: 1}}}}
  - {{kind: 契約上の対策, clause: pledge, text: 誓約書を提出させる, target: {{party: acme}}}}
  - {{kind: physical, text: 施錠する, target: {{step: 1}}}}
  - {{kind: operational, text: 研修を行う}}
"""


def complete_expected(h_type: str) -> Dossier:
    spec = schema.SPECS[h_type]
    party = PARTY_FOR_KIND[spec.party_kinds[0]] if spec.party_kinds else ""
    if not spec.has_items:
        items: tuple[Item, ...] = ()
        step_items: tuple[str, ...] = ("氏名",)
    elif spec.item_sources:
        items = (
            Item("氏名", "ward_to_contractor", "本人確認"),
            Item("SNSアカウント", "from_subject"),
            Item("好きな色", "from_others", free_text=True),
        )
        step_items = ("氏名", "好きな色")
    else:
        items = (
            Item("氏名"),
            Item("住所", necessity="通知の送付"),
            Item("好きな色", free_text=True),
        )
        step_items = ("氏名", "好きな色")
    return Dossier(
        council="テスト区情報公開・個人情報保護審議会",
        municipality="テスト区",
        kind="consultation",
        number=12,
        fiscal_year=2023,
        title=f"完全な案件（{h_type}）",
        subtitle="事業名",
        business="登録業務",
        department_division="健康部",
        department_name="健康推進課",
        summary="一行目\n二行目",
        parties=(
            Party("ward", "健康推進課", "ward_division"),
            Party(
                "acme",
                "株式会社アクメ",
                "contractor",
                selection_method="指名競争入札",
                certifications=(
                    Certification("pmark", "12345", dt.date(2025, 3, 31)),
                    Certification("ismap"),
                ),
                prior_approval_required=True,
                location="東京都新宿区",
                note="備考",
            ),
            Party(
                "sub-1",
                "未定",
                "subcontractor",
                undecided=True,
                parent="acme",
                prior_approval_required=False,
            ),
            Party("city", "東京都", "public_body"),
            Party("resident", "区民", "data_subject"),
            Party("sys_1", "基幹システム", "system"),
            Party("someone", "関係団体", "other"),
        ),
        handlings=(
            Handling(
                type=h_type,
                title="見出し",
                legal_basis="条例第8条",
                party=party,
                fields={f.name: sample(f)[1] for f in spec.all_fields},
                items=items,
            ),
        ),
        flow=(
            FlowStep(
                1,
                "resident",
                "ward",
                action="① 申請する",
                items=step_items,
                channel="lgwan",
                encrypted=True,
                kept="係専用フォルダ",
                retention="5年",
                disposal="消去証明書を提出",
            ),
            FlowStep(2, "ward", "sys_1", encrypted=False),
        ),
        safeguards=(
            Safeguard("technical", "回線を暗号化する", handling=1),
            Safeguard("contractual", "誓約書を提出させる", clause="pledge", party="acme"),
            Safeguard("physical", "施錠する", step=1),
            Safeguard("operational", "研修を行う"),
        ),
    )


@pytest.mark.parametrize("h_type", TYPES)
def test_it_reads_a_complete_dossier_of_every_handling_type(h_type: str) -> None:
    dossier = parse_text(complete_text(h_type))
    expected = complete_expected(h_type)
    assert dossier == expected
    # Equality alone would let True pass for 1 or a string for a date: check the types too.
    for name, value in dossier.handlings[0].fields.items():
        assert type(value) is type(expected.handlings[0].fields[name]), name


@pytest.mark.parametrize("h_type", TYPES)
def test_it_round_trips_a_complete_dossier_of_every_handling_type(h_type: str) -> None:
    dossier = parse_text(complete_text(h_type))
    for text in (casefile.dump(dossier), casefile.dump_json(dossier)):
        again = parse_text(text)
        assert again == dossier
        for name, value in again.handlings[0].fields.items():
            assert type(value) is type(dossier.handlings[0].fields[name]), name


@pytest.mark.parametrize("h_type", TYPES)
def test_it_fills_every_field_of_the_complete_dossier(h_type: str) -> None:
    dossier = parse_text(complete_text(h_type))
    spec = schema.SPECS[h_type]
    assert set(dossier.handlings[0].fields) == {f.name for f in spec.all_fields}


# -- a file with many problems at once ------------------------------------------------------

MANY_PROBLEMS = """\
format: shingikai-case/1
council: 審議会
kind: petition
colour: blue
department: {name: 健康推進課}
parties:
  - {key: ward, name: 健康推進課, kind: ward_division}
  - {key: acme, name: 株式会社アクメ, kind: contractor}
  - {key: resident, name: 区民, kind: data_subject}
  - {key: sub, name: 再委託先, kind: subcontractor}
  - {key: sub2, name: 再委託先2, kind: subcontractor, parent: ghost}
  - {key: acme, name: 重複した委託先, kind: contractor}
  - {key: 区 の 課, name: 不正な記号, kind: other}
handlings:
  - type: outsourcing
    party: resident
    fields:
      contract_title: 委託
      subjects: 区民
      colour: red
      count: 約百人
      start_on: 2023-04-01
      end_on: 2023-03-31
    items:
      - {name: 氏名, source: ward_to_contractor}
      - {name: 氏名, source: ward_to_contractor}
      - {name: 好きな食べ物, source: from_subject}
      - {name: 住所}
  - type: use_beyond_purpose
    fields: {reason: 理由, source_business: 業務A, destination_business: 業務B, method: 方法}
    items:
      - {name: 氏名, source: from_subject}
  - type: pia_third_party_inspection
    fields:
      affair: 事務
      people: 10
      assessment_level: basic
      public_comment_start: 2023-02-01
      public_comment_end: 2023-01-01
    items: [氏名]
  - type: outsourcing
    fields: {contract_title: 件名, content: 内容, subjects: 区民}
flow:
  - {number: 1, from: ghost, to: ward}
  - {number: 1, from: ward, to: acme}
  - {number: 0, from: ward, to: acme}
safeguards:
  - {kind: operational, clause: pledge, text: 誓約書}
  - {kind: technical, text: 対策, target: {handling: 9}}
  - {kind: technical, text: 対策, target: {party: ghost}}
  - {kind: technical, text: 対策, target: {step: 7}}
  - {kind: technical, text: 対策, target: {handling: 1, party: ward}}
"""

MANY_PATHS = {
    "colour": "この項目名は使えません",  # unknown top-level key
    "title": "必須です",  # missing title
    "kind": "「petition」は選択肢にありません",  # kind not in the vocabulary
    "parties[4].parent": "再委託元（parent）を指定",  # subcontractor without parent
    "parties[5].parent": "「ghost」という関係者はいません",  # parent that does not exist
    "parties[6].key": "「acme」が重複しています",  # duplicate party key
    "parties[7].key": "英数字・-・_ の40文字以内",  # invalid key
    "handlings[1].party": "委託先に区民（本人（区民等））は指定できません",  # wrong kind of party
    "handlings[1].fields.colour": "外部委託の項目にありません",  # field unknown to the type
    "handlings[1].fields.count": "「約百人」は数値として読めません",  # count not a number
    "handlings[1].fields.end_on": "終了日が開始日より前です",  # end before start
    "handlings[1].items[2].name": "「氏名」が重複しています",  # duplicate item
    "handlings[1].items[3].name": "「好きな食べ物」は項目カタログにありません",  # not catalogued
    "handlings[1].items[4].source": "提供元",  # outsourcing item without source
    "handlings[2].items[1].source": "目的外利用では提供元を指定しません",  # source elsewhere
    "handlings[3].fields.public_comment_end": "終了日が開始日より前です",
    "handlings[3].items": "個人情報の項目を登録しません",  # items on a PIA handling
    "handlings[4].party": "委託先を指定してください",  # outsourcing without party
    "flow[1].from": "「ghost」という関係者は登録されていません",  # undeclared party
    "flow[2].number": "番号1が重複しています",  # duplicate step number
    "flow[3].number": "1以上の番号にしてください",  # step number 0
    "safeguards[1].clause": "契約上の対策（contractual）にだけ",  # clause, not contractual
    "safeguards[2].target.handling": "9番目の取扱いはありません",
    "safeguards[3].target.party": "「ghost」という関係者はいません",
    "safeguards[4].target.step": "番号7の流れはありません",
    "safeguards[5].target": "対象は一つだけ",  # two targets at once
}


def test_it_lists_every_problem_of_a_broken_file_with_its_path() -> None:
    problems = problems_of(MANY_PROBLEMS)
    assert {p.path for p in problems} == set(MANY_PATHS)
    assert len(problems) == len(MANY_PATHS), [str(p) for p in problems]


@pytest.mark.parametrize(("path", "fragment"), MANY_PATHS.items())
def test_it_explains_each_problem_in_japanese(path: str, fragment: str) -> None:
    messages = [p.message for p in problems_of(MANY_PROBLEMS) if p.path == path]
    assert len(messages) == 1
    assert fragment in messages[0]


def test_it_prints_a_problem_as_path_and_message() -> None:
    error = casefile.CaseFileError(
        [casefile.Problem("title", "必須です。"), casefile.Problem("", "ファイルが空です。")]
    )
    assert str(error) == "title: 必須です。\nファイルが空です。"


def test_it_reports_unknown_keys_inside_every_part_of_the_file() -> None:
    text = """\
council: 審議会
kind: report
title: 案件
department: {name: 健康推進課, divison: 健康部}
parties:
  - key: ward
    name: 健康推進課
    kind: ward_division
    colour: red
    certifications: [{type: isms, colour: red}]
handlings:
  - type: other
    colour: red
    fields: {content: 内容}
    items: [{name: 氏名, colour: red}]
flow: [{number: 1, from: ward, to: ward, colour: red}]
safeguards: [{kind: technical, text: 対策, colour: red, target: {colour: red}}]
"""
    problems = problems_of(text)
    assert {p.path for p in problems} == {
        "department.divison",
        "parties[1].colour",
        "parties[1].certifications[1].colour",
        "handlings[1].colour",
        "handlings[1].items[1].colour",
        "flow[1].colour",
        "safeguards[1].colour",
        "safeguards[1].target.colour",
    }
    assert {p.message for p in problems} == {"この項目名は使えません。"}


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ("parties: {ward: 区}", "parties", "一覧（- で始まる行）で書いてください。"),
        ("title: [a, b]", "title", "文字列で書いてください。"),
        (
            "fiscal_year: 来年度",
            "fiscal_year",
            "数値を入力してください（「来年度」は数値として読めません）。",
        ),
        (
            "number: 第十二号",
            "number",
            "数値を入力してください（「第十二号」は数値として読めません）。",
        ),
    ],
)
def test_it_reports_a_value_of_the_wrong_shape(extra: str, path: str, message: str) -> None:
    text = HEADER.replace("title: 案件\n", "") if extra.startswith("title") else HEADER
    problems = problems_of(text + extra + "\n")
    assert [(p.path, p.message) for p in problems] == [(path, message)]


# -- reading the text itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("council: a\ntitle: b\n  kind: c\n", 3),
        ("council: a: b\n", 1),
        ("council: a\n\tkind: x\n", 2),
        ('{"council": "a",\n "title": "b"\n "kind": "c"}', 3),
    ],
)
def test_it_names_the_line_of_a_syntax_error_in_one_problem(text: str, line: int) -> None:
    with pytest.raises(casefile.CaseFileError) as exc:
        casefile.load_text(text)
    assert exc.value.problems == [casefile.Problem(f"{line}行目", "YAML/JSONとして読めません。")]
    assert str(exc.value) == f"{line}行目: YAML/JSONとして読めません。"


@pytest.mark.parametrize("text", ["", "   \n", "# コメントだけ\n"])
def test_it_says_an_empty_file_is_empty(text: str) -> None:
    problems = problems_of(text)
    assert problems[0] == casefile.Problem("", "ファイルが空です。")
    assert {p.path for p in problems} == {"", "council", "kind", "title", "department.name"}


def test_it_says_an_entry_that_is_not_a_mapping_is_not_one_and_reads_on() -> None:
    problems = problems_of(HEADER + "handlings: [ただの文字]\n")
    assert [(p.path, p.message) for p in problems] == [
        ("handlings[1]", "項目の組（キー: 値）で書いてください。"),
        ("handlings[1].type", "必須です。"),
    ]


def test_it_says_a_file_that_is_not_a_mapping_is_not_one() -> None:
    problems = problems_of("- 氏名\n- 住所\n")
    assert problems[0] == casefile.Problem("", "項目の組（キー: 値）で書いてください。")


def test_it_asks_for_utf8_when_given_shift_jis() -> None:
    data = (HEADER + "summary: 区民の個人情報を取り扱う\n").encode("shift_jis")
    with pytest.raises(casefile.CaseFileError) as exc:
        casefile.load_bytes(data)
    assert exc.value.problems == [casefile.Problem("", "UTF-8の文字コードで保存してください。")]


def test_it_reads_utf8_with_or_without_a_byte_order_mark() -> None:
    data = HEADER.encode()
    assert casefile.load_bytes(data) == casefile.load_bytes(b"\xef\xbb\xbf" + data)
    assert casefile.parse(casefile.load_bytes(data)).department_name == "健康推進課"


def test_it_rejects_a_file_over_two_megabytes() -> None:
    assert casefile.load_bytes(b"#" * casefile.MAX_BYTES) is None
    with pytest.raises(casefile.CaseFileError) as exc:
        casefile.load_bytes(b"#" * (casefile.MAX_BYTES + 1))
    assert exc.value.problems == [casefile.Problem("", "ファイルが大きすぎます（2MBまで）。")]


@pytest.mark.parametrize("given", ["shingikai-case/2", "other-case/1", "1"])
def test_it_rejects_another_format(given: str) -> None:
    problems = problems_of(f"format: '{given}'\n" + HEADER)
    assert problems == [
        casefile.Problem("format", "「shingikai-case/1」形式のファイルではありません。")
    ]


def test_it_reads_a_file_without_a_format_line() -> None:
    assert parse_text(HEADER).title == "案件"


# -- items ----------------------------------------------------------------------------------

ITEMS_HEADER = (
    HEADER
    + """\
parties: [{key: ward, name: 健康推進課, kind: ward_division}]
handlings:
  - type: other
    fields: {content: 内容}
"""
)


def test_it_accepts_items_given_as_plain_strings() -> None:
    dossier = parse_text(ITEMS_HEADER + "    items: [氏名, 住所, 病歴]\n")
    assert dossier.handlings[0].items == (Item("氏名"), Item("住所"), Item("病歴"))


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("　氏名　", "氏名"),
        ("\u3000 住所 \u3000", "住所"),
        ("ＳＮＳアカウント", "SNSアカウント"),
        ("利用者ＩＤ", "利用者ID"),
        ("氏名（カナ）", "氏名（カナ）"),  # Japanese brackets are kept
    ],
)
def test_it_normalises_item_names_and_finds_them_in_the_catalogue(written: str, read: str) -> None:
    text = ITEMS_HEADER + f"    items: ['{written}']\n"
    text += f"flow: [{{number: 1, from: ward, to: ward, items: ['{written}']}}]\n"
    dossier = parse_text(text)
    assert dossier.handlings[0].items == (Item(read),)
    assert dossier.flow[0].items == (read,)


def test_it_finds_every_seed_item_in_the_catalogue_however_it_is_written() -> None:
    names = [name for name, _ in catalogue.SEED_ITEMS]
    text = ITEMS_HEADER + f"    items: {json.dumps(names, ensure_ascii=False)}\n"
    dossier = parse_text(text)
    assert len(dossier.handlings[0].items) == len(names)


def test_it_collapses_inner_spaces_of_free_text_item_names() -> None:
    text = ITEMS_HEADER + "    items: [{name: 'ペット\u3000\u3000の 名前', free_text: true}]\n"
    assert parse_text(text).handlings[0].items == (Item("ペット の 名前", free_text=True),)


def test_it_accepts_in_a_flow_step_an_item_the_case_declares_as_free_text() -> None:
    text = ITEMS_HEADER + "    items: [{name: 好きな色, free_text: true}]\n"
    text += "flow: [{number: 1, from: ward, to: ward, items: [好きな色, 氏名]}]\n"
    assert parse_text(text).flow[0].items == ("好きな色", "氏名")


def test_it_rejects_in_a_flow_step_an_item_nobody_declared() -> None:
    text = ITEMS_HEADER + "flow: [{number: 1, from: ward, to: ward, items: [好きな色]}]\n"
    problems = problems_of(text)
    assert [p.path for p in problems] == ["flow[1].items"]
    assert "好きな色" in problems[0].message


def test_it_accepts_any_item_without_a_catalogue() -> None:
    text = ITEMS_HEADER + "    items: [好きな色]\n"
    dossier = casefile.parse(casefile.load_text(text))
    assert dossier.handlings[0].items == (Item("好きな色"),)


# -- check on dossiers made in code ---------------------------------------------------------


def small(**more: Any) -> Dossier:
    return Dossier(
        council="審議会",
        municipality="区",
        kind="report",
        title="案件",
        department_name="課",
        parties=(Party("ward", "課", "ward_division"), Party("acme", "アクメ", "contractor")),
        **more,
    )


def test_it_checks_a_clean_dossier_made_in_code_without_problems() -> None:
    dossier = small(
        handlings=(
            Handling(
                "outsourcing",
                party="acme",
                fields={"contract_title": "件名", "content": "内容", "subjects": "区民"},
                items=(Item("氏名", "ward_to_contractor"),),
            ),
        ),
        flow=(FlowStep(1, "ward", "acme", items=("氏名",)),),
        safeguards=(Safeguard("contractual", "特記事項", clause="contract_clause", party="acme"),),
    )
    assert casefile.check(dossier, CATALOGUE) == []


def test_it_checks_references_of_a_dossier_made_in_code() -> None:
    dossier = small(
        handlings=(Handling("external_connection", party="nobody", fields={}),),
        flow=(FlowStep(1, "ward", "nobody"),),
        safeguards=(Safeguard("technical", "対策", handling=0),),
    )
    assert {p.path for p in casefile.check(dossier, CATALOGUE)} == {
        "handlings[1].party",
        "flow[1].to",
        "safeguards[1].target.handling",
    }


def test_it_refuses_a_non_contractor_as_the_parent_of_a_subcontractor() -> None:
    dossier = dataclasses.replace(
        small(),
        parties=(
            Party("ward", "課", "ward_division"),
            Party("sub", "再委託先", "subcontractor", parent="ward"),
        ),
    )
    problems = casefile.check(dossier)
    assert [(p.path, p.message) for p in problems] == [
        ("parties[2].parent", "再委託元には委託先を指定してください。")
    ]


# -- random dossiers ------------------------------------------------------------------------

KEYS = st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=40)
_ALPHABET = "区課委託先個人情報の取扱い保護管理申請者本人・、。（）「」ー" + string.ascii_letters
_ALPHABET += string.digits + " :#-'\"[]{}!&*%@`|>?,~"
CATALOGUE_NAMES = sorted({textnorm.normalize(name) for name, _ in catalogue.SEED_ITEMS})


def texts(*, multiline: bool = False) -> st.SearchStrategy[str]:
    alphabet = _ALPHABET + ("\n" if multiline else "")
    return st.text(alphabet, min_size=1, max_size=24).map(str.strip).filter(bool)


def optional_texts(*, multiline: bool = False) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), texts(multiline=multiline))


DATES_ST = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
FREE_NAMES = texts().map(textnorm.normalize).filter(bool)


def values_of(f: schema.FieldSpec) -> st.SearchStrategy[Any]:
    codes = glossary.codes(f.choices)
    return {
        schema.TEXT: texts(),
        schema.LONGTEXT: texts(multiline=True),
        schema.INT: st.integers(min_value=0, max_value=10**9),
        schema.DATE: DATES_ST,
        schema.BOOL: st.booleans(),
        schema.CHOICE: st.sampled_from(codes) if codes else st.nothing(),
        schema.MULTI: st.lists(st.sampled_from(codes), min_size=1, max_size=3)
        if codes
        else st.nothing(),
    }[f.kind]


@st.composite
def parties(draw: st.DrawFn) -> tuple[Party, ...]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=5, unique=True))
    result: list[Party] = []
    for key in keys:
        kind = draw(st.sampled_from(glossary.codes(glossary.PARTY_KINDS)))
        parents = [p.key for p in result if p.kind in ("contractor", "subcontractor")]
        if kind == "subcontractor" and not parents:
            kind = "contractor"
        certifications = draw(
            st.lists(
                st.builds(
                    Certification,
                    type=st.sampled_from(glossary.codes(glossary.CERTIFICATIONS)),
                    number=optional_texts(),
                    expires_on=st.none() | DATES_ST,
                ),
                max_size=2,
            )
        )
        result.append(
            Party(
                key=key,
                name=draw(texts()),
                kind=kind,
                undecided=draw(st.booleans()),
                selection_method=draw(optional_texts()),
                certifications=tuple(certifications),
                parent=draw(st.sampled_from(parents)) if kind == "subcontractor" else "",
                prior_approval_required=draw(st.none() | st.booleans()),
                location=draw(optional_texts()),
                note=draw(optional_texts(multiline=True)),
            )
        )
    return tuple(result)


def _ordered(fields: dict[str, Any], start: str, end: str) -> None:
    if start in fields and end in fields and fields[end] < fields[start]:
        fields[start], fields[end] = fields[end], fields[start]


@st.composite
def handlings(draw: st.DrawFn, people: tuple[Party, ...]) -> Handling:
    contractors = [p.key for p in people if p.kind == "contractor"]
    types = [t for t in TYPES if t != "outsourcing" or contractors]
    spec = schema.SPECS[draw(st.sampled_from(types))]
    if spec.party_kinds:
        fits = [p.key for p in people if p.kind in spec.party_kinds]
        choices = fits if spec.type == "outsourcing" else ["", *fits]
    else:
        choices = ["", *(p.key for p in people)]
    fields: dict[str, Any] = {}
    for f in spec.all_fields:
        if f.required or draw(st.booleans()):
            fields[f.name] = draw(values_of(f))
    _ordered(fields, "start_on", "end_on")
    _ordered(fields, "public_comment_start", "public_comment_end")
    items: dict[tuple[str, str], Item] = {}
    if spec.has_items:
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            free = draw(st.booleans())
            name = draw(FREE_NAMES if free else st.sampled_from(CATALOGUE_NAMES))
            sources = glossary.codes(spec.item_sources)
            source = draw(st.sampled_from(sources)) if sources else ""
            item = Item(name, source, draw(optional_texts()), free or draw(st.booleans()))
            items.setdefault((name, source), item)
    return Handling(
        type=spec.type,
        title=draw(optional_texts()),
        legal_basis=draw(optional_texts()),
        party=draw(st.sampled_from(choices)),
        fields=fields,
        items=tuple(items.values()),
    )


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    people = draw(parties())
    keys = [p.key for p in people]
    done = tuple(draw(st.lists(handlings(people), max_size=3)))
    declared = sorted({i.name for h in done for i in h.items})
    names = st.sampled_from(CATALOGUE_NAMES + declared)
    numbers = draw(st.lists(st.integers(min_value=1, max_value=99), max_size=4, unique=True))
    flow = tuple(
        FlowStep(
            number=n,
            source=draw(st.sampled_from(keys)),
            target=draw(st.sampled_from(keys)),
            action=draw(optional_texts()),
            items=tuple(draw(st.lists(names, max_size=3))),
            channel=draw(st.sampled_from(("", *glossary.codes(glossary.CHANNELS)))),
            encrypted=draw(st.none() | st.booleans()),
            kept=draw(optional_texts()),
            retention=draw(optional_texts()),
            disposal=draw(optional_texts()),
        )
        for n in numbers
    )
    targets: list[dict[str, Any]] = [{}, {"party": draw(st.sampled_from(keys))}]
    if done:
        targets.append({"handling": draw(st.integers(min_value=1, max_value=len(done)))})
    if numbers:
        targets.append({"step": draw(st.sampled_from(numbers))})
    safeguards = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        kind = draw(st.sampled_from(glossary.codes(glossary.SAFEGUARD_KINDS)))
        clauses = ("", *glossary.codes(glossary.CONTRACT_CLAUSES))
        clause = draw(st.sampled_from(clauses)) if kind == "contractual" else ""
        target = draw(st.sampled_from(targets))
        safeguards.append(Safeguard(kind, draw(texts(multiline=True)), clause, **target))
    return Dossier(
        council=draw(texts()),
        municipality=draw(optional_texts()),
        kind=draw(st.sampled_from(glossary.codes(glossary.CASE_KINDS))),
        title=draw(texts()),
        department_name=draw(texts()),
        department_division=draw(optional_texts()),
        number=draw(st.none() | st.integers(min_value=0, max_value=10**6)),
        fiscal_year=draw(st.none() | st.integers(min_value=1990, max_value=2100)),
        subtitle=draw(optional_texts()),
        business=draw(optional_texts()),
        summary=draw(optional_texts(multiline=True)),
        parties=people,
        handlings=done,
        flow=flow,
        safeguards=tuple(safeguards),
    )


RANDOM = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(dossiers())
def test_it_builds_random_dossiers_that_check_clean(dossier: Dossier) -> None:
    assert casefile.check(dossier, CATALOGUE) == []


@RANDOM
@given(dossiers())
def test_it_round_trips_random_dossiers_through_yaml(dossier: Dossier) -> None:
    assert parse_text(casefile.dump(dossier)) == dossier


@RANDOM
@given(dossiers())
def test_it_round_trips_random_dossiers_through_json(dossier: Dossier) -> None:
    assert parse_text(casefile.dump_json(dossier)) == dossier
    assert casefile.parse(json.loads(casefile.dump_json(dossier)), CATALOGUE) == dossier


def test_it_leaves_required_fields_to_submission() -> None:
    """A record may be incomplete; `incomplete` lists what must be filled before submitting."""
    dossier = parse_text(ITEMS_HEADER.replace("fields: {content: 内容}", "fields: {}"))
    assert casefile.incomplete(dossier) == [
        casefile.Problem("handlings[1].fields.content", "内容が未記入です。")
    ]
