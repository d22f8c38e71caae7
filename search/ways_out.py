"""Ways out of an empty result, each with the number of profiles it would give: a
related skill instead of the words, a wider radius, one filter or one word less."""

from __future__ import annotations

from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .backends.base import SearchBackend
from .params import Results, SearchParams

RADII = [10, 20, 30, 50, 100, 200]
MAX_WAYS = 6


def as_query(params: SearchParams) -> dict[str, Any]:
    """The query string of ``/annuaire/`` asking for ``params``."""
    query: dict[str, Any] = {}
    if params.q:
        query["q"] = params.q
    if params.skills:
        query["skill"] = [skill.slug for skill in params.skills]
    if params.place is not None:
        query["commune"] = params.place.text
        query["radius_km"] = f"{params.radius_km:g}" if params.radius_km else "0"
    if params.telecentre is not None:
        query["telecentre"] = params.telecentre.slug
    if params.available:
        query["available"] = "1"
    return query


def _way(backend: SearchBackend, label: str, params: SearchParams) -> dict[str, Any] | None:
    count = backend.count(params)
    if not count:
        return None
    return {
        "label": label,
        "count": count,
        "query": urlencode(as_query(params), doseq=True),
        "params": params,
    }


def ways_out(
    backend: SearchBackend, params: SearchParams, results: Results
) -> list[dict[str, Any]]:
    ways: list[dict[str, Any] | None] = []
    words = (results.query or params.q).split()
    base = params.replace(page=1)
    # Related skills: those whose name starts like one of the words.
    seen = {skill.pk for skill in params.skills}
    for word in words:
        from directory.models import Skill

        for name, slug in backend.suggest(word, limit=2):
            skill = Skill.objects.shared().filter(slug=slug).first()
            if skill is None or skill.pk in seen:
                continue
            seen.add(skill.pk)
            rest = " ".join(other for other in words if other != word)
            ways.append(
                _way(
                    backend,
                    _("la compétence « %(name)s »") % {"name": name},
                    base.replace(q=rest, skills=[*params.skills, skill]),
                )
            )
    if params.place is not None:
        current = params.radius_km or 0
        wider = next((km for km in RADII if km > current), None)
        if wider is not None:
            ways.append(
                _way(
                    backend,
                    _("à moins de %(km)s km de %(place)s")
                    % {"km": wider, "place": params.place.label},
                    base.replace(radius_km=float(wider)),
                )
            )
        ways.append(_way(backend, _("sans la commune"), base.replace(place=None, radius_km=None)))
    if params.available:
        ways.append(_way(backend, _("disponibles ou non"), base.replace(available=False)))
    if params.telecentre is not None:
        ways.append(_way(backend, _("tous les télécentres"), base.replace(telecentre=None)))
    for skill in params.skills:
        others = [other for other in params.skills if other.pk != skill.pk]
        ways.append(
            _way(
                backend,
                _("sans la compétence « %(name)s »") % {"name": skill.name},
                base.replace(skills=others),
            )
        )
    if len(words) > 1:
        for word in words:
            rest = " ".join(other for other in words if other != word)
            ways.append(
                _way(backend, _("sans le mot « %(word)s »") % {"word": word}, base.replace(q=rest))
            )
    found = [way for way in ways if way is not None]
    return found[:MAX_WAYS]
