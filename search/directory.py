"""The directory's search: one interface, two backends.

    params = SearchParams.from_query(request.GET)   # raises InvalidSearch (French message)
    results = search(params)                        # Results: profiles, total, facets, backend

``get_backend()`` is the only place that looks at the settings: Elasticsearch when
``ELASTICSEARCH_URL`` is set (answering from the database when the cluster does not),
the database otherwise; while changes wait for a replay after an outage, the database
answers too (it has them all). Both backends take the same parameters, match the same terms
(``search.analysis``), score alike, filter alike and count facets alike:

- words: every term of the query must be in the profile; a profile scores the sum,
  over the terms, of the weight of the best field holding it (name and skills 4,
  headline 2, presentation 1); ties go to the newest profile;
- ``skill`` filters combine with AND; ``commune`` + ``radius_km`` keeps profiles within
  that distance of the commune and gives ``distance_km``; ``available``; ``telecentre``;
- each facet counts the profiles matching the words and every other active filter;
- no words: everyone, newest first (nearest first within a radius).
"""

import dataclasses
import logging
import math

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Profile, Skill, SkillSynonym, TaggedSkill, skill_key
from home.geo import bounding_box, distance_km_expression, haversine_km
from home.models import Commune, TelecentrePage

from . import documents
from .analysis import FIELD_WEIGHTS, Synonyms, fold, query_terms
from .indexing import elasticsearch_behind
from .models import ProfileTerm
from .query import clean_query_string

logger = logging.getLogger(__name__)

PER_PAGE = 20
MAX_RADIUS_KM = 200
FACET_SIZE = 30
MAX_SKILLS = 20  # skill filters read from one query
TRUE_VALUES = {"1", "true", "on", "oui"}
FALSE_VALUES = {"", "0", "false", "off", "non"}


