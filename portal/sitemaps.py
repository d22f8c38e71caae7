"""The pages part of ``/sitemap.xml``: Wagtail's, in one query for any number of page types,
every language's tree, each page with its other language versions (``hreflang``)."""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal import i18n


class PagesSitemap(Sitemap):
    def items(self):
        """Wagtail's list, each page of its own class (``get_sitemap_urls`` may be
        overridden) with its own fields deferred: one query, not one per page type. The
        home page's translations (``/en/``) bring their trees."""
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        )
        trees = Q()
        for path in roots:
            trees |= Q(path__startswith=path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific(defer=True)
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's, with ``alternates``: every language version of the page listed here,
        and ``x-default`` (the default language's)."""
        urls = super()._urls(page, protocol, domain)
        versions = {}
        for item in self.paginator.page(page).object_list:
            versions.setdefault(item.translation_key, []).append(item)
        by_location = {}
        for pages in versions.values():
            if len(pages) < 2:
                continue
            alternates = [
                {"lang_code": i18n.language_of(p), "location": p.get_full_url(self.request)}
                for p in pages
            ]
            default = [a for a in alternates if a["lang_code"] == i18n.default_language()]
            alternates += [{"lang_code": "x-default", "location": a["location"]} for a in default]
            for alternate in alternates:
                by_location.setdefault(alternate["location"], alternates)
        for url in urls:
            url["alternates"] = by_location.get(url["location"], [])
        return urls
