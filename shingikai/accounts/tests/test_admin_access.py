"""The data admin: open to the secretariat and superusers, closed to everyone else, and no
way for the secretariat to grant itself admin rights."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import World


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/councils/council/", "/admin/dossiers/case/", "/admin/meetings/meeting/"],
)
def test_it_lets_the_secretariat_into_the_admin(secretariat_client: Client, path: str) -> None:
    assert secretariat_client.get(path).status_code == 200


@pytest.mark.parametrize("persona", ["department_client", "member_client"])
def test_it_keeps_other_roles_out_of_the_admin(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client: Client = request.getfixturevalue(persona)
    response = client.get("/admin/councils/council/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_hides_privilege_fields_from_the_secretariat(
    world: World, secretariat_client: Client
) -> None:
    body = secretariat_client.get(f"/admin/accounts/user/{world.department.pk}/change/")
    html = body.content.decode()
    assert body.status_code == 200
    assert 'name="role"' in html
    assert 'name="is_superuser"' not in html
    assert 'name="is_staff"' not in html


def test_it_shows_rule_handling_types_as_checkboxes(
    world: World, secretariat_client: Client
) -> None:
    html = secretariat_client.get(f"/admin/councils/council/{world.council.pk}/change/")
    text = html.content.decode()
    assert 'type="checkbox" name="rules-0-consultation_types" value="outsourcing"' in text


pytestmark = pytest.mark.django_db


def test_every_admin_page_writes_the_audit_trail() -> None:
    """Each registered model admin is audited, or cannot change anything."""
    from django.contrib import admin

    from shingikai.accounts.admin_audit import AuditedAdmin

    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []


def test_a_change_made_in_the_admin_is_on_the_trail(
    world: World, secretariat_client: Client
) -> None:
    from shingikai.accounts.models import AuditEvent

    page = f"/admin/councils/department/{world.health.pk}/change/"
    data = {
        "municipality": world.health.municipality_id,
        "name": "健康推進課（改称）",
        "division": world.health.division,
        "staff": [u.pk for u in world.health.staff.all()],
    }
    response = secretariat_client.post(page, data)
    assert response.status_code == 302

    event = AuditEvent.objects.latest("id")
    assert event.action == AuditEvent.Action.CHANGE
    assert event.actor == world.secretariat
    assert event.object_type == "councils.Department"
    assert event.object_id == str(world.health.pk)
    assert event.summary.startswith("データ管理で変更: ")
    assert event.ip_address == "127.0.0.1"


def test_a_delete_made_in_the_admin_is_on_the_trail(
    world: World, secretariat_client: Client
) -> None:
    from shingikai.accounts.models import AuditEvent
    from shingikai.councils.models import Department

    spare = Department.objects.create(municipality=world.municipality, name="廃止予定課")
    response = secretariat_client.post(
        f"/admin/councils/department/{spare.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Department.objects.filter(pk=spare.pk).exists()
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id) == (AuditEvent.Action.DELETE, str(spare.pk))
    assert event.summary == "データ管理で削除: 廃止予定課"


def test_decisions_are_view_only_in_the_admin(secretariat_client: Client) -> None:
    from django.contrib import admin

    from shingikai.meetings.models import Decision

    model_admin = admin.site._registry[Decision]
    request = secretariat_client.get("/admin/").wsgi_request
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
