"""The directory's search parameters as a Django form (``/annuaire/`` and the API).

    form = DirectorySearchForm(request.GET)
    if form.is_valid():
        params = form.params()       # SearchParams
    else:
        form.errors                  # French messages, by parameter

On the page a field that is not understood is left out of the search (and said, with
the typed text kept in its box); the API answers 400 with the messages.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from directory.models import Skill, SkillSynonym, skill_key

from .params import PER_PAGE, Centre, SearchParams
from .places import DEFAULT_RADIUS_KM, Place, closest_names, find_place
from .query import clean_query_string

MAX_RADIUS_KM = 200
MAX_PAGE = 10_000
MAX_SKILLS = 20  # skill filters read from one query
TRUE_VALUES = {"1", "true", "on", "oui"}
FALSE_VALUES = {"", "0", "false", "off", "non"}


class CleanTextField(forms.CharField):
    """Free text without control characters, quotes or megabytes (``search.query``)."""

    def __init__(self, *, max_length: int = 100, **kwargs: Any) -> None:
        self.limit = max_length
        super().__init__(required=False, strip=True, **kwargs)

    def to_python(self, value: Any) -> str:
        return clean_query_string(value or "", self.limit)


class SkillsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        cleaned = [clean_query_string(item, 100) for item in values[:MAX_SKILLS]]
        return [item for item in cleaned if item]


def resolve_skills(values: list[str]) -> tuple[list[Skill], list[str]]:
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


def unknown_place_message(text: str) -> str:
    close = closest_names(text)
    if close:
        return _(
            "Commune introuvable : « %(text)s ». Vouliez-vous dire : %(names)s ? "
            "(nom de commune du Cantal, code postal ou code INSEE)"
        ) % {"text": text[:60], "names": ", ".join(close)}
    return _(
        "Commune introuvable : « %(text)s » (nom de commune du Cantal, code postal ou code INSEE)."
    ) % {"text": text[:60]}


class DirectorySearchForm(forms.Form):
    q = CleanTextField(label=_("Mots-clés"), max_length=200)
    skill = SkillsField(required=False, label=_("Compétences"))
    commune = CleanTextField(label=_("Commune, code postal ou code INSEE"))
    radius_km = CleanTextField(label=_("Distance"))
    telecentre = CleanTextField(label=_("Télécentre"))
    available = CleanTextField(label=_("Disponibles maintenant"))
    page = CleanTextField(label=_("Page"))

    def __init__(
        self,
        data: Any = None,
        *,
        per_page: int = PER_PAGE,
        radius_needs_commune: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(data if data is not None else {}, **kwargs)
        self.per_page = per_page
        # The page's distance menu is always sent: without a commune it means nothing.
        self.radius_needs_commune = radius_needs_commune

    def clean_commune(self) -> Place | None:
        text = self.cleaned_data["commune"]
        if not text:
            return None
        place = find_place(text)
        if place is None:
            raise forms.ValidationError(unknown_place_message(text), code="unknown")
        return place

    def clean_radius_km(self) -> float | None:
        text = self.cleaned_data["radius_km"]
        if not text:
            return None
        try:
            radius = float(text.replace(",", "."))
        except ValueError:
            raise forms.ValidationError(
                _("Le rayon doit être un nombre de kilomètres, par exemple 20."), code="invalid"
            ) from None
        if not math.isfinite(radius) or not 0 <= radius <= MAX_RADIUS_KM:
            raise forms.ValidationError(
                _("Le rayon doit être compris entre 0 et %(max)s km.") % {"max": MAX_RADIUS_KM},
                code="range",
            )
        return radius

    def clean_telecentre(self) -> Centre | None:
        from .backends.base import live_centres

        slug = self.cleaned_data["telecentre"]
        if not slug:
            return None
        centre = live_centres().get(slug)
        if centre is None:
            raise forms.ValidationError(
                _("Télécentre inconnu : « %(slug)s ».") % {"slug": slug[:60]}, code="unknown"
            )
        return centre

    def clean_available(self) -> bool:
        value = self.cleaned_data["available"].lower()
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
        raise forms.ValidationError(
            _("Le paramètre available vaut 1 (disponibles seulement) ou 0."), code="invalid"
        )

    def clean_page(self) -> int:
        text = self.cleaned_data["page"] or "1"
        try:
            page = int(text)
        except ValueError:
            raise forms.ValidationError(
                _("Le numéro de page doit être un nombre entier."), code="invalid"
            ) from None
        if page < 1:
            raise forms.ValidationError(_("Le numéro de page commence à 1."), code="min")
        if page > MAX_PAGE:
            raise forms.ValidationError(_("Ce numéro de page est trop grand."), code="max")
        return page

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        radius_typed = bool(self.data.get("radius_km", "").strip())
        if (
            radius_typed
            and self.radius_needs_commune
            and "radius_km" not in self.errors
            and not self.data.get("commune", "").strip()
        ):
            self.add_error("radius_km", _("Le rayon demande une commune (paramètre commune)."))
        return data

    def error_messages(self) -> dict[str, str]:
        return {
            field: " ".join(str(error) for error in errors) for field, errors in self.errors.items()
        }

    def params(self, *, ignore_errors: bool = False) -> SearchParams:
        """The search asked for; with ``ignore_errors``, without the fields in error."""
        if not ignore_errors and self.errors:
            raise ValueError("the form has errors")
        data = {key: value for key, value in self.cleaned_data.items() if key not in self.errors}
        params = SearchParams(
            q=data.get("q", ""),
            telecentre=data.get("telecentre"),
            available=data.get("available", False),
            page=data.get("page", 1),
            per_page=self.per_page,
        )
        if data.get("skill"):
            params.skills, params.unknown_skills = resolve_skills(data["skill"])
        place = data.get("commune")
        if place is not None:
            params.place = place
            radius = data.get("radius_km")
            if radius is None and not self.data.get("radius_km", "").strip():
                radius = DEFAULT_RADIUS_KM
            params.radius_km = radius or None  # 0: the communes themselves
        return params
