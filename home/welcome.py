"""The welcome desk: « Poser une question à l’accueil des nouveaux arrivants ».

A question is stored (``WelcomeQuestion``) and emailed through the site's mail queue
(``portal.mail``) to the address of the site settings; staff answer it from the Wagtail
admin (``home.welcome_admin``): each answer is a ``WelcomeReply``, emailed to the person,
and the whole thread stays there. Questions and their answers are deleted
``WELCOME_QUESTION_RETENTION_DAYS`` after the last message (the ``purge`` job); the person's
data is in the RGPD export and erased with the account (``home.wagtail_hooks``).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from portal.base_url import absolute

from .models.welcome import WelcomeQuestion, WelcomeReply


def desk_address():
    from .models.site_settings import SiteSettings

    site_settings = SiteSettings.load()
    return site_settings.welcome_email or site_settings.email or None


def _send(to, template, context, reply_to=None):
    subject = render_to_string(f"home/emails/{template}_subject.txt", context)
    body = render_to_string(f"home/emails/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    ).send()


def notify_desk(question):
    """The question, to the welcome desk (queued in the caller's transaction)."""
    from django.urls import reverse

    address = desk_address()
    if not address:
        return 0
    return _send(
        address,
        "welcome_question",
        {
            "question": question,
            "admin_url": absolute(reverse("welcome_questions:reply", args=[question.pk])),
            "retention_days": settings.WELCOME_QUESTION_RETENTION_DAYS,
        },
        reply_to=[question.email],
    )


def send_reply(reply):
    """An answer, to the person who asked (queued in the caller's transaction)."""
    question = reply.question
    return _send(
        question.email,
        "welcome_reply",
        {
            "question": question,
            "reply": reply,
            "retention_days": settings.WELCOME_QUESTION_RETENTION_DAYS,
        },
        reply_to=[address] if (address := desk_address()) else None,
    )


def answer(question, body, author):
    """Records an answer, emails it and marks the question answered (one transaction)."""
    from django.db import transaction

    with transaction.atomic():
        question = WelcomeQuestion.objects.select_for_update().get(pk=question.pk)
        reply = WelcomeReply.objects.create(question=question, body=body, author=author)
        question.status = WelcomeQuestion.Status.ANSWERED
        question.last_activity_at = reply.created_at
        question.save(update_fields=["status", "last_activity_at"])
        send_reply(reply)
    return reply


def purge(now=None):
    """Deletes the threads past the retention period; returns how many."""
    return WelcomeQuestion.objects.expired(now).delete()[1].get(WelcomeQuestion._meta.label, 0)


# -- RGPD: what the desk keeps about a person (their addresses: portal.accounts.person_emails)


def personal_data(emails):
    return [
        {
            "received_at": q.created_at,
            "name": q.name,
            "email": q.email,
            "commune": q.commune.name if q.commune_id else None,
            "question": q.question,
            "status": q.get_status_display(),
            "replies": [{"sent_at": r.created_at, "body": r.body} for r in q.replies.all()],
        }
        for q in WelcomeQuestion.objects.of_addresses(emails)
        .select_related("commune")
        .prefetch_related("replies")
        .order_by("created_at")
    ]


def erase(emails):
    return (
        WelcomeQuestion.objects.of_addresses(emails).delete()[1].get(WelcomeQuestion._meta.label, 0)
    )
