from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "shingikai.ops"
    label = "ops"
    verbose_name = "運用（バックアップと復元）"
