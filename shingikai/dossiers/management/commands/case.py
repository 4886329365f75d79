"""`shingikai case import FILE…` and `shingikai case export CASE [-o FILE]`.

Import loads each file whole or not at all; every problem is printed on its own line with
its path in the file, and the exit status is 1 when any file failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shingikai.dossiers import importing, records
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import casefile
from shingikai.lib import numbering


class Command(BaseCommand):
    help = "案件ファイル（YAML/JSON）の取込と書き出し"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="案件ファイルを検証して取り込みます")
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--check", action="store_true", help="検証だけ行い、取り込みません")
        exp = sub.add_parser("export", help="案件を案件ファイルとして書き出します")
        exp.add_argument("case", help="案件のID、または「諮問第999号」のような番号")
        exp.add_argument("-o", "--output", type=Path, help="出力先（省略時は標準出力）")
        exp.add_argument("--json", action="store_true", help="JSONで書き出します")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["files"], check_only=options["check"])
        else:
            self._export(options["case"], options["output"], as_json=options["json"])

    def _import(self, files: list[Path], *, check_only: bool) -> None:
        failed = 0
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{path}: 読み込めません（{exc.strerror}）")
                failed += 1
                continue
            try:
                if check_only:
                    importing.parse_bytes(data)
                    self.stdout.write(f"{path}: 問題はありません")
                    continue
                result = importing.import_bytes(None, data)
            except casefile.CaseFileError as exc:
                failed += 1
                for problem in exc.problems:
                    self.stderr.write(f"{path}: {problem}")
                continue
            verb = "作成" if result.created else "更新"
            self.stdout.write(f"{path}: {result.case}（ID {result.case.pk}）を{verb}しました")
        if failed:
            raise CommandError(f"{failed}件のファイルを取り込めませんでした", returncode=1)

    def _export(self, key: str, output: Path | None, *, as_json: bool) -> None:
        case = _find_case(key)
        dossier = records.dossier_of(case)
        text = casefile.dump_json(dossier) if as_json else casefile.dump(dossier)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"{case} を {output} に書き出しました")


def _find_case(key: str) -> Case:
    if key.isdigit():
        case = Case.objects.filter(pk=int(key)).first()
    else:
        label = numbering.parse_number_label(key)
        kinds = {"諮問": "consultation", "報告": "report"}
        matches = (
            Case.objects.filter(number=label[1], kind=kinds.get(label[0], ""))
            if label
            else Case.objects.none()
        )
        if matches.count() > 1:
            raise CommandError(f"「{key}」に当たる案件が複数あります。IDで指定してください。")
        case = matches.first()
    if case is None:
        raise CommandError(f"案件「{key}」が見つかりません。")
    return case
