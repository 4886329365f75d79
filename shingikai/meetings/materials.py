"""Distributed materials (配付資料) of a meeting: upload and delete.

- `material_upload` (secretariat): label pre-filled with the next free label (資料3), title,
  agenda item, public or not, and the file, checked by content (`dossiers.uploads.checked`:
  PDF, Word, Excel, PNG, JPEG, 20MB); a PDF's page count is stored in `pages`.
- `material_delete` (secretariat, POST).
- the meeting packet PDF is served by `documents.packet_views` (the documents layer), for
  the secretariat and members of the meeting's term; department staff get 403, others 404.

Materials are listed and bound in label order (`lib.labels.sort_key`: 資料18 < 資料18-1 <
参考資料18-1 < 資料19); every upload and delete renumbers the meeting's `order` to match, so
the database order agrees with the label order.

The packet binds, after the cover and contents, every material's PDF in label order, then
the generated case document (諮問書・報告事項) of each agenda item with a case that has no
uploaded PDF of its own: the department's uploaded PDF is the document as sent, so the
generated one would only repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.dossiers import uploads
from shingikai.lib import labels
from shingikai.meetings import access
from shingikai.meetings.models import AgendaItem, Material, Meeting

PUBLIC, CLOSED = "public", "closed"


def ordered(materials: Iterable[Material]) -> list[Material]:
    """Materials in label order (資料1 < 資料2 < 資料18 < 資料18-1 < 参考資料18-1 < 資料19)."""
    return sorted(materials, key=lambda m: (labels.sort_key(m.label), m.order, m.pk or 0))


def _meeting_url(meeting: Meeting) -> str:
    return f"{meeting.get_absolute_url()}#materials"


# -- the form ---------------------------------------------------------------------------


class MaterialForm(forms.Form):
    """A material to upload. The label is stored in its canonical spelling (資料18-2)."""

    label = forms.CharField(
        label="資料番号",
        max_length=40,
        help_text="例：資料3、資料2-1（枝番）、参考資料2-1。全角数字でも入力できます。",
    )
    title = forms.CharField(label="資料名", max_length=200)
    agenda_item = forms.ModelChoiceField(
        label="議題",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="（議題に関連付けない）",
    )
    visibility = forms.ChoiceField(
        label="公開の区分",
        choices=[(PUBLIC, "公開"), (CLOSED, "非公開")],
        initial=PUBLIC,
        widget=forms.RadioSelect,
        help_text="非公開の資料は公開サイトに出ず、担当課の職員には自課の議題のものだけが見えます。",
    )
    file = forms.FileField(
        label="ファイル",
        help_text="PDFを推奨します（会議資料のPDFに綴じ込まれます）。"
        "Word（docx）、Excel（xlsx）、PNG、JPEGも登録できます。20MBまで。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.detected: uploads.Detected | None = None
        self.content = b""
        self.pages: int | None = None
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.order}. {item.title}"
        for field in self.fields.values():
            field.error_messages["required"] = _("この項目は必須です。")
        self.fields["file"].error_messages.update(
            required=_("ファイルを選んでください。"),
            empty=_("空のファイルです。"),
            invalid=_("ファイルを選び直してください。"),
        )
        self.fields["agenda_item"].error_messages["invalid_choice"] = _(
            "この会議の議題から選んでください。"
        )

    def clean_label(self) -> str:
        label = labels.normalize_label(self.cleaned_data["label"])
        if not label:
            raise forms.ValidationError(_("この項目は必須です。"))
        if len(label) > 40:
            raise forms.ValidationError(_("40文字以内で入力してください。"))
        taken = {
            labels.normalize_label(t)
            for t in self.meeting.materials.values_list("label", flat=True)
        }
        if label in taken:
            raise forms.ValidationError(
                _("この会議には「%(label)s」がすでにあります。別の資料番号にしてください。")
                % {"label": label}
            )
        return label

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            uploads.check_size(upload.size)
            self.content = upload.read()
            self.detected, self.pages = uploads.checked(self.content)
        except uploads.RejectedUpload as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        item = data.get("agenda_item")
        if item is not None and not item.is_public and data.get("visibility") == PUBLIC:
            self.add_error("visibility", _("非公開の議題の資料は「非公開」にしてください。"))
        return data


# -- actions ----------------------------------------------------------------------------


def _renumber(meeting: Meeting) -> None:
    """Set `order` to each material's place in label order."""
    for position, material in enumerate(ordered(meeting.materials.all()), start=1):
        if material.order != position:
            Material.objects.filter(pk=material.pk).update(order=position)


