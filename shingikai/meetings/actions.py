"""State changes of meetings, each in one transaction with an audit event."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.choices import Outcome
from shingikai.councils.models import Council, Department, Member
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings import rules
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Condition,
    Decision,
    Meeting,
    MeetingFormat,
    MeetingQuestion,
    WrittenVote,
)


def schedule_meeting(user: User, meeting: Meeting, request: HttpRequest | None) -> Meeting:
    """Save a new meeting with the next ordinal of its fiscal year.

    Two people scheduling at once could compute the same ordinal; the unique constraint
    refuses the second, which then takes the following number.
    """
    for _attempt in range(3):
        meeting.ordinal = Meeting.next_ordinal(meeting.council, meeting.fiscal_year)
        try:
            with transaction.atomic():
                meeting.save()
                audit.record(user, AuditEvent.Action.CREATE, meeting, request=request)
                return meeting
        except IntegrityError:
            meeting.pk = None
    raise IntegrityError("could not allocate a meeting ordinal")


class Refused(Exception):
    """The step cannot be taken; the message says why, in Japanese."""


# -- agenda ---------------------------------------------------------------------------------


@transaction.atomic
def add_case_to_agenda(
    user: User,
    meeting: Meeting,
    case: Case,
    *,
    is_public: bool,
    closed_reason: str,
    request: HttpRequest | None,
) -> AgendaItem:
    """Put an accepted case on the meeting's agenda; the case is then scheduled."""
    if case.council_id != meeting.council_id:
        raise Refused("この会議の審議会の案件ではありません。")
    if case.status not in (CaseStatus.ACCEPTED, CaseStatus.SUBMITTED):
        raise Refused("受理された案件だけを議題にできます。")
    if not is_public and not closed_reason.strip():
        raise Refused("非公開とする理由を入力してください。")
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=rules.highest_order(meeting.pk) + 1,
        kind=case.kind,
        case=case,
        title=case.full_title,
        is_public=is_public,
        closed_reason=closed_reason.strip(),
    )
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.SCHEDULED, consulted_on=case.consulted_on or meeting.date
    )
    audit.record(
        user, AuditEvent.Action.CREATE, item, summary=f"議題に追加: {case}", request=request
    )
    return item


@transaction.atomic
def add_agenda_item(
    user: User,
    meeting: Meeting,
    title: str,
    kind: str,
    *,
    is_public: bool,
    closed_reason: str,
    request: HttpRequest | None,
) -> AgendaItem:
    """An item without a case: minutes to confirm, a report, an appeal heard in private."""
    if not title.strip():
        raise Refused("議題を入力してください。")
    if not is_public and not closed_reason.strip():
        raise Refused("非公開とする理由を入力してください。")
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=rules.highest_order(meeting.pk) + 1,
        kind=kind,
        title=title.strip(),
        is_public=is_public,
        closed_reason=closed_reason.strip(),
    )
    audit.record(user, AuditEvent.Action.CREATE, item, request=request)
    return item


@transaction.atomic
def move_agenda_item(user: User, item: AgendaItem, step: int, request: HttpRequest | None) -> None:
    """Swap the item with its neighbour above (-1) or below (+1)."""
    items = list(item.meeting.agenda_items.order_by("order"))
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other_index = index + step
    if not 0 <= other_index < len(items):
        return
    other = items[other_index]
    # Three moves, because (meeting, order) is unique at every step.
    a, b = item.order, other.order
    AgendaItem.objects.filter(pk=item.pk).update(order=0)
    AgendaItem.objects.filter(pk=other.pk).update(order=a)
    AgendaItem.objects.filter(pk=item.pk).update(order=b)
    audit.record(user, AuditEvent.Action.CHANGE, item, summary="議題の順序を変更", request=request)


@transaction.atomic
def remove_agenda_item(user: User, item: AgendaItem, request: HttpRequest | None) -> None:
    if item.decisions.exists():
        raise Refused("議決が記録された議題は削除できません。")
    if item.case_id:
        Case.objects.filter(pk=item.case_id, status=CaseStatus.SCHEDULED).update(
            status=CaseStatus.ACCEPTED
        )
    audit.record(user, AuditEvent.Action.DELETE, item, request=request)
    item.delete()


