"""Listings cached apart from their page, for anonymous visitors (``{% cached_listing %}``).

A page cleared by a publish is rendered again whole; its listings (the agenda's dates, the
home page's blocks, the directory's cards) need not be when what they show did not change.
A listing is stored with the versions of the groups its own SQL read while it rendered
(the same rule as the page cache's entries: ``site`` always, ``kind:<table>``, ``seats``,
``directory`` by the tables read or ``page_cache.depends_on``), so whatever clears a page that shows the listing
clears the listing too, and publishing the index page itself does not.

- Only while a page that may be stored renders (an anonymous GET, see
  ``portal.page_cache``): anyone else gets the listing rendered live, so nobody's own
  state (a CSRF token, a sign-up) is ever stored in one.
- The key is the listing's name and parts, host, full path (query string: filters,
  pagination) and language.
- A page that uses a stored listing depends on the listing's groups too, and is stored no
  longer than the listing has left to live: what changes with time alone ("upcoming")
  still shows within ``PAGE_CACHE_SECONDS``.
- Outside Wagtail's pages (the directory), a listing whose SQL read pages without their
  type's table also depends on ``pages``, as those views do.
- Everything the listing shows must be read inside it (lazy querysets in the context) or
  through ``lazy()``, whose value may be shared by several listings: a listing depends on
  the groups read by every ``lazy()`` value evaluated in the request so far. What a view
  reads before, another way, is not seen by the tracking.
"""

import logging
import time

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from portal import page_cache

logger = logging.getLogger(__name__)

_PREFIX = "page-cache:l:"


def _tracker(groups, found, outside_tree):
    kind_tables = tuple(page_cache._kinds().values())
    track = page_cache._table_tracker(groups, found)

    def wrapper(execute, sql, params, many, context):
        if (
            outside_tree
            and page_cache.PAGES not in found
            and '"wagtailcore_page"' in sql
            and not any(table in sql for table in kind_tables)
        ):
            found.add(page_cache.PAGES)
        return track(execute, sql, params, many, context)

    return wrapper


def _outside_tree(request):
    match = getattr(request, "resolver_match", None)
    return match is None or match.view_name != "wagtail_serve"


def lazy(request, func):
    """``func()``'s value, computed when a template first uses it; the groups its SQL read
    are added to every listing of the request stored after that (module docstring)."""

    def setup():
        found = set()
        with page_cache.gathering(
            found, _tracker(page_cache._group_tables(), found, _outside_tree(request))
        ):
            value = func()
        request.__dict__.setdefault("_listing_lazy_groups", set()).update(found)
        return value

    return SimpleLazyObject(setup)


def _note(request, groups, expires):
    """The page being rendered depends on the listing's groups and lives no longer."""
    read = getattr(request, "_page_cache_read", None)
    if read is not None:
        read.update(groups)
    request._page_cache_expires = min(getattr(request, "_page_cache_expires", expires), expires)


def cached_listing(request, name, render, *parts):
    """``render()``'s value (the text of a listing, or data that pickles), stored for
    anonymous visitors until a group its SQL read changes or ``PAGE_CACHE_SECONDS`` pass
    (see the module docstring)."""
    if request is None or not getattr(request, "_page_cache_candidate", False):
        return render()
    versions = page_cache.request_versions(request)
    if not versions:  # the cache cannot be read: nothing would say when it changes
        return render()
    key = _PREFIX + page_cache._digest(
        name, request.get_host(), request.get_full_path(), translation.get_language(), *parts
    )
    cache = page_cache._cache()
    for shared, read in ((False, page_cache.memory.get), (True, cache.get)):
        try:  # this process's copy first, then the shared cache's
            entry = read(key)
        except Exception:
            logger.exception("Page cache: could not read listing %s", name)
            return render()
        if entry is not None:
            depends, expires, text = entry
            if expires > time.time() and all(versions.get(g) == v for g, v in depends.items()):
                if shared:
                    page_cache.memory.set(key, entry, expires - time.time())
                _note(request, depends, expires)
                return text
    read = {page_cache.SITE}
    tracker = _tracker(page_cache._group_tables(), read, _outside_tree(request))
    with page_cache.gathering(read, tracker):
        text = render()
    read.update(getattr(request, "_listing_lazy_groups", ()))
    depends = {g: versions.get(g) for g in read}
    expires = time.time() + settings.PAGE_CACHE_SECONDS
    try:
        cache.set(key, (depends, expires, text), settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("Page cache: could not store listing %s", name)
    page_cache.memory.set(key, (depends, expires, text), settings.PAGE_CACHE_SECONDS)
    _note(request, depends, expires)
    return text
