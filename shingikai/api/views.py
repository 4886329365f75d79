"""The token page: a signed-in user issues and revokes their own API tokens; the
secretariat also sees (and may revoke) everyone's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shingikai.accounts.models import User
from shingikai.api import actions
from shingikai.api.forms import TokenForm
from shingikai.api.models import ApiToken


def _manageable(user: User) -> QuerySet[ApiToken]:
    """The tokens `user` may list and revoke."""
    tokens = ApiToken.objects.select_related("user")
    return tokens if user.is_secretariat else tokens.filter(user=user)


@login_required
@never_cache  # the answer may hold a secret: no cache may keep it
def token_list(request: HttpRequest) -> HttpResponse:
    """List the tokens; a valid POST issues one and shows its secret on this answer only
    (it is not stored, so it is never put in the session or a redirect)."""
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        token, secret = actions.issue_token(
            request.user, request.user, form.cleaned_data["name"], form.lifetime(), request
        )
        messages.success(request, _("APIトークン「%s」を発行しました。") % token.name)
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": _manageable(request.user),
            "show_owner": request.user.is_secretariat,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _manageable(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("token not found")
    try:
        actions.revoke_token(request.user, token, request)
    except actions.AlreadyRevoked:
        messages.info(request, _("このトークンはすでに失効しています。"))
    else:
        messages.success(request, _("APIトークン「%s」を失効させました。") % token.name)
    return redirect("apitokens:list")
