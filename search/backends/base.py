"""What every directory backend does, and what they share.

A backend answers searches (``search``) and skill suggestions (``suggest``) and owns its
writes: ``index(ids)`` brings the entries of these profiles up to date (an entry for
each public one, none for the others), ``remove(ids)`` drops them, ``rebuild(progress)``
rewrites everything, ``status()`` says what it holds. The queue
(``search.indexing``), the signal handlers and ``directory_index`` call these and never
ask which backend they have.

Shared here, so both answer alike: the typo correction, the cards of a page, the facets'
labels and order, the cached facets of the empty query, the ways out of an empty result.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from directory.models import Profile, Skill, SkillSynonym, TaggedSkill, skill_key
from home.models import TelecentrePage
from portal.i18n import in_default_locale

from .. import corrections
from ..analysis import Synonyms, fold, query_terms
from ..cards import Card, light_cards
from ..params import Centre, Results, SearchParams
from ..places import all_communes

FACET_SIZE = 30
FACETS_CACHE_KEY = "search:directory:facets:empty"
FACETS_CACHE_SECONDS = 600
GENERATION_KEY = "search:directory:generation"

Progress = Callable[[int, int], None]  # (done, total)


class BackendUnavailable(RuntimeError):
    """The backend could not take a write; the queue keeps the change for a replay."""


def cached(name: str, compute: Callable[[], Any], seconds: int = FACETS_CACHE_SECONDS) -> Any:
    """``compute()``, kept in the cache until the index queue next writes (or ``seconds``):
    the vocabulary's labels and synonyms, which every search reads."""
    key = f"search:directory:{name}:{cache.get(GENERATION_KEY, 0)}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def live_centres() -> dict[str, Centre]:
    """The live, public telecentres by slug (a centre renamed or unpublished shows within
    a minute)."""
    return cached(
        "centres",
        lambda: {
            slug: Centre(pk, slug, title)
            for pk, slug, title in in_default_locale(
                TelecentrePage.objects.live().public()
            ).values_list("pk", "slug", "title")
        },
        seconds=60,
    )


def skill_slugs() -> dict[int, str]:
    """The slug of every skill by id."""
    return cached("skill-slugs", lambda: dict(Skill.objects.values_list("pk", "slug")))


def synonyms() -> Synonyms:
    return cached("synonyms", Synonyms.from_database)


def forget_cached() -> None:
    """Called by the index queue after every write: the empty query's facets and the
    vocabulary of corrections are computed again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value makes old keys unused
        cache.set(GENERATION_KEY, int(timezone.now().timestamp() * 1000), None)
    corrections.forget()


class SearchBackend(abc.ABC):
    name: str = ""

    # -- reads -----------------------------------------------------------------

    def search(self, params: SearchParams, facets: bool = True) -> Results:
        terms = query_terms(params.q, synonyms())
        cached = None
        if facets and not params.active():
            cached = cache.get(self._facets_key())
        want_facets = facets and cached is None
        # Every word must match, so a word no public profile has gives an empty answer:
        # such words are corrected first (the same for every backend), and the search
        # runs once, with the corrected words.
        fixed = corrections.correct(terms) if terms else {}
        used = [fixed.get(term, term) for term in terms]
        ids, total, facet_counts = self.run(params, used, facets=want_facets)
        if want_facets:
            facet_data = facet_labels(*facet_counts)
            if not params.active():
                cache.set(self._facets_key(), facet_data, FACETS_CACHE_SECONDS)
        else:
            facet_data = cached or {}
        results = Results(
            profiles=self.cards(ids, params),
            total=total,
            params=params,
            facets=facet_data,
            backend=self.answered_by(),
        )
        if fixed:
            typed = corrections.typed_words(params.q, fixed)
            results.corrections = typed
            results.query = corrections.corrected_query(params.q, typed)
        return results

    def _facets_key(self) -> str:
        # Availability depends on the day; the answering backend on the cluster's health.
        day = timezone.localdate().isoformat()
        generation = cache.get(GENERATION_KEY, 0)
        return f"{FACETS_CACHE_KEY}:{generation}:{day}:{get_language()}:{self.answered_by()}"

    def answered_by(self) -> str:
        return self.name

    def cards(self, ids: list[int], params: SearchParams) -> list[Profile] | list[Card]:
        """The cards of the page ``run`` found, in its order (``load_cards``)."""
        return load_cards(ids, params)

    @abc.abstractmethod
    def run(
        self, params: SearchParams, terms: list[str], facets: bool
    ) -> tuple[list[int], int, tuple[dict[Any, int], ...]]:
        """(ids of the page, total, (skill, commune, centre, available) counts)."""

    def count(self, params: SearchParams) -> int:
        terms = query_terms(params.q, synonyms())
        return self.run(params.replace(per_page=0, page=1), terms, facets=False)[1]

    def suggest(self, prefix: str, limit: int = 10) -> list[tuple[str, str]]:
        """Skills of public profiles whose name, one of its words or a synonym starts
        with ``prefix``, most used first: [(name, slug)]. From the database on every
        backend (the vocabulary lives there), so suggestions agree."""
        key = skill_key(prefix)
        if not key:
            return []
        used = TaggedSkill.objects.filter(content_object__in=Profile.objects.public().values("pk"))
        synonym_skills = SkillSynonym.objects.filter(
            Q(key__startswith=key) | Q(key__contains=" " + key)
        ).values("skill_id")
        return list(
            Skill.objects.shared()
            .filter(
                Q(key__startswith=key)
                | Q(key__contains=" " + key)
                | Q(key__contains="-" + key)
                | Q(key__contains="'" + key)
                | Q(key__contains="(" + key)
                | Q(pk__in=synonym_skills),
                pk__in=used.values("tag_id"),
            )
            .annotate(usage=Count("tagged_profiles", filter=Q(tagged_profiles__in=used)))
            .order_by("-usage", "key")
            .values_list("name", "slug")[:limit]
        )

    # -- writes ------------------------------------------------------------------

    @abc.abstractmethod
    def index(self, profile_ids: list[int]) -> None:
        """Brings these profiles' entries up to date (raises BackendUnavailable)."""

    @abc.abstractmethod
    def remove(self, profile_ids: list[int]) -> None:
        """Drops these profiles' entries."""

    @abc.abstractmethod
    def rebuild(self, progress: Progress | None = None) -> int:
        """Rewrites every entry; returns the number of public profiles indexed."""

    @abc.abstractmethod
    def status(self) -> list[tuple[str, str]]:
        """What the backend holds, as (label, value) rows in French."""

    def behind(self) -> bool:
        """True while changes wait for a replay (the answers come from elsewhere)."""
        return False


