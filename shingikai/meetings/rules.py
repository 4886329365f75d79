"""Which outcomes the council's rules allow for an agenda item, and the 答申 numbering.

A handling is a consultation (諮問 → 承認 …) or a report (報告 → 了承) according to the
council rule in force on the meeting's date, so the outcomes offered follow the rule, not
the case's label alone: Shinjuku's 資料18 carries an external connection (諮問, 承認) and a
system-change outsourcing (報告, 了承) in one item.
"""

from __future__ import annotations

from django.db.models import Max

from shingikai.councils.choices import CONSULTATION_OUTCOMES, REPORT_OUTCOMES, CaseKind, Outcome
from shingikai.councils.models import CouncilRule
from shingikai.dossiers.models import Handling
from shingikai.lib import numbering, wareki
from shingikai.meetings.models import AgendaItem, Decision

OTHER_OUTCOMES = (Outcome.APPROVED, Outcome.ACKNOWLEDGED, Outcome.CONTINUED)


def handling_kind(rule: CouncilRule | None, handling: Handling, case_kind: str) -> str:
    """諮問 or 報告 for one handling; the case's own kind when the rule does not say."""
    kind = rule.kind_for(handling.type) if rule else None
    return kind or case_kind


def outcomes_for(item: AgendaItem, handling: Handling | None = None) -> tuple[str, ...]:
    """The outcomes that may be recorded for the item (or for one of its handlings)."""
    if item.case is None:
        return OTHER_OUTCOMES if item.kind == AgendaItem.Kind.OTHER else _by_kind(item.kind)
    rule = item.case.council.rule_on(item.meeting.date)
    handlings = [handling] if handling else list(item.case.handlings.all())
    kinds = {handling_kind(rule, h, item.case.kind) for h in handlings} or {item.case.kind}
    allowed: list[str] = []
    for kind in sorted(kinds):
        allowed += [o for o in _by_kind(kind) if o not in allowed]
    return tuple(allowed)


def _by_kind(kind: str) -> tuple[str, ...]:
    return REPORT_OUTCOMES if kind == CaseKind.REPORT else CONSULTATION_OUTCOMES


def next_decision_number(item: AgendaItem) -> tuple[int, int]:
    """(fiscal year, number) of the next 答申 of the item's council."""
    meeting = item.meeting
    rule = meeting.council.rule_on(meeting.date)
    fiscal_year = wareki.fiscal_year(meeting.date)
    issued = Decision.objects.filter(
        agenda_item__meeting__council=meeting.council, number__isnull=False
    ).values_list("fiscal_year", "number")
    reset = rule.numbering_reset if rule else numbering.NumberingReset.RUNNING
    return fiscal_year, numbering.next_case_number(
        [(fy or fiscal_year, n) for fy, n in issued], fiscal_year, reset
    )


def decision_label(decision: Decision) -> str:
    """答申第12号, in the council's format in force on the decision date."""
    if decision.number is None:
        return ""
    council = decision.agenda_item.meeting.council
    rule = council.rule_on(decision.issued_on or decision.decided_on)
    template = rule.decision_number_format if rule else "答申第{number}号"
    return numbering.format_number(template, decision.number, fiscal_year=decision.fiscal_year)


def highest_order(item_meeting_id: int) -> int:
    return AgendaItem.objects.filter(meeting_id=item_meeting_id).aggregate(n=Max("order"))["n"] or 0
