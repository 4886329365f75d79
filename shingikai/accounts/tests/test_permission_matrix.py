"""The permission matrix of docs/security.md, tested cell by cell on the demo data.

Every row names a URL, the record it is opened on and the method; every column is a persona.
Each cell is one request made inside a savepoint that is rolled back, so a POST in one cell
changes nothing for the next. The table in docs/security.md must equal ROWS (a test checks),
and every URL of the project must appear in it (another test checks), so a new page cannot
arrive without a decision about who may open it.

Cells: ✓ the page answers (a form, a download, or a redirect after the action); ✗ refused
(403, or 404 so that the record's existence is not revealed); → sent to sign in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shingikai.accounts.models import Role, User
from shingikai.councils.models import Department
from shingikai.dossiers import records
from shingikai.dossiers.models import Attachment, Case, CaseStatus
from shingikai.meetings.models import (
    AgendaItem,
    Condition,
    Decision,
    Material,
    Meeting,
    MeetingFormat,
    MeetingQuestion,
)
from shingikai.minutes.models import Minutes
from shingikai.reports.models import AnnualStatistics, Incident, PersonalInfoFile
from shingikai.review.findings import precheck
from shingikai.review.models import Question

DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"

PERSONAS = ("事務局", "担当課", "他課", "委員", "任期外委員", "公開")
PASSWORD = "matrix-pass-1234"


@dataclass(frozen=True)
class Row:
    url: str  # the URL name
    on: str  # which record (a key of Records.args)
    method: str
    cells: str  # one mark per persona, space separated
    note: str = ""

    @property
    def marks(self) -> tuple[str, ...]:
        return tuple(self.cells.split())


ALL_STAFF = "✓ ✓ ✓ ✓ ✓ →"
SECRETARIAT = "✓ ✗ ✗ ✗ ✗ →"
OWN_DRAFT = "✓ ✓ ✗ ✗ ✗ →"
PUBLIC = "✓ ✓ ✓ ✓ ✓ ✓"
NOBODY = "✗ ✗ ✗ ✗ ✗ ✗"

ROWS: tuple[Row, ...] = (
    # -- home and accounts
    Row("dashboard", "-", "GET", ALL_STAFF),
    Row("accounts:login", "-", "GET", PUBLIC),
    Row("accounts:code", "-", "GET", "→ → → → → →", "only after a password: else back to sign in"),
    Row("accounts:cancel_code", "-", "POST", "→ → → → → →", "back to sign in"),
    Row("accounts:logout", "-", "POST", "→ → → → → →", "signed out, back to sign in"),
    Row("accounts:two_factor", "-", "GET", "✓ ✗ ✗ ✓ ✓ →", "secretariat and members"),
    Row("accounts:audit", "-", "GET", SECRETARIAT),
    # -- cases
    Row("dossiers:list", "-", "GET", ALL_STAFF, "each sees the cases they may read"),
    Row("dossiers:create", "-", "GET", "✓ ✓ ✓ ✗ ✗ →"),
    Row("dossiers:detail", "draft", "GET", OWN_DRAFT),
    Row("dossiers:detail", "decided", "GET", "✓ ✓ ✗ ✓ ✗ →"),
    Row("dossiers:edit", "draft", "GET", OWN_DRAFT),
    Row("dossiers:edit", "decided", "GET", "✗ ✗ ✗ ✗ ✗ →", "decided cases are locked"),
    Row("dossiers:submit", "draft", "POST", OWN_DRAFT),
    Row("dossiers:accept", "draft", "POST", SECRETARIAT),
    Row("dossiers:return", "draft", "POST", SECRETARIAT),
    Row("dossiers:dossier", "draft", "GET", OWN_DRAFT),
    Row("dossiers:casefile", "draft", "GET", OWN_DRAFT),
    Row("dossiers:casefile", "decided", "GET", "✓ ✓ ✗ ✓ ✗ →"),
    Row("dossiers:revisions", "draft", "GET", OWN_DRAFT),
    Row("dossiers:attachment_upload", "draft", "POST", OWN_DRAFT),
    Row("dossiers:attachment", "attachment", "GET", OWN_DRAFT),
    Row("dossiers:attachment_delete", "attachment", "POST", OWN_DRAFT),
    Row("dossiers:handling_add", "draft", "POST", OWN_DRAFT),
    Row("dossiers:handling_edit", "handling", "GET", OWN_DRAFT),
    Row("dossiers:handling_delete", "handling", "POST", OWN_DRAFT),
    Row("dossiers:party_new", "draft", "GET", OWN_DRAFT),
    Row("dossiers:party_edit", "party", "GET", OWN_DRAFT),
    Row("dossiers:party_delete", "party", "POST", OWN_DRAFT),
    Row("dossiers:step_new", "draft", "GET", OWN_DRAFT),
    Row("dossiers:step_edit", "step", "GET", OWN_DRAFT),
    Row("dossiers:step_delete", "step", "POST", OWN_DRAFT),
    Row("dossiers:safeguard_new", "draft", "GET", OWN_DRAFT),
    Row("dossiers:safeguard_edit", "safeguard", "GET", OWN_DRAFT),
    Row("dossiers:safeguard_delete", "safeguard", "POST", OWN_DRAFT),
    # -- case documents and precheck
    Row("documents:case_docx", "draft", "GET", OWN_DRAFT),
    Row("documents:case_pdf", "decided", "GET", "✓ ✓ ✗ ✓ ✗ →"),
    Row("documents:review_sheet_docx", "draft", "GET", OWN_DRAFT),
    Row("documents:review_sheet_pdf", "decided", "GET", "✓ ✓ ✗ ✓ ✗ →"),
    Row("documents:decision_docx", "decision", "GET", "✓ ✓ ✓ ✓ ✗ →", "a public item's 答申"),
    Row("documents:decision_pdf", "decision", "GET", "✓ ✓ ✓ ✓ ✗ →", "a public item's 答申"),
    Row("review:precheck", "draft", "GET", OWN_DRAFT),
    Row("review:finding", "finding", "POST", SECRETARIAT),
    Row("review:answer", "case_question", "POST", "✗ ✓ ✗ ✗ ✗ →", "the department answers"),
    Row("review:pia", "pia_handling", "GET", "✓ ✗ ✗ ✓ ✗ →", "another department's scheduled case"),
    # -- meetings
    Row("meetings:list", "-", "GET", ALL_STAFF, "each sees the meetings they may read"),
    Row("meetings:create", "-", "GET", SECRETARIAT),
    Row("meetings:detail", "meeting", "GET", "✓ ✓ ✓ ✓ ✗ →"),
    Row("meetings:detail", "closed_meeting", "GET", "✓ ✗ ✓ ✓ ✗ →"),
    Row("meetings:material", "material", "GET", "✓ ✓ ✓ ✓ ✗ →"),
    Row("meetings:material", "closed_material", "GET", "✓ ✗ ✗ ✓ ✗ →", "another department's"),
    Row("documents:packet", "meeting", "GET", "✓ ✗ ✗ ✓ ✗ →", "the members' packet"),
    Row("meetings:edit", "meeting", "GET", SECRETARIAT),
    Row("meetings:agenda_add_case", "meeting", "POST", SECRETARIAT),
    Row("meetings:agenda_add_item", "meeting", "POST", SECRETARIAT),
    Row("meetings:agenda_move", "agenda_move", "POST", SECRETARIAT),
    Row("meetings:agenda_remove", "agenda_item", "POST", SECRETARIAT),
    Row("meetings:attendance", "meeting", "GET", SECRETARIAT),
    Row("meetings:question_new", "meeting", "GET", SECRETARIAT),
    Row("meetings:question_edit", "meeting_question", "GET", SECRETARIAT),
    Row("meetings:question_ask", "next_meeting", "POST", "✗ ✗ ✗ ✓ ✗ →", "members"),
    Row("meetings:question_answer", "meeting_question", "POST", "✗ ✓ ✗ ✗ ✗ →", "its department"),
    Row("meetings:decide", "agenda_item", "GET", SECRETARIAT),
    Row("meetings:vote", "written_item", "POST", "✗ ✗ ✗ ✓ ✗ →", "members"),
    Row("meetings:issue", "decision", "POST", SECRETARIAT),
    Row("meetings:condition_new", "decision", "GET", SECRETARIAT),
    Row("meetings:condition_edit", "condition", "GET", SECRETARIAT),
    Row("meetings:condition_carry", "condition", "POST", SECRETARIAT),
    Row("meetings:material_upload", "meeting", "GET", SECRETARIAT),
    Row("meetings:material_delete", "material", "POST", SECRETARIAT),
    # -- minutes
    Row("minutes:detail", "meeting", "GET", "✓ ✓ ✓ ✓ ✗ →"),
    Row("minutes:detail", "closed_meeting", "GET", "✓ ✗ ✓ ✓ ✗ →", "a draft shows as not yet made"),
    Row("minutes:docx", "meeting", "GET", "✓ ✓ ✓ ✓ ✗ →"),
    Row("minutes:pdf", "closed_meeting", "GET", "✓ ✗ ✗ ✗ ✗ →", "a draft: secretariat only"),
    Row("minutes:html", "meeting", "GET", "✓ ✓ ✓ ✓ ✗ →"),
    Row("minutes:generate", "next_meeting", "POST", SECRETARIAT),
    Row("minutes:edit", "closed_meeting", "GET", SECRETARIAT),
    Row("minutes:circulate", "closed_meeting", "POST", SECRETARIAT),
    Row("minutes:confirm", "closed_meeting", "POST", "✗ ✗ ✗ ✓ ✗ →", "members who attended"),
    Row("minutes:approve", "closed_meeting", "POST", SECRETARIAT),
    # -- search and ingestion
    Row("search:search", "-", "GET", ALL_STAFF, "results follow the reader's rights"),
    Row("search:precedents", "draft", "GET", OWN_DRAFT, "as the case page"),
    Row("search:precedents", "decided", "GET", "✓ ✓ ✗ ✓ ✗ →", "as the case page"),
    Row("ingest:upload", "-", "GET", SECRETARIAT),
    # -- incidents, statistics and the file register
    Row("reports:index", "-", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:incidents", "-", "GET", "✓ ✓ ✓ ✓ ✓ →", "each sees the incidents they may read"),
    Row("reports:incident_create", "-", "GET", SECRETARIAT),
    Row("reports:incident", "incident", "GET", "✓ ✓ ✗ ✗ ✗ →", "its department"),
    Row("reports:incident", "agenda_incident", "GET", "✓ ✗ ✗ ✓ ✗ →", "on a meeting's agenda"),
    Row("reports:incident_edit", "incident", "GET", SECRETARIAT),
    Row("reports:incident_reports", "incident", "POST", SECRETARIAT),
    Row("reports:incident_agenda", "incident", "POST", SECRETARIAT),
    Row("reports:incident_pia", "incident", "POST", SECRETARIAT),
    Row("reports:statistics", "-", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:statistics_create", "-", "GET", SECRETARIAT),
    Row("reports:statistics_edit", "statistics", "GET", SECRETARIAT),
    Row("reports:statistics_import", "-", "GET", SECRETARIAT),
    Row("reports:statistics_template", "-", "GET", "✓ ✓ ✓ ✓ ✓ →", "an empty form"),
    Row("reports:statistics_report", "statistics_year", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:statistics_docx", "statistics_year", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:statistics_pdf", "statistics_year", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:statistics_csv", "municipality", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:files", "-", "GET", "✓ ✓ ✓ ✓ ✓ →", "each sees the files they may read"),
    Row("reports:file_create", "-", "GET", SECRETARIAT),
    Row("reports:files_csv", "-", "GET", "✓ ✓ ✓ ✓ ✓ →"),
    Row("reports:register_settings", "municipality", "GET", SECRETARIAT),
    Row("reports:file", "unpublished_file", "GET", "✓ ✗ ✗ ✓ ✓ →", "not published"),
    Row("reports:file_edit", "unpublished_file", "GET", SECRETARIAT),
    # -- the public site
    Row("portal:index", "-", "GET", PUBLIC),
    Row("portal:cases", "-", "GET", PUBLIC),
    Row("portal:lookup", "-", "GET", PUBLIC),
    Row("portal:search", "-", "GET", PUBLIC),
    Row("portal:feed", "-", "GET", PUBLIC),
    Row("portal:meeting", "meeting", "GET", PUBLIC),
    Row("portal:meeting", "next_meeting", "GET", NOBODY, "not yet published"),
    Row("portal:material", "material", "GET", PUBLIC),
    Row("portal:material", "closed_material", "GET", NOBODY, "non-public material"),
    Row("portal:minutes", "meeting", "GET", PUBLIC),
    Row("portal:minutes", "closed_meeting", "GET", NOBODY, "minutes not yet approved"),
    Row("portal:minutes_pdf", "meeting", "GET", PUBLIC),
    Row("portal:minutes_pdf", "closed_meeting", "GET", NOBODY, "minutes not yet approved"),
    Row("portal:files", "-", "GET", PUBLIC),
    Row("portal:files_csv", "-", "GET", PUBLIC),
    Row("portal:file", "published_file", "GET", PUBLIC),
    Row("portal:file", "unpublished_file", "GET", NOBODY, "not published"),
)

# URL names whose rights are tested elsewhere, with where.
ELSEWHERE = {
    "admin:": "shingikai/accounts/tests/test_admin_access.py (secretariat and superusers only)",
    "api-v1:": "shingikai/api/tests (token holders see what they see in the application)",
    "apitokens:": "shingikai/api/tests (each signed-in user manages their own tokens)",
}


# -- the demo data with the two extra personas ---------------------------------------------


@dataclass
class Records:
    users: dict[str, User | None]
    args: dict[str, dict[str, Any]]
    posted: dict[str, dict[str, Any]]  # what a form sends, where a POST needs it


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Records]:
    """The demo loaded once for the module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", verbosity=0)
            yield _records()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _user(username: str, role: str, name: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, role=role, display_name=name)
    return user


