"""The records ingestion passes along, source-neutral and pure (no Django).

Readers turn a file into a `RawDocument`: its text as blocks in reading order (paragraphs
and tables). The structurer turns that into a `MinutesRecord`, the shape of
`../shared/design/minutes-json.md` (docs/minutes-json.md), which is also what
`shingikai ingest --json` prints and what the store writes to the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FORMATS = ("text", "html", "pdf", "docx")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or line of text, as the source breaks it."""

    text: str
    page: int | None = None  # 1-based page for PDFs


@dataclass(frozen=True)
class TableBlock:
    """A table: rows of cell texts (cells may hold line breaks)."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


Block = Paragraph | TableBlock


@dataclass(frozen=True)
class RawDocument:
    """A file's text in reading order, with where it came from."""

    name: str
    sha256: str
    format: str  # one of FORMATS, detected from the content
    blocks: tuple[Block, ...]
    encoding: str = ""  # for text files: utf-8, cp932, euc_jp …

    def lines(self) -> list[str]:
        """Every paragraph's lines, and every table row's cells joined by tabs."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out += block.text.split("\n")
            else:
                out += ["\t".join(row) for row in block.rows]
        return out


class ReadError(Exception):
    """The file cannot be read as minutes; the message is one clear Japanese line."""


@dataclass
class Votes:
    for_: int | None = None
    against: int | None = None
    present: int | None = None

    def as_json(self) -> dict[str, int | None]:
        return {"for": self.for_, "against": self.against, "present": self.present}


@dataclass
class AgendaRecord:
    kind: str  # consultation, report, other
    number: str | None  # 諮問第999号 as written (諮問第９９９号 stays full-width)
    title: str
    review_types: list[str] = field(default_factory=list)
    department: str | None = None
    outcome: str | None = (
        None  # approved, acknowledged, approved_with_conditions, rejected, continued
    )
    votes: Votes | None = None


@dataclass
class UtteranceRecord:
    speaker: str  # the label as written: 会長, 伊藤委員, 区政情報課長
    role: str  # chair, vice_chair, member, secretariat, staff, other
    name: str | None
    agenda_index: int | None  # 0-based index into agenda, None outside items
    text: str

    def __reduce__(self) -> tuple[type[UtteranceRecord], tuple[Any, ...]]:
        """Pickled as its fields: a record's hundreds of utterances come back from the
        limited reading process (`lib.limits`), and this pickles in about half the time."""
        return UtteranceRecord, (self.speaker, self.role, self.name, self.agenda_index, self.text)


@dataclass
class QuestionRecord:
    number: int
    agenda_index: int | None
    question: str
    answer: str
    section: str | None = None  # e.g. 諮問事項1～3に共通 (extension to the shared format)


@dataclass
class MinutesRecord:
    """One meeting's minutes in the interchange format."""

    source: dict[str, str]  # name, sha256, format
    municipality: str | None = None
    body: str | None = None
    title: str | None = None
    fiscal_year: int | None = None
    ordinal: int | None = None
    date: str | None = None  # ISO; for a written meeting the decision date
    start_time: str | None = None  # HH:MM
    end_time: str | None = None
    venue: str | None = None
    format: str | None = None  # in_person, written, online, hybrid
    attendees: dict[str, list[str]] = field(default_factory=lambda: {"members": [], "staff": []})
    observers: int | None = None
    agenda: list[AgendaRecord] = field(default_factory=list)
    utterances: list[UtteranceRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["agenda"] = [
            {**asdict(a), "votes": a.votes.as_json() if a.votes else None} for a in self.agenda
        ]
        return data
