"""The directory's own reactions to model signals (connected in ``apps.ready``)."""

from django.db import connection
from django.db.models.signals import post_delete

from .models import Profile
from .signals import remove_from_search_indexes


def _merge_sqlite_full_text_index():
    """SQLite's FTS5 keeps a deleted entry's words in its index segments until they merge:
    merge them now, so nothing of a deleted profile (its photo's title named it) stays in
    the database file (RGPD erasure)."""
    from wagtail.search.models import IndexEntry

    if connection.vendor != "sqlite":
        return
    table = f"{IndexEntry._meta.db_table}_fts"
    if table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608


def profile_deleted(sender, instance, **kwargs):
    from .photos import delete_photo

    remove_from_search_indexes(instance)
    if instance.photo_id:
        delete_photo(instance.photo_id)
    _merge_sqlite_full_text_index()  # after the photo: its title named the profile too


def connect():
    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid="directory_profile_deleted")
