"""Records as the API shows them to one viewer: the public gets what the public site prints,
a token's owner what the staff pages print (the staff-only fields left null otherwise)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse

from shingikai.api import schemas as s
from shingikai.api.auth import Viewer
from shingikai.dossiers import presenters, records
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema, values
from shingikai.lib import glossary, wareki
from shingikai.meetings.models import AgendaItem, Condition, Decision, Material, Meeting
from shingikai.meetings.rules import decision_label


def wareki_date(day: dt.date | None) -> str | None:
    """令和4年6月1日; None for no date (or one before 明治, which no record should hold)."""
    if day is None:
        return None
    try:
        return wareki.format_date(day, weekday=False)
    except ValueError:
        return None


def fiscal_year_label(fy: int | None) -> str | None:
    if fy is None:
        return None
    try:
        return wareki.format_fiscal_year(fy)
    except ValueError:
        return None


# -- decisions ------------------------------------------------------------------------------


def condition(viewer: Viewer, c: Condition) -> s.Condition:
    shown = s.Condition(id=c.pk, kind=c.kind, kind_label=c.get_kind_display(), text=c.text)
    if viewer.is_public:
        return shown
    return shown.model_copy(
        update={
            "status": c.status,
            "status_label": c.get_status_display(),
            "owner": c.owner.name,
            "due_on": c.due_date,
            "due_on_wareki": wareki_date(c.due_date),
            "closed_on": c.closed_on,
            "evidence": c.evidence,
        }
    )


def _decision_fields(viewer: Viewer, x: Decision) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": x.pk,
        "outcome": x.outcome,
        "outcome_label": x.get_outcome_display(),
        "handling_type": x.handling.type if x.handling else None,
        "handling_label": x.handling.get_type_display() if x.handling else None,
        "decided_on": x.decided_on,
        "decided_on_wareki": wareki_date(x.decided_on) or "",
        "number": x.number,
        "number_label": decision_label(x),
        "fiscal_year": x.fiscal_year,
        "issued_on": x.issued_on,
        "issued_on_wareki": wareki_date(x.issued_on),
        "conditions": [condition(viewer, c) for c in x.conditions.all()],
    }
    if not viewer.is_public:
        fields.update(
            no_objection=x.no_objection,
            votes_for=x.votes_for,
            votes_against=x.votes_against,
            votes_abstain=x.votes_abstain,
            votes_present=x.votes_present,
            vote_summary=x.vote_summary,
            addressee=x.addressee,
            text=x.text,
            warning=x.warning,
        )
    return fields


def decision_core(viewer: Viewer, x: Decision) -> s.DecisionCore:
    return s.DecisionCore(**_decision_fields(viewer, x))


def case_ref(item: AgendaItem, openable: set[int]) -> s.CaseRef | None:
    if item.case is None:
        return None
    return s.CaseRef(
        id=item.case_id if item.case_id in openable else None,
        number_label=item.case.number_label,
    )


def decision(viewer: Viewer, x: Decision, openable: set[int]) -> s.Decision:
    item = x.agenda_item
    ref = s.AgendaRef(
        id=item.pk,
        order=item.order,
        title=item.title,
        meeting_id=item.meeting_id,
        meeting_label=item.meeting.label,
        meeting_date=item.meeting.date,
        meeting_date_wareki=wareki_date(item.meeting.date) or "",
        case=case_ref(item, openable),
    )
    return s.Decision(**_decision_fields(viewer, x), agenda_item=ref)


# -- meetings -------------------------------------------------------------------------------


def meeting_summary(viewer: Viewer, m: Meeting) -> s.MeetingSummary:
    return s.MeetingSummary(**_meeting_fields(viewer, m))


def _meeting_fields(viewer: Viewer, m: Meeting) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": m.pk,
        "label": m.label,
        "council": m.council.name,
        "fiscal_year": m.fiscal_year,
        "fiscal_year_label": fiscal_year_label(m.fiscal_year) or "",
        "ordinal": m.ordinal,
        "date": m.date,
        "date_wareki": wareki_date(m.date) or "",
        "format": m.format,
        "format_label": m.get_format_display(),
    }
    if not viewer.is_public:
        fields.update(status=m.status, status_label=m.get_status_display())
    return fields


def agenda_item(viewer: Viewer, item: AgendaItem, openable: set[int]) -> s.AgendaItem:
    return s.AgendaItem(
        id=item.pk,
        order=item.order,
        kind=item.kind,
        kind_label=item.get_kind_display(),
        title=item.title,
        case=case_ref(item, openable),
        is_public=item.is_public,
        closed_reason=None if viewer.is_public else item.closed_reason,
        decisions=[decision_core(viewer, x) for x in item.decisions.all()],
    )


def material(viewer: Viewer, m: Material) -> s.Material:
    url = None
    if m.file:
        name = "portal:material" if viewer.is_public else "meetings:material"
        url = reverse(name, args=[m.meeting_id, m.pk])
    return s.Material(
        id=m.pk,
        label=m.label,
        title=m.title,
        agenda_item_id=m.agenda_item_id,
        is_public=m.is_public,
        pages=m.pages,
        url=url,
    )


def meeting(
    viewer: Viewer,
    m: Meeting,
    items: Iterable[AgendaItem],
    materials: Iterable[Material],
    openable: set[int],
) -> s.Meeting:
    return s.Meeting(
        **_meeting_fields(viewer, m),
        start_time=m.start_time,
        end_time=m.end_time,
        venue=m.venue,
        agenda=[agenda_item(viewer, item, openable) for item in items],
        materials=[material(viewer, x) for x in materials],
    )


# -- cases ----------------------------------------------------------------------------------


def _case_fields(viewer: Viewer, c: Case) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "number": c.number,
        "fiscal_year": c.fiscal_year,
        "fiscal_year_label": fiscal_year_label(c.fiscal_year),
        "number_label": c.number_label,
        "title": c.title,
    }
    if viewer.is_public:
        printed = getattr(c, "public_items", [])
        if printed:
            fields["title"] = printed[0].title
        return fields
    fields.update(
        department=s.Department(
            id=c.department.pk, name=c.department.name, division=c.department.division
        ),
        status=c.status,
        status_label=c.get_status_display(),
        consulted_on=c.consulted_on,
        consulted_on_wareki=wareki_date(c.consulted_on),
    )
    return fields


def case_summary(viewer: Viewer, c: Case) -> s.CaseSummary:
    return s.CaseSummary(**_case_fields(viewer, c))


def appearance(viewer: Viewer, item: AgendaItem) -> s.CaseAppearance:
    return s.CaseAppearance(
        agenda_item_id=item.pk,
        order=item.order,
        title=item.title,
        is_public=item.is_public,
        meeting_id=item.meeting_id,
        meeting_label=item.meeting.label,
        meeting_date=item.meeting.date,
        meeting_date_wareki=wareki_date(item.meeting.date) or "",
        decisions=[decision_core(viewer, x) for x in item.decisions.all()],
    )


def case(viewer: Viewer, c: Case, items: Iterable[AgendaItem]) -> s.Case:
    return s.Case(
        **_case_fields(viewer, c),
        agenda=[appearance(viewer, item) for item in items],
        content=None if viewer.is_public else content(records.dossier_of(c)),
    )


def content(dossier: d.Dossier) -> s.CaseContent:
    """The dossier part of the case page: parties, handlings (form fields, the individuals
    concerned, items), the data flow and the safeguards."""
    return s.CaseContent(
        subtitle=dossier.subtitle,
        business=dossier.business,
        summary=dossier.summary,
        parties=[_party(p) for p in dossier.parties],
        handlings=[_handling(v) for v in presenters.handling_views(dossier)],
        flow=[_step(v) for v in presenters.step_views(dossier)],
        safeguards=[_safeguard(v) for v in presenters.safeguard_views(dossier)],
    )


def _party(p: d.Party) -> s.Party:
    return s.Party(
        key=p.key,
        name=p.name,
        display_name=p.display_name,
        kind=p.kind,
        kind_label=p.kind_label,
        undecided=p.undecided,
        parent=p.parent or None,
        selection_method=p.selection_method,
        location=p.location,
        note=p.note,
        prior_approval_required=p.prior_approval_required,
        certifications=[
            s.Certification(type=c.type, number=c.number, expires_on=c.expires_on)
            for c in p.certifications
        ],
    )


def _handling(v: presenters.HandlingView) -> s.Handling:
    h = v.handling
    fields = [
        s.FieldValue(
            number=f.number,
            name=f.name,
            label=f.label,
            value=values.display(f, h.fields.get(f.name)),
            raw=values.encode(h.fields.get(f.name)),
        )
        for f in v.spec.all_fields
    ]
    subjects = next((f.value for f in fields if f.name == schema.SUBJECTS), None)
    return s.Handling(
        position=v.position,
        type=h.type,
        type_label=v.spec.label,
        title=h.title,
        legal_basis=h.legal_basis,
        party=h.party or None,
        party_name=v.party.display_name if v.party else None,
        subjects=subjects,
        fields=fields,
        items=[
            s.Item(
                name=i.name,
                source=i.source,
                source_label=glossary.label(glossary.ITEM_SOURCES, i.source),
                necessity=i.necessity,
                free_text=i.free_text,
            )
            for i in h.items
        ],
    )


def _step(v: presenters.StepView) -> s.FlowStep:
    step = v.step
    return s.FlowStep(
        number=step.number,
        source=step.source,
        source_name=v.source,
        target=step.target,
        target_name=v.target,
        action=step.action,
        items=list(step.items),
        channel=step.channel,
        channel_label=v.channel,
        encrypted=step.encrypted,
        kept=step.kept,
        retention=step.retention,
        disposal=step.disposal,
    )


def _safeguard(v: presenters.SafeguardView) -> s.Safeguard:
    g = v.safeguard
    return s.Safeguard(
        number=v.index,
        kind=g.kind,
        kind_label=v.kind,
        clause=g.clause,
        clause_label=v.clause,
        text=g.text,
        target=v.target,
        handling=g.handling,
        party=g.party or None,
        step=g.step,
    )
