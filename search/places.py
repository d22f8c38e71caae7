"""Places as people type them: a commune's name, its INSEE code or a postcode.

``find_place("15000")`` -> a ``Place`` with Aurillac and Ytrac (a postcode shared by
several communes means all of them); ``find_place("st flour")`` -> Saint-Flour; an
unknown text -> ``None``, and ``closest_names(text)`` proposes what it may have meant.

The 246 communes of the Cantal are read once per process and kept (they change with a
data migration only); distances between them are computed here, so a radius becomes a
set of communes that both backends filter on alike.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re

from django.utils.text import slugify

from home.geo import haversine_km

from .analysis import fold

DEFAULT_RADIUS_KM = 20


@dataclasses.dataclass(frozen=True)
class CommuneInfo:
    insee: str
    name: str
    slug: str
    postcodes: tuple[str, ...]
    latitude: float
    longitude: float


@dataclasses.dataclass(frozen=True)
class Place:
    """What a typed place means: one or several communes (a shared postcode)."""

    text: str
    communes: tuple[CommuneInfo, ...]
    postcode: str = ""

    @property
    def shared_postcode(self) -> bool:
        return len(self.communes) > 1

    @property
    def label(self) -> str:
        return ", ".join(commune.name for commune in self.communes)

    @property
    def name(self) -> str:  # templates written for one commune
        return self.label

    def distance_km(self, latitude: float, longitude: float) -> float:
        """From the nearest of the place's communes."""
        return min(
            haversine_km(commune.latitude, commune.longitude, latitude, longitude)
            for commune in self.communes
        )

    def communes_within(self, radius_km: float) -> list[CommuneInfo]:
        """Every commune of the Cantal within ``radius_km`` of one of the place's."""
        return [commune for commune, _km in self.distances_within(radius_km)]

    def distances_within(self, radius_km: float) -> list[tuple[CommuneInfo, float]]:
        """(commune, distance) for every commune within ``radius_km``, computed once per
        place and radius (a search asks several times)."""
        return list(_distances_within(self, radius_km))


@functools.lru_cache(maxsize=256)
def _distances_within(place: Place, radius_km: float) -> tuple[tuple[CommuneInfo, float], ...]:
    found = []
    for other in all_communes():
        km = place.distance_km(other.latitude, other.longitude)
        if km <= radius_km:
            found.append((other, km))
    return tuple(found)


@functools.cache
def _communes() -> tuple[CommuneInfo, ...]:
    from home.models import Commune

    return tuple(
        CommuneInfo(
            insee=insee,
            name=name,
            slug=slug,
            postcodes=tuple(postcodes.split()),
            latitude=latitude,
            longitude=longitude,
        )
        for insee, name, slug, postcodes, latitude, longitude in Commune.objects.order_by(
            "name"
        ).values_list("insee", "name", "slug", "postcodes", "latitude", "longitude")
    )


def all_communes() -> tuple[CommuneInfo, ...]:
    communes = _communes()
    if not communes:  # read before the data migration ran (a fresh test database)
        _communes.cache_clear()
    return communes


def forget_communes() -> None:
    """After the communes table changed (tests, ``build_communes``)."""
    _communes.cache_clear()
    _distances_within.cache_clear()


ABBREVIATIONS = [
    (re.compile(r"^st[ -]"), "saint-"),
    (re.compile(r"^ste[ -]"), "sainte-"),
    (re.compile(r"-st-"), "-saint-"),
    (re.compile(r"-ste-"), "-sainte-"),
]


def _slug(text: str) -> str:
    slug = slugify(fold(text).replace("'", " ").replace("’", " "))
    for pattern, replacement in ABBREVIATIONS:
        slug = pattern.sub(replacement, slug)
    return slug


def find_place(text: str) -> Place | None:
    """The communes ``text`` names: a postcode (every commune having it), an INSEE code,
    or a name in any case, with or without accents, hyphens or spaces, "St" for "Saint"."""
    text = " ".join((text or "").split())
    if not text:
        return None
    communes = all_communes()
    label = re.fullmatch(r"(?P<name>.+?)\s*\((?P<code>\d{5})\)", text)
    if label:  # « Aurillac (15000) », as the communes' lists offer them
        slug = _slug(label["name"])
        found = tuple(c for c in communes if c.slug == slug and label["code"] in c.postcodes)
        if found:
            return Place(text, found)
        text = label["name"]
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d{5}|2[AB]\d{3}", compact, re.IGNORECASE):
        by_postcode = tuple(commune for commune in communes if compact in commune.postcodes)
        if by_postcode:
            return Place(text, by_postcode, postcode=compact)
        by_insee = tuple(commune for commune in communes if commune.insee == compact.upper())
        return Place(text, by_insee) if by_insee else None
    slug = _slug(text)
    found = tuple(commune for commune in communes if commune.slug == slug)
    return Place(text, found) if found else None


def place_of(insee_codes: list[str]) -> Place | None:
    """A place from INSEE codes (a facet link, a test)."""
    wanted = set(insee_codes)
    found = tuple(commune for commune in all_communes() if commune.insee in wanted)
    return Place(",".join(insee_codes), found) if found else None


def closest_names(text: str, limit: int = 3) -> list[str]:
    """The communes whose names look most like ``text`` (a misspelt name)."""
    slug = _slug(text)
    if not slug:
        return []
    by_slug = {commune.slug: commune.name for commune in all_communes()}
    close = difflib.get_close_matches(slug, list(by_slug), n=limit, cutoff=0.7)
    return [by_slug[match] for match in close]
