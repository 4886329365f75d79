"""Sign-in with optional two-factor codes, and the page where a user turns them on or off."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.accounts import audit, security
from shingikai.accounts.forms import CodeForm, SignInForm
from shingikai.accounts.models import AuditEvent, User

PENDING = "shingikai_pending_user"


class SignInView(LoginView):
    """Password first; users with two-factor sign-in then give their code."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        if not user.totp_enabled:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "id": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
        }
        return redirect("accounts:code")


def code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["id"], is_active=True).first()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and user is not None:
        if security.is_locked(user):
            form.add_error(None, SignInForm.error_messages["locked"])
        elif security.verify_code(user.totp_secret, form.cleaned_data["code"]):
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            target = pending["next"]
            safe = url_has_allowed_host_and_scheme(target, {request.get_host()})
            return HttpResponseRedirect(target if safe else reverse("dashboard"))
        else:
            security.record_failure(user.username)
            audit.record(
                None,
                AuditEvent.Action.SIGN_IN_FAILED,
                summary=f"username={user.username} 確認コード誤り",
                request=request,
            )
            form.add_error(
                "code", _("確認コードが正しくありません。アプリの最新のコードを入力してください。")
            )
    return render(request, "accounts/code.html", {"form": form})


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, then confirm a code) or off (confirm a code)."""
    user: User = request.user
    if not security.may_use_totp(user):
        raise PermissionDenied
    form = CodeForm(request.POST or None)
    secret = user.totp_secret if user.totp_enabled else request.session.get("totp_setup")
    if not secret:
        secret = request.session["totp_setup"] = security.new_secret()
    if request.method == "POST" and form.is_valid():
        if not security.verify_code(secret, form.cleaned_data["code"]):
            form.add_error("code", _("確認コードが正しくありません。"))
        else:
            enabling = not user.totp_enabled
            User.objects.filter(pk=user.pk).update(
                totp_secret=secret if enabling else "", totp_enabled=enabling
            )
            request.session.pop("totp_setup", None)
            audit.record(
                user,
                AuditEvent.Action.CHANGE,
                user,
                summary="二要素認証を有効化" if enabling else "二要素認証を無効化",
                request=request,
            )
            messages.success(
                request,
                _("二要素認証を有効にしました。")
                if enabling
                else _("二要素認証を無効にしました。"),
            )
            return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "enabled": user.totp_enabled,
            "secret": secret,
            "qr": None
            if user.totp_enabled
            else _qr_data_uri(security.provisioning_uri(user, secret)),
        },
    )


@require_POST
def cancel_code(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING, None)
    return redirect("accounts:login")
