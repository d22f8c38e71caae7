"""The index queue: every change of a profile reaches the backend's entries.

``queue(profile_ids)`` records, inside the current transaction, that profiles changed,
and asks for ``process()`` once the transaction commits. ``process()`` hands those
profiles to the backend (``backend.index(ids)``: an entry for each public profile, none
for the others), forgets the cached facets and vocabulary, then deletes the records. If
the backend cannot take them (``BackendUnavailable``), the records stay (with their
attempts) and ``manage.py directory_index sync`` replays them: the ``index`` job of
``run_scheduled``, every minute. Until then the backend answers from what has them all
(``backend.behind()``), so counts and facets stay right through an outage and after it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .backends import BackendUnavailable, get_backend
from .backends.base import forget_cached
from .models import PendingIndexChange

logger = logging.getLogger(__name__)

BATCH = 1000


def queue(profile_ids: Iterable[int | None]) -> None:
    """Records that these profiles changed (in the current transaction) and processes
    them once it commits."""
    ids = sorted({int(pk) for pk in profile_ids if pk})
    if not ids:
        return
    now = timezone.now()
    PendingIndexChange.objects.bulk_create(
        [PendingIndexChange(profile_id=pk, queued_at=now) for pk in ids],
        update_conflicts=True,
        unique_fields=["profile_id"],
        update_fields=["queued_at"],
    )
    transaction.on_commit(lambda: _process_after_commit(ids))


def queue_query(profiles: QuerySet) -> None:
    """Queues every profile of a queryset (one query to read the ids)."""
    queue(list(profiles.values_list("pk", flat=True)))


def _process_after_commit(profile_ids: list[int]) -> None:
    try:
        process(profile_ids)
    except Exception:  # the change is saved; the record stays for `directory_index sync`
        logger.exception("search index update failed; the `index` job will replay it")


def process(profile_ids: list[int] | None = None) -> tuple[int, int]:
    """Brings the backend up to date for the queued changes (all, or ``profile_ids``).
    Returns (done, left)."""
    backend = get_backend()
    pending = PendingIndexChange.objects.order_by("pk")
    if profile_ids is not None:
        pending = pending.filter(profile_id__in=profile_ids)
    done = 0
    last = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last).values_list("pk", "profile_id", "queued_at")[:BATCH]
        )
        if not batch:
            break
        last = batch[-1][0]
        try:
            backend.index([profile_id for _pk, profile_id, _queued in batch])
        except BackendUnavailable as exc:
            PendingIndexChange.objects.filter(pk__in=[pk for pk, _p, _q in batch]).update(
                attempts=F("attempts") + 1, last_error=str(exc)[:2000]
            )
            forget_cached()  # after the update: a search then sees the backend behind
            break
        forget_cached()
        # A record queued again while this ran is kept for the next pass.
        done_filter = Q()
        for pk, _profile_id, queued in batch:
            done_filter |= Q(pk=pk, queued_at=queued)
        PendingIndexChange.objects.filter(done_filter).delete()
        done += len(batch)
    return done, pending.count()
