"""The commune field: a text input with type-ahead (a ``<datalist>``) that accepts a
commune's name (any case, with or without accents), its postcode or its INSEE code."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models.communes import Commune

_LABEL = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d{5})\)$")


def collation_key(text):
    """A sort key that orders French names as a dictionary does: accents, case and
    punctuation only break ties (« Cézens » before « Cussac », « Saint-Flour » beside
    « Saint Flour »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return ("".join(ch if ch.isalnum() else " " for ch in base).split(), text)


def fold(text):
    """``text`` without accents, case or punctuation, for matching what people type."""
    return " ".join(collation_key(text or "")[0])


def commune_label(commune):
    """« Aurillac (15000) »: the name and postcode, as the datalist offers them."""
    return f"{commune.name} ({commune.postcode})" if commune.postcode else commune.name


def communes_in_order(queryset=None):
    return sorted(
        queryset if queryset is not None else Commune.objects.all(),
        key=lambda commune: collation_key(commune.name),
    )


COMMUNE_OPTIONS_KEY = "home:commune-options"


def commune_options():
    """Every commune's label in French order, for the type-ahead lists: read from the
    shared cache (the page cache's), refilled after any commune is saved or deleted
    (``home.apps``), so pages with a commune field don't read the 246 rows each time."""
    from django.conf import settings
    from django.core.cache import caches

    cache = caches[settings.PAGE_CACHE_ALIAS]
    options = cache.get(COMMUNE_OPTIONS_KEY)
    if options is None:
        options = [commune_label(c) for c in communes_in_order()]
        cache.set(COMMUNE_OPTIONS_KEY, options, None)
    return options


def forget_commune_options(**kwargs):
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.PAGE_CACHE_ALIAS].delete(COMMUNE_OPTIONS_KEY)


class CommuneInput(forms.TextInput):
    """A text input tied to a ``<datalist>`` of every commune, in French order."""

    template_name = "forms/widgets/commune_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}_list"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = commune_options()
        return context


class CommuneField(forms.ModelChoiceField):
    """A commune from what a person types: « Aurillac (15000) » (the datalist's value), a
    name, a postcode shared by no other commune, or an INSEE code. A postcode shared by
    several communes is an error that names them."""

    widget = CommuneInput
    default_error_messages = {
        "invalid_choice": _(
            "Nous ne trouvons pas cette commune du Cantal : choisissez-la dans la liste, "
            "ou saisissez son code postal."
        ),
        "ambiguous": _(
            "Le code postal %(code)s est celui de plusieurs communes : %(names)s. "
            "Choisissez la vôtre dans la liste."
        ),
    }

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset if queryset is not None else Commune.objects.all(), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        if isinstance(value, int):  # a ModelForm's initial value: the primary key
            commune = self.queryset.filter(pk=value).first()
            return commune_label(commune) if commune else ""
        return value  # what was typed

    def to_python(self, value):
        value = " ".join(str(value or "").split())
        if not value:
            return None
        communes = list(self.queryset)
        match = _LABEL.match(value)
        if match:  # « Nom (code) », as offered by the datalist
            name, code = fold(match["name"]), match["code"]
            found = [c for c in communes if fold(c.name) == name and code in c.postcodes.split()]
            if len(found) == 1:
                return found[0]
            value = match["name"]
        if value.isdigit() and len(value) == 5:
            by_postcode = [c for c in communes if value in c.postcodes.split()]
            if len(by_postcode) == 1:
                return by_postcode[0]
            if by_postcode:
                raise ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={
                        "code": value,
                        "names": ", ".join(c.name for c in communes_in_order(by_postcode)),
                    },
                )
            by_insee = [c for c in communes if c.insee == value]
            if by_insee:
                return by_insee[0]
        else:
            wanted = fold(value)
            by_name = [c for c in communes if fold(c.name) == wanted]
            if len(by_name) == 1:
                return by_name[0]
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        initial_pk = initial.pk if isinstance(initial, Commune) else initial
        return str(initial_pk or "") != str(new.pk if new else "")


class CommuneFinderForm(forms.Form):
    """« Où voulez-vous vous installer ? »: a GET form that leads to a commune's page
    (``/communes/?q=``), or to the communes that the text may mean."""

    q = forms.CharField(
        label=_("Commune ou code postal"),
        help_text=_("Le nom d’une commune du Cantal ou son code postal."),
        max_length=100,
        required=False,
        widget=CommuneInput(attrs={"placeholder": _("par exemple Maurs ou 15600")}),
    )


class NearCommuneForm(forms.Form):
    """The centres index's « près de chez vous »: a commune, to list the centres by distance."""

    commune = CommuneField(
        label=_("Près de quelle commune ?"),
        help_text=_(
            "Son nom ou son code postal : les télécentres sont classés du plus proche au plus éloigné."
        ),
        required=False,
    )
