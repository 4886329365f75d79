from __future__ import annotations

from django.urls import path

from shingikai.ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.upload, name="upload"),
]