def _records() -> Records:
    secretariat = User.objects.get(username="secretariat")
    department = User.objects.get(username="department")
    member = User.objects.get(username="member")
    other = _user("takka", Role.DEPARTMENT, "子ども家庭課 担当")
    Department.objects.get(name="子ども家庭課").staff.add(other)
    outsider = _user("ninkigai", Role.MEMBER, "任期外の委員")

    own = department.departments.get()
    draft = Case.objects.get(department=own, status=CaseStatus.DRAFT)
    decided = Case.objects.filter(department=own, status=CaseStatus.DECIDED).order_by("pk")[0]
    dossier = records.dossier_of(draft)
    attachment = Attachment.objects.create(
        case=draft,
        kind="other",
        file=ContentFile(b"%PDF-1.4 test", name="memo.pdf"),
        name="memo.pdf",
        size=13,
        content_type="application/pdf",
    )
    question = Question.objects.create(case=draft, number=1, text="委託先の監督方法は。")
    finding = precheck(draft).rows[0].finding.concern_id
    pia_case, pia_n = next(
        (c, n)
        for c in Case.objects.filter(status=CaseStatus.SCHEDULED).exclude(department=own)
        for n, h in enumerate(records.dossier_of(c).handlings, start=1)
        if h.type == "pia_third_party_inspection"
    )

    approved = Minutes.objects.get(status=Minutes.Status.APPROVED).meeting
    closed_item = AgendaItem.objects.get(is_public=False)
    closed_meeting = closed_item.meeting
    closed_material = Material.objects.get(is_public=False)
    material = approved.materials.filter(is_public=True).first()
    assert material is not None
    for m in (material, closed_material):
        m.file.save(f"material-{m.pk}.pdf", ContentFile(b"%PDF-1.4 material"), save=True)
    upcoming = Meeting.objects.get(published_at__isnull=True)
    item = upcoming.agenda_items.order_by("order")[0]
    written = Meeting.objects.create(
        council=upcoming.council,
        term=upcoming.term,
        fiscal_year=upcoming.fiscal_year,
        ordinal=upcoming.ordinal + 1,
        date=upcoming.date + dt.timedelta(days=30),
        format=MeetingFormat.WRITTEN,
    )
    written_item = AgendaItem.objects.create(
        meeting=written, order=1, kind="consultation", title="書面で諮る案件"
    )
    decision = Decision.objects.filter(agenda_item__case=decided).first()
    assert decision is not None
    condition = Condition.objects.filter(decision__agenda_item__meeting=approved).first()
    assert condition is not None
    meeting_question = MeetingQuestion.objects.filter(meeting=approved).order_by("number")[0]
    Minutes.objects.filter(meeting=closed_meeting).update(status=Minutes.Status.DRAFT)
    incident = Incident.objects.get(department=own)
    agenda_incident = Incident.objects.exclude(agenda_item=None).first()
    assert agenda_incident is not None
    statistics = AnnualStatistics.objects.filter(municipality=own.municipality).first()
    assert statistics is not None
    published_file = PersonalInfoFile.objects.published().first()
    unpublished_file = PersonalInfoFile.objects.exclude(
        pk__in=PersonalInfoFile.objects.published().values("pk")
    ).first()
    assert published_file is not None and unpublished_file is not None

    pk = {"pk": draft.pk}
    return Records(
        users={
            "事務局": secretariat,
            "担当課": department,
            "他課": other,
            "委員": member,
            "任期外委員": outsider,
            "公開": None,
        },
        args={
            "-": {},
            "draft": pk,
            "decided": {"pk": decided.pk},
            "attachment": {**pk, "attachment_id": attachment.pk},
            "handling": {**pk, "n": 1},
            "party": {**pk, "key": dossier.parties[0].key},
            "step": {**pk, "number": dossier.flow[0].number},
            "safeguard": {**pk, "index": 1},
            "finding": {**pk, "concern_id": finding, "step": "send"},
            "pia_handling": {"pk": pia_case.pk, "n": pia_n},
            "case_question": {**pk, "number": question.number},
            "decision": {"pk": decision.agenda_item.meeting_id, "decision_id": decision.pk},
            "condition": {
                "pk": condition.decision.agenda_item.meeting_id,
                "decision_id": condition.decision_id,
                "condition_id": condition.pk,
            },
            "meeting": {"pk": approved.pk},
            "closed_meeting": {"pk": closed_meeting.pk},
            "next_meeting": {"pk": upcoming.pk},
            "material": {"pk": approved.pk, "material_id": material.pk},
            "closed_material": {"pk": closed_meeting.pk, "material_id": closed_material.pk},
            "agenda_item": {"pk": upcoming.pk, "item_id": item.pk},
            "agenda_move": {"pk": upcoming.pk, "item_id": item.pk, "direction": "down"},
            "meeting_question": {"pk": approved.pk, "number": meeting_question.number},
            "written_item": {"pk": written.pk, "item_id": written_item.pk},
            "incident": {"pk": incident.pk},
            "agenda_incident": {"pk": agenda_incident.pk},
            "statistics": {"pk": statistics.pk},
            "statistics_year": {"pk": own.municipality_id, "fiscal_year": statistics.fiscal_year},
            "municipality": {"pk": own.municipality_id},
            "published_file": {"pk": published_file.pk},
            "unpublished_file": {"pk": unpublished_file.pk},
        },
        posted={"condition": {"meeting": upcoming.pk}},
    )


