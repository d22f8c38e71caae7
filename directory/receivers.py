"""The directory's own reactions to model signals (connected in ``apps.ready``)."""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from .models import Profile, Skill, SkillSynonym
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


def skill_saved(sender, instance, raw=False, **kwargs):
    """Proposals of the same word become the shared skill just saved."""
    from .services import absorb_proposals

    if not raw:
        absorb_proposals(instance, instance.key)


def synonym_saved(sender, instance, raw=False, **kwargs):
    from .services import absorb_proposals

    if not raw:
        absorb_proposals(instance.skill, instance.key)


def connect():
    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid="directory_profile_deleted")
    post_save.connect(skill_saved, sender=Skill, dispatch_uid="directory_skill_absorbs")
    post_save.connect(synonym_saved, sender=SkillSynonym, dispatch_uid="directory_synonym_absorbs")
