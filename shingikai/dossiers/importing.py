"""Loading case files into the database and writing them out (`shingikai case …`).

An import either loads the whole file or nothing: every problem is collected first (the
file's own, then what the database says: unknown council or department, a number already
used by a case that can no longer change), and only a clean file is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.models import Council, Department
from shingikai.dossiers import records
from shingikai.dossiers.access import SECRETARIAT_EDITABLE
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure.casefile import CaseFileError, Problem
from shingikai.dossiers.structure.dossier import Dossier
from shingikai.lib import limits


@dataclass(frozen=True)
class Imported:
    case: Case
    created: bool


def _resolve(dossier: Dossier) -> tuple[Council | None, Department | None, list[Problem]]:
    problems = []
    councils = Council.objects.filter(name=dossier.council)
    if dossier.municipality:
        councils = councils.filter(municipality__name=dossier.municipality)
    council = councils.select_related("municipality").first()
    if council is None:
        problems.append(
            Problem("council", f"「{dossier.council}」という審議会は登録されていません。")
        )
        return None, None, problems
    department = Department.objects.filter(
        municipality=council.municipality,
        name=dossier.department_name,
        division=dossier.department_division,
    ).first()
    if department is None:
        name = f"{dossier.department_division}{dossier.department_name}"
        problems.append(Problem("department", f"「{name}」という担当課は登録されていません。"))
    return council, department, problems


def _existing(council: Council, dossier: Dossier) -> tuple[Case | None, list[Problem]]:
    if dossier.number is None:
        return None, []
    case = Case.objects.filter(
        council=council, kind=dossier.kind, number=dossier.number, fiscal_year=dossier.fiscal_year
    ).first()
    if case is not None and case.status not in SECRETARIAT_EDITABLE:
        return None, [Problem("number", f"{case.number_label}は審議済みのため上書きできません。")]
    return case, []


def import_dossier(
    user: User | None, dossier: Dossier, *, status: str = CaseStatus.DRAFT
) -> Imported:
    """Create the case (or replace the content of the open case with the same number)."""
    council, department, problems = _resolve(dossier)
    case, more = _existing(council, dossier) if council else (None, [])
    if problems or more:
        raise CaseFileError(problems + more)
    assert council is not None and department is not None
    with transaction.atomic():
        created = case is None
        if case is None:
            case = Case(
                council=council,
                created_by=user,
                status=status,
                number=dossier.number,
                fiscal_year=dossier.fiscal_year,
            )
        case.department = department
        records.write_dossier(case, dossier)
        action = AuditEvent.Action.IMPORT
        audit.record(user, action, case, summary=f"案件ファイルから取込: {case}")
    return Imported(case=case, created=created)


def parse_bytes(data: bytes) -> Dossier:
    """Parse and validate against the catalogue; CaseFileError lists every problem.

    The file is untrusted, so it is parsed in a child process with a time and memory limit
    (`lib.limits`): a file that would take too long or too much memory is one problem.
    """
    try:
        return limits.run(_parse, data, records.catalogue())
    except limits.LimitExceeded as exc:
        raise CaseFileError([Problem("", str(exc))]) from None


def _parse(data: bytes, catalogue: dict[str, str]) -> Dossier:
    return casefile.parse(casefile.load_bytes(data), catalogue)


def import_bytes(user: User | None, data: bytes) -> Imported:
    """Parse, validate against the catalogue, and import; CaseFileError lists every problem."""
    return import_dossier(user, parse_bytes(data))
