"""The Elasticsearch backend: the directory's own index (``search.documents``) through
elasticsearch-dsl, composed with the database backend.

The documents hold the terms the database has (``search.analysis``), scored with the
same weights (``constant_score`` per field, the best field per term); aggregations give
the facets; the place filter keeps the same communes as the database. Every write goes to
the database first (``self.database``), so while Elasticsearch is down or behind, the
database answers with every change.
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
from typing import Any

from django.utils import timezone

from directory.models import Profile

from .. import bulk, documents
from ..analysis import FIELD_WEIGHTS
from ..cards import Card, card_from_source
from ..entries import profile_data
from ..models import PendingIndexChange
from ..params import SearchParams
from .base import (
    FACET_SIZE,
    BackendUnavailable,
    Progress,
    SearchBackend,
    cached,
    with_distances,
)
from .database import DatabaseBackend

logger = logging.getLogger(__name__)

BEHIND_SECONDS = 5
# The parts of an answer that are read (less JSON to send and parse).
RESPONSE_FIELDS = "hits.total.value,hits.hits._id,hits.hits._source.card,aggregations"
# Searched fields, each with the weight of ``search.analysis.FIELD_WEIGHTS`` it scores.
WORD_FIELDS = {
    "name": "name",
    "skills_text": "skills",
    "headline": "headline",
    "bio": "bio",
    "place": "place",
}


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, database: DatabaseBackend | None = None) -> None:
        self.database = database or DatabaseBackend()
        self._behind: bool | None = None
        self._cards: dict[int, Card] = {}  # the last page's cards, from the documents

    # -- reads -----------------------------------------------------------------

    def behind(self) -> bool:
        """A change failed to reach Elasticsearch and waits for the next replay. Kept in
        the cache until the index queue next writes or fails (``forget_cached``), and a
        few seconds at most (a cache of its own in each process does not hear the
        others' queue)."""
        if self._behind is None:
            self._behind = cached(
                "behind",
                lambda: PendingIndexChange.objects.filter(attempts__gt=0).exists(),
                seconds=BEHIND_SECONDS,
            )
        return self._behind

    def _usable(self) -> bool:
        return not documents.marked_down() and not self.behind()

    def answered_by(self) -> str:
        return self.name if self._usable() else self.database.name

    def run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        self._cards = {}
        if self._usable():
            try:
                answer = self._run(params, terms, facets)
                documents.mark_up()
                return answer
            except Exception as exc:
                documents.mark_down(exc)
        logger.warning("directory search answered by the database backend")
        return self.database.run(params, terms, facets)

    def cards(self, ids: list[int], params: SearchParams) -> list[Profile] | list[Card]:
        """The JSON's cards from the documents' copy (``documents.card_source``): one
        query, which keeps only the profiles still public (a change the index has not
        refreshed yet never shows a hidden profile)."""
        found = self._cards
        if params.photos or not ids or any(pk not in found for pk in ids):
            return super().cards(ids, params)
        public = set(Profile.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
        return with_distances([found[pk] for pk in ids if pk in public], params)

    @staticmethod
    def _words(terms: list[str]) -> dict[str, Any]:
        """Every term must match; a term scores the weight of the best field holding it."""
        musts = [
            {
                "dis_max": {
                    "queries": [
                        {
                            "constant_score": {
                                "filter": {"term": {field: term}},
                                "boost": FIELD_WEIGHTS[weight_key],
                            }
                        }
                        for field, weight_key in WORD_FIELDS.items()
                    ]
                }
            }
            for term in terms
        ]
        return {"bool": {"must": musts}} if musts else {"match_all": {}}

    @staticmethod
    def _filters(params: SearchParams) -> dict[str, list[dict[str, Any]]]:
        filters: dict[str, list[dict[str, Any]]] = {}
        if params.unknown_skills:
            filters["skills"] = [{"bool": {"must_not": [{"match_all": {}}]}}]
        else:
            filters["skills"] = [{"term": {"skill_slugs": skill.slug}} for skill in params.skills]
        filters["commune"] = (
            [{"terms": {"commune": [commune.insee for commune in params.communes()]}}]
            if params.place is not None
            else []
        )
        filters["telecentre"] = (
            [{"term": {"telecentre": params.telecentre.slug}}]
            if params.telecentre is not None
            else []
        )
        filters["available"] = [_available()] if params.available else []
        return filters

    @staticmethod
    def _sort(params: SearchParams, terms: list[str]) -> list[Any]:
        newest: list[Any] = [{"created_at": "desc"}, {"pk": "desc"}]
        if terms:
            return ["_score", *newest]
        if params.within_radius and params.place is not None:
            points = [
                {"lat": commune.latitude, "lon": commune.longitude}
                for commune in params.place.communes
            ]
            nearest = {
                "_geo_distance": {"location": points, "order": "asc", "unit": "km", "mode": "min"}
            }
            return [nearest, *newest]
        return newest

    def _request(self, params: SearchParams, terms: list[str], facets: bool) -> dict[str, Any]:
        """The search request: the words, and in filter context the filters every count
        shares (skills; all of them without facets); the others as a post filter, which
        each facet's aggregation applies but its own."""
        filters = self._filters(params)
        shared = filters.pop("skills")
        if not facets:
            shared += [query for queries in filters.values() for query in queries]
            filters = {}
        query = self._words(terms)
        if shared:
            query = {"bool": {"must": [query], "filter": shared}}
        body: dict[str, Any] = {
            "query": query,
            "sort": self._sort(params, terms),
            "from_": params.offset,
            "size": params.per_page,
            "track_total_hits": True,
            "source": ["card"] if params.per_page else False,
        }
        every = [query for queries in filters.values() for query in queries]
        if every:
            body["post_filter"] = {"bool": {"filter": every}}
        if facets:

            def except_(kind: str | None) -> dict[str, Any]:
                kept = [q for key, queries in filters.items() if key != kind for q in queries]
                return {"bool": {"filter": kept}} if kept else {"match_all": {}}

            def terms_of(field: str) -> dict[str, Any]:
                return {"terms": {"field": field, "size": FACET_SIZE * 2}}

            body["aggs"] = {
                "f_skills": {"filter": except_(None), "aggs": {"values": terms_of("skill_slugs")}},
                "f_communes": {
                    "filter": except_("commune"),
                    "aggs": {"values": terms_of("commune")},
                },
                "f_centres": {
                    "filter": except_("telecentre"),
                    "aggs": {"values": terms_of("telecentre")},
                },
                "f_available": {
                    "filter": except_("available"),
                    "aggs": {"yes": {"filter": _available()}},
                },
            }
        return body

    def _run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        # The node's request cache keeps answers (facets included) until the index next
        # refreshes with a change: a repeated search costs it almost nothing.
        response = documents.client().search(
            index=documents.alias_name(),
            request_cache=True,
            filter_path=RESPONSE_FIELDS,
            **self._request(params, terms, facets),
        )
        hits = response["hits"].get("hits", [])
        ids = [int(hit["_id"]) for hit in hits]
        self._cards = {
            pk: card_from_source(pk, hit["_source"]["card"])
            for pk, hit in zip(ids, hits, strict=True)
            if "card" in hit.get("_source", {})
        }
        total = int(response["hits"]["total"]["value"])
        counts: tuple[dict[Any, int], ...] = ()
        if facets:
            aggs = response["aggregations"]

            def buckets(name: str) -> dict[Any, int]:
                return {
                    bucket["key"]: bucket["doc_count"] for bucket in aggs[name]["values"]["buckets"]
                }

            yes = aggs["f_available"]["yes"]["doc_count"]
            counts = (
                buckets("f_skills"),
                buckets("f_communes"),
                buckets("f_centres"),
                {True: yes, False: aggs["f_available"]["doc_count"] - yes},
            )
        return ids, total, counts

    # -- writes ------------------------------------------------------------------

    def index(self, profile_ids: list[int]) -> None:
        data = profile_data(profile_ids)
        self.database.write(profile_ids, data)
        self._send(profile_ids, data)

    def remove(self, profile_ids: list[int]) -> None:
        self.database.remove(profile_ids)
        self._send(profile_ids, {})

    def _send(self, profile_ids: list[int], data: dict[int, dict[str, Any]]) -> None:
        if documents.marked_down():
            raise BackendUnavailable("Elasticsearch marqué indisponible")
        try:
            documents.write_documents(documents.client(), profile_ids, data)
        except Exception as exc:
            documents.mark_down(exc)
            raise BackendUnavailable(f"{type(exc).__name__}: {exc}"[:2000]) from exc
        documents.mark_up()

    def rebuild(self, progress: Progress | None = None) -> int:
        """One pass: each profile is read and analysed once (in several processes for a
        large directory) and written to the database terms and, at the same time, to a
        new index; then the alias moves to it and the old index goes."""
        es = documents.client(timeout=60)
        name = documents.new_index_name()
        documents.create_index(es, name, loading=True)
        sender = _BulkSender(es)
        try:
            count = self.database.rebuild(progress, name, sender.send)
            sender.finish()
            documents.loaded(es, name)
        except BaseException:
            sender.abandon()
            es.indices.delete(index=name, ignore_unavailable=True)
            raise
        documents.switch_alias(es, name)
        return count

    def status(self) -> list[tuple[str, str]]:
        rows = self.database.status()
        try:
            es = documents.client()
            indices = documents.current_indices(es)
            count = es.count(index=documents.alias_name())["count"] if indices else 0
        except Exception as exc:
            rows.append(("Elasticsearch", f"injoignable ({type(exc).__name__}: {exc})"))
            return rows
        rows.append(("Documents (Elasticsearch)", str(count)))
        rows.append(
            ("Alias Elasticsearch", f"{documents.alias_name()} → {', '.join(indices) or '—'}")
        )
        return rows


def _available() -> dict[str, Any]:
    return {
        "bool": {
            "should": [
                {"term": {"availability": Profile.Availability.NOW}},
                {
                    "bool": {
                        "filter": [
                            {"term": {"availability": Profile.Availability.FROM}},
                            {
                                "range": {
                                    "available_from": {"lte": timezone.localdate().isoformat()}
                                }
                            },
                        ]
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


# ---------------------------------------------------------------------------
# Rebuild


class _BulkSender:
    """Sends a rebuild's bulk requests from a thread, one at a time and at most
    ``AHEAD`` waiting, so that Elasticsearch indexes batch N while the database writes
    it; a refused document fails the rebuild at the next batch."""

    AHEAD = 2

    def __init__(self, es: Any) -> None:
        self.es = es
        self.thread = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self.waiting: collections.deque[concurrent.futures.Future[None]] = collections.deque()

    def send(self, batch: bulk.Batch) -> None:
        while self.waiting and (len(self.waiting) >= self.AHEAD or self.waiting[0].done()):
            self.waiting.popleft().result()
        if batch.documents:
            self.waiting.append(self.thread.submit(documents.send_bulk, self.es, batch.documents))

    def finish(self) -> None:
        while self.waiting:
            self.waiting.popleft().result()
        self.thread.shutdown()

    def abandon(self) -> None:
        self.thread.shutdown(cancel_futures=True)
