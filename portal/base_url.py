"""The site's one public base URL (``WAGTAILADMIN_BASE_URL``).

Every absolute link the site writes (emails of every kind, the sitemap, feeds, iCalendar,
JSON-LD) comes from here, never from the request's Host header; the default Wagtail Site
record is kept in step with it (``sync_default_site``, after every ``migrate`` and in
``seed_demo``), since Wagtail's sitemap and ``Page.full_url`` read the Site.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """``https://www.example.org`` (no trailing slash)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    """An absolute URL for a site path (``/agenda/…``); absolute URLs are returned as they are."""
    if "://" in path:
        return path
    return base_url() + "/" + path.lstrip("/")


def site_fields():
    """The hostname and port of the base URL, as Wagtail's Site stores them."""
    parts = urlsplit(base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"hostname": parts.hostname or "localhost", "port": port}


def sync_default_site():
    """Points the default Site at the base URL; returns True when it changed anything."""
    from wagtail.models import Site

    fields = site_fields()
    changed = Site.objects.filter(is_default_site=True).exclude(**fields).update(**fields)
    if changed:
        Site.clear_site_root_paths_cache()
    return bool(changed)


def webcal(path):
    """The ``webcal:`` address of a calendar feed (``/agenda/calendrier.ics?…``): calendar
    applications open it as a subscription that updates itself."""
    return "webcal://" + absolute(path).split("://", 1)[1]
