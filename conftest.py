"""Shared test fixtures: a small council world with named personas.

事務局 (secretariat), 担当課 (department staff of 健康推進課), 他課 (staff of another
department), 委員 (a member of the current term) and 部外者 (a member of nobody's term),
each signed in through their own client fixture.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django import Settings

from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term
from shingikai.dossiers.models import Case, CaseStatus, Handling, Party
from shingikai.dossiers.structure import schema
from shingikai.meetings.models import AgendaItem, Meeting

PASSWORD = "correct-horse-battery"  # noqa: S105


@dataclass
class World:
    municipality: Municipality
    council: Council
    rule: CouncilRule
    term: Term
    members: list[Member]
    health: Department
    childcare: Department
    secretariat: User
    department: User
    other_department: User
    member: User
    outsider: User
    health_case: Case
    childcare_case: Case
    childcare_draft: Case
    meeting: Meeting


def make_user(username: str, role: str) -> User:
    user = User(username=username, role=role, display_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


_SAMPLE = {
    schema.TEXT: "記載例",
    schema.LONGTEXT: "記載例の文章",
    schema.INT: 100,
    schema.DATE: "2023-01-16",
    schema.BOOL: False,
}


def complete_fields(h_type: str) -> dict[str, object]:
    """Values for every required field of a handling type, so the case can be submitted."""
    fields: dict[str, object] = {}
    for spec in schema.SPECS[h_type].all_fields:
        if spec.required:
            if spec.kind in (schema.CHOICE, schema.MULTI):
                code = spec.choices[0][0]
                fields[spec.name] = [code] if spec.kind == schema.MULTI else code
            else:
                fields[spec.name] = _SAMPLE[spec.kind]
    return fields


def make_case(
    council: Council, department: Department, title: str, status: str, *types: str, **extra: object
) -> Case:
    """A case with complete handlings (and a contractor for an outsourcing)."""
    case = Case.objects.create(
        council=council,
        department=department,
        title=title,
        kind="consultation",
        status=status,
        **extra,
    )
    contractor = Party.objects.create(
        case=case, key="contractor", name="委託先株式会社", kind="contractor"
    )
    for order, h_type in enumerate(types or ("outsourcing",), start=1):
        Handling.objects.create(
            case=case,
            type=h_type,
            order=order,
            fields=complete_fields(h_type),
            party=contractor if h_type == "outsourcing" else None,
        )
    return case


@pytest.fixture
def world(db: None) -> World:
    muni = Municipality.objects.create(name="テスト区", code="139999", head_title="テスト区長")
    council = Council.objects.create(municipality=muni, name="テスト区情報公開・個人情報保護審議会")
    rule = CouncilRule.objects.create(council=council, valid_from=dt.date(2000, 4, 1))
    term = Term.objects.create(
        council=council, number=1, starts_on=dt.date(2020, 4, 1), ends_on=dt.date(2030, 3, 31)
    )
    secretariat = make_user("jimukyoku", Role.SECRETARIAT)
    department = make_user("tantouka", Role.DEPARTMENT)
    other_department = make_user("takka", Role.DEPARTMENT)
    member = make_user("iin", Role.MEMBER)
    outsider = make_user("bugaisha", Role.MEMBER)
    members = [
        Member.objects.create(
            term=term,
            name=f"委員{i}",
            affiliation="academic",
            appointed_on=term.starts_on,
            order=i,
            user=member if i == 1 else None,
        )
        for i in range(1, 8)
    ]
    health = Department.objects.create(municipality=muni, division="保健所", name="健康推進課")
    childcare = Department.objects.create(
        municipality=muni, division="子ども部", name="子ども家庭課"
    )
    health.staff.add(department)
    childcare.staff.add(other_department)
    health_case = make_case(
        council,
        health,
        "健康推進課の受理済み案件",
        CaseStatus.ACCEPTED,
        number=10,
        fiscal_year=2022,
    )
    childcare_case = make_case(
        council,
        childcare,
        "子ども家庭課の審議予定案件",
        CaseStatus.SCHEDULED,
        "use_beyond_purpose",
        number=11,
        fiscal_year=2022,
    )
    childcare_draft = make_case(
        council, childcare, "子ども家庭課の作成中の下書き", CaseStatus.DRAFT
    )
    meeting = Meeting.objects.create(
        council=council, term=term, fiscal_year=2022, ordinal=1, date=dt.date(2022, 6, 1)
    )
    AgendaItem.objects.create(
        meeting=meeting, order=1, kind="consultation", title=health_case.title, case=health_case
    )
    AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        kind="consultation",
        title=childcare_case.title,
        case=childcare_case,
        is_public=False,
        closed_reason="個人情報を含むため",
    )
    return World(
        muni,
        council,
        rule,
        term,
        members,
        health,
        childcare,
        secretariat,
        department,
        other_department,
        member,
        outsider,
        health_case,
        childcare_case,
        childcare_draft,
        meeting,
    )


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def secretariat_client(world: World) -> Client:
    return _client_for(world.secretariat)


@pytest.fixture
def department_client(world: World) -> Client:
    return _client_for(world.department)


@pytest.fixture
def other_department_client(world: World) -> Client:
    return _client_for(world.other_department)


@pytest.fixture
def member_client(world: World) -> Client:
    return _client_for(world.member)


@pytest.fixture
def outsider_client(world: World) -> Client:
    return _client_for(world.outsider)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Settings) -> None:
    """Hash test passwords with a fast hasher: the world's five users otherwise cost
    about a second per test (PBKDF2's iterations are meant to be slow)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
