"""« Renvoyer le courriel de confirmation »: the verification email sent again.

After a sign-up (email verification is mandatory) the person is not logged in: allauth
keeps the pending login in the session, and this view sends its verification email again,
through allauth's own flow and under its rate limit (one email per address every few
minutes). An address that already had an account gets the same answer as a new one.
"""

from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
    send_verification_email_at_login,
)
from allauth.account.internal.stagekit import unstash_login

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@require_POST
def resend_verification(request):
    login = unstash_login(request, peek=True)
    email = login.email if login else None
    if not email and login and login.user:
        email = login.user.email
    if not email:
        messages.info(
            request,
            _(
                "Connectez-vous avec votre adresse électronique et votre mot de passe : "
                "si l’adresse n’est pas encore confirmée, un nouveau courriel vous sera envoyé."
            ),
        )
        return redirect("account_login")
    if not consume_email_verification_rate_limit(request, email, dry_run=True):
        messages.warning(
            request,
            _(
                "Un courriel de confirmation vient d’être envoyé à cette adresse : attendez "
                "quelques minutes avant d’en demander un autre, et regardez dans les courriers "
                "indésirables."
            ),
        )
    else:
        send_verification_email_at_login(request, login)
        # allauth's own « sent » message says the rest.
    return redirect("account_email_verification_sent")
