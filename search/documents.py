"""The directory's own Elasticsearch index: its mapping, its client, its alias.

Searches and updates go through the alias ``<ELASTICSEARCH_INDEX_PREFIX>directory``;
``directory_index rebuild`` fills a new index ``<alias>_<timestamp>`` and then moves the
alias in one atomic request, so searches keep working during a rebuild.

The text fields hold terms already analysed by ``search.analysis`` (French, synonyms):
Elasticsearch only splits them on spaces with the core ``standard`` analyzer, which
every Elasticsearch 8 has, so both backends match the same words.
"""

import functools
import logging
import time

from elasticsearch import Elasticsearch
from elasticsearch.dsl import Date, Document, GeoPoint, Integer, Keyword, Object, Text

from django.conf import settings
from django.utils import timezone

from directory.models import skill_key

logger = logging.getLogger(__name__)

PREPARED = "standard"  # the terms are prepared in Python; see the module docstring


def terms_field():
    """A text field of prepared terms. Searches ask for terms in ``constant_score``
    filters (the weights are the fields'), never for phrases or scores: the index keeps
    which documents hold each term, without frequencies, positions or norms (less work
    for a rebuild, a smaller index)."""
    return Text(analyzer=PREPARED, index_options="docs", norms=False)


class ProfileDocument(Document):
    """One public profile. Only public profiles have a document."""

    name = terms_field()
    headline = terms_field()
    skills_text = terms_field()
    bio = terms_field()
    place = terms_field()
    skills = Keyword()  # display names, for the facet
    skill_slugs = Keyword()  # for the filter
    commune = Keyword()  # INSEE code
    location = GeoPoint()
    telecentre = Keyword()  # slug
    availability = Keyword()
    available_from = Date()
    created_at = Date()
    pk = Integer()
    # What a result's card shows (``search.cards.Card``), read from ``_source`` so that a
    # search needs no query for its cards; stored, never searched.
    card = Object(enabled=False)


def index_settings():
    return {
        "number_of_shards": 1,
        "number_of_replicas": int(getattr(settings, "ELASTICSEARCH_REPLICAS", 0)),
    }


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}directory"


def configured():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


@functools.lru_cache(maxsize=4)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client(timeout=None):
    return _client(
        settings.ELASTICSEARCH_URL, timeout or getattr(settings, "ELASTICSEARCH_TIMEOUT", 3)
    )


# After a failure, Elasticsearch is not asked again for a short while: a site whose
# cluster is down answers from the database at once instead of waiting each time.
_down_until = {}


def marked_down():
    return _down_until.get(settings.ELASTICSEARCH_URL, 0) > time.monotonic()


def mark_down(exc):
    logger.warning("Elasticsearch at %s does not answer: %s", settings.ELASTICSEARCH_URL, exc)
    _down_until[settings.ELASTICSEARCH_URL] = time.monotonic() + getattr(
        settings, "ELASTICSEARCH_RETRY_AFTER", 30
    )


def mark_up():
    _down_until.pop(settings.ELASTICSEARCH_URL, None)


# While a rebuild fills a new index: no refresh, no replica and no flush of the
# translog at each request until it is full (it is rebuilt from scratch if the node fails).
LOADING_SETTINGS = {
    "refresh_interval": "-1",
    "number_of_replicas": 0,
    "translog.durability": "async",
}


def create_index(es, name, loading=False):
    """Creates a concrete index with the mapping (no alias); ``loading``: with the
    settings of a bulk load, until ``loaded(es, name)``."""
    settings_ = {**index_settings(), **(LOADING_SETTINGS if loading else {})}
    body = {"settings": settings_, "mappings": ProfileDocument._doc_type.mapping.to_dict()}
    es.indices.create(index=name, **body)


def loaded(es, name):
    """The index filled by a rebuild gets its own settings back and is refreshed."""
    es.indices.put_settings(
        index=name,
        settings={
            "refresh_interval": None,
            "translog.durability": None,
            "number_of_replicas": index_settings()["number_of_replicas"],
        },
    )
    es.indices.refresh(index=name)


