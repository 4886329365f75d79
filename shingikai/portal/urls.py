from __future__ import annotations

from django.urls import path

from shingikai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
]
