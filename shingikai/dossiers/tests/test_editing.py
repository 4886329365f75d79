"""Editing the parts of a dossier in place: handlings, parties, flow steps, safeguards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import records
from shingikai.dossiers.actions import submission_problems
from shingikai.dossiers.models import Case, CaseStatus, Handling
from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
NOT_SAVED = "保存できませんでした。次の点を確認してください。"

OUTSOURCING_FIELDS = {
    "contract_title": "受診票発送業務委託",
    "content": "受診票の印字・封入・発送",
    "subjects": "妊娠届を提出した区民",
    "count": 7000,
    "exchange_methods": ["electronic_media"],
    "place_shared": False,
    "start_on": dt.date(2027, 4, 1),
}
CONNECTION_FIELDS = {
    "reason": "委託先のクラウドに接続するため",
    "method": "LGWAN経由で接続する",
    "line_type": "lgwan",
}


def _base(world: World) -> d.Dossier:
    return d.Dossier(
        council=world.council.name,
        municipality=world.municipality.name,
        kind="consultation",
        title="健康推進課の作成中の案件",
        department_name=world.health.name,
        department_division=world.health.division,
        parties=(
            d.Party("ward", "健康推進課", "ward_division"),
            d.Party("contractor", "委託先株式会社", "contractor"),
            d.Party("subject", "妊娠届を提出した区民", "data_subject"),
        ),
        handlings=(
            d.Handling(
                "outsourcing",
                title="外部委託",
                party="contractor",
                fields=OUTSOURCING_FIELDS,
                items=(d.Item("氏名", "ward_to_contractor"), d.Item("住所", "ward_to_contractor")),
            ),
            d.Handling(
                "external_connection",
                title="外部結合",
                party="contractor",
                fields=CONNECTION_FIELDS,
                items=(d.Item("氏名"),),
            ),
        ),
        flow=(
            d.FlowStep(
                1,
                "ward",
                "contractor",
                action="発送データを渡す",
                items=("氏名", "住所"),
                channel="electronic_media",
                encrypted=True,
            ),
        ),
        safeguards=(
            d.Safeguard("technical", "媒体を暗号化する", step=1),
            d.Safeguard("operational", "第1の取扱いの措置", handling=1),
            d.Safeguard("operational", "第2の取扱いの措置", handling=2),
            d.Safeguard(
                "contractual", "特記事項を付す", clause="contract_clause", party="contractor"
            ),
        ),
    )


@pytest.fixture
def draft(world: World) -> Case:
    """A draft of the health department with two handlings, three parties and one step."""
    case = Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="仮",
        status=CaseStatus.DRAFT,
    )
    records.write_dossier(case, _base(world))
    assert records.dossier_of(case) == _base(world)
    return case


def _now(case: Case) -> d.Dossier:
    return records.dossier_of(Case.objects.get(pk=case.pk))


class Snapshot:
    """The case as stored before a request, to show that a refused request changed nothing."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.dossier = _now(case)
        self.version = Case.objects.get(pk=case.pk).version
        self.handling_ids = list(case.handlings.values_list("pk", flat=True))
        self.events = AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count()

    def assert_unchanged(self) -> None:
        assert _now(self.case) == self.dossier
        assert Case.objects.get(pk=self.case.pk).version == self.version
        assert list(self.case.handlings.values_list("pk", flat=True)) == self.handling_ids
        assert AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count() == self.events


def _assert_dossier_swap(response: Any) -> str:
    """A successful htmx save: the whole dossier part, diagram included, retargeted."""
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#dossier"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<div id="dossier" class="dossier">')
    assert "<html" not in html
    assert "<svg" in html
    return html


def _assert_refused(response: Any, *texts: str) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert "<html" not in html
    assert "<form" in html
    for text in texts:
        assert text in html, text
    return html


# -- form data --------------------------------------------------------------------------------


def _field_value(spec: schema.FieldSpec, value: Any) -> Any:
    if value is None:
        return [] if spec.kind == schema.MULTI else ""
    if spec.kind == schema.BOOL:
        return "true" if value else "false"
    if spec.kind == schema.DATE:
        return value.isoformat()
    if spec.kind == schema.MULTI:
        return list(value)
    return str(value)


