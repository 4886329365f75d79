"""`shingikai search QUERY [--json] [filters] [--order relevance|date] [--limit N]`.

Searches everything (as the secretariat would), or only what the public site shows with
`--public`, or what one user may see with `--user NAME`. Prints each result's title, place,
link and snippet, or the results as JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shingikai.accounts.models import User
from shingikai.search.models import DocumentKind
from shingikai.search.service import (
    DATE,
    EVERYTHING,
    PUBLIC,
    RELEVANCE,
    Filters,
    Results,
    Scope,
    search,
)


class Command(BaseCommand):
    help = "案件・会議・会議録を全文検索します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help='検索語（AND、OR、-除外、"フレーズ"）')
        parser.add_argument("--json", action="store_true", help="JSONで出力します")
        parser.add_argument("--council", type=int, help="審議会のID")
        parser.add_argument("--from-year", type=int, help="年度（から、西暦）")
        parser.add_argument("--to-year", type=int, help="年度（まで、西暦）")
        parser.add_argument("--kind", default="", help="案件の種別（consultation, report）")
        parser.add_argument("--handling", default="", help="取扱いの種類（outsourcing など）")
        parser.add_argument("--department", type=int, help="担当課のID")
        parser.add_argument("--role", default="", help="発言者の立場（chair, member など）")
        parser.add_argument("--outcome", default="", help="結果（approved など）")
        parser.add_argument(
            "--type", default="", choices=["", *DocumentKind.values], help="結果の種類"
        )
        parser.add_argument("--order", choices=(RELEVANCE, DATE), default=RELEVANCE)
        parser.add_argument("--limit", type=int, default=20, help="表示する件数")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--public", action="store_true", help="公開サイトの範囲で検索します")
        who.add_argument("--user", help="このユーザーが見られる範囲で検索します")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit は1以上にしてください")
        results = search(
            options["query"],
            self._scope(options),
            self._filters(options),
            order=options["order"],
            per_page=options["limit"],
        )
        if results.error:
            raise CommandError(results.error)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(results), ensure_ascii=False, indent=2))
        else:
            self._print(results)

    def _scope(self, options: dict[str, Any]) -> Scope:
        if options["public"]:
            return PUBLIC
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"ユーザー「{options['user']}」はいません")
            return Scope(user=user)
        return EVERYTHING

    def _filters(self, options: dict[str, Any]) -> Filters:
        return Filters(
            council=options["council"],
            year_from=options["from_year"],
            year_to=options["to_year"],
            case_kind=options["kind"],
            handling=options["handling"],
            department=options["department"],
            role=options["role"],
            outcome=options["outcome"],
            kind=options["type"],
        )

    def _print(self, results: Results) -> None:
        counts = "・".join(f"{label} {n}" for _k, label, n in results.kind_labels())
        self.stdout.write(results.total_label + (f"（{counts}）" if counts else ""))
        for hit in results.hits:
            self.stdout.write("")
            self.stdout.write(f"[{hit.kind_label}] {hit.doc.title}")
            self.stdout.write(f"    {hit.doc.where}　{hit.url}".rstrip())
            self.stdout.write(f"    {hit.snippet.plain()}")


def as_json(results: Results) -> dict[str, Any]:
    return {
        "query": [[t.raw for t in group] for group in results.query.groups],
        "excluded": [t.raw for t in results.query.excluded],
        "total": results.total,
        "counts": results.counts,
        "capped": sorted(results.capped),  # kinds whose count stopped at the cap
        "results": [
            {
                "kind": hit.doc.kind,
                "title": hit.doc.title,
                "where": hit.doc.where,
                "url": hit.url,
                "date": hit.doc.date.isoformat() if hit.doc.date else None,
                "snippet": hit.snippet.plain(),
            }
            for hit in results.hits
        ],
    }
