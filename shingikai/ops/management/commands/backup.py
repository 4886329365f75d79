"""`shingikai backup [PATH]`: the database and the uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shingikai.ops import backup
from shingikai.ops.archive import BackupError


class Command(BaseCommand):
    help = (
        "データベースとアップロードされたファイルを1つのバックアップファイル（.tar.gz）に"
        "保存します。サーバーを止める必要はありません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="保存先のファイル名またはフォルダ（省略時は var/backups/ に日時の名前で保存）",
        )

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        try:
            dest, manifest = backup.create_backup(path)
        except BackupError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("バックアップを作成できませんでした。", returncode=1) from None
        rows = sum(t.rows for t in manifest.tables.values())
        megabytes = dest.stat().st_size / 1024 / 1024
        self.stdout.write(str(dest))
        self.stdout.write(
            f"バックアップを作成しました（{backup.database_label()}、表{len(manifest.tables)}個・"
            f"{rows:,}行、ファイル{len(manifest.media_files)}件、{megabytes:.1f} MB）。"
        )