def _item_rows(rows: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data[f"items-{i}-name"] = row.get("name", "")
        data[f"items-{i}-source"] = row.get("source", "")
        data[f"items-{i}-necessity"] = row.get("necessity", "")
        if row.get("free_text"):
            data[f"items-{i}-free_text"] = "on"
    return data


def _handling_data(
    handling: d.Handling, items: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """What the browser posts for a handling, with its current values unless overridden."""
    spec = schema.SPECS[handling.type]
    data: dict[str, Any] = {"title": handling.title, "legal_basis": handling.legal_basis}
    if spec.party_label:
        data["party"] = handling.party
    for field in spec.all_fields:
        data[field.name] = _field_value(field, handling.fields.get(field.name))
    if items is None:
        items = [
            {"name": i.name, "source": i.source, "necessity": i.necessity, "free_text": i.free_text}
            for i in handling.items
        ]
    data.update(_item_rows(items, len(handling.items)))
    data.update(overrides)
    return data


def _party_data(**values: Any) -> dict[str, Any]:
    data = {
        "key": "",
        "name": "",
        "kind": "",
        "selection_method": "",
        "parent": "",
        "prior_approval_required": "",
        "location": "",
        "note": "",
        "cert_type": "",
        "cert_number": "",
        "cert_expires_on": "",
    }
    data.update(values)
    return data


def _step_data(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": "2",
        "source": "contractor",
        "target": "subject",
        "action": "",
        "channel": "",
        "encrypted": "",
        "kept": "",
        "retention": "",
        "disposal": "",
    }
    data.update(values)
    return data


# -- GET of every editor ----------------------------------------------------------------------

EDITORS = (
    "handlings/1/",
    "handlings/2/",
    "parties/new/",
    "parties/contractor/",
    "flow/new/",
    "flow/1/",
    "safeguards/new/",
    "safeguards/4/",
)
POST_ONLY = (
    "handlings/add/",
    "handlings/1/delete/",
    "parties/subject/delete/",
    "flow/1/delete/",
    "safeguards/1/delete/",
)


@pytest.mark.parametrize("editor", EDITORS)
def test_it_opens_each_editor_as_a_page_and_as_a_fragment(
    editor: str, draft: Case, department_client: Client
) -> None:
    url = f"/cases/{draft.pk}/{editor}"

    page = department_client.get(url)
    fragment = department_client.get(url, headers=HX)

    assert page.status_code == 200
    assert "<html" in page.content.decode()
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith("<form")
    assert f'hx-post="{url}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_it_fills_the_editors_with_the_stored_values(
    draft: Case, department_client: Client
) -> None:
    handling = department_client.get(f"/cases/{draft.pk}/handlings/1/", headers=HX)
    party = department_client.get(f"/cases/{draft.pk}/parties/contractor/", headers=HX)
    step = department_client.get(f"/cases/{draft.pk}/flow/1/", headers=HX)
    new_step = department_client.get(f"/cases/{draft.pk}/flow/new/", headers=HX)
    safeguard = department_client.get(f"/cases/{draft.pk}/safeguards/4/", headers=HX)

    html = handling.content.decode()
    assert 'value="受診票発送業務委託"' in html
    assert 'value="7000"' in html
    assert 'value="2027-04-01"' in html
    assert 'name="items-0-name" value="氏名"' in html
    assert 'name="items-1-name" value="住所"' in html
    assert 'name="items-TOTAL_FORMS" value="5"' in html  # two items and three blank rows
    assert 'value="委託先株式会社"' in party.content.decode()
    step_html = step.content.decode()
    assert 'value="発送データを渡す"' in step_html
    assert "<h3>流れ1の編集</h3>" in step_html
    # The step's number must not leak into the labels as a form item number (「1 内容」).
    assert 'class="num-label"' not in step_html
    assert 'name="number" value="2"' in new_step.content.decode()  # the next free number
    assert "特記事項を付す</textarea>" in safeguard.content.decode()


def test_it_answers_404_for_parts_that_do_not_exist(draft: Case, department_client: Client) -> None:
    for url in ("handlings/3/", "handlings/0/", "parties/nobody/", "flow/9/", "safeguards/5/"):
        assert department_client.get(f"/cases/{draft.pk}/{url}").status_code == 404, url
    for url in ("handlings/3/delete/", "parties/nobody/delete/", "flow/9/delete/"):
        assert department_client.post(f"/cases/{draft.pk}/{url}").status_code == 404, url


# -- handlings --------------------------------------------------------------------------------


def test_it_saves_a_handlings_fields_and_items(
    world: World, draft: Case, department_client: Client
) -> None:
    handling = _now(draft).handlings[0]
    ids = list(draft.handlings.values_list("pk", flat=True))
    data = _handling_data(
        handling,
        items=[
            {"name": "氏名", "source": "ward_to_contractor"},
            {"name": "生年月日", "source": "ward_to_contractor", "necessity": "年齢の確認"},
            {"name": "受診票番号", "source": "ward_to_contractor", "free_text": True},
            {"name": "", "source": ""},
        ],
        contract_title="妊婦健康診査受診票作成・発送業務委託",
        count="１，２００",
        end_on="2028-03-31",
        legal_basis="条例第12条",
    )

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "妊婦健康診査受診票作成・発送業務委託" in html
    assert "受診票番号" in html
    assert "1,200" in html
    saved = _now(draft).handlings[0]
    assert saved.fields["contract_title"] == "妊婦健康診査受診票作成・発送業務委託"
    assert saved.fields["count"] == 1200
    assert saved.fields["end_on"] == dt.date(2028, 3, 31)
    assert saved.fields["exchange_methods"] == ["electronic_media"]
    assert saved.fields["place_shared"] is False
    assert saved.legal_basis == "条例第12条"
    assert saved.items == (
        d.Item("氏名", "ward_to_contractor"),
        d.Item("生年月日", "ward_to_contractor", "年齢の確認"),
        d.Item("受診票番号", "ward_to_contractor", free_text=True),
    )
    assert _now(draft).handlings[1] == _base(world).handlings[1]
    assert list(draft.handlings.values_list("pk", flat=True)) == ids
    draft.refresh_from_db()
    assert draft.version == 2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CHANGE, object_id=str(draft.pk), summary="第1 外部委託を編集"
    ).exists()


