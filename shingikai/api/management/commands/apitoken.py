"""`shingikai apitoken create --user NAME --name TEXT [--days N]`, `shingikai apitoken list`
and `shingikai apitoken revoke PREFIX`.

The secret is printed once, by `create`; only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shingikai.accounts.models import User
from shingikai.api import actions
from shingikai.api.models import ApiToken


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


class Command(BaseCommand):
    help = "APIトークンの発行・一覧・失効"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="トークンを発行し、秘密を一度だけ表示します")
        create.add_argument("--user", required=True, help="トークンを使う利用者のユーザー名")
        create.add_argument("--name", required=True, help="名称・用途（例：文書管理システム）")
        create.add_argument("--days", type=int, help="有効期間（日）。省略すると無期限")
        listing = sub.add_parser("list", help="発行済みのトークンを表示します")
        listing.add_argument("--user", help="この利用者のトークンだけを表示します")
        revoke = sub.add_parser("revoke", help="トークンを失効させます")
        revoke.add_argument("prefix", help="一覧に表示される識別子（shk_ で始まる12文字）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options["user"], options["name"], options["days"])
        elif options["action"] == "list":
            self._list(options["user"])
        else:
            self._revoke(options["prefix"])

    def _create(self, username: str, name: str, days: int | None) -> None:
        owner = User.objects.filter(username=username).first()
        if owner is None:
            raise CommandError(f"利用者「{username}」が見つかりません。")
        if not owner.is_active:
            raise CommandError(f"利用者「{username}」は無効です。")
        if days is not None and days < 1:
            raise CommandError("--days は1以上にしてください。")
        if not name.strip():
            raise CommandError("--name を入力してください。")
        token, secret = actions.issue_token(None, owner, name.strip()[:100], days)
        self.stdout.write(secret)
        until = f"{_when(token.expires_at)}まで" if token.expires_at else "無期限"
        self.stderr.write(
            f"{owner}のトークン「{token.name}」（{token.prefix}…、{until}）を発行しました。"
            "秘密は再表示できません。"
        )

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("created_at", "id")
        if username:
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        t.prefix,
                        t.state_label,
                        t.user.username,
                        t.name,
                        f"発行 {_when(t.created_at)}",
                        f"最終利用 {_when(t.last_used_at)}",
                        f"期限 {_when(t.expires_at)}",
                    ]
                )
            )

    def _revoke(self, prefix: str) -> None:
        token = ApiToken.objects.filter(prefix=prefix.rstrip("…").strip()).first()
        if token is None:
            raise CommandError(f"識別子「{prefix}」のトークンが見つかりません。")
        try:
            actions.revoke_token(None, token)
        except actions.AlreadyRevoked as exc:
            raise CommandError(f"{token.prefix}… はすでに失効しています。") from exc
        self.stdout.write(f"{token.prefix}…（{token.name}）を失効させました。")
