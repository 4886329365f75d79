"""The secretariat's upload page: several minutes files at once, each read, structured and
stored as `shingikai ingest` does, with a results table per file (the Japanese reason, or a
link to the meeting). Department staff and members get 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shingikai.accounts.models import User
from shingikai.ingest import pipeline, store
from shingikai.ingest.models import IngestedFile
from shingikai.lib import limits
from shingikai.meetings.models import Meeting

MAX_FILES = 50
HISTORY = 20
ACCEPT = ".txt,.text,.htm,.html,.pdf,.docx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files; each is checked by the pipeline, so an empty or bad file becomes a row
    in the results rather than a form error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> list[UploadedFile]:
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        return [f for f in files if f]

    def validate(self, value: list[UploadedFile]) -> None:
        if not value:
            raise forms.ValidationError("ファイルを選んでください。", code="required")
        if len(value) > MAX_FILES:
            raise forms.ValidationError(f"一度に選べるのは{MAX_FILES}件までです。")


class UploadForm(forms.Form):
    files = FilesField(
        label="会議録ファイル",
        help_text="テキスト（UTF-8・Shift_JIS）、HTML、PDF、Word（docx）。"
        f"複数選べます（{MAX_FILES}件まで、1件{pipeline.MAX_BYTES // (1024 * 1024)}MBまで）。",
    )
    publish = forms.BooleanField(
        label="取り込んだ会議を公開サイトに公開する",
        required=False,
        help_text="オフのときは職員と委員だけが見られます。公開は後から会議の画面でも設定できます。",
    )


@dataclass(frozen=True)
class Row:
    """One file's line in the results table."""

    name: str
    outcome: str
    message: str
    meeting: Meeting | None = None
    agenda_items: int = 0
    utterances: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome != store.FAILED


def ingest_upload(
    upload: UploadedFile,
    user: User,
    *,
    publish: bool,
    request: HttpRequest | None = None,
    worker: limits.Worker | None = None,
) -> Row:
    """Read, structure and store one uploaded file (a too-large one is never read), in
    ``worker`` when given."""
    name = upload.name or "（名前なし）"
    too_large = pipeline.too_large(upload.size or 0)
    if too_large:
        return Row(name, store.FAILED, too_large)
    result = pipeline.process(b"".join(upload.chunks()), name, worker=worker)
    stored = store.apply(result, user=user, publish=publish, request=request)
    record = result.record
    return Row(
        name,
        stored.outcome,
        stored.label,
        stored.meeting,
        len(record.agenda) if record and stored.ok else 0,
        len(record.utterances) if record and stored.ok else 0,
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    rows: list[Row] = []
    if posted and form.is_valid():
        publish = form.cleaned_data["publish"]
        with limits.Worker() as worker:  # one limited child reads all the files
            rows = [
                ingest_upload(f, request.user, publish=publish, request=request, worker=worker)
                for f in form.cleaned_data["files"]
            ]
    return render(
        request,
        "ingest/upload.html",
        {
            "form": form,
            "rows": rows,
            "failed": sum(1 for r in rows if not r.ok),
            "history": IngestedFile.objects.select_related("meeting", "created_by")[:HISTORY],
        },
        status=200,
    )
