from __future__ import annotations

from django.urls import path

from shingikai.portal import register_views, views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/", views.cases, name="cases"),
    path("lookup/", views.lookup, name="lookup"),
    path("search/", views.search, name="search"),
    path("feed/", views.MeetingFeed(), name="feed"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/materials/<int:material_id>/", views.material, name="material"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("files/", register_views.files, name="files"),
    path("files.csv", register_views.files_csv, name="files_csv"),
    path("files/<int:pk>/", register_views.file, name="file"),
]