class InvalidSearch(ValueError):
    """A parameter that cannot be understood; ``errors`` maps parameter -> French message."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{key} : {message}" for key, message in errors.items()))
        self.errors = errors


@dataclasses.dataclass
class SearchParams:
    q: str = ""
    skills: list = dataclasses.field(default_factory=list)  # Skill objects
    unknown_skills: list = dataclasses.field(default_factory=list)
    commune: Commune | None = None
    radius_km: float | None = None
    telecentre: TelecentrePage | None = None
    available: bool = False
    page: int = 1
    per_page: int = PER_PAGE
    photos: bool = False  # cards with their photo (HTML); the JSON needs none

    @classmethod
    def from_query(cls, query, per_page=PER_PAGE):
        """Reads and checks the query parameters of ``/annuaire/`` and the API."""
        errors = {}
        params = cls(q=clean_query_string(query.get("q", "")), per_page=per_page)

        # No control character (PostgreSQL refuses NUL) nor megabyte reaches a lookup.
        wanted = [clean_query_string(value, 100) for value in query.getlist("skill")[:MAX_SKILLS]]
        wanted = [value for value in wanted if value]
        if wanted:
            params.skills, params.unknown_skills = resolve_skills(wanted)

        commune = clean_query_string(query.get("commune", ""), 100)
        if commune:
            params.commune = Commune.lookup(commune)
            if params.commune is None:
                errors["commune"] = f"Commune inconnue : « {commune[:60]} » (nom ou code INSEE)."

        radius = clean_query_string(query.get("radius_km", ""), 100)
        if radius:
            try:
                params.radius_km = float(radius.replace(",", "."))
            except ValueError:
                params.radius_km = None
                errors["radius_km"] = "Le rayon doit être un nombre de kilomètres, par exemple 20."
            else:
                if not math.isfinite(params.radius_km) or not 0 < params.radius_km <= MAX_RADIUS_KM:
                    errors["radius_km"] = (
                        f"Le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km."
                    )
                elif not commune:
                    errors["radius_km"] = "Le rayon demande une commune (paramètre commune)."

        centre = clean_query_string(query.get("telecentre", ""), 100)
        if centre:
            params.telecentre = TelecentrePage.objects.live().public().filter(slug=centre).first()
            if params.telecentre is None:
                errors["telecentre"] = f"Télécentre inconnu : « {centre[:60]} »."

        available = clean_query_string(query.get("available", ""), 100).lower()
        if available in TRUE_VALUES:
            params.available = True
        elif available not in FALSE_VALUES:
            errors["available"] = "Le paramètre available vaut 1 (disponibles seulement) ou 0."

        page = clean_query_string(query.get("page", ""), 100) or "1"
        try:
            params.page = int(page)
        except ValueError:
            errors["page"] = "Le numéro de page doit être un nombre entier."
        else:
            if params.page < 1:
                errors["page"] = "Le numéro de page commence à 1."
            elif params.page > 10_000:
                errors["page"] = "Ce numéro de page est trop grand."
        if errors:
            raise InvalidSearch(errors)
        return params

    @property
    def within_radius(self):
        return self.commune is not None and self.radius_km is not None

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def active(self):
        return bool(
            self.q
            or self.skills
            or self.unknown_skills
            or self.commune
            or self.telecentre
            or self.available
        )


def resolve_skills(values):
    """Skills named by slug, name or synonym (case and accents ignored), in 2 queries.
    Returns (skills, values that name no skill)."""
    keys = {skill_key(value): value for value in values}
    slugs = {slugify(value): value for value in values}
    found = list(Skill.objects.shared().filter(Q(key__in=keys) | Q(slug__in=slugs)))
    matched = {skill.key for skill in found} | {skill.slug for skill in found}
    missing = [
        value
        for value in values
        if skill_key(value) not in matched and slugify(value) not in matched
    ]
    if missing:
        for synonym in SkillSynonym.objects.select_related("skill").filter(
            key__in=[skill_key(value) for value in missing]
        ):
            found.append(synonym.skill)
            missing = [value for value in missing if skill_key(value) != synonym.key]
    unique = {skill.pk: skill for skill in found}
    return sorted(unique.values(), key=lambda skill: skill.key), missing


@dataclasses.dataclass
class Results:
    profiles: list  # Profile objects (for cards), with .distance_km and .score
    total: int
    params: SearchParams
    facets: dict
    backend: str

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.params.per_page))

    def as_json(self):
        """The answer of ``/api/v1/directory/`` (DESIGN.md)."""
        results = []
        for profile in self.profiles:
            item = profile.as_search_result()
            item["distance_km"] = profile.distance_km
            results.append(item)
        return {
            "count": self.total,
            "page": self.params.page,
            "num_pages": self.num_pages,
            "backend": self.backend,
            "results": results,
            "facets": self.facets,
        }


def _available_q(prefix=""):
    today = timezone.localdate()
    return Q(**{f"{prefix}availability": Profile.Availability.NOW}) | Q(
        **{
            f"{prefix}availability": Profile.Availability.FROM,
            f"{prefix}available_from__lte": today,
        }
    )


def _load_cards(ids, params):
    """The profiles of one page, in the given order, in a fixed number of queries."""
    profiles = Profile.objects.public().filter(pk__in=ids)
    if params.photos:
        profiles = profiles.for_cards()
    else:
        profiles = profiles.select_related("commune", "telecentre").prefetch_related("skills")
    by_pk = {profile.pk: profile for profile in profiles}
    profiles = [by_pk[pk] for pk in ids if pk in by_pk]
    for profile in profiles:
        profile.distance_km = None
        if params.within_radius:
            profile.distance_km = round(
                haversine_km(
                    params.commune.latitude,
                    params.commune.longitude,
                    profile.commune.latitude,
                    profile.commune.longitude,
                ),
                1,
            )
    return profiles


def _facet_labels(skill_counts, commune_counts, centre_counts, available_counts):
    """Facets in the shape of DESIGN.md from {key: count} maps, with labels from the
    database (3 queries), ordered by count then label."""

    def ordered(items):
        return sorted(items, key=lambda item: (-item["count"], fold(item["label"])))[:FACET_SIZE]

    skills = Skill.objects.shared().filter(slug__in=list(skill_counts)).values_list("slug", "name")
    communes = Commune.objects.filter(insee__in=list(commune_counts)).values_list("insee", "name")
    centres = (
        TelecentrePage.objects.live()
        .public()
        .filter(slug__in=list(centre_counts))
        .values_list("slug", "title")
    )
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
            {"value": True, "label": "disponible", "count": available_counts.get(True, 0)},
            {"value": False, "label": "pas disponible", "count": available_counts.get(False, 0)},
        ],
    }


# ---------------------------------------------------------------------------
# Database backend


class DatabaseBackend:
    """Words from the analysed terms in ``ProfileTerm``; filters, facets and distance
    with the ORM. The same on SQLite and PostgreSQL."""

    name = "database"

    def _filtered(self, params, synonyms, exclude=()):
        """Public profiles matching the words and every filter not in ``exclude``."""
        profiles = Profile.objects.public()
        terms = query_terms(params.q, synonyms)
        if terms:
            matching = (
                ProfileTerm.objects.filter(term__in=terms)
                .values("profile_id")
                .annotate(n=Count("pk"))
                .filter(n=len(terms))
                .values("profile_id")
            )
            profiles = profiles.filter(pk__in=matching)
        if "skills" not in exclude:
            if params.unknown_skills:
                profiles = profiles.none()
            for skill in params.skills:
                profiles = profiles.filter(
                    pk__in=TaggedSkill.objects.filter(tag_id=skill.pk).values("content_object_id")
                )
        if "commune" not in exclude and params.commune is not None:
            if params.within_radius:
                lat_min, lat_max, lon_min, lon_max = bounding_box(
                    params.commune.latitude, params.commune.longitude, params.radius_km
                )
                profiles = (
                    profiles.filter(
                        commune__latitude__range=(lat_min, lat_max),
                        commune__longitude__range=(lon_min, lon_max),
                    )
                    .alias(
                        distance=distance_km_expression(
                            params.commune.latitude,
                            params.commune.longitude,
                            "commune__latitude",
                            "commune__longitude",
                        )
                    )
                    .filter(distance__lte=params.radius_km)
                )
            else:
                profiles = profiles.filter(commune_id=params.commune.pk)
        if "telecentre" not in exclude and params.telecentre is not None:
            profiles = profiles.filter(telecentre_id=params.telecentre.pk)
        if "available" not in exclude and params.available:
            profiles = profiles.filter(_available_q())
        return profiles, terms

    def search(self, params, facets=True):
        synonyms = Synonyms.from_database()
        profiles, terms = self._filtered(params, synonyms)
        if terms:
            profiles = profiles.annotate(score=_score_subquery(terms)).order_by(
                "-score", "-created_at", "-pk"
            )
        elif params.within_radius:
            profiles = profiles.order_by("distance", "-created_at", "-pk")
        else:
            profiles = profiles.order_by("-created_at", "-pk")
        total = profiles.count()
        ids = list(
            profiles.values_list("pk", flat=True)[params.offset : params.offset + params.per_page]
        )
        return Results(
            profiles=_load_cards(ids, params),
            total=total,
            params=params,
            facets=self.facets(params, synonyms) if facets else {},
            backend=self.name,
        )

    def facets(self, params, synonyms):
        with_all, _terms = self._filtered(params, synonyms)
        skill_counts = dict(
            TaggedSkill.objects.filter(content_object__in=with_all.values("pk"))
            .values("tag__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__slug")
            .values_list("tag__slug", "n")[: FACET_SIZE * 2]
        )
        no_commune, _terms = self._filtered(params, synonyms, exclude=("commune",))
        commune_counts = dict(
            Profile.objects.filter(pk__in=no_commune.values("pk"))
            .values("commune__insee")
            .annotate(n=Count("pk"))
            .order_by("-n", "commune__insee")
            .values_list("commune__insee", "n")[: FACET_SIZE * 2]
        )
        no_centre, _terms = self._filtered(params, synonyms, exclude=("telecentre",))
        centre_counts = dict(
            Profile.objects.filter(pk__in=no_centre.values("pk"), telecentre__live=True)
            .values("telecentre__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "telecentre__slug")
            .values_list("telecentre__slug", "n")[: FACET_SIZE * 2]
        )
        no_available, _terms = self._filtered(params, synonyms, exclude=("available",))
        counts = Profile.objects.filter(pk__in=no_available.values("pk")).aggregate(
            yes=Count("pk", filter=_available_q()), total=Count("pk")
        )
        available_counts = {True: counts["yes"], False: counts["total"] - counts["yes"]}
        return _facet_labels(skill_counts, commune_counts, centre_counts, available_counts)

    def suggest_skills(self, prefix, limit=10):
        key = skill_key(prefix)
        if not key:
            return []
        public = Profile.objects.public().values("pk")
        used = TaggedSkill.objects.filter(content_object__in=public)
        synonym_skills = SkillSynonym.objects.filter(key__startswith=key).values("skill_id")
        return list(
            Skill.objects.shared()
            .filter(
                Q(key__startswith=key) | Q(key__contains=" " + key) | Q(pk__in=synonym_skills),
                pk__in=used.values("tag_id"),
            )
            .annotate(usage=Count("tagged_profiles", filter=Q(tagged_profiles__in=used)))
            .order_by("-usage", "key")
            .values_list("name", "slug")[:limit]
        )


def _score_subquery(terms):
    return Subquery(
        ProfileTerm.objects.filter(profile_id=OuterRef("pk"), term__in=terms)
        .values("profile_id")
        .annotate(total=Sum("weight"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


# ---------------------------------------------------------------------------
# Elasticsearch backend


class ElasticsearchBackend:
    """The directory's own index (``search.documents``) through elasticsearch-dsl:
    the same terms, scored with the same weights (``constant_score`` per field, the
    best field per term), plus one typo of tolerance; aggregations for the facets;
    ``geo_distance`` for the radius. Answers from the database when the cluster
    does not answer, and logs it."""

    name = "elasticsearch"
    fallback_class = DatabaseBackend

    def search(self, params, facets=True):
        synonyms = Synonyms.from_database()
        if elasticsearch_behind():
            # Changes wait for the `index` job: the database has them, so its counts are right.
            logger.warning("directory search answered by the database backend (index behind)")
            return self.fallback_class().search(params, facets=facets)
        if not documents.marked_down():
            try:
                results = self._search(params, synonyms, facets)
                documents.mark_up()
                return results
            except Exception as exc:
                documents.mark_down(exc)
        logger.warning("directory search answered by the database backend (Elasticsearch down)")
        return self.fallback_class().search(params, facets=facets)

    def suggest_skills(self, prefix, limit=10):
        if not documents.marked_down() and not elasticsearch_behind():
            try:
                return self._suggest_skills(prefix, limit)
            except Exception as exc:
                documents.mark_down(exc)
        return self.fallback_class().suggest_skills(prefix, limit)

    # -- query building ------------------------------------------------------

    @staticmethod
    def _words(terms):
        from elasticsearch.dsl import Q as ESQ

        fields = {"name": "name", "skills_text": "skills", "headline": "headline", "bio": "bio"}
        musts = []
        for term in terms:
            options = []
            for field, weight_key in fields.items():
                weight = FIELD_WEIGHTS[weight_key]
                options.append(
                    ESQ("constant_score", filter=ESQ("term", **{field: term}), boost=weight)
                )
                if len(term) >= 5:
                    # One typo, worth a little less than the exact word.
                    options.append(
                        ESQ(
                            "constant_score",
                            filter=ESQ(
                                "fuzzy",
                                **{field: {"value": term, "fuzziness": 1, "prefix_length": 1}},
                            ),
                            boost=weight * 0.5,
                        )
                    )
            musts.append(ESQ("dis_max", queries=options))
        return ESQ("bool", must=musts) if musts else ESQ("match_all")

    @staticmethod
    def _filters(params):
        from elasticsearch.dsl import Q as ESQ

        filters = {}
        if params.unknown_skills:
            filters["skills"] = [ESQ("bool", must_not=[ESQ("match_all")])]
        else:
            filters["skills"] = [ESQ("term", skill_slugs=skill.slug) for skill in params.skills]
        if params.within_radius:
            filters["commune"] = [
                ESQ(
                    "geo_distance",
                    distance=f"{params.radius_km}km",
                    location={"lat": params.commune.latitude, "lon": params.commune.longitude},
                )
            ]
        elif params.commune is not None:
            filters["commune"] = [ESQ("term", commune=params.commune.insee)]
        else:
            filters["commune"] = []
        filters["telecentre"] = (
            [ESQ("term", telecentre=params.telecentre.slug)]
            if params.telecentre is not None
            else []
        )
        filters["available"] = [_es_available()] if params.available else []
        return filters

    def _search(self, params, synonyms, facets):
        from elasticsearch.dsl import Q as ESQ
        from elasticsearch.dsl import Search

        terms = query_terms(params.q, synonyms)
        filters = self._filters(params)

        def except_(kind):
            kept = [query for key, queries in filters.items() if key != kind for query in queries]
            return ESQ("bool", filter=kept) if kept else ESQ("match_all")

        search = Search(using=documents.client(), index=documents.alias_name())
        search = search.query(self._words(terms))
        every = [query for queries in filters.values() for query in queries]
        if every:
            search = search.post_filter(ESQ("bool", filter=every))
        if terms:
            search = search.sort("_score", {"created_at": "desc"}, {"pk": "desc"})
        elif params.within_radius:
            point = {"lat": params.commune.latitude, "lon": params.commune.longitude}
            search = search.sort(
                {"_geo_distance": {"location": point, "order": "asc", "unit": "km"}},
                {"created_at": "desc"},
                {"pk": "desc"},
            )
        else:
            search = search.sort({"created_at": "desc"}, {"pk": "desc"})
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
                "yes", "filter", filter=_es_available()
            )
        search = search.extra(track_total_hits=True, _source=False)
        search = search[params.offset : params.offset + params.per_page]
        response = search.execute()
        ids = [int(hit.meta.id) for hit in response.hits]
        total = response.hits.total.value
        facet_data = {}
        if facets:
            aggs = response.aggregations

            def buckets(name):
                return {bucket.key: bucket.doc_count for bucket in aggs[name]["values"].buckets}

            yes = aggs.f_available.yes.doc_count
            facet_data = _facet_labels(
                buckets("f_skills"),
                buckets("f_communes"),
                buckets("f_centres"),
                {True: yes, False: aggs.f_available.doc_count - yes},
            )
        return Results(
            profiles=_load_cards(ids, params),
            total=total,
            params=params,
            facets=facet_data,
            backend=self.name,
        )

    def _suggest_skills(self, prefix, limit):
        from elasticsearch.dsl import Search

        text = " ".join(fold(prefix).replace("’", "'").split())
        if not text:
            return []
        search = Search(using=documents.client(), index=documents.alias_name()).source(["skills"])
        search = search.suggest(
            "skills",
            text,
            completion={"field": "skill_suggest", "size": limit * 3, "skip_duplicates": True},
        )
        response = search.execute()
        names = []
        for option in response.suggest.skills[0].options:
            matched = option.text
            for name in option._source.skills:
                folded = " ".join(fold(name).replace("’", "'").split())
                if (folded == matched or folded.endswith(" " + matched)) and name not in names:
                    names.append(name)
        slugs = dict(Skill.objects.shared().filter(name__in=names).values_list("name", "slug"))
        return [(name, slugs[name]) for name in names if name in slugs][:limit]


def _es_available():
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
# The interface


def get_backend():
    """The backend the settings ask for: Elasticsearch when ``ELASTICSEARCH_URL`` is
    set (with the database as fallback), the database otherwise."""
    if documents.configured():
        return ElasticsearchBackend()
    return DatabaseBackend()


def search(params, facets=True):
    """Searches the directory; ``params`` is a SearchParams (or a QueryDict)."""
    if not isinstance(params, SearchParams):
        params = SearchParams.from_query(params)
    return get_backend().search(params, facets=facets)


def suggest_skills(prefix, limit=10):
    """Skills of public profiles starting with ``prefix`` (or one of their words):
    [(name, slug)]."""
    return get_backend().suggest_skills(prefix, limit)
