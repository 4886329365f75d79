"""Requests without a token read exactly what the public site shows: published meetings,
their public items, decisions and public materials; never a closed item, a draft, a
non-public material, a staff-only field or the content of a case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from shingikai.api.tests.conftest import SECRETS, ApiClient, ApiWorld

pytestmark = pytest.mark.django_db


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _crawl(client: ApiClient) -> list[tuple[str, Any]]:
    """Every list, every detail the lists link to, and searches for each secret."""
    answers: list[tuple[str, Any]] = []

    def fetch(path: str, **params: object) -> Any:
        response = client.get(path, **params)
        assert response.status_code == 200, (path, response.content)
        data = response.json()
        answers.append((path, data))
        return data

    for case in fetch("/api/v1/cases")["items"]:
        fetch(f"/api/v1/cases/{case['id']}")
    for meeting in fetch("/api/v1/meetings")["items"]:
        fetch(f"/api/v1/meetings/{meeting['id']}")
    for decision in fetch("/api/v1/decisions")["items"]:
        fetch(f"/api/v1/decisions/{decision['id']}")
    for secret in SECRETS:
        found = fetch("/api/v1/search", q=secret)
        assert found.pop("query") == secret  # the echo of the question is no leak
    return answers


def test_it_never_hands_the_public_a_closed_item_a_draft_or_staff_only_text(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    answers = _crawl(anonymous)

    assert len(answers) > len(SECRETS) + 3  # the lists linked to details
    for path, data in answers:
        text = _text(data)
        for secret in SECRETS:
            assert secret not in text, (path, secret)


def test_the_same_crawl_with_a_token_finds_those_texts(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    """The check above can fail: the secretariat's answers hold every one of the texts."""
    answers = _crawl(ApiClient(secrets_by_persona["secretariat"]))

    everything = _text([data for _path, data in answers])
    for secret in SECRETS:
        assert secret in everything, secret


def test_it_lists_only_published_meetings_and_public_cases(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    world = api_world.world

    meetings = anonymous.get("/api/v1/meetings").json()
    cases = anonymous.get("/api/v1/cases").json()

    assert [m["id"] for m in meetings["items"]] == [world.meeting.pk]
    assert [c["id"] for c in cases["items"]] == [world.health_case.pk]
    assert cases["items"][0]["department"] is None
    assert cases["items"][0]["status"] is None


def test_it_shows_the_public_agenda_decisions_and_materials_of_a_meeting(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    world = api_world.world

    data = anonymous.get(f"/api/v1/meetings/{world.meeting.pk}").json()

    assert [item["title"] for item in data["agenda"]] == ["健康推進課の受理済み案件"]
    item = data["agenda"][0]
    assert item["closed_reason"] is None
    assert item["case"] == {"id": world.health_case.pk, "number_label": "諮問第10号"}
    decision = item["decisions"][0]
    assert decision["number_label"] == "答申第3号"
    assert decision["issued_on"] == "2022-06-10"
    assert decision["issued_on_wareki"] == "令和4年6月10日"
    assert decision["text"] is None
    assert decision["conditions"][0]["text"] == "委託先の監査結果を報告すること"
    assert decision["conditions"][0]["owner"] is None
    assert [m["title"] for m in data["materials"]] == ["公開資料"]
    assert data["date_wareki"] == "令和4年6月1日"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings/{unpublished}",
        "/api/v1/cases/{childcare_case}",
        "/api/v1/cases/{childcare_draft}",
        "/api/v1/decisions/{closed_decision}",
    ],
)
def test_it_answers_404_for_what_the_public_may_not_see(
    api_world: ApiWorld, anonymous: ApiClient, path: str
) -> None:
    world = api_world.world
    url = path.format(
        unpublished=api_world.unpublished.pk,
        childcare_case=world.childcare_case.pk,
        childcare_draft=world.childcare_draft.pk,
        closed_decision=api_world.closed_decision.pk,
    )

    response = anonymous.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "見つかりません。"}


def test_a_browser_session_is_not_a_token(api_world: ApiWorld, secretariat_client: Client) -> None:
    """Signed in on the web site but without a token, the API answers as for the public."""
    response = secretariat_client.get(f"/api/v1/cases/{api_world.world.childcare_draft.pk}")
    cases = secretariat_client.get("/api/v1/cases").json()

    assert response.status_code == 404
    assert [c["id"] for c in cases["items"]] == [api_world.world.health_case.pk]


def test_it_refuses_staff_only_filters_without_a_token(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    response = anonymous.get("/api/v1/cases", status="draft")

    assert response.status_code == 400
    assert response.json()["detail"] == "状態・担当課での絞り込みにはトークンが必要です。"


def test_the_public_reads_a_case_as_the_agenda_printed_it(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    item = api_world.world.meeting.agenda_items.get(order=1)
    item.title = "健康推進課の事業に係る外部委託について"
    item.save()

    case = anonymous.get(f"/api/v1/cases/{api_world.world.health_case.pk}").json()
    listed = anonymous.get("/api/v1/cases").json()["items"][0]

    assert case["title"] == listed["title"] == "健康推進課の事業に係る外部委託について"
    assert case["content"] is None
