from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "shingikai.home"
    label = "home"
    verbose_name = "ホーム"
