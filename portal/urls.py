from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from directory.sitemaps import ProfileSitemap
from portal.accounts.verification import resend_verification
from portal.api import api_router
from portal.sitemaps import PagesSitemap
from portal.staff_login import StaffLoginView, StaffPasswordResetView
from portal.views import favicon, robots_txt, set_language, site_map

urlpatterns = [
    # The Wagtail admin's sign-in pages under allauth's rate limits (portal/staff_login.py);
    # they shadow Wagtail's own views of the same names. There is no Django admin.
    path("admin/login/", StaffLoginView.as_view(), name="staff_login"),
    path("admin/password_reset/", StaffPasswordResetView.as_view(), name="staff_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The language switch: Django's, leading to the same page in the other language.
    path("i18n/setlang/", set_language, name="set_language"),
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
    path("", include("events.urls")),  # /agenda/calendrier.ics, sign-up links
    path("", include("directory.urls")),  # /compte/profil/ (own profile) and /annuaire/
    path("", include("search.urls")),  # /recherche/, /api/v1/directory/, /api/v1/skills/
    path(
        "compte/confirmation/renvoyer/",
        resend_verification,
        name="account_resend_verification",
    ),
    # The account home, export, deletion and the apps' pages there (portal/accounts/).
    path("compte/", include("portal.accounts.urls")),
    path("compte/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The pages: French at the root, English under /en/ (portal/i18n.py).
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