def test_it_redirects_to_the_handling_without_htmx(draft: Case, department_client: Client) -> None:
    data = _handling_data(_now(draft).handlings[1], reason="理由を書き直した")

    response = department_client.post(f"/cases/{draft.pk}/handlings/2/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#handling-2"
    assert _now(draft).handlings[1].fields["reason"] == "理由を書き直した"


def test_it_refuses_a_count_that_is_not_a_number(draft: Case, department_client: Client) -> None:
    before = Snapshot(draft)
    data = _handling_data(_now(draft).handlings[0], count="約百人", contract_title="書きかけの件名")

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    html = _assert_refused(
        response,
        "数値を入力してください（「約百人」は数値として読めません）。",
        'value="約百人"',
        'value="書きかけの件名"',
    )
    assert re.search(r'id="id_count-error">[^<]*約百人', html)
    before.assert_unchanged()


def test_it_shows_an_item_outside_the_catalogue_next_to_its_row(
    draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)
    data = _handling_data(
        _now(draft).handlings[0],
        items=[
            {"name": "氏名", "source": "ward_to_contractor"},
            {"name": "好きな食べ物", "source": "from_subject", "necessity": "献立の参考"},
        ],
    )

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    html = _assert_refused(response, 'value="献立の参考"')
    row = re.search(r"<tr>\s*<td>(?:(?!</tr>).)*?id_items-1-name(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None
    assert (
        '<p class="field__error" id="id_items-1-name-error">'
        "項目カタログにない項目です。自由記述にチェックしてください。</p>"
    ) in row.group(0)
    assert 'value="好きな食べ物"' in row.group(0)
    assert "id_items-0-name-error" not in html
    before.assert_unchanged()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"name": "氏名"}], "提供元を選んでください。"),
        (
            [
                {"name": "氏名", "source": "from_subject"},
                {"name": "氏名", "source": "from_subject"},
            ],
            "同じ項目が重複しています。",
        ),
    ],
    ids=["no-source", "duplicate"],
)
def test_it_refuses_bad_item_rows(
    rows: list[dict[str, Any]], message: str, draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)
    data = _handling_data(_now(draft).handlings[0], items=rows)

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    _assert_refused(response, message)
    before.assert_unchanged()


def test_it_refuses_an_end_before_the_start(draft: Case, department_client: Client) -> None:
    before = Snapshot(draft)
    data = _handling_data(
        _now(draft).handlings[0],
        start_on="2027-04-01",
        end_on="2027-03-31",
        contract_title="期間を直す件名",
    )

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    _assert_refused(
        response,
        NOT_SAVED,
        "handlings[1].fields.end_on: 終了日が開始日より前です。",
        'value="2027-03-31"',
        'value="期間を直す件名"',
    )
    before.assert_unchanged()


