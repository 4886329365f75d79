from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "shingikai.demo"
    label = "demo"
    verbose_name = "デモデータ"
