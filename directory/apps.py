from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    label = "directory"
    verbose_name = _("Annuaire des indépendants")

    def ready(self):
        from . import permissions, receivers  # noqa: F401 (registers the permissions)

        receivers.connect()
