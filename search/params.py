"""What a directory search asks (``SearchParams``) and what it answers (``Results``).

Both are plain data: ``search.forms.DirectorySearchForm`` reads a query string into
``SearchParams``; a backend (``search.backends``) turns them into ``Results``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator

if TYPE_CHECKING:
    from directory.models import Profile, Skill

    from .cards import Card
    from .places import CommuneInfo, Place

PER_PAGE = 20


@dataclasses.dataclass(frozen=True)
class Centre:
    """A live, public telecentre, as the search needs it."""

    pk: int
    slug: str
    title: str


@dataclasses.dataclass
class SearchParams:
    q: str = ""
    skills: list[Skill] = dataclasses.field(default_factory=list)
    unknown_skills: list[str] = dataclasses.field(default_factory=list)
    place: Place | None = None
    radius_km: float | None = None  # None: within the place's communes only
    telecentre: Centre | None = None
    available: bool = False
    page: int = 1
    per_page: int = PER_PAGE
    photos: bool = False  # cards with their photo (HTML); the JSON needs none

    @property
    def commune(self) -> Place | None:
        return self.place

    @property
    def within_radius(self) -> bool:
        return self.place is not None and self.radius_km is not None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def communes(self) -> list[CommuneInfo]:
        """The communes the place filter keeps (every one within the radius)."""
        if self.place is None:
            return []
        if self.radius_km is None:
            return list(self.place.communes)
        return self.place.communes_within(self.radius_km)

    def active(self) -> bool:
        return bool(
            self.q
            or self.skills
            or self.unknown_skills
            or self.place
            or self.telecentre
            or self.available
        )

    def replace(self, **changes: Any) -> SearchParams:
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass
class Results:
    profiles: list[Profile] | list[Card]  # for cards, with .distance_km
    total: int
    params: SearchParams
    facets: dict[str, list[dict[str, Any]]]
    backend: str
    corrections: dict[str, str] = dataclasses.field(default_factory=dict)  # typed -> used
    query: str = ""  # the words searched for, after corrections
    suggestions: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.per_page))

    @property
    def page_obj(self) -> Page:
        """A Django page over the total, for ``includes/pagination.html``."""
        paginator = Paginator(range(self.total), self.params.per_page)
        return paginator.get_page(min(self.params.page, paginator.num_pages))

    def as_json(self) -> dict[str, Any]:
        """The answer of ``/api/v1/directory/`` (DESIGN.md)."""
        results = []
        for profile in self.profiles:
            item = profile.as_search_result()
            item["distance_km"] = getattr(profile, "distance_km", None)
            results.append(item)
        answer: dict[str, Any] = {
            "count": self.total,
            "page": self.params.page,
            "num_pages": self.num_pages,
            "backend": self.backend,
            "results": results,
            "facets": self.facets,
        }
        if self.corrections:
            answer["corrected_query"] = self.query
            answer["corrections"] = self.corrections
        if self.params.place is not None:
            answer["communes"] = [commune.name for commune in self.params.place.communes]
        if self.suggestions:
            answer["suggestions"] = [
                {key: value for key, value in item.items() if key != "params"}
                for item in self.suggestions
            ]
        return answer
