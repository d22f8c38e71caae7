"""Light cards: what the JSON answer and the site search show of a profile, read as
values in two queries (the profiles, then their skills) instead of model instances with
their commune, centre and tags (ten times the CPU for a page of 20), or from the copy an
Elasticsearch document keeps (``card_from_source``: no query). The page ``/annuaire/``
shows photos and uses full ``Profile`` instances (``for_cards()``)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from directory.models import (
    Profile,
    TaggedSkill,
    available_now,
    profile_url,
    search_result,
    skill_key,
)


@dataclasses.dataclass
class Card:
    pk: int
    slug: str
    display_name: str
    headline: str
    skills: list[str]
    commune_name: str
    latitude: float
    longitude: float
    telecentre: str | None  # a live centre's slug
    is_available: bool
    distance_km: float | None = None

    def get_absolute_url(self) -> str:
        return profile_url(self.slug)

    def skill_names(self) -> list[str]:
        return self.skills

    def as_search_result(self) -> dict:
        return search_result(
            slug=self.slug,
            name=self.display_name,
            headline=self.headline,
            skills=self.skills,
            commune=self.commune_name,
            telecentre=self.telecentre,
            available=self.is_available,
        )


def light_cards(ids: list[int]) -> dict[int, Card]:
    """The public profiles among ``ids`` as cards, by pk (2 queries)."""
    rows = (
        Profile.objects.public()
        .filter(pk__in=ids)
        .values_list(
            "pk",
            "slug",
            "display_name",
            "headline",
            "availability",
            "available_from",
            "commune__name",
            "commune__latitude",
            "commune__longitude",
            "telecentre__slug",
            "telecentre__live",
        )
    )
    cards = {
        pk: Card(
            pk=pk,
            slug=slug,
            display_name=name,
            headline=headline,
            skills=[],
            commune_name=commune,
            latitude=latitude,
            longitude=longitude,
            telecentre=centre if centre and live else None,
            is_available=available_now(availability, available_from),
        )
        for (
            pk,
            slug,
            name,
            headline,
            availability,
            available_from,
            commune,
            latitude,
            longitude,
            centre,
            live,
        ) in rows
    }
    if cards:
        for profile_id, name in TaggedSkill.objects.filter(
            content_object_id__in=list(cards)
        ).values_list("content_object_id", "tag__name"):
            cards[profile_id].skills.append(name)
        for card in cards.values():
            card.skills.sort(key=skill_key)
    return cards


def card_from_source(pk: int, source: dict[str, Any]) -> Card:
    """A card from the ``card`` of an Elasticsearch document (``documents.card_source``)."""
    available_from = source["available_from"]
    return Card(
        pk=pk,
        slug=source["slug"],
        display_name=source["name"],
        headline=source["headline"],
        skills=source["skills"],
        commune_name=source["commune"],
        latitude=source["lat"],
        longitude=source["lon"],
        telecentre=source["telecentre"],
        is_available=available_now(
            source["availability"],
            datetime.date.fromisoformat(available_from) if available_from else None,
        ),
    )
