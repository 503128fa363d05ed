from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "lantern.portal"
    label = "portal"
    verbose_name = "Advocate and victim views"
