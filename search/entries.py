"""What every backend indexes about a profile: ``profile_data(ids)`` reads the public
profiles among ``ids`` and analyses them (``search.analysis``), in a fixed number of
queries. Profiles that are not public have no data: their entries go."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from directory.models import Profile, TaggedSkill

from .analysis import Synonyms, profile_fields

BATCH = 1000
TAGS = re.compile(r"<[^>]*>")


def _text(bio_html: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", bio_html or "")).split())


def profile_data(
    profile_ids: list[int], synonyms: Synonyms | None = None
) -> dict[int, dict[str, Any]]:
    """Everything the indexes need about the public profiles among ``profile_ids``."""
    synonyms = synonyms if synonyms is not None else Synonyms.for_documents()
    rows = (
        Profile.objects.public()
        .filter(pk__in=profile_ids)
        .values(
            "pk",
            "slug",
            "display_name",
            "headline",
            "bio",
            "created_at",
            "availability",
            "available_from",
            "commune__insee",
            "commune__name",
            "telecentre__title",
            "commune__latitude",
            "commune__longitude",
            "telecentre__slug",
            "telecentre__live",
        )
    )
    data = {row["pk"]: row for row in rows}
    skills: dict[int, list[tuple[str, str]]] = {}
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
                row["display_name"],
                row["headline"],
                names,
                _text(row["bio"]),
                synonyms,
                place=" ".join(
                    filter(None, [row["commune__name"], row["telecentre__title"] or ""])
                ),
            ),
            "slug": row["slug"],
            "display_name": row["display_name"],
            "headline": row["headline"],
            "commune_name": row["commune__name"],
            "skills": names,
            "skill_slugs": [slug for _name, slug in profile_skills],
            "commune": row["commune__insee"],
            "latitude": row["commune__latitude"],
            "longitude": row["commune__longitude"],
            "telecentre": row["telecentre__slug"] if row["telecentre__live"] else None,
            "availability": row["availability"],
            "available_from": row["available_from"],
            "created_at": row["created_at"],
        }
    return result


def public_id_batches(size: int = BATCH) -> Iterator[list[int]]:
    last = 0
    public = Profile.objects.public().order_by("pk")
    while True:
        ids = list(public.filter(pk__gt=last).values_list("pk", flat=True)[:size])
        if not ids:
            return
        last = ids[-1]
        yield ids
