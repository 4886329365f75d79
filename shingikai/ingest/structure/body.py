"""The record of proceedings, line by line: turns, headings, stage directions, Q&A rows.

One pass over the lines after the header. A speaker label opens a turn and the lines that
follow are its text; headings (（２）国勢調査…について, ①諮問第999号, 4 その他) and the
chair's announcements (次に、諮問事項２、…について) move the current agenda item, and the
chair's declarations give each item its outcome.

PDF extraction sometimes sets labels apart from their text: 会長 / 区側 / 会長 stacked on
their own lines, then the text of all three. Labels standing alone are therefore queued; a
stage direction ends the first one's share, a label whose turn is only a stage direction
(区側 （資料により説明）) passes the lines after it to the next lone label, and a lone label
left without text takes the last paragraph of the turn before it. Label counts always come
out right; which words belong to which of the stacked labels is a best reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from shingikai.ingest.normalize import fold
from shingikai.ingest.records import QuestionRecord
from shingikai.ingest.structure import agenda, qa, speakers
from shingikai.ingest.structure.agenda import Item
from shingikai.ingest.structure.outcomes import Tally
from shingikai.lib.wareki import parse_time

_CLOCK = r"(?:午前|午後)?\s*[0-9]{1,2}\s*時(?:\s*[0-9]{1,2}\s*分|半)?|正午|[0-9]{1,2}:[0-9]{2}"
_TIME_MARK = re.compile(
    rf"(?:(?P<t1>{_CLOCK})\s*(?P<w1>開会|閉会|散会|開始|終了)|(?P<w2>開会|閉会|散会|開始|終了)"
    rf"\s*[:：]?\s*(?P<t2>{_CLOCK}))"
)
_END = re.compile(r"以\s?上|[-－ー―]\s*以\s?上\s*[-－ー―]")
_ANNOUNCERS = frozenset({"chair", "vice_chair", "secretariat"})
_DECIDERS = frozenset({"chair", "vice_chair", None})


@dataclass
class Turn:
    """One speaker turn as it is being read."""

    speaker: str
    role: str
    index: int | None
    paragraphs: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # lines that may be this label's
    carried_from: Turn | None = None

    @property
    def silent(self) -> bool:
        """Nothing said yet and no stage direction: a label standing alone."""
        return not self.paragraphs and not self.stages


@dataclass
class Walk:
    """What one pass over the record found."""

    turns: list[Turn] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)
    tallies: dict[int, Tally] = field(default_factory=dict)
    start: time | None = None
    end: time | None = None


class Walker:
    """Reads the record's lines in order; `feed` each, then `finish`."""

    def __init__(
        self,
        items: list[Item],
        styles: frozenset[str],
        secretariat: tuple[str, ...],
    ) -> None:
        self.items = items
        self.styles = styles
        self.secretariat = secretariat
        self.discovering = not items
        self.out = Walk()
        self.open: list[Turn] = []
        self.orphans: list[str] = []
        self.index: int | None = None
        self.furthest = -1
        self.decided = False
        self.section: str | None = None
        self.qa_section: str | None = None
        self.qa_index: int | None = None
        self.in_table = False
        self.tabled = False  # a Q&A table has been seen: numbered rows are questions
        self.boundary = True
        self._heads: list[str] = []
        self._roles: dict[str, str] = {}

    # -- dispatch -----------------------------------------------------------------------------

    def feed(self, line: str, label: speakers.Label | None) -> None:
        """Read one line of the record, with the speaker label it starts with (if any)."""
        if "\t" in line and self._table(line.split("\t")):
            return
        self.in_table = False
        if _END.fullmatch(line):
            return
        if label is not None and label.style in self.styles:
            self._label(label)
        elif line[0] in "(（" and speakers.is_stage_line(line):
            self._stage(line)
        elif ("時" in line or ":" in line or "：" in line) and self._time(line):
            return
        elif not self._heading(line):
            self._content(line)

    def finish(self) -> Walk:
        """Close what is open and return the findings."""
        self._finish()
        return self.out

    # -- Q&A tables ---------------------------------------------------------------------------

    def _table(self, cells: list[str]) -> bool:
        if qa.is_header(cells):
            self._finish()
            self.in_table = self.tabled = True
            return True
        if not self.in_table and not (self.tabled and not self.open):
            return False
        found = qa.row(cells)
        if found is not None:
            record = qa.question(found, self.qa_section, self.qa_index)
            self.out.questions.append(record)
        return True

    # -- turns --------------------------------------------------------------------------------

    def _label(self, label: speakers.Label) -> None:
        text, stages = speakers.split_stage(label.rest)
        if not text and not stages and self.open and self._stackable():
            self.open.append(self._turn(label.speaker))
            return
        carried = self.orphans if not text and not stages else []
        if carried:
            self.orphans = []
        stage_only = self.open[0] if self.open and carried else None
        self._finish()
        turn = self._turn(label.speaker)
        turn.carried, turn.carried_from = carried, stage_only
        self.open = [turn]
        for stage in stages:
            self._note_stage(stage)
        turn.stages += stages
        if text:
            self._say(turn, text)

    def _stackable(self) -> bool:
        """Whether a lone label joins the lone labels before it (a stacked column)."""
        return all(t.silent for t in self.open) and not self.orphans

    def _turn(self, speaker: str) -> Turn:
        if self.decided:
            self.index, self.decided = None, False
        role = self._roles.get(speaker)
        if role is None:
            role = self._roles[speaker] = speakers.role(speaker, self.secretariat)
        return Turn(speaker, role, self.index)

    def _stage(self, line: str) -> None:
        self._note_stage(line)
        if not self.open:
            return
        if len(self.open) > 1 and self.open[0].paragraphs:
            self._close_first()
        self.open[0].stages.append(line)
        if len(self.open) > 1:
            self._close_first()

    def _content(self, line: str) -> None:
        if not self.open:
            self._narrate(line)
            return
        head = self.open[0]
        if len(self.open) == 1 and not head.paragraphs and head.stages:
            self.orphans.append(line)
            self._narrate(line)
            return
        if head.carried:
            self._return_carried(head)
        text, stages = speakers.split_stage(line)
        for stage in stages:
            self._note_stage(stage)
        if text:
            self._say(head, text)

    def _say(self, turn: Turn, text: str) -> None:
        """Add a paragraph to a turn, following announcements and noting decisions."""
        turn.paragraphs.append(text)
        before, after, index = text, "", None
        if turn.role in _ANNOUNCERS:
            before, after, index = self._announcement(text)
        self._tally(turn.role, before)
        if index is not None:
            self._enter(index)
            turn.index = index
            self._tally(turn.role, after)

    def _announcement(self, text: str) -> tuple[str, str, int | None]:
        """Split text at the first forward announcement: (before, after, item index)."""
        if len(self._heads) != len(self.items):
            self._heads = agenda.heads(self.items)
        for position, index in agenda.references(self.items, text, self._heads, self.index):
            if index > self.furthest:
                return text[:position], text[position:], index
        if self.discovering:
            for position, reference, title in agenda.discover(text):
                self.items.append(agenda.new_item(reference, title))
                return text[:position], text[position:], len(self.items) - 1
        return text, "", None

    def _narrate(self, line: str) -> None:
        """A line outside any turn: a summary's narrative, or text a label lost."""
        self._tally(None, line)

    def _tally(self, role: str | None, text: str) -> None:
        if self.index is None or not text:
            return
        tally = self._tally_of(self.index)
        tally.count(text)
        if role in _DECIDERS and tally.decide(text):
            self.decided = True

    def _note_stage(self, text: str) -> None:
        if self.index is not None:
            self._tally_of(self.index).stage(text)

    def _tally_of(self, index: int) -> Tally:
        """The item's tally, made at its first use (not one per line, as setdefault would)."""
        tally = self.out.tallies.get(index)
        if tally is None:
            tally = self.out.tallies[index] = Tally()
        return tally

    def _return_carried(self, turn: Turn) -> None:
        """Lines a lone label was holding go back to the turn they followed."""
        if turn.carried_from is not None:
            turn.carried_from.paragraphs += turn.carried
        turn.carried, turn.carried_from = [], None

    def _close_first(self) -> None:
        self._done(self.open.pop(0))

    def _finish(self) -> None:
        """Close every open turn, settling stacked and displaced labels."""
        if self.orphans and self.open:
            self.open[0].paragraphs += self.orphans
        self.orphans = []
        for turn in self.open:
            if turn.carried and not turn.paragraphs:
                turn.paragraphs, turn.carried, turn.carried_from = turn.carried, [], None
            elif turn.carried:
                self._return_carried(turn)
        self._share_paragraphs()
        for turn in self.open:
            self._done(turn)
        self.open = []

    def _share_paragraphs(self) -> None:
        """Give a lone label left without text the last paragraph of the turn before it."""
        previous = [] if self.boundary or not self.out.turns else [self.out.turns[-1]]
        chain = previous + self.open
        for j in range(len(chain) - 1, 0, -1):
            if not chain[j].silent:
                continue
            donor = next((t for t in reversed(chain[:j]) if len(t.paragraphs) >= 2), None)
            if donor is not None:
                chain[j].paragraphs.append(donor.paragraphs.pop())

    def _done(self, turn: Turn) -> None:
        self.out.turns.append(turn)
        self.boundary = False

    # -- headings and agenda --------------------------------------------------------------------

    def _heading(self, line: str) -> bool:
        marked = agenda.marker(line)
        text = marked[1] if marked else line
        sentence = "。" in line
        if marked and not sentence and len(text) <= 24 and self._section_heading(text):
            return True
        if qa.is_section(line):
            self._enter(qa.section_index(line, self.items), heading=True)
            self.qa_section, self.qa_index = line, self.index
            return True
        if sentence or not text:
            return False
        index = self._matching_item(text, marked is not None)
        if index is None and marked and self.discovering:
            index = self._discovered_heading(text)
        if index is None or (self.open and index < self.furthest):
            return False  # inside a turn, only a heading that moves on is one
        self._enter(index, heading=True)
        return True

    def _section_heading(self, text: str) -> bool:
        """Section (２ 諮問事項), formality (１ 会長あいさつ) or closing (４ その他)."""
        is_section, kind = agenda.section_kind(text)
        if is_section and kind is not None:
            self.section = kind
            single = [i for i, it in enumerate(self.items) if it.record.kind == kind]
            self._enter(single[0] if len(single) == 1 else None, heading=True)
            return True
        if is_section or agenda.is_procedural(text) or agenda.is_closing(text):
            self._enter(None, heading=True)
            return True
        return False

    def _matching_item(self, text: str, marked: bool) -> int | None:
        """The agenda item a heading line names, by number or title."""
        if not self.items or (not marked and self.open):
            return None
        index = agenda.by_number(self.items, text[:16])
        if index is not None:
            return index
        return agenda.by_title(self.items, text, 0.6 if marked else 0.85)

    def _discovered_heading(self, text: str) -> int | None:
        """A numbered heading naming an item no header listed (summary records)."""
        item = agenda.make_item(self.section or agenda.OTHER, text)
        if not (self.section or item.record.number or text.endswith("について")):
            return None
        self.items.append(item)
        return len(self.items) - 1

    def _enter(self, index: int | None, heading: bool = False) -> None:
        """Make ``index`` the current item (None: between items)."""
        if heading:
            self._finish()
            self.boundary = True
        self.index, self.decided = index, False
        if index is not None:
            self.furthest = max(self.furthest, index)

    def _time(self, line: str) -> bool:
        """A line such as 午後2時41分閉会: the meeting's start or end."""
        match = _TIME_MARK.fullmatch(fold(line))
        if match is None:
            return False
        word = match["w1"] or match["w2"]
        try:
            clock = parse_time(match["t1"] or match["t2"])
        except ValueError:
            return False
        if word in ("開会", "開始"):
            self.out.start = self.out.start or clock
        else:
            self.out.end = clock
        return True