def ensure_index(es):
    """Creates the first concrete index and its alias if there is none yet."""
    alias = alias_name()
    if es.indices.exists_alias(name=alias):
        return
    if es.indices.exists(index=alias):
        return  # a plain index of that name (should not happen; left alone)
    name = new_index_name()
    create_index(es, name)
    es.indices.put_alias(index=name, name=alias)


def new_index_name():
    return f"{alias_name()}_{timezone.now():%Y%m%d%H%M%S%f}"


def current_indices(es):
    alias = alias_name()
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias).keys())


def document_body(data):
    """The source of a profile's document from ``search.indexing`` data."""
    return {
        "pk": data["pk"],
        "name": " ".join(data["fields"]["name"]),
        "headline": " ".join(data["fields"]["headline"]),
        "skills_text": " ".join(data["fields"]["skills"]),
        "bio": " ".join(data["fields"]["bio"]),
        "place": " ".join(data["fields"]["place"]),
        "skills": data["skills"],
        "skill_slugs": data["skill_slugs"],
        "commune": data["commune"],
        "location": {"lat": data["latitude"], "lon": data["longitude"]},
        "telecentre": data["telecentre"],
        "availability": data["availability"],
        "available_from": data["available_from"],
        "created_at": data["created_at"],
        "card": card_source(data),
    }


def card_source(data):
    """A card's fields (``search.cards.card_from_source`` reads them back)."""
    return {
        "slug": data["slug"],
        "name": data["display_name"],
        "headline": data["headline"],
        "skills": sorted(data["skills"], key=skill_key),
        "commune": data["commune_name"],
        "lat": data["latitude"],
        "lon": data["longitude"],
        "telecentre": data["telecentre"],
        "availability": data["availability"],
        "available_from": data["available_from"],
    }


def bulk_body(index, data):
    """The body of a bulk request that writes the documents of ``data`` into ``index``
    (serialised as the client would: a rebuild's worker processes prepare it)."""
    from elasticsearch.serializer import JsonSerializer

    dumps = JsonSerializer().dumps
    lines = []
    for pk, item in data.items():
        lines.append(dumps({"index": {"_index": index, "_id": pk}}))
        lines.append(dumps(document_body(item)))
    return b"".join(line + b"\n" for line in lines)


def send_bulk(es, body):
    """Sends a body of ``bulk_body``; raises if Elasticsearch refused a document."""
    response = es.bulk(operations=body)
    if response["errors"]:
        errors = [item for item in response["items"] if item.get("index", {}).get("error")]
        raise RuntimeError(f"Elasticsearch refused {len(errors)} document(s): {errors[:2]}")


def _actions(index, profile_ids, data):
    for pk in profile_ids:
        if pk in data:
            yield {"_index": index, "_id": pk, "_source": document_body(data[pk])}
        else:
            yield {"_op_type": "delete", "_index": index, "_id": pk}


def write_documents(es, profile_ids, data, refresh=False):
    """Sends the documents of ``profile_ids`` (deletions for those not in ``data``)."""
    from elasticsearch.helpers import bulk

    ensure_index(es)
    _ok, errors = bulk(
        es, _actions(alias_name(), profile_ids, data), raise_on_error=False, refresh=refresh
    )
    # A delete of a document that is not there is not an error.
    errors = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if errors:
        raise RuntimeError(f"Elasticsearch refused {len(errors)} document(s): {errors[:2]}")


def switch_alias(es, name):
    """Points the alias at the index ``name`` in one request and deletes the old ones."""
    alias = alias_name()
    old = current_indices(es)
    actions = [{"add": {"index": name, "alias": alias}}]
    actions += [{"remove": {"index": index, "alias": alias}} for index in old]
    if es.indices.exists(index=alias) and not es.indices.exists_alias(name=alias):
        es.indices.delete(index=alias)  # a plain index squatting the alias name
    es.indices.update_aliases(actions=actions)
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)
