"""State changes of cases. Each runs in one transaction and writes an audit event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus, Handling, Revision
from shingikai.dossiers.structure import casefile, schema
from shingikai.dossiers.structure.dossier import Dossier
from shingikai.lib import numbering, wareki

CASE_FIELDS = ("council", "kind", "title", "subtitle", "business", "department", "summary")


class StaleEdit(Exception):
    """Someone else saved the case after this editor loaded it."""


class InvalidTransition(Exception):
    """The case is not in a state that allows this step."""


def _set_handlings(case: Case, types: Sequence[str]) -> None:
    """Make the case's handlings match `types` (in that order).

    Handlings of a type still chosen are kept with everything entered on them, several of
    one type included (諮問第999号 has two external connections); dropped types are removed.
    """
    kept: list[Handling] = []
    for handling in case.handlings.order_by("order", "id"):
        if handling.type in types:
            kept.append(handling)
        else:
            handling.delete()
    present = {h.type for h in kept}
    kept += [Handling(case=case, type=t) for t in types if t not in present]
    kept.sort(key=lambda h: types.index(h.type))
    for order, handling in enumerate(kept, start=1):
        handling.order = order
        handling.save()


@transaction.atomic
def create_case(
    user: User, data: dict[str, Any], handling_types: Sequence[str], request: HttpRequest | None
) -> Case:
    case = Case(created_by=user, status=CaseStatus.DRAFT)
    for field in CASE_FIELDS:
        setattr(case, field, data[field])
    case.save()
    _set_handlings(case, handling_types)
    audit.record(user, AuditEvent.Action.CREATE, case, request=request)
    return case


@transaction.atomic
def update_case(
    user: User,
    case: Case,
    data: dict[str, Any],
    handling_types: Sequence[str],
    expected_version: int,
    request: HttpRequest | None,
) -> Case:
    """Save an edit unless someone saved in between (then StaleEdit, nothing written)."""
    bumped = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if bumped != 1:
        raise StaleEdit
    # Compare with the stored row: a ModelForm has already copied the new values onto `case`.
    stored = Case.objects.get(pk=case.pk)
    changes = {
        field: [str(getattr(stored, field)), str(data[field])]
        for field in CASE_FIELDS
        if getattr(stored, field) != data[field]
    }
    for field in CASE_FIELDS:
        setattr(case, field, data[field])
    case.version = expected_version + 1
    case.save()
    before = list(dict.fromkeys(case.handling_types()))
    _set_handlings(case, handling_types)
    if before != list(handling_types):
        changes["handlings"] = [before, list(handling_types)]
    audit.record(user, AuditEvent.Action.CHANGE, case, changes=changes, request=request)
    return case


def _transition(case: Case, allowed: Sequence[str], target: str, **extra: Any) -> None:
    """Move the case to `target` only if its stored status is still one of `allowed`."""
    updated = Case.objects.filter(pk=case.pk, status__in=allowed).update(
        status=target, version=F("version") + 1, updated_at=timezone.now(), **extra
    )
    if updated != 1:
        raise InvalidTransition
    case.refresh_from_db()


class IncompleteCase(Exception):
    """The case cannot be submitted yet; `problems` says why (in Japanese)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def submission_problems(case: Case) -> list[str]:
    """What stops a case from being submitted: no handling, or a dossier that fails the
    case-file rules (the same rules an import applies)."""
    dossier = records.dossier_of(case)
    problems = [] if dossier.handlings else [_("取扱いが一つも登録されていません。")]
    problems += [str(p) for p in casefile.check(dossier, records.catalogue())]
    problems += [_describe(dossier, p) for p in casefile.incomplete(dossier)]
    return problems


def _describe(dossier: Dossier, problem: casefile.Problem) -> str:
    """「第1 外部委託：委託の件名が未記入です。」 for a required-field problem."""
    position = int(problem.path.split("[", 1)[1].split("]", 1)[0])
    label = schema.SPECS[dossier.handlings[position - 1].type].label
    return f"第{position} {label}：{problem.message}"


def snapshot(case: Case) -> dict[str, Any]:
    """The dossier as JSON-safe case-file data, as a revision keeps it."""
    result: dict[str, Any] = json.loads(casefile.dump_json(records.dossier_of(case)))
    return result


@transaction.atomic
def submit_case(user: User, case: Case, request: HttpRequest | None) -> Case:
    """The department sends its draft (or corrected case) to the secretariat; the dossier
    as sent is kept as a numbered revision."""
    submittable = (CaseStatus.DRAFT, CaseStatus.RETURNED)
    if case.status not in submittable:
        raise InvalidTransition
    problems = submission_problems(case)
    if problems:
        raise IncompleteCase(problems)
    _transition(case, submittable, CaseStatus.SUBMITTED, submitted_at=timezone.now())
    data = snapshot(case)
    previous = case.revisions.count()
    revision = Revision.objects.create(
        case=case,
        number=previous + 1,
        kind=Revision.Kind.RESUBMITTED if previous else Revision.Kind.SUBMITTED,
        snapshot=data,
        sha256=canonical_hash(data),
        created_by=user,
    )
    audit.record(user, AuditEvent.Action.SUBMIT, case, summary=str(revision), request=request)
    audit.seal(user, revision, request)
    return case


def canonical_hash(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
@transaction.atomic
def save_dossier(
    user: User,
    case: Case,
    dossier: Dossier,
    request: HttpRequest | None,
    summary: str,
    expected_version: int | None = None,
) -> Case:
    """Write an edited dossier (checked by the caller with casefile.check) and bump the
    case's version. With `expected_version` (the version the editor's page showed), a save
    made by someone else in between raises StaleEdit and nothing is written."""
    cases = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        cases = cases.filter(version=expected_version)
    # The bump comes first: it takes the row's write lock, so no save can slip in between.
    if cases.update(version=F("version") + 1) != 1:
        raise StaleEdit
    case.version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    records.write_dossier(case, dossier)
    case.refresh_from_db()
    audit.record(user, AuditEvent.Action.CHANGE, case, summary=summary, request=request)
    return case


@transaction.atomic
def return_case(user: User, case: Case, reason: str, request: HttpRequest | None) -> Case:
    """The secretariat sends a submitted case back for correction."""
    _transition(case, (CaseStatus.SUBMITTED,), CaseStatus.RETURNED)
    audit.record(
        user, AuditEvent.Action.CHANGE, case, summary=_("差戻し: %s") % reason, request=request
    )
    return case


@transaction.atomic
def accept_case(user: User, case: Case, request: HttpRequest | None) -> Case:
    """The secretariat accepts a submitted case and gives it the council's next number."""
    today = timezone.localdate()
    fiscal_year = wareki.fiscal_year(today)
    rule = case.council.rule_on(today)
    reset = rule.numbering_reset if rule else numbering.NumberingReset.RUNNING
    issued = (
        Case.objects.select_for_update()
        .filter(council=case.council, kind=case.kind, number__isnull=False)
        .values_list("fiscal_year", "number")
    )
    number = numbering.next_case_number(list(issued), fiscal_year, reset)
    _transition(
        case,
        (CaseStatus.SUBMITTED,),
        CaseStatus.ACCEPTED,
        number=number,
        fiscal_year=fiscal_year,
        consulted_on=today,
    )
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        case,
        summary=_("受理 %s") % case.number_label,
        request=request,
    )
    return case
