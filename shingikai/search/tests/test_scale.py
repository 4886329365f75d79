"""What keeps a search fast at scale keeps its answer: each lane (kind and audience) walked
newest first from the index (`backends.newest`) gives the reference set in date order, with
filters or with none; counts stop at their cap and say so; relevance ranks the newest window
and the rest follow by date; a deleted document leaves the index and its place row."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test import Client

from shingikai.lib import wareki
from shingikai.search import indexing, service
from shingikai.search.backends import backend, place, sort_date
from shingikai.search.models import Audience, DocumentKind, SearchDocument
from shingikai.search.query import matches, parse, rank
from shingikai.search.service import DATE, EVERYTHING, RELEVANCE, Filters, Scope, search
from shingikai.search.tokens import fold

from .conftest import Searchable

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 4, 1)
KINDS = (DocumentKind.CASE, DocumentKind.DECISION, DocumentKind.UTTERANCE)
AUDIENCES = (Audience.INTERNAL, Audience.BOTH, Audience.PUBLIC, Audience.INTERNAL)
TEXTS = [
    "外部委託の内容",
    "委託先のサーバーに保管",
    "再委託を承認する",
    "ＵＳＢメモリで渡す",
    "個人情報の外部結合",
    "委託 委託 委託",
    "何もない",
]
QUERIES = ["委託", "個", "USB", "委託 -再委託", "外部 OR サーバ", '"外部 委託"', "結合"]


def _store() -> list[SearchDocument]:
    """Documents of three kinds over several fiscal years (one undated, one without a year,
    a few whose year disagrees with their date), in a shuffled order of ids."""
    docs = []
    for i in range(42):
        date = None if i == 5 else DAY - dt.timedelta(days=(i * 47) % 800)
        year = None if i == 7 else wareki.fiscal_year(date or DAY) + (i % 13 == 1)
        year = 12000 if i == 9 else year  # beyond the years a document is placed within
        docs.append(
            SearchDocument(
                key=f"scale:{i}",
                unit=f"scale:{i}",
                kind=KINDS[i % 3],
                audience=AUDIENCES[i % 4],
                object_id=i,
                title=f"文書{i}",
                url="/",
                text=TEXTS[i % len(TEXTS)],
                date=date,
                fiscal_year=year,
            )
        )
    return indexing.write(docs)


def _newest_first(docs: list[SearchDocument]) -> list[int]:
    def key(d: SearchDocument) -> tuple[bool, dt.date, int]:
        date = sort_date(d.date, d.fiscal_year)
        return (date is not None, date or DAY, d.pk)

    return [d.pk for d in sorted(docs, key=key, reverse=True)]


def test_each_lane_walks_the_reference_matches_newest_first() -> None:
    stored = _store()
    engine = backend()
    spans = ((None, None), (2023, None), (None, 2023), (2023, 2023), (2022, 2024), (1, 30000))
    for years in spans:
        filtered = SearchDocument.objects.filter(Filters(year_from=years[0], year_to=years[1]).q())
        within = [d for d in stored if d.pk in set(filtered.values_list("pk", flat=True))]
        odd = filtered.filter(object_id__in=range(1, 42, 2))
        for docs, rows in ((filtered, within), (odd, [d for d in within if d.object_id % 2])):
            # without filters (the secretariat's search) the index is walked alone
            unfiltered = SearchDocument.objects.all() if years == (None, None) else docs
            for text in QUERIES:
                query = parse(text)
                for lane in itertools.product(KINDS, Audience.values):
                    expected = _newest_first(
                        [
                            d
                            for d in rows
                            if (d.kind, d.audience) == lane and matches(query, fold(d.text))
                        ]
                    )
                    found = engine.newest(docs, query, lane, 0, 100, years)
                    assert [pk for pk, _key in found] == expected, (text, lane, years)
                    page = engine.newest(docs, query, lane, 2, 3, years)
                    assert [pk for pk, _key in page] == expected[2:5]
                    if docs is filtered:
                        alone = engine.newest(unfiltered, query, lane, 0, 100, years)
                        assert [pk for pk, _key in alone] == expected


def test_a_search_knows_which_lanes_hold_documents() -> None:
    stored = _store()
    lanes = list(itertools.product(DocumentKind.values, Audience.values))
    held = {(d.kind, d.audience) for d in stored}
    occupied = backend().occupied(lanes)
    assert held <= occupied  # never skips a lane with documents
    if connection.vendor == "sqlite":
        assert occupied == held
    assert backend().occupied([]) == set()


def _staff(stored: list[SearchDocument]) -> list[SearchDocument]:
    """The documents the secretariat finds: those not written for the public site only."""
    return [d for d in stored if d.audience != Audience.PUBLIC]


def test_newest_first_merges_the_kinds_and_pages_through_them() -> None:
    stored = _staff(_store())
    query = parse("委託")
    expected = _newest_first([d for d in stored if matches(query, fold(d.text))])
    seen = []
    for page in (1, 2, 3):
        results = search("委託", EVERYTHING, order=DATE, page=page, per_page=7)
        seen += [hit.doc.pk for hit in results.hits]
    assert results.total == len(expected) > 14
    assert seen == expected[:21]


def test_counts_stop_at_the_cap_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = _staff(_store())
    monkeypatch.setattr(service, "COUNT_CAP", 3)
    results = search("委託", EVERYTHING, order=DATE, per_page=2, page=9)
    assert results.counts == {"case": 3, "decision": 3, "utterance": 3}
    assert results.capped == {"case", "decision", "utterance"}
    assert (results.total, results.total_label, results.pages, results.page) == (9, "9件以上", 5, 5)
    assert results.kind_labels()[0] == ("case", "案件", "3以上")
    query = parse("委託")
    expected = _newest_first([d for d in stored if matches(query, fold(d.text))])
    assert [hit.doc.pk for hit in results.hits] == expected[8:10]
    rare = search("USB", EVERYTHING, Filters(kind="case"))
    assert (rare.capped, rare.total_label) == (frozenset(), f"{rare.total}件")
    assert rare.total == sum(
        1 for d in stored if d.kind == "case" and matches(parse("USB"), fold(d.text))
    )


def test_relevance_ranks_the_newest_window_and_the_rest_follow_by_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = _staff(_store())
    query = parse("委託")
    newest = _newest_first([d for d in stored if matches(query, fold(d.text))])
    by_id = {d.pk: d for d in stored}
    monkeypatch.setattr(service, "RANK_WINDOW", 6)
    ranked = [hit.doc.pk for hit in search("委託", EVERYTHING, order=RELEVANCE, per_page=100).hits]
    window = newest[:6]
    counts = [[by_id[pk].text.count("委託")] for pk in window]
    best = [window[i] for i in rank(counts, [len(by_id[pk].text) for pk in window])]
    assert ranked == best + newest[6:]
    assert by_id[ranked[0]].text == "委託 委託 委託"


def test_rank_prefers_repeated_and_rarer_terms_in_shorter_texts() -> None:
    assert rank([[1, 0], [3, 0], [1, 1]], [10, 10, 10]) == [2, 1, 0]
    assert rank([[1], [1]], [100, 10]) == [1, 0]
    assert rank([], []) == []


def _places(table: str, column: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - the test's own names
        return {row[0] for row in cursor.fetchall()}


def _placed(docs: list[SearchDocument]) -> set[int]:
    return {place(d.kind, d.date, d.pk, d.fiscal_year, d.audience) for d in docs}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_a_deleted_document_leaves_the_index() -> None:
    stored = _store()
    rowids = _places("search_fts", "rowid")
    assert rowids == _placed(stored) == _places("search_place", "place")
    gone = [d for d in stored if d.date is None or d.fiscal_year in (None, 12000) or d.pk % 5 == 0]
    assert any(d.fiscal_year != wareki.fiscal_year(d.date) for d in gone if d.date)
    assert {d.audience for d in gone} == set(Audience.values)
    SearchDocument.objects.filter(pk__in=[d.pk for d in gone]).delete()
    assert _places("search_fts", "rowid") == rowids - _placed(gone)
    assert _places("search_place", "place") == rowids - _placed(gone)


def test_a_place_keeps_kinds_apart_and_puts_the_newest_first() -> None:
    """Within a kind, ascending places are newest first: later date, then higher id."""
    assert place("case", DAY.replace(day=2), 1) < place("case", DAY, 6) < place("case", DAY, 5)
    assert place("case", dt.date(1900, 1, 2), 1) < place("case", None, 99)
    assert place("case", None, 1) < place("case", dt.date(9999, 12, 31), 1, None, "both")
    assert place("case", None, 1, None, "public") < place("handling", DAY, (1 << 38) - 1)
    assert 0 < place("utterance", None, 1, None, "public") < 1 << 63


def test_a_document_is_placed_within_its_fiscal_year() -> None:
    assert sort_date(DAY, 2024) == DAY
    assert sort_date(DAY, 2025) == dt.date(2025, 4, 1)
    assert sort_date(DAY, 2022) == dt.date(2023, 3, 31)
    assert sort_date(None, 2022) == dt.date(2022, 4, 1)
    assert sort_date(DAY, None) == DAY
    assert sort_date(None, None) is None


def test_the_page_says_when_a_count_stopped_at_its_cap(
    searchable: Searchable, secretariat_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = secretariat_client.get("/search/", {"q": "の"}).content.decode()
    assert re.search(r"検索結果：\d+件</h2>", exact) and "以上" not in exact
    monkeypatch.setattr(service, "COUNT_CAP", 2)
    results = search("の", Scope(user=searchable.world.secretariat))
    assert results.capped and results.total > 2
    html = secretariat_client.get("/search/", {"q": "の"}).content.decode()
    assert f"検索結果：{results.total}件以上</h2>" in html
    assert "件数は種類ごとに2件まで数えています。" in html
    shown = re.findall(r'search-kinds__count">([^<]+)</span>', html)
    assert shown == [f"{results.total}以上"] + [n for _k, _label, n in results.kind_labels()]
    assert "2以上" in shown and html.count('class="search-hit"') == 20  # more than counted
