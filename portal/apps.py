from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_site(sender, **kwargs):
    from portal.base_url import sync_default_site

    sync_default_site()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        # The Site record follows WAGTAILADMIN_BASE_URL after every `migrate`.
        post_migrate.connect(_sync_site, sender=self)
        from . import (
            images,  # noqa: F401 (connects the image cleaning receiver)
            page_invalidation,
        )

        page_invalidation.connect()
        from . import i18n

        i18n.use_cached_active_locale()