# -- one cell -------------------------------------------------------------------------------


def _url(row: Row, demo: Records) -> str:
    kwargs = dict(demo.args[row.on])
    # A few URL patterns name their arguments differently.
    if row.url.startswith("minutes:"):
        kwargs = {"meeting_pk": kwargs["pk"]}
    elif row.url.startswith("documents:decision"):
        kwargs = {"decision_id": kwargs["decision_id"]}
    return reverse(row.url, kwargs=kwargs)


def _mark(response: Any) -> str:
    status = response.status_code
    if status in (403, 404):
        return "✗"
    if status == 302 and response["Location"].startswith(("/accounts/login/", "/admin/login/")):
        return "→"
    if status >= 500 or status == 405:
        return f"!{status}"
    return "✓"


def _cell(row: Row, demo: Records, persona: str) -> str:
    client = Client(raise_request_exception=True)
    user = demo.users[persona]
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        try:
            if row.method == "POST":
                return _mark(client.post(_url(row, demo), demo.posted.get(row.on, {})))
            return _mark(client.get(_url(row, demo)))
        finally:
            transaction.set_rollback(True)


def _row_id(row: Row) -> str:
    return f"{row.method} {row.url} [{row.on}]"


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_each_persona_gets_what_the_matrix_says(row: Row, demo: Records) -> None:
    got = tuple(_cell(row, demo, persona) for persona in PERSONAS)
    wrong = [
        f"{persona}: expected {want}, got {mark}"
        for persona, want, mark in zip(PERSONAS, row.marks, got, strict=True)
        if want != mark
    ]
    assert not wrong, f"{_row_id(row)}: " + "; ".join(wrong)


