from __future__ import annotations

from django.urls import path

from shingikai.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/materials/<int:material_id>/", views.material_download, name="material"),
]
