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
