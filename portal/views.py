from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page, Site

from portal.base_url import absolute


@require_GET
@cache_control(max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page says."""
    return redirect(static("img/favicon-32.png"), permanent=True)


def site_map(request):
    """``/plan-du-site/``: the human site map (RGAA 12.3), beside the menu and the search.

    The page tree's sections with their pages (one query, read as rows: the site has
    hundreds of commune pages), except the items of listing pages (news, events), which
    their section lists; then the pages outside the tree. A page's URL is its root's plus
    its path under the root, as Wagtail makes it for the pages of one site.
    """
    site = Site.find_for_request(request)
    sections = []
    if site:
        root = site.root_page
        root_url = root.get_url(request)
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(root)
            .filter(depth__in=(root.depth + 1, root.depth + 2))
            .order_by("path")
            .values("path", "depth", "title", "url_path", "content_type_id")
        )
        listing = set()
        for page in pages:
            page["url"] = root_url + page["url_path"][len(root.url_path) :]
            if page["depth"] == root.depth + 1:
                sections.append({"page": page, "children": []})
                model = ContentType.objects.get_for_id(page["content_type_id"]).model_class()
                if not getattr(model, "site_map_lists_children", True):
                    listing.add(page["path"])
            elif (
                sections
                and page["path"].startswith(sections[-1]["page"]["path"])
                and sections[-1]["page"]["path"] not in listing
            ):
                sections[-1]["children"].append(page)
    return render(
        request,
        "portal/site_map.html",
        {"root": site.root_page if site else None, "sections": sections},
    )


def set_language(request):
    """The language switch: Django's ``set_language`` (checks, cookie), leading to the same
    page in the chosen language (its translation, or that language's home page when it has
    none); a view outside the page tree stays where it is, in the new language."""
    from django.views.i18n import set_language as django_set_language

    from portal.i18n import translated_url

    response = django_set_language(request)
    language = request.POST.get("language")
    next_url = request.POST.get("next", "")
    if (
        request.method == "POST"
        and response.status_code == 302
        and language in {code for code, _name in settings.LANGUAGES}
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        target = translated_url(request, next_url, language)
        if target:
            response["Location"] = target
    return response
