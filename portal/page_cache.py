"""The page cache: whole responses for anonymous visitors, cleared by what changes them.

Design (docs/caching.md says it for editors and operators):

- *Who gets a cached page*: a GET with no session cookie and no pending messages (so no
  signed-in user, no one-time message, no personal state), on a path outside
  ``PAGE_CACHE_SKIP_PREFIXES``. Anyone else is served the live page, as before.
- *What is stored*: a 200 answer of a view named in ``PAGE_CACHE_VIEWS`` (every Wagtail
  page, any type, and the public views outside the tree) that sets no cookie, writes no
  session, adds no message and does not say ``Cache-Control: private/no-cache/no-store``.
  The key is scheme, host, path, query string and language.
- *CSRF*: while a page that may be stored renders, ``{% csrf_token %}`` writes a
  placeholder (``csrf_placeholder``, a context processor); every answer, stored or fresh,
  gets the visitor's own token in its place, and Django's CSRF middleware sets the
  visitor's own cookie. Forms on cached pages (sign-up, contact, language) post without
  JavaScript and keep Django's full CSRF check. A page that read a real token in another
  way (``get_token``) is not stored.
- *Invalidation by versions*: every entry records the versions of the groups it depends on,
  read *before* it was rendered; a hit compares them with the current ones (one
  ``get_many`` per request). The ``site`` group (page tree, menus, footer settings,
  snippets, images, view restrictions) is a dependency of every page; the other groups
  (``PAGE_CACHE_GROUPS``: the seats of events and courses, the directory) are a
  dependency of the pages whose SQL read one of their tables, found while rendering. A
  save or delete of one of their models bumps the group's version once the transaction
  commits. A publish bumps the page's type (``kind:<table>``: the pages whose SQL read that
  table, its own page and the listings of its type) and ``pages`` (the views outside the
  tree: site map, sitemap.xml, search, feeds); one that changes what other pages show of it
  (title, slug, menu flag: ``SHARED_FIELDS``), an unpublish, a move or a delete bumps
  ``site`` (and the tree's shape, ``structure``, for all but a publish: the site and view
  restrictions fragments follow it). Entries also
  expire after ``PAGE_CACHE_SECONDS`` (pages that change with time: "upcoming" lists).
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import pickle
import threading
import time
import uuid
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

SITE = "site"
# The shape of the tree: sites, view restrictions, moves, deletions (not plain publishes).
STRUCTURE = "structure"
# Any page's content or presence: what lists pages outside Wagtail's pages (site map,
# sitemap.xml, search, feeds) depends on it.
PAGES = "pages"
# One group per page model ("kind:<table>"): a Wagtail page depends on the kinds whose table
# its SQL read (its own, and the types it lists); publishing a page bumps its kind.
KIND = "kind:"
# What other pages show of a page without reading its own table (the menu, breadcrumbs,
# links, listings by title): a publish that changes one of them clears every page.
SHARED_FIELDS = ("title", "slug", "url_path", "show_in_menus", "seo_title", "search_description")
PLACEHOLDER = "__page_cache_csrf_token__"
HEADER = "X-Page-Cache"
# Wagtail saves these on a page when a draft is saved: what visitors see is unchanged.
DRAFT_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)
_VERSION_PREFIX = "page-cache:v:"
_ENTRY_PREFIX = "page-cache:e:"
# The sets of groups being gathered for what is rendering now (a page, a listing inside
# it): an SQL read adds its groups to each, and so does ``depends_on``.
_gathering: contextvars.ContextVar[tuple[set[str], ...]] = contextvars.ContextVar(
    "page_cache_gathering", default=()
)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


@functools.cache
def _kinds():
    """``{kind group: quoted table}`` for every page model (not Wagtail's own ``Page``)."""
    from wagtail.models import get_page_models

    return {
        KIND + model._meta.db_table: f'"{model._meta.db_table}"'
        for model in get_page_models()
        if model._meta.db_table != "wagtailcore_page"
    }


def _kinds_of(model):
    """The kind groups a save of ``model`` bumps: its table's and its concrete parents'."""
    kinds = _kinds()
    tables = [model._meta.db_table, *(p._meta.db_table for p in model._meta.get_parent_list())]
    return [KIND + table for table in tables if KIND + table in kinds]


def _groups():
    return [SITE, STRUCTURE, PAGES, *settings.PAGE_CACHE_GROUPS, *_kinds()]


def _version_keys():
    return [_VERSION_PREFIX + group for group in _groups()]


def bump(*groups):
    """Gives ``groups`` a new version now and again once the current transaction commits:
    every stored page that depends on one of them is stale from then on. (The second bump
    drops what a concurrent request rendered from the data before the commit.)"""

    def apply():
        try:
            _cache().set_many({_VERSION_PREFIX + g: uuid.uuid4().hex for g in groups}, None)
        except Exception as exc:  # a cache outage must never break a publish or a sign-up
            logger.warning("Page cache: could not bump %s: %s", groups, exc)
        _forget_request_versions()

    apply()
    if connection.in_atomic_block:
        transaction.on_commit(apply)


# The versions read for the request being served (set by the middleware), so that code
# without the request (view restrictions, locales) reads them once per request too.
_request_versions: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "page_cache_request_versions", default=None
)


