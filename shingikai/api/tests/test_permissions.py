"""With a token the API shows what its owner sees on the screens, role by role: the same
cells as the case and meeting pages (shingikai/dossiers/tests/test_case_access.py)."""

from __future__ import annotations

import pytest

from shingikai.api.tests.conftest import ApiClient, ApiWorld
from shingikai.search import service

pytestmark = pytest.mark.django_db

# (persona, case attribute of World, visible?)
CASES = [
    ("secretariat", "health_case", True),
    ("secretariat", "childcare_case", True),
    ("secretariat", "childcare_draft", True),
    ("department", "health_case", True),
    ("department", "childcare_case", False),
    ("department", "childcare_draft", False),
    ("other_department", "health_case", False),
    ("other_department", "childcare_case", True),
    ("other_department", "childcare_draft", True),
    ("member", "health_case", True),
    ("member", "childcare_case", True),
    ("member", "childcare_draft", False),
    ("outsider", "health_case", False),
    ("outsider", "childcare_case", False),
    ("outsider", "childcare_draft", False),
]


def _client(secrets_by_persona: dict[str, str], persona: str) -> ApiClient:
    return ApiClient(secrets_by_persona[persona])


@pytest.mark.parametrize(("persona", "case_name", "visible"), CASES)
def test_it_lists_and_opens_a_case_only_for_those_who_may_see_it(
    api_world: ApiWorld,
    secrets_by_persona: dict[str, str],
    persona: str,
    case_name: str,
    visible: bool,
) -> None:
    client = _client(secrets_by_persona, persona)
    case = getattr(api_world.world, case_name)

    listed = [c["id"] for c in client.get("/api/v1/cases").json()["items"]]
    response = client.get(f"/api/v1/cases/{case.pk}")

    assert (case.pk in listed) is visible
    assert response.status_code == (200 if visible else 404)
    if visible:
        assert response.json()["title"] == case.title
        assert response.json()["content"]["parties"][0]["name"] == "委託先株式会社"
    else:
        assert case.title not in response.content.decode()


