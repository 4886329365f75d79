from __future__ import annotations

from django.urls import path

from shingikai.minutes import views

app_name = "minutes"

urlpatterns = [
    path("<int:meeting_pk>/", views.minutes_detail, name="detail"),
    path("<int:meeting_pk>/generate/", views.minutes_generate, name="generate"),
    path("<int:meeting_pk>/edit/", views.minutes_edit, name="edit"),
    path("<int:meeting_pk>/circulate/", views.minutes_circulate, name="circulate"),
    path("<int:meeting_pk>/confirm/", views.minutes_confirm, name="confirm"),
    path("<int:meeting_pk>/approve/", views.minutes_approve, name="approve"),
    path("<int:meeting_pk>/minutes.docx", views.minutes_docx, name="docx"),
    path("<int:meeting_pk>/minutes.pdf", views.minutes_pdf, name="pdf"),
    path("<int:meeting_pk>/minutes.html", views.minutes_html, name="html"),
]
