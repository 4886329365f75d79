"""`/api/v1/` (the JSON API) and `/api/tokens/` (the token page)."""

from __future__ import annotations

from django.urls import include, path

from shingikai.api import views
from shingikai.api.endpoints import api

token_patterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", include((token_patterns, "apitokens"))),
]