# -- the table in docs/security.md and the coverage of every URL ---------------------------


def table() -> str:
    """The matrix as it appears in docs/security.md."""
    lines = [
        "| URL | 対象 | 方法 | " + " | ".join(PERSONAS) + " | 備考 |",
        "|---|---|---|" + "---|" * len(PERSONAS) + "---|",
    ]
    for row in ROWS:
        cells = " | ".join(row.marks)
        lines.append(f"| `{row.url}` | {row.on} | {row.method} | {cells} | {row.note} |")
    return "\n".join(lines)


def test_the_security_document_shows_this_matrix() -> None:
    text = DOC.read_text(encoding="utf-8")
    begin, end = "<!-- matrix:begin -->\n", "\n<!-- matrix:end -->"
    assert begin in text and end in text, "docs/security.md lost its matrix markers"
    shown = text.split(begin, 1)[1].split(end, 1)[0]
    assert shown == table(), "docs/security.md differs from ROWS; paste:\n" + table()


def _url_names(resolver: URLResolver, namespace: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}"


def test_every_url_of_the_project_has_a_row() -> None:
    covered = {row.url for row in ROWS}
    missing = [
        name
        for name in _url_names(get_resolver())
        if name not in covered and not name.startswith(tuple(ELSEWHERE))
    ]
    assert missing == [], "URLs with no decision in the permission matrix"


def test_the_matrix_uses_only_known_marks() -> None:
    for row in ROWS:
        assert len(row.marks) == len(PERSONAS), row
        assert set(row.marks) <= {"✓", "✗", "→"}, row
        assert re.fullmatch(r"GET|POST", row.method), row
