"""Keeping both directory indexes true: the database terms and the Elasticsearch index.

``queue(profile_ids)`` records, inside the current transaction, that profiles changed,
and asks for ``process()`` once the transaction commits. ``process()`` rewrites the
database terms and the Elasticsearch documents of those profiles (a document for each
public profile, none for the others), then deletes the records. If Elasticsearch does
not answer, the records stay (with their attempts) and ``manage.py directory_index sync``
replays them: the ``index`` job of ``run_scheduled``, every minute. Until then, searches
answer from the database, which has every change (``elasticsearch_behind()``), so counts and
facets stay right through an outage and after it.
"""

import html
import logging
import re

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from directory.models import Profile, TaggedSkill
from portal.progress import Progress

from . import documents
from .analysis import Synonyms, fold, profile_fields, weighted_terms
from .models import PendingIndexChange, ProfileTerm

logger = logging.getLogger(__name__)

BATCH = 1000
TAGS = re.compile(r"<[^>]*>")


def _text(bio_html):
    return " ".join(html.unescape(TAGS.sub(" ", bio_html or "")).split())


def _suggest_inputs(skill_names):
    """Completion inputs: each skill folded, from each of its words ("web" finds
    "Développement web")."""
    inputs = []
    for name in skill_names:
        words = fold(name).replace("’", "'").split()
        inputs.extend(" ".join(words[i:]) for i in range(len(words)))
    return sorted(set(inputs))


def profile_data(profile_ids, synonyms=None):
    """Everything both indexes need about the public profiles among ``profile_ids``, in
    a fixed number of queries: {pk: data}."""
    synonyms = synonyms if synonyms is not None else Synonyms.from_database()
    rows = (
        Profile.objects.public()
        .filter(pk__in=profile_ids)
        .values(
            "pk",
            "display_name",
            "headline",
            "bio",
            "created_at",
            "availability",
            "available_from",
            "commune__insee",
            "commune__latitude",
            "commune__longitude",
            "telecentre__slug",
            "telecentre__live",
        )
    )
    data = {row["pk"]: row for row in rows}
    skills = {}
    for profile_id, name, slug in TaggedSkill.objects.filter(
        content_object_id__in=list(data)
    ).values_list("content_object_id", "tag__name", "tag__slug"):
        skills.setdefault(profile_id, []).append((name, slug))
    result = {}
    for pk, row in data.items():
        profile_skills = sorted(skills.get(pk, []))
        names = [name for name, _slug in profile_skills]
        result[pk] = {
            "pk": pk,
            "fields": profile_fields(
                row["display_name"], row["headline"], names, _text(row["bio"]), synonyms
            ),
            "skills": names,
            "skill_slugs": [slug for _name, slug in profile_skills],
            "suggest": _suggest_inputs(names),
            "commune": row["commune__insee"],
            "latitude": row["commune__latitude"],
            "longitude": row["commune__longitude"],
            "telecentre": row["telecentre__slug"] if row["telecentre__live"] else None,
            "availability": row["availability"],
            "available_from": row["available_from"],
            "created_at": row["created_at"],
        }
    return result


# ---------------------------------------------------------------------------
# The database terms


def write_terms(profile_ids, data):
    """Replaces the terms of ``profile_ids`` by those of their ``data`` (public ones)."""
    ProfileTerm.objects.filter(profile_id__in=profile_ids).delete()
    ProfileTerm.objects.bulk_create(
        [
            ProfileTerm(profile_id=pk, term=term[:60], weight=weight)
            for pk, item in data.items()
            for term, weight in weighted_terms(item["fields"]).items()
        ],
        batch_size=5000,
    )


# ---------------------------------------------------------------------------
# Elasticsearch


def _actions(index, profile_ids, data):
    for pk in profile_ids:
        if pk in data:
            yield {"_index": index, "_id": pk, "_source": documents.document_body(data[pk])}
        else:
            yield {"_op_type": "delete", "_index": index, "_id": pk}


def write_documents(es, profile_ids, data, refresh=False):
    """Sends the documents of ``profile_ids`` (deletions for those not public)."""
    from elasticsearch.helpers import bulk

    documents.ensure_index(es)
    _ok, errors = bulk(
        es,
        _actions(documents.alias_name(), profile_ids, data),
        raise_on_error=False,
        refresh=refresh,
    )
    # A delete of a document that is not there is not an error.
    errors = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if errors:
        raise RuntimeError(f"Elasticsearch refused {len(errors)} document(s): {errors[:2]}")


# ---------------------------------------------------------------------------
# Queue and replay


def queue(profile_ids):
    """Records that these profiles changed (in the current transaction) and processes
    them once it commits."""
    profile_ids = sorted({int(pk) for pk in profile_ids if pk})
    if not profile_ids:
        return
    now = timezone.now()
    PendingIndexChange.objects.bulk_create(
        [PendingIndexChange(profile_id=pk, queued_at=now) for pk in profile_ids],
        update_conflicts=True,
        unique_fields=["profile_id"],
        update_fields=["queued_at"],
    )
    transaction.on_commit(lambda: _process_after_commit(profile_ids))


