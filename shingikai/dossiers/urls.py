from __future__ import annotations

from django.urls import path

from shingikai.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/submit/", views.case_submit, name="submit"),
    path("<int:pk>/accept/", views.case_accept, name="accept"),
    path("<int:pk>/return/", views.case_return, name="return"),
]
