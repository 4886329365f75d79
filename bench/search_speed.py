"""How fast the full-text search answers, one- and two-character terms included.

Builds a temporary database (SQLite by default; PostgreSQL when DATABASE_URL is set, e.g.
under scripts/with-postgres) with N synthetic utterances of about 120 characters, drawn from
council vocabulary, indexes them through the search index (`indexing.write`), and times
queries of each shape through `service.search` (the whole path: access filter, match,
counts per kind, ranking or date order, one page of snippets).

    .venv/bin/python bench/search_speed.py [--docs 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "個人情報",
    "外部委託",
    "再委託",
    "外部結合",
    "委託先",
    "USB",
    "ＵＳＢメモリ",
    "サーバー",
    "サーバ",
    "暗号化",
    "保管",
    "削除",
    "受診票",
    "区民",
    "氏名",
    "住所",
    "生年月日",
    "電話番号",
    "ｶﾅ",
    "カナ",
    "委員",
    "会長",
    "説明",
    "確認",
    "承認",
    "了承",
    "条件",
    "付帯意見",
    "契約",
    "事業者",
    "システム",
    "ログ",
    "アクセス",
    "管理",
    "安全",
    "措置",
    "個",
    "人",
    "データ",
    "提供",
    "目的外利用",
    "マイナンバー",
    "特定個人情報",
    "評価",
    "第三者点検",
    "審議",
    "諮問",
    "報告",
    "答申",
    "です",
    "ます",
    "ので",
    "は",
    "が",
    "を",
    "に",
]
QUERIES = [
    "個",
    "人",
    "委託",
    "結合",
    "USB",
    "ＵＳＢ",
    "サーバー",
    "ｶﾅ",
    '"外部 委託"',
    "委託 -再委託",
    "USB OR 暗号化",
    "個人情報 保管 削除",
    "存在しない語句",
]


def _text(rng: random.Random) -> str:
    words: list[str] = []
    length = 0
    while length < 120:
        words.append(rng.choice(WORDS))
        length += len(words[-1])
    return "".join(words) + "。"


def _populate(count: int) -> None:
    from shingikai.search import indexing
    from shingikai.search.models import Audience, DocumentKind, SearchDocument

    rng = random.Random(1)
    for start in range(0, count, 2000):
        indexing.write(
            SearchDocument(
                key=f"bench:{i}",
                unit=f"bench:{i // 100}",
                kind=DocumentKind.UTTERANCE,
                object_id=i,
                audience=Audience.BOTH,
                title=f"会議録 {i // 100}",
                url="/",
                text=_text(rng),
            )
            for i in range(start, min(count, start + 2000))
        )


def _time(query: str, order: str, repeat: int) -> tuple[float, str]:
    """Median ms and the total as shown (「1,000以上」: counts stop at service.COUNT_CAP)."""
    from shingikai.search.service import EVERYTHING, search

    times = []
    total = ""
    for _ in range(repeat):
        began = time.perf_counter()
        results = search(query, EVERYTHING, order=order)
        times.append(time.perf_counter() - began)
        total = results.all_label
    return statistics.median(times) * 1000, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shingikai-search-") as tmp:
        os.environ["SHINGIKAI_VAR_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        _populate(args.docs)
        seconds = time.perf_counter() - began
        print(
            f"{connection.vendor}: indexed {args.docs} documents in {seconds:.1f} s "
            f"({args.docs / seconds:.0f}/s)"
        )
        print(f"{'query':<22}{'hits':>8}{'relevance ms':>15}{'date ms':>10}")
        for query in QUERIES:
            by_rank, total = _time(query, "relevance", args.repeat)
            by_date, _total = _time(query, "date", args.repeat)
            print(f"{query:<22}{total:>8}{by_rank:>15.1f}{by_date:>10.1f}")
        if connection.vendor == "postgresql":
            call_command("flush", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
