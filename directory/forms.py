"""Front-end forms: the freelancer's own profile and the contact relay."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from home.forms import CommuneField
from home.models import TelecentrePage
from portal.forms import BoundedModelChoiceField, SingleLineCharField
from portal.i18n import in_default_locale

from .models import LANGUAGES, Profile, Skill, clean_skill_name, skill_key
from .validators import validate_photo, validate_siret

MAX_SKILLS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    """The freelancer's own profile. ``save_for(user, before)`` applies the review rules."""

    skills = forms.CharField(
        label=_("Compétences"),
        required=False,
        max_length=1500,
        help_text=_(
            "Séparées par des virgules, par exemple : Comptabilité, Paie, Visioconférence. "
            "%(max)s au plus."
        )
        % {"max": MAX_SKILLS},
        widget=forms.TextInput(attrs={"list": "skill-suggestions", "autocomplete": "off"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues de travail"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus. Un portrait de face, bien éclairé."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    commune = CommuneField(
        label=_("Commune"),
        help_text=_(
            "Tapez le début de son nom ou son code postal, puis choisissez-la dans la liste."
        ),
        error_messages={"required": _("Indiquez votre commune.")},
    )
    remove_photo = forms.BooleanField(label=_("Retirer la photo actuelle"), required=False)
    siret = forms.CharField(
        label=_("Numéro SIRET"),
        required=False,
        max_length=20,  # spaces allowed while typing; 14 digits once cleaned
        help_text=_("Facultatif. 14 chiffres ; il n’est pas publié."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "bio",
            "commune",
            "telecentre",
            "availability",
            "available_from",
            "work_mode",
            "day_rate",
            "years_experience",
            "website",
            "portfolio",
            "siret",
        ]
        field_classes = {
            "telecentre": BoundedModelChoiceField,
            "display_name": SingleLineCharField,
            "headline": SingleLineCharField,
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8}),
            "availability": forms.RadioSelect,
            "work_mode": forms.RadioSelect,
            "available_from": DateInput,
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "portfolio": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "display_name": _("Votre nom ou celui de votre activité, tel qu’il sera publié."),
            "telecentre": _(
                "Le télécentre où l’on peut vous rencontrer, si vous en fréquentez un."
            ),
            "available_from": _("Seulement si vous êtes disponible à partir d’une date."),
            "day_rate": _("Facultatif. En euros hors taxes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the bio accepts (directory.sanitize.clean_bio): plain text in paragraphs, or
        # a few HTML tags; nothing else (no **markdown**), so the help says exactly that.
        self.fields["bio"].help_text = escape(
            _(
                "Votre parcours et ce que vous proposez, en texte simple : laissez une ligne "
                "vide entre deux paragraphes. Pour mettre en forme, seules ces balises HTML "
                "sont acceptées : <strong>gras</strong>, <em>italique</em>, <ul><li>liste</li></ul> "
                'et <a href="https://…">lien</a>.'
            )
        )
        self.fields["telecentre"].queryset = in_default_locale(
            TelecentrePage.objects.live().public()
        ).order_by("title")
        self.fields["telecentre"].empty_label = _("Aucun")
        self.fields["telecentre"].required = False
        self.fields["day_rate"].validators += [MinValueValidator(50), MaxValueValidator(5000)]
        self.fields["day_rate"].widget.attrs.update({"min": 50, "max": 5000})
        self.fields["years_experience"].validators += [MaxValueValidator(60)]
        self.fields["years_experience"].widget.attrs.update({"min": 0, "max": 60})
        for name in ("website", "portfolio"):
            self.fields[name].error_messages["invalid"] = _(
                "Saisissez une adresse web complète, commençant par https:// ou http://."
            )
        self.fields["available_from"].error_messages["invalid"] = _(
            "Saisissez une date valide, par exemple 15/09/2026."
        )
        self.fields["available_from"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        if self.instance.pk and not self.is_bound:
            self.initial["skills"] = ", ".join(self.instance.skill_names())
            self.initial["languages"] = self.instance.languages
        if not self.instance.pk:
            self.fields["remove_photo"].widget = forms.HiddenInput()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors and self.files.get(self.add_prefix("photo_upload")):
            # A file input cannot be refilled: say so where the photo is chosen.
            self.photo_not_saved = True
            help_text = format_html(
                "<strong>{}</strong> {}",
                _("Votre photo n’a pas été enregistrée : choisissez-la de nouveau."),
                self.fields["photo_upload"].help_text,
            )
            self.fields["photo_upload"].help_text = help_text
            self["photo_upload"].help_text = help_text  # the bound field is already made

    photo_not_saved = False

    def clean_display_name(self):
        value = " ".join(self.cleaned_data["display_name"].split())
        if len(value) < 2:
            raise ValidationError(_("Le nom affiché doit compter au moins deux caractères."))
        return value

    def clean_skills(self):
        names = [
            clean_skill_name(part) for part in re.split(r"[,;\n]", self.cleaned_data["skills"])
        ]
        unique = {}
        for name in names:
            if not name:
                continue
            if len(name) > 60:
                raise ValidationError(
                    _("« %(name)s » est trop long pour une compétence (60 caractères au plus).")
                    % {"name": name[:60]}
                )
            skill = Skill.objects.resolve(name, self.instance)
            unique.setdefault(
                skill.key if skill else skill_key(name), skill.name if skill else name
            )
        if len(unique) > MAX_SKILLS:
            raise ValidationError(_("Indiquez %(max)s compétences au plus.") % {"max": MAX_SKILLS})
        return list(unique.values())

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            self._photo_extension = validate_photo(upload)
        return upload

    def clean_siret(self):
        value = "".join(self.cleaned_data["siret"].split())
        validate_siret(value)
        return value

    def clean(self):
        cleaned = super().clean()
        availability = cleaned.get("availability")
        date = cleaned.get("available_from")
        if availability == Profile.Availability.FROM:
            if not date and "available_from" not in self.errors:
                self.add_error(
                    "available_from",
                    _("Indiquez la date à partir de laquelle vous serez disponible."),
                )
            elif date and "available_from" in self.changed_data:
                today = timezone.localdate()
                if date < today:
                    self.add_error(
                        "available_from", _("Cette date est passée : choisissez une date à venir.")
                    )
                elif date > today + datetime.timedelta(days=730):
                    self.add_error(
                        "available_from", _("Choisissez une date dans les deux ans qui viennent.")
                    )
        elif "available_from" not in self.errors:
            cleaned["available_from"] = None
        return cleaned

    @property
    def photo_extension(self):
        return self._photo_extension


class ContactForm(forms.Form):
    """A business writes to a freelancer; the message is relayed by email."""

    # One line each: they are written in the relayed email's subject and lines.
    name = SingleLineCharField(
        label=_("Votre nom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = SingleLineCharField(
        label=_("Votre structure"),
        max_length=160,
        required=False,
        help_text=_("Entreprise, association, collectivité… Facultatif."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("La réponse vous parviendra à cette adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.")
        },
    )
    message = forms.CharField(
        label=_("Votre message"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "min_length": _(
                "Votre message est trop court : décrivez votre besoin en quelques phrases (20 caractères au moins)."
            ),
            "max_length": _("Votre message est trop long (5 000 caractères au plus)."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "J’accepte que mon nom, ma structure, mon adresse électronique et mon message soient "
            "transmis à cette personne et conservés pour la prévention des abus."
        ),
        error_messages={
            "required": _("Cochez cette case pour que votre message puisse être transmis.")
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    homepage = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email", "message"):
            self.fields[name].error_messages.setdefault("required", _("Ce champ est obligatoire."))
        self.fields["name"].error_messages["required"] = _("Indiquez votre nom.")
        self.fields["email"].error_messages["required"] = _("Indiquez votre adresse électronique.")
        self.fields["message"].error_messages["required"] = _("Écrivez votre message.")
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