# -- attendance -----------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    user: User,
    meeting: Meeting,
    statuses: dict[int, str],
    observers: int | None,
    request: HttpRequest | None,
) -> None:
    """Store each member's attendance (members not in the meeting's membership refused)."""
    members = {m.pk: m for m in meeting.members()}
    unknown = set(statuses) - set(members)
    if unknown:
        raise Refused("この会議の期の委員ではない人が含まれています。")
    for member_id, status in statuses.items():
        if status:
            Attendance.objects.update_or_create(
                meeting=meeting, member=members[member_id], defaults={"status": status}
            )
        else:
            Attendance.objects.filter(meeting=meeting, member_id=member_id).delete()
    Meeting.objects.filter(pk=meeting.pk).update(observers=observers)
    audit.record(user, AuditEvent.Action.CHANGE, meeting, summary="出欠を記録", request=request)


# -- decisions ------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    user: User, item: AgendaItem, decision: Decision, request: HttpRequest | None
) -> Decision:
    """Record what the council decided. Votes beyond the members present are refused; a
    decision without quorum is recorded with a warning, as the council may still need it
    minuted."""
    quorum = item.meeting.quorum()
    cast = sum(v or 0 for v in (decision.votes_for, decision.votes_against, decision.votes_abstain))
    present = decision.votes_present if decision.votes_present is not None else quorum.attending
    if item.meeting.format != MeetingFormat.WRITTEN and cast > present:
        raise Refused(
            f"賛成・反対・棄権の合計（{cast}人）が出席委員数（{present}人）を超えています。"
        )
    if decision.outcome not in rules.outcomes_for(item, decision.handling):
        raise Refused(
            "この議題（取扱い）にはその結果を記録できません（諮問事項・報告事項の区分による）。"
        )
    decision.agenda_item = item
    if decision.votes_present is None and item.meeting.format != MeetingFormat.WRITTEN:
        decision.votes_present = quorum.attending
    if quorum.met is False:
        decision.warning = (
            f"定足数に達していない状態での議決（出席{quorum.attending}人／必要{quorum.needed}人）"
        )
    decision.save()
    if item.case_id and decision.outcome != Outcome.CONTINUED:
        Case.objects.filter(pk=item.case_id).update(status=CaseStatus.DECIDED)
    audit.record(
        user,
        AuditEvent.Action.DECIDE,
        decision,
        summary=f"{decision.get_outcome_display()}"
        + (f"（{decision.warning}）" if decision.warning else ""),
        request=request,
    )
    audit.seal(user, decision, request)
    return decision


@transaction.atomic
def issue_decision(
    user: User,
    decision: Decision,
    *,
    issued_on: dt.date,
    text: str,
    addressee: str,
    request: HttpRequest | None,
) -> Decision:
    """Number and date the 答申 (numbers follow the council's rule: running or yearly)."""
    # The council's row is the lock for its numbering (FOR UPDATE on an aggregate or an
    # empty set locks nothing), and the decision's own row guards against issuing it twice.
    Council.objects.select_for_update().get(pk=decision.agenda_item.meeting.council_id)
    stored = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.fiscal_year, decision.number = stored.fiscal_year, stored.number
    if decision.number is None:
        decision.fiscal_year, decision.number = rules.next_decision_number(decision.agenda_item)
    decision.issued_on = issued_on
    decision.text = text.strip()
    decision.addressee = addressee.strip()
    decision.save()
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        decision,
        summary=f"答申 {rules.decision_label(decision)}",
        request=request,
    )
    audit.seal(user, decision, request)
    return decision


# -- conditions -----------------------------------------------------------------------------


@transaction.atomic
def save_condition(user: User, condition: Condition, request: HttpRequest | None) -> Condition:
    if condition.status in (Condition.Status.DONE, Condition.Status.DROPPED):
        condition.closed_on = condition.closed_on or timezone.localdate()
    else:
        condition.closed_on = None
    created = condition.pk is None
    condition.save()
    audit.record(
        user,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        condition,
        request=request,
    )
    return condition


@transaction.atomic
def carry_to_meeting(
    user: User, condition: Condition, meeting: Meeting, request: HttpRequest | None
) -> AgendaItem:
    """ "Bring corrected materials to the next meeting": the condition becomes an item of
    that meeting's agenda, and is due there."""
    case = condition.decision.agenda_item.case
    label = case.number_label if case else condition.decision.agenda_item.title[:40]
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=rules.highest_order(meeting.pk) + 1,
        kind=AgendaItem.Kind.REPORT,
        case=None,
        title=f"{label}に係る条件への対応について（{condition.text[:60]}）",
    )
    condition.due_meeting = meeting
    condition.status = Condition.Status.IN_PROGRESS
    condition.save()
    audit.record(
        user, AuditEvent.Action.CREATE, item, summary="条件への対応を議題に追加", request=request
    )
    return item