# ---------------------------------------------------------------------------
# Shared pieces


def available_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}availability": Profile.Availability.NOW}) | Q(
        **{
            f"{prefix}availability": Profile.Availability.FROM,
            f"{prefix}available_from__lte": today,
        }
    )


def load_cards(ids: list[int], params: SearchParams) -> list[Profile] | list[Card]:
    """The profiles of one page, in the given order, in a fixed number of queries: full
    profiles with their photo for the page, light cards (``search.cards``) otherwise."""
    if not ids:
        return []
    by_pk: dict[int, Any]
    if params.photos:
        by_pk = {
            profile.pk: profile
            for profile in Profile.objects.public().filter(pk__in=ids).for_cards()
        }
    else:
        by_pk = light_cards(ids)
    cards: list[Any] = [by_pk[pk] for pk in ids if pk in by_pk]
    return with_distances(cards, params)


def with_distances(cards: list[Any], params: SearchParams) -> list[Any]:
    """Sets each card's ``distance_km`` (None without a radius)."""
    for card in cards:
        card.distance_km = None
        if params.within_radius and params.place is not None:
            # A profile's point is its commune's; a light card carries it itself.
            point: Any = card.commune if params.photos else card
            card.distance_km = round(params.place.distance_km(point.latitude, point.longitude), 1)
    return cards


# The facets' labels are few (skills, communes, centres) and sorted on every search.
folded = functools.lru_cache(maxsize=4096)(fold)


def facet_labels(
    skill_counts: dict[str, int] | None = None,
    commune_counts: dict[str, int] | None = None,
    centre_counts: dict[str, int] | None = None,
    available_counts: dict[bool, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Facets in the shape of DESIGN.md from {key: count} maps, with labels from the
    database (3 queries), ordered by count then label."""
    from django.utils.translation import gettext

    skill_counts = skill_counts or {}
    commune_counts = commune_counts or {}
    centre_counts = centre_counts or {}
    available_counts = available_counts or {}

    def ordered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(items, key=lambda item: (-item["count"], folded(item["label"])))[:FACET_SIZE]

    skill_names = cached(
        "skill-names", lambda: dict(Skill.objects.shared().values_list("slug", "name"))
    )
    skills = [(slug, skill_names[slug]) for slug in skill_counts if slug in skill_names]
    commune_names = {commune.insee: commune.name for commune in all_communes()}
    communes = [(insee, commune_names[insee]) for insee in commune_counts if insee in commune_names]
    titles = {slug: centre.title for slug, centre in live_centres().items()}
    centres = [(slug, titles[slug]) for slug in centre_counts if slug in titles]
    return {
        "skills": ordered(
            [
                {"value": name, "slug": slug, "label": name, "count": skill_counts[slug]}
                for slug, name in skills
            ]
        ),
        "communes": ordered(
            [
                {"value": name, "insee": insee, "label": name, "count": commune_counts[insee]}
                for insee, name in communes
            ]
        ),
        "telecentres": ordered(
            [
                {"value": slug, "label": title, "count": centre_counts[slug]}
                for slug, title in centres
            ]
        ),
        "available": [
            {"value": True, "label": gettext("disponible"), "count": available_counts.get(True, 0)},
            {
                "value": False,
                "label": gettext("pas disponible"),
                "count": available_counts.get(False, 0),
            },
        ],
    }
