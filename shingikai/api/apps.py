from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shingikai.api"
    label = "api"
    verbose_name = "API"