def test_it_refuses_a_missing_required_field(draft: Case, department_client: Client) -> None:
    before = Snapshot(draft)
    data = _handling_data(_now(draft).handlings[0], contract_title="", content="内容は残る")

    response = department_client.post(f"/cases/{draft.pk}/handlings/1/", data, headers=HX)

    html = _assert_refused(response, "この項目は必須です。", "内容は残る</textarea>")
    assert 'id="id_contract_title-error">この項目は必須です。' in html
    before.assert_unchanged()


@pytest.mark.parametrize("h_type", list(schema.SPECS))
def test_it_adds_a_handling_of_each_type_and_fills_it_in(
    h_type: str, world: World, draft: Case, department_client: Client
) -> None:
    spec = schema.SPECS[h_type]

    added = department_client.post(f"/cases/{draft.pk}/handlings/add/", {"type": h_type})

    assert added.status_code == 302
    assert added["Location"] == f"/cases/{draft.pk}/handlings/3/"
    new = _now(draft).handlings[2]
    assert (new.type, new.title, new.fields, new.items) == (h_type, spec.heading, {}, ())
    assert _now(draft).handlings[:2] == _base(world).handlings
    form = department_client.get(added["Location"], headers=HX)
    assert form.status_code == 200
    assert f"第3　{spec.heading}の編集" in form.content.decode()

    fields: dict[str, Any] = {}
    for field in spec.all_fields:
        if field.required:
            fields[field.name] = {
                schema.TEXT: "記載例",
                schema.LONGTEXT: "記載例の文章",
                schema.INT: 100,
                schema.CHOICE: field.choices[0][0] if field.choices else "",
                schema.MULTI: [field.choices[0][0]] if field.choices else [],
            }[field.kind]
    party = ""
    if spec.party_kinds:
        party = "contractor" if "contractor" in spec.party_kinds else ""
    rows = []
    if spec.has_items:
        source = spec.item_sources[0][0] if spec.item_sources else ""
        rows = [{"name": "氏名", "source": source}]
    data = _handling_data(d.Handling(h_type, title=spec.heading, party=party, fields=fields), rows)

    saved = department_client.post(added["Location"], data, headers=HX)

    _assert_dossier_swap(saved)
    handling = _now(draft).handlings[2]
    assert handling.fields == fields
    assert handling.party == party
    assert len(handling.items) == (1 if spec.has_items else 0)
    # Complete now: nothing about the third handling stops a submission.
    problems = submission_problems(Case.objects.get(pk=draft.pk))
    assert [p for p in problems if p.startswith(("第3 ", "handlings[3]"))] == []


def test_it_refuses_to_add_a_handling_of_no_type(draft: Case, department_client: Client) -> None:
    before = Snapshot(draft)

    response = department_client.post(
        f"/cases/{draft.pk}/handlings/add/", {"type": "nonsense"}, follow=True
    )

    assert response.status_code == 200
    assert "取扱いの種類を選んでください。" in response.content.decode()
    before.assert_unchanged()


def test_it_deletes_a_handling_and_moves_the_safeguards_of_the_later_ones(
    draft: Case, department_client: Client
) -> None:
    response = department_client.post(f"/cases/{draft.pk}/handlings/1/delete/", headers=HX)

    html = _assert_dossier_swap(response)
    assert "受診票発送業務委託" not in html
    now = _now(draft)
    assert [h.type for h in now.handlings] == ["external_connection"]
    # The first handling's own safeguard went with it; the second's now targets handling 1.
    assert [(s.text, s.handling) for s in now.safeguards] == [
        ("媒体を暗号化する", None),
        ("第2の取扱いの措置", 1),
        ("特記事項を付す", None),
    ]
    assert Handling.objects.filter(case=draft).count() == 1


