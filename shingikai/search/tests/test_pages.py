"""The search screens: the form, counts per kind, order, pages, snippets and links; the
anchors the links point at."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from shingikai.search.models import SearchDocument
from shingikai.search.tokens import fold

from .conftest import Searchable

Commit = Callable[[], AbstractContextManager[Any]]

pytestmark = pytest.mark.django_db


def test_it_asks_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/search/", {"q": "委託"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_the_form_with_japanese_labels(secretariat_client: Client) -> None:
    html = secretariat_client.get("/search/").content.decode()
    for label in ("検索語", "審議会", "年度（から）", "年度（まで）", "種別", "取扱い", "担当課"):
        assert f">{label}</label>" in html
    assert "発言者" in html and "結果" in html
    assert "検索結果" not in html


def test_it_lists_results_with_counts_snippets_and_links(
    searchable: Searchable, secretariat_client: Client
) -> None:
    html = secretariat_client.get("/search/", {"q": "ＵＳＢ"}).content.decode()
    total = int(re.search(r"検索結果：(\d+)件", html).group(1))
    internal = SearchDocument.objects.exclude(audience="public")
    assert total == sum("usb" in fold(d.text) for d in internal) == 4  # ＵＳＢ and USB
    assert "<mark>ＵＳＢ</mark>" in html and "<mark>USB</mark>" in html
    assert f'href="/cases/{searchable.world.health_case.pk}/"' in html
    assert f'href="/minutes/{searchable.world.meeting.pk}/#u-3"' in html
    assert "?q=%EF%BC%B5%EF%BC%B3%EF%BC%A2&amp;type=utterance" in html
    assert "新しい順" in html


def test_it_escapes_what_it_shows(
    searchable: Searchable, secretariat_client: Client, commit: Commit
) -> None:
    case = searchable.world.health_case
    with commit():
        case.summary = "<b>太字</b>の概要"
        case.save()
    html = secretariat_client.get("/search/", {"q": "太字"}).content.decode()
    assert "&lt;b&gt;<mark>太字</mark>&lt;/b&gt;" in html


def test_it_pages_and_filters_by_kind(searchable: Searchable, secretariat_client: Client) -> None:
    all_hits = secretariat_client.get("/search/", {"q": "の"}).content.decode()
    total = int(re.search(r"検索結果：(\d+)件", all_hits).group(1))
    assert total > 20 and all_hits.count('class="search-hit"') == 20
    second = secretariat_client.get("/search/", {"q": "の", "page": 2}).content.decode()
    assert second.count('class="search-hit"') == min(20, total - 20)
    assert 'start="21"' in second
    only = secretariat_client.get("/search/", {"q": "の", "type": "utterance"}).content.decode()
    assert only.count('badge badge--type">発言') == only.count('class="search-hit"') > 0


def test_it_explains_a_query_it_cannot_run(secretariat_client: Client) -> None:
    html = secretariat_client.get("/search/", {"q": "-委託"}).content.decode()
    assert "除外する語（-語）だけでは検索できません" in html


def test_it_anchors_every_utterance_where_results_point(
    searchable: Searchable, secretariat_client: Client
) -> None:
    meeting = searchable.world.meeting
    internal = secretariat_client.get(f"/minutes/{meeting.pk}/").content.decode()
    orders = searchable.minutes.utterances.values_list("order", flat=True)
    assert all(f'id="u-{n}"' in internal for n in orders)
    public = Client().get(f"/public/meetings/{meeting.pk}/minutes/").content.decode()
    closed = searchable.minutes.utterances.filter(agenda_item=searchable.closed_item)
    assert 'id="u-1"' in public and 'id="u-4"' in public
    assert all(f'id="u-{u.order}"' not in public for u in closed)
    page = Client().get(f"/public/meetings/{meeting.pk}/").content.decode()
    assert 'id="item-1"' in page and 'id="item-2"' not in page
