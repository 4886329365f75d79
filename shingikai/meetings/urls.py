from __future__ import annotations

from django.urls import path

from shingikai.meetings import manage, materials, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/materials/<int:material_id>/", views.material_download, name="material"),
    path("<int:pk>/edit/", manage.meeting_edit, name="edit"),
    path("<int:pk>/agenda/add-case/", manage.agenda_add_case, name="agenda_add_case"),
    path("<int:pk>/agenda/add-item/", manage.agenda_add_item, name="agenda_add_item"),
    path(
        "<int:pk>/agenda/<int:item_id>/move/<str:direction>/",
        manage.agenda_move,
        name="agenda_move",
    ),
    path("<int:pk>/agenda/<int:item_id>/remove/", manage.agenda_remove, name="agenda_remove"),
    path("<int:pk>/attendance/", manage.attendance_edit, name="attendance"),
    path("<int:pk>/questions/new/", manage.question_edit, name="question_new"),
    path("<int:pk>/questions/ask/", manage.question_ask, name="question_ask"),
    path("<int:pk>/questions/<int:number>/answer/", manage.question_answer, name="question_answer"),
    path("<int:pk>/questions/<int:number>/", manage.question_edit, name="question_edit"),
    path("<int:pk>/agenda/<int:item_id>/decide/", manage.decision_new, name="decide"),
    path("<int:pk>/agenda/<int:item_id>/vote/", manage.written_vote, name="vote"),
    path("<int:pk>/decisions/<int:decision_id>/issue/", manage.decision_issue, name="issue"),
    path(
        "<int:pk>/decisions/<int:decision_id>/conditions/new/",
        manage.condition_edit,
        name="condition_new",
    ),
    path(
        "<int:pk>/decisions/<int:decision_id>/conditions/<int:condition_id>/",
        manage.condition_edit,
        name="condition_edit",
    ),
    path(
        "<int:pk>/decisions/<int:decision_id>/conditions/<int:condition_id>/carry/",
        manage.condition_carry,
        name="condition_carry",
    ),
    path("<int:pk>/materials/new/", materials.material_upload, name="material_upload"),
    path(
        "<int:pk>/materials/<int:material_id>/delete/",
        materials.material_delete,
        name="material_delete",
    ),
]
