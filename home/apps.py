from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Réseau et actualités"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .forms import forget_commune_options
        from .models import Commune

        # The communes' type-ahead list is cached (home.forms.commune_options).
        post_save.connect(forget_commune_options, sender=Commune, dispatch_uid="communes-list")
        post_delete.connect(forget_commune_options, sender=Commune, dispatch_uid="communes-list")
