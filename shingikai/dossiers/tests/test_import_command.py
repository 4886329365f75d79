"""`shingikai case import FILE… [--check]` and `shingikai case export CASE`."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import records
from shingikai.dossiers.models import (
    Attachment,
    Case,
    CaseStatus,
    FlowStep,
    Handling,
    HandlingItem,
    Party,
    Revision,
    Safeguard,
)
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure import dossier as d

DEMO = Path(__file__).resolve().parents[2] / "demo" / "cases"
MODELS = (
    Case,
    Party,
    Handling,
    HandlingItem,
    FlowStep,
    Safeguard,
    Attachment,
    Revision,
    AuditEvent,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _demo(stem: str, world: World) -> dict[str, Any]:
    """A demo case file moved to the world's council and the health department."""
    data = yaml.safe_load((DEMO / f"{stem}.yaml").read_text(encoding="utf-8"))
    data["council"] = world.council.name
    data["municipality"] = world.municipality.name
    data["department"] = {"division": world.health.division, "name": world.health.name}
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("case", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _run_failing(*args: str) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("case", *args, stdout=out, stderr=err)
    return info.value, out.getvalue(), err.getvalue()


def _parsed(data: dict[str, Any]) -> d.Dossier:
    return casefile.parse(copy.deepcopy(data), records.catalogue())


def test_it_imports_a_valid_file_as_a_draft(world: World, tmp_path: Path) -> None:
    data = _demo("setagaya-999", world)
    path = _write(tmp_path, "999.yaml", data)
    before = Case.objects.count()

    out, err = _run("import", str(path))

    assert err == ""
    case = Case.objects.get(council=world.council, number=999)
    assert Case.objects.count() == before + 1
    assert out.strip() == f"{path}: {case}（ID {case.pk}）を作成しました"
    assert case.status == CaseStatus.DRAFT
    assert (case.kind, case.fiscal_year) == ("consultation", 2022)
    assert case.department == world.health
    assert case.created_by is None
    assert case.parties.count() == 5
    assert list(case.handlings.values_list("type", flat=True)) == [
        "outsourcing",
        "new_recorded_items",
        "external_connection",
        "external_connection",
    ]
    assert case.flow_steps.count() == 9
    assert case.safeguards.count() == 4
    assert records.dossier_of(case) == _parsed(data)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT, object_id=str(case.pk)
    ).exists()


def test_it_updates_the_case_with_the_same_number_on_a_second_import(
    world: World, tmp_path: Path
) -> None:
    data = _demo("setagaya-999", world)
    path = _write(tmp_path, "999.yaml", data)
    _run("import", str(path))
    case = Case.objects.get(council=world.council, number=999)
    handling_ids = list(case.handlings.values_list("pk", flat=True))
    before = _counts()

    data["title"] = "取込み直した件名"
    data["flow"] = data["flow"][:8]
    data["safeguards"] = [s for s in data["safeguards"] if s.get("target") != {"step": 9}]
    _write(tmp_path, "999.yaml", data)
    out, _err = _run("import", str(path))

    assert out.strip() == f"{path}: {Case.objects.get(pk=case.pk)}（ID {case.pk}）を更新しました"
    assert Case.objects.count() == before["Case"]
    case.refresh_from_db()
    assert case.title == "取込み直した件名"
    assert case.flow_steps.count() == 8
    assert list(case.handlings.values_list("pk", flat=True)) == handling_ids
    assert records.dossier_of(case) == _parsed(data)


def _broken(world: World) -> dict[str, Any]:
    data = _demo("setagaya-999", world)
    data["parties"][0]["kind"] = "alien"
    fields = data["handlings"][0]["fields"]
    fields["count"] = "約百人"
    fields["start_on"] = "2023-04-01"
    fields["end_on"] = "2023-03-31"
    data["handlings"][0]["items"].append({"name": "好きな食べ物", "source": "from_subject"})
    data["flow"][0]["from"] = "nobody"
    data["flow"][1]["number"] = 1
    data["safeguards"][0]["clause"] = "contract_clause"  # on a technical safeguard
    return data


EXPECTED_PROBLEMS = (
    "parties[1].kind: 「alien」は選択肢にありません",
    "handlings[1].fields.count: 数値を入力してください（「約百人」は数値として読めません）。",
    "handlings[1].fields.end_on: 終了日が開始日より前です。",
    "handlings[1].items[14].name: 「好きな食べ物」は項目カタログにありません。",
    "flow[1].from: 「nobody」という関係者は登録されていません。",
    "flow[2].number: 番号1が重複しています。",
    "safeguards[1].clause: 契約上の対策（contractual）にだけ指定できます。",
    # Step 2 became a second step 1, so the safeguard on step 2 lost its target.
    "safeguards[2].target.step: 番号2の流れはありません。",
)


def test_it_reports_every_problem_of_a_bad_file_and_stores_nothing(
    world: World, tmp_path: Path
) -> None:
    path = _write(tmp_path, "broken.yaml", _broken(world))
    before = _counts()

    error, out, err = _run_failing("import", str(path))

    assert error.returncode == 1
    assert "1件のファイルを取り込めませんでした" in str(error)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == len(EXPECTED_PROBLEMS)
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert all("broken.yaml" in line for line in lines)
    for expected in EXPECTED_PROBLEMS:
        assert sum(f"{path}: {expected}" in line for line in lines) == 1, expected
    assert _counts() == before


def test_it_refuses_a_file_that_is_not_yaml(world: World, tmp_path: Path) -> None:
    path = tmp_path / "nonsense.yaml"
    path.write_text("title: [unclosed\nkind: consultation\n", encoding="utf-8")
    before = _counts()

    error, _out, err = _run_failing("import", str(path))

    assert error.returncode == 1
    assert "YAML/JSONとして読めません。" in err
    assert err.startswith(f"{path}: ")
    assert _counts() == before


