"""Template context shared by every page: the signed-in user's role."""

from __future__ import annotations

from django.http import HttpRequest

from shingikai.accounts.models import Role


def role(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    current = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {"user_role": current, "Role": Role}