def _forget_request_versions():
    slot = _request_versions.get()
    if slot is not None:
        slot[0] = None


def _read(extra_keys=()):
    """``(versions, {key: value} of extra_keys)`` in one ``get_many``. A group never bumped
    (a new or emptied cache) gets a random version first, never a fixed one: what a process
    kept in memory under an old version can never match again after the cache is emptied."""
    keys = _version_keys()
    cache = _cache()
    found = cache.get_many([*extra_keys, *keys])
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    versions = {g: found.get(_VERSION_PREFIX + g) for g in _groups()}
    return versions, {key: found[key] for key in extra_keys if key in found}


def current_versions():
    """The groups' versions now."""
    return _read()[0]


def _versions_or_empty():
    try:
        return current_versions()
    except Exception:
        logger.exception("Page cache: could not read versions")
        return {}


def request_versions(request=None):
    """The groups' versions for this request: read once per request (and again after a
    ``bump`` in it); ``{}`` when the cache cannot be read."""
    slot = _request_versions.get()
    if slot is not None:  # inside a request
        if slot[0] is None:
            slot[0] = _versions_or_empty()
        return slot[0]
    versions = getattr(request, "_page_cache_versions", None) if request is not None else None
    if versions is None:
        versions = _versions_or_empty()
        if request is not None:
            request._page_cache_versions = versions
    return versions


class _Memory:
    """What this process read or wrote last in the shared cache, as pickles (each reader
    gets its own copy, as from the cache): a fragment (its key holds its group's version)
    or a stored listing (checked against the versions like one read from the cache) is
    then read without a round trip. Entries expire with their timeout; least recently used
    ones go first past ``size``. Safe for threads (a threaded server, the tests' live
    server)."""

    def __init__(self, size=512):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            expires, data = entry
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 - our own pickles, from this process

    def set(self, key, value, timeout):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = (time.monotonic() + timeout, data)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


memory = _Memory()


def fragment(request, name, build, *parts, timeout=None, group=SITE):
    """``build()``'s value, cached until ``group`` changes (the page tree by default) or
    ``timeout``. ``parts`` tell apart the variants (site, language). Kept in this process's
    memory too, unless the versions could not be read (then nothing says when it changes)."""
    version = request_versions(request).get(group)
    key = "page-cache:f:" + _digest(name, version or "0", *parts)
    timeout = timeout or settings.PAGE_CACHE_SECONDS
    remember = version is not None
    value = memory.get(key) if remember else None
    if value is not None:
        return value
    cache = _cache()
    try:
        value = cache.get(key)
    except Exception:
        logger.exception("Page cache: could not read fragment %s", name)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.exception("Page cache: could not store fragment %s", name)
    if remember:
        memory.set(key, value, timeout)
    return value


def _digest(*parts):
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _entry_key(request):
    return _ENTRY_PREFIX + _digest(
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        translation.get_language(),
    )


