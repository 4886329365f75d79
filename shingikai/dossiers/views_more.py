"""Case page parts besides in-place editing: the dossier fragment, attachments, revisions
and their comparison, and the case file download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers import access, actions, records, uploads
from shingikai.dossiers.context import dossier_context
from shingikai.dossiers.models import Attachment
from shingikai.dossiers.structure import casefile, diff, schema


@login_required
def dossier_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    return render(request, "dossiers/_dossier.html", dossier_context(request, case))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="種別", choices=schema.ATTACHMENT_KINDS)
    file = forms.FileField(
        label="ファイル",
        error_messages={"required": "ファイルを選んでください。", "empty": "空のファイルです。"},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_edit(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(f"{case.get_absolute_url()}#attachments")
    upload = form.cleaned_data["file"]
    try:
        uploads.check_size(upload.size)
        detected, _pages = uploads.checked(upload.read())
    except uploads.RejectedUpload as exc:
        messages.error(request, f"{upload.name}: {exc}")
        return redirect(f"{case.get_absolute_url()}#attachments")
    upload.seek(0)
    attachment = Attachment(
        case=case,
        kind=form.cleaned_data["kind"],
        name=upload.name[:200],
        size=detected.size,
        content_type=detected.content_type,
        sha256=detected.sha256,
        uploaded_by=request.user,
    )
    attachment.file.save(
        f"{detected.sha256[:16]}{detected.extension}", ContentFile(upload.read()), save=True
    )
    audit.record(request.user, AuditEvent.Action.CREATE, attachment, request=request)
    messages.success(request, _("添付ファイルを登録しました。"))
    return redirect(f"{case.get_absolute_url()}#attachments")


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    case = access.get_case(request.user, pk)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("no such attachment")
    audit.record(request.user, AuditEvent.Action.EXPORT, attachment, request=request)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    case = access.get_case_for_edit(request.user, pk)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("no such attachment")
    audit.record(request.user, AuditEvent.Action.DELETE, attachment, request=request)
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("添付ファイルを削除しました。"))
    return redirect(f"{case.get_absolute_url()}#attachments")


@login_required
def revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare two submitted revisions, or a revision with the case as it is now."""
    case = access.get_case(request.user, pk)
    revisions = list(case.revisions.all())
    versions = {str(r.number): (str(r), r.snapshot) for r in revisions}
    versions["current"] = (_("現在の内容"), actions.snapshot(case))
    default_old = (
        str(revisions[-2].number)
        if len(revisions) > 1
        else (str(revisions[0].number) if revisions else "current")
    )
    old_key = request.GET.get("a", default_old)
    new_key = request.GET.get("b", str(revisions[-1].number) if len(revisions) > 1 else "current")
    if old_key not in versions or new_key not in versions:
        raise Http404("no such revision")
    changes = diff.compare(versions[old_key][1], versions[new_key][1])
    return render(
        request,
        "dossiers/revision_compare.html",
        {
            "case": case,
            "revisions": revisions,
            "changes": changes,
            "old_key": old_key,
            "new_key": new_key,
            "old_label": versions[old_key][0],
            "new_label": versions[new_key][0],
        },
    )


@login_required
def casefile_download(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    text = casefile.dump(records.dossier_of(case))
    audit.record(
        request.user, AuditEvent.Action.EXPORT, case, summary="案件ファイル", request=request
    )
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    name = f"case-{case.pk}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