def queue_query(profiles):
    """Queues every profile of a queryset (one query to read the ids)."""
    queue(list(profiles.values_list("pk", flat=True)))


def elasticsearch_behind():
    """True when a change failed to reach Elasticsearch and waits for the next replay."""
    return PendingIndexChange.objects.filter(attempts__gt=0).exists()


def _process_after_commit(profile_ids):
    try:
        process(profile_ids)
    except Exception:  # the change is saved; the record stays for `directory_index sync`
        logger.exception("search index update failed; the `index` job will replay it")


def process(profile_ids=None, refresh=False):
    """Brings the indexes up to date for the queued changes (all, or ``profile_ids``).
    Returns (done, left)."""
    pending = PendingIndexChange.objects.order_by("pk")
    if profile_ids is not None:
        pending = pending.filter(profile_id__in=profile_ids)
    done = 0
    synonyms = None
    last = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last).values_list("pk", "profile_id", "queued_at")[:BATCH]
        )
        if not batch:
            break
        last = batch[-1][0]
        ids = [profile_id for _pk, profile_id, _queued in batch]
        synonyms = synonyms or Synonyms.from_database()
        data = profile_data(ids, synonyms)
        with transaction.atomic():
            write_terms(ids, data)
        error = ""
        if documents.configured():
            if documents.marked_down():
                error = "Elasticsearch marqué indisponible"
            else:
                try:
                    write_documents(documents.client(), ids, data, refresh=refresh)
                    documents.mark_up()
                except Exception as exc:
                    documents.mark_down(exc)
                    error = f"{type(exc).__name__}: {exc}"[:2000]
        if error:
            PendingIndexChange.objects.filter(pk__in=[pk for pk, _p, _q in batch]).update(
                attempts=F("attempts") + 1, last_error=error
            )
            break
        # A record queued again while this ran is kept for the next pass.
        done_filter = Q()
        for pk, _profile_id, queued in batch:
            done_filter |= Q(pk=pk, queued_at=queued)
        PendingIndexChange.objects.filter(done_filter).delete()
        done += len(batch)
    return done, pending.count()


# ---------------------------------------------------------------------------
# Full rebuilds


def _public_id_batches(size=BATCH):
    last = 0
    public = Profile.objects.public().order_by("pk")
    while True:
        ids = list(public.filter(pk__gt=last).values_list("pk", flat=True)[:size])
        if not ids:
            return
        last = ids[-1]
        yield ids


def rebuild_database(stream=None):
    """Rewrites every profile's terms. Returns the number of public profiles indexed."""
    total = Profile.objects.public().count()
    progress = Progress(total, stream, "base de données ")
    synonyms = Synonyms.from_database()
    with transaction.atomic():
        ProfileTerm.objects.all().delete()
        for ids in _public_id_batches():
            data = profile_data(ids, synonyms)
            write_terms([], data)
            progress.advance(len(ids))
    progress.finish()
    return total


def rebuild_elasticsearch(stream=None, es=None):
    """Fills a new index with bulk requests, then moves the alias to it and deletes the
    old one. Returns (new index name, number of documents)."""
    from elasticsearch.helpers import streaming_bulk

    es = es or documents.client(timeout=60)
    alias = documents.alias_name()
    name = documents.new_index_name()
    documents.create_index(es, name)
    es.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    total = Profile.objects.public().count()
    progress = Progress(total, stream, "elasticsearch ")
    synonyms = Synonyms.from_database()

    def actions():
        for ids in _public_id_batches(2000):
            data = profile_data(ids, synonyms)
            for pk in ids:
                if pk in data:
                    yield {"_index": name, "_id": pk, "_source": documents.document_body(data[pk])}

    count = 0
    try:
        for _ok, _item in streaming_bulk(es, actions(), chunk_size=2000, raise_on_error=True):
            count += 1
            if count % 2000 == 0:
                progress.advance(2000)
        progress.advance(count % 2000)
        progress.finish()
        es.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        es.indices.refresh(index=name)
    except Exception:
        es.indices.delete(index=name, ignore_unavailable=True)
        raise
    old = documents.current_indices(es)
    actions_ = [{"add": {"index": name, "alias": alias}}]
    actions_ += [{"remove": {"index": index, "alias": alias}} for index in old]
    if es.indices.exists(index=alias) and not es.indices.exists_alias(name=alias):
        es.indices.delete(index=alias)  # a plain index squatting the alias name
    es.indices.update_aliases(actions=actions_)
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)
    # Everything queued before the rebuild is in it now.
    return name, count


def status(es=None):
    """Counts in the database and in Elasticsearch."""
    info = {
        "public_profiles": Profile.objects.public().count(),
        "database_indexed": ProfileTerm.objects.values("profile_id").distinct().count(),
        "pending": PendingIndexChange.objects.count(),
        "elasticsearch": None,
    }
    if documents.configured():
        try:
            es = es or documents.client()
            alias = documents.alias_name()
            indices = documents.current_indices(es)
            info["elasticsearch"] = {
                "alias": alias,
                "indices": indices,
                "documents": es.count(index=alias)["count"] if indices else 0,
            }
        except Exception as exc:
            info["elasticsearch"] = {"error": f"{type(exc).__name__}: {exc}"}
    return info
