from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from shingikai.accounts import security
from shingikai.accounts.models import User


class SignInForm(AuthenticationForm):
    """The sign-in form with Japanese labels and messages."""

    error_messages = {
        "invalid_login": _(
            "ユーザー名またはパスワードが正しくありません。大文字と小文字は区別されます。"
        ),
        "inactive": _("このアカウントは利用停止中です。事務局にお問い合わせください。"),
        "locked": _(
            "サインインの失敗が続いたため、このアカウントは一時的にロックされています。"
            "15分ほど待ってから、もう一度お試しください。"
        ),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("ユーザー名")
        self.fields["password"].label = _("パスワード")

    def clean(self) -> dict[str, object]:
        username = self.cleaned_data.get("username", "")
        user = User.objects.filter(username=username).first()
        if user is not None and security.is_locked(user):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            data = super().clean()
        except forms.ValidationError:
            if username:
                security.record_failure(username)
            raise
        if self.user_cache is not None:
            security.record_success(self.user_cache)
        return data


class CodeForm(forms.Form):
    """The six-digit code of an authenticator app."""

    code = forms.CharField(
        label=_("確認コード（6桁）"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("確認コードを入力してください。")},
    )
