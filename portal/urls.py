from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from directory.sitemaps import ProfileSitemap
from portal.account_views import resend_verification
from portal.api import api_router
from portal.sitemaps import PagesSitemap
from portal.staff_login import StaffLoginView, StaffPasswordResetView
from portal.views import favicon, robots_txt, site_map

urlpatterns = [
    # The Wagtail admin's sign-in pages under allauth's rate limits (portal/staff_login.py);
    # they shadow Wagtail's own views of the same names. There is no Django admin.
    path("admin/login/", StaffLoginView.as_view(), name="staff_login"),
    path("admin/password_reset/", StaffPasswordResetView.as_view(), name="staff_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("plan-du-site/", site_map, name="site_map"),
    path("favicon.ico", favicon),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PagesSitemap, "profiles": ProfileSitemap}},
        name="sitemap",
    ),
    path("api/v2/", api_router.urls),
    # /agenda/calendrier.ics, sign-up links, /compte/inscriptions/
    path("", include("events.urls")),
    path("", include("directory.urls")),  # /compte/ (own profile, data) and /annuaire/
    path("", include("search.urls")),  # /recherche/, /api/v1/directory/, /api/v1/skills/
    path(
        "compte/confirmation/renvoyer/",
        resend_verification,
        name="account_resend_verification",
    ),
    path("compte/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
