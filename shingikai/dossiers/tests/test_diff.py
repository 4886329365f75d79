"""The field-by-field comparison of two case-file dicts (diff.compare), labelled in Japanese:
the header, each handling's form fields and items, parties, flow steps and safeguards. Pure
Python: no database, no Django."""

from __future__ import annotations

import copy
import json
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

from shingikai.dossiers.structure import casefile, catalogue, diff
from shingikai.dossiers.structure.diff import Change

CATALOGUE = dict(catalogue.SEED_ITEMS)
DEMO_DIR = pathlib.Path(__file__).parents[2] / "demo" / "cases"


def read(name: str) -> str:
    return (DEMO_DIR / name).read_text(encoding="utf-8")


def snapshot_of(text: str) -> dict[str, Any]:
    """What a revision stores: the case file's dict after a JSON round trip."""
    dossier = casefile.parse(casefile.load_text(text), CATALOGUE)
    return json.loads(casefile.dump_json(dossier))


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return snapshot_of(read("shinjuku-18.yaml"))


def edited(base: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    new = copy.deepcopy(base)
    edit(new)
    return new


def step(snapshot: dict[str, Any], number: int) -> dict[str, Any]:
    return next(s for s in snapshot["flow"] if s["number"] == number)


def party(snapshot: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in snapshot["parties"] if p["key"] == key)


# -- nothing changed ------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DEMO_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_it_finds_no_change_between_identical_snapshots(path: pathlib.Path) -> None:
    snapshot = snapshot_of(path.read_text(encoding="utf-8"))
    assert diff.compare(snapshot, copy.deepcopy(snapshot)) == []


def test_it_finds_no_change_between_two_empty_dicts() -> None:
    assert diff.compare({}, {}) == []


# -- single edits ---------------------------------------------------------------------------

OLD_TITLE = "東京共同電子申請・届出サービスの利用に係る外部結合等について"
CONTRACT_TITLE = "システム改修の業務委託（東京共同電子申請・届出サービスへの手続の追加）"
OUTSOURCING = "第2 外部委託"
CONNECTION = "第1 外部結合"


def _title(d: dict[str, Any]) -> None:
    d["title"] = "新しい件名"


def _summary_removed(d: dict[str, Any]) -> None:
    del d["summary"]


def _kind(d: dict[str, Any]) -> None:
    d["kind"] = "report"


def _contract_title(d: dict[str, Any]) -> None:
    d["handlings"][1]["fields"]["contract_title"] = "新しい委託の件名"


def _count_added(d: dict[str, Any]) -> None:
    d["handlings"][1]["fields"]["count"] = 14000


def _end_on(d: dict[str, Any]) -> None:
    d["handlings"][1]["fields"]["end_on"] = "2024-03-31"


def _line_type(d: dict[str, Any]) -> None:
    d["handlings"][0]["fields"]["line_type"] = "dedicated_line"


def _handling_party(d: dict[str, Any]) -> None:
    d["handlings"][1]["party"] = "kyogikai"


def _item_added(d: dict[str, Any]) -> None:
    d["handlings"][1]["items"].append({"name": "氏名", "source": "ward_to_contractor"})


def _item_removed(d: dict[str, Any]) -> None:
    d["handlings"][1]["items"] = []


def _item_added_elsewhere(d: dict[str, Any]) -> None:
    d["handlings"][0]["items"].append({"name": "メールアドレス"})


def _necessity(d: dict[str, Any]) -> None:
    d["handlings"][1]["items"][0]["necessity"] = "区分のため"


def _party_added(d: dict[str, Any]) -> None:
    d["parties"].append({"key": "new", "name": "株式会社新規", "kind": "contractor"})


def _party_removed(d: dict[str, Any]) -> None:
    d["parties"] = [p for p in d["parties"] if p["key"] != "folder"]


def _party_note(d: dict[str, Any]) -> None:
    party(d, "fujitsu")["note"] = "運用受託事業者（令和5年度から）"


def _party_approval(d: dict[str, Any]) -> None:
    party(d, "fujitsu")["prior_approval_required"] = True


def _channel(d: dict[str, Any]) -> None:
    step(d, 2)["channel"] = "email"


def _encrypted(d: dict[str, Any]) -> None:
    step(d, 2)["encrypted"] = False


def _step_items(d: dict[str, Any]) -> None:
    step(d, 5)["items"] = ["職業等", "氏名"]


def _step_added(d: dict[str, Any]) -> None:
    d["flow"].append({"number": 8, "from": "folder", "to": "ward-pc", "action": "⑧ 削除する"})


def _step_added_without_action(d: dict[str, Any]) -> None:
    d["flow"].append({"number": 9, "from": "folder", "to": "ward-pc"})


def _step_removed(d: dict[str, Any]) -> None:
    d["flow"] = [s for s in d["flow"] if s["number"] != 7]


def _safeguard_added(d: dict[str, Any]) -> None:
    d["safeguards"].append({"kind": "physical", "text": "サーバ室を施錠する"})


def _safeguard_removed(d: dict[str, Any]) -> None:
    d["safeguards"] = d["safeguards"][1:]


def _handling_added(d: dict[str, Any]) -> None:
    d["handlings"].append(
        {"type": "use_beyond_purpose", "fields": {"reason": "理由", "method": "方法"}}
    )


def _handling_removed(d: dict[str, Any]) -> None:
    d["handlings"] = d["handlings"][:1]


STEP_5_ITEMS = ("職業等", "職業等、氏名")
SAFEGUARD_1 = (
    "運用上の対策：東京電子自治体共同運営協議会策定の情報セキュリティポリシー、"
    "区の個人情報保護条例及び区の情報セキュリティポリシーを遵守する"
)
STEP_7 = (
    "⑦ 各所属で申請者情報を管理する（その後の管理は所属ごとに異なり、"
    "各所属の個人情報の取扱いの基準に従う）"
)

SINGLE_EDITS = [
    (_title, Change("基本情報", "件名", OLD_TITLE, "新しい件名")),
    (_kind, Change("基本情報", "種別", "consultation", "report")),
    (_contract_title, Change(OUTSOURCING, "1 委託の件名", CONTRACT_TITLE, "新しい委託の件名")),
    (_count_added, Change(OUTSOURCING, "件数（見込み）", "", "14000")),
    (_end_on, Change(OUTSOURCING, "終了日", "2023-03-31", "2024-03-31")),
    (_line_type, Change(CONNECTION, "7 回線の種別", "lgwan", "dedicated_line")),
    (_handling_party, Change(OUTSOURCING, "相手方", "fujitsu", "kyogikai")),
    (
        _item_added,
        Change(OUTSOURCING, "個人情報の項目", "", "区から委託先へ提供するもの：氏名"),
    ),
    (
        _item_removed,
        Change(OUTSOURCING, "個人情報の項目", "委託先が本人から収集するもの：職業等", ""),
    ),
    (_item_added_elsewhere, Change(CONNECTION, "個人情報の項目", "", "項目：メールアドレス")),
    (
        _necessity,
        Change(OUTSOURCING, "委託先が本人から収集するもの：職業等 の必要性", "", "（区分のため）"),
    ),
    (_party_added, Change("関係者「株式会社新規」", "関係者", "", "株式会社新規")),
    (_party_removed, Change("関係者「係専用フォルダ」", "関係者", "係専用フォルダ", "")),
    (
        _party_note,
        Change(
            "関係者「富士通株式会社」",
            "備考",
            "東京共同電子申請・届出サービスの運用受託事業者",
            "運用受託事業者（令和5年度から）",
        ),
    ),
    (_party_approval, Change("関係者「富士通株式会社」", "再委託の事前承認", "", "はい")),
    (_channel, Change("個人情報の流れ 2", "経路・媒体", "lgwan", "email")),
    (_encrypted, Change("個人情報の流れ 2", "暗号化", "", "いいえ")),
    (_step_items, Change("個人情報の流れ 5", "項目", *STEP_5_ITEMS)),
    (_step_added, Change("個人情報の流れ 8", "手順", "", "⑧ 削除する")),
    (_step_added_without_action, Change("個人情報の流れ 9", "手順", "", "あり")),
    (_step_removed, Change("個人情報の流れ 7", "手順", STEP_7, "")),
    (_safeguard_added, Change("安全管理措置", "措置", "", "物理的な対策：サーバ室を施錠する")),
    (_safeguard_removed, Change("安全管理措置", "措置", SAFEGUARD_1, "")),
    (_handling_added, Change("第3 目的外利用", "取扱い", "", "第3 目的外利用")),
    (_handling_removed, Change(OUTSOURCING, "取扱い", OUTSOURCING, "")),
]


@pytest.mark.parametrize(
    ("edit", "expected"), SINGLE_EDITS, ids=[e.__name__.strip("_") for e, _ in SINGLE_EDITS]
)
def test_it_reports_exactly_the_one_change_made(
    base: dict[str, Any], edit: Callable[[dict[str, Any]], None], expected: Change
) -> None:
    assert diff.compare(base, edited(base, edit)) == [expected]


@pytest.mark.parametrize(
    ("edit", "expected"), SINGLE_EDITS, ids=[e.__name__.strip("_") for e, _ in SINGLE_EDITS]
)
def test_it_reports_the_change_undone_with_old_and_new_swapped(
    base: dict[str, Any], edit: Callable[[dict[str, Any]], None], expected: Change
) -> None:
    (change,) = diff.compare(edited(base, edit), base)
    assert (change.old, change.new) == (expected.new, expected.old)
    if edit not in (_handling_added, _handling_removed):
        # A handling added or removed is named by the side that still has it.
        assert (change.section, change.field) == (expected.section, expected.field)


def test_it_reports_a_removed_header_field(base: dict[str, Any]) -> None:
    (change,) = diff.compare(base, edited(base, _summary_removed))
    assert (change.section, change.field, change.new) == ("基本情報", "概要", "")
    assert change.old == base["summary"]
    assert change.kind == "removed"


def test_it_reports_a_changed_department(base: dict[str, Any]) -> None:
    def _department(d: dict[str, Any]) -> None:
        d["department"]["name"] = "情報政策課"

    (change,) = diff.compare(base, edited(base, _department))
    assert (change.section, change.field) == ("基本情報", "担当課")
    assert "行政管理課" in change.old
    assert "情報政策課" in change.new
    assert change.kind == "changed"


def test_it_lists_changes_in_document_order(base: dict[str, Any]) -> None:
    def _many(d: dict[str, Any]) -> None:
        for edit in (_safeguard_added, _channel, _party_note, _contract_title, _title):
            edit(d)

    sections = [c.section for c in diff.compare(base, edited(base, _many))]
    assert sections == [
        "基本情報",
        OUTSOURCING,
        "関係者「富士通株式会社」",
        "個人情報の流れ 2",
        "安全管理措置",
    ]


def test_it_reports_everything_as_added_against_nothing_and_removed_towards_nothing(
    base: dict[str, Any],
) -> None:
    added = diff.compare({}, base)
    removed = diff.compare(base, {})
    assert added
    assert {c.kind for c in added} == {"added"}
    assert {c.kind for c in removed} == {"removed"}
    assert [(c.section, c.field) for c in added] == [(c.section, c.field) for c in removed]
    assert sum(c.field == "手順" for c in added) == len(base["flow"])
    assert sum(c.field == "関係者" for c in added) == len(base["parties"])
    assert sum(c.field == "措置" for c in added) == len(base["safeguards"])


# -- Change.kind ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [("", "新", "added"), ("旧", "", "removed"), ("旧", "新", "changed")],
)
def test_it_tells_the_kind_of_a_change(old: str, new: str, kind: str) -> None:
    assert Change("基本情報", "件名", old, new).kind == kind


