"""A member votes in a written meeting (書面開催) in a real browser: signs in, opens the
meeting, gives 賛成 and an opinion on an item, and sees it marked as submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from conftest import World
from shingikai.lib import wareki
from shingikai.meetings.models import AgendaItem, Meeting, MeetingFormat, WrittenVote
from shingikai.ui.tests.browser import artifact, needs_chromium, signed_in_page

ITEM_TITLE = "オンラインフォームの活用に伴う電子計算組織の外部結合について"
OPINION = "入力された個人情報の保存期間を、利用する課ごとに定めてください。"


def _written_meeting(world: World) -> tuple[Meeting, AgendaItem]:
    """Open for votes now: the deliberation started today and the decision date is ahead
    (the live server runs in another thread, so time cannot be frozen there)."""
    today = timezone.localdate()
    decided = today + dt.timedelta(days=10)
    fiscal_year = wareki.fiscal_year(decided)
    meeting = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=fiscal_year,
        ordinal=Meeting.next_ordinal(world.council, fiscal_year),
        date=decided,
        opens_on=today,
        format=MeetingFormat.WRITTEN,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, kind=AgendaItem.Kind.CONSULTATION, title=ITEM_TITLE
    )
    return meeting, item


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_it_takes_a_members_written_vote_in_the_browser(
    world: World, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    meeting, item = _written_meeting(world)
    meeting_url = f"{live_server.url}/meetings/{meeting.pk}/"

    shot = artifact("written-vote.png")
    console_errors: list[str] = []

    with signed_in_page(live_server.url, world.member.username, console_errors) as page:
        page.goto(meeting_url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(meeting.label)
        agenda_item = page.locator("#item-1")
        expect(agenda_item).to_contain_text(ITEM_TITLE)
        expect(agenda_item.get_by_text("賛否を提出済み")).to_have_count(0)
        agenda_item.get_by_role("link", name="賛否と意見を提出").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("賛否と意見の提出")
        expect(page.get_by_role("heading", level=2)).to_contain_text(ITEM_TITLE)
        page.get_by_label("賛成", exact=True).check()
        page.get_by_label("意見").fill(OPINION)
        page.get_by_role("button", name="送信").click()

        page.wait_for_url(f"{meeting_url}#item-1")
        expect(page.get_by_text("賛否と意見を送信しました。")).to_be_visible()
        expect(agenda_item.get_by_text("賛否を提出済み")).to_be_visible()
        expect(agenda_item.get_by_role("link", name="変更する")).to_be_visible()
        expect(agenda_item.get_by_role("link", name="賛否と意見を提出")).to_have_count(0)

        vote = WrittenVote.objects.get(agenda_item=item)
        assert (vote.member, vote.choice, vote.opinion) == (
            world.members[0],
            WrittenVote.Choice.FOR,
            OPINION,
        )

        page.screenshot(path=str(shot), full_page=True)

    assert console_errors == []
    assert shot.is_file()
    assert shot.stat().st_size > 0
