"""A department drafts a case in a real browser: sign in, create, find it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from conftest import World
from shingikai.dossiers.models import Case
from shingikai.ui.tests.browser import artifact, needs_chromium, signed_in_page

TITLE = "「健康推進業務」における妊婦健康診査受診票の発送業務の外部委託について"
SUBTITLE = "妊婦健康診査受診票の作成・発送業務委託"
BUSINESS = "健康推進業務"


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_it_lets_a_department_draft_a_case_and_find_it(
    world: World, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    screenshot = artifact("case-list-search.png")

    console_errors: list[str] = []
    with signed_in_page(live_server.url, "tantouka", console_errors) as page:
        # Open the form from the case list.
        page.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="案件"
        ).click()
        page.get_by_role("link", name="案件を作成").click()
        expect(page.get_by_role("heading", name="案件の作成")).to_be_visible()

        # First without a title: refused, everything else kept.
        page.get_by_label("審議会").select_option(label=world.council.name)
        page.get_by_label("担当課").select_option(label=str(world.health))
        page.get_by_label("諮問", exact=True).check()
        page.get_by_label("事業名").fill(SUBTITLE)
        page.get_by_label("登録業務の名称").fill(BUSINESS)
        page.get_by_label("外部委託", exact=True).check()
        page.get_by_role("button", name="保存").click()

        expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください")
        title_error = page.locator("#id_title-error")
        expect(title_error).to_have_text("この項目は必須です。")
        expect(title_error).to_be_visible()
        expect(page.get_by_label("件名")).to_have_value("")
        expect(page.get_by_label("事業名")).to_have_value(SUBTITLE)
        expect(page.get_by_label("登録業務の名称")).to_have_value(BUSINESS)
        expect(page.get_by_label("審議会")).to_have_value(str(world.council.pk))
        expect(page.get_by_label("担当課")).to_have_value(str(world.health.pk))
        expect(page.get_by_label("諮問", exact=True)).to_be_checked()
        expect(page.get_by_label("外部委託", exact=True)).to_be_checked()
        expect(page.get_by_label("外部結合", exact=True)).not_to_be_checked()
        assert not Case.objects.filter(subtitle=SUBTITLE).exists()

        # Now with the title: saved as a draft and shown.
        page.get_by_label("件名").fill(TITLE)
        page.get_by_role("button", name="保存").click()

        expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
        expect(page.get_by_role("status")).to_contain_text("案件を作成しました")
        case = Case.objects.get(title=TITLE)
        assert page.url.endswith(f"/cases/{case.pk}/")
        assert (case.kind, case.status, case.subtitle) == ("consultation", "draft", SUBTITLE)
        assert case.department == world.health
        assert case.handling_types() == ["outsourcing"]
        assert case.created_by == world.department

        # Find it again from the list by a keyword of its title.
        page.get_by_role("link", name="案件一覧").click()
        page.get_by_label("キーワード").fill("受診票")
        page.get_by_role("button", name="絞り込む").click()

        expect(page).to_have_url(re.compile(r"[?&]q=%E5%8F%97%E8%A8%BA%E7%A5%A8"))
        expect(page.get_by_text("1件", exact=True)).to_be_visible()
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.get_by_role("link", name=TITLE)).to_be_visible()
        expect(rows).to_contain_text("外部委託")
        expect(rows).to_contain_text("作成中")
        expect(page.get_by_text(world.health_case.title)).to_have_count(0)

        page.screenshot(path=str(screenshot), full_page=True)

    assert screenshot.is_file()
    assert screenshot.stat().st_size > 0
