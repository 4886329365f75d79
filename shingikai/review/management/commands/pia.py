"""`shingikai pia threshold --people N --handlers M [--serious-incident] [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shingikai.lib import jpnum
from shingikai.review import pia


def _count(name: str, raw: str) -> int:
    if raw.strip().startswith(("-", "－", "−")):
        raise CommandError(f"{name}: 0以上の整数を指定してください（「{raw}」は負の数です）")
    try:
        value = jpnum.parse_number(raw.strip())
    except ValueError:
        raise CommandError(
            f"{name}: 0以上の整数を指定してください（「{raw}」は数値ではありません）"
        ) from None
    return value


class Command(BaseCommand):
    help = "特定個人情報保護評価のしきい値判断"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        judge = sub.add_parser("threshold", help="必要な評価と手続を判定します")
        # Read as text so that a bad value gets one clear line rather than argparse's usage.
        judge.add_argument("--people", required=True, help="対象人数")
        judge.add_argument("--handlers", required=True, help="取扱者数（委託先を含む）")
        judge.add_argument(
            "--serious-incident", action="store_true", help="過去1年以内に重大事故があった"
        )
        judge.add_argument("--json", action="store_true", help="JSONで出力します")

    def handle(self, *args: Any, **options: Any) -> None:
        people = _count("--people", options["people"])
        handlers = _count("--handlers", options["handlers"])
        if people < 0 or handlers < 0:
            raise CommandError("--people と --handlers は0以上の整数を指定してください")
        judgement = pia.threshold(people, handlers, options["serious_incident"])
        if options["json"]:
            self.stdout.write(json.dumps(judgement.as_dict(), ensure_ascii=False, indent=2))
            return
        required = "、".join(judgement.required_labels) or "義務なし"
        self.stdout.write(f"必要な評価: {required}")
        self.stdout.write(f"理由: {judgement.reason}")
        for number, step in enumerate(judgement.steps, 1):
            self.stdout.write(
                f"  {number}. {step.label}" + (f"（{step.note}）" if step.note else "")
            )