def test_it_deletes_the_last_handling_and_keeps_the_safeguards_of_the_earlier_ones(
    draft: Case, department_client: Client
) -> None:
    response = department_client.post(f"/cases/{draft.pk}/handlings/2/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#handlings"
    now = _now(draft)
    assert [h.type for h in now.handlings] == ["outsourcing"]
    assert [(s.text, s.handling) for s in now.safeguards] == [
        ("媒体を暗号化する", None),
        ("第1の取扱いの措置", 1),
        ("特記事項を付す", None),
    ]


# -- parties ----------------------------------------------------------------------------------


def test_it_adds_a_subcontractor(draft: Case, department_client: Client) -> None:
    data = _party_data(
        key="sub",
        name="再委託先印刷株式会社",
        kind="subcontractor",
        parent="contractor",
        prior_approval_required="true",
        cert_type="pmark",
        cert_number="12345",
        cert_expires_on="令和9年3月31日",
    )

    response = department_client.post(f"/cases/{draft.pk}/parties/new/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "再委託先印刷株式会社" in html
    assert 'data-party="sub"' in html  # a lane of the diagram
    party = _now(draft).party("sub")
    assert party == d.Party(
        key="sub",
        name="再委託先印刷株式会社",
        kind="subcontractor",
        parent="contractor",
        prior_approval_required=True,
        certifications=(d.Certification("pmark", "12345", dt.date(2027, 3, 31)),),
    )
    assert [p.key for p in _now(draft).parties] == ["ward", "contractor", "subject", "sub"]


def test_it_gives_a_new_party_a_key_when_none_is_typed(
    draft: Case, department_client: Client
) -> None:
    data = _party_data(name="", undecided="on", kind="contractor", selection_method="入札")

    response = department_client.post(f"/cases/{draft.pk}/parties/new/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#parties"
    party = _now(draft).parties[-1]
    assert (party.key, party.name, party.undecided) == ("contractor-1", "未定", True)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"key": "sub", "name": "親のない再委託先", "kind": "subcontractor"},
            "parent",
            "再委託先には再委託元を選んでください。",
        ),
        (
            {"key": "ward", "name": "記号が重なる課", "kind": "ward_division"},
            "key",
            "この記号は別の関係者が使っています。",
        ),
        ({"key": "nameless", "name": "", "kind": "other"}, "name", "名称を入力してください"),
        (
            {"key": "bad key!", "name": "記号が不正な関係者", "kind": "other"},
            "key",
            "半角の英数字、アンダースコア、ハイフン以外は使用できません。",
        ),
    ],
    ids=["no-parent", "duplicate-key", "no-name", "bad-key"],
)
def test_it_refuses_a_bad_party(
    values: dict[str, str], field: str, message: str, draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)

    response = department_client.post(
        f"/cases/{draft.pk}/parties/new/", _party_data(**values), headers=HX
    )

    html = _assert_refused(response, message, f'id="id_{field}-error"')
    if values["name"]:
        assert f'value="{values["name"]}"' in html
    before.assert_unchanged()


def test_it_refuses_a_contractor_change_that_breaks_the_outsourcing(
    draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)
    data = _party_data(key="contractor", name="委託先株式会社", kind="data_subject")

    response = department_client.post(f"/cases/{draft.pk}/parties/contractor/", data, headers=HX)

    _assert_refused(
        response,
        NOT_SAVED,
        "handlings[1].party: 委託先に委託先株式会社（本人（区民等））は指定できません。",
    )
    before.assert_unchanged()


