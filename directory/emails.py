"""Emails the directory sends, written in the recipient's interface language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import Site

from portal.base_url import base_url


def site_url():
    return base_url()


def send(to, template, context, *, language="fr", reply_to=None):
    """Renders ``directory/emails/<template>_subject.txt`` and ``..._body.txt`` and sends them."""
    site = Site.objects.filter(is_default_site=True).first()
    context = {
        "site_name": site.site_name if site and site.site_name else settings.WAGTAIL_SITE_NAME,
        "site_url": site_url(),
        **context,
    }
    with translation.override(language or "fr"):
        subject = render_to_string(f"directory/emails/{template}_subject.txt", context)
        body = render_to_string(f"directory/emails/{template}_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    )
    return message.send()


def profile_owner_email(profile):
    return profile.user.email


def send_to_owner(profile, template, **context):
    return send(
        profile_owner_email(profile),
        template,
        {"profile": profile, **context},
        language=profile.language,
    )
