from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "shingikai.dossiers"
    label = "dossiers"
    verbose_name = "案件"
