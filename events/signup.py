"""The public sign-up form's POST, shared by every page that owns Slots (events, courses).

The POST decides and always answers with a redirect (303), never a rendered page (Post,
Redirect, Get): success goes to the date's "request received" page (or, for a signed-in
person's own address, to the sign-up's page); a refusal, a form error or a Slot lock not
obtained in time keeps what was typed and the errors in the visitor's session for the GET it
redirects to, which shows them with the error summary, answering with the status the POST
used to (400 invalid, 409 refused, 429 busy or too many sign-ups from one client, with
``Retry-After``). Works without JavaScript.

Each sign-up sends an email to the address typed: a client (its real IP, ``portal.client_ip``)
may send ``SIGNUP_RATE_LIMITS`` of them per period; past that the form says when to retry.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import ratelimit
from portal.base_url import base_url
from portal.client_ip import client_ip

from . import services
from .forms import RegistrationForm
from .models.registrations import Registration


def _too_many():
    return _(
        "Trop de demandes d’inscription ont été envoyées depuis votre connexion en peu de "
        "temps. Réessayez dans une heure."
    )


KEPT_FIELDS = ("slot", "name", "email", "organisation", "phone", "consent")
RETRY_QUERY = "?inscription=erreur"


def _session_key(page):
    return f"events:signup:{page.pk}"


def _see_other(url):
    response = redirect(url)
    response.status_code = 303
    return response


def sign_up(request, page, slots):
    """Validates the form and books through the engine, then redirects (303). ``slots``:
    the page's dates, ids and times only (``SlotQuerySet.choices()``)."""
    form = RegistrationForm(request.POST, slots=slots, labels=False)
    refusal, status, retry_after = None, 400, None
    limit, period = settings.SIGNUP_RATE_LIMITS["ip"]
    if form.is_valid() and not ratelimit.hit(
        "signup-ip", client_ip(request) or "unknown", limit, period
    ):
        refusal, status, retry_after = _too_many(), services.BUSY_STATUS, period
    elif form.is_valid():
        data = form.cleaned_data
        try:
            result = services.register(
                data["slot"],
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                phone=data["phone"],
                consent=data["consent"],
                user=request.user if request.user.is_authenticated else None,
                base_url=base_url(),
            )
        except services.SlotBusy as busy:
            refusal, status = str(busy), services.BUSY_STATUS
            retry_after = services.SlotBusy.retry_after
        else:
            if result.ok:
                messages.success(request, result.message)
                return _see_other(_landing(request, data))
            refusal, status = result.message, 409
    request.session[_session_key(page)] = {
        "data": {name: request.POST.get(name, "") for name in KEPT_FIELDS if name in request.POST},
        "refusal": refusal,
        "status": status,
        "retry_after": retry_after,
    }
    # A URL of its own: a page cache never answers it with a copy (its answer is private).
    return _see_other(request.path + RETRY_QUERY + "#inscription")


def signup_form(request, page, slots):
    """The form of the page's GET, its status and ``Retry-After``: ``(form, status, retry)``.
    After a POST that did not book, the form shows what this visitor typed and the errors
    (taken from the session, once) with the POST's status; otherwise ``status`` is ``None``."""
    kept = request.session.pop(_session_key(page), None) if _has_session(request) else None
    if kept:
        form = RegistrationForm(kept["data"], slots=slots)
        form.is_valid()  # the same field errors as at the POST
        if kept.get("refusal"):
            form.add_error(None, kept["refusal"])
        return form, kept.get("status", 400), kept.get("retry_after")
    initial = RegistrationForm.initial_for(request.user)
    chosen = request.GET.get("session", "")
    for slot in slots:
        if slot.key == chosen and slot.signup_state() == "open":
            initial["slot"] = str(slot.pk)
    return RegistrationForm(initial=initial, slots=slots), None, None


def _has_session(request):
    """Whether the visitor has a session at all (no query for a first visit)."""
    session = getattr(request, "session", None)
    return session is not None and session.session_key is not None


def _landing(request, data):
    """Where a sign-up leads: a signed-in person who used one of their own verified
    addresses lands on their sign-up's page (status, date, place, calendar, cancel). Anyone
    else lands on the date's neutral "request received" page, with the message: sending
    them to the sign-up's page would show a stranger whether that address was already
    registered; the sign-up's own link goes to the address, by email."""
    if Registration.objects.is_own_address(request.user, data["email"]):
        registration = (
            Registration.objects.of_person(request.user)
            .active()
            .filter(slot=data["slot"], email__iexact=data["email"])
            .order_by("-pk")
            .first()
        )
        if registration:
            return registration.get_absolute_url()
    return reverse("events:signup_received", args=[data["slot"].pk])
