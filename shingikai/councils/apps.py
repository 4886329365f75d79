from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "shingikai.councils"
    label = "councils"
    verbose_name = "審議会と組織"
