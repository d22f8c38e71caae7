"""The account's pages: its home (``/compte/``), the data export and the deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import AccountDeleteForm
from .identity import TryAgainLater
from .personal_data import erase_account, erasure_notice, personal_data
from .sections import sections_for


@login_required
def home(request):
    """``/compte/``: the apps' sections (profile, sign-ups), then the account's settings."""
    return render(request, "accounts/home.html", {"sections": sections_for(request)})


@login_required
def data_export(request):
    """``/compte/donnees/``: everything the site keeps about the person, as a JSON file."""
    payload = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-cybercantal.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    """``/compte/supprimer/``: the account and everything about the person, once the
    password is given; a 429 when a lock cannot be had (nothing erased)."""
    form = AccountDeleteForm(request.user, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            erased = erase_account(request.user)
        except TryAgainLater as busy:
            form.add_error(None, str(busy))
            status = 429
        else:
            logout(request)
            if erased:
                text = _("Votre compte a été supprimé, ainsi que : %(items)s.") % {
                    "items": ", ".join(erased)
                }
            else:
                text = _("Votre compte a été supprimé.")
            messages.success(request, text)
            return redirect("/")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "notice": erasure_notice(request.user)},
        status=status,
    )
