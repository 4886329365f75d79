"""`shingikai precheck FILE [--json]`: the precheck of a case file, without the database's
cases (the data-item catalogue is read from the database when it is there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from shingikai.dossiers import records
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure.catalogue import SEED_ITEMS
from shingikai.review import catalog, engine


def _catalogue() -> dict[str, str]:
    try:
        return records.catalogue() or dict(SEED_ITEMS)
    except DatabaseError:  # no database yet: the built-in catalogue
        return dict(SEED_ITEMS)


class Command(BaseCommand):
    help = "案件ファイルを事前点検し、委員から出そうな論点を表示します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="JSONで出力します")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: 読み込めません（{exc.strerror}）") from exc
        categories = _catalogue()
        try:
            dossier = casefile.parse(casefile.load_bytes(data), categories)
        except casefile.CaseFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{path}: 案件ファイルに{len(exc.problems)}件の問題があります"
            ) from exc
        findings = engine.run(dossier, catalog.concerns(), categories)
        if options["json"]:
            payload = {"file": str(path), "findings": [f.as_dict() for f in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{dossier.title}：論点{len(findings)}件")
        for f in findings:
            places = "、".join(r.label for r in f.evidence[:3])
            self.stdout.write(f"[{f.severity_label}] {f.concern_id} {f.question}")
            self.stdout.write(f"    根拠: {places}")
