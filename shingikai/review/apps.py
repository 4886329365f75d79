from __future__ import annotations

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ReviewConfig(AppConfig):
    name = "shingikai.review"
    label = "review"
    verbose_name = "事前点検"

    def ready(self) -> None:
        """Load and check the concern definitions once, at start-up: a broken definition
        stops the application with one message naming its file and entry."""
        from shingikai.review import catalog
        from shingikai.review.definitions import DefinitionError

        try:
            catalog.load()
        except DefinitionError as exc:
            raise ImproperlyConfigured(
                f"審議の観点（concerns）の定義に誤りがあります: {exc}"
            ) from exc
