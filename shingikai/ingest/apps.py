from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "shingikai.ingest"
    label = "ingest"
    verbose_name = "会議録の取込"
