"""Written questions and answers: the 番号・質問・区の考え方 tables of a written meeting.

Each table follows a section heading (諮問事項1～3に共通, 諮問事項1) and numbers its rows
from 1. A row's cells are tab-separated; a row without a number is a stray artefact.
"""

from __future__ import annotations

import re

from shingikai.ingest.normalize import fold, to_int
from shingikai.ingest.records import QuestionRecord
from shingikai.ingest.structure.agenda import CONSULTATION, REPORT, Item, nth

_NUMBER_HEAD = re.compile(r"(?:番号|No\.?|NO\.?|項番|通番|質問番号|#)")
_QUESTION_HEAD = re.compile(r"質問|意見|問")
_SECTION = re.compile(r"(?P<kind>諮問|報告|審議)?事項\s*(?P<refs>[0-9][0-9\s～~〜・、,及びと-]*)")
_RANGE = re.compile(r"([0-9]+)\s*[～~〜-]\s*([0-9]+)")
_NUMBERS = re.compile(r"[0-9]+")


def is_header(cells: list[str]) -> bool:
    """Whether a row heads a Q&A table: 番号 | 質問 | 区の考え方 (or 回答)."""
    return (
        len(cells) >= 3
        and bool(_NUMBER_HEAD.fullmatch(fold(cells[0]).strip()))
        and bool(_QUESTION_HEAD.search(cells[1]))
    )


def row(cells: list[str]) -> tuple[int, str, str] | None:
    """(number, question, answer) of a numbered table row, else None; texts as written."""
    if len(cells) < 2:
        return None
    number = to_int(cells[0]) if cells[0].strip().isdigit() else None
    if number is None:
        return None
    answer = " ".join(cell.strip() for cell in cells[2:] if cell.strip())
    return number, cells[1].strip(), answer


def is_section(line: str) -> bool:
    """Whether a line heads a group of questions: 諮問事項1, 諮問事項1～3に共通."""
    return len(line) <= 40 and "。" not in line and bool(_SECTION.match(fold(line)))


def section_index(line: str, items: list[Item]) -> int | None:
    """The agenda index a question section belongs to; None when it spans several items."""
    match = _SECTION.match(fold(line))
    if match is None:
        return None
    refs = match["refs"]
    numbers = [int(n) for n in _NUMBERS.findall(refs)]
    if len(numbers) != 1 or _RANGE.search(refs):
        return None
    kind = {"諮問": CONSULTATION, "審議": CONSULTATION, "報告": REPORT}.get(match["kind"] or "")
    return nth(items, kind, numbers[0])


def question(found: tuple[int, str, str], section: str | None, index: int | None) -> QuestionRecord:
    """A question record from a parsed row and the section it stands in."""
    number, asked, answered = found
    return QuestionRecord(
        number=number, agenda_index=index, question=asked, answer=answered, section=section
    )
