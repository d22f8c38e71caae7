"""Keeping search indexes in step with profiles, and cleaning up after a deletion.

The two functions below are the single place where a profile enters or leaves a search
index. Wagtail's own backend (database, or ``elasticsearch8`` for pages) is updated here;
the directory's Elasticsearch index (the search issue) hooks in at the marked lines.
"""

from django.db import connection
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from wagtail.search import index

from .models import Profile

# The hooks the search app listens to (search/signal_handlers.py) to update its own
# indexes: the database terms and the directory's Elasticsearch index.
profile_index_changed = Signal()  # kwargs: profile
profile_index_removed = Signal()  # kwargs: profile


def sync_search_indexes(profile):
    """After a profile or its skills changed. Wagtail indexes every profile (with its
    state as a filter field); searches filter with ``Profile.objects.public()``."""
    index.insert_or_update_object(profile)
    profile_index_changed.send(sender=Profile, profile=profile)


def remove_from_search_indexes(profile):
    """When a profile is deleted (by its owner, with its account, or by an editor)."""
    index.remove_object(profile)
    profile_index_removed.send(sender=Profile, profile=profile)


def _merge_sqlite_full_text_index():
    """SQLite's FTS5 keeps a deleted entry's words in its index segments until they merge:
    merge them now, so a deleted profile's name leaves the database file (RGPD erasure)."""
    from wagtail.search.models import IndexEntry

    if connection.vendor != "sqlite":
        return
    table = f"{IndexEntry._meta.db_table}_fts"
    if table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608


@receiver(post_delete, sender=Profile)
def profile_deleted(sender, instance, **kwargs):
    from .photos import delete_photo

    remove_from_search_indexes(instance)
    if instance.photo_id:
        delete_photo(instance.photo_id)
    _merge_sqlite_full_text_index()  # after the photo: its title named the profile too
