"""What is indexed: the search documents of one unit, built from the live rows.

A unit is rebuilt as a whole: a case (`case:1`: its basic data, handlings, parties, flow
steps, safeguards, attachments, precheck findings and the questions put to the department),
a meeting (`meeting:2`: agenda items, decisions, conditions, questions and answers) or a
minutes (`minutes:3`: its utterances). Texts are what the pages show, with the labels the
pages use (schema labels and `values.display` through the case page's presenters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from shingikai.dossiers import presenters, records
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure.schema import ATTACHMENT_KINDS
from shingikai.lib import glossary, wareki
from shingikai.meetings.models import AgendaItem, Decision, Meeting, MeetingQuestion
from shingikai.meetings.rules import decision_label
from shingikai.minutes.models import Minutes, Utterance
from shingikai.review.findings import Row, precheck
from shingikai.search.models import Audience, DocumentKind, SearchDocument

Docs = list[SearchDocument]


def _lines(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p not in (None, ""))


# -- cases ------------------------------------------------------------------------------------


def _case_date(case: Case) -> dt.date:
    if case.consulted_on:
        return case.consulted_on
    moment = case.submitted_at or case.created_at
    return timezone.localdate(moment)


def _common(case: Case) -> dict[str, Any]:
    """What every document of a case shares (computed once: the title reads the rules)."""
    date = _case_date(case)
    return {
        "unit": f"case:{case.pk}",
        "title": str(case)[:400],
        "url": case.get_absolute_url(),
        "date": date,
        "fiscal_year": case.fiscal_year or wareki.fiscal_year(date),
        "council_id": case.council_id,
        "case_id": case.pk,
    }


def _case_doc(common: dict[str, Any], **fields: Any) -> SearchDocument:
    return SearchDocument(**{**common, **fields})


def _summary(case: Case, common: dict[str, Any]) -> SearchDocument:
    department = f"{case.department.division} {case.department.name}".strip()
    text = _lines(
        case.number_label,
        case.title,
        case.subtitle,
        case.get_kind_display(),
        f"担当課：{department}",
        f"登録業務の名称：{case.business}" if case.business else "",
        case.summary,
    )
    return _case_doc(
        common,
        key=f"case:{case.pk}",
        kind=DocumentKind.CASE,
        object_id=case.pk,
        where="基本情報",
        text=text,
    )


def _handling_text(hv: presenters.HandlingView) -> str:
    spec = hv.spec
    heading = f"第{hv.position} {hv.handling.title or spec.heading}"
    lines = [heading] if heading.endswith(spec.label) else [heading, spec.label]
    lines += [f"根拠：{hv.handling.legal_basis}"] if hv.handling.legal_basis else []
    lines += [f"{row.label}：{row.value}" for row in hv.rows if row.value]
    if spec.party_label and hv.party:
        lines.append(f"{spec.party_label}：{hv.party.display_name}")
    for group in hv.item_groups:
        names = "、".join(
            i.name + (f"（{i.necessity}）" if i.necessity else "") for i in group.items
        )
        lines += [f"{group.label}：{names}"] if names else []
    lines += [s.text for _n, s in hv.safeguards]
    return _lines(*lines)


def _handlings(case: Case, dossier: d.Dossier, common: dict[str, Any]) -> Docs:
    pks = list(case.handlings.order_by("order", "id").values_list("pk", flat=True))
    return [
        _case_doc(
            common,
            key=f"handling:{pk}",
            kind=DocumentKind.HANDLING,
            object_id=pk,
            where=f"第{hv.position} {hv.spec.label}",
            url=f"{common['url']}#{hv.anchor}",
            text=_handling_text(hv),
            handling_type=hv.handling.type,
        )
        for pk, hv in zip(pks, presenters.handling_views(dossier), strict=False)
    ]


def _party_text(p: d.Party) -> str:
    certs = "、".join(f"{c.type} {c.number}".strip() for c in p.certifications)
    return _lines(
        p.display_name,
        p.kind_label,
        f"選定方法：{p.selection_method}" if p.selection_method else "",
        f"認証：{certs}" if certs else "",
        f"所在・取扱場所：{p.location}" if p.location else "",
        p.note,
    )


def _parties(case: Case, dossier: d.Dossier, common: dict[str, Any]) -> Docs:
    url = common["url"]
    return [
        _case_doc(
            common,
            key=f"party:{case.pk}:{p.key}",
            kind=DocumentKind.CASE,
            object_id=case.pk,
            where=f"関係者 {p.display_name}",
            url=f"{url}#party-{p.key}",
            text=_party_text(p),
        )
        for p in dossier.parties
    ]


def _step_text(v: presenters.StepView) -> str:
    s = v.step
    return _lines(
        f"{s.number} {v.source} → {v.target}",
        s.action,
        f"項目：{'、'.join(s.items)}" if s.items else "",
        f"経路・媒体：{v.channel}" if v.channel else "",
        f"送信先での保管：{s.kept}" if s.kept else "",
        f"保管期間：{s.retention}" if s.retention else "",
        f"削除・返却の方法：{s.disposal}" if s.disposal else "",
        *(g.text for g in v.safeguards),
    )


def _steps(case: Case, dossier: d.Dossier, common: dict[str, Any]) -> Docs:
    url = common["url"]
    return [
        _case_doc(
            common,
            key=f"step:{case.pk}:{v.step.number}",
            kind=DocumentKind.CASE,
            object_id=case.pk,
            where=f"個人情報の流れ {v.step.number}",
            url=f"{url}#step-{v.step.number}",
            text=_step_text(v),
        )
        for v in presenters.step_views(dossier)
    ]


def _safeguards(case: Case, dossier: d.Dossier, common: dict[str, Any]) -> Docs:
    url = common["url"]
    return [
        _case_doc(
            common,
            key=f"safeguard:{case.pk}:{v.index}",
            kind=DocumentKind.CASE,
            object_id=case.pk,
            where=f"安全管理措置 {v.index}",
            url=f"{url}#safeguard-{v.index}",
            text=_lines(v.kind, v.clause, v.target, v.safeguard.text),
        )
        for v in presenters.safeguard_views(dossier)
    ]


def _attachments(case: Case, dossier: d.Dossier, common: dict[str, Any]) -> Docs:
    if not dossier.attachments:
        return []
    names = [f"{glossary.label(ATTACHMENT_KINDS, a.kind)} {a.name}" for a in dossier.attachments]
    return [
        _case_doc(
            common,
            key=f"attachments:{case.pk}",
            kind=DocumentKind.CASE,
            object_id=case.pk,
            where="添付ファイル",
            url=f"{common['url']}#attachments",
            text=_lines(*names),
        )
    ]


def _finding_text(row: Row) -> str:
    f = row.finding
    note = row.decision.note if row.decision else ""
    return _lines(
        f"{f.severity_label} {f.concern_id}",
        f.question,  # the concern's summary is a note in English for its authors: not shown
        *f.answer,
        "該当箇所：" + "、".join(r.label for r in f.evidence) if f.evidence else "",
        note,
    )


def _findings(case: Case, common: dict[str, Any]) -> Docs:
    url = reverse("review:precheck", args=[case.pk])
    return [
        _case_doc(
            common,
            key=f"finding:{case.pk}:{row.finding.concern_id}",
            kind=DocumentKind.FINDING,
            object_id=case.pk,
            where=f"事前点検 {row.finding.theme}",
            url=f"{url}#finding-{row.finding.concern_id}",
            text=_finding_text(row),
        )
        for row in precheck(case).rows
    ]


def _case_questions(case: Case, common: dict[str, Any]) -> Docs:
    url = reverse("review:precheck", args=[case.pk])
    return [
        _case_doc(
            common,
            key=f"casequestion:{q.pk}",
            kind=DocumentKind.QUESTION,
            object_id=q.pk,
            where=f"担当課への質問 {q.number}",
            url=f"{url}#question-{q.number}",
            text=_lines(f"質問{q.number}", q.text, f"回答：{q.answer}" if q.answer else ""),
        )
        for q in case.questions.order_by("number")
    ]


def case_documents(pk: int) -> Docs:
    """Everything searchable of one case (nothing when it no longer exists)."""
    case = (
        Case.objects.select_related("council", "council__municipality", "department")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        return []
    dossier = records.dossier_of(case)
    common = _common(case)
    return [
        _summary(case, common),
        *_handlings(case, dossier, common),
        *_parties(case, dossier, common),
        *_steps(case, dossier, common),
        *_safeguards(case, dossier, common),
        *_attachments(case, dossier, common),
        *_findings(case, common),
        *_case_questions(case, common),
    ]


# -- meetings ---------------------------------------------------------------------------------


def _meeting_doc(meeting: Meeting, item: AgendaItem | None, **fields: Any) -> SearchDocument:
    return SearchDocument(
        unit=f"meeting:{meeting.pk}",
        date=meeting.date,
        fiscal_year=meeting.fiscal_year,
        council_id=meeting.council_id,
        meeting_id=meeting.pk,
        agenda_item_id=item.pk if item else None,
        case_id=item.case_id if item else None,
        **fields,
    )


def _item_heading(item: AgendaItem) -> str:
    label = item.case.number_label if item.case else ""
    return f"{label} {item.title}".strip()


def _pair(
    meeting: Meeting, item: AgendaItem, public: bool, internal: dict[str, Any], shown: str
) -> Docs:
    """The internal document and, for a public item, the public one with `shown` as text."""
    docs = [_meeting_doc(meeting, item, audience=Audience.INTERNAL, **internal)]
    if public:
        fields = {**internal, "key": f"{internal['key']}:public", "text": shown}
        docs.append(_meeting_doc(meeting, item, audience=Audience.PUBLIC, **fields))
    return docs


def _links(meeting: Meeting, item: AgendaItem) -> dict[str, str]:
    return {
        "url": f"{meeting.get_absolute_url()}#item-{item.order}",
        "public_url": reverse("portal:meeting", args=[meeting.pk]) + f"#item-{item.order}",
    }


def _agenda(meeting: Meeting, item: AgendaItem) -> Docs:
    heading = _item_heading(item)
    department = item.case.department.name if item.case else ""
    internal = {
        "key": f"agenda:{item.pk}",
        "kind": DocumentKind.AGENDA,
        "object_id": item.pk,
        "title": heading[:400],
        "where": f"{meeting.label} 議題{item.order}",
        "text": _lines(item.get_kind_display(), heading, department, item.closed_reason),
        **_links(meeting, item),
    }
    return _pair(meeting, item, item.is_public, internal, _lines(item.get_kind_display(), heading))


def _decision(meeting: Meeting, item: AgendaItem, decision: Decision) -> Docs:
    label = decision_label(decision)
    handling = decision.handling.get_type_display() if decision.handling else ""
    public = _lines(decision.get_outcome_display(), handling, label)
    internal = {
        "key": f"decision:{decision.pk}",
        "kind": DocumentKind.DECISION,
        "object_id": decision.pk,
        "title": _item_heading(item)[:400],
        "where": f"{meeting.label} 議題{item.order} 答申・議決",
        "text": _lines(public, decision.vote_summary, decision.text, decision.warning),
        "outcome": decision.outcome,
        "handling_type": decision.handling.type if decision.handling else "",
        **_links(meeting, item),
    }
    docs = _pair(meeting, item, item.is_public, internal, public)
    for condition in decision.conditions.all():
        shown = _lines(condition.get_kind_display(), condition.text)
        fields = {
            **internal,
            "key": f"condition:{condition.pk}",
            "kind": DocumentKind.CONDITION,
            "object_id": condition.pk,
            "where": f"{meeting.label} 議題{item.order} {condition.get_kind_display()}",
            "text": _lines(
                shown,
                condition.get_status_display(),
                f"対応課：{condition.owner.name}",
                condition.evidence,
            ),
        }
        docs += _pair(meeting, item, item.is_public, fields, shown)
    return docs


def _question(meeting: Meeting, question: MeetingQuestion) -> Docs:
    items = list(question.agenda_items.all())
    item = items[0] if len(items) == 1 else None
    asked = f"{question.asked_by.name}委員" if question.asked_by else ""
    answered = question.answered_by.name if question.answered_by else ""
    internal = {
        "key": f"question:{question.pk}",
        "kind": DocumentKind.QUESTION,
        "object_id": question.pk,
        "title": f"{meeting.label} {meeting.council.name}"[:400],
        "where": f"質疑 {question.number}",
        "url": f"{meeting.get_absolute_url()}#questions",
        "public_url": reverse("portal:minutes", args=[meeting.pk]),
        "phase": question.phase,
        "text": _lines(
            f"質問{question.number} {question.get_phase_display()} {question.section}".strip(),
            question.text,
            asked,
            f"回答（区の考え方）：{question.answer}" if question.answer else "",
            answered,
        ),
    }
    docs = [_meeting_doc(meeting, item, audience=Audience.INTERNAL, **internal)]
    if question.phase != MeetingQuestion.Phase.DURING:
        shown = _lines(f"質問{question.number}", question.text, question.answer)
        fields = {**internal, "key": f"question:{question.pk}:public", "text": shown}
        docs.append(_meeting_doc(meeting, item, audience=Audience.PUBLIC, **fields))
    return docs


def meeting_documents(pk: int) -> Docs:
    """Agenda items, decisions, conditions and questions of one meeting."""
    meeting = Meeting.objects.select_related("council").filter(pk=pk).first()
    if meeting is None:
        return []
    items = meeting.agenda_items.select_related(
        "case", "case__council", "case__department"
    ).prefetch_related("decisions__handling", "decisions__conditions__owner")
    docs: Docs = []
    for item in items:
        docs += _agenda(meeting, item)
        for decision in item.decisions.all():
            decision.agenda_item = item  # decision_label reads the meeting's council
            docs += _decision(meeting, item, decision)
    questions = meeting.questions.select_related("asked_by", "answered_by").prefetch_related(
        "agenda_items"
    )
    for question in questions:
        docs += _question(meeting, question)
    return docs


# -- minutes ----------------------------------------------------------------------------------


def _utterance(
    minutes: Minutes, meeting: Meeting, u: Utterance, shared: tuple[str, str, str]
) -> SearchDocument:
    title, url, public_url = shared
    item = u.agenda_item
    text = f"（{u.text}）" if u.is_direction else f"○{u.speaker}　{u.text}"
    return SearchDocument(
        unit=f"minutes:{minutes.pk}",
        key=f"utterance:{u.pk}",
        kind=DocumentKind.UTTERANCE,
        object_id=u.pk,
        audience=Audience.BOTH,
        title=title,
        where=(f"議題{item.order} {item.title}" if item else "")[:400],
        url=f"{url}#u-{u.order}",
        public_url=f"{public_url}#u-{u.order}",
        text=text,
        date=meeting.date,
        fiscal_year=meeting.fiscal_year,
        council_id=meeting.council_id,
        meeting_id=meeting.pk,
        minutes_id=minutes.pk,
        agenda_item_id=item.pk if item else None,
        case_id=item.case_id if item else None,
        role="" if u.is_direction else u.role,
    )


def minutes_documents(pk: int) -> Docs:
    """The utterances of one minutes' current revision."""
    minutes = Minutes.objects.select_related("meeting", "meeting__council").filter(pk=pk).first()
    if minutes is None:
        return []
    meeting = minutes.meeting
    # the same title and pages for every utterance (computed once: a minutes has hundreds)
    shared = (
        f"{meeting.label} {meeting.council.name} 会議録"[:400],
        reverse("minutes:detail", args=[meeting.pk]),
        reverse("portal:minutes", args=[meeting.pk]),
    )
    utterances = minutes.utterances.select_related("agenda_item").order_by("order")
    return [_utterance(minutes, meeting, u, shared) for u in utterances]


BUILDERS: dict[str, Callable[[int], Docs]] = {
    "case": case_documents,
    "meeting": meeting_documents,
    "minutes": minutes_documents,
}


def all_units() -> Iterable[str]:
    """Every unit there is, cases first."""
    yield from (f"case:{pk}" for pk in Case.objects.order_by("pk").values_list("pk", flat=True))
    yield from (
        f"meeting:{pk}" for pk in Meeting.objects.order_by("pk").values_list("pk", flat=True)
    )
    yield from (
        f"minutes:{pk}" for pk in Minutes.objects.order_by("pk").values_list("pk", flat=True)
    )
