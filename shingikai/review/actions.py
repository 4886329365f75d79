"""State changes of the precheck: sending a finding to the department as a question,
resolving or dismissing it, and the department's answer. One transaction and one audit
event each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.dossiers.models import Case
from shingikai.review.engine import Finding
from shingikai.review.models import FindingDecision, Question


def _question_text(finding: Finding) -> str:
    places = "、".join(ref.label for ref in finding.evidence[:5])
    return f"{finding.question}\n（該当箇所：{places}）" if places else finding.question


@transaction.atomic
def send(user: User, case: Case, finding: Finding, request: HttpRequest | None) -> Question:
    """Turn a finding into a numbered question the department answers."""
    # The case's row is the lock: Django drops FOR UPDATE from an aggregate.
    Case.objects.select_for_update().get(pk=case.pk)
    last = case.questions.aggregate(n=Max("number"))["n"] or 0
    question = Question.objects.create(
        case=case,
        number=last + 1,
        text=_question_text(finding),
        concern_id=finding.concern_id,
        asked_by=user,
    )
    FindingDecision.objects.update_or_create(
        case=case,
        concern_id=finding.concern_id,
        defaults={
            "status": FindingDecision.Status.SENT,
            "question": question,
            "note": "",
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        user,
        AuditEvent.Action.CREATE,
        question,
        summary=f"論点{finding.concern_id}を担当課へ送付",
        request=request,
    )
    return question


@transaction.atomic
def decide(
    user: User, case: Case, concern_id: str, status: str, note: str, request: HttpRequest | None
) -> FindingDecision:
    """Mark a finding resolved (with the answer) or dismissed (with the reason)."""
    decision, _created = FindingDecision.objects.update_or_create(
        case=case,
        concern_id=concern_id,
        defaults={"status": status, "note": note, "decided_by": user, "decided_at": timezone.now()},
    )
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        decision,
        summary=f"論点{concern_id}: {decision.get_status_display()}",
        request=request,
    )
    return decision


@transaction.atomic
def reopen(user: User, case: Case, concern_id: str, request: HttpRequest | None) -> None:
    FindingDecision.objects.filter(case=case, concern_id=concern_id).delete()
    audit.record(
        user,
        AuditEvent.Action.DELETE,
        case,
        summary=f"論点{concern_id}を未処理に戻す",
        request=request,
    )


@transaction.atomic
def answer(user: User, question: Question, text: str, request: HttpRequest | None) -> Question:
    question.answer = text
    question.answered_by = user
    question.answered_at = timezone.now()
    question.status = Question.Status.ANSWERED
    question.save()
    audit.record(user, AuditEvent.Action.CHANGE, question, summary="質問に回答", request=request)
    return question
