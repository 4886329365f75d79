"""Each persona finds only what its pages show it; the public site only published content.
Nothing hidden shows up in results, snippets or counts."""

from __future__ import annotations

import pytest
from django.test import Client

from shingikai.meetings import access as meeting_access
from shingikai.meetings.models import Meeting
from shingikai.minutes.models import Minutes
from shingikai.search import access
from shingikai.search.service import PUBLIC, Filters, Scope, search

from .conftest import Searchable

pytestmark = pytest.mark.django_db

PERSONAS = ("secretariat", "department", "other_department", "member", "outsider", "public")
# probe → the personas that find it (the department is 健康推進課: item 1, public; the other
# department is 子ども家庭課: item 2, closed, and a draft)
EXPECTED = {
    "受診票": {"secretariat", "department", "member"},  # 健康推進課's case
    "秘密保持": {"secretariat", "other_department", "member"},  # 子ども家庭課's scheduled case
    "極秘": {"secretariat", "other_department"},  # 子ども家庭課's draft
    "秘密審議": {"secretariat", "other_department", "member"},  # utterance on the closed item
    "秘密の結論": {"secretariat", "other_department", "member"},  # decision on it
    "秘密の条件": {"secretariat", "other_department", "member"},  # condition on it
    "秘密の質問": {"secretariat", "other_department", "member"},  # question on it
    "アクセスログ": {"secretariat", "department", "other_department", "member", "public"},
    "点検表": {"secretariat", "department", "other_department", "member"},  # staff page only
    "ログの確認を条件": {"secretariat", "department", "other_department", "member"},
    "暗号化機能": {"secretariat", "department", "other_department", "member", "public"},
    "外部委託について説明": {"secretariat", "department", "other_department", "member", "public"},
    "ただいまから": {"secretariat", "department", "other_department", "member", "public"},
}


def _scope(searchable: Searchable, persona: str) -> Scope:
    return PUBLIC if persona == "public" else Scope(user=getattr(searchable.world, persona))


def test_it_shows_each_persona_exactly_what_it_may_see(searchable: Searchable) -> None:
    for probe, allowed in EXPECTED.items():
        found = {
            persona for persona in PERSONAS if search(probe, _scope(searchable, persona)).total > 0
        }
        assert found == allowed, probe


def test_it_never_counts_what_the_public_may_not_see(searchable: Searchable) -> None:
    for probe in ("秘密", "極秘", "審議予定", "子ども家庭課", "受診票", "点検表"):
        results = search(probe, PUBLIC)
        assert (results.total, results.counts, results.hits) == (0, {}, []), probe
    everything = search("個 OR 秘密 OR 会長 OR 委託", PUBLIC, per_page=100)
    assert everything.total == len(everything.hits) > 0
    assert all("秘密" not in hit.doc.text and "極秘" not in hit.doc.text for hit in everything.hits)
    assert all(hit.url.startswith("/public/") for hit in everything.hits)


def test_it_never_shows_hidden_content_on_the_public_search_page(searchable: Searchable) -> None:
    anonymous = Client()
    for probe in ("秘密", "審議予定", "極秘"):
        html = anonymous.get("/public/search/", {"q": probe}).content.decode()
        assert "検索結果：0件" in html
        assert "search-hit" not in html
    html = anonymous.get("/public/search/", {"q": "会長"}).content.decode()
    assert "<mark>会長</mark>" in html
    assert "秘密" not in html and "審議予定" not in html


def test_it_follows_publication_and_approval_at_once(searchable: Searchable) -> None:
    Minutes.objects.filter(pk=searchable.minutes.pk).update(status=Minutes.Status.CIRCULATED)
    assert search("ただいまから", PUBLIC).total == 0
    assert search("アクセスログ", PUBLIC).total == 1
    Meeting.objects.filter(pk=searchable.world.meeting.pk).update(published_at=None)
    assert search("アクセスログ", PUBLIC).total == 0
    assert search("ただいまから", Scope(user=searchable.world.member)).total == 1


def test_it_reads_the_agenda_the_meeting_pages_show(searchable: Searchable) -> None:
    world = searchable.world
    for user in (world.secretariat, world.department, world.other_department, world.member):
        expected = {
            item.pk
            for meeting in meeting_access.visible_meetings(user)
            for item in meeting_access.visible_agenda(user, meeting)
        }
        assert set(access.visible_items(user).values_list("pk", flat=True)) == expected
        questions = {
            q.pk
            for meeting in meeting_access.visible_meetings(user)
            for q in meeting_access.visible_questions(user, meeting)
        }
        assert set(access.visible_questions(user).values_list("pk", flat=True)) == questions


def test_it_filters_by_department_kind_handling_role_and_year(searchable: Searchable) -> None:
    world = searchable.world

    def kinds(text: str, **filters: object) -> set[str]:
        results = search(text, Scope(user=world.secretariat), Filters(**filters), per_page=100)
        return {hit.doc.key.split(":")[0] for hit in results.hits}

    assert kinds("秘密", department=world.health.pk) == set()
    assert "utterance" in kinds("秘密", department=world.childcare.pk)
    assert kinds("会長", role="chair") == {"utterance"}
    assert kinds("会長", role="member") == set()
    assert kinds("受診票", handling="outsourcing") == {"case"}
    assert kinds("秘密保持", handling="outsourcing") == set()
    assert kinds("アクセスログ", outcome="approved_with_conditions") == {"condition"}
    assert kinds("アクセスログ", outcome="approved") == set()
    assert kinds("ただいまから", year_from=2022, year_to=2022) == {"utterance"}
    assert kinds("ただいまから", year_from=2023) == set()
    assert kinds("受診票", case_kind="report") == set()


def test_draft_minutes_are_found_by_the_secretariat_only(searchable: Searchable) -> None:
    Minutes.objects.filter(pk=searchable.minutes.pk).update(status=Minutes.Status.DRAFT)
    world = searchable.world
    assert search("ただいまから", Scope(user=world.secretariat)).total == 1
    for persona in ("department", "other_department", "member"):
        assert search("ただいまから", Scope(user=getattr(world, persona))).total == 0, persona
    Minutes.objects.filter(pk=searchable.minutes.pk).update(status=Minutes.Status.CIRCULATED)
    assert search("ただいまから", Scope(user=world.member)).total == 1


def test_only_the_secretariat_without_filters_skips_the_per_document_check(
    searchable: Searchable,
) -> None:
    """The lanes keep the audience apart, so when the audience is the only rule the search
    reads every document of its lanes; any other rule is checked document by document."""
    world = searchable.world
    unchecked = {
        name: not Scope(user=getattr(world, name)).documents(Filters()).query.where
        for name in ("secretariat", "department", "member", "outsider")
    }
    assert unchecked == {
        "secretariat": True,
        "department": False,
        "member": False,
        "outsider": False,
    }
    assert PUBLIC.documents(Filters()).query.where
    assert Scope(user=world.secretariat).documents(Filters(role="member")).query.where
    assert Scope(user=world.secretariat).documents(Filters(year_from=2024)).query.where
