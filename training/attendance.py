"""Who attended what: a signed-in person's sign-ups to courses, certificates and who may open them.

A person's sign-ups are ``Registration.objects.of_person(user)``: made while signed in, or
with one of their addresses (the rule « Mes inscriptions » follows), so a sign-up made before
creating the account still counts. Attendance is the engine's check-in (``Registration.checked_in_at``),
noted by editors in the « Inscriptions » admin screens.
"""

from django.utils import timezone

from events.models import Registration

EDITOR_PERMISSION = "events.view_registration"


def can_open_certificate(user, registration):
    """The person who signed up (signed in) or an editor who sees registrants."""
    if not user or not user.is_authenticated:
        return False
    if user.has_perm(EDITOR_PERMISSION):
        return True
    return Registration.objects.of_person(user).filter(pk=registration.pk).exists()


def course_progress(user, course_ids):
    """``{course id: "attended" | "registered"}`` for a signed-in person (two queries)."""
    if not course_ids:
        return {}
    rows = (
        Registration.objects.of_person(user)
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
