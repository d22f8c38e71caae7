"""What the directory tells other apps about its profiles, as signals.

The directory imports no other app for this (search reads the directory, never the
other way): it sends these signals, and whoever keeps something derived from profiles
(the search entries, cached pages) listens.

- ``profile_changed`` (kwargs ``profile``): a profile's content, skills or visibility
  may have changed; it may have become public or hidden. Sent inside the transaction.
- ``profile_removed`` (kwargs ``profile``): a profile is being deleted.

This module imports nothing of the directory's own, so models may send them freely.
"""

from django.dispatch import Signal

profile_changed = Signal()
profile_removed = Signal()


def sync_search_indexes(profile):
    """After a profile or its skills changed (its visibility included)."""
    profile_changed.send(sender=type(profile), profile=profile)


def remove_from_search_indexes(profile):
    """When a profile is deleted (by its owner, with its account, or by an editor)."""
    profile_removed.send(sender=type(profile), profile=profile)
