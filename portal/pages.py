"""Page tree helpers shared by every page type: view restrictions read once per version of
the page tree (portal.page_cache), not once per ``.public()`` and once per page served.

``PortalPageManager`` and ``CachedViewRestrictionsMixin`` are for the site's base page
class (``home.models.BasePage``); every page type that inherits it gets them.
"""

from django.db.models import Q

from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from portal import page_cache


def restricted_sections():
    """``(path, depth)`` of every page with a view restriction (its section is private)."""
    return page_cache.fragment(
        None,
        "view_restrictions",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
        group=page_cache.STRUCTURE,  # paths change with restrictions, moves and deletions
    )


def private_q():
    """Pages in a restricted section, from the cached list (no query): Wagtail's
    ``PageQuerySet.private_q``. ``pages.exclude(private_q())`` is ``pages.public()``."""
    q = Q()
    for path, depth in restricted_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


class PortalPageQuerySet(PageQuerySet):
    def private_q(self):
        return private_q()


class PortalPageManager(PageManager.from_queryset(PortalPageQuerySet)):
    pass


class CachedViewRestrictionsMixin:
    def get_view_restrictions(self):
        """Wagtail's, skipped (no query) when no section of the site is restricted."""
        if not restricted_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
