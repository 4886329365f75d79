"""Two people editing the same case: the later save, drawn from an outdated page, is refused
with a clear message, what they typed stays in the form, and nothing of the first save is
lost; saving again from the re-drawn form is a deliberate overwrite."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import World, _client_for
from shingikai.dossiers import actions, records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.dossiers.tests.test_editing import HX, Snapshot, _base, _handling_data, _now

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world: World) -> Case:
    """The health department's draft with two handlings, three parties and one step."""
    case = Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="仮",
        status=CaseStatus.DRAFT,
    )
    records.write_dossier(case, _base(world))
    return case


REFUSED = "あなたが画面を開いた後に他の人が保存したため、保存しませんでした。"


def _version_on(html: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "every editor carries the version it was drawn from"
    return int(found.group(1))


def _open_editor(client: Client, case: Case) -> int:
    response = client.get(f"/cases/{case.pk}/handlings/1/", headers=HX)
    assert response.status_code == 200
    return _version_on(response.content.decode())


def test_the_second_save_of_the_same_part_is_refused_and_keeps_its_text(
    world: World, draft: Case
) -> None:
    alice, bob = _client_for(world.department), _client_for(world.department)
    alice_version, bob_version = _open_editor(alice, draft), _open_editor(bob, draft)
    handling = _now(draft).handlings[0]

    first = alice.post(
        f"/cases/{draft.pk}/handlings/1/",
        {**_handling_data(handling, contract_title="先に保存した契約名"), "version": alice_version},
        headers=HX,
    )
    assert first.status_code == 200 and first["HX-Retarget"] == "#dossier"
    before = Snapshot(draft)

    second = bob.post(
        f"/cases/{draft.pk}/handlings/1/",
        {**_handling_data(handling, contract_title="後から保存した契約名"), "version": bob_version},
        headers=HX,
    )

    html = second.content.decode()
    assert second.status_code == 200 and "HX-Retarget" not in second
    assert REFUSED in html
    assert 'value="後から保存した契約名"' in html  # Bob's typing is still in his form
    before.assert_unchanged()  # Alice's save stands, nothing else written
    assert _now(draft).handlings[0].fields["contract_title"] == "先に保存した契約名"

    # The re-drawn form carries the current version: saving again overwrites on purpose.
    again = bob.post(
        f"/cases/{draft.pk}/handlings/1/",
        {
            **_handling_data(handling, contract_title="後から保存した契約名"),
            "version": _version_on(html),
        },
        headers=HX,
    )
    assert again["HX-Retarget"] == "#dossier"
    assert _now(draft).handlings[0].fields["contract_title"] == "後から保存した契約名"


def test_edits_of_different_parts_both_need_a_fresh_page(world: World, draft: Case) -> None:
    alice, bob = _client_for(world.department), _client_for(world.department)
    version = _open_editor(alice, draft)
    alice.post(
        f"/cases/{draft.pk}/safeguards/new/",
        {
            "kind": "operational",
            "text": "研修を行う",
            "target": "",
            "clause": "",
            "version": version,
        },
    )
    before = Snapshot(draft)

    response = bob.post(
        f"/cases/{draft.pk}/safeguards/new/",
        {
            "kind": "operational",
            "text": "点検を行う",
            "target": "",
            "clause": "",
            "version": version,
        },
    )

    assert REFUSED in response.content.decode()
    assert "点検を行う" in response.content.decode()  # kept in the form
    before.assert_unchanged()


def test_a_delete_from_an_outdated_page_removes_nothing(world: World, draft: Case) -> None:
    alice, bob = _client_for(world.department), _client_for(world.department)
    page = bob.get(f"/cases/{draft.pk}/").content.decode()
    stale = _version_on(page)
    alice.post(f"/cases/{draft.pk}/flow/1/delete/", {"version": stale})
    assert _now(draft).flow == ()
    before = Snapshot(draft)

    # Bob's page still shows the first handling as number 1; so does the stored case, but
    # positions may have moved under him, so his delete is refused.
    response = bob.post(f"/cases/{draft.pk}/handlings/1/delete/", {"version": stale})

    assert response.status_code == 302
    before.assert_unchanged()
    html = bob.get(response["Location"]).content.decode()
    assert "他の人が保存したため、削除しませんでした。" in html
    assert "取扱いを削除しました。" not in html


def test_the_version_is_checked_again_inside_the_transaction(world: World, draft: Case) -> None:
    """A save that passed the page check but lost the race writes nothing."""
    draft.refresh_from_db()
    loaded = draft.version
    dossier = _now(draft)
    actions.save_dossier(world.department, draft, dossier, None, "先の保存", loaded)
    before = Snapshot(draft)
    changed = dossier.__class__(**{**dossier.__dict__, "title": "競合した保存"})

    with pytest.raises(actions.StaleEdit):
        actions.save_dossier(
            world.department, Case.objects.get(pk=draft.pk), changed, None, "後の保存", loaded
        )

    before.assert_unchanged()
    assert records.dossier_of(Case.objects.get(pk=draft.pk)).title != "競合した保存"
