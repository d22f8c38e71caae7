"""Languages of the site's content (docs/languages.md).

French is the default locale, served at the site root; English pages are served under
``/en/`` (``i18n_patterns`` around Wagtail's URLs in ``portal.urls``). The URL decides the
language of a page (a visitor who chose English with the switch is sent from a French
address to the English one); the other views (``/annuaire/``, ``/recherche/``,
``/compte/``…) are not prefixed and follow the language cookie set by the switch. A page asked for under
``/en/`` that has no English version is served from the French tree, its content marked
``lang="fr"`` with a notice in English (``HomePage.route``).
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from portal import page_cache

PAGE_VIEW = "wagtail_serve"


def default_language():
    return settings.LANGUAGE_CODE


def language_of_request(request, cookie_language):
    """``(language, redirect)`` for a request: the ``/en/`` prefix decides; an unprefixed
    page of the tree is French, except that a visitor who chose another language is sent
    (GET and HEAD) to that language's address of the page (``redirect``); every other view
    follows the cookie."""
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path, None
    if cookie_language == default_language():
        return cookie_language, None
    with translation.override(default_language()):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return cookie_language, None
    if match.view_name != PAGE_VIEW:
        return cookie_language, None
    if request.method in ("GET", "HEAD"):
        query = request.META.get("QUERY_STRING", "")
        with translation.override(cookie_language):
            url = reverse(PAGE_VIEW, args=match.args, kwargs=match.kwargs)
        return default_language(), url + (f"?{query}" if query else "")
    return default_language(), None


def _locales():
    """``{locale id: language code}`` and back, read once per version of the page tree."""
    from wagtail.models import Locale

    return page_cache.fragment(
        None,
        "locales",
        lambda: dict(Locale.objects.values_list("pk", "language_code")),
        group=page_cache.STRUCTURE,
    )


def language_of(page):
    """The language code of a page's locale (no query)."""
    return _locales().get(getattr(page, "locale_id", None), default_language())


def locale_id(language=None):
    language = language or translation.get_language() or default_language()
    for pk, code in _locales().items():
        if code == language:
            return pk
    return None


def localized(queryset, language=None):
    """Pages of the active language's locale, and the default locale's pages that have no
    translation in it (so a list in English still shows what exists only in French).
    One query."""
    wanted = locale_id(language)
    default = locale_id(default_language())
    if wanted is None or wanted == default:
        return queryset.filter(locale_id=default)
    from wagtail.models import Page

    translated = Page.objects.filter(locale_id=wanted).values("translation_key")
    return queryset.filter(
        Q(locale_id=wanted) | (Q(locale_id=default) & ~Q(translation_key__in=translated))
    )


def alternates(page, request=None):
    """``[(language code, absolute URL)]`` of the live public versions of ``page``, French
    first (cached with the page tree)."""
    from wagtail.models import Page

    def build():
        pages = Page.objects.filter(translation_key=page.translation_key).live().public()
        found = [(language_of(p), p.get_full_url(request)) for p in pages]
        order = [code for code, _name in settings.LANGUAGES]
        return sorted(found, key=lambda item: order.index(item[0]) if item[0] in order else 99)

    return page_cache.fragment(request, "alternates", build, page.translation_key)


def translated_url(request, url, language):
    """Where the language switch leads from ``url``: the same page in ``language`` (its
    translation), or that language's home page when the page has none; ``None`` when ``url``
    is not a page of the tree (the view then stays where it is)."""
    from wagtail.models import Page, Site

    path = url.split("?", 1)[0].split("#", 1)[0]
    from_language = translation.get_language_from_path(path) or default_language()
    with translation.override(from_language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.view_name != PAGE_VIEW:
            return None
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [part for part in (match.args[0] if match.args else "").split("/") if part]
        try:
            page = site.root_page.localized.specific.route(request, components)[0]
        except Http404:
            page = None
    target = locale_id(language)
    home = site.root_page
    if page is not None:
        found = Page.objects.filter(translation_key=page.translation_key, locale_id=target)
        found = found.live().first()
        if found is not None:
            return found.get_url(request)
    found = Page.objects.filter(translation_key=home.translation_key, locale_id=target)
    found = found.live().first() or home
    return found.get_url(request)


def one_per_translation(pages_by_pk):
    """``{pk: page}`` without the default language's pages whose translation in the active
    language is also there (a search found both)."""
    active = locale_id()
    kept = {p.translation_key for p in pages_by_pk.values() if p.locale_id == active}
    return {
        pk: page
        for pk, page in pages_by_pk.items()
        if page.locale_id == active or page.translation_key not in kept
    }


def in_default_locale(queryset):
    """The default language's pages of ``queryset`` (centres as places, by their slug).
    Lazy (a join, no query now): usable in a class body."""
    return queryset.filter(locale__language_code=default_language())


def active_locale():
    """Wagtail's ``Locale.get_active`` without its query: the locale of the active language
    from the cached ``{id: language code}`` (Wagtail asks for it on every page served, to
    find the home page of the language). Falls back on Wagtail's own lookup."""
    from wagtail.models import Locale

    language = translation.get_language() or default_language()
    for pk, code in _locales().items():
        if code == language:
            return Locale(pk=pk, language_code=code)
    return _wagtail_get_active()


_wagtail_get_active = None


def use_cached_active_locale():
    """Called once by ``PortalConfig.ready``: ``Locale.get_active`` reads the cache."""
    global _wagtail_get_active
    from wagtail.models import Locale

    if _wagtail_get_active is None:
        _wagtail_get_active = Locale.get_active
        Locale.get_active = staticmethod(active_locale)
