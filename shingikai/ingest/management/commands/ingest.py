"""`shingikai ingest PATH… [--json | --dry-run] [--publish]`: import minutes files.

PATHs are files, folders (read recursively) or glob patterns. Each file is read, structured
and stored on its own (one transaction per file); a bad file gets one line `file: reason` on
stderr and the run goes on. A progress bar (tqdm) runs on stderr when it is a terminal, and a
summary table ends the run. The exit status is 1 when any file failed.

`--json` prints each file's structure in the minutes-json format (an array when several
files are given) and `--dry-run` only reports; neither touches the database.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shingikai.ingest import pipeline, store
from shingikai.lib import limits


class Command(BaseCommand):
    help = "会議録ファイル（テキスト・HTML・PDF・Word）を取り込みます"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="ファイル、フォルダ、またはglobパターン")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--json", action="store_true", help="読み取った構造をJSONで出力します（保存しません）"
        )
        mode.add_argument(
            "--dry-run", action="store_true", help="読み取って結果を報告するだけで保存しません"
        )
        parser.add_argument(
            "--publish", action="store_true", help="取り込んだ会議を公開サイトに公開します"
        )
        parser.add_argument(
            "--progress",
            choices=("auto", "always", "never"),
            default="auto",
            help="進捗バー（auto: 端末のときだけ表示）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        files, missing = pipeline.collect(options["paths"])
        for arg in missing:
            self._problem(arg, "ファイルが見つかりません。")
        summary = pipeline.Summary(failures=len(missing))
        outcomes: Counter[str] = Counter()
        records = []
        storing = not (options["json"] or options["dry_run"])
        with limits.Worker() as worker:  # one limited child reads every file
            for path in self._progress(files, options["progress"]):
                result = pipeline.process_path(path, worker=worker)
                if storing:
                    result = self._store(result, outcomes, publish=options["publish"])
                summary.add(result)
                if result.error:
                    self._problem(result.name, result.error)
                elif options["json"]:
                    records.append(result.record.as_json())  # type: ignore[union-attr]
                elif options["dry_run"] and self.verbosity >= 2:
                    self._read(result)
        if options["json"]:
            many = len(files) > 1
            if records or many:
                data = records if many else records[0]
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._table(summary, outcomes, dry_run=options["dry_run"])
        if summary.failures:
            raise CommandError(
                f"{summary.failures}件のファイルを取り込めませんでした", returncode=1
            )

    def _progress(self, files: list[Path], mode: str) -> Iterable[Path]:
        disable = {"auto": None, "always": False, "never": True}[mode]
        return tqdm(files, desc="取込", unit="件", file=sys.stderr, disable=disable)

    def _problem(self, name: str, reason: str) -> None:
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(f"{name}: {reason}")

    def _read(self, result: pipeline.FileResult) -> None:
        record = result.record
        if record is not None:
            what = f"議題{len(record.agenda)}・発言{len(record.utterances)}"
            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(f"{result.name}: {record.title or record.body}（{what}）")

    def _store(
        self, result: pipeline.FileResult, outcomes: Counter[str], *, publish: bool
    ) -> pipeline.FileResult:
        """Store a result (a failed one only in the file log); one that cannot be stored
        comes back as a failure."""
        stored = store.apply(result, publish=publish)
        outcomes[stored.outcome] += 1
        if not stored.ok and result.ok:
            return dataclasses.replace(result, record=None, error=stored.error)
        if stored.ok and self.verbosity >= 2:
            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(f"{stored.name}: {stored.meeting}（{stored.label}）")
        return result

    def _table(self, summary: pipeline.Summary, outcomes: Counter[str], *, dry_run: bool) -> None:
        rows = [
            ("ファイル", f"{summary.files}"),
            ("会議", f"{summary.meetings}"),
            ("議題", f"{summary.agenda_items}"),
            ("発言", f"{summary.utterances}"),
            ("質疑", f"{summary.questions}"),
            ("失敗", f"{summary.failures}"),
        ]
        if dry_run:
            rows.append(("保存", "なし（--dry-run）"))
        else:
            rows.append(
                (
                    "内訳",
                    f"新規 {outcomes[store.CREATED]}・差替え {outcomes[store.REPLACED]}"
                    f"・変更なし {outcomes[store.UNCHANGED]}",
                )
            )
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"{label}{'　' * (width - len(label))}  {value}")
