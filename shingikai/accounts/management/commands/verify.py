"""`shingikai verify`: report records changed behind the application's back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shingikai.accounts import verify
from shingikai.accounts.models import AuditEvent


class Command(BaseCommand):
    help = "監査記録の連鎖と、確定した記録（提出版・議決・承認済みの会議録）の改ざんを検査します"

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify.problems()
        for problem in problems:
            self.stderr.write(problem)
        events = AuditEvent.objects.count()
        seals = AuditEvent.objects.filter(action=AuditEvent.Action.SEAL).count()
        if problems:
            raise CommandError(
                f"{len(problems)}件の不整合があります（監査記録{events}件を検査）", returncode=1
            )
        self.stdout.write(f"問題はありません（監査記録{events}件、確定記録{seals}件を検査）。")
