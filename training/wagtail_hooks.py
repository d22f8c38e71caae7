"""Wagtail hooks: certificates on « Mes inscriptions », demo data.

Sessions need no hook of their own on the home and centre pages, nor in the agenda's calendar
feed: they are ``events.Slot`` rows, which ``events`` already lists there.
"""

from django.utils.translation import gettext as _

from wagtail import hooks

from events.models import Registration

from .models import TrainingCoursePage


@hooks.register("cybercantal_registration_links")
def certificate_links(request, registrations):
    """Adds the attendance certificate to each sign-up it exists for (``/compte/inscriptions/``).

    One query for the courses.
    """
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


@hooks.register("cybercantal_seed_demo")
def seed_training_demo(stdout=None, options=None):
    from .demo import seed_training

    created = seed_training()
    if stdout is not None:
        stdout.write(f"Formations : {created} formation(s) créée(s).")
