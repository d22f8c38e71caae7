"""Keeping search indexes in step with profiles, and cleaning up after a deletion.

The two functions below are the single place where a profile enters or leaves a search
index. Wagtail's own backend (database, or ``elasticsearch8`` for pages) is updated here;
the directory's Elasticsearch index (the search issue) hooks in at the marked lines.
"""

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


@receiver(post_delete, sender=Profile)
def profile_deleted(sender, instance, **kwargs):
    from .photos import delete_photo

    remove_from_search_indexes(instance)
    if instance.photo_id:
        delete_photo(instance.photo_id)