@pytest.mark.parametrize(("edit", "expected"), SINGLE_EDITS)
def test_it_gives_each_single_edit_the_kind_its_values_say(
    base: dict[str, Any], edit: Callable[[dict[str, Any]], None], expected: Change
) -> None:
    (change,) = diff.compare(base, edited(base, edit))
    assert change.kind == (
        "added" if not change.old else "removed" if not change.new else "changed"
    )


# -- real demo files ------------------------------------------------------------------------


def test_it_finds_exactly_the_channel_changed_in_a_copy_of_a_demo_file() -> None:
    text = read("shinjuku-18.yaml")
    assert text.count("channel: email") == 1
    copy_text = text.replace("channel: email", "channel: 郵送")
    old, new = snapshot_of(text), snapshot_of(copy_text)
    assert diff.compare(old, new) == [Change("個人情報の流れ 4", "経路・媒体", "email", "mail")]


def test_it_finds_exactly_a_date_changed_in_wareki_in_a_copy_of_a_demo_file() -> None:
    text = read("shinjuku-18.yaml")
    assert text.count("end_on: 2023-03-31") == 1
    copy_text = text.replace("end_on: 2023-03-31", "end_on: 令和6年3月31日")
    changes = diff.compare(snapshot_of(text), snapshot_of(copy_text))
    assert changes == [Change(OUTSOURCING, "終了日", "2023-03-31", "2024-03-31")]


def test_it_compares_two_different_demo_cases_in_every_section() -> None:
    changes = diff.compare(
        snapshot_of(read("shinjuku-18.yaml")), snapshot_of(read("shinjuku-19.yaml"))
    )
    sections = {c.section for c in changes}
    assert "基本情報" in sections
    assert any(s.startswith("関係者「") for s in sections)
    assert any(s.startswith("個人情報の流れ ") for s in sections)
    assert all(c.old != c.new for c in changes)
