from __future__ import annotations

from django.urls import path

from shingikai.documents import packet_views, views

app_name = "documents"

urlpatterns = [
    path("cases/<int:pk>/document.docx", views.case_document_docx, name="case_docx"),
    path("cases/<int:pk>/document.pdf", views.case_document_pdf, name="case_pdf"),
    path(
        "cases/<int:pk>/review-sheet.docx", views.review_sheet_docx_view, name="review_sheet_docx"
    ),
    path("cases/<int:pk>/review-sheet.pdf", views.review_sheet_pdf_view, name="review_sheet_pdf"),
    path(
        "decisions/<int:decision_id>/decision.docx", views.decision_docx_view, name="decision_docx"
    ),
    path("decisions/<int:decision_id>/decision.pdf", views.decision_pdf_view, name="decision_pdf"),
    path("meetings/<int:pk>/packet.pdf", packet_views.packet_download, name="packet"),
]
