"""A department adds and edits a flow step in place, in a real browser: htmx swaps the
dossier (table and diagram) without reloading the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from conftest import World
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus, FlowStep
from shingikai.dossiers.structure import dossier as d
from shingikai.ui.tests.browser import artifact, needs_chromium, signed_in_page

ACTION = "処理結果のデータを返す"
EDITED = "処理結果のデータを暗号化して返す"


def _draft(world: World) -> Case:
    case = Case.objects.create(
        council=world.council,
        department=world.health,
        kind="consultation",
        title="流れ図を描く作成中の案件",
        status=CaseStatus.DRAFT,
    )
    dossier = d.Dossier(
        council=world.council.name,
        municipality=world.municipality.name,
        kind="consultation",
        title=case.title,
        department_name=world.health.name,
        department_division=world.health.division,
        parties=(
            d.Party("ward", "健康推進課", "ward_division"),
            d.Party("contractor", "委託先株式会社", "contractor"),
        ),
        flow=(
            d.FlowStep(
                1, "ward", "contractor", action="発送データを渡す", channel="electronic_media"
            ),
        ),
    )
    return records.write_dossier(case, dossier)


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db(transaction=True)
def test_it_adds_and_edits_a_flow_step_in_place(
    world: World, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    case = _draft(world)
    case_url = f"{live_server.url}/cases/{case.pk}/"

    flow_shot = artifact("case-flow-section.png")
    page_shot = artifact("case-flow-page.png")
    console_errors: list[str] = []

    with signed_in_page(live_server.url, "tantouka", console_errors) as page:
        page.goto(case_url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(case.title)
        flow = page.locator("#flow")
        steps = flow.locator("table tbody tr")
        expect(steps).to_have_count(1)
        expect(page.locator('#flow-diagram g.step[data-step="1"]')).to_have_count(1)
        expect(page.locator('#flow-diagram g.step[data-step="2"]')).to_have_count(0)
        # A full page load would lose this.
        page.evaluate("window.__noReload = 'still here'")

        # Open the form in place.
        flow.get_by_role("link", name="流れを追加").click()
        expect(flow.get_by_role("heading", name="流れの追加")).to_be_visible()
        assert page.url == case_url
        expect(flow.get_by_label("番号")).to_have_value("2")
        flow.get_by_label("番号").fill("2")
        flow.get_by_label(re.compile(r"^送信元（どこから）")).select_option(label="委託先株式会社")
        flow.get_by_label(re.compile(r"^送信先（どこへ）")).select_option(label="健康推進課")
        flow.get_by_label("内容", exact=True).fill(ACTION)
        flow.get_by_label("経路・媒体").select_option(label="LGWAN")
        flow.get_by_role("button", name="保存").click()

        # The dossier comes back with the new row and the new arrow.
        expect(steps).to_have_count(2)
        new_row = page.locator("#step-2")
        expect(new_row).to_contain_text(ACTION)
        expect(new_row).to_contain_text("委託先株式会社 → 健康推進課")
        expect(new_row).to_contain_text("LGWAN")
        expect(page.locator('#flow-diagram g.step[data-step="2"]')).to_have_count(1)
        expect(page.locator("#flow-diagram svg")).to_contain_text(ACTION)
        expect(flow.locator("form")).to_have_count(2)  # the two delete buttons only
        assert page.evaluate("window.__noReload") == "still here"
        assert page.url == case_url
        step = FlowStep.objects.get(case=case, number=2)
        assert (step.source.key, step.target.key, step.action, step.channel) == (
            "contractor",
            "ward",
            ACTION,
            "lgwan",
        )

        # Edit the new step's 内容 the same way.
        new_row.get_by_role("link", name="編集").click()
        expect(flow.get_by_role("heading", name="流れ2の編集")).to_be_visible()
        expect(flow.get_by_label("内容", exact=True)).to_have_value(ACTION)
        flow.get_by_label("内容", exact=True).fill(EDITED)
        flow.get_by_role("button", name="保存").click()

        expect(page.locator("#step-2")).to_contain_text(EDITED)
        expect(steps).to_have_count(2)
        expect(page.locator('#flow-diagram g.step[data-step="2"]')).to_contain_text(EDITED)
        assert page.evaluate("window.__noReload") == "still here"
        # Every save rewrites the flow rows, so look the step up by its number again.
        assert FlowStep.objects.get(case=case, number=2).action == EDITED
        assert FlowStep.objects.filter(case=case).count() == 2
        expect(page.get_by_role("link", name=re.compile(r"個人情報の流れ（2）"))).to_be_visible()

        page.locator("#flow").screenshot(path=str(flow_shot))
        page.screenshot(path=str(page_shot), full_page=True)

    assert console_errors == []
    for shot in (flow_shot, page_shot):
        assert shot.is_file()
        assert shot.stat().st_size > 0
