"""Site-wide template tags: main menu, breadcrumbs, JSON-LD."""

import json

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from portal import i18n, listing_cache, page_cache
from portal.pages import private_q

register = template.Library()


def _menu_pages(request):
    """The root's live, public menu pages as plain values (cached with the page tree), each
    in the active language: its translation there, or else the default language's page
    (served under the language's prefix, marked with its own ``lang``)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page
    pages = list(root.get_children().live().in_menu().exclude(private_q()))
    language = translation.get_language()
    translated = {}
    if language != i18n.default_language():
        translated = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=[page.translation_key for page in pages],
                locale_id=i18n.locale_id(language),
            )
            .live()
            .exclude(private_q())
        }
    items = []
    for page in pages:
        shown = translated.get(page.translation_key)
        if shown is not None:
            items.append({"title": shown.title, "url": shown.get_url(request), "lang": ""})
            continue
        url = page.get_url(request)
        lang = ""
        if language != i18n.default_language():  # the French page, under /en/
            url = reverse("wagtail_serve", args=(page.url_path[len(root.url_path) :],))
            lang = i18n.default_language()
        items.append({"title": page.title, "url": url, "lang": lang})
    for item, page in zip(items, pages, strict=True):
        shown = translated.get(page.translation_key, page)
        item["url_path"] = shown.url_path
        item["source_path"] = page.url_path
    return items


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The header: the page tree's menu pages and the directory, the search box, the account.

    The menu pages come from a fragment cached until the page tree changes (portal.page_cache).
    """
    request = context.get("request")
    current = context.get("page") or context.get("self")
    path = request.path if request else ""
    current_path = current.url_path if isinstance(current, Page) else None
    host = request.get_host() if request else ""
    menu = page_cache.fragment(
        request, "main_menu", lambda: _menu_pages(request), host, translation.get_language()
    )
    items = [
        {
            "title": item["title"],
            "url": item["url"],
            "lang": item["lang"],
            "active": bool(
                current_path
                and (
                    current_path.startswith(item["url_path"])
                    or current_path.startswith(item["source_path"])
                )
            ),
        }
        for item in menu
    ]
    directory_url = reverse("search:directory")
    items.append(
        {
            "title": _("Annuaire"),
            "url": directory_url,
            "active": path.startswith(directory_url),
        }
    )
    user = context.get("user") or getattr(request, "user", None)
    display_name = ""
    can_admin = False
    if user is not None and user.is_authenticated:
        display_name = user.get_full_name() or user.email or user.get_username()
        can_admin = user.has_perm("wagtailadmin.access_admin")
    return {
        "items": items,
        "request": request,
        "user": user,
        "display_name": display_name,
        "can_admin": can_admin,
        "account_active": path.startswith(reverse("accounts:home")),
        "csrf_token": context.get("csrf_token"),
    }


def _trail(page):
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return [
        (str(_("Accueil")) if ancestor.depth == 2 else ancestor.title, ancestor.url)
        for ancestor in ancestors
    ]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current=None):
    """The trail to the current page: its ancestors for a Wagtail page; for a view outside
    the page tree (``{% breadcrumbs current="Annuaire" %}``), the home page, then ``current``.
    The ancestors come from a fragment cached until the page tree changes."""
    page = context.get("page")
    if isinstance(page, Page):
        if page.depth <= 2:
            return {"trail": [], "current": None}
        request = context.get("request")
        trail = page_cache.fragment(
            request, "breadcrumbs", lambda: _trail(page), page.path, translation.get_language()
        )
        return {"trail": trail, "current": page.title}
    if not current:
        return {"trail": [], "current": None}
    return {"trail": [(_("Accueil"), "/")], "current": current}


@register.simple_tag
def content_language(page):
    """The language of ``page``'s content (its locale), ``""`` outside the page tree."""
    return i18n.language_of(page) if isinstance(page, Page) else ""


@register.filter
def lang_attr(item):
    """`` lang="fr"`` on an item written in another language than the active one: a page
    of another locale, or anything else (event titles, written in the default language)
    while the site speaks another language; nothing otherwise."""
    language = i18n.language_of(item) if isinstance(item, Page) else i18n.default_language()
    if language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` to each language version of the page, and
    ``x-default`` (the French one), when the page has more than one."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.id:
        return {"alternates": []}
    alternates = i18n.alternates(page, context.get("request"))
    if len(alternates) < 2:
        return {"alternates": []}
    return {"alternates": alternates, "default": alternates[0][1]}


class CachedBlockNode(template.Node):
    """The text of a block, from ``store(request, name, render, *parts)``."""

    def __init__(self, store, name, parts, nodelist):
        self.store, self.name, self.parts, self.nodelist = store, name, parts, nodelist

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return self.store(
            context.get("request"),
            self.name.resolve(context),
            lambda: self.nodelist.render(context),
            *parts,
        )


def _cached_block(parser, token, store):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    name, *parts = (parser.compile_filter(bit) for bit in bits[1:])
    return CachedBlockNode(store, name, parts, nodelist)


@register.tag
def cached_listing(parser, token):
    """A listing stored apart from its page for anonymous visitors, until what its SQL read
    changes (``portal.listing_cache``)::

        {% cached_listing "agenda-dates" %}…{% endcached_listing %}

    Everything shown inside must be read inside (lazy querysets), and nothing set inside
    may be used after it."""
    return _cached_block(parser, token, listing_cache.cached_listing)


@register.tag
def cached_fragment(parser, token):
    """A part of every page cached until the page tree or settings change (``site``), for
    everyone (``portal.page_cache.fragment``: each worker keeps its own copy)::

        {% cached_fragment "site_footer" LANGUAGE_CODE %}…{% endcached_fragment %}

    What is inside must not depend on the visitor (no user, no CSRF token)."""
    return _cached_block(parser, token, page_cache.fragment)


@register.simple_tag
def json_ld(data):
    """Renders a dict (or a JSON string) as a JSON-LD script, safe inside HTML."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def euros(value):
    if value is None or value == "":
        return ""
    amount = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if amount.endswith(",00"):
        amount = amount[:-3]
    return f"{amount} €"
