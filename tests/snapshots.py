"""Sites built once per test process and copied back after each transactional test."""

from django.db import connection

_snapshots = {}


def built(name, build):
    """``build()``'s database, copied back from a snapshot after the first time (SQLite
    only); returns the default site's home page.

    A transactional test empties every table when it ends, so each of them would build its
    site again (seconds with the factories, more for the demo). On SQLite (the browser tests'
    database) the first build is copied aside with SQLite's backup API and later ones copy it
    back in milliseconds; what the process cached of the rows it replaced (content types,
    Wagtail's site root paths) is forgotten. Elsewhere ``build()`` runs each time.
    """
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from wagtail.models import Site

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return build()
    connection.ensure_connection()
    if name in _snapshots:
        _snapshots[name].backup(connection.connection)
        ContentType.objects.clear_cache()
        caches["default"].clear()
    else:
        build()
        _snapshots[name] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_snapshots[name])
    return Site.objects.get(is_default_site=True).root_page.specific