def test_it_renames_a_party_key_everywhere(draft: Case, department_client: Client) -> None:
    data = _party_data(key="itaku", name="委託先株式会社（改称）", kind="contractor")

    response = department_client.post(f"/cases/{draft.pk}/parties/contractor/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "委託先株式会社（改称）" in html
    now = _now(draft)
    assert [p.key for p in now.parties] == ["ward", "itaku", "subject"]
    assert [(s.source, s.target) for s in now.flow] == [("ward", "itaku")]
    assert [h.party for h in now.handlings] == ["itaku", "itaku"]
    assert now.safeguards[3].party == "itaku"
    assert "contractor" not in {p.key for p in now.parties}


def test_it_refuses_to_delete_a_party_a_step_still_uses(
    draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)

    response = department_client.post(f"/cases/{draft.pk}/parties/ward/delete/", follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(f"/cases/{draft.pk}/#parties", 302)]
    assert "削除できません。次の箇所がこの項目を参照しています。" in html
    assert "flow[1].from: 「ward」という関係者は登録されていません。" in html
    assert "関係者を削除しました。" not in html
    before.assert_unchanged()


def test_it_deletes_an_unused_party_with_its_safeguards(
    draft: Case, department_client: Client
) -> None:
    department_client.post(
        f"/cases/{draft.pk}/safeguards/new/",
        {"kind": "operational", "clause": "", "text": "本人への周知", "target": "party:subject"},
    )
    assert len(_now(draft).safeguards) == 5

    response = department_client.post(f"/cases/{draft.pk}/parties/subject/delete/", headers=HX)

    html = _assert_dossier_swap(response)
    assert 'id="party-subject"' not in html
    assert 'data-party="subject"' not in html
    now = _now(draft)
    assert [p.key for p in now.parties] == ["ward", "contractor"]
    assert [s.text for s in now.safeguards] == [
        "媒体を暗号化する",
        "第1の取扱いの措置",
        "第2の取扱いの措置",
        "特記事項を付す",
    ]


# -- flow -------------------------------------------------------------------------------------


def test_it_adds_a_flow_step(draft: Case, department_client: Client) -> None:
    data = _step_data(
        number="2",
        action="受診票を郵送する",
        items=["氏名", "住所"],
        channel="mail",
        encrypted="false",
        retention="発送後1年",
    )

    response = department_client.post(f"/cases/{draft.pk}/flow/new/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "受診票を郵送する" in html
    assert 'data-step="2"' in html
    assert '<tr id="step-2">' in html
    assert _now(draft).step(2) == d.FlowStep(
        2,
        "contractor",
        "subject",
        action="受診票を郵送する",
        items=("氏名", "住所"),
        channel="mail",
        encrypted=False,
        retention="発送後1年",
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"number": "1"}, "この番号はすでに使われています。"),
        ({"number": "0"}, "1以上の番号にしてください。"),
        ({"number": "二"}, "番号は数字で入力してください。"),
        ({"source": ""}, "この項目は必須です。"),
        ({"source": "nobody"}, "正しく選択してください。 nobody は候補にありません。"),
    ],
    ids=["duplicate", "zero", "not-a-number", "no-source", "unknown-source"],
)
def test_it_refuses_a_bad_flow_step(
    values: dict[str, str], message: str, draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)
    data = _step_data(action="書きかけの内容", retention="5年", **values)

    response = department_client.post(f"/cases/{draft.pk}/flow/new/", data, headers=HX)

    _assert_refused(response, message, 'value="書きかけの内容"', 'value="5年"')
    before.assert_unchanged()


def test_it_renumbers_a_step_and_its_safeguards_follow(
    draft: Case, department_client: Client
) -> None:
    data = _step_data(
        number="5",
        source="ward",
        target="contractor",
        action="発送データを渡す（改）",
        items=["氏名"],
        channel="electronic_media",
        encrypted="true",
    )

    response = department_client.post(f"/cases/{draft.pk}/flow/1/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "発送データを渡す（改）" in html
    now = _now(draft)
    assert [s.number for s in now.flow] == [5]
    assert now.flow[0].items == ("氏名",)
    assert now.safeguards[0] == d.Safeguard("technical", "媒体を暗号化する", step=5)


def test_it_deletes_a_step_with_its_safeguards(draft: Case, department_client: Client) -> None:
    response = department_client.post(f"/cases/{draft.pk}/flow/1/delete/", headers=HX)

    html = _assert_dossier_swap(response)
    assert '<tr id="step-1">' not in html
    now = _now(draft)
    assert now.flow == ()
    assert [s.text for s in now.safeguards] == [
        "第1の取扱いの措置",
        "第2の取扱いの措置",
        "特記事項を付す",
    ]


# -- safeguards -------------------------------------------------------------------------------


def test_it_adds_a_safeguard(draft: Case, department_client: Client) -> None:
    data = {
        "kind": "contractual",
        "clause": "pledge",
        "text": "委託先から誓約書を提出させる",
        "target": "handling:1",
    }

    response = department_client.post(f"/cases/{draft.pk}/safeguards/new/", data, headers=HX)

    html = _assert_dossier_swap(response)
    assert "委託先から誓約書を提出させる" in html
    assert _now(draft).safeguards[-1] == d.Safeguard(
        "contractual", "委託先から誓約書を提出させる", clause="pledge", handling=1
    )


def test_it_edits_a_safeguard_in_place(draft: Case, department_client: Client) -> None:
    data = {"kind": "physical", "clause": "", "text": "施錠できる書庫で保管する", "target": ""}

    response = department_client.post(f"/cases/{draft.pk}/safeguards/2/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/#safeguards"
    now = _now(draft)
    assert now.safeguards[1] == d.Safeguard("physical", "施錠できる書庫で保管する")
    assert len(now.safeguards) == 4


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"kind": "technical", "clause": "pledge", "text": "書きかけの措置"},
            "契約上の対策のときだけ選べます。",
        ),
        ({"kind": "", "clause": "", "text": "書きかけの措置"}, "この項目は必須です。"),
        (
            {"kind": "technical", "clause": "", "text": "書きかけの措置", "target": "step:9"},
            "正しく選択してください。 step:9 は候補にありません。",
        ),
    ],
    ids=["clause-on-technical", "no-kind", "unknown-target"],
)
def test_it_refuses_a_bad_safeguard(
    values: dict[str, str], message: str, draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)

    response = department_client.post(f"/cases/{draft.pk}/safeguards/new/", values, headers=HX)

    _assert_refused(response, message, "書きかけの措置</textarea>")
    before.assert_unchanged()


