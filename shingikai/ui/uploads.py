"""A hard cap on the size of every uploaded file, before any form sees it.

Django streams uploads to memory or a temporary file whatever their size, and the forms'
own size checks (`dossiers.uploads.check_size`, the ingest and statistics forms) only run
afterwards. `CappedUploadHandler`, first in FILE_UPLOAD_HANDLERS, passes a file's chunks on
to the usual handlers until the file passes UPLOAD_FILE_MAX_SIZE, then drops the rest and
hands the form an empty stand-in that keeps the size received: nothing more is written, and
the form's size check refuses the file with its usual message next to the field. The cap is
therefore the largest of the forms' limits, never below one of them.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

DEFAULT_MAX_SIZE = 20 * 1024 * 1024


def max_size() -> int:
    """The largest file accepted by any upload, in bytes."""
    return int(getattr(settings, "UPLOAD_FILE_MAX_SIZE", DEFAULT_MAX_SIZE))


class OversizeUpload(UploadedFile):
    """What is left of a file over the cap: its name and size, and no content."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset)

    def open(self, mode: str | None = None) -> OversizeUpload:
        self.file.seek(0)
        return self


class CappedUploadHandler(FileUploadHandler):
    """Stops storing a file once it passes the cap (see the module docstring)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.cap = max_size()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # None keeps the chunk from the handlers after this one.
        return raw_data if self.received <= self.cap else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.cap:
            return None  # the next handler hands over the file it stored
        # The handlers after this one are not asked for their file: close (and so delete)
        # what they stored of it up to the cap now, not whenever it is garbage-collected.
        for handler in self.request.upload_handlers if self.request else ():
            stored = getattr(handler, "file", None) if handler is not self else None
            if isinstance(stored, UploadedFile):
                stored.close()
        return OversizeUpload(self.file_name, self.content_type, self.received, self.charset)
