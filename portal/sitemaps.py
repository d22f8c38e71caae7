"""The pages part of ``/sitemap.xml``: Wagtail's, in one query for any number of page types."""

from wagtail.contrib.sitemaps import Sitemap


class PagesSitemap(Sitemap):
    def items(self):
        """Wagtail's list, each page of its own class (``get_sitemap_urls`` may be
        overridden) with its own fields deferred: one query, not one per page type."""
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific(defer=True)
        )
