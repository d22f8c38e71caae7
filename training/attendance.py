"""Who attended what: a signed-in person's sign-ups to courses, certificates and who may open them.

A person's sign-ups are those made while signed in (``Registration.user``) and those made with
one of their *verified* email addresses (allauth), so a sign-up made before creating the
account still counts. Attendance is the engine's check-in (``Registration.checked_in_at``),
noted by editors in the « Inscriptions » admin screens.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from events.models import Registration

EDITOR_PERMISSION = "events.view_registration"


def verified_emails(user):
    if not user or not user.is_authenticated:
        return set()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        return {
            email.lower()
            for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
    return {user.email.lower()} if user.email else set()


def registrations_of(user):
    emails = verified_emails(user)
    return Registration.objects.filter(Q(user=user) | Q(email__in=emails))


def can_open_certificate(user, registration):
    """The person who signed up (signed in) or an editor who sees registrants."""
    if not user or not user.is_authenticated:
        return False
    if user.has_perm(EDITOR_PERMISSION):
        return True
    if registration.user_id == user.pk:
        return True
    return bool(registration.email) and registration.email.lower() in verified_emails(user)


def course_progress(user, course_ids):
    """``{course id: "attended" | "registered"}`` for a signed-in person (two queries)."""
    if not course_ids:
        return {}
    rows = (
        registrations_of(user)
        .filter(slot__page__in=course_ids, status=Registration.CONFIRMED)
        .values_list("slot__page_id", "checked_in_at", "slot__end")
    )
    now = timezone.now()
    progress = {}
    for page_id, checked_in_at, end in rows:
        if checked_in_at:
            progress[page_id] = "attended"
        elif end >= now:
            progress.setdefault(page_id, "registered")
    return progress


def certificate_links(request, registrations):
    """Adds the attendance certificate to each sign-up it exists for (``/compte/inscriptions/``).

    Registered as the ``cybercantal_registration_links`` hook; one query for the courses.
    """
    from django.utils.translation import gettext as _

    from .models import TrainingCoursePage

    attended = [
        r
        for r in registrations
        if r.checked_in_at and r.status == Registration.CONFIRMED and not r.anonymised_at
    ]
    if not attended:
        return
    courses = TrainingCoursePage.objects.filter(
        pk__in={r.slot.page_id for r in attended}, certificate=True
    ).in_bulk()
    for registration in attended:
        course = courses.get(registration.slot.page_id)
        if course is None:
            continue
        url = course.url + course.reverse_subpage("certificate", args=[registration.pk])
        links = getattr(registration, "extra_links", None) or []
        links.append((_("Télécharger l’attestation de formation"), url))
        registration.extra_links = links