def add_material(
    user: User,
    meeting: Meeting,
    *,
    label: str,
    title: str,
    agenda_item: AgendaItem | None,
    is_public: bool,
    content: bytes,
    extension: str,
    pages: int | None,
    request: HttpRequest | None = None,
) -> Material:
    """Store the file and the material with an audit event, or nothing (IntegrityError when
    the label was taken meanwhile)."""
    material = Material(
        meeting=meeting,
        agenda_item=agenda_item,
        label=label,
        title=title,
        is_public=is_public,
        pages=pages,
    )
    material.file.save(f"meeting{meeting.pk}{extension}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            material.save()
            _renumber(meeting)
            audit.record(
                user,
                AuditEvent.Action.CREATE,
                material,
                changes={
                    "label": label,
                    "title": title,
                    "agenda_item": agenda_item.pk if agenda_item else None,
                    "is_public": is_public,
                    "pages": pages,
                    "size": len(content),
                },
                request=request,
            )
    except Exception:
        material.file.delete(save=False)
        raise
    return material


def delete_material(user: User, material: Material, request: HttpRequest | None = None) -> None:
    """Delete the material with an audit event; its file goes once the deletion commits."""
    name, storage = material.file.name, material.file.storage
    meeting = material.meeting
    with transaction.atomic():
        audit.record(
            user,
            AuditEvent.Action.DELETE,
            material,
            changes={"label": material.label, "title": material.title, "file": name},
            request=request,
        )
        material.delete()
        _renumber(meeting)
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# -- views ------------------------------------------------------------------------------


def _secretariat_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = access.get_meeting(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    return meeting


def _initial_label(meeting: Meeting, request: HttpRequest) -> str:
    """The next free label; `?number=18` proposes a part of 資料18, with `&reference=1` a
    reference material (参考資料18-1)."""
    number = request.GET.get("number", "")
    existing = list(meeting.materials.values_list("label", flat=True))
    return labels.next_label(
        existing,
        number=int(number) if number.isdigit() and 0 < int(number) < 10000 else None,
        reference=request.GET.get("reference") == "1",
    )


@login_required
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    if request.method == "POST":
        form = MaterialForm(meeting, request.POST, request.FILES)
        if form.is_valid() and form.detected is not None:
            data = form.cleaned_data
            try:
                material = add_material(
                    request.user,
                    meeting,
                    label=data["label"],
                    title=data["title"],
                    agenda_item=data["agenda_item"],
                    is_public=data["visibility"] == PUBLIC,
                    content=form.content,
                    extension=form.detected.extension,
                    pages=form.pages,
                    request=request,
                )
            except IntegrityError:
                form.add_error("label", _("この会議には「%(label)s」がすでにあります。") % data)
            else:
                messages.success(request, _("%sを登録しました。") % material.label)
                return redirect(_meeting_url(meeting))
    else:
        form = MaterialForm(meeting, initial={"label": _initial_label(meeting, request)})
    context = {"meeting": meeting, "form": form}
    if request.htmx and request.method == "GET":
        return render(request, "meetings/_material_form.html", context)
    return render(request, "meetings/material_form.html", context)


@login_required
@require_POST
def material_delete(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    material = meeting.materials.filter(pk=material_id).first()
    if material is None:
        raise Http404("material not found")
    delete_material(request.user, material, request)
    messages.success(request, _("%sを削除しました。") % material.label)
    return redirect(_meeting_url(meeting))
