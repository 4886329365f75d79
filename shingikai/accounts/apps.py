from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shingikai.accounts"
    label = "accounts"
    verbose_name = "アカウントと監査"

    def ready(self) -> None:
        from shingikai.accounts import signals  # noqa: F401  (connects sign-in auditing)
