"""The public site: anonymous, published meetings only, closed agenda items never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from shingikai.meetings.models import AgendaItem, Decision, Meeting

CLOSED_TITLE = "子ども家庭課の審議予定案件"
CLOSED_REASON = "個人情報を含むため"


@pytest.fixture
def published(world: World) -> dict[str, Meeting]:
    """The world's meeting published yesterday, one to be published tomorrow, one never."""
    now = timezone.now()
    world.meeting.published_at = now - dt.timedelta(days=1)
    world.meeting.venue = "区役所第一会議室"
    world.meeting.save()
    Decision.objects.create(
        agenda_item=world.meeting.agenda_items.get(order=1),
        outcome="approved",
        decided_on=world.meeting.date,
        no_objection=True,
    )
    Decision.objects.create(
        agenda_item=world.meeting.agenda_items.get(order=2),
        outcome="rejected",
        decided_on=world.meeting.date,
    )
    tomorrow = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 9, 1),
        published_at=now + dt.timedelta(days=1),
    )
    AgendaItem.objects.create(meeting=tomorrow, order=1, kind="other", title="明日公開する議題")
    never = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=3,
        date=dt.date(2022, 12, 1),
    )
    AgendaItem.objects.create(meeting=never, order=1, kind="other", title="公開しない会議の議題")
    return {"past": world.meeting, "tomorrow": tomorrow, "never": never}


@pytest.fixture
def anonymous() -> Client:
    return Client()


def test_it_serves_the_index_to_anonymous_visitors(
    published: dict[str, Meeting], anonymous: Client
) -> None:
    response = anonymous.get("/public/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>審議会の公開情報</h1>" in html
    assert "サインアウト" not in html


def test_it_says_so_when_nothing_is_published(world: World, anonymous: Client) -> None:
    response = anonymous.get("/public/")

    assert response.status_code == 200
    assert "公開されている会議はまだありません。" in response.content.decode()


def test_it_lists_only_meetings_published_in_the_past(
    published: dict[str, Meeting], anonymous: Client
) -> None:
    html = anonymous.get("/public/").content.decode()

    assert f'href="/public/meetings/{published["past"].pk}/"' in html
    assert "令和4年度第1回" in html
    assert '<h2 id="fy-2022">令和4年度</h2>' in html
    assert f'href="/public/meetings/{published["tomorrow"].pk}/"' not in html
    assert f'href="/public/meetings/{published["never"].pk}/"' not in html
    assert "令和4年度第2回" not in html
    assert "令和4年度第3回" not in html


def test_it_shows_a_published_meeting_with_its_public_items_and_results(
    world: World, published: dict[str, Meeting], anonymous: Client
) -> None:
    response = anonymous.get(f"/public/meetings/{published['past'].pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>令和4年度第1回 テスト区情報公開・個人情報保護審議会</h1>" in html
    assert "区役所第一会議室" in html
    assert "健康推進課の受理済み案件" in html
    assert world.health_case.number_label in html
    assert "承認" in html


@pytest.mark.parametrize("path", ["/public/", "/public/meetings/{past}/"])
def test_it_never_shows_a_closed_items_title_reason_or_result(
    published: dict[str, Meeting], anonymous: Client, path: str
) -> None:
    html = anonymous.get(path.format(past=published["past"].pk)).content.decode()

    assert CLOSED_TITLE not in html
    assert CLOSED_REASON not in html
    assert "不承認" not in html
    assert "諮問第11号" not in html


def test_it_never_shows_a_closed_item_even_to_a_signed_in_user(
    published: dict[str, Meeting], member_client: Client
) -> None:
    html = member_client.get(f"/public/meetings/{published['past'].pk}/").content.decode()

    assert "健康推進課の受理済み案件" in html
    assert CLOSED_TITLE not in html


def test_it_says_so_when_a_published_meeting_has_only_closed_items(
    world: World, published: dict[str, Meeting], anonymous: Client
) -> None:
    world.meeting.agenda_items.filter(order=1).update(is_public=False, closed_reason="非公開")

    html = anonymous.get(f"/public/meetings/{published['past'].pk}/").content.decode()

    assert "公開している議題はありません。" in html
    assert "健康推進課の受理済み案件" not in html


@pytest.mark.parametrize("name", ["tomorrow", "never"])
def test_it_answers_404_for_an_unpublished_meeting(
    published: dict[str, Meeting], anonymous: Client, name: str
) -> None:
    response = anonymous.get(f"/public/meetings/{published[name].pk}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "ページが見つかりません" in html
    assert "明日公開する議題" not in html
    assert "公開しない会議の議題" not in html


def test_it_answers_404_for_an_unpublished_meeting_even_to_the_secretariat(
    published: dict[str, Meeting], secretariat_client: Client
) -> None:
    assert secretariat_client.get(f"/public/meetings/{published['never'].pk}/").status_code == 404


@pytest.mark.parametrize("path", ["/public/meetings/999999/", "/public/meetings/abc/"])
def test_it_answers_404_for_an_unknown_meeting(world: World, anonymous: Client, path: str) -> None:
    assert anonymous.get(path).status_code == 404