# -- deliberation ---------------------------------------------------------------------------


@transaction.atomic
def save_question(
    user: User,
    question: MeetingQuestion,
    agenda_items: list[AgendaItem],
    request: HttpRequest | None,
) -> MeetingQuestion:
    if question.pk is None:
        # The meeting's row is the lock: Django drops FOR UPDATE from an aggregate, so two
        # questions sent at once would both read the same highest number.
        Meeting.objects.select_for_update().get(pk=question.meeting_id)
        last = question.meeting.questions.aggregate(n=Max("number"))["n"]
        question.number = (last or 0) + 1
    question.save()
    question.agenda_items.set(agenda_items)
    audit.record(user, AuditEvent.Action.CHANGE, question, request=request)
    return question


@transaction.atomic
def submit_written_vote(
    user: User,
    item: AgendaItem,
    member: Member,
    choice: str,
    opinion: str,
    request: HttpRequest | None,
) -> WrittenVote:
    """A member's vote and opinion in a written meeting, accepted until the decision date."""
    meeting = item.meeting
    if meeting.format != MeetingFormat.WRITTEN:
        raise Refused("書面開催の会議ではありません。")
    if timezone.localdate() > meeting.date:
        raise Refused("議決日を過ぎたため、賛否を受け付けられません。")
    if meeting.opens_on and timezone.localdate() < meeting.opens_on:
        raise Refused("審議開始日の前のため、まだ賛否を受け付けていません。")
    if member not in meeting.members():
        raise Refused("この会議の委員ではありません。")
    vote, _created = WrittenVote.objects.update_or_create(
        agenda_item=item,
        member=member,
        defaults={"choice": choice, "opinion": opinion.strip(), "submitted_at": timezone.now()},
    )
    audit.record(
        user, AuditEvent.Action.CHANGE, vote, summary="書面による賛否・意見", request=request
    )
    return vote


def non_respondents(meeting: Meeting) -> list[Member]:
    """Members who have not voted on every item of a written meeting (for a reminder)."""
    items = list(meeting.agenda_items.exclude(kind=AgendaItem.Kind.OTHER))
    voted: dict[int, set[int]] = {}
    for member_id, item_id in WrittenVote.objects.filter(agenda_item__meeting=meeting).values_list(
        "member_id", "agenda_item_id"
    ):
        voted.setdefault(member_id, set()).add(item_id)
    wanted = {i.pk for i in items}
    return [m for m in meeting.members() if not wanted <= voted.get(m.pk, set())]


@transaction.atomic
def save_meeting(user: User, meeting: Meeting, request: HttpRequest | None) -> Meeting:
    meeting.save()
    audit.record(user, AuditEvent.Action.CHANGE, meeting, request=request)
    return meeting


@transaction.atomic
def ask_question(
    user: User,
    meeting: Meeting,
    member: Member,
    text: str,
    agenda_items: list[AgendaItem],
    request: HttpRequest | None,
) -> MeetingQuestion:
    """A member's question before the meeting (or in a written meeting), until the deadline."""
    if meeting.question_deadline and timezone.localdate() > meeting.question_deadline:
        raise Refused("質問の締切日を過ぎています。事務局にご連絡ください。")
    phase = (
        MeetingQuestion.Phase.WRITTEN
        if meeting.format == MeetingFormat.WRITTEN
        else MeetingQuestion.Phase.BEFORE
    )
    question = MeetingQuestion(
        meeting=meeting,
        phase=phase,
        asked_by=member,
        text=text.strip(),
        asked_on=timezone.localdate(),
    )
    return save_question(user, question, agenda_items, request)


@transaction.atomic
def answer_question(
    user: User,
    question: MeetingQuestion,
    answer: str,
    department: Department,
    request: HttpRequest | None,
) -> MeetingQuestion:
    question.answer = answer.strip()
    question.answered_by = department
    question.answered_on = timezone.localdate()
    question.save()
    audit.record(user, AuditEvent.Action.CHANGE, question, summary="質問に回答", request=request)
    return question
