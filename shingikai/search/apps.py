from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "shingikai.search"
    label = "search"
    verbose_name = "検索"

    def ready(self) -> None:
        """Keep the index in step with every save and deletion of what it indexes."""
        from shingikai.search import sync

        sync.connect()
