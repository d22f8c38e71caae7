from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    label = "events"
    verbose_name = "Événements et inscriptions"

    def ready(self):
        from . import signals  # noqa: F401
