"""Who is asking: a request with `Authorization: Bearer <token>` acts as the token's owner;
a request without the header is the public. Session cookies are ignored, so a browser's
sign-in never reaches the API (and cross-site requests have nothing to ride on).

A header that is present but not a usable token (unknown, revoked, expired, malformed) is
refused with 401 rather than served as the public, so a client with a broken token notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from shingikai.accounts.models import User
from shingikai.api import tokens
from shingikai.api.models import ApiToken


@dataclass(frozen=True)
class Viewer:
    """The reader of one request: a token (and through it a user), or the public."""

    token: ApiToken | None = None

    @property
    def user(self) -> User | None:
        return self.token.user if self.token else None

    @property
    def is_public(self) -> bool:
        return self.token is None


PUBLIC = Viewer()


class BearerToken(HttpBearer):
    """The token in the Authorization header; no header falls through to `public`."""

    def __call__(self, request: HttpRequest) -> Viewer | None:
        header = request.headers.get(self.header)
        if header is None:
            return None
        scheme, _space, secret = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Viewer:
        found = tokens.find(token)
        if found is None:
            raise AuthenticationError
        return Viewer(found)


def public(request: HttpRequest) -> Viewer:
    """A request without credentials: it reads what the public site shows."""
    return PUBLIC


def viewer_of(request: HttpRequest) -> Viewer:
    """The viewer the authentication step attached to the request."""
    viewer = getattr(request, "auth", None)
    return viewer if isinstance(viewer, Viewer) else PUBLIC
