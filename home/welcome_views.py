"""The welcome desk's public form (``/venir-s-installer/question/``)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from portal import ratelimit
from portal.client_ip import client_ip
from portal.forms import SingleLineCharField

from .forms import CommuneField
from .welcome import WelcomeQuestion, notify_desk


class WelcomeQuestionForm(forms.Form):
    name = SingleLineCharField(
        label=_("Votre nom"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("La réponse vous parviendra à cette adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        },
    )
    commune = CommuneField(
        label=_("La commune que vous envisagez"),
        required=False,
        help_text=_("Facultatif. Son nom ou son code postal."),
    )
    question = forms.CharField(
        label=_("Votre question"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "required": _("Écrivez votre question."),
            "min_length": _(
                "Votre question est trop courte : décrivez votre projet en quelques phrases "
                "(20 caractères au moins)."
            ),
            "max_length": _("Votre question est trop longue (5 000 caractères au plus)."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "J’accepte que mon nom, mon adresse électronique, la commune envisagée et ma question "
            "soient conservés par le réseau pour me répondre, puis effacés comme l’indique la "
            "page « Données personnelles »."
        ),
        error_messages={"required": _("Cochez cette case pour que nous puissions vous répondre.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    homepage = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))


RECORDED = _(
    "Votre question est bien envoyée à l’accueil des nouveaux arrivants. Nous vous répondrons "
    "par courriel, en général sous une semaine."
)


def allowed(ip, email):
    limits = settings.WELCOME_QUESTION_RATE_LIMITS
    ip_ok = ratelimit.hit("welcome-ip", ip or "unknown", *limits["ip"])
    email_ok = ratelimit.hit("welcome-email", email, *limits["email"])
    return ip_ok and email_ok


def question_view(page, request):
    form = WelcomeQuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.is_spam():  # looks sent to the robot: nothing is stored or sent
                messages.success(request, RECORDED)
                return redirect(page.url)
            data = form.cleaned_data
            ip = client_ip(request)
            if allowed(ip, data["email"]):
                with transaction.atomic():
                    question = WelcomeQuestion.objects.create(
                        name=data["name"],
                        email=data["email"],
                        commune=data["commune"],
                        question=data["question"],
                        consent=True,
                        sender_ip=ip,
                    )
                    notify_desk(question)
                messages.success(request, RECORDED)
                return redirect(page.url)
            form.add_error(
                None,
                _(
                    "Vous avez envoyé plusieurs questions en peu de temps. Celle-ci n’a pas été "
                    "transmise : réessayez dans une heure."
                ),
            )
            status = 429
        else:
            status = 400
    return _with_status(page, request, form, status)


def _with_status(page, request, form, status):
    response = page.render(
        request,
        template="home/welcome_question.html",
        context_overrides={
            "form": form,
            "retention_days": settings.WELCOME_QUESTION_RETENTION_DAYS,
        },
    )
    response.status_code = status
    return response
