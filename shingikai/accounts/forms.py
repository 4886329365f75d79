from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """The sign-in form with Japanese labels and messages."""

    error_messages = {
        "invalid_login": _(
            "ユーザー名またはパスワードが正しくありません。大文字と小文字は区別されます。"
        ),
        "inactive": _("このアカウントは利用停止中です。事務局にお問い合わせください。"),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("ユーザー名")
        self.fields["password"].label = _("パスワード")
