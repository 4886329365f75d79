"""The meeting packet download: every material of a meeting in one PDF for members, with a
cover, a table of contents and page numbers (documents.packet builds it)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.choices import CaseKind
from shingikai.documents.casedoc import case_pdf
from shingikai.documents.packet import NOT_DISTRIBUTED, PacketItem, PacketMeta, build_packet
from shingikai.documents.views import case_meta
from shingikai.dossiers import records
from shingikai.meetings import access
from shingikai.meetings.materials import ordered
from shingikai.meetings.models import AgendaItem, Material, Meeting

MISSING = "ファイルが見つかりません"  # in the packet's contents, for a file lost from storage


def _read(material: Material) -> bytes | None:
    """The stored file's bytes, or None if it is missing from the storage."""
    try:
        with material.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _case_document_name(item: AgendaItem) -> str:
    return "報告事項" if item.case.kind == CaseKind.REPORT else "諮問書"


def packet_items(user: User, meeting: Meeting) -> list[PacketItem]:
    """What the packet binds: the materials in label order, then the generated case
    document of each agenda item with a case but without an uploaded PDF of its own."""
    items: list[PacketItem] = []
    with_pdf: set[int] = set()
    materials = access.visible_materials(user, meeting).select_related("agenda_item")
    for material in ordered(materials):
        data = _read(material) if material.file else None
        if not material.file:
            items.append(PacketItem(material.label, material.title, note=NOT_DISTRIBUTED))
        elif data is None:
            items.append(PacketItem(material.label, material.title, note=MISSING))
        elif data.startswith(b"%PDF-"):
            items.append(PacketItem(material.label, material.title, data))
            if material.agenda_item_id:
                with_pdf.add(material.agenda_item_id)
        else:
            items.append(PacketItem(material.label, material.title))
    agenda = (
        access.visible_agenda(user, meeting)
        .filter(case__isnull=False)
        .select_related("case__council__municipality")
        .order_by("order")
    )
    for item in agenda:
        if item.pk in with_pdf:
            continue
        case = item.case
        pdf = case_pdf(records.dossier_of(case), meta=case_meta(case))
        label = case.number_label or f"議題{item.order}"
        items.append(PacketItem(label, f"{_case_document_name(item)}　{case.full_title}", pdf))
    return items


@login_required
def packet_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting packet PDF, for the secretariat and the members of the meeting's term."""
    meeting = access.get_meeting(request.user, pk)
    if not (request.user.is_secretariat or request.user.is_council_member):
        raise PermissionDenied
    meta = PacketMeta(
        meeting=meeting.label,
        council=meeting.council.name,
        date=meeting.date,
        start_time=meeting.start_time,
        venue=meeting.venue,
    )
    packet = build_packet(meta, packet_items(request.user, meeting))
    audit.record(
        request.user,
        AuditEvent.Action.EXPORT,
        meeting,
        summary=f"{meeting.label} 会議資料（PDF・{packet.pages}ページ）",
        changes={"contents": [line.label for line in packet.contents], "pages": packet.pages},
        request=request,
    )
    name = f"{meeting.label}_会議資料.pdf"
    response = HttpResponse(packet.pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"meeting-{meeting.pk}-packet.pdf\"; filename*=UTF-8''{quote(name)}"
    )
    return response
