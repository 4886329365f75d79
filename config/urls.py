from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from shingikai.home import views as home_views

# Uploaded files are never served from MEDIA_URL: every download goes through a view
# that checks who may see it.
urlpatterns = [
    path("", home_views.dashboard, name="dashboard"),
    path("accounts/", include("shingikai.accounts.urls")),
    path("cases/", include("shingikai.dossiers.urls")),
    path("meetings/", include("shingikai.meetings.urls")),
    path("minutes/", include("shingikai.minutes.urls")),
    path("ingest/", include("shingikai.ingest.urls")),
    path("documents/", include("shingikai.documents.urls")),
    path("review/", include("shingikai.review.urls")),
    path("search/", include("shingikai.search.urls")),
    path("reports/", include("shingikai.reports.urls")),
    path("public/", include("shingikai.portal.urls")),
    path("api/", include("shingikai.api.urls")),
    path("admin/", admin.site.urls),
]
