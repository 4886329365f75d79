"""`shingikai restore PATH [--yes]`: put a backup back, after checking it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shingikai.ops import backup
from shingikai.ops.archive import BackupError, Manifest


class Command(BaseCommand):
    help = (
        "バックアップファイルを検査してから、データベースとアップロードされたファイルを"
        "その時点の内容に戻します。戻した後、すべての表をバックアップ時と照合します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="shingikai backup が作ったファイル")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="yes",
            help="確認せずに復元します（cron やスクリプトから使うとき）",
        )

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        with tempfile.TemporaryDirectory(prefix="shingikai-restore-") as folder:
            try:
                manifest = backup.open_archive(path, Path(folder))
            except BackupError as exc:
                self._fail(exc.problems, "復元しませんでした（データベースは変更していません）。")
            if not yes and not self._confirmed(manifest):
                self.stdout.write("復元を取りやめました（何も変更していません）。")
                return
            try:
                result = backup.restore(manifest, Path(folder))
            except BackupError as exc:
                self._fail(exc.problems, "復元できませんでした。")
        if result.problems:
            self._fail(
                result.problems, f"復元後の照合で{len(result.problems)}件の不一致があります。"
            )
        rows = sum(t.rows for t in result.tables.values())
        self.stdout.write(
            f"復元しました：{backup.moment(manifest)}のバックアップと、表{len(result.tables)}個・"
            f"{rows:,}行がすべて一致しました（ファイル{result.media}件を戻しました）。"
        )
        if result.kept:
            self.stdout.write(
                f"バックアップにないファイル{len(result.kept)}件はそのまま残しました。"
            )
        if result.pending:
            self.stdout.write(
                f"未適用のマイグレーションが{len(result.pending)}件あります。"
                "shingikai migrate を実行してください。"
            )

    def _confirmed(self, manifest: Manifest) -> bool:
        question = (
            f"{backup.database_label()} の内容を消して、{backup.moment(manifest)}の"
            f"バックアップ（表{len(manifest.tables)}個、ファイル{len(manifest.media_files)}件）"
            "で置き換えます。よろしいですか？ [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            return False
        return answer.strip().lower() in {"y", "yes"}

    def _fail(self, problems: list[str], summary: str) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        raise CommandError(summary, returncode=1)