def csrf_placeholder(request):
    """Context processor: on a page that may be stored, ``{% csrf_token %}`` writes the
    placeholder that each answer replaces with its visitor's own token."""
    if getattr(request, "_page_cache_candidate", False):
        return {"csrf_token": PLACEHOLDER}
    return {}


def _is_candidate(request):
    if not settings.PAGE_CACHE_ENABLED or request.method != "GET":
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES)):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _table_tracker(tables_by_group, found):
    def wrapper(execute, sql, params, many, context):
        for group, tables in tables_by_group.items():
            if group not in found and any(table in sql for table in tables):
                found.add(group)
        return execute(sql, params, many, context)

    return wrapper


@contextlib.contextmanager
def gathering(found, wrapper=None):
    """Adds to ``found`` the groups of what is read while the block runs: by its SQL
    (``wrapper``, default: the tables of every group) and by ``depends_on``."""
    token = _gathering.set((*_gathering.get(), found))
    try:
        with connection.execute_wrapper(wrapper or _table_tracker(_group_tables(), found)):
            yield found
    finally:
        _gathering.reset(token)


def depends_on(*groups):
    """What is rendering now shows data of these groups read without SQL (from another
    cache, say the directory search's counts): a change in them clears it all the same."""
    for found in _gathering.get():
        found.update(groups)


@functools.cache
def _group_tables():
    groups = {
        group: [apps.get_model(label)._meta.db_table for label in labels]
        for group, labels in settings.PAGE_CACHE_GROUPS.items()
    }
    return {**groups, **{kind: [table] for kind, table in _kinds().items()}}


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - {"cookie", "accept-encoding", "accept-language"}:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a real token was rendered
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and (getattr(storage, "added_new", False) or storage._queued_messages):
        return False
    match = getattr(request, "resolver_match", None)
    return bool(match) and match.view_name in settings.PAGE_CACHE_VIEWS


def _timeout(request):
    """The page's lifetime, no longer than what its stored listings have left."""
    match = request.resolver_match
    timeout = settings.PAGE_CACHE_TIMEOUTS.get(match.view_name, settings.PAGE_CACHE_SECONDS)
    expires = getattr(request, "_page_cache_expires", None)
    if expires is not None:
        timeout = max(1, min(timeout, int(expires - time.time())))
    return timeout


def _with_token(request, response):
    """The visitor's own CSRF token in place of the placeholder (the CSRF middleware,
    outside this one, then sets the matching cookie)."""
    if not response.streaming and PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(
            PLACEHOLDER.encode(), get_token(request).encode()
        )
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
    return response


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous visitors (see the module docstring).

    Placed after the CSRF, authentication and messages middleware (it needs the CSRF
    cookie read and a message storage), before the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set([None])
        try:
            return self._serve(request)
        finally:
            _request_versions.reset(token)

    def _serve(self, request):
        if not _is_candidate(request):
            return self.get_response(request)
        cache = _cache()
        key = _entry_key(request)
        try:
            versions, found = _read([key])
        except Exception:
            logger.exception("Page cache: could not read")
            return self.get_response(request)
        _request_versions.get()[0] = versions
        entry = found.get(key)
        if entry is not None:
            depends, status, headers, content = entry
            if all(versions.get(g) == v for g, v in depends.items()):
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response[HEADER] = "hit"
                return _with_token(request, response)

        request._page_cache_candidate = True
        read = request._page_cache_read = {SITE}  # listings cached apart add theirs
        with gathering(read):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name != "wagtail_serve":
            read.add(PAGES)  # views outside the tree list pages of any type
        if _storable(request, response):
            depends = {g: versions.get(g) for g in read}
            headers = [(n, v) for n, v in response.items() if n.lower() != "content-length"]
            try:
                cache.set(
                    key,
                    (depends, response.status_code, headers, response.content),
                    _timeout(request),
                )
                response[HEADER] = "miss"
            except Exception:
                logger.exception("Page cache: could not store")
        else:
            response[HEADER] = "skip"
        return _with_token(request, response)
