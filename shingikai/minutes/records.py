"""Reading a meeting from the database into the plain records (`facts`) that `compose`
works on."""

from __future__ import annotations

from django.db.models import Prefetch

from shingikai.accounts.models import Role
from shingikai.councils.models import Department
from shingikai.lib import frozen, glossary
from shingikai.meetings.models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingQuestion,
    MeetingStatus,
)
from shingikai.minutes import facts
from shingikai.minutes.models import Minutes
from shingikai.minutes.text import DEFAULT_SECRETARIAT


def secretariat_departments(meeting: Meeting) -> list[Department]:
    """The secretariat's divisions: those of the municipality with secretariat staff, else
    one named like a usual secretariat (区政情報課)."""
    departments = Department.objects.filter(municipality=meeting.council.municipality_id)
    staffed = list(departments.filter(staff__role=Role.SECRETARIAT).distinct())
    return staffed or list(departments.filter(name__in=DEFAULT_SECRETARIAT))


def secretariat_labels(meeting: Meeting) -> tuple[str, ...]:
    """Labels that mark the secretariat when reading the text (事務局, 区政情報課, …)."""
    return (*DEFAULT_SECRETARIAT, *(d.name for d in secretariat_departments(meeting)))


def _decision(decision: Decision) -> facts.DecisionRecord:
    subject = ""
    if decision.handling_id:
        subject = glossary.label(glossary.HANDLING_TYPES, decision.handling.type)
    return facts.DecisionRecord(
        outcome=decision.outcome,
        subject=subject,
        no_objection=decision.no_objection,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
        votes_abstain=decision.votes_abstain,
        votes_present=decision.votes_present,
        conditions=tuple(
            facts.ConditionRecord(c.get_kind_display(), c.text) for c in decision.conditions.all()
        ),
    )


def _item(item: AgendaItem) -> facts.ItemRecord:
    case = item.case
    return facts.ItemRecord(
        order=item.order,
        kind=item.kind,
        title=item.title,
        label=case.number_label if case else "",
        department=case.department.name if case else "",
        is_public=item.is_public,
        closed_reason=item.closed_reason,
        decisions=tuple(_decision(d) for d in item.decisions.all()),
        votes=tuple(
            facts.VoteRecord(v.member.name, v.choice, v.opinion) for v in item.written_votes.all()
        ),
    )


def _question(question: MeetingQuestion) -> facts.QuestionRecord:
    return facts.QuestionRecord(
        number=question.number,
        phase=question.phase,
        text=question.text,
        answer=question.answer,
        section=question.section,
        items=tuple(sorted(i.order for i in question.agenda_items.all())),
        asked_by=question.asked_by.name if question.asked_by else "",
        answered_by=question.answered_by.name if question.answered_by else "",
    )


def _members(meeting: Meeting) -> tuple[facts.MemberRecord, ...]:
    statuses = {a.member_id: a for a in meeting.attendances.select_related("member")}
    members = list(meeting.members())
    rows = [
        facts.MemberRecord(m.name, statuses[m.pk].status if m.pk in statuses else "", m.role)
        for m in members
    ]
    listed = {m.pk for m in members}
    rows += [
        facts.MemberRecord(a.member.name, a.status, a.member.role)
        for a in statuses.values()
        if a.member_id not in listed
    ]
    return tuple(rows)


def next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(council=meeting.council_id, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "ordinal")
        .first()
    )


def meeting_record(meeting: Meeting) -> facts.MeetingRecord:
    """Everything the draft needs, read in a fixed number of queries."""
    items = list(
        meeting.agenda_items.select_related("case__department", "case__council")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("handling")
                .prefetch_related("conditions")
                .order_by("id"),
            ),
            "written_votes__member",
        )
        .order_by("order")
    )
    questions = list(
        meeting.questions.select_related("asked_by", "answered_by").prefetch_related("agenda_items")
    )
    departments = [str(i.case.department) for i in items if i.case]
    departments += [str(q.answered_by) for q in questions if q.answered_by]
    secretariat = secretariat_departments(meeting)
    own = {str(d) for d in secretariat}
    departments = [d for d in dict.fromkeys(departments) if d not in own]
    members = _members(meeting)
    rule = meeting.council.rule_on(meeting.date)
    following = next_meeting(meeting)
    return facts.MeetingRecord(
        council=meeting.council.name,
        fiscal_year=meeting.fiscal_year,
        ordinal=meeting.ordinal,
        date=meeting.date,
        format=meeting.format,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        venue=meeting.venue,
        opens_on=meeting.opens_on,
        observers=meeting.observers,
        members=members,
        quorum_needed=rule.quorum_needed(len(members)) if rule and members else None,
        items=tuple(_item(i) for i in items),
        materials=tuple(
            facts.MaterialRecord(
                m.label,
                m.title,
                m.is_public and (m.agenda_item is None or m.agenda_item.is_public),
                m.agenda_item.order if m.agenda_item else None,
            )
            for m in meeting.materials.select_related("agenda_item")
        ),
        questions=tuple(_question(q) for q in questions),
        departments=tuple(departments),
        secretariat=tuple(str(d) for d in secretariat),
        secretariat_divisions=tuple(d.name for d in secretariat),
        next_meeting=(
            facts.NextMeeting(following.date, following.start_time, following.venue)
            if following
            else None
        ),
    )


def record_for(minutes: Minutes) -> facts.MeetingRecord:
    """The record behind the minutes: frozen at approval, else read from the meeting now."""
    if minutes.record:
        return frozen.from_json(facts.MeetingRecord, minutes.record)
    return meeting_record(minutes.meeting)
