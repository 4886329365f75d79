"""Who may see and change which case. Every case view goes through these functions.

Outsiders get 404 rather than 403, so a department cannot learn that another department's
case exists from its ID.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from shingikai.accounts.models import User
from shingikai.councils.models import Department
from shingikai.dossiers.models import Case, CaseStatus

# Departments edit their drafts and cases sent back to them; the secretariat may correct a
# case until the council has decided it.
DEPARTMENT_EDITABLE = (CaseStatus.DRAFT, CaseStatus.RETURNED)
SECRETARIAT_EDITABLE = (
    CaseStatus.DRAFT,
    CaseStatus.SUBMITTED,
    CaseStatus.RETURNED,
    CaseStatus.ACCEPTED,
    CaseStatus.SCHEDULED,
)
# Members never see work in progress.
NOT_FOR_MEMBERS = (CaseStatus.DRAFT, CaseStatus.RETURNED, CaseStatus.SUBMITTED)


def visible_cases(user: User) -> QuerySet[Case]:
    """The cases `user` may read."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.is_secretariat:
        return Case.objects.all()
    if user.is_department_staff:
        return Case.objects.filter(department__staff=user).distinct()
    if user.is_council_member:
        return (
            Case.objects.filter(agenda_items__meeting__term__members__user=user)
            .exclude(status__in=NOT_FOR_MEMBERS)
            .distinct()
        )
    return Case.objects.none()


def get_case(user: User, pk: int | str) -> Case:
    """The case with `pk` if `user` may read it, else 404."""
    try:
        return visible_cases(user).select_related("council", "department").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("case not found") from exc


def can_edit(user: User, case: Case) -> bool:
    if user.is_secretariat:
        return case.status in SECRETARIAT_EDITABLE
    if user.is_department_staff:
        return (
            case.status in DEPARTMENT_EDITABLE
            and user_departments(user).filter(pk=case.department_id).exists()
        )
    return False


def get_case_for_edit(user: User, pk: int | str) -> Case:
    """The case if `user` may change it: 404 when unseen, 403 when seen but locked."""
    case = get_case(user, pk)
    if not can_edit(user, case):
        raise PermissionDenied("case is not editable by this user")
    return case


def can_create(user: User) -> bool:
    return user.is_authenticated and (user.is_secretariat or user.is_department_staff)


def user_departments(user: User) -> QuerySet[Department]:
    """The departments whose cases `user` may draft."""
    if user.is_secretariat:
        return Department.objects.all()
    if user.is_department_staff:
        return Department.objects.filter(staff=user)
    return Department.objects.none()
