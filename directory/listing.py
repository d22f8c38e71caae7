"""The ``/annuaire/`` listing's filters, on the ORM.

``filter_profiles(params)`` is the engine the search issue replaces: it takes the query
parameters and returns the matching public profiles with the filters it understood.
"""

from django.utils.text import slugify

from home.models import Commune, TelecentrePage

from .models import Profile, Skill


def filter_profiles(params):
    """Public profiles matching ``skill`` (slug, repeatable), ``commune`` (slug or INSEE
    code), ``telecentre`` (slug) and ``available`` (``1``). Returns (queryset, active)."""
    profiles = Profile.objects.public()
    active = {}
    skill_slugs = [slugify(value) for value in params.getlist("skill") if value.strip()]
    for slug in skill_slugs:
        profiles = profiles.filter(tagged_skills__tag__slug=slug)
    if skill_slugs:
        active["skills"] = list(Skill.objects.filter(slug__in=skill_slugs))
    commune_value = params.get("commune", "").strip()
    if commune_value:
        commune = Commune.lookup(commune_value)
        profiles = profiles.filter(commune=commune) if commune else profiles.none()
        active["commune"] = commune
    centre_slug = params.get("telecentre", "").strip()
    if centre_slug:
        centre = TelecentrePage.objects.live().public().filter(slug=centre_slug).first()
        profiles = profiles.filter(telecentre=centre) if centre else profiles.none()
        active["telecentre"] = centre
    if params.get("available") == "1":
        from django.db.models import Q
        from django.utils import timezone

        profiles = profiles.filter(
            Q(availability=Profile.Availability.NOW)
            | Q(availability=Profile.Availability.FROM, available_from__lte=timezone.localdate())
        )
        active["available"] = True
    return profiles.distinct().order_by("display_name", "pk"), active
