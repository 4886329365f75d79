"""The precedents on the case page: the htmx fragment, the page of its own (no JavaScript),
and the section of the case page that loads them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.search import precedent_index

from .precedent_world import Precedents, build

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def scene(world: World) -> Precedents:
    return build(world)


def _url(scene: Precedents) -> str:
    return reverse("search:precedents", args=[scene.query.pk])


def test_the_fragment_shows_each_precedent_with_why_the_decision_and_what_was_asked(
    scene: Precedents, department_client: Client
) -> None:
    response = department_client.get(_url(scene), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="precedents-body"' in html
    past = scene.own_past
    assert f'href="/cases/{past.pk}/"' in html
    assert f"{past.number_label} {past.title}" in html
    # Where and when it was heard, in 和暦, with a link to the item on its meeting page.
    assert f'href="/meetings/{scene.meeting_2.pk}/#item-1"' in html
    assert "令和4年度第2回 議題1" in html and "令和4年7月1日" in html
    # Why it matched.
    assert re.search(r"<dt>同じ取扱い</dt><dd>外部委託</dd>", html)
    assert re.search(r"<dt>共通の項目区分</dt><dd>基本情報、要配慮個人情報</dd>", html)
    assert re.search(r"<dt>同じ委託先</dt><dd>委託先株式会社</dd>", html)
    assert "<dt>共通の語</dt>" in html and "「乳幼児」" in html
    # The decision and its condition.
    assert "承認（条件・付帯意見付き）" in html
    assert "条件：問診票の原本を毎月返却させること。" in html
    # What members asked, with links to where.
    assert "委託先での問診票の入力は何人で行いますか。" in html
    assert f'href="/meetings/{scene.meeting_2.pk}/#questions"' in html
    assert re.search(rf'href="/minutes/{scene.meeting_2.pk}/#u-\d+">問診票の原本はいつ', html)
    # Nothing of 子ども家庭課's closed item.
    assert "秘密" not in html and scene.other_closed.title not in html


def test_the_page_of_its_own_works_without_javascript(
    scene: Precedents, secretariat_client: Client
) -> None:
    response = secretariat_client.get(_url(scene))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>類似の過去案件</h1>" in html and 'class="breadcrumbs"' in html
    assert f'href="{scene.query.get_absolute_url()}"' in html
    assert html.count('class="precedent"') == 4
    assert scene.legacy.title in html and "過去の議題" in html
    assert "委託先での問診票の保管は施錠できる場所ですか。" in html  # a member's words


def test_the_case_page_loads_the_section_with_htmx_and_links_to_the_page(
    scene: Precedents, department_client: Client
) -> None:
    html = department_client.get(scene.query.get_absolute_url()).content.decode()
    url = _url(scene)
    assert '<h2 id="h-precedents">類似の過去案件</h2>' in html
    assert f'hx-get="{url}" hx-trigger="load"' in html
    assert f'<a href="{url}">類似の過去案件を見る</a>' in html


def test_nobody_reads_the_precedents_of_a_case_they_may_not_open(
    scene: Precedents, other_department_client: Client, client: Client
) -> None:
    assert other_department_client.get(_url(scene), **HTMX).status_code == 404
    response = client.get(_url(scene))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_says_so_when_there_is_no_precedent(world: World, secretariat_client: Client) -> None:
    precedent_index.rebuild_all()
    html = secretariat_client.get(
        reverse("search:precedents", args=[world.health_case.pk]), **HTMX
    ).content.decode()
    assert "似ている審議済みの案件・過去の議題は見つかりませんでした。" in html
