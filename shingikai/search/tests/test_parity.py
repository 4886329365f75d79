"""The same query gives the same set on both backends: each database's answer is compared
with the pure-Python reference (`query.matches` over the folded text of the very same
documents). `make test` runs this on SQLite and on PostgreSQL, which proves parity on both.
"""

from __future__ import annotations

import random

import pytest

from shingikai.search import indexing
from shingikai.search.backends import backend
from shingikai.search.models import DocumentKind, SearchDocument
from shingikai.search.query import Query, QueryError, matches, parse
from shingikai.search.service import EVERYTHING, Filters, matching
from shingikai.search.tokens import MAX_CHUNK, fold

from .conftest import Searchable

pytestmark = pytest.mark.django_db

TEXTS = [
    "外部委託の内容：受診票の印字・封入",
    "外部 委託（改行\nあり）",
    "委託外部",
    "再委託を承認する",
    "ＵＳＢメモリで渡す",
    "usb stick and USB-C",
    "サーバーに保管",
    "サーバで保管",
    "ｶﾅ氏名",
    "カナ氏名と漢字氏名",
    "個",
    "個人情報の外部結合",
    "結合",
    "ああああああ",
    "e-mail（Ｅ－ｍａｉｌ）",
    'He said "OR" and NOT',
    "Straße と STRASSE",
    "３ヶ月・3ケ月・3か月",
    "ｶﾞｲﾄﾞﾗｲﾝ",
    "😀絵文字😀",
    "",
    "ー",
    # longer than one chunk, with a bigram repeated past the tsvector's 256 positions
    "する" * 400 + "外部委託の末尾" + "個" * (MAX_CHUNK + 100) + "最後の結合",
]
QUERIES = [
    "外部委託",
    '"外部 委託"',
    "外部 委託",
    "委託 -再委託",
    "個",
    "委託",
    "結合",
    "USB",
    "ＵＳＢ",
    "usb",
    "サーバー",
    "サーバ",
    "ｶﾅ",
    "カナ OR 漢字",
    "ああ",
    "あああ",
    "e-mail",
    '"OR"',
    "OR",
    "strasse",
    "3ケ月",
    "ガイド",
    "😀",
    "外部委託の末尾",
    "最後の結合 -する",
    "する 個 -絵文字",
    "氏名 -ｶﾅ",
]


def _store(texts: list[str]) -> list[SearchDocument]:
    return indexing.write(
        SearchDocument(
            key=f"parity:{i}",
            unit=f"parity:{i}",
            kind=DocumentKind.CASE,
            object_id=i,
            title=f"文書{i}",
            url="/",
            text=text,
        )
        for i, text in enumerate(texts)
    )


def _backend_ids(query: Query) -> set[int]:
    docs = backend().restrict(SearchDocument.objects.all(), query)
    return set(docs.values_list("pk", flat=True))


def _reference_ids(query: Query, folded: dict[int, str]) -> set[int]:
    return {pk for pk, text in folded.items() if matches(query, text)}


def _random_queries(count: int) -> list[str]:
    """Queries made of pieces of the texts: substrings, OR, minus and quotes."""
    pool = [t for t in TEXTS if t][:-1]
    rng = random.Random(7)
    queries = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(1, 3)):
            text = rng.choice(pool)
            start = rng.randrange(len(text))
            word = text[start : start + rng.randint(1, 4)].strip() or "個"
            if " " in word or rng.random() < 0.2:
                word = f'"{word}"'
            words.append(word)
        if len(words) > 1 and rng.random() < 0.3:
            words.insert(1, "OR")
        if rng.random() < 0.3:
            words.append("-" + rng.choice(["委託", "個", "usb", "サーバ"]))
        queries.append(" ".join(words))
    return [q for q in queries if _runnable(q)]


def _runnable(text: str) -> bool:
    try:
        return not parse(text).is_empty
    except QueryError:
        return False


def test_it_gives_the_reference_answer_for_every_query() -> None:
    docs = _store(TEXTS)
    assert len(docs) > len(TEXTS)  # the long text was cut into parts
    folded = {d.pk: fold(d.text) for d in SearchDocument.objects.all()}
    for text in QUERIES + _random_queries(100):
        query = parse(text)
        assert _backend_ids(query) == _reference_ids(query, folded), text


def test_it_finds_one_and_two_character_terms_and_variants() -> None:
    _store(TEXTS)
    found = {
        q: {d.text for d in SearchDocument.objects.filter(pk__in=_backend_ids(parse(q)))}
        for q in ("個", "結合", "USB", "サーバ", "カナ")
    }
    assert "個" in found["個"]
    assert {"結合", "個人情報の外部結合"} <= found["結合"]
    assert {"ＵＳＢメモリで渡す", "usb stick and USB-C"} <= found["USB"]
    assert {"サーバーに保管", "サーバで保管"} <= found["サーバ"]
    assert {"ｶﾅ氏名", "カナ氏名と漢字氏名"} <= found["カナ"]


def test_it_gives_the_reference_answer_over_a_whole_council(searchable: Searchable) -> None:
    """The same over every document of the searchable world, through the full search
    (secretariat scope, no filters)."""
    everything = list(SearchDocument.objects.all())
    assert len(everything) > 30
    for text in ["個", "委託", "外部委託", "USB", "サーバ", "秘密", "会長 -秘密", "ｶﾅ OR 条件"]:
        query = parse(text)
        expected = {
            d.pk for d in everything if d.audience != "public" and matches(query, fold(d.text))
        }
        assert set(matching(query, EVERYTHING, Filters()).values_list("pk", flat=True)) == expected
