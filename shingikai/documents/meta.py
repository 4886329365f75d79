"""What a document says about itself rather than about the case: its number, date, parties
to the letter, revision and draft status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DocMeta:
    """The letter around the case: 「諮問第999号」, the date, 「… 会長 様」, 「世田谷区長」,
    「第2版」, and whether it is still a draft (案). Empty strings are left out."""

    number_label: str = ""
    date: dt.date | None = None
    addressee: str = ""
    sender: str = ""
    revision: str = ""
    draft: bool = False

    @property
    def header(self) -> str:
        """The running header: number label and revision."""
        return "　".join(part for part in (self.number_label, self.revision) if part)
