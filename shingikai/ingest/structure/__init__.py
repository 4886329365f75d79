"""From a `RawDocument` to a `MinutesRecord`: the minutes' header, agenda, turns and written
questions, in the interchange format (../shared/design/minutes-json.md). Pure Python.

    record = structure(read(data, name))
    if not looks_like_minutes(record): reject

Layouts are told apart by what the text holds, never by where it comes from: header labels
on their own lines, after a tab or spaces, or no labels at all; speaker labels in any of
the usual styles (see `speakers`); agenda items in the header, in headings or announced by
the chair; written Q&A tables. Whatever is not found stays None or empty.
"""

from __future__ import annotations

import re

from shingikai.ingest.records import AgendaRecord, MinutesRecord, RawDocument, UtteranceRecord
from shingikai.ingest.structure import agenda, header, qa, speakers
from shingikai.ingest.structure.agenda import Item
from shingikai.ingest.structure.body import Walk, Walker
from shingikai.ingest.structure.text import prepare
from shingikai.lib import wareki

__all__ = ["looks_like_minutes", "structure"]

# A heading that opens the record of proceedings: ＜…審議会発言記録＞, 会議の経過, 審議概要.
_RECORD_HEADING = re.compile(
    r"発言(?:の)?記録|会議の?経過|議事の?経過|審議の?経過|審議概要|議事概要|議事要旨|会議の?概要"
    r"|議事内容|審議内容|発言要旨|質疑応答"
)
_MINUTES_MARK = re.compile(r"会議録|議事録|会議要録|議事要旨|議事概要|会議概要|会議記録|発言記録")
_SPEAKER_TABLE = re.compile(r"(?:発言者|発言委員|氏名|役職)\t+(?:発言内容|発言|内容|発言要旨)")
_SPEECH = re.compile(r"[。？?！!]")
_SMALLINT = 32767  # PositiveSmallIntegerField: Meeting.ordinal, observers, Decision votes


def structure(doc: RawDocument) -> MinutesRecord:
    """The minutes' record as far as the document shows it."""
    lines = prepare(doc, starts=_starts)
    labels = [speakers.candidate(line) for line in lines]
    styles = speakers.styles(_turn_labels(lines, labels))
    start = _body_start(lines, labels, styles)
    head = header.split(lines[:start])
    items = agenda.from_header(head.agenda)
    walker = Walker(items, styles, header.secretariat_units(head))
    for line, label in zip(lines[start:], labels[start:], strict=True):
        walker.feed(line, label)
    walk = walker.finish()
    record = MinutesRecord(source={"name": doc.name, "sha256": doc.sha256, "format": doc.format})
    minutes = bool(walk.turns or walk.questions) or any(
        _MINUTES_MARK.search(line) for line in lines[:10]
    )
    if not minutes and not (head.fields.get(header.TITLE) or head.fields.get(header.WHEN)):
        return record
    _fill_header(record, head, lines, start, minutes, walk)
    record.agenda = [_agenda_record(item, walk, i) for i, item in enumerate(items)]
    record.utterances = _utterances(walk)
    record.questions = walk.questions
    return record


def _starts(raw: str) -> bool:
    """Whether a line as read begins something (a lone speaker label, a header label, a
    numbered entry), so that mending PDF line breaks never joins it to the line before."""
    line = raw.strip()
    return bool(line) and (
        speakers.label_only(line)
        or header.header_label(line) is not None
        or agenda.marker(line) is not None
    )


def looks_like_minutes(record: MinutesRecord) -> bool:
    """Whether a record holds a meeting: a name or date, and turns, questions or agenda."""
    meeting = bool(record.title or record.date)
    return meeting and bool(record.utterances or record.questions or record.agenda)


# -- where the record begins ---------------------------------------------------------------------


def _turn_labels(lines: list[str], labels: list[speakers.Label | None]) -> list[speakers.Label]:
    """Speaker-label candidates of all lines but header fields (for choosing styles)."""
    return [
        label
        for line, label in zip(lines, labels, strict=True)
        if label is not None and header.header_label(line) is None
    ]


def _body_start(
    lines: list[str], labels: list[speakers.Label | None], styles: frozenset[str]
) -> int:
    """Index of the first line of the record of proceedings (after the header)."""
    for i, line in enumerate(lines):
        if "\t" in line:
            if qa.is_header(line.split("\t")) or _SPEAKER_TABLE.match(line):
                return i
        elif len(line) <= 40 and _RECORD_HEADING.search(line) and not header.header_label(line):
            return i
        label = labels[i]
        if label is None or label.style not in styles or header.header_label(line):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _SPEECH.search(label.rest) or (not label.rest and _SPEECH.search(following)):
            return i
    return len(lines)


# -- the record ----------------------------------------------------------------------------------


def _fill_header(
    record: MinutesRecord,
    head: header.Header,
    lines: list[str],
    start: int,
    minutes: bool,
    walk: Walk,
) -> None:
    text = "\n".join(lines)
    record.title = header.title(head, minutes)
    council = header.council(record.title)
    record.municipality = header.municipality(council, head, text)
    record.body = header.prefixed_body(council, record.municipality, text)
    day, start_time, end_time = header.when(head, minutes)
    start_time, end_time = start_time or walk.start, end_time or walk.end
    record.date = day.isoformat() if day else None
    record.start_time = start_time.strftime("%H:%M") if start_time else None
    record.end_time = end_time.strftime("%H:%M") if end_time else None
    record.fiscal_year = _small(header.fiscal_year(record.title)) or (
        wareki.fiscal_year(day) if day else None
    )
    record.ordinal = _small(header.ordinal(record.title))
    record.venue = " ".join(head.text(header.VENUE).split()) or None
    record.format = header.meeting_format(head, minutes and bool(record.title or day))
    record.attendees = header.attendees(head)
    record.observers = _small(header.observers(head, "\n".join(lines[start:])))


def _small(value: int | None) -> int | None:
    """A count or number the database keeps as a small integer; a larger one (第99999回,
    令和99999年度) is a misreading, so None."""
    return value if value is not None and 0 <= value <= _SMALLINT else None


def _agenda_record(item: Item, walk: Walk, index: int) -> AgendaRecord:
    tally = walk.tallies.get(index)
    record = item.record
    if tally is None:
        return record
    if record.kind == agenda.OTHER and tally.kinds:
        record.kind = agenda.CONSULTATION if "諮問" in tally.kinds else agenda.REPORT
    record.outcome = tally.outcome(record.kind)
    record.votes = tally.votes
    if record.votes is not None:
        votes = record.votes
        votes.for_, votes.against = _small(votes.for_), _small(votes.against)
        votes.present = _small(votes.present)
    return record


def _utterances(walk: Walk) -> list[UtteranceRecord]:
    """One utterance per turn with words (or a lone label); stage directions are not."""
    out = []
    for turn in walk.turns:
        if not turn.paragraphs and turn.stages:
            continue
        out.append(
            UtteranceRecord(
                speaker=turn.speaker,
                role=turn.role,
                name=speakers.name(turn.speaker),
                agenda_index=turn.index,
                text="\n".join(turn.paragraphs),
            )
        )
    return out
