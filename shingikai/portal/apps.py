from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "shingikai.portal"
    label = "portal"
    verbose_name = "公開サイト"
