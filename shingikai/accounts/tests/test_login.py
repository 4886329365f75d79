"""Signing in and out, the audit trail of it, and the headers every response carries."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from conftest import PASSWORD, World
from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, Role, User

LOGIN_URL = "/accounts/login/"
INVALID_LOGIN = "ユーザー名またはパスワードが正しくありません。大文字と小文字は区別されます。"


def _form_html(html: str) -> str:
    start = html.index('<form method="post" class="form"')
    return html[start : html.index("</form>", start)]


def test_it_renders_the_login_page_in_japanese_with_labelled_fields(db: None) -> None:
    response = Client().get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "<h1>サインイン</h1>" in html
    assert '<label class="field__label" for="id_username">ユーザー名' in html
    assert '<label class="field__label" for="id_password">パスワード' in html
    assert 'id="id_username"' in html
    assert 'id="id_password"' in html
    assert '<button type="submit" class="button">サインイン</button>' in html


def test_it_shows_the_japanese_error_in_the_form_on_a_wrong_password(world: World) -> None:
    response = Client().post(LOGIN_URL, {"username": "jimukyoku", "password": "wrong-password"})

    assert response.status_code == 200
    form = _form_html(response.content.decode())
    assert INVALID_LOGIN in form
    assert 'role="alert"' in form
    assert form.index(INVALID_LOGIN) < form.index('id="id_username"')
    assert 'value="jimukyoku"' in form
    assert "wrong-password" not in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_it_records_a_failed_sign_in(world: World) -> None:
    Client().post(LOGIN_URL, {"username": "jimukyoku", "password": "wrong-password"})

    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.summary == "username=jimukyoku"
    assert event.ip_address == "127.0.0.1"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN).exists()


def test_it_signs_in_with_the_right_password_and_goes_to_the_dashboard(world: World) -> None:
    client = Client()
    response = client.post(LOGIN_URL, {"username": "jimukyoku", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert event.actor == world.secretariat
    assert event.object_id == str(world.secretariat.pk)
    assert client.get("/").status_code == 200


def test_it_follows_next_after_signing_in(world: World) -> None:
    response = Client().post(
        LOGIN_URL, {"username": "tantouka", "password": PASSWORD, "next": "/cases/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/cases/"


def test_it_refuses_logout_by_get(secretariat_client: Client) -> None:
    response = secretariat_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert secretariat_client.get("/").status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT).exists()


def test_it_signs_out_by_post_and_records_it(world: World, secretariat_client: Client) -> None:
    response = secretariat_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_OUT)
    assert event.actor == world.secretariat
    assert secretariat_client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/cases/", "/meetings/", "/cases/new/", "/meetings/new/"])
def test_it_redirects_anonymous_users_to_the_login_page(db: None, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={path}"


@pytest.mark.parametrize("path", [LOGIN_URL, "/public/"])
def test_it_sends_a_strict_csp_and_frame_denial_to_anonymous_pages(db: None, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/cases/", "/meetings/"])
def test_it_sends_a_strict_csp_to_signed_in_pages(secretariat_client: Client, path: str) -> None:
    response = secretariat_client.get(path)

    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_keeps_a_csp_without_script_rules_under_admin(admin_client: Client) -> None:
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "frame-ancestors 'none'; object-src 'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(
        "kanri", "kanri@example.jp", PASSWORD, role=Role.SECRETARIAT
    )


@pytest.fixture
def event(superuser: User) -> AuditEvent:
    return audit.record(superuser, AuditEvent.Action.EXPORT, superuser, summary="名簿を出力")


def test_it_gives_nobody_add_change_or_delete_on_audit_events(
    superuser: User, event: AuditEvent
) -> None:
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/accounts/auditevent/")
    request.user = superuser

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_delete_permission(request, event)


def test_it_lists_audit_events_in_the_admin(superuser: User, event: AuditEvent) -> None:
    client = Client()
    client.force_login(superuser)

    response = client.get("/admin/accounts/auditevent/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "名簿を出力" in html
    assert "/admin/accounts/auditevent/add/" not in html


def test_it_refuses_to_add_change_or_delete_audit_events_in_the_admin(
    superuser: User, event: AuditEvent
) -> None:
    client = Client()
    client.force_login(superuser)
    change_url = f"/admin/accounts/auditevent/{event.pk}/change/"

    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert client.post(change_url, {"summary": "改ざん"}).status_code == 403
    assert client.post(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.summary == "名簿を出力"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
