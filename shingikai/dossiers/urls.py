from __future__ import annotations

from django.urls import path

from shingikai.dossiers import editing, views, views_more

app_name = "dossiers"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/submit/", views.case_submit, name="submit"),
    path("<int:pk>/accept/", views.case_accept, name="accept"),
    path("<int:pk>/return/", views.case_return, name="return"),
    path("<int:pk>/dossier/", views_more.dossier_fragment, name="dossier"),
    path("<int:pk>/casefile.yaml", views_more.casefile_download, name="casefile"),
    path("<int:pk>/revisions/", views_more.revision_compare, name="revisions"),
    path("<int:pk>/attachments/", views_more.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views_more.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/",
        views_more.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:pk>/handlings/add/", editing.handling_add, name="handling_add"),
    path("<int:pk>/handlings/<int:n>/", editing.handling_edit, name="handling_edit"),
    path("<int:pk>/handlings/<int:n>/delete/", editing.handling_delete, name="handling_delete"),
    path("<int:pk>/parties/new/", editing.party_new, name="party_new"),
    path("<int:pk>/parties/<slug:key>/", editing.party_edit, name="party_edit"),
    path("<int:pk>/parties/<slug:key>/delete/", editing.party_delete, name="party_delete"),
    path("<int:pk>/flow/new/", editing.step_new, name="step_new"),
    path("<int:pk>/flow/<int:number>/", editing.step_edit, name="step_edit"),
    path("<int:pk>/flow/<int:number>/delete/", editing.step_delete, name="step_delete"),
    path("<int:pk>/safeguards/new/", editing.safeguard_new, name="safeguard_new"),
    path("<int:pk>/safeguards/<int:index>/", editing.safeguard_edit, name="safeguard_edit"),
    path(
        "<int:pk>/safeguards/<int:index>/delete/", editing.safeguard_delete, name="safeguard_delete"
    ),
]
