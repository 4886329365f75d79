"""`shingikai reindex`: rebuild the whole search index and the precedents' profiles (a
progress bar runs on stderr)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from shingikai.search import indexing, precedent_index


class Command(BaseCommand):
    help = "検索索引と類似案件の特徴を作り直します（案件・会議・会議録のすべて）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--progress",
            choices=("auto", "always", "never"),
            default="auto",
            help="進捗バー（auto: 端末のときだけ表示）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        disable = {"auto": None, "always": False, "never": True}[options["progress"]]

        def progress(units: Iterable[str], total: int) -> Iterable[str]:
            return tqdm(
                units, total=total, desc="索引", unit="件", file=sys.stderr, disable=disable
            )

        written = indexing.reindex_all(progress)
        self.stdout.write(f"検索索引を作り直しました（{written}件の文書）。")
        profiles = precedent_index.rebuild_all(progress)
        self.stdout.write(f"類似案件の特徴を作り直しました（{profiles}件）。")
