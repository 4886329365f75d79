"""Who sees which case, in the list and on the detail and edit pages, role by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import World, make_case
from shingikai.councils.models import Term
from shingikai.dossiers.models import CaseStatus

# Every test touches the database; the marker also makes pytest-django set up the test
# database when a selection holds only tests that ask for their client by name.
pytestmark = pytest.mark.django_db

CASES = ("health_case", "childcare_case", "childcare_draft")

# (client fixture, case attribute of World, visible?)
VISIBILITY = [
    ("secretariat_client", "health_case", True),
    ("secretariat_client", "childcare_case", True),
    ("secretariat_client", "childcare_draft", True),
    ("department_client", "health_case", True),
    ("department_client", "childcare_case", False),
    ("department_client", "childcare_draft", False),
    ("other_department_client", "health_case", False),
    ("other_department_client", "childcare_case", True),
    ("other_department_client", "childcare_draft", True),
    ("member_client", "health_case", True),
    ("member_client", "childcare_case", True),
    ("member_client", "childcare_draft", False),
    ("outsider_client", "health_case", False),
    ("outsider_client", "childcare_case", False),
    ("outsider_client", "childcare_draft", False),
]


@pytest.mark.parametrize(("client_name", "case_name", "visible"), VISIBILITY)
def test_it_shows_a_case_in_the_list_only_to_those_who_may_see_it(
    request: pytest.FixtureRequest, world: World, client_name: str, case_name: str, visible: bool
) -> None:
    client: Client = request.getfixturevalue(client_name)
    case = getattr(world, case_name)

    response = client.get("/cases/")

    assert response.status_code == 200
    html = response.content.decode()
    assert (case.title in html) is visible
    assert (f'href="/cases/{case.pk}/"' in html) is visible


@pytest.mark.parametrize(("client_name", "case_name", "visible"), VISIBILITY)
def test_it_opens_a_case_detail_only_to_those_who_may_see_it(
    request: pytest.FixtureRequest, world: World, client_name: str, case_name: str, visible: bool
) -> None:
    client: Client = request.getfixturevalue(client_name)
    case = getattr(world, case_name)

    response = client.get(f"/cases/{case.pk}/")

    if visible:
        assert response.status_code == 200
        assert case.title in response.content.decode()
    else:
        assert response.status_code == 404
        assert case.title not in response.content.decode()
        assert "ページが見つかりません" in response.content.decode()


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("secretariat_client", 3),
        ("department_client", 1),
        ("other_department_client", 2),
        ("member_client", 2),
        ("outsider_client", 0),
    ],
)
def test_it_counts_only_the_visible_cases(
    request: pytest.FixtureRequest, client_name: str, expected: int
) -> None:
    client: Client = request.getfixturevalue(client_name)

    response = client.get("/cases/")

    assert f'<p class="muted" aria-live="polite">{expected}件</p>' in response.content.decode()


def test_it_gives_the_other_department_404_for_detail_and_edit(
    world: World, other_department_client: Client
) -> None:
    pk = world.health_case.pk

    assert other_department_client.get(f"/cases/{pk}/").status_code == 404
    assert other_department_client.get(f"/cases/{pk}/edit/").status_code == 404
    response = other_department_client.post(
        f"/cases/{pk}/edit/", {"title": "書き換えようとした件名", "version": 1}
    )
    assert response.status_code == 404
    world.health_case.refresh_from_db()
    assert world.health_case.title == "健康推進課の受理済み案件"


def test_it_never_shows_members_a_draft_even_on_an_agenda(
    world: World, member_client: Client
) -> None:
    draft = make_case(world.council, world.health, "議題に載った作成中の案件", CaseStatus.DRAFT)
    submitted = make_case(world.council, world.health, "議題に載った提出済の案件", "submitted")
    returned = make_case(world.council, world.health, "議題に載った差戻しの案件", "returned")
    for order, case in enumerate((draft, submitted, returned), start=3):
        world.meeting.agenda_items.create(
            order=order, kind="consultation", title=case.title, case=case
        )

    html = member_client.get("/cases/").content.decode()

    for case in (draft, submitted, returned):
        assert case.title not in html
        assert member_client.get(f"/cases/{case.pk}/").status_code == 404
    assert world.health_case.title in html


def test_it_shows_members_no_case_of_a_term_they_do_not_serve(
    world: World, member_client: Client
) -> None:
    old_term = Term.objects.create(
        council=world.council, number=0, starts_on=dt.date(2016, 4, 1), ends_on=dt.date(2020, 3, 31)
    )
    # Through the related managers: dossiers may not import meetings (import-linter).
    old_meeting = old_term.meetings.create(
        council=world.council, fiscal_year=2018, ordinal=1, date=dt.date(2018, 6, 1)
    )
    decided = make_case(
        world.council, world.health, "前期に審議した案件", CaseStatus.DECIDED, number=3
    )
    old_meeting.agenda_items.create(order=1, kind="consultation", title=decided.title, case=decided)
    not_on_agenda = make_case(
        world.council, world.health, "議題になっていない受理済み案件", CaseStatus.ACCEPTED
    )

    html = member_client.get("/cases/").content.decode()

    assert decided.title not in html
    assert not_on_agenda.title not in html
    assert member_client.get(f"/cases/{decided.pk}/").status_code == 404
    assert member_client.get(f"/cases/{not_on_agenda.pk}/").status_code == 404


def test_it_shows_the_outsider_member_no_case(world: World, outsider_client: Client) -> None:
    response = outsider_client.get("/cases/")

    assert response.status_code == 200
    assert "条件に合う案件はありません。" in response.content.decode()
    for name in CASES:
        assert outsider_client.get(f"/cases/{getattr(world, name).pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/cases/abc/", "/cases/abc/edit/", "/cases/1.5/", "/cases/-1/", "/cases/%E5%8D%81/"],
)
def test_it_answers_malformed_ids_with_404_from_the_resolver(
    secretariat_client: Client, path: str
) -> None:
    response = secretariat_client.get(path)

    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
    with pytest.raises(Resolver404):
        resolve(path)


@pytest.mark.parametrize(
    "path",
    [
        "/cases/999999/",
        "/cases/999999/edit/",
        "/cases/0/",
        "/cases/99999999999999999999999/",
        "/cases/99999999999999999999999/edit/",
    ],
)
def test_it_answers_unknown_ids_with_404_never_500(secretariat_client: Client, path: str) -> None:
    response = secretariat_client.get(path)

    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_it_answers_unknown_ids_in_workflow_posts_with_404(secretariat_client: Client) -> None:
    for step in ("submit", "accept", "return"):
        assert secretariat_client.post(f"/cases/999999/{step}/").status_code == 404


@pytest.mark.parametrize("client_name", ["member_client", "outsider_client"])
def test_it_refuses_members_the_create_page(
    request: pytest.FixtureRequest, client_name: str
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert client.get("/cases/new/").status_code == 403
    response = client.post("/cases/new/", {"title": "委員が作ろうとした案件"})
    assert response.status_code == 403
    assert "この操作を行う権限がありません" in response.content.decode()


@pytest.mark.parametrize("client_name", ["member_client", "outsider_client"])
def test_it_hides_the_create_button_from_members(
    request: pytest.FixtureRequest, client_name: str
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert "案件を作成" not in client.get("/cases/").content.decode()


def test_it_refuses_department_staff_the_edit_of_an_accepted_case(
    world: World, department_client: Client
) -> None:
    pk = world.health_case.pk

    assert department_client.get(f"/cases/{pk}/edit/").status_code == 403
    response = department_client.post(
        f"/cases/{pk}/edit/",
        {
            "council": world.council.pk,
            "department": world.health.pk,
            "kind": "consultation",
            "title": "受理後に書き換えた件名",
            "handling_types": ["outsourcing"],
            "version": 1,
        },
    )
    assert response.status_code == 403
    world.health_case.refresh_from_db()
    assert world.health_case.title == "健康推進課の受理済み案件"
    detail = department_client.get(f"/cases/{pk}/").content.decode()
    assert f'href="/cases/{pk}/edit/"' not in detail


def test_it_lets_department_staff_edit_their_draft(world: World, department_client: Client) -> None:
    draft = make_case(world.council, world.health, "健康推進課の作成中の案件", CaseStatus.DRAFT)

    response = department_client.get(f"/cases/{draft.pk}/edit/")

    assert response.status_code == 200
    assert "案件の編集" in response.content.decode()
    assert 'value="健康推進課の作成中の案件"' in response.content.decode()


def test_it_lets_the_secretariat_edit_an_accepted_case(
    world: World, secretariat_client: Client
) -> None:
    pk = world.health_case.pk

    assert f'href="/cases/{pk}/edit/"' in secretariat_client.get(f"/cases/{pk}/").content.decode()
    assert secretariat_client.get(f"/cases/{pk}/edit/").status_code == 200
    response = secretariat_client.post(
        f"/cases/{pk}/edit/",
        {
            "council": world.council.pk,
            "department": world.health.pk,
            "kind": "consultation",
            "title": "事務局が補正した件名",
            "handling_types": ["outsourcing"],
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{pk}/"
    world.health_case.refresh_from_db()
    assert world.health_case.title == "事務局が補正した件名"
    assert world.health_case.status == CaseStatus.ACCEPTED


def test_it_refuses_the_secretariat_the_edit_of_a_decided_case(
    world: World, secretariat_client: Client
) -> None:
    decided = make_case(world.council, world.health, "審議済の案件", CaseStatus.DECIDED)

    assert secretariat_client.get(f"/cases/{decided.pk}/edit/").status_code == 403


def test_it_refuses_members_the_edit_of_a_case_they_can_read(
    world: World, member_client: Client
) -> None:
    pk = world.health_case.pk

    assert member_client.get(f"/cases/{pk}/").status_code == 200
    assert member_client.get(f"/cases/{pk}/edit/").status_code == 403
    assert f'href="/cases/{pk}/edit/"' not in member_client.get(f"/cases/{pk}/").content.decode()
