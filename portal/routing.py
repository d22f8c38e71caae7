"""Wagtail's routing in two queries instead of two per level of the tree.

Wagtail finds a page by walking down from the site's root, one query for the child with
the next slug and one for its specific page at each level (five queries for
``/telecentres/aurillac/``, plus the site). ``PageRouteMiddleware`` answers the same
question before Wagtail's ``serve`` view runs:

- the ``Site`` for the host, with its root page and locale, from a fragment of the page
  cache (cleared when the tree's shape changes: sites, moves, deletions, unpublishing);
- every page on the requested path in one query (their ``url_path`` is the root's plus the
  slugs), then the specific page where routing stops: one more query (with the rows
  its class names in ``routed_select_related``). Each page keeps its parent from that
  query (``get_parent()`` then costs none).

It gives exactly Wagtail's answer: a page whose own route comes before its children's (a
routable page whose sub-URLs match the rest of the path, or any other ``route()``) is
asked, as Wagtail would ask it. Under another language (``/en/…``) the walk starts at the
root's translation (from a fragment too), and a path not found there is looked for in the
site's own tree, as the home page's ``route()`` does; a root with its own routes or a tree
whose paths do not add up leave the request to Wagtail's own walk. The result goes
where Wagtail keeps it for the request (``request._wagtail_route_for_request``, read by
``Page.route_for_request``).
"""

from django.http import Http404
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from portal import page_cache


def _find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # Stored with the site: routing starts at the root and compares its locale.
        site.root_page.locale  # noqa: B018
    return site


def remember_site(request):
    """Wagtail's ``Site.find_for_request`` answer from a fragment (host and port), with its
    root page: two queries fewer for each page served."""
    if not hasattr(request, "_wagtail_site") and not request.path.startswith("/admin/"):
        request._wagtail_site = page_cache.fragment(
            request,
            "wagtail_site",
            lambda: _find_site(request),
            request.get_host(),
            group=page_cache.STRUCTURE,  # the root's specific page is read again by routing
        )
        # Wagtail's URLs of pages (``pageurl``) read the sites' root paths from the request
        # first: from a fragment that follows the sites and the pages' addresses, they are
        # not read again when a home page's content is published (Wagtail forgets its own
        # copy on any save of a site's root).
        request._wagtail_cached_site_root_paths = page_cache.fragment(
            request, "site_root_paths", Site.get_site_root_paths
        )


def _answers_first(cls, page, components):
    """Whether ``page`` (of class ``cls``) answers ``components`` itself before looking
    for a child, as its ``route()`` would."""
    if cls.route is Page.route or getattr(cls, "routes_as_wagtail_in_own_locale", False):
        return False
    if cls.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            cls.get_resolver().resolve("/" + "".join(f"{c}/" for c in components))
        except Http404:
            return False
        return True
    return True  # a route() of its own: let it decide


class _Fallback(Exception):
    """This path is left to Wagtail's own walk."""


def route(request, site, path):
    """``Page.route_for_request``'s result for ``path`` under ``site``; raises ``Http404``
    as Wagtail's routing does, ``_Fallback`` where Wagtail's own walk must answer."""
    root = site.root_page
    components = [component for component in path.split("/") if component]
    root_class = root.specific_class
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        raise _Fallback from None  # Wagtail takes the default locale then
    own_locale = root.locale.language_code == language
    if not own_locale:
        root = _localized_root(request, root, language)
        root_class = root and root.specific_class
    if not components or root_class is None or _answers_first(root_class, root, components):
        raise _Fallback
    if not own_locale:
        try:
            return _route_below(request, root, components)
        except Http404:
            # Not translated: found in the site's own tree, as the home page's route() does.
            return _route_below(request, site.root_page, components)
    return _route_below(request, root, components)


def _localized_root(request, root, language):
    """The root's live translation in ``language`` (its locale loaded), or ``None``; read
    once per version of the tree (``False`` stands for none in the cache)."""

    def build():
        translation_ = root.get_translation_or_none(
            Locale.objects.filter(language_code=language).first()
        )
        if translation_ is None or not translation_.live:
            return False
        translation_.locale  # noqa: B018
        return translation_

    return (
        page_cache.fragment(
            request,
            "localized_root",
            build,
            request.get_host(),
            root.pk,
            language,
            group=page_cache.STRUCTURE,
        )
        or None
    )


def _route_below(request, root, components):
    """Every page on the path under ``root`` in one query, then the one that answers."""
    candidates = [
        root.url_path + "".join(f"{c}/" for c in components[: depth + 1])
        for depth in range(len(components))
    ]
    chain = list(
        Page.objects.filter(
            url_path__in=candidates, path__startswith=root.path, depth__gt=root.depth
        ).order_by("depth")
    )
    if not chain:
        raise Http404
    for index, page in enumerate(chain):
        page_class = page.specific_class
        if (
            page.depth != root.depth + index + 1
            or page.url_path != candidates[index]
            or page_class is None
        ):
            raise _Fallback
        # Its parent is known: ``get_parent()`` (treebeard's cache, copied to the specific
        # page) costs no query ("All communes" link, a news item's tags, breadcrumbs).
        page._cached_parent_obj = chain[index - 1] if index else root
        remaining = components[index + 1 :]
        if index == len(chain) - 1 or _answers_first(page_class, page, remaining):
            return _specific(page, page_class).route(request, remaining)
    raise _Fallback  # not reached: the loop returns at the chain's end


def _specific(page, page_class):
    """``page.specific``, with the related rows its class names in ``routed_select_related``
    read in the same query (a commune page's commune)."""
    related = getattr(page_class, "routed_select_related", ())
    if not related:
        return page.specific
    specific = page_class._default_manager.select_related(*related).get(pk=page.pk)
    for name, value in page.__dict__.items():  # as Wagtail's get_specific() copies them
        specific.__dict__.setdefault(name, value)
    return specific


class PageRouteMiddleware:
    """Sets Wagtail's site and route for the request (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):  # other views may ask for the site too
            remember_site(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return
        remember_site(request)  # a page's POST too (sign-ups)
        site = getattr(request, "_wagtail_site", None)
        if site is None:
            return
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            request._wagtail_route_for_request = route(request, site, path)
        except Http404:
            request._wagtail_route_for_request = None
        except _Fallback:
            pass
