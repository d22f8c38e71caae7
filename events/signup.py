"""The public sign-up form's POST, shared by every page that owns Slots (events, courses)."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from portal.base_url import base_url

from . import services
from .forms import RegistrationForm
from .own import is_own_address, own_registrations


@dataclass
class Outcome:
    form: RegistrationForm
    status: int
    redirect: object = None  # the 303 to follow on success

    def finish(self, response):
        """Gives the page's rendered ``response`` this outcome's status (and Retry-After)."""
        response.status_code = self.status
        if self.status == services.BUSY_STATUS:
            response["Retry-After"] = str(services.SlotBusy.retry_after)
        return response


def sign_up(request, slots):
    """Validates the form and books through the engine.

    Success (a seat, a place in the queue, or an address already signed up, which reads the
    same) redirects with a message; a refusal is a form error (409); a Slot lock not obtained
    in time is a form error too (429, "try again in a few seconds"), never a 5xx.
    """
    form = RegistrationForm(request.POST, slots=slots)
    if not form.is_valid():
        return Outcome(form, 400)
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
        form.add_error(None, str(busy))
        return Outcome(form, services.BUSY_STATUS)
    if not result.ok:
        form.add_error(None, result.message)
        return Outcome(form, 409)
    messages.success(request, result.message)
    response = redirect(_landing(request, data))
    response.status_code = 303
    return Outcome(form, 303, response)


def _landing(request, data):
    """Where a sign-up leads: a signed-in person who used one of their own verified
    addresses lands on their sign-up's page (status, date, place, calendar, cancel). Anyone
    else lands on the date's neutral "request received" page, with the message: sending
    them to the sign-up's page would show a stranger whether that address was already
    registered; the sign-up's own link goes to the address, by email."""
    if is_own_address(request.user, data["email"]):
        own = own_registrations(request.user, slot=data["slot"], email__iexact=data["email"])
        registration = own.order_by("-pk").first()
        if registration:
            return registration.get_absolute_url()
    return reverse("events:signup_received", args=[data["slot"].pk])
