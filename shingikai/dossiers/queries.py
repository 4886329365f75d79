"""Read-side helpers for case lists: filtering by the list's form."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shingikai.dossiers.models import OPEN_STATUSES, Case
from shingikai.lib import jpnum, numbering, textnorm

# ASCII letters and digits to their full-width forms (A → Ａ, 1 → １).
_TO_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F) if chr(code).isalnum()}


def _spellings(word: str) -> list[str]:
    """The normalised word (ＵＳＢ → USB), and its letters and digits in full width in both
    cases, since stored text is not normalised and may hold ＵＳＢ; LIKE on SQLite folds
    the case of ASCII letters only."""
    wide = word.translate(_TO_FULLWIDTH)
    return list(dict.fromkeys([word, wide, wide.upper(), wide.lower()]))


def _keyword_filter(q: str) -> Q:
    """Match each space-separated word in the title, project name, business or summary;
    a number or a label like 諮問第999号 matches the case number."""
    condition = Q()
    for word in textnorm.normalize(q).split():
        label = numbering.parse_number_label(word)
        number: int | None = label[1] if label else None
        if number is None:
            try:
                number = jpnum.parse_number(word)
            except ValueError:
                number = None
        term = Q()
        for spelling in _spellings(word):
            term |= (
                Q(title__icontains=spelling)
                | Q(subtitle__icontains=spelling)
                | Q(business__icontains=spelling)
                | Q(summary__icontains=spelling)
            )
        if number is not None:
            term |= Q(number=number)
        condition &= term
    return condition


def filter_cases(cases: QuerySet[Case], data: dict[str, Any]) -> QuerySet[Case]:
    """Apply the cleaned data of CaseFilterForm."""
    if data.get("q"):
        cases = cases.filter(_keyword_filter(data["q"]))
    status = data.get("status")
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if data.get("kind"):
        cases = cases.filter(kind=data["kind"])
    if data.get("handling"):
        cases = cases.filter(handlings__type=data["handling"]).distinct()
    if data.get("department"):
        cases = cases.filter(department=data["department"])
    if data.get("council"):
        cases = cases.filter(council=data["council"])
    if data.get("fiscal_year"):
        cases = cases.filter(fiscal_year=data["fiscal_year"])
    return cases
