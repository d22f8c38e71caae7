from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        from . import images  # noqa: F401 (connects the image cleaning receiver)
