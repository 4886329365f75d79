"""`shingikai demo`: load the demo ward, council, meetings and cases (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shingikai.demo.loader import DEMO_PASSWORD, load


class Command(BaseCommand):
    help = (
        "デモデータ（世田谷区・新宿区の審議会、会議、案件）を読み込みます。"
        "2回目以降は何も変えません。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load()
        if not created:
            self.stdout.write("デモデータは読み込み済みです（変更なし）。")
            return
        for name, count in sorted(created.items()):
            self.stdout.write(f"  {name}: {count}件を作成")
        self.stdout.write(
            self.style.SUCCESS(
                "デモデータを読み込みました。アカウント secretariat / department / member、"
                f"パスワード {DEMO_PASSWORD}"
            )
        )
