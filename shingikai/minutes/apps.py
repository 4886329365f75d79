from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "shingikai.minutes"
    label = "minutes"
    verbose_name = "会議録"