def test_it_names_an_unknown_council_and_stores_nothing(world: World, tmp_path: Path) -> None:
    data = _demo("setagaya-999", world)
    data["council"] = "架空区情報公開審議会"
    path = _write(tmp_path, "council.yaml", data)
    before = _counts()

    error, _out, err = _run_failing("import", str(path))

    assert error.returncode == 1
    assert (
        err.strip()
        == f"{path}: council: 「架空区情報公開審議会」という審議会は登録されていません。"
    )
    assert _counts() == before


def test_it_names_an_unknown_department_and_stores_nothing(world: World, tmp_path: Path) -> None:
    data = _demo("setagaya-999", world)
    data["department"] = {"division": "保健所", "name": "架空課"}
    path = _write(tmp_path, "department.yaml", data)
    before = _counts()

    error, _out, err = _run_failing("import", str(path))

    assert error.returncode == 1
    assert err.strip() == f"{path}: department: 「保健所架空課」という担当課は登録されていません。"
    assert _counts() == before


def test_it_does_not_overwrite_a_decided_case_with_the_same_number(
    world: World, tmp_path: Path
) -> None:
    decided = make_case(
        world.council,
        world.health,
        "審議済みの案件",
        CaseStatus.DECIDED,
        number=999,
        fiscal_year=2022,
    )
    path = _write(tmp_path, "999.yaml", _demo("setagaya-999", world))
    before = _counts()

    error, _out, err = _run_failing("import", str(path))

    assert error.returncode == 1
    assert f"{path}: number: {decided.number_label}は審議済みのため上書きできません。" in err
    assert _counts() == before
    decided.refresh_from_db()
    assert decided.title == "審議済みの案件"


def test_it_only_checks_with_check(world: World, tmp_path: Path) -> None:
    path = _write(tmp_path, "999.yaml", _demo("setagaya-999", world))
    bad = _write(tmp_path, "broken.yaml", _broken(world))
    before = _counts()

    out, err = _run("import", "--check", str(path))
    assert out.strip() == f"{path}: 問題はありません"
    assert err == ""
    assert _counts() == before

    error, out, err = _run_failing("import", "--check", str(bad))
    assert error.returncode == 1
    assert "handlings[1].fields.count" in err
    assert _counts() == before


def test_it_imports_the_good_files_and_reports_the_bad_one(world: World, tmp_path: Path) -> None:
    first = _write(tmp_path, "999.yaml", _demo("setagaya-999", world))
    bad = _write(tmp_path, "broken.yaml", {**_broken(world), "number": 5000})
    second = _write(tmp_path, "1000.yaml", _demo("setagaya-1000", world))
    missing = tmp_path / "missing.yaml"
    before = Case.objects.count()

    error, out, err = _run_failing("import", str(first), str(bad), str(missing), str(second))

    assert error.returncode == 1
    assert "2件のファイルを取り込めませんでした" in str(error)
    assert Case.objects.count() == before + 2
    assert set(
        Case.objects.filter(council=world.council, number__in=(999, 1000, 5000)).values_list(
            "number", flat=True
        )
    ) == {999, 1000}
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{first}: ") and lines[0].endswith("を作成しました")
    assert lines[1].startswith(f"{second}: ") and lines[1].endswith("を作成しました")
    assert f"{bad}: handlings[1].fields.count" in err
    assert f"{missing}: 読み込めません" in err
    assert str(first) not in err and str(second) not in err


def _import_999(world: World, tmp_path: Path) -> Case:
    _run("import", str(_write(tmp_path, "999.yaml", _demo("setagaya-999", world))))
    return Case.objects.get(council=world.council, number=999)


@pytest.mark.parametrize("key", ["id", "label"])
def test_it_exports_a_case_that_imports_back_equal(
    key: str, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _import_999(world, tmp_path)
    original = records.dossier_of(case)
    capsys.readouterr()

    call_command("case", "export", str(case.pk) if key == "id" else "諮問第999号")

    text = capsys.readouterr().out
    assert text.startswith("format: shingikai-case/1\n")
    assert f"title: {case.title}" in text  # Japanese written as is
    assert casefile.parse(casefile.load_text(text), records.catalogue()) == original

    # Import it again into an empty database: the same dossier comes back.
    case.delete()
    exported = tmp_path / "exported.yaml"
    exported.write_text(text, encoding="utf-8")
    out, _err = _run("import", str(exported))
    assert out.strip().endswith("を作成しました")
    again = Case.objects.get(council=world.council, number=999)
    assert again.pk != case.pk
    assert records.dossier_of(again) == original


def test_it_exports_json_and_to_a_file(world: World, tmp_path: Path) -> None:
    case = _import_999(world, tmp_path)
    original = records.dossier_of(case)
    target = tmp_path / "out.json"

    out, _err = _run("export", "諮問第９９９号", "--json", "-o", str(target))

    assert out.strip() == f"{case} を {target} に書き出しました"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["number"] == 999
    assert casefile.parse(data, records.catalogue()) == original


def test_it_exports_a_case_from_make_case_that_imports_back(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = world.childcare_case
    call_command("case", "export", str(case.pk))
    text = capsys.readouterr().out
    parsed = casefile.parse(casefile.load_text(text), records.catalogue())
    assert parsed == dataclasses.replace(records.dossier_of(case), attachments=())


@pytest.mark.parametrize("key", ["99999", "諮問第4242号", "何かの案件"])
def test_it_refuses_to_export_an_unknown_case(key: str, world: World) -> None:
    error, _out, _err = _run_failing("export", key)

    assert str(error) == f"案件「{key}」が見つかりません。"
