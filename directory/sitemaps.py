from django.contrib.sitemaps import Sitemap

from .models import Profile


class ProfileSitemap(Sitemap):
    """Public profiles only (``Profile.objects.public()``)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Profile.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, profile):
        return profile.updated_at
