"""Submitting keeps the dossier as a numbered revision; revisions compare field by field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import actions, records
from shingikai.dossiers.models import Case, CaseStatus, Handling, Revision
from shingikai.dossiers.structure import casefile, schema

pytestmark = pytest.mark.django_db

REFUSED = "まだ提出できません。次の点を直してください。"
OLD_TITLE = "記載例"  # conftest.complete_fields fills every required text with this
NEW_TITLE = "妊婦健康診査受診票作成・発送業務委託"


@pytest.fixture
def draft(world: World) -> Case:
    return make_case(world.council, world.health, "提出する案件", CaseStatus.DRAFT)


def _submit(client: Client, case: Case) -> Any:
    return client.post(f"/cases/{case.pk}/submit/", follow=True)


def test_it_refuses_to_submit_a_case_without_handlings(
    world: World, department_client: Client
) -> None:
    case = Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="取扱いのない案件",
        status=CaseStatus.DRAFT,
    )

    response = _submit(department_client, case)

    html = response.content.decode()
    assert response.redirect_chain == [(f"/cases/{case.pk}/", 302)]
    assert REFUSED in html
    assert "取扱いが一つも登録されていません。" in html
    case.refresh_from_db()
    assert (case.status, case.submitted_at) == (CaseStatus.DRAFT, None)
    assert not Revision.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBMIT).exists()


def test_it_refuses_an_outsourcing_without_its_contract_title(
    draft: Case, department_client: Client
) -> None:
    handling = draft.handlings.get()
    handling.fields = {k: v for k, v in handling.fields.items() if k != "contract_title"}
    handling.save()

    response = _submit(department_client, draft)

    html = response.content.decode()
    assert REFUSED in html
    assert "第1 外部委託：委託の件名が未記入です。" in html
    assert "事務局に提出しました。" not in html
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    assert not draft.revisions.exists()


def test_it_lists_every_problem_of_an_incomplete_case(
    draft: Case, department_client: Client
) -> None:
    handling = draft.handlings.get()
    handling.fields = {}
    handling.party = None
    handling.save()

    html = _submit(department_client, draft).content.decode()

    for field in schema.SPECS["outsourcing"].all_fields:
        if field.required:
            assert f"第1 外部委託：{field.label}が未記入です。" in html
    assert "handlings[1].party: 委託先を指定してください" in html
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_it_keeps_the_submitted_dossier_as_revision_1(
    world: World, draft: Case, department_client: Client
) -> None:
    response = _submit(department_client, draft)

    assert "事務局に提出しました。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED
    assert draft.submitted_at is not None
    revision = Revision.objects.get(case=draft)
    assert (revision.number, revision.kind) == (1, Revision.Kind.SUBMITTED)
    assert revision.created_by == world.department
    assert revision.snapshot == actions.snapshot(draft)
    assert revision.snapshot["format"] == "shingikai-case/1"
    assert revision.snapshot["handlings"][0]["fields"]["contract_title"] == OLD_TITLE
    # The snapshot is case-file data: it parses back to the dossier as it was sent.
    assert casefile.parse(revision.snapshot, records.catalogue()) == records.dossier_of(draft)
    assert re.fullmatch(r"[0-9a-f]{64}", revision.sha256)
    assert revision.sha256 == actions.canonical_hash(revision.snapshot)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SUBMIT, object_id=str(draft.pk), summary=str(revision)
    ).exists()
    # A submitted case cannot be submitted again.
    again = _submit(department_client, draft)
    assert again.status_code == 403
    assert Revision.objects.filter(case=draft).count() == 1


def _resubmitted(
    draft: Case, department_client: Client, secretariat_client: Client
) -> tuple[Revision, Revision]:
    _submit(department_client, draft)
    returned = secretariat_client.post(
        f"/cases/{draft.pk}/return/", {"reason": "委託の件名を正式名称に"}, follow=True
    )
    assert "担当課に差し戻しました。" in returned.content.decode()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.RETURNED

    # The department corrects one field in the handling's editor.
    handling = records.dossier_of(draft).handlings[0]
    data: dict[str, Any] = {"title": "", "legal_basis": "", "party": handling.party}
    data |= {k: v for k, v in handling.fields.items() if v is not None}
    data |= {"contract_title": NEW_TITLE, "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}
    edited = department_client.post(f"/cases/{draft.pk}/handlings/1/", data)
    assert edited.status_code == 302, edited.content.decode()
    assert records.dossier_of(draft).handlings[0].fields == {
        **handling.fields,
        "contract_title": NEW_TITLE,
    }
    response = _submit(department_client, draft)
    assert "事務局に提出しました。" in response.content.decode()
    first, second = Revision.objects.filter(case=draft).order_by("number")
    return first, second


def test_it_keeps_a_resubmission_as_revision_2(
    draft: Case, department_client: Client, secretariat_client: Client
) -> None:
    first, second = _resubmitted(draft, department_client, secretariat_client)

    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED
    assert (second.number, second.kind) == (2, Revision.Kind.RESUBMITTED)
    assert second.snapshot["handlings"][0]["fields"]["contract_title"] == NEW_TITLE
    assert first.snapshot["handlings"][0]["fields"]["contract_title"] == OLD_TITLE
    assert second.sha256 != first.sha256
    assert second.sha256 == actions.canonical_hash(second.snapshot)
    page = department_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "提出版（2）" in page
    assert "第1版（提出）" in page and "第2版（再提出）" in page


def test_it_compares_two_revisions_field_by_field(
    draft: Case, department_client: Client, secretariat_client: Client
) -> None:
    _resubmitted(draft, department_client, secretariat_client)

    response = department_client.get(f"/cases/{draft.pk}/revisions/", {"a": "1", "b": "2"})

    assert response.status_code == 200
    changes = response.context["changes"]
    assert [(c.section, c.field, c.old, c.new) for c in changes] == [
        ("第1 外部委託", "1 委託の件名", OLD_TITLE, NEW_TITLE)
    ]
    html = response.content.decode()
    assert "第1版（提出） → 第2版（再提出）：1件の違い" in html
    rows = re.findall(r"<tr class=\"change--\w+\">.*?</tr>", html, re.S)
    assert len(rows) == 1
    assert "1 委託の件名" in rows[0]
    assert f'<span class="change-old">{OLD_TITLE}</span>' in rows[0]
    assert f'<span class="change-new">{NEW_TITLE}</span>' in rows[0]
    # The default compares the last two revisions.
    default = department_client.get(f"/cases/{draft.pk}/revisions/")
    assert default.context["old_key"] == "1"
    assert default.context["new_key"] == "2"
    assert len(default.context["changes"]) == 1


def test_it_finds_no_difference_between_the_last_revision_and_the_case(
    draft: Case, department_client: Client, secretariat_client: Client
) -> None:
    _resubmitted(draft, department_client, secretariat_client)

    response = department_client.get(f"/cases/{draft.pk}/revisions/", {"a": "2", "b": "current"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["changes"] == []
    assert "第2版（再提出） → 現在の内容：0件の違い" in html
    assert "違いはありません。" in html
    assert 'class="change--' not in html


def test_it_shows_an_edit_after_submission_against_the_current_case(
    draft: Case, department_client: Client, secretariat_client: Client
) -> None:
    _submit(department_client, draft)
    Handling.objects.filter(case=draft).update(title="事務局が直した見出し")

    response = secretariat_client.get(f"/cases/{draft.pk}/revisions/", {"a": "1", "b": "current"})

    assert [(c.field, c.old, c.new) for c in response.context["changes"]] == [
        ("見出し", "", "事務局が直した見出し")
    ]


@pytest.mark.parametrize(
    "query",
    [{"a": "3", "b": "current"}, {"a": "1", "b": "9"}, {"a": "x", "b": "1"}, {"a": "", "b": "1"}],
)
def test_it_answers_404_for_an_unknown_revision(
    query: dict[str, str], draft: Case, department_client: Client
) -> None:
    _submit(department_client, draft)

    assert department_client.get(f"/cases/{draft.pk}/revisions/", query).status_code == 404


def test_it_hides_the_revisions_from_another_department(
    draft: Case, department_client: Client, other_department_client: Client
) -> None:
    _submit(department_client, draft)

    url = f"/cases/{draft.pk}/revisions/"
    assert other_department_client.get(url, {"a": "1", "b": "current"}).status_code == 404
    assert other_department_client.get(url).status_code == 404
    assert department_client.get(url).status_code == 200


def test_it_refuses_a_submission_by_another_department(
    draft: Case, other_department_client: Client
) -> None:
    response = other_department_client.post(f"/cases/{draft.pk}/submit/")

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    assert not draft.revisions.exists()
