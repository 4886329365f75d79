"""Crawl every public URL of the demo data and look for anything that must not be public:
a closed agenda item's title and reason, a non-public material, draft and unpublished cases,
and the meeting that is not yet published."""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urlencode, urljoin, urlsplit

import pdfplumber
import pytest
from django.core.management import call_command
from django.test import Client

from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings.models import AgendaItem, Material, Meeting

pytestmark = pytest.mark.django_db

HREF = re.compile(r'(?:href|src)="([^"#]+)')


def _secrets() -> list[str]:
    """Texts of the demo data that the public must never see."""
    secrets: list[str] = []
    for item in AgendaItem.objects.filter(is_public=False):
        secrets += [item.title, item.closed_reason]
    for material in Material.objects.filter(is_public=False):
        secrets.append(material.title)
    unpublished = Meeting.objects.filter(published_at__isnull=True)
    for item in AgendaItem.objects.filter(meeting__in=unpublished):
        if item.case_id:
            secrets.append(item.case.subtitle or item.case.title)
    for case in Case.objects.filter(status__in=(CaseStatus.DRAFT, CaseStatus.SUBMITTED)):
        secrets.append(case.subtitle or case.title)
    return [s for s in secrets if s and len(s) >= 6]


def _text(response: object) -> str:
    content_type = response["Content-Type"]  # type: ignore[index]
    body = (
        b"".join(response.streaming_content)
        if getattr(  # type: ignore[attr-defined]
            response, "streaming", False
        )
        else response.content
    )  # type: ignore[attr-defined]
    if content_type.startswith("application/pdf"):
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return body.decode("utf-8", errors="replace")


def crawl(client: Client, start: str = "/public/", *more: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque([start, "/public/feed/", *more])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        seen[url] = text
        for link in HREF.findall(text):
            target = urlsplit(urljoin(url, link.replace("&amp;", "&")))
            if target.netloc in ("", "testserver") and target.path.startswith("/public/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def test_it_never_shows_closed_or_unpublished_content_on_any_public_page() -> None:
    call_command("demo", verbosity=0)
    secrets = _secrets()
    assert any("審査請求" in s for s in secrets)  # the demo has a closed item to look for

    # The public search, asked for each secret (all but its last character, so that the
    # query shown back on the page is not the secret), and every page its results link to.
    searches = [f"/public/search/?{urlencode({'q': secret[:-1][:12]})}" for secret in secrets]
    pages = crawl(Client(), "/public/", *searches)

    assert len(pages) >= 6 + len(searches)
    for url, text in pages.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} appears on {url}"


def test_it_finds_a_decision_from_its_number() -> None:
    call_command("demo", verbosity=0)
    response = Client().get("/public/lookup/", {"number": "諮問第１０００号"})
    text = response.content.decode()
    assert "妊活オンライン相談等事業委託" in text
    assert "承認" in text


def test_it_does_not_find_a_closed_or_unpublished_item_by_number() -> None:
    call_command("demo", verbosity=0)
    scheduled = Case.objects.get(status=CaseStatus.SCHEDULED)
    text = Client().get("/public/lookup/", {"number": scheduled.number_label}).content.decode()
    assert "に当たる公開の案件・答申はありません" in text


def test_the_feed_lists_published_meetings_only() -> None:
    call_command("demo", verbosity=0)
    feed = Client().get("/public/feed/")
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "令和4年度第7回" in body
    unpublished = Meeting.objects.filter(published_at__isnull=True).first()
    assert unpublished is not None and unpublished.label not in body
