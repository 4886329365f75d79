from __future__ import annotations

from django.urls import path

from shingikai.review import views

app_name = "review"

urlpatterns = [
    path("cases/<int:pk>/precheck/", views.case_precheck, name="precheck"),
    path(
        "cases/<int:pk>/precheck/<str:concern_id>/<str:step>/", views.finding_action, name="finding"
    ),
    path("cases/<int:pk>/questions/<int:number>/answer/", views.question_answer, name="answer"),
    path("cases/<int:pk>/handlings/<int:n>/pia/", views.handling_pia, name="pia"),
]