def test_a_case_carries_its_structured_content(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    case = api_world.world.health_case

    data = _client(secrets_by_persona, "department").get(f"/api/v1/cases/{case.pk}").json()

    assert data["department"] == {
        "id": api_world.world.health.pk,
        "name": "健康推進課",
        "division": "保健所",
    }
    assert data["status"] == "accepted"
    handling = data["content"]["handlings"][0]
    assert handling["type"] == "outsourcing"
    assert handling["type_label"] == "外部委託"
    assert handling["subjects"] == "記載例の文章"
    assert handling["party"] == "contractor"
    assert handling["party_name"] == "委託先株式会社"
    assert any(f["name"] == "subjects" and f["raw"] == "記載例の文章" for f in handling["fields"])
    assert data["agenda"][0]["decisions"][0]["text"] == "答申の結論は内部の記載"


@pytest.mark.parametrize(
    ("persona", "titles", "materials"),
    [
        (
            "secretariat",
            ["健康推進課の受理済み案件", "子ども家庭課の審議予定案件"],
            ["公開資料", "非公開の資料", "非公開議題の資料"],
        ),
        ("department", ["健康推進課の受理済み案件"], ["公開資料", "非公開の資料"]),
        (
            "other_department",
            ["健康推進課の受理済み案件", "子ども家庭課の審議予定案件"],
            ["公開資料", "非公開議題の資料"],
        ),
        (
            "member",
            ["健康推進課の受理済み案件", "子ども家庭課の審議予定案件"],
            ["公開資料", "非公開の資料", "非公開議題の資料"],
        ),
    ],
)
def test_a_meeting_shows_the_items_and_materials_the_meeting_page_shows(
    api_world: ApiWorld,
    secrets_by_persona: dict[str, str],
    persona: str,
    titles: list[str],
    materials: list[str],
) -> None:
    client = _client(secrets_by_persona, persona)

    data = client.get(f"/api/v1/meetings/{api_world.world.meeting.pk}").json()

    assert [item["title"] for item in data["agenda"]] == titles
    assert [m["title"] for m in data["materials"]] == materials
    assert data["status"] == "scheduled"


def test_department_staff_never_read_another_departments_closed_item(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    client = _client(secrets_by_persona, "department")

    meeting = client.get(f"/api/v1/meetings/{api_world.world.meeting.pk}")
    decisions = client.get("/api/v1/decisions").json()
    closed = client.get(f"/api/v1/decisions/{api_world.closed_decision.pk}")

    assert "個人情報を含むため" not in meeting.content.decode()
    assert [d["id"] for d in decisions["items"]] == [api_world.public_decision.pk]
    assert closed.status_code == 404


def test_a_member_sees_closed_items_but_cannot_open_a_draft(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    client = _client(secrets_by_persona, "member")

    meeting = client.get(f"/api/v1/meetings/{api_world.world.meeting.pk}").json()
    unpublished = client.get(f"/api/v1/meetings/{api_world.unpublished.pk}")
    cases = client.get("/api/v1/cases").json()

    closed = meeting["agenda"][1]
    assert closed["is_public"] is False
    assert closed["closed_reason"] == "個人情報を含むため"
    assert unpublished.status_code == 200  # members see their term's meetings, published or not
    assert "子ども家庭課の作成中の下書き" not in str(cases)
    assert cases["count"] == 2


def test_an_outsider_sees_nothing(api_world: ApiWorld, secrets_by_persona: dict[str, str]) -> None:
    client = _client(secrets_by_persona, "outsider")

    assert client.get("/api/v1/cases").json()["count"] == 0
    assert client.get("/api/v1/meetings").json()["count"] == 0
    assert client.get("/api/v1/decisions").json()["count"] == 0
    assert client.get(f"/api/v1/meetings/{api_world.world.meeting.pk}").status_code == 404


def test_an_agenda_item_links_only_cases_the_reader_may_open(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    world = api_world.world
    world.childcare_case.status = "draft"  # as if sent back to a draft after scheduling
    world.childcare_case.save()

    member = _client(secrets_by_persona, "member")
    meeting = member.get(f"/api/v1/meetings/{world.meeting.pk}").json()

    assert meeting["agenda"][1]["case"] == {"id": None, "number_label": "諮問第11号"}
    assert member.get(f"/api/v1/cases/{world.childcare_case.pk}").status_code == 404


def test_the_secretariat_sees_everything(
    api_world: ApiWorld, secrets_by_persona: dict[str, str]
) -> None:
    client = _client(secrets_by_persona, "secretariat")

    assert client.get("/api/v1/cases").json()["count"] == 3
    assert client.get("/api/v1/meetings").json()["count"] == 2
    assert client.get("/api/v1/decisions").json()["count"] == 2


def test_filters_narrow_the_lists(api_world: ApiWorld, secrets_by_persona: dict[str, str]) -> None:
    world = api_world.world
    client = _client(secrets_by_persona, "secretariat")

    drafts = client.get("/api/v1/cases", status="draft").json()
    childcare = client.get("/api/v1/cases", department=world.childcare.pk).json()
    numbered = client.get("/api/v1/cases", year=2022).json()
    approved = client.get("/api/v1/decisions", outcome="approved").json()
    later = client.get("/api/v1/meetings", year=2023).json()

    assert [c["id"] for c in drafts["items"]] == [world.childcare_draft.pk]
    assert {c["id"] for c in childcare["items"]} == {
        world.childcare_case.pk,
        world.childcare_draft.pk,
    }
    assert {c["id"] for c in numbered["items"]} == {world.health_case.pk, world.childcare_case.pk}
    assert [d["id"] for d in approved["items"]] == [api_world.closed_decision.pk]
    assert later["count"] == 0


def test_it_pages_a_list(api_world: ApiWorld, secrets_by_persona: dict[str, str]) -> None:
    client = _client(secrets_by_persona, "secretariat")

    first = client.get("/api/v1/cases", per_page=2).json()
    second = client.get("/api/v1/cases", per_page=2, page=2).json()
    beyond = client.get("/api/v1/cases", per_page=2, page=3).json()

    assert (first["count"], first["pages"], len(first["items"])) == (3, 2, 2)
    assert len(second["items"]) == 1
    assert beyond["items"] == []
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert len(set(ids)) == 3


def test_search_keeps_to_what_the_reader_may_see(
    api_world: ApiWorld, secrets_by_persona: dict[str, str], anonymous: ApiClient
) -> None:
    staff = _client(secrets_by_persona, "department").get("/api/v1/search", q="委託先株式会社")
    other = _client(secrets_by_persona, "other_department").get("/api/v1/search", q="記載例")
    public = anonymous.get("/api/v1/search", q="委託先株式会社").json()
    earlier = _client(secrets_by_persona, "department").get(
        "/api/v1/search", q="委託先株式会社", year_to=2021
    )

    titles = {hit["title"] for hit in staff.json()["hits"]}
    assert titles == {"諮問第10号 健康推進課の受理済み案件"}
    assert all("健康推進課" not in hit["title"] for hit in other.json()["hits"])
    assert other.json()["total"] > 0
    assert public["total"] == 0
    assert public["hits"] == []
    assert earlier.json()["total"] == 0


def test_search_says_when_a_count_stopped_at_its_cap(
    api_world: ApiWorld, secrets_by_persona: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(secrets_by_persona, "department")
    whole = client.get("/api/v1/search", q="委託").json()
    assert whole["more"] is False and whole["capped"] == []
    busiest = max(whole["counts"], key=whole["counts"].get)
    assert whole["counts"][busiest] >= 2

    monkeypatch.setattr(service, "COUNT_CAP", 1)
    capped = client.get("/api/v1/search", q="委託").json()

    assert capped["more"] is True
    assert busiest in capped["capped"]
    assert capped["counts"][busiest] == 1
