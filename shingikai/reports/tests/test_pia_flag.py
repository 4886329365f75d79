"""A serious incident with My Number data marks the PIA handlings of the same process
(事務) in open cases, so their threshold judgement counts it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers.models import Case, CaseStatus, Handling
from shingikai.reports import actions
from shingikai.reports.models import Incident
from shingikai.reports.tests.factories import days_ago

pytestmark = pytest.mark.usefixtures("frozen")
AFFAIR = "住民基本台帳に関する事務"


def pia_case(world: World, status: str = CaseStatus.ACCEPTED, affair: str = AFFAIR) -> Case:
    case = make_case(
        world.council, world.health, f"{affair}の第三者点検", status, "pia_third_party_inspection"
    )
    Handling.objects.filter(case=case).update(
        fields={
            "affair": affair,
            "people": 150_000,
            "handlers": 100,
            "serious_incident": False,
            "assessment_level": "focused",
        }
    )
    return case


def serious(world: World, **changes: object) -> Incident:
    values: dict[str, object] = {
        "municipality": world.municipality,
        "department": world.health,
        "title": "個人番号が記載された通知書の誤送付",
        "kind": "misdelivery",
        "found_on": days_ago(2),
        "summary": "通知書を別の世帯に送付した。",
        "persons": 101,
        "my_number": True,
        "affected_process": "住民基本台帳に関する事務 ",
    }
    incident, _flagged = actions.create_incident(
        world.secretariat, Incident(**(values | changes)), None
    )
    return incident


def flag(case: Case) -> object:
    return case.handlings.get().fields.get("serious_incident")


def test_it_marks_the_pia_of_the_same_process(world: World) -> None:
    case = pia_case(world)
    version = case.version

    found = serious(world)

    case.refresh_from_db()
    assert found.is_serious
    assert flag(case) is True
    assert case.version == version + 1
    event = AuditEvent.objects.get(object_type="dossiers.Case", object_id=str(case.pk))
    assert "漏えい等事案「個人番号が記載された通知書の誤送付」" in event.summary
    assert "「過去1年以内の重大事故の発生」を「あり」に更新" in event.summary
    assert event.changes["handlings[1].serious_incident"] == ["False", "True"]


def test_it_changes_the_threshold_judgement(world: World, secretariat_client: Client) -> None:
    case = pia_case(world)
    url = reverse("review:pia", args=[case.pk, 1])
    assert "重点項目評価" in secretariat_client.get(url).content.decode()

    serious(world)

    page = secretariat_client.get(url).content.decode()
    assert "過去1年以内の重大事故あり" in page
    assert "全項目評価" in page


@pytest.mark.parametrize(
    "changes",
    [
        {"persons": 100},  # not reportable, so not serious
        {"my_number": False, "affected_process": ""},
        {"affected_process": "予防接種に関する事務"},
        {"serious_override": False},
        {"found_on": days_ago(366)},
    ],
)
def test_it_leaves_the_pia_alone_otherwise(world: World, changes: dict[str, object]) -> None:
    case = pia_case(world)

    serious(world, **changes)

    assert flag(case) is False


def test_it_leaves_decided_cases_alone(world: World) -> None:
    decided = pia_case(world, CaseStatus.DECIDED)

    serious(world)

    assert flag(decided) is False


def test_it_marks_a_pia_case_created_after_the_incident_on_request(
    world: World, secretariat_client: Client
) -> None:
    found = serious(world)
    later = pia_case(world)

    response = secretariat_client.post(reverse("reports:incident_pia", args=[found.pk]))

    assert response.status_code == 302
    assert flag(later) is True
    page = secretariat_client.get(found.get_absolute_url()).content.decode()
    assert "重大事故：あり" in page


def test_it_tells_the_secretariat_which_cases_it_marked(
    world: World, secretariat_client: Client
) -> None:
    case = pia_case(world)
    data = {
        "title": "個人番号の誤送付",
        "department": world.health.pk,
        "kind": "misdelivery",
        "found_on": days_ago(1).isoformat(),
        "summary": "誤送付",
        "persons": "150",
        "my_number": "on",
        "affected_process": AFFAIR,
        "serious_override": "unknown",
    }

    response = secretariat_client.post(reverse("reports:incident_create"), data, follow=True)

    assert flag(case) is True
    assert "「過去1年以内の重大事故の発生：あり」を反映しました" in response.content.decode()
