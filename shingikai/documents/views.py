"""Downloads of generated documents: the case document (諮問書・報告事項) as Word and PDF.

The only Django module of the package: it checks who may read the case, then calls the
pure renderers.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.documents.casedoc import case_docx, case_pdf
from shingikai.documents.decisiondoc import DecisionLetter, decision_docx, decision_pdf
from shingikai.documents.meta import DocMeta
from shingikai.documents.reviewsheet import (
    SheetEntry,
    SheetHeader,
    review_sheet_docx,
    review_sheet_pdf,
)
from shingikai.dossiers import access, records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings import access as meeting_access
from shingikai.meetings.models import Decision
from shingikai.meetings.rules import decision_label
from shingikai.review.findings import precheck

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def case_meta(case: Case) -> DocMeta:
    """The letter around a case: number, date, the council chair as addressee, the head of
    the municipality as sender; drafts are marked 案."""
    revisions = case.revisions.count()
    return DocMeta(
        number_label=case.number_label,
        date=case.consulted_on,
        addressee=f"{case.council.name} 会長 様",
        sender=case.council.municipality.head_title,
        revision=f"第{revisions}版" if revisions > 1 else "",
        draft=case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED),
    )


def _download(request: HttpRequest, pk: int, render: str) -> HttpResponse:
    case = access.get_case(request.user, pk)
    dossier = records.dossier_of(case)
    meta = case_meta(case)
    if render == "pdf":
        body, content_type, suffix = case_pdf(dossier, meta=meta), "application/pdf", "pdf"
    else:
        body, content_type, suffix = case_docx(dossier, meta=meta), DOCX, "docx"
    audit.record(
        request.user,
        AuditEvent.Action.EXPORT,
        case,
        summary=f"案件文書（{suffix}）",
        request=request,
    )
    name = f"{case.number_label or '案件'}_{case.subtitle or case.title}"[:60] + f".{suffix}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"case-{case.pk}.{suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def case_document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")


@login_required
def case_document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


def _sheet(case: Case) -> tuple[SheetHeader, list[SheetEntry]]:
    result = precheck(case)
    entries = [
        SheetEntry(
            finding=row.finding,
            status=row.decision.get_status_display() if row.decision else "未処理",
            note=row.decision.note if row.decision else "",
            answer=row.decision.question.answer if row.decision and row.decision.question else "",
        )
        for row in result.rows
    ]
    header = SheetHeader(
        council=case.council.name,
        case_label=case.number_label,
        title=case.full_title,
        department=str(case.department),
        date=case.consulted_on,
    )
    return header, entries


def _sheet_download(request: HttpRequest, pk: int, suffix: str) -> HttpResponse:
    case = access.get_case(request.user, pk)
    header, entries = _sheet(case)
    if suffix == "pdf":
        body, content_type = review_sheet_pdf(header, entries), "application/pdf"
    else:
        body, content_type = review_sheet_docx(header, entries), DOCX
    audit.record(
        request.user,
        AuditEvent.Action.EXPORT,
        case,
        summary=f"論点整理表（{suffix}）",
        request=request,
    )
    name = f"論点整理表_{case.number_label or case.pk}.{suffix}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"review-{case.pk}.{suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def review_sheet_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _sheet_download(request, pk, "docx")


@login_required
def review_sheet_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _sheet_download(request, pk, "pdf")


def _letter(decision: Decision) -> DecisionLetter:
    item = decision.agenda_item
    case = item.case
    return DecisionLetter(
        number_label=decision_label(decision),
        issued_on=decision.issued_on,
        addressee=decision.addressee or item.meeting.council.municipality.head_title,
        council=item.meeting.council.name,
        case_label=case.number_label if case else "",
        case_title=case.full_title if case else item.title,
        consulted_on=case.consulted_on if case else item.meeting.date,
        outcome=decision.get_outcome_display(),
        conclusion=decision.text,
        votes=decision.vote_summary,
        conditions=tuple((c.get_kind_display(), c.text) for c in decision.conditions.all()),
        is_report=decision.outcome == "acknowledged",
    )


def _decision_download(request: HttpRequest, decision_id: int, suffix: str) -> HttpResponse:
    decision = (
        Decision.objects.select_related(
            "agenda_item__meeting__council__municipality", "agenda_item__case"
        )
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404("no such decision")
    meeting_access.get_meeting(request.user, decision.agenda_item.meeting_id)
    if (
        not meeting_access.visible_agenda(request.user, decision.agenda_item.meeting)
        .filter(pk=decision.agenda_item_id)
        .exists()
    ):
        raise Http404("no such decision")
    letter = _letter(decision)
    if suffix == "pdf":
        body, content_type = decision_pdf(letter), "application/pdf"
    else:
        body, content_type = decision_docx(letter), DOCX
    audit.record(
        request.user,
        AuditEvent.Action.EXPORT,
        decision,
        summary=f"答申（{suffix}）",
        request=request,
    )
    name = f"答申_{letter.number_label or decision.pk}.{suffix}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"decision-{decision.pk}.{suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def decision_docx_view(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _decision_download(request, decision_id, "docx")


@login_required
def decision_pdf_view(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _decision_download(request, decision_id, "pdf")