def test_it_deletes_a_safeguard(draft: Case, department_client: Client) -> None:
    response = department_client.post(f"/cases/{draft.pk}/safeguards/1/delete/", follow=True)

    assert response.status_code == 200
    assert "安全管理措置を削除しました。" in response.content.decode()
    assert [s.text for s in _now(draft).safeguards] == [
        "第1の取扱いの措置",
        "第2の取扱いの措置",
        "特記事項を付す",
    ]


# -- who may edit -----------------------------------------------------------------------------


def test_it_hides_every_editor_from_another_department(
    draft: Case, other_department_client: Client
) -> None:
    before = Snapshot(draft)
    for editor in EDITORS:
        url = f"/cases/{draft.pk}/{editor}"
        assert other_department_client.get(url).status_code == 404, url
        assert other_department_client.get(url, headers=HX).status_code == 404, url
        assert other_department_client.post(url, {"text": "x"}).status_code == 404, url
    for action in POST_ONLY:
        url = f"/cases/{draft.pk}/{action}"
        assert other_department_client.post(url, {"type": "other"}).status_code == 404, url
    before.assert_unchanged()


def test_it_keeps_members_out_of_the_editors(
    world: World, draft: Case, member_client: Client
) -> None:
    # A draft is not shown to members at all; a case on their agenda is shown but locked.
    scheduled = world.health_case
    assert member_client.get(f"/cases/{scheduled.pk}/").status_code == 200
    before = Snapshot(draft)
    for case, expected in ((draft, 404), (scheduled, 403)):
        for editor in ("handlings/1/", "parties/new/", "parties/contractor/", "flow/new/"):
            url = f"/cases/{case.pk}/{editor}"
            assert member_client.get(url).status_code == expected, url
            assert member_client.post(url, {}).status_code == expected, url
        for action in ("handlings/add/", "handlings/1/delete/", "parties/contractor/delete/"):
            url = f"/cases/{case.pk}/{action}"
            assert member_client.post(url, {"type": "other"}).status_code == expected, url
    before.assert_unchanged()


def test_it_locks_the_editors_once_the_case_is_submitted(
    draft: Case, department_client: Client
) -> None:
    Case.objects.filter(pk=draft.pk).update(status=CaseStatus.SUBMITTED)
    before = Snapshot(draft)

    for editor in EDITORS:
        url = f"/cases/{draft.pk}/{editor}"
        assert department_client.get(url).status_code == 403, url
        assert department_client.post(url, {"text": "x"}).status_code == 403, url
    for action in POST_ONLY:
        url = f"/cases/{draft.pk}/{action}"
        assert department_client.post(url, {"type": "other"}).status_code == 403, url
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "流れを追加" not in page
    assert "関係者を追加" not in page
    before.assert_unchanged()


@pytest.mark.parametrize("action", POST_ONLY)
def test_it_refuses_get_on_post_only_endpoints(
    action: str, draft: Case, department_client: Client
) -> None:
    before = Snapshot(draft)

    response = department_client.get(f"/cases/{draft.pk}/{action}")

    assert response.status_code == 405
    before.assert_unchanged()


def test_it_sends_anonymous_visitors_to_sign_in(draft: Case) -> None:
    for editor in (*EDITORS, *POST_ONLY):
        response = Client().post(f"/cases/{draft.pk}/{editor}")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
