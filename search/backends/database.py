"""The database backend: words from the analysed terms in ``ProfileTerm``; filters,
facets and distance on the filter columns of ``ProfileEntry`` (one row per public
profile, written by this backend alone). The same on SQLite and PostgreSQL.

- words: every term of the query must be in the profile; a profile scores the sum,
  over the terms, of the weight of the best field holding it (name and skills 4,
  headline 2, presentation 1); ties go to the newest profile;
- ``skill`` filters combine with AND; a place keeps the profiles of its communes (with
  a radius: every commune within it, nearest first when there are no words);
- each facet counts the profiles matching the words and every other active filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.utils import timezone

from directory.models import Profile, TaggedSkill

from .. import bulk
from ..entries import profile_data
from ..models import PendingIndexChange, ProfileEntry, ProfileTerm
from ..params import SearchParams
from ..places import CommuneInfo
from .base import FACET_SIZE, Progress, SearchBackend, available_q, cached, skill_slugs

GROUPS_SECONDS = 60


class DatabaseBackend(SearchBackend):
    name = "database"

    # -- reads -----------------------------------------------------------------

    def _filtered(
        self, params: SearchParams, terms: list[str], exclude: tuple[str, ...] = ()
    ) -> QuerySet[ProfileEntry]:
        """Entries (public profiles) matching the words and every filter not in
        ``exclude``: one table, its filter columns, no join."""
        entries = ProfileEntry.objects.all()
        if terms:
            matching = (
                ProfileTerm.objects.filter(term__in=terms)
                .values("profile_id")
                # COUNT(*): the (term, profile_id, weight) index answers alone.
                .annotate(n=Count("*"))
                .filter(n=len(terms))
                .values("profile_id")
            )
            entries = entries.filter(pk__in=matching)
        if "skills" not in exclude:
            if params.unknown_skills:
                entries = entries.none()
            for skill in params.skills:
                entries = entries.filter(
                    pk__in=TaggedSkill.objects.filter(tag_id=skill.pk).values("content_object_id")
                )
        if "commune" not in exclude and params.place is not None:
            entries = entries.filter(commune__in=[commune.insee for commune in params.communes()])
        if "telecentre" not in exclude and params.telecentre is not None:
            entries = entries.filter(telecentre=params.telecentre.slug)
        if "available" not in exclude and params.available:
            entries = entries.filter(available_q())
        return entries

    def run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        matching = entries = self._filtered(params, terms)
        if terms:
            entries = entries.annotate(score=_score_subquery(terms)).order_by(
                "-score", "-created_at", "-pk"
            )
        elif params.within_radius and params.place is not None:
            entries = entries.alias(
                distance=_Distance(params.place.distances_within(params.radius_km or 0))
            ).order_by("distance", "-created_at", "-pk")
        else:
            entries = entries.order_by("-created_at", "-pk")
        # The total: from the facets' grouped counts when a query counted every match;
        # otherwise with the page (a window count) when words or skills were counted
        # (one query fewer), or by a count and the page (far cheaper than a window over
        # a wide answer, which must read and sort every match).
        counts: tuple[dict[Any, int], ...] = ()
        total: int | None = None
        if facets:
            counts, total = self.facet_counts(params, terms)
        page = slice(params.offset, params.offset + params.per_page)
        ids: list[int] = []
        if total is None and facets and params.per_page and not _filters_only(params, terms):
            rows = list(
                entries.annotate(total=Window(Count("pk"))).values_list("pk", "total")[page]
            )
            ids = [pk for pk, _total in rows]
            total = rows[0][1] if rows else (matching.count() if params.offset else 0)
        else:
            if total is None:
                total = matching.count()
            if params.per_page and total > params.offset:
                ids = list(entries.values_list("pk", flat=True)[page])
        return ids, total, counts

    def facet_counts(
        self, params: SearchParams, terms: list[str]
    ) -> tuple[tuple[dict[Any, int], ...], int | None]:
        """Each facet counts the entries matching the words and every *other* filter.
        The skills' counts come from the profiles' skill links; the communes', centres'
        and availability's from one grouped query on the entries for the facets whose
        own filter is not in use (they share the fully filtered set), and one more for
        each facet whose filter is: 2 to 5 queries, usually 2. Returns the counts and
        the number of entries matching every filter (None if no query counted them)."""
        with_all = self._filtered(params, terms)
        # Grouped by the link's skill id (no join); the labels' cache names them.
        by_id = dict(
            TaggedSkill.objects.filter(content_object_id__in=with_all.values("pk"))
            .order_by()
            .values("tag_id")
            .annotate(n=Count("*"))
            .values_list("tag_id", "n")
        )
        slugs = skill_slugs()
        skill_counts = _top({slugs[pk]: n for pk, n in by_id.items() if pk in slugs})
        active = {
            "commune": params.place is not None,
            "telecentre": params.telecentre is not None,
            "available": params.available,
        }
        sets: dict[str | None, list[str]] = {}
        for facet, in_use in active.items():
            sets.setdefault(facet if in_use else None, []).append(facet)
        # Without words or skills, the sets are the filters' alone: their counts come
        # from the counts of every entry by commune and centre (cached), with no query.
        by_filters_only = _filters_only(params, terms)
        found: dict[str, Any] = {}
        total = None
        for excluded, facets in sets.items():
            if by_filters_only:
                grouped = _sum_groups(_kept_groups(params, excluded))
            else:
                grouped = _grouped_counts(
                    with_all if excluded is None else self._filtered(params, terms, (excluded,))
                )
            if excluded is None and not by_filters_only:
                total = sum(grouped["available"].values())
            for facet in facets:
                found[facet] = grouped[facet]
        return (skill_counts, found["commune"], found["telecentre"], found["available"]), total

    # -- writes ------------------------------------------------------------------

    def write(self, profile_ids: list[int], data: dict[int, dict[str, Any]]) -> None:
        """Replaces the entries and terms of ``profile_ids`` by those of their ``data``
        (the public ones)."""
        with transaction.atomic():
            bulk.write(profile_ids, data)

    def index(self, profile_ids: list[int]) -> None:
        self.write(profile_ids, profile_data(profile_ids))

    def remove(self, profile_ids: list[int]) -> None:
        with transaction.atomic():
            bulk.write(profile_ids, {})

    def rebuild(
        self,
        progress: Progress | None = None,
        documents_index: str | None = None,
        also: Callable[[bulk.Batch], None] | None = None,
    ) -> int:
        """Rewrites every entry in one transaction (searches see the old ones until it
        commits), each profile read and analysed once (``search.bulk.analysed``).
        ``documents_index`` and ``also``: for the Elasticsearch backend, which gets each
        batch, with the bulk request of its documents, before its rows are written."""
        count = done = 0
        with (
            bulk.analysed(documents_index) as (total, batches),
            # SQLite: no foreign key checks while the tables are emptied and filled (they
            # are most of the time of its DELETE and INSERTs): the profile ids come from
            # reads after this transaction took the write lock (transaction_mode
            # IMMEDIATE), so no profile can be deleted before the commit.
            connection.constraint_checks_disabled(),
            transaction.atomic(),
            bulk.without_indexes(ProfileTerm),
        ):
            bulk.write_rows(None, [], [])
            if progress:
                progress(0, total)
            for batch in batches:
                if also:
                    also(batch)
                bulk.write_rows([], batch.entries, batch.terms)
                count += batch.profiles
                done += batch.ids
                if progress:
                    progress(done, total)
        bulk.refresh_statistics(ProfileEntry, ProfileTerm)
        return count

    def status(self) -> list[tuple[str, str]]:
        return [
            ("Profils publics (base)", str(Profile.objects.public().count())),
            ("Profils indexés (base)", str(ProfileEntry.objects.count())),
            ("Modifications en attente", str(PendingIndexChange.objects.count())),
        ]


def _filters_only(params: SearchParams, terms: list[str]) -> bool:
    """No words and no skills: the matching entries are those of the filter columns."""
    return not (terms or params.skills or params.unknown_skills)


Group = tuple[str, str, int, int]  # commune, centre, entries, available entries


def _groups(entries: QuerySet[ProfileEntry]) -> list[Group]:
    """These entries counted by commune and centre (a few hundred rows at most: the
    communes of the Cantal times the centres), with how many are available."""
    return list(
        entries.order_by()
        .values("commune", "telecentre")
        .annotate(n=Count("pk"), yes=Count("pk", filter=available_q()))
        .values_list("commune", "telecentre", "n", "yes")
    )


def _kept_groups(params: SearchParams, excluded: str | None) -> list[Group]:
    """The groups of the entries that the place, centre and availability filters (but
    ``excluded``) keep, from the groups of every entry, cached until the index queue next
    writes (a minute at most: a cache of its own in each process does not hear the
    others' queue), and for the day (availability changes with it). The total of a
    search is still counted, so it always agrees with its pages."""
    groups: list[Group] = cached(
        f"entry-groups:{timezone.localdate()}",
        lambda: _groups(ProfileEntry.objects.all()),
        seconds=GROUPS_SECONDS,
    )
    if excluded != "commune" and params.place is not None:
        communes = {commune.insee for commune in params.communes()}
        groups = [group for group in groups if group[0] in communes]
    if excluded != "telecentre" and params.telecentre is not None:
        groups = [group for group in groups if group[1] == params.telecentre.slug]
    if excluded != "available" and params.available:
        groups = [(commune, centre, yes, yes) for commune, centre, _n, yes in groups]
    return groups


def _grouped_counts(entries: QuerySet[ProfileEntry]) -> dict[str, dict[Any, int]]:
    return _sum_groups(_groups(entries))


def _sum_groups(groups: list[Group]) -> dict[str, dict[Any, int]]:
    """{"commune": {insee: n}, "telecentre": {slug: n}, "available": {True: n, False: n}}"""
    communes: dict[Any, int] = {}
    centres: dict[Any, int] = {}
    available = {True: 0, False: 0}
    for commune, centre, n, yes in groups:
        if not n:
            continue
        communes[commune] = communes.get(commune, 0) + n
        if centre:
            centres[centre] = centres.get(centre, 0) + n
        available[True] += yes
        available[False] += n - yes
    return {
        "commune": _top(communes),
        "telecentre": _top(centres),
        "available": available,
    }


def _top(counts: dict[Any, int]) -> dict[Any, int]:
    """The most frequent values (the facet shows FACET_SIZE of them), ties by value."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ordered[: FACET_SIZE * 2])


class _Distance(Func):
    """An entry's distance, from its commune's: one simple ``CASE`` on the column, which
    the database evaluates (and Django compiles) far faster than a ``When`` per commune."""

    output_field = FloatField()

    def __init__(self, distances: list[tuple[CommuneInfo, float]]) -> None:
        super().__init__(F("commune"))
        self.distances = distances

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join("WHEN %s THEN %s" for _ in self.distances)
        values = [value for commune, km in self.distances for value in (commune.insee, km)]
        return f"CASE {column} {whens} ELSE 0.0 END", [*params, *values]


def _score_subquery(terms: list[str]) -> Subquery:
    return Subquery(
        ProfileTerm.objects.filter(profile_id=OuterRef("pk"), term__in=terms)
        .values("profile_id")
        .annotate(total=Sum("weight"))
        .values("total")[:1],
        output_field=IntegerField(),
    )
