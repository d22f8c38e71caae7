"""The public sign-up form. Django ties each field to its help and error
(``aria-describedby``, ``aria-invalid``); ``templates/forms/field.html`` renders them."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from portal import formats
from portal.forms import SingleLineCharField

phone_validator = RegexValidator(
    r"^\+?[0-9 .\-()]{6,20}$", _("Saisissez un numéro de téléphone, par exemple 04 71 45 60 10.")
)


class RegistrationForm(forms.Form):
    slot = forms.ChoiceField(label=_("Date choisie"))
    name = SingleLineCharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez vos nom et prénom.")},
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_(
            "La confirmation et le lien d’annulation y seront envoyés. Format : nom@exemple.fr"
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        },
    )
    organisation = SingleLineCharField(
        label=_("Structure ou entreprise (facultatif)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        help_text=_("Seulement pour vous prévenir d’un changement de dernière minute."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=format_lazy(
            _(
                "J’accepte que ces informations servent à organiser cet événement. Elles sont "
                "anonymisées au plus tard {days} jours après."
            ),
            days=settings.REGISTRATION_RETENTION_DAYS,
        ),
        error_messages={"required": _("Cochez cette case pour vous inscrire.")},
    )

    def __init__(self, *args, slots=(), labels=True, **kwargs):
        """``labels=False``: a posted form that is never shown (its choices need no label,
        nor their counts)."""
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.pk): slot for slot in slots}
        now = timezone.now()

        def label(slot):
            return self.slot_label(slot, now) if labels else str(slot.pk)

        choices = [(str(slot.pk), label(slot)) for slot in slots if slot.end >= now] or [
            (str(slot.pk), label(slot)) for slot in slots
        ]
        self.fields["slot"].choices = choices
        if len(choices) <= 1:
            self.fields["slot"].widget = forms.HiddenInput()
        if not self.is_bound:
            bookable = [key for key, slot in self.slots.items() if slot.signup_state(now) == "open"]
            self.initial.setdefault(
                "slot", bookable[0] if bookable else (choices[0][0] if choices else None)
            )

    @staticmethod
    def slot_label(slot, now=None):
        """« mardi 10 décembre 2026, de 9 h à 12 h — Aurillac — 6 places restantes »."""
        parts = [formats.when(slot.start, slot.end), slot.short_place, slot.availability_label(now)]
        return " — ".join(str(part) for part in parts if part)

    def clean_slot(self):
        return self.slots[self.cleaned_data["slot"]]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    @staticmethod
    def initial_for(user):
        if not user or not user.is_authenticated:
            return {}
        return {"name": user.get_full_name(), "email": user.email}


class MessageForm(forms.Form):
    """Editors' message to every registrant of a date."""

    subject = SingleLineCharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))
    include_waitlist = forms.BooleanField(
        label=_("Écrire aussi aux personnes en liste d’attente"), required=False
    )


class EventPageForm(WagtailAdminPageForm):
    """The event's edit form: the rules of a bookable date (``BookableDates.bookable_errors``,
    the ones training sessions follow), checked on the event as the form would save it."""

    def _post_clean(self):
        super()._post_clean()
        for name, message in self.instance.bookable_errors().items():
            if name in self.fields:
                self.add_error(name, message)
