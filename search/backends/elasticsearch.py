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
from ..entries import profile_data
from ..models import PendingIndexChange
from ..params import SearchParams
from .base import FACET_SIZE, BackendUnavailable, Progress, SearchBackend
from .database import DatabaseBackend

logger = logging.getLogger(__name__)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, database: DatabaseBackend | None = None) -> None:
        self.database = database or DatabaseBackend()
        self._behind: bool | None = None

    # -- reads -----------------------------------------------------------------

    def behind(self) -> bool:
        """A change failed to reach Elasticsearch and waits for the next replay (asked
        once per backend instance: ``get_backend()`` gives one per search)."""
        if self._behind is None:
            self._behind = PendingIndexChange.objects.filter(attempts__gt=0).exists()
        return self._behind

    def _usable(self) -> bool:
        return not documents.marked_down() and not self.behind()

    def answered_by(self) -> str:
        return self.name if self._usable() else self.database.name

    def run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        if self._usable():
            try:
                answer = self._run(params, terms, facets)
                documents.mark_up()
                return answer
            except Exception as exc:
                documents.mark_down(exc)
        logger.warning("directory search answered by the database backend")
        return self.database.run(params, terms, facets)

    @staticmethod
    def _words(terms: list[str]) -> Any:
        from elasticsearch.dsl import Q as ESQ

        fields = {
            "name": "name",
            "skills_text": "skills",
            "headline": "headline",
            "bio": "bio",
            "place": "place",
        }
        musts = [
            ESQ(
                "dis_max",
                queries=[
                    ESQ(
                        "constant_score",
                        filter=ESQ("term", **{field: term}),
                        boost=FIELD_WEIGHTS[weight_key],
                    )
                    for field, weight_key in fields.items()
                ],
            )
            for term in terms
        ]
        return ESQ("bool", must=musts) if musts else ESQ("match_all")

    @staticmethod
    def _filters(params: SearchParams) -> dict[str, list[Any]]:
        from elasticsearch.dsl import Q as ESQ

        filters: dict[str, list[Any]] = {}
        if params.unknown_skills:
            filters["skills"] = [ESQ("bool", must_not=[ESQ("match_all")])]
        else:
            filters["skills"] = [ESQ("term", skill_slugs=skill.slug) for skill in params.skills]
        filters["commune"] = (
            [ESQ("terms", commune=[commune.insee for commune in params.communes()])]
            if params.place is not None
            else []
        )
        filters["telecentre"] = (
            [ESQ("term", telecentre=params.telecentre.slug)]
            if params.telecentre is not None
            else []
        )
        filters["available"] = [_available()] if params.available else []
        return filters

    def _run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        from elasticsearch.dsl import Q as ESQ
        from elasticsearch.dsl import Search

        filters = self._filters(params)

        def except_(kind: str | None) -> Any:
            kept = [query for key, queries in filters.items() if key != kind for query in queries]
            return ESQ("bool", filter=kept) if kept else ESQ("match_all")

        search = Search(using=documents.client(), index=documents.alias_name())
        search = search.query(self._words(terms))
        every = [query for queries in filters.values() for query in queries]
        if every:
            search = search.post_filter(ESQ("bool", filter=every))
        newest: list[Any] = [{"created_at": "desc"}, {"pk": "desc"}]
        if terms:
            search = search.sort("_score", *newest)
        elif params.within_radius and params.place is not None:
            points = [
                {"lat": commune.latitude, "lon": commune.longitude}
                for commune in params.place.communes
            ]
            nearest: dict[str, Any] = {
                "_geo_distance": {"location": points, "order": "asc", "unit": "km", "mode": "min"}
            }
            search = search.sort(nearest, *newest)
        else:
            search = search.sort(*newest)
        if facets:
            search.aggs.bucket("f_skills", "filter", filter=except_(None)).bucket(
                "values", "terms", field="skill_slugs", size=FACET_SIZE * 2
            )
            search.aggs.bucket("f_communes", "filter", filter=except_("commune")).bucket(
                "values", "terms", field="commune", size=FACET_SIZE * 2
            )
            search.aggs.bucket("f_centres", "filter", filter=except_("telecentre")).bucket(
                "values", "terms", field="telecentre", size=FACET_SIZE * 2
            )
            search.aggs.bucket("f_available", "filter", filter=except_("available")).bucket(
                "yes", "filter", filter=_available()
            )
        search = search.extra(track_total_hits=True, _source=False)
        search = search[params.offset : params.offset + params.per_page]
        response = search.execute()
        ids = [int(hit.meta.id) for hit in response.hits]
        total = int(getattr(response.hits, "total").value)  # noqa: B009 (typed as a list)
        counts: tuple[dict[Any, int], ...] = ()
        if facets:
            aggs = response.aggregations

            def buckets(name: str) -> dict[Any, int]:
                return {bucket.key: bucket.doc_count for bucket in aggs[name]["values"].buckets}

            yes = aggs.f_available.yes.doc_count
            counts = (
                buckets("f_skills"),
                buckets("f_communes"),
                buckets("f_centres"),
                {True: yes, False: aggs.f_available.doc_count - yes},
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


def _available() -> Any:
    from elasticsearch.dsl import Q as ESQ

    return ESQ(
        "bool",
        should=[
            ESQ("term", availability=Profile.Availability.NOW),
            ESQ(
                "bool",
                filter=[
                    ESQ("term", availability=Profile.Availability.FROM),
                    ESQ("range", available_from={"lte": timezone.localdate().isoformat()}),
                ],
            ),
        ],
        minimum_should_match=1,
    )


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
